"""Every catalogue is complete: no message left untranslated or fuzzy, in any language."""

import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.utils.translation import to_locale

ROOT = Path(settings.BASE_DIR)
CATALOGUES = sorted(
    p
    for p in ROOT.glob("**/locale/*/LC_MESSAGES/django.po")
    if ".venv" not in p.parts and "node_modules" not in p.parts
)


def _statistics(po: Path) -> str:
    # msgfmt counts the catalogue exactly as gettext will use it (plurals and multi-line strings included).
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "--output-file=/dev/null", str(po)],
        capture_output=True,
        text=True,
        check=False,
    )
    return result.stderr


def test_there_is_a_catalogue_for_every_language():
    languages = {p.parent.parent.name for p in CATALOGUES if p.parent.parent.parent == ROOT / "locale"}
    assert languages == {to_locale(code) for code in settings.LANGUAGE_CODES if code != "en"}


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_catalogue_has_no_untranslated_or_fuzzy_message(po):
    stats = _statistics(po)
    assert "fuzzy" not in stats, stats
    assert "untranslated" not in stats, stats
    assert "translated message" in stats, stats


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_catalogue_compiles_cleanly(po):
    # msgfmt --check catches broken placeholders such as a translated %(name)s.
    result = subprocess.run(
        ["msgfmt", "--check", "--output-file=/dev/null", str(po)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr


def test_arabic_text_writes_number_ranges_in_words():
    # "18 en-dash 24" in a right-to-left line is shown as "24 en-dash 18" (unlike a hyphen, the dash
    # does not hold the digits together); Arabic text says "من 18 إلى 24" instead.
    import glob
    import json
    import re

    import polib

    dash_range = re.compile(r"\d\s*[\u2013\u2014]\s*\d")  # en and em dashes
    found = []
    catalogues = glob.glob(str(ROOT / "**" / "locale" / "ar" / "LC_MESSAGES" / "django.po"), recursive=True)
    for path in catalogues:
        if ".venv" in path or "node_modules" in path:
            continue
        found += [(path, e.msgstr) for e in polib.pofile(path) if dash_range.search(e.msgstr)]

    def arabic_values(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "ar" and isinstance(value, str):
                    yield value
                else:
                    yield from arabic_values(value)
        elif isinstance(node, list):
            for item in node:
                yield from arabic_values(item)

    for path in glob.glob(str(ROOT / "demo" / "data" / "*" / "*.json")):
        with open(path, encoding="utf-8") as handle:
            found += [(path, text) for text in arabic_values(json.load(handle)) if dash_range.search(text)]
    assert found == []
