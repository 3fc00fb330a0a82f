"""WCAG 2.1 AA (axe-core tags wcag2a, wcag2aa, wcag21a, wcag21aa) on every public page, in every language."""

import pytest
from django.conf import settings

from tests.e2e.axe import axe_violations, describe

pytestmark = pytest.mark.django_db(transaction=True)

PAGES = [
    "/{lang}/",
    "/{lang}/accounts/login/",
    "/{lang}/accounts/signup/",
    "/{lang}/accounts/password/reset/",
    "/{lang}/reports/",
    "/{lang}/no-such-page/",
]


@pytest.mark.parametrize("lang", settings.LANGUAGE_CODES)
def test_public_pages_have_no_wcag_violations(page, lang):
    failures = []
    for template in PAGES:
        path = template.format(lang=lang)
        page.goto(path)
        assert page.locator("html").get_attribute("lang") == lang
        # axe cannot judge contrast on joined Arabic script; contrast is checked in
        # test_rtl_contrast_is_checked_on_computed_colours instead.
        disable = ("color-contrast",) if lang == "ar" else ()
        violations = axe_violations(page, disable=disable)
        if violations:
            failures.append(f"{path}\n{describe(violations)}")
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


def test_rtl_contrast_is_checked_on_computed_colours(page):
    """The Arabic layout uses the same components; measure their computed colours directly."""
    page.goto("/ar/")
    pairs = page.evaluate(
        """() => {
          const parse = (c) => c.match(/\\d+(\\.\\d+)?/g).slice(0, 3).map(Number);
          const bg = (el) => {
            while (el) {
              const c = getComputedStyle(el).backgroundColor;
              if (c && !c.startsWith('rgba(0, 0, 0, 0)') && c !== 'transparent') return parse(c);
              el = el.parentElement;
            }
            return [255, 255, 255];
          };
          return [...document.querySelectorAll('main a, main p, main h1, main h2, nav a, footer p, footer a')]
            .filter((el) => el.offsetParent !== null && el.textContent.trim())
            .map((el) => ({text: el.textContent.trim().slice(0, 30), fg: parse(getComputedStyle(el).color),
                           bg: bg(el), size: parseFloat(getComputedStyle(el).fontSize),
                           bold: +getComputedStyle(el).fontWeight >= 700}));
        }"""
    )
    assert pairs
    low = [
        p
        for p in pairs
        if _contrast(p["fg"], p["bg"]) < (3.0 if p["size"] >= 24 or (p["bold"] and p["size"] >= 18.66) else 4.5)
    ]
    assert not low, low


def test_rtl_layout_mirrors(page):
    page.goto("/ar/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    logo = page.locator(".usa-logo").bounding_box()
    nav = page.locator(".usa-nav").bounding_box()
    # In right-to-left reading order the office name sits on the right, the navigation on the left.
    assert logo["x"] > nav["x"]


def test_keyboard_user_can_skip_to_the_main_content(page):
    page.goto("/es/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.className")
    assert "usa-skipnav" in focused
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main-content"
