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
