"""Hostile input on every public page and form: nothing may answer with a server error.

Query strings get generated text (unicode, very long, NUL bytes, injection strings, wrong
types); forms are posted with every field the page renders filled the same way and must
either redirect (accepted) or show the form again (with its errors).
"""

import re

import pytest
from django.core.cache import cache
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=25,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

NASTY = [
    "' OR 1=1 --",
    "'; DROP TABLE directory_service; --",
    '"><script>alert(1)</script>',
    "<img src=x onerror=alert(1)>",
    "{{ settings.SECRET_KEY }}",
    "%(name)s %s {0}",
    "../../etc/passwd",
    "\x00",
    "a\x00b",
    "-1",
    "0",
    "99999999999999999999999999",
    "1e309",
    "NaN",
    "[]",
    "{}",
    "true",
    "2026-13-45",
    "\u202e\u0627\u0644\u0639\u0631\u0628\u064a\u0629",
    "\U0001f600" * 50,
    "x" * 5000,
    "",
    " ",
]
# Very long values are built by repetition: cheap to generate, as hostile as random text.
long_text = st.builds(lambda chunk, times: chunk * times, st.text(min_size=1, max_size=8), st.integers(300, 1000))
text = st.one_of(st.sampled_from(NASTY), st.text(max_size=120), long_text)

QUERY_KEYS = {
    "directory:index": ["q", "category", "neighborhood", "language", "page", "free", "walk_in", "accessible"],
    "directory:print": ["q", "category", "neighborhood", "language"],
    "programs:index": ["q", "page"],
    "grants:index": ["page"],
    "surveys:index": ["page"],
    "reports:index": ["year", "page"],
    "hsds:services": ["page", "per_page", "search", "taxonomy_term_id", "taxonomy_id", "organization_id",
                      "modified_after", "lang", "full"],
    "hsds:organizations": ["page", "per_page", "search", "lang"],
    "hsds:taxonomy_terms": ["page", "per_page", "parent_id", "taxonomy_id", "lang"],
    "hsds:root": ["lang"],
}  # fmt: skip


def _path(name: str, world) -> str:
    from django.urls import reverse

    if name.startswith("hsds:"):
        return reverse(name)
    with_slug = {"surveys:intro": world["survey"].slug}
    return reverse(name, kwargs={"slug": with_slug[name]}) if name in with_slug else reverse(name)


@pytest.fixture
def pages(world):
    from django.urls import reverse

    return {
        **{name: _path(name, world) for name in QUERY_KEYS},
        "directory:detail": reverse("directory:detail", kwargs={"slug": world["service"].slug}),
        "directory:category": reverse("directory:category", kwargs={"slug": world["term"].code}),
        "surveys:intro": reverse("surveys:intro", kwargs={"slug": world["survey"].slug}),
    }


@pytest.mark.parametrize("name", [*QUERY_KEYS, "directory:detail", "directory:category", "surveys:intro"])
def test_public_pages_never_fail_on_hostile_query_strings(pages, name):
    client = Client()
    keys = QUERY_KEYS.get(name, ["q", "page", "lang", "c"])

    @FUZZ
    @given(params=st.dictionaries(st.sampled_from([*keys, "unknown"]), text, max_size=len(keys) + 1))
    def check(params):
        cache.clear()
        response = client.get(pages[name], params)
        assert response.status_code < 500, (name, params)
        assert response.status_code in {200, 301, 302, 400, 404}, (name, params, response.status_code)

    check()


SKIPPED_FIELDS = {"csrfmiddlewaretoken"}


def form_fields(html: str) -> list[str]:
    """The names of the fields of the page's main form (inputs, selects, text areas)."""
    names = re.findall(r'<(?:input|select|textarea)[^>]*\sname="([^"]+)"', html)
    return [n for n in dict.fromkeys(names) if n not in SKIPPED_FIELDS]


def _form_targets(world) -> dict[str, str]:
    from django.urls import reverse

    return {
        "intake request": reverse("programs:request", kwargs={"slug": world["program_a"].slug}),
        "survey page 1": reverse("surveys:page", kwargs={"slug": world["survey"].slug, "number": 1}),
        "survey page 2": reverse("surveys:page", kwargs={"slug": world["survey"].slug, "number": 2}),
        "eligibility check": reverse("grants:eligibility", kwargs={"slug": world["cycle"].slug}),
        "sign-up": reverse("account_signup"),
        "password reset": reverse("account_reset_password"),
        "sign-in": reverse("account_login"),
        "directory email-me": reverse("directory:email"),
    }


FORMS = [
    "intake request",
    "survey page 1",
    "survey page 2",
    "eligibility check",
    "sign-up",
    "password reset",
    "sign-in",
    "directory email-me",
]


@pytest.mark.parametrize("form", FORMS)
def test_public_forms_answer_hostile_input_with_a_redirect_or_the_form_again(world, form):
    path = _form_targets(world)[form]
    client = Client()
    if form.startswith("survey page 2"):
        client.get(_form_targets(world)["survey page 1"])
    page = client.get(path)
    assert page.status_code == 200, (form, page.status_code)
    fields = form_fields(page.content.decode())
    assert fields, f"no fields found on the {form} page"

    @FUZZ
    @given(values=st.fixed_dictionaries(dict.fromkeys(fields, text)))
    def check(values):
        # Rate limits (allauth's and the intake form's) would otherwise turn later examples into 429s.
        cache.clear()
        response = client.post(path, values)
        assert response.status_code < 500, (form, values)
        # 400 is the form again with its errors (the intake form answers invalid input so).
        assert response.status_code in {200, 302, 400}, (form, response.status_code)
        if response.status_code != 302:
            assert b"<form" in response.content, f"{form}: neither a redirect nor the form again"

    check()
