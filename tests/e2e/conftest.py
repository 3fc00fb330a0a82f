"""Browser tests: Debian's headless Chromium driven by Playwright, against the live app.

The `browser`, `page` and `phone` fixtures live in tests/conftest.py (one browser per run).

No browser is downloaded: Playwright launches /usr/bin/chromium. axe-core comes from the
axe-playwright-python package, loaded from disk.
"""

import os
from pathlib import Path

import pytest


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_call(item):
    """With E2E_SCREENSHOTS=<dir>, each browser test leaves a picture of where its journey ended,
    so a person can look at what the tests walked (the closing notes cite them)."""
    yield
    target = os.environ.get("E2E_SCREENSHOTS")
    if not target:
        return
    for name in ("page", "phone"):
        browser_page = item.funcargs.get(name)
        if browser_page is not None:
            path = Path(target) / f"{item.name}-{name}.png".replace("/", "_")
            path.parent.mkdir(parents=True, exist_ok=True)
            browser_page.screenshot(path=str(path), full_page=True)
