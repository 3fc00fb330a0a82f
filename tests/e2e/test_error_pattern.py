"""The portal's one error pattern (moia/forms.py), on every public and nonprofit form, in English,
Arabic (right to left) and Somali (no Django catalogue), as a keyboard or screen-reader user meets it:
after a refused submit the title starts with "Error" and the count, focus is on the summary, each
problem is a link to its control, every invalid control (each radio and checkbox of a group too)
is aria-invalid and described by its message, and the summary is the one live message.
"""

from dataclasses import dataclass

import pytest
from django.conf import settings
from django.utils import translation

pytestmark = pytest.mark.django_db(transaction=True)

LANGUAGES = ["en", "ar", "so"]


@dataclass
class Site:
    """The site of the axe test (tests/e2e/test_accessibility.py), plus an open survey with a
    required radio group and the member's organization."""

    program: str
    cycle: str
    survey: str
    small_survey: str
    organization: str
    application: int
    member_session: str


def _site() -> Site:
    from grants.models import Application
    from tests.e2e.test_accessibility import _site as axe_site
    from tests.factories.surveys import survey_small

    site = axe_site()
    return Site(
        program=site.program,
        cycle=site.cycle,
        survey=site.survey,
        small_survey=survey_small().slug,
        organization=str(Application.objects.get(pk=site.application).organization_id),
        application=site.application,
        member_session=site.member_session,
    )


# What a control that the pattern leaves out looks like: not aria-invalid, or not described by a message.
_UNMARKED = """() => [...document.querySelectorAll('main .usa-form-group--error')]
  .flatMap((group) => [...group.querySelectorAll('input:not([type=hidden]), select, textarea')])
  .filter((control) => control.getAttribute('aria-invalid') !== 'true'
    || !(control.getAttribute('aria-describedby') || '').split(/\\s+/)
        .some((id) => document.getElementById(id)?.classList.contains('usa-error-message')))
  .map((control) => control.name + '=' + control.value)"""

_SUMMARY_LINKS = """() => [...document.querySelectorAll('[data-error-summary] a')].map((a) => {
  const control = document.getElementById(a.getAttribute('href').slice(1));
  return {href: a.getAttribute('href'), text: a.textContent.trim(), found: !!control,
          invalid: control ? control.getAttribute('aria-invalid') : null};
})"""


def _error_title(lang: str, count: int) -> str:
    with translation.override(lang):
        return translation.ngettext("Error: %(count)d problem", "Error: %(count)d problems", count) % {"count": count}


def _assert_error_pattern(page, lang: str, label: str) -> None:
    items = page.locator("[data-error-summary] li")
    count = items.count()
    assert count, f"{label}: no error summary"
    title = page.title()
    assert title.startswith(_error_title(lang, count) + " · "), f"{label}: title {title!r}"
    assert lang == "en" or not title.startswith("Error"), f"{label}: the title is in English"
    assert page.evaluate("document.activeElement.matches('[data-error-summary]')"), f"{label}: focus not on summary"
    links = page.evaluate(_SUMMARY_LINKS)
    assert links, f"{label}: the summary links to no control"
    assert all(link["found"] and link["invalid"] == "true" for link in links), f"{label}: {links}"
    assert not page.evaluate(_UNMARKED), f"{label}: controls not marked invalid: {page.evaluate(_UNMARKED)}"
    assert page.locator("main [role=alert]").count() == 1, f"{label}: more than one live message"
    assert page.evaluate(
        "[...document.querySelectorAll('main form')].filter((f) => f.querySelector('input:not([type=hidden])'))"
        ".every((f) => f.noValidate)"
    ), f"{label}: a form lets the browser show its own (untranslated) messages"
    # Following the first link puts the keyboard on the control, not only the view.
    target = links[0]["href"][1:]
    page.locator("[data-error-summary] a").first.click()
    assert page.evaluate("document.activeElement.id") == target, f"{label}: link did not focus {target}"


def _submit(page, button: str = "main form[method=post] button[type=submit]"):
    with page.expect_navigation():
        page.locator(button).last.click()


def _public_forms(site: Site, lang: str):
    """(label, path, what to do before submitting, submit button)."""
    default = "main form[method=post] button[type=submit]"
    nothing = None
    return [
        ("help request", f"/{lang}/programs/{site.program}/request/", nothing, default),
        (
            "survey page with a required radio group",
            f"/{lang}/surveys/{site.small_survey}/page/1/",
            nothing,
            "main form button[value=next]",
        ),
        (
            "survey page with a number out of range",
            f"/{lang}/surveys/{site.survey}/page/2/",
            lambda page: page.locator("input[name=q_household_size]").fill("0"),
            "main form button[value=next]",
        ),
        (
            "survey page with a required checkbox group",
            f"/{lang}/surveys/{site.survey}/page/3/",
            nothing,
            "main form button[value=next]",
        ),
        ("survey page 4", f"/{lang}/surveys/{site.survey}/page/4/", nothing, "main form button[value=next]"),
        ("eligibility check", f"/{lang}/grants/{site.cycle}/eligibility/", nothing, default),
        ("email me this list", f"/{lang}/directory/email/", nothing, default),
        ("sign-up", f"/{lang}/accounts/signup/", nothing, default),
        ("sign-in", f"/{lang}/accounts/login/", nothing, default),
        ("password reset", f"/{lang}/accounts/password/reset/", nothing, default),
    ]


def _member_forms(site: Site, lang: str):
    default = "main form[method=post][novalidate] button[type=submit]"
    step = f"/{lang}/grants/applications/{site.application}"
    return [
        ("new organization profile", f"/{lang}/grants/organizations/new/", None, default),
        (
            "organization profile",
            f"/{lang}/grants/organizations/{site.organization}/",
            lambda page: page.locator("#id_postal_code").fill("ABC"),
            default,
        ),
        ("start an application", f"/{lang}/grants/{site.cycle}/apply/", None, default),
        (
            "communities step",
            f"{step}/communities/",
            lambda page: page.locator("#id_individuals_expected").fill("-5"),
            default,
        ),
        (
            "budget step",
            f"{step}/budget/",
            lambda page: page.locator("#id_lines-1-category").fill("Rent"),
            default,
        ),
        ("documents step", f"{step}/documents/", None, default),
    ]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_form_shows_the_one_error_pattern(page, live_server, lang):
    site = _site()
    failures = []

    def check(forms_):
        for label, path, prepare, button in forms_:
            page.goto(path)
            if prepare:
                prepare(page)
            _submit(page, button)
            try:
                _assert_error_pattern(page, lang, f"{lang} {label}")
            except AssertionError as error:
                failures.append(str(error))

    check(_public_forms(site, lang))
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": site.member_session, "url": live_server.url}]
    )
    check(_member_forms(site, lang))
    assert not failures, "\n".join(failures)
