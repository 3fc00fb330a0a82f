"""The banner, header and footer are rendered once per language, section, sign-in state and office
profile, then reused (moia/templatetags/portal.py); new workers load languages and templates before
their first request (moia/warmup.py). Reuse must never show a resident someone else's chrome."""

import re

import pytest
from django.conf import settings
from django.core.cache import cache
from django.urls import get_resolver
from django.utils import translation
from django.utils.translation import trans_real

from moia.office.selectors import CACHE_KEY, office_profile_current
from moia.warmup import project_templates, warm_up

pytestmark = pytest.mark.django_db


def current_section(html: str) -> list[str]:
    return re.findall(r'class="usa-nav-link usa-current" href="([^"]+)"', html)


def test_the_navigation_marks_the_section_of_each_page(client, office):
    # Same language and sign-in state, different sections: each page marks its own.
    assert current_section(client.get("/en/directory/").content.decode()) == ["/en/directory/"]
    assert current_section(client.get("/en/programs/").content.decode()) == ["/en/programs/"]
    assert current_section(client.get("/en/").content.decode()) == []


def test_the_header_speaks_the_page_language(client, office):
    english = client.get("/en/directory/").content.decode()
    spanish = client.get("/es/directory/").content.decode()
    with translation.override("es"):
        sign_in = translation.gettext("Sign in")
    assert sign_in != "Sign in"
    assert ">Sign in<" in english
    assert f">{sign_in}<" in spanish
    assert ">Sign in<" not in spanish
    assert 'href="/es/directory/"' in spanish
    assert 'href="/en/directory/"' in english


def test_signed_in_and_anonymous_visitors_each_get_their_own_header(client, office, django_user_model):
    assert ">Sign in<" in client.get("/en/surveys/").content.decode()
    client.force_login(django_user_model.objects.create_user("resident@example.org", "pw-12345678"))
    html = client.get("/en/surveys/").content.decode()
    assert ">Sign out<" in html
    assert ">Sign in<" not in html
    client.logout()
    assert ">Sign in<" in client.get("/en/surveys/").content.decode()


def test_an_edit_to_the_office_contact_shows_on_the_next_page(client, office):
    assert office.phone in client.get("/en/surveys/").content.decode()
    profile = office_profile_current()
    profile.phone = "617-555-0199"
    profile.save()
    cache.delete(CACHE_KEY.format(key=profile.key))  # what the office admin does on save
    html = client.get("/en/surveys/").content.decode()
    assert "617-555-0199" in html
    assert 'href="tel:6175550199"' in html


def test_warm_up_loads_every_language_and_compiles_every_project_template(caplog):
    names = project_templates()
    assert {"base.html", "includes/chrome_header.html", "directory/index.html", "surveys/page.html"} <= set(names)
    # Only the project's own templates: allauth's (in the virtualenv) are not ours to compile.
    assert not any(name.startswith("socialaccount/") for name in names)
    trans_real._translations.clear()
    with caplog.at_level("ERROR", logger="moia.warmup"):
        timings = warm_up()
    assert not caplog.records, [record.getMessage() for record in caplog.records]
    assert set(timings) == {"languages", "templates"}
    assert set(settings.LANGUAGE_CODES) <= set(trans_real._translations)
    assert set(settings.LANGUAGE_CODES) <= set(get_resolver()._reverse_dict)


def test_the_wsgi_entry_point_warms_up_before_serving():
    source = (settings.BASE_DIR / "moia" / "wsgi.py").read_text()
    assert source.index("get_wsgi_application()") < source.index("warm_up()")


def test_favicon_ico_is_found(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert client.get(response["Location"]).status_code == 200
