"""Issue item: "Languages spoken: English" on a Spanish page named the language in English. The
languages a service's staff speak are named in the page's language, then in their own script
marked with their lang, so a screen reader says each part in its language."""

import json
import re

import polib
import pytest
from django.conf import settings
from django.utils import translation

from tests.factories import directory as d

pytestmark = pytest.mark.django_db


@pytest.fixture
def clinic(office):
    service = d.ServiceFactory(slug="rights-clinic", name_en="Rights clinic")
    d.LanguageFactory(service=service, code="en")
    d.LanguageFactory(service=service, code="es")
    return service


def _spoken(client, lang: str) -> str:
    html = client.get(f"/{lang}/directory/rights-clinic/").content.decode()
    return re.search(r'<ul class="[^"]*directory-languages">(.*?)</ul>', html, re.S).group(1)


OWN = {"en": '<span lang="en" dir="auto">English</span>', "es": '<span lang="es" dir="auto">español</span>'}


@pytest.mark.parametrize(
    ("lang", "english", "spanish"),
    [
        ("es", f"<li>Inglés ({OWN['en']})</li>", "<li>Español</li>"),
        ("so", f"<li>Ingiriisi ({OWN['en']})</li>", f"<li>Isbaanish ({OWN['es']})</li>"),
        ("kea", f"<li>Inglês ({OWN['en']})</li>", f"<li>Spanhol ({OWN['es']})</li>"),
        ("ar", f"<li>الإنجليزية ({OWN['en']})</li>", f"<li>الإسبانية ({OWN['es']})</li>"),
        ("en", "<li>English</li>", f"<li>Spanish ({OWN['es']})</li>"),
    ],
)
def test_languages_spoken_are_named_in_the_pages_language_then_in_their_own(client, clinic, lang, english, spanish):
    spoken = _spoken(client, lang)
    assert spoken == english + spanish


def test_the_staff_speak_filter_names_languages_as_the_service_page_does(client, clinic):
    html = client.get("/so/directory/").content.decode()
    assert '<option value="en">Ingiriisi (English)</option>' in html
    assert '<option value="so">Soomaali</option>' in html
    assert '<option value="ar">Carabi (العربيّة)</option>' in html


def test_a_language_django_does_not_know_keeps_the_name_staff_gave_it_or_its_code(client, office):
    service = d.ServiceFactory(slug="rights-clinic")
    d.LanguageFactory(service=service, code="xqq", name="Tigrinya")
    d.LanguageFactory(service=service, code="xzz")
    assert _spoken(client, "es") == "<li>Tigrinya</li><li>xzz</li>"


def _codes_in_the_directory_data() -> set[str]:
    from demo.loading import DATA_DIR

    codes = set()
    for path in DATA_DIR.glob("*/directory*.json"):
        for service in json.loads(path.read_text(encoding="utf-8")).get("services", []):
            codes.update(service.get("languages", []))
    return codes


@pytest.mark.parametrize("locale", ["es", "zh_Hans", "zh_Hant", "ht", "vi", "kea", "pt_BR", "ru", "ar", "fr", "so"])
def test_the_project_catalogue_names_every_language_the_portal_and_its_directory_use(locale):
    # Django has no catalogues for ht, kea and so: the project's must carry the names, under the
    # English names Django gives them (the msgids name_translated looks up).
    codes = _codes_in_the_directory_data() | set(settings.LANGUAGE_CODES)
    assert len(codes) >= 12
    catalogue = {
        e.msgid: e.msgstr for e in polib.pofile(settings.BASE_DIR / "locale" / locale / "LC_MESSAGES" / "django.po")
    }
    missing = [code for code in sorted(codes) if not catalogue.get(translation.get_language_info(code)["name"])]
    assert not missing
