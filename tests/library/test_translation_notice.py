"""A document's text in a language no person has checked says so on its card; a checked one does not."""

import pytest

from moia.l10n.services import content_translation_review_set
from tests.factories.library import document_with_files

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("office")]


def _page(client, language: str) -> str:
    return client.get(f"/{language}/resources/").content.decode()


def test_an_unchecked_translation_of_a_document_is_flagged_and_a_reviewed_one_is_not(client):
    document = document_with_files(
        {"en": 1, "vi": 1}, title_en="City of Belonging guide", title_vi="Cẩm nang Thành phố"
    )
    assert 'data-content-review="draft"' in _page(client, "vi")
    content_translation_review_set(obj=document, language="vi", reviewed=True, by=None)
    assert "data-content-review" not in _page(client, "vi")
