"""Browser tests: Debian's headless Chromium driven by Playwright, against the live app.

The `browser`, `page` and `phone` fixtures live in tests/conftest.py (one browser per run).

No browser is downloaded: Playwright launches /usr/bin/chromium. axe-core comes from the
axe-playwright-python package, loaded from disk.
"""

import pytest


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)
