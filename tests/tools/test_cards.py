"""Know Your Rights cards: what a resident prints, and in which languages the office offers it."""

import io

import pytest
from pypdf import PdfReader

from moia.l10n.services import content_translation_review_set
from tests.factories.tools import KnowYourRightsCardFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def card(office):
    card = KnowYourRightsCardFactory()
    content_translation_review_set(obj=card, language="es", reviewed=True, by=None)
    return card


def _pdf(response) -> PdfReader:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return PdfReader(io.BytesIO(response.content))


def _size(page) -> tuple[float, float]:
    return (round(float(page.mediabox.width), 1), round(float(page.mediabox.height), 1))


def test_a_single_card_is_business_card_sized_with_the_residents_language_in_front_and_english_behind(client, card):
    reader = _pdf(client.get("/es/tools/know-your-rights-card.pdf"))
    assert [_size(page) for page in reader.pages] == [(252.0, 144.0), (252.0, 144.0)]
    front, back = (page.extract_text() for page in reader.pages)
    assert "Conozca sus derechos" in front
    assert "guardar silencio" in front
    assert "I wish to remain silent" in back
    assert "guardar silencio" not in back


def test_the_sheet_is_a_letter_page_of_ten_fronts_then_ten_backs(client, card):
    reader = _pdf(client.get("/es/tools/know-your-rights-cards-sheet.pdf"))
    assert [_size(page) for page in reader.pages] == [(612.0, 792.0), (612.0, 792.0)]
    front, back = (page.extract_text() for page in reader.pages)
    assert front.count("Conozca sus derechos") == 10
    assert back.count("I wish to remain silent") == 10


def test_a_language_whose_text_nobody_reviewed_is_not_offered(client, card):
    # Vietnamese text is stored but not reviewed: no card in Vietnamese, and the page says why.
    assert client.get("/vi/tools/know-your-rights-card.pdf").status_code == 404
    assert client.get("/vi/tools/know-your-rights-cards-sheet.pdf").status_code == 404
    page = client.get("/vi/tools/know-your-rights-card/").content.decode()
    assert "Quý vị có quyền giữ im lặng" not in page
    offered = page[page.index('id="card-languages"') :].split("</ul>")[0]
    assert 'hreflang="es"' in offered
    assert 'hreflang="en"' in offered
    assert 'hreflang="vi"' not in offered


def test_changing_the_english_takes_the_reviewed_translations_off_the_card(client, card):
    assert client.get("/es/tools/know-your-rights-card.pdf").status_code == 200
    card.rights_en = card.rights_en + "\nDo not sign anything without a lawyer."
    card.save()
    assert client.get("/es/tools/know-your-rights-card.pdf").status_code == 404


def test_demo_text_is_marked_on_the_page_and_on_both_sides_of_the_card(client, card):
    card.is_demo = True
    card.save()
    content_translation_review_set(obj=card, language="es", reviewed=True, by=None)
    assert "DEMO" in client.get("/es/tools/know-your-rights-card/").content.decode()
    reader = _pdf(client.get("/en/tools/know-your-rights-card.pdf"))
    assert all("DEMO" in page.extract_text() for page in reader.pages)


def test_staff_review_a_translation_in_the_admin_and_it_becomes_a_card(client, card):
    from tests.factories.accounts import StaffFactory, staff_sign_in

    staff_sign_in(client, StaffFactory(roles=["Directory editors"]))
    change = f"/admin/tools/knowyourrightscard/{card.pk}/change/"
    page = client.get(change)
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {name: form.initial.get(name, "") or "" for name in form.fields}
    data.update({"is_published": "on", "order": "0", "reviewed_translations": ["es", "vi"]})
    data = {key: value for key, value in data.items() if value not in (False, None)}
    response = client.post(change, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    client.logout()
    assert client.get("/vi/tools/know-your-rights-card.pdf").status_code == 200
