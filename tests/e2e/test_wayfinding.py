"""What automated checks do not see: titles that say where you are, right-to-left data, target
sizes, reflow, the phone menu's state and the survey's progress, in a real Chromium."""

import pytest
from django.utils import translation

pytestmark = pytest.mark.django_db(transaction=True)


def _tr(lang: str, message: str, **values) -> str:
    with translation.override(lang):
        return translation.gettext(message) % values


@pytest.fixture
def site(office):
    from tests.factories import directory as d
    from tests.factories import grants as g
    from tests.factories import programs as p
    from tests.factories.surveys import survey_community

    category = d.TaxonomyTermFactory(code="legal", name_en="Legal help", name_ar="مساعدة قانونية")
    for n in range(25):
        d.ServiceFactory(slug=f"clinic-{n}", name_en=f"Rights clinic {n}", categories=[category], is_free=n % 2 == 0)
    service = d.ServiceFactory(
        slug="know-your-rights",
        name_en="Know your rights",
        email="clinic.office@example.org",
        url="https://example.org/clinic",
        categories=[category],
    )
    d.ServiceAtLocationFactory(service=service)
    d.PhoneFactory(service=service, number="+1 617 555 0109")
    program = p.ProgramFactory(slug="legal-screening", name="Immigration legal screening")
    cycle = g.GrantCycleFactory(slug="community-grants", title="Community grants")
    return {"survey": survey_community().slug, "program": program.slug, "cycle": cycle.slug, "service": service.slug}


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_titles_say_the_page_the_search_the_filters_and_the_step(page, site, lang):
    page.goto(f"/{lang}/surveys/{site['survey']}/page/1/")
    first = page.title()
    page.goto(f"/{lang}/surveys/{site['survey']}/page/2/")
    second = page.title()
    total = page.locator(".usa-step-indicator__total-steps").first.inner_text()
    assert first != second
    # While skip logic may still drop a page the total is an upper bound ("Page 2 of up to 7").
    count = next(word for word in total.split() if word.isdigit())
    assert second.startswith(
        (
            _tr(lang, "Page %(number)s of %(total)s", number=2, total=count),
            _tr(lang, "Page %(number)s of up to %(total)s", number=2, total=count),
        )
    ), second

    page.goto(f"/{lang}/directory/")
    plain = page.title()
    page.goto(f"/{lang}/directory/?q=rights")
    searched = page.title()
    assert searched.startswith(_tr(lang, "Results for “%(query)s”", query="rights"))
    page.goto(f"/{lang}/directory/?q=rights&is_free=1")
    filtered = page.title()
    assert _tr(lang, "Filtered") in filtered
    page.goto(f"/{lang}/directory/?q=rights&page=2")
    second_page = page.title()
    assert _tr(lang, "Page %(number)s of %(total)s", number=2, total=2) in second_page
    assert len({plain, searched, filtered, second_page}) == 4

    page.goto(f"/{lang}/grants/{site['cycle']}/eligibility/")
    form_title = page.title()
    for name in ("based_in_city", "status", "serves_immigrants"):
        page.locator(f"label[for=id_{name}_0]").click()
    with page.expect_navigation():
        page.locator("main form[method=post] button[type=submit]").click()
    result_title = page.title()
    assert result_title != form_title
    assert result_title.startswith(_tr(lang, "Your result"))


def test_grant_steps_say_their_number(page, live_server, site):
    from django.conf import settings
    from django.test import Client

    from tests.factories import grants as g
    from tests.factories.accounts import UserFactory

    application = g.ApplicationFactory(cycle__slug="steps-cycle")
    member = UserFactory()
    g.MembershipFactory(user=member, organization=application.organization)
    client = Client()
    client.force_login(member)
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
          "url": live_server.url}]
    )  # fmt: skip
    titles = []
    for number, step in enumerate(["project", "communities", "outcomes", "budget", "documents", "review"], start=1):
        page.goto(f"/ar/grants/applications/{application.pk}/{step}/")
        titles.append(page.title())
        assert page.title().startswith(_tr("ar", "Step %(number)s of %(total)s", number=number, total=6))
    assert len(set(titles)) == 6


def test_phone_email_web_and_number_inputs_are_left_to_right_in_arabic(page, site):
    page.goto(f"/ar/programs/{site['program']}/request/")
    page.locator("#id_phone").fill("+1 617 555 0109")
    for selector in ("#id_phone", "#id_email"):
        assert page.locator(selector).get_attribute("dir") == "ltr", selector
    assert page.locator("#id_name").get_attribute("dir") is None
    page.goto(f"/ar/surveys/{site['survey']}/page/2/")
    assert page.locator("input[type=number]").first.get_attribute("dir") == "ltr"
    page.goto("/ar/directory/email/")
    email = page.locator("#id_email")
    assert email.get_attribute("dir") == "ltr"
    assert email.get_attribute("autocomplete") == "email"


def test_latin_script_data_is_isolated_in_arabic(page, site):
    page.goto(f"/ar/directory/{site['service']}/")
    # The phone and email read left to right; the street address keeps its number in front.
    assert page.locator("a.directory-phone bdi[dir=ltr]").inner_text() == "+1 617 555 0109"
    assert page.locator("main a[href^='mailto:'] bdi[dir=ltr]").inner_text() == "clinic.office@example.org"
    assert page.locator(".directory-location address bdi").count()
    footer_address = page.locator(".portal-footer__address bdi").first.inner_text()
    assert footer_address[0].isdigit() or footer_address[0].isalpha()
    assert page.locator("footer a[href^='mailto:'] bdi[dir=ltr]").count() == 1
    # The error bar of an invalid field sits on the start (right) edge in Arabic.
    page.goto(f"/ar/programs/{site['program']}/request/")
    with page.expect_navigation():
        page.locator("main form[method=post] button[type=submit]").click()
    style = page.evaluate(
        "(() => { const s = getComputedStyle(document.querySelector('.usa-form-group--error'));"
        " return [s.borderRightWidth, s.borderLeftWidth]; })()"
    )
    assert style[0] != "0px", style
    assert style[1] == "0px", style
    accent = page.evaluate("getComputedStyle(document.querySelector('.usa-alert--error')).borderRightWidth")
    assert accent != "0px"


def test_read_the_original_link_keeps_hreflang_but_not_lang(page, site):
    from directory.models import Service, ServiceTranslationReview

    service = Service.objects.get(slug=site["service"])
    service.name_ar = "اعرف حقوقك"
    service.save()
    ServiceTranslationReview.objects.update_or_create(
        service=service, language="ar", defaults={"status": ServiceTranslationReview.Status.MACHINE_DRAFT}
    )
    page.goto(f"/ar/directory/{site['service']}/")
    link = page.locator(".portal-notice a[hreflang=en]")
    assert link.count() == 1
    assert link.get_attribute("lang") is None
    # The description has no Arabic text yet: it is shown in English, and marked so.
    assert page.locator("h1").get_attribute("lang") is None
    assert page.locator("main p[lang=en]").count()


def test_language_links_are_24px_targets_on_a_phone(phone, site):
    phone.goto("/ar/")
    phone.locator(".portal-languages__compact summary").click()
    boxes = phone.evaluate(
        "[...document.querySelectorAll('.portal-languages__compact a')].map((a) => a.getBoundingClientRect())"
        ".map((r) => ({w: r.width, h: r.height}))"
    )
    assert len(boxes) == 12
    assert all(box["h"] >= 24 and box["w"] >= 24 for box in boxes), boxes


@pytest.mark.parametrize("width", [320, 640, 800])
def test_no_horizontal_scroll(browser, live_server, site, width):
    from tests.factories.surveys import respond, survey_small

    past = survey_small(open_=False, slug="last-year")
    for n in range(12):
        respond(past, {"color": "red" if n % 3 else "blue", "pets": ["cat"], "rating": 1 + n % 5, "people": 2})
    context = browser.new_context(base_url=live_server.url, viewport={"width": width, "height": 800})
    page = context.new_page()
    wide = []
    for path in (
        "/en/",
        "/ar/",
        "/so/directory/?q=rights",
        f"/ar/directory/{site['service']}/",
        f"/en/programs/{site['program']}/request/",
        "/ar/surveys/last-year/results/",
        "/en/surveys/last-year/results/",
    ):
        page.goto(path)
        scroll = page.evaluate("document.documentElement.scrollWidth")
        if scroll > width:
            wide.append((path, scroll))
    context.close()
    assert not wide, wide


def test_wide_tables_scroll_in_a_named_focusable_region(page, site):
    from tests.factories.surveys import respond, survey_small

    past = survey_small(open_=False, slug="last-year")
    for n in range(12):
        respond(past, {"color": "red" if n % 3 else "blue", "pets": ["cat"], "rating": 1 + n % 5, "people": 2})
    page.goto("/en/surveys/last-year/results/")
    regions = page.locator(".portal-table-wrap")
    assert regions.count()
    for index in range(regions.count()):
        region = regions.nth(index)
        assert region.get_attribute("role") == "region"
        assert region.get_attribute("tabindex") == "0"
        label = page.locator(f"#{region.get_attribute('aria-labelledby')}")
        assert label.inner_text().strip()


def test_focus_ring_has_a_dark_outer_ring(page, site):
    page.goto("/en/")
    page.locator("footer a").first.focus()
    shadow = page.evaluate("getComputedStyle(document.activeElement).boxShadow")
    assert "rgb(27, 27, 27)" in shadow, shadow


def test_phone_menu_button_says_whether_the_menu_is_open(phone, site):
    phone.goto("/en/")
    button = phone.locator(".usa-menu-btn")
    assert button.get_attribute("aria-controls") == "primary-nav"
    assert phone.locator("#primary-nav").count() == 1
    assert button.get_attribute("aria-expanded") == "false"
    button.click()
    phone.wait_for_function("document.querySelector('.usa-menu-btn').getAttribute('aria-expanded') === 'true'")
    phone.locator(".usa-nav__close").click()
    phone.wait_for_function("document.querySelector('.usa-menu-btn').getAttribute('aria-expanded') === 'false'")


def test_survey_progress_is_a_list_with_the_current_step_and_completed_steps_said(page, site):
    page.goto(f"/so/surveys/{site['survey']}/page/1/")
    with page.expect_navigation():
        page.locator("main form button[value=next]").click()
    steps = page.locator("ol.usa-step-indicator__segments")
    assert steps.get_attribute("aria-label") == _tr("so", "Progress")
    assert steps.locator("li[aria-current=step]").count() == 1
    assert _tr("so", "completed") in steps.locator("li").first.inner_text()


def test_opening_a_search_result_in_chromium_counts_it_for_editors(page, site):
    """The count of results opened comes from the browser's own link ping: no JavaScript, no
    cookie, nothing but the words, the day and the language."""
    import time

    from directory.models import SearchGap

    page.goto("/en/directory/?q=rights+clinic")
    page.locator(".directory-result__title a").first.click()
    page.wait_for_url("**/directory/*/")
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and not SearchGap.objects.filter(opened__gt=0).exists():
        time.sleep(0.1)
    row = SearchGap.objects.get()
    assert (row.query, row.language, row.shown, row.opened) == ("rights clinic", "en", 1, 1)
