"""Suite-wide rules.

In CI (CI=true) the suite must run on PostgreSQL with Redis, and a test that needs
PostgreSQL, Redis or a Celery worker fails rather than skips. On a newcomer's machine
(SQLite, maybe no Redis) those tests are skipped with the reason, so `make test` still
runs everything else.
"""

import os
import shutil
import socket
from urllib.parse import urlparse

import pytest
from django.conf import settings

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def redis_reachable() -> bool:
    url = urlparse(settings.REDIS_URL or "redis://127.0.0.1:6379/0")
    try:
        with socket.create_connection((url.hostname or "127.0.0.1", url.port or 6379), timeout=0.5):
            return True
    except OSError:
        return False


def on_postgres() -> bool:
    return settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


def pytest_configure(config):
    if IN_CI and not on_postgres():
        pytest.exit("CI=true but DATABASE_URL does not point at PostgreSQL: refusing to run on SQLite.", returncode=2)
    if IN_CI and not settings.REDIS_URL:
        pytest.exit("CI=true but REDIS_URL is not set: refusing to run without Redis.", returncode=2)


def pytest_runtest_setup(item):
    needs_postgres = item.get_closest_marker("postgres") is not None
    needs_redis = item.get_closest_marker("redis") is not None or item.get_closest_marker("worker") is not None
    missing = []
    if needs_postgres and not on_postgres():
        missing.append("PostgreSQL (set DATABASE_URL)")
    if needs_redis and (not settings.REDIS_URL or not redis_reachable()):
        missing.append("Redis (set REDIS_URL)")
    if missing:
        reason = "needs " + " and ".join(missing)
        if IN_CI:
            pytest.fail(f"{reason}: in CI this must not be skipped")
        pytest.skip(reason)


def pytest_sessionfinish(session, exitstatus):
    # Belt and braces: in CI a skipped test is a failed build.
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = len(reporter.stats.get("skipped", [])) if reporter else 0
    if IN_CI and skipped and exitstatus == 0:
        session.exitstatus = 1
        if reporter:
            reporter.write_line(f"CI: {skipped} test(s) were skipped; nothing may be skipped in CI.", red=True)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache (public-page cache, rate limits, office profile)."""
    from django.core.cache import cache

    from moia.cache import local_forget_all

    cache.clear()
    local_forget_all()
    yield
    cache.clear()
    local_forget_all()


@pytest.fixture(autouse=True)
def _one_rate_limit_window(monkeypatch):
    """Each test's requests fall in one rate-limit window. django-ratelimit counts per clock
    window (for "2/10m", windows of ten minutes at fixed times); a window ending between a
    test's requests restarts the count and lets the request that should be refused through,
    which made the limit tests fail about once a suite. The clock is held at the test's start."""
    import time
    from types import SimpleNamespace

    import django_ratelimit.core

    started = time.time()
    monkeypatch.setattr(django_ratelimit.core, "time", SimpleNamespace(time=lambda: started))


@pytest.fixture(autouse=True)
def _search_counts_written_at_once(settings):
    """Search counts reach the database with each search, as in the embedded mode; the
    buffered production path has its own test (tests/directory/test_search_ranking.py)."""
    settings.SEARCH_COUNT_FLUSH_SECONDS = 0


@pytest.fixture(autouse=True)
def _english_between_tests():
    """A request in Spanish must not leave Spanish switched on for the next test."""
    from django.utils import translation

    yield
    translation.activate("en")


@pytest.fixture
def office(db):
    from moia.office.services import office_profile_ensure

    return office_profile_ensure()


# ------------------------------------------------------------------------------
# Browser fixtures, shared by every suite: Playwright's sync API allows one instance per
# thread, so there must be exactly one session-scoped browser (tests/e2e, tests/directory…).
# ------------------------------------------------------------------------------
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        message = f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; Django's ORM refuses that unless told.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()
