"""Steps several journeys share: signing in through allauth (with the second factor) and out."""

import re

from tests.factories.accounts import totp_code

PASSWORD = "correct-horse-battery"


def sign_in(page, *, email: str, password: str = PASSWORD, secret: str | None = None, next_url: str = "") -> None:
    """Sign in on the allauth page; with a TOTP secret, answer the authenticator step too."""
    page.goto("/en/accounts/login/" + (f"?next={next_url}" if next_url else ""))
    page.locator('input[name="login"]').fill(email)
    page.locator('input[name="password"]').fill(password)
    with page.expect_navigation():
        page.locator('main form button[type="submit"]').first.click()
    if secret is not None:
        page.wait_for_url(re.compile(r"/accounts/2fa/authenticate/"))
        page.locator('input[name="code"]').fill(totp_code(secret))
        with page.expect_navigation():
            page.locator('main form button[type="submit"]').first.click()


def sign_out(page) -> None:
    page.goto("/en/accounts/logout/")
    with page.expect_navigation():
        page.locator('main form button[type="submit"]').first.click()


def shot(page, name: str, *, full_page: bool = False) -> None:
    """Save a screenshot under docs/screenshots/journeys/ when the walk asks for one (JOURNEYS_SHOTS=1).

    The browser tests are the walk: the same steps a resident takes, photographed on demand.
    """
    import os
    from pathlib import Path

    if os.environ.get("JOURNEYS_SHOTS") != "1":
        return
    folder = Path(__file__).resolve().parents[2] / "docs" / "screenshots" / "journeys"
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=full_page)
