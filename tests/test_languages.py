"""Every page is served in the language of its URL, with the right lang and dir."""

import re

import pytest
from django.conf import settings
from django.utils.translation import check_for_language

pytestmark = pytest.mark.django_db

NON_ENGLISH = [code for code in settings.LANGUAGE_CODES if code != "en"]


def test_portal_offers_english_and_the_eleven_threshold_languages():
    assert settings.LANGUAGE_CODES == [
        "en", "es", "zh-hans", "zh-hant", "ht", "vi", "kea", "pt-br", "ru", "ar", "fr", "so",
    ]  # fmt: skip


@pytest.mark.parametrize("code", settings.LANGUAGE_CODES)
def test_every_language_has_a_compiled_catalogue_django_accepts(code):
    # Without a compiled catalogue LocaleMiddleware silently falls back to English.
    assert check_for_language(code)


@pytest.mark.parametrize("code", settings.LANGUAGE_CODES)
def test_home_page_is_served_in_the_language_of_its_url(client, code):
    response = client.get(f"/{code}/")
    assert response.status_code == 200
    html = response.content.decode()
    expected_dir = "rtl" if code == "ar" else "ltr"
    assert re.search(rf'<html lang="{code}" dir="{expected_dir}"', html)
    assert response.headers["Content-Language"] == code


@pytest.mark.parametrize("code", NON_ENGLISH)
def test_interface_text_is_translated_not_english(client, code):
    html = client.get(f"/{code}/").content.decode()
    # The skip link and the primary navigation must be in the resident's language.
    assert "Skip to main content" not in html
    assert ">Directory<" not in html


def test_language_switcher_names_each_language_in_its_own_script(client):
    html = client.get("/en/").content.decode()
    for code, name in [("es", "español"), ("zh-hans", "简体中文"), ("ar", "العربيّة"), ("so", "Soomaali")]:
        assert f'lang="{code}"' in html
        assert name in html
    assert 'href="/ar/"' in html


def test_switcher_links_keep_the_current_page(client):
    html = client.get("/es/accounts/login/").content.decode()
    assert 'href="/vi/accounts/login/"' in html


def test_switcher_links_are_what_django_would_translate_the_url_to(rf):
    # The switcher swaps the language prefix instead of resolving each URL twelve times; that is
    # only right while no URL pattern is itself translated. Every named public page proves it.
    from django.template import Context
    from django.urls import get_resolver, translate_url
    from django.utils import translation

    from moia.templatetags.portal import language_links

    paths = ["/es/", "/es/directory/?q=abogado&page=2", "/es/surveys/", "/es/programs/", "/es/grants/"]
    paths += ["/es/reports/", "/es/accounts/login/", "/es/accounts/signup/"]
    assert any(getattr(p, "pattern", None) for p in get_resolver().url_patterns)
    with translation.override("es"):
        for path in paths:
            links = language_links(Context({"request": rf.get(path)}))
            assert [link["url"] for link in links] == [translate_url(path, code) for code in settings.LANGUAGE_CODES]


@pytest.mark.parametrize(("accept", "expected"), [("es-US,es;q=0.9", "/es/"), ("ar", "/ar/"), ("de", "/en/")])
def test_root_redirects_by_browser_language(client, accept, expected):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=accept)
    assert response.status_code == 302
    assert response.headers["Location"] == expected


def test_not_found_page_is_translated(client):
    response = client.get("/es/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert 'lang="es"' in html
    assert "Page not found" not in html


def test_server_error_page_is_translated_and_reassures(rf):
    from django.utils import translation

    from moia.views import server_error_view

    with translation.override("es"):
        response = server_error_view(rf.get("/es/"))
    html = response.content.decode()
    assert response.status_code == 500
    assert 'lang="es"' in html
    assert "Something went wrong" not in html


def test_english_shown_for_a_missing_translation_is_marked_english_and_left_to_right_on_an_arabic_page(client, office):
    from tests.factories.directory import ServiceFactory

    service = ServiceFactory(name_en="Free tax help (VITA), Saturdays")
    arabic = client.get(f"/ar/directory/{service.slug}/").content.decode()
    assert re.search(r'<h1 lang="en" dir="ltr">Free tax help \(VITA\), Saturdays</h1>', arabic)
    spanish = client.get(f"/es/directory/{service.slug}/").content.decode()
    assert re.search(r'<h1 lang="en">Free tax help', spanish)
