"""WCAG 2.1 AA (axe-core tags wcag2a, wcag2aa, wcag21a, wcag21aa) on every public page, in every language.

One test per language creates a small but complete site with factories (directory, programmes,
surveys, grants, reports), then walks every public page, the error state of every public form,
and a nonprofit member's application steps in ONE browser context, running axe on each page.
A failing test lists every page with the rule and the elements to fix, not just the first.
"""

from dataclasses import dataclass

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from tests.e2e.axe import axe_violations, describe

pytestmark = pytest.mark.django_db(transaction=True)


@dataclass
class Site:
    service: str
    category: str
    program: str
    cycle: str
    survey: str
    past_survey: str
    application: int
    member_session: str


def _site() -> Site:
    """Every kind of public content once, with the relations each page shows."""
    from reports.models import AnnualReport
    from tests.factories import directory as d
    from tests.factories import grants as g
    from tests.factories import programs as p
    from tests.factories.accounts import UserFactory
    from tests.factories.surveys import respond, survey_community, survey_small

    category = d.TaxonomyTermFactory(code="legal-help", name_en="Legal help", name_es="Ayuda legal")
    service = d.ServiceFactory(
        slug="know-your-rights",
        name_en="Know your rights clinic",
        name_es="Clínica de derechos",
        description_en="Free advice from immigration lawyers, every week.",
        eligibility_description_en="Anyone who lives in the city.",
        fees_description_en="Free.",
        application_process_en="Walk in, or call to book.",
        categories=[category],
        email="clinic@example.org",
        url="https://example.org/clinic",
    )
    d.ServiceFactory(slug="english-classes", name_en="English classes", categories=[category])
    d.ServiceAtLocationFactory(service=service)
    d.PhoneFactory(service=service)
    d.ScheduleFactory(service=service)
    d.LanguageFactory(service=service, code="es")
    d.LanguageFactory(service=service, code="ht")

    service_type = p.ServiceTypeFactory(name="Legal screening", is_legal=True)
    program = p.ProgramFactory(slug="immigration-legal-screening", name="Immigration legal screening")
    program.service_types.add(service_type)

    survey = survey_community()
    past = survey_small(open_=False, slug="last-year")
    for n in range(12):
        respond(past, {"color": "red" if n % 3 else "blue", "pets": ["cat"], "rating": 1 + n % 5, "people": 2})

    cycle = g.GrantCycleFactory(slug="community-grants", title="Community grants")
    stream = g.StreamFactory(cycle=cycle, title="Language access")
    organization = g.OrganizationFactory(name="Haitian Families Together")
    g.ProfileFactory(organization=organization)
    member = UserFactory(email="director@example.org")
    g.MembershipFactory(user=member, organization=organization)
    application = g.ApplicationFactory(cycle=cycle, stream=stream, organization=organization)
    g.BudgetLineFactory(application=application)

    now = timezone.now()
    for language, version, status in (("en", 1, "superseded"), ("en", 2, "published"), ("es", 1, "published")):
        AnnualReport.objects.create(year=2025, language=language, version=version, status=status, published_at=now)

    client = Client()
    client.force_login(member)
    return Site(
        service=service.slug,
        category=category.code,
        program=program.slug,
        cycle=cycle.slug,
        survey=survey.slug,
        past_survey=past.slug,
        application=application.pk,
        member_session=client.cookies[settings.SESSION_COOKIE_NAME].value,
    )


# (path, expected HTTP status). Error states are reached by submitting the form empty.
def _public_pages(site: Site, lang: str) -> list[tuple[str, int]]:
    return [
        (f"/{lang}/", 200),
        (f"/{lang}/directory/", 200),
        (f"/{lang}/directory/?q=rights", 200),
        (f"/{lang}/directory/?q=zzzznothing", 200),
        (f"/{lang}/directory/{site.service}/", 200),
        (f"/{lang}/directory/category/{site.category}/", 200),
        (f"/{lang}/programs/", 200),
        (f"/{lang}/programs/{site.program}/", 200),
        (f"/{lang}/programs/{site.program}/request/", 200),
        (f"/{lang}/surveys/", 200),
        (f"/{lang}/surveys/{site.survey}/", 200),
        (f"/{lang}/surveys/{site.survey}/page/1/", 200),
        (f"/{lang}/surveys/{site.survey}/page/2/", 200),
        (f"/{lang}/surveys/{site.survey}/page/4/", 200),
        (f"/{lang}/surveys/{site.past_survey}/", 410),
        (f"/{lang}/surveys/{site.past_survey}/results/", 200),
        (f"/{lang}/grants/", 200),
        (f"/{lang}/grants/{site.cycle}/", 200),
        (f"/{lang}/grants/{site.cycle}/eligibility/", 200),
        (f"/{lang}/reports/", 200),
        (f"/{lang}/accounts/login/", 200),
        (f"/{lang}/accounts/signup/", 200),
        (f"/{lang}/accounts/password/reset/", 200),
        (f"/{lang}/no-such-page/", 404),
    ]


# A form submitted empty: (page to open, submit button, expected status of the answer).
def _error_states(site: Site, lang: str) -> list[tuple[str, str, int]]:
    return [
        (f"/{lang}/programs/{site.program}/request/", "main form[method=post] button[type=submit]", 400),
        (f"/{lang}/surveys/{site.survey}/page/3/", "main form button[value=next]", 200),
        (f"/{lang}/grants/{site.cycle}/eligibility/", "main form[method=post] button[type=submit]", 200),
        (f"/{lang}/accounts/login/", "main form[method=post] button[type=submit]", 200),
    ]


def _member_pages(site: Site, lang: str) -> list[tuple[str, int]]:
    steps = ["project", "communities", "outcomes", "budget", "documents", "review"]
    return [
        (f"/{lang}/grants/dashboard/", 200),
        (f"/{lang}/grants/{site.cycle}/apply/", 200),
        *[(f"/{lang}/grants/applications/{site.application}/{step}/", 200) for step in steps],
    ]


def _check(page, lang: str, label: str, status: int, expected: int, failures: list[str]) -> None:
    if status != expected:
        failures.append(f"{label}: HTTP {status}, expected {expected}")
        return
    if page.locator("html").get_attribute("lang") != lang:
        failures.append(f"{label}: <html lang> is not {lang}")
    # axe cannot judge contrast on joined Arabic script; contrast is checked in
    # test_rtl_contrast_is_checked_on_computed_colours instead.
    violations = axe_violations(page, disable=("color-contrast",) if lang == "ar" else ())
    if violations:
        failures.append(f"{label}\n{describe(violations)}")


@pytest.mark.parametrize("lang", settings.LANGUAGE_CODES)
def test_public_pages_have_no_wcag_violations(page, live_server, lang):
    site = _site()
    failures: list[str] = []
    for path, expected in _public_pages(site, lang):
        response = page.goto(path)
        _check(page, lang, path, response.status, expected, failures)

    for path, button, expected in _error_states(site, lang):
        page.goto(path)
        submit = page.locator(button).last
        # The server's error state is what a resident meets whose browser does not check
        # `required` itself (or who had an answer refused); the browser's own check would stop here.
        submit.evaluate("(button) => { button.form.noValidate = true; }")
        with page.expect_navigation() as navigation:
            submit.click()
        label = f"{path} submitted empty"
        if not page.locator(".usa-error-message, .usa-alert--error").count():
            failures.append(f"{label}: no error message shown")
        _check(page, lang, label, navigation.value.status, expected, failures)

    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": site.member_session, "url": live_server.url}]
    )
    for path, expected in _member_pages(site, lang):
        response = page.goto(path)
        _check(page, lang, f"{path} (nonprofit member)", response.status, expected, failures)
    assert not failures, "\n\n".join(failures)


def _contrast(rgb1, rgb2) -> float:
    def luminance(rgb):
        def channel(c):
            c = c / 255
            return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

        r, g, b = (channel(c) for c in rgb)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    l1, l2 = sorted((luminance(rgb1), luminance(rgb2)), reverse=True)
    return (l1 + 0.05) / (l2 + 0.05)


COLOURS_JS = """(selector) => {
  const parse = (c) => c.match(/\\d+(\\.\\d+)?/g).slice(0, 3).map(Number);
  const bg = (el) => {
    while (el) {
      const c = getComputedStyle(el).backgroundColor;
      if (c && !c.startsWith('rgba(0, 0, 0, 0)') && c !== 'transparent') return parse(c);
      el = el.parentElement;
    }
    return [255, 255, 255];
  };
  return [...document.querySelectorAll(selector)]
    .filter((el) => el.offsetParent !== null && el.textContent.trim())
    .map((el) => ({text: el.textContent.trim().slice(0, 30), fg: parse(getComputedStyle(el).color),
                   bg: bg(el), size: parseFloat(getComputedStyle(el).fontSize),
                   bold: +getComputedStyle(el).fontWeight >= 700}));
}"""
# Text, links, form labels, hints, error messages and buttons: everything axe would have measured.
TEXT = (
    "main a, main p, main h1, main h2, main h3, main li, main dt, main dd, main label, main legend, "
    "main button, main .usa-hint, main .usa-error-message, nav a, footer p, footer a"
)


def _low_contrast(page) -> list[dict]:
    pairs = page.evaluate(COLOURS_JS, TEXT)
    assert pairs, page.url
    return [
        p
        for p in pairs
        if _contrast(p["fg"], p["bg"]) < (3.0 if p["size"] >= 24 or (p["bold"] and p["size"] >= 18.66) else 4.5)
    ]


def test_rtl_contrast_is_checked_on_computed_colours(page):
    """The Arabic layout uses the same components; measure their computed colours directly, on the
    home page, a service, a survey page, a grant cycle and a form showing its errors."""
    site = _site()
    low = {}
    for path in (
        "/ar/",
        f"/ar/directory/{site.service}/",
        f"/ar/surveys/{site.survey}/page/2/",
        f"/ar/grants/{site.cycle}/",
    ):
        page.goto(path)
        low[path] = _low_contrast(page)
    page.goto(f"/ar/programs/{site.program}/request/")
    submit = page.locator("main form[method=post] button[type=submit]").last
    with page.expect_navigation():
        submit.click()
    assert page.locator(".usa-error-message").count()
    low["intake form with errors"] = _low_contrast(page)
    assert not any(low.values()), {path: found for path, found in low.items() if found}


def test_rtl_layout_mirrors(page):
    page.goto("/ar/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    logo = page.locator(".usa-logo").bounding_box()
    nav = page.locator(".usa-nav").bounding_box()
    # In right-to-left reading order the office name sits on the right, the navigation on the left.
    assert logo["x"] > nav["x"]


def test_rtl_back_arrow_of_the_phone_breadcrumb_points_right(phone):
    # On a phone USWDS shows only the parent crumb, with an arrow meaning "back": to the left in
    # English, to the right in Arabic (mirrored, so its transform flips the x axis).
    site = _site()
    arrow = ".usa-breadcrumb__list-item:nth-last-child(2) .usa-breadcrumb__link"
    script = f"getComputedStyle(document.querySelector('{arrow}'), '::before').transform"
    phone.goto(f"/en/directory/{site.service}/")
    assert phone.evaluate(script) in ("none", "matrix(1, 0, 0, 1, 0, 0)")
    phone.goto(f"/ar/directory/{site.service}/")
    assert phone.evaluate(script) == "matrix(-1, 0, 0, 1, 0, 0)"


def test_keyboard_user_can_skip_to_the_main_content(page):
    page.goto("/es/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.className")
    assert "usa-skipnav" in focused
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main-content"
