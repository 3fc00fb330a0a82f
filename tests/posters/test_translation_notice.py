"""A resident who reads a poster's text in a language no person has checked is told so, on the
poster itself, with the way back to the English; a checked language carries no such notice."""

import pytest
from django.utils import translation
from django.utils.translation import gettext

from moia.l10n.services import content_translation_review_set
from tests.factories.posters import PosterFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("office")]


def _card(client, language: str, slug: str) -> str:
    page = client.get(f"/{language}/posters/").content.decode()
    start = page.index(f'id="{slug}"')
    return page[start : page.index("</li>", start)]


def test_a_somali_poster_says_its_text_is_not_checked_and_a_reviewed_spanish_one_does_not(client):
    poster = PosterFactory(
        title_en="We welcome immigrants", title_so="Waan soo dhaweyneynaa soogalootiga", title_es="Damos la bienvenida"
    )
    content_translation_review_set(obj=poster, language="es", reviewed=True, by=None)

    somali = _card(client, "so", poster.slug)
    with translation.override("so"):
        assert gettext("This text has not yet been checked by a person who reads your language.") in somali
    assert f'href="/en/posters/#{poster.slug}"' in somali

    assert "data-content-review" not in _card(client, "es", poster.slug)
    assert "data-content-review" not in _card(client, "en", poster.slug)


def test_a_poster_with_no_text_in_the_language_says_it_is_shown_in_english(client):
    poster = PosterFactory(title_en="We welcome immigrants")
    card = _card(client, "kea", poster.slug)
    assert 'data-content-review="missing"' in card
    with translation.override("kea"):
        assert gettext("This text is not yet translated into your language. It is shown in English.") in card
