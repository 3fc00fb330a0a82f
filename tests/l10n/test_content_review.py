"""Translation review of what staff write in the admin: a language is offered as reviewed only
while the English it was checked against is still the English of today."""

import pytest

from moia.l10n.selectors import content_reviewed_languages, content_translation_status
from moia.l10n.services import content_translation_review_set
from tests.factories.accounts import StaffFactory, staff_sign_in
from tests.factories.programs import ProgramFactory

pytestmark = pytest.mark.django_db


def test_a_reviewed_language_goes_out_of_date_when_the_english_changes():
    reviewer = StaffFactory()
    program = ProgramFactory(name_en="Citizenship Day", name_es="Día de la Ciudadanía", name_so="")
    assert content_translation_status(program, "es") == "draft"
    assert content_translation_status(program, "so") == "missing"

    content_translation_review_set(obj=program, language="es", reviewed=True, by=reviewer)
    assert content_translation_status(program, "es") == "reviewed"
    assert content_reviewed_languages(program) == ["en", "es"]

    # Whitespace is not a change of wording; a new word is.
    program.name_en = "Citizenship  Day "
    program.save()
    assert content_translation_status(program, "es") == "reviewed"
    program.description_en = "Start your naturalization application with a volunteer lawyer."
    program.save()
    assert content_translation_status(program, "es") == "outdated"
    assert content_reviewed_languages(program) == ["en"]


def test_staff_tick_a_reviewed_language_on_the_change_page_and_see_its_status(client):
    program = ProgramFactory(name_en="Office hours", name_ht="Lè biwo")
    staff = StaffFactory(is_superuser=True)
    staff_sign_in(client, staff)
    url = f"/admin/programs/program/{program.pk}/change/"
    response = client.get(url)
    assert 'name="reviewed_translations"' in response.content.decode()
    assert "Haitian Creole (Not reviewed)" in response.content.decode()

    # Save the page as it is, with Haitian Creole ticked.
    form = response.context["adminform"].form
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None or name == "reviewed_translations":
            continue
        data[name] = value
    for formset in response.context["inline_admin_formsets"]:
        management = formset.formset.management_form
        for name in management.fields:
            data[f"{management.prefix}-{name}"] = management[name].value()
    data = {k: v for k, v in data.items() if not isinstance(v, bool) or v}
    data["reviewed_translations"] = ["ht"]
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert content_translation_status(program, "ht") == "reviewed"
    assert "Haitian Creole (Reviewed)" in client.get(url).content.decode()


def test_a_resident_is_told_when_the_programme_text_in_their_language_is_not_checked(client):
    from moia.l10n.services import language_review_set

    program = ProgramFactory(name_en="Citizenship Day", name_es="Día de la Ciudadanía", name_fr="")
    language_review_set(language="es", status="reviewed", by=None)
    page = client.get(f"/es/programs/{program.slug}/").content.decode()
    assert 'data-content-review="draft"' in page
    content_translation_review_set(obj=program, language="es", reviewed=True, by=StaffFactory())
    assert "data-content-review" not in client.get(f"/es/programs/{program.slug}/").content.decode()
    # Untranslated: the resident learns the page is in English, in French.
    language_review_set(language="fr", status="reviewed", by=None)
    page = client.get(f"/fr/programs/{program.slug}/").content.decode()
    assert 'data-content-review="missing"' in page
    # English readers see no notice.
    assert "data-content-review" not in client.get(f"/en/programs/{program.slug}/").content.decode()


def test_the_language_dashboard_counts_the_words_each_language_still_needs():
    from moia.l10n.selectors import content_dashboard

    reviewer = StaffFactory()
    program = ProgramFactory(name_en="Office hours", description_en="Free legal help every month.", name_es="Horario")
    before = {row.language: row for row in content_dashboard()}
    content_translation_review_set(obj=program, language="es", reviewed=True, by=reviewer)
    after = {row.language: row for row in content_dashboard()}
    words = 7  # "Office hours" + "Free legal help every month."
    assert after["es"].reviewed == before["es"].reviewed + 1
    assert after["es"].words_to_translate == before["es"].words_to_translate - words
    assert after["so"].missing == before["so"].missing  # nothing changed for Somali
