"""Screenshots of the main pages in English, Arabic and Simplified Chinese, desktop and phone.

    createdb -h 127.0.0.1 -U postgres moia_shots
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/moia_shots REDIS_URL=redis://127.0.0.1:6379/9 \
      .venv/bin/python manage.py migrate
    DATABASE_URL=... .venv/bin/python manage.py seed_demo --only directory programs surveys grants
    DATABASE_URL=... REDIS_URL=... .venv/bin/python benchmarks/screenshots.py

Starts `manage.py runserver` (DEBUG, static files from the app folders) on a free loopback port,
then drives Debian's Chromium (/usr/bin/chromium) through Playwright and saves full-page images
as docs/screenshots/<page>-<lang>-<desktop|phone>.png. The pages are chosen from the seeded
data (the first demo service, the first open survey's first page), so the images are the same
from run to run.
"""

import argparse
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
LANGUAGES = ("en", "ar", "zh-hans")
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 375, "height": 740}}
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


def _pages() -> dict[str, str]:
    """Page name -> path without the language prefix, picked from the seeded demo data."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "moia.settings")
    import django

    django.setup()
    from directory.models import Service
    from surveys.models import Survey

    service = Service.objects.filter(status=Service.Status.ACTIVE).order_by("slug").first()
    survey = Survey.objects.order_by("-opens_at").first()
    pages = {
        "home": "/",
        "directory": "/directory/",
        "programs": "/programs/",
        "grants": "/grants/",
        "reports": "/reports/",
    }
    if service is not None:
        pages["service"] = f"/directory/{service.slug}/"
    if survey is not None:
        pages["survey"] = f"/surveys/{survey.slug}/page/1/"
    return pages


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _serve(port: int) -> subprocess.Popen:
    env = dict(os.environ, DJANGO_DEBUG="1")
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(120):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
            return server
        except OSError:
            time.sleep(0.5)
    server.terminate()
    raise SystemExit("the development server did not start")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", help="use a running server instead of starting one")
    args = parser.parse_args()
    pages = _pages()
    OUT.mkdir(parents=True, exist_ok=True)
    server = None
    base = args.base_url
    if not base:
        port = _free_port()
        server = _serve(port)
        base = f"http://127.0.0.1:{port}"
    from playwright.sync_api import sync_playwright

    saved = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM,
                headless=True,
                args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
            )
            for device, viewport in VIEWPORTS.items():
                phone = device == "phone"
                context = browser.new_context(base_url=base, viewport=viewport, is_mobile=phone, has_touch=phone)
                page = context.new_page()
                for name, path in pages.items():
                    for lang in LANGUAGES:
                        response = page.goto(f"/{lang}{path}", wait_until="networkidle")
                        if response is None or response.status != 200:
                            print(f"{name} {lang}: HTTP {response.status if response else '?'}", file=sys.stderr)
                        target = OUT / f"{name}-{lang}-{device}.png"
                        page.screenshot(path=str(target), full_page=True)
                        saved.append(target)
                context.close()
            browser.close()
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=10)
    for target in saved:
        print(target.relative_to(ROOT))


if __name__ == "__main__":
    main()
