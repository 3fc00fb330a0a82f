"""Issue item: "the office's own organization name is translated". The office is an Organization
in the directory and the office profile heads every page; on each language's pages both give the
office's official name in that language (locale/glossary/terms.csv, row office_name)."""

import re

import pytest
from django.utils import translation
from django.utils.html import escape

from directory.models import Organization
from moia.l10n import glossary
from moia.office.services import office_profile_ensure

pytestmark = pytest.mark.django_db

TRANSLATED = ["es", "zh-hans", "zh-hant", "ht", "vi", "kea", "pt-br", "ru", "ar", "fr", "so"]


def _official(language: str) -> str:
    (term,) = [t for t in glossary.terms() if t.id == "office_name"]
    return term.approved(language)


@pytest.mark.parametrize("lang", TRANSLATED)
def test_the_offices_listing_and_page_give_its_official_name_in_the_pages_language(client, boston_directory, lang):
    name = escape(_official(lang))
    assert name != escape("Mayor's Office for Immigrant Advancement")

    listing = client.get(f"/{lang}/directory/category/community/").content.decode()
    cards = re.findall(r'<p class="directory-result__org portal-muted">([^<]*)', listing)
    assert name in cards

    page = client.get(f"/{lang}/directory/moia-constituent-services/").content.decode()
    assert f'<p class="portal-lead">{name}</p>' in page
    # The office profile, which heads and signs every page, names the office the same way.
    assert re.search(rf'<em class="usa-logo__text"><a [^>]*>{re.escape(name)}</a>', page)

    printed = client.get(f"/{lang}/directory/print/?category=community").content.decode()
    assert f"<p>{name}</p>" in printed


def test_baltimores_office_in_the_directory_is_named_as_its_office_profile(baltimore_directory):
    profile = office_profile_ensure(key="baltimore")
    office = Organization.objects.get(slug="mima")
    for lang in TRANSLATED:
        with translation.override(lang):
            assert office.name == profile.name != "Mayor's Office of Immigrant Affairs", lang
