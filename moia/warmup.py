"""Load, before the first request, what the first request in each language would otherwise load.

A new worker (a deploy, or gunicorn recycling one) used to spend 1.4 s on its first request and
40 to 350 ms on the first in each further language: importing every view through the URL
configuration, building the URL resolver's reverse table for the language, reading the
language's translation catalogues (Arabic and Chinese are the largest) and compiling templates.
Residents who happened to arrive then waited, and so did everyone queued behind them.

Nothing here opens a database or cache connection, so it is safe before gunicorn forks too.
"""

import logging
import sysconfig
import time
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.template import TemplateSyntaxError
from django.template.loader import get_template
from django.urls import reverse
from django.utils import translation

logger = logging.getLogger("moia.warmup")


def project_templates() -> list[str]:
    """Names of the templates the project itself ships (its apps' and the site's), not Django's."""
    folders = [Path(folder) for engine in settings.TEMPLATES for folder in engine.get("DIRS", [])]
    folders += [
        Path(config.path) / "templates"
        for config in apps.get_app_configs()
        if Path(config.path).is_relative_to(settings.BASE_DIR)
        and not Path(config.path).is_relative_to(sysconfig.get_paths()["purelib"])  # a venv inside the checkout
    ]
    return sorted(
        {str(path.relative_to(folder)) for folder in folders if folder.is_dir() for path in folder.rglob("*.html")}
    )


def warm_up() -> dict[str, float]:
    """Per-language catalogues and URL tables, then every project template compiled; returns timings."""
    timings = {}
    started = time.perf_counter()
    for code in settings.LANGUAGE_CODES:
        with translation.override(code):
            reverse("home")  # the resolver keeps a reverse table per active language
            translation.gettext("Home")
    timings["languages"] = time.perf_counter() - started
    started = time.perf_counter()
    for name in project_templates():
        try:
            get_template(name)
        except TemplateSyntaxError:
            # A broken template is reported by its page (and the test suite), not by refusing to boot.
            logger.exception("template does not compile", extra={"template": name})
    timings["templates"] = time.perf_counter() - started
    return timings
