"""Issue 18 item 17, on a 375 px phone in Chromium: the language choice does not push the page
down four lines, the directory shows what was found before its filters, the search box has all
its borders, and Arabic notices carry their bar and icon on the right."""

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def services(office):
    from tests.factories import directory as d

    category = d.TaxonomyTermFactory(code="legal", name_en="Legal help")
    d.ServiceFactory(slug="rights-clinic", name_en="Rights clinic", categories=[category])
    return d.ServiceFactory(slug="demo-clinic", name_en="Demo clinic", categories=[category], is_demo=True)


def test_on_a_phone_the_languages_are_one_tap_away_behind_a_compact_selector(phone, services):
    phone.goto("/so/directory/")
    bar = phone.locator(".portal-languages")
    assert bar.bounding_box()["height"] < 60, "the language bar takes more than one line"
    creole = phone.locator(".portal-languages__compact a[lang=ht]")
    assert creole.text_content() == "Kreyòl ayisyen"
    assert not creole.is_visible()

    phone.locator(".portal-languages__compact summary").click()
    assert creole.is_visible()
    # Every language, each named in its own script, in the open selector.
    assert phone.locator(".portal-languages__compact a").count() == 12
    assert phone.get_by_role("link", name="العربيّة").get_attribute("lang") == "ar"
    # The laptop list is not a second set of links for the keyboard or a screen reader.
    assert phone.get_by_role("link", name="Soomaali").count() == 1
    creole.click()
    assert phone.url.endswith("/ht/directory/")


def test_on_a_laptop_the_languages_stay_a_visible_list(page, services):
    page.goto("/en/directory/")
    assert page.get_by_role("link", name="Soomaali").is_visible()
    assert not page.locator(".portal-languages__compact").is_visible()


def test_on_a_phone_the_search_box_is_in_sight_and_the_results_come_before_the_filters(phone, services):
    phone.goto("/en/directory/")
    search = phone.get_by_label("Search", exact=True)
    count = phone.get_by_role("heading", name="2 services found")
    first_result = phone.get_by_role("link", name="Rights clinic")
    # Arriving, the resident can type at once: no disclosure to find first.
    assert search.is_visible()
    assert first_result.is_visible()
    assert not phone.get_by_label("Neighbourhood").is_visible()
    assert search.bounding_box()["y"] < count.bounding_box()["y"] < first_result.bounding_box()["y"] < 812

    # Keyboard order follows the screen: search box, filter disclosure, results.
    order = phone.evaluate(
        """() => {
            const q = document.querySelector('#id_q');
            const s = document.querySelector('.directory-filter-disclosure summary');
            const r = document.querySelector('.directory-results a');
            return Boolean(q.compareDocumentPosition(s) & Node.DOCUMENT_POSITION_FOLLOWING)
                && Boolean(s.compareDocumentPosition(r) & Node.DOCUMENT_POSITION_FOLLOWING);
        }"""
    )
    assert order

    # A filter chosen behind the disclosure and words typed in the box go in one search.
    phone.get_by_text("Filters", exact=True).click()
    phone.locator("label[for=id_is_free]").click()
    search.fill("rights")
    search.press("Enter")
    phone.wait_for_url("**q=rights**")
    assert "is_free=1" in phone.url
    assert phone.get_by_label("Search", exact=True).input_value() == "rights"
    # Having filtered, the resident sees what they chose without opening the disclosure again.
    assert phone.locator("label[for=id_is_free]").is_visible()
    assert phone.locator("#id_is_free").is_checked()


def test_on_a_laptop_the_filters_stand_beside_the_results_without_a_disclosure(page, services):
    page.goto("/en/directory/")
    assert page.get_by_label("Neighbourhood").is_visible()
    assert not page.get_by_text("Filters", exact=True).is_visible()


def test_the_search_box_has_its_end_border(phone, services):
    phone.goto("/en/directory/?q=clinic")
    widths = phone.get_by_label("Search", exact=True).evaluate(
        "el => [getComputedStyle(el).borderLeftWidth, getComputedStyle(el).borderRightWidth]"
    )
    assert widths == ["1px", "1px"]


def test_in_arabic_the_demo_alert_has_its_bar_and_text_indent_on_the_right(phone, services):
    phone.goto("/ar/directory/demo-clinic/")
    alert = phone.locator(".usa-alert--warning").filter(has_text="بيانات").first
    style = alert.evaluate(
        """el => { const s = getComputedStyle(el); const t = getComputedStyle(el.querySelector('.usa-alert__text'));
                   return [s.borderRightWidth, s.borderLeftWidth, t.marginRight, t.marginLeft]; }"""
    )
    assert style == ["8px", "0px", "40px", "0px"]
