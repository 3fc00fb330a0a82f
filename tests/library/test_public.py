"""A resident finds each document in their language first, sees the other languages named in
their own script, and downloads files that can only ever be saved, never run as a page."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from tests.factories.accounts import StaffFactory, staff_sign_in
from tests.factories.library import document_with_files

pytestmark = pytest.mark.django_db


def _page(client, language: str) -> str:
    with translation.override(language):
        url = reverse("library:index")
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_residents_language_comes_first_with_type_size_and_pages(client, office):
    document_with_files({"en": 2, "vi": 4, "ar": 3}, slug="guide", title="City of Belonging guide")
    page = _page(client, "vi")
    card = page[page.index('id="guide"') :]
    first_link = re.search(r'<a class="usa-button" href="([^"]+)" hreflang="(\w+)"', card)
    assert first_link.groups() == ("/vi/resources/guide/vi/", "vi")
    assert "4" in card[card.index("/vi/resources/guide/vi/") : card.index("portal-other-languages")]
    # The others, named in their own script and marked with their language.
    assert '<span lang="ar" dir="rtl">العربيّة</span>' in card
    assert '<span lang="en" dir="ltr">English</span>' in card
    assert "PDF" in card


def test_a_language_without_a_file_says_so_and_opens_the_other_languages(client, office):
    document_with_files({"en": 1, "es": 1}, slug="guide")
    page = _page(client, "so")
    card = page[page.index('id="guide"') :]
    assert 'class="usa-button"' not in card.split("</li>")[0]
    assert '<details class="portal-other-languages" open>' in card
    assert 'hreflang="es"' in card


def test_a_download_is_an_attachment_with_its_sniffed_type_and_nosniff(client):
    document_with_files({"so": 2}, slug="guide")
    response = client.get("/so/resources/guide/so/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="guide-so.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_unpublished_documents_and_missing_languages_are_not_found(client):
    document_with_files({"en": 1}, slug="draft", published=False)
    document_with_files({"en": 1}, slug="guide")
    assert client.get("/en/resources/draft/en/").status_code == 404
    assert client.get("/en/resources/guide/fr/").status_code == 404
    assert "draft" not in _page(client, "en")


def test_staff_see_which_documents_still_lack_which_languages(client):
    document_with_files({"en": 1, "es": 1, "vi": 1}, slug="guide", title="Guide")
    complete = document_with_files(dict.fromkeys(["en", "es", "zh-hans", "zh-hant", "ht", "vi"], 1), slug="full")
    for code in ["kea", "pt-br", "ru", "ar", "fr", "so"]:
        from library.services import document_file_save
        from tests.factories.library import pdf_upload

        document_file_save(document=complete, language=code, upload=pdf_upload())
    staff_sign_in(client, StaffFactory(is_superuser=True))
    page = client.get(reverse("admin:library_document_missing")).content.decode()
    row = page[page.index(">Guide<") :]
    assert "Somali (so)" in row
    assert "Arabic (ar)" in row
    assert "Vietnamese (vi)" not in row.split("</tr>")[0]
    assert f"/admin/library/document/{complete.pk}/change/" not in page
    listing = client.get("/admin/library/document/").content.decode()
    assert "9 translations of published documents have no file yet." in listing


def test_the_home_page_offers_the_guide(client, office):
    document_with_files({"en": 1}, slug="guide", title="City of Belonging guide")
    page = client.get("/en/").content.decode()
    assert "/en/resources/#guide" in page
