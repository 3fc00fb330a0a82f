"""Every translatable unit the portal ships: catalogue entries and translated demo/seed content.

One reader for all of them, so the terminology test, the review packets and the status figures
look at the same texts. A unit is addressed by a stable key that the packet import uses to write
the reviewed text back to the very file it came from.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import polib
from django.conf import settings
from django.utils.translation import to_language, to_locale

# Shipped content with translations inside: the demo app's JSON files, whose translatable values
# are objects keyed by language code. seed_demo writes them to the database, so their translations
# are reviewed like the catalogues'.
CONTENT_DIR = "demo/data"


def content_files() -> list[str]:
    """The content files, relative to the repository, in a stable order."""
    return sorted(str(path.relative_to(root())) for path in (root() / CONTENT_DIR).glob("*/*.json"))


def root() -> Path:
    return Path(settings.BASE_DIR)


def target_languages() -> list[str]:
    """The portal's languages other than English, as Django codes (zh-hant, pt-br)."""
    return [code for code in settings.LANGUAGE_CODES if code != "en"]


def _language(code: str) -> str | None:
    """A Django language code from a JSON key, a modeltranslation suffix or a locale directory."""
    normalised = to_language(code.replace("_", "-")) if "_" in code else code.lower()
    normalised = normalised.replace("_", "-").lower()
    return normalised if normalised in settings.LANGUAGE_CODES else None


@dataclass
class Unit:
    key: str
    origin: str  # file path relative to the repository
    source: str  # the English text
    context: str = ""
    translations: dict[str, str] = field(default_factory=dict)
    plural: bool = False


def catalogues() -> list[Path]:
    return sorted(
        p
        for p in root().glob("**/locale/*/LC_MESSAGES/django.po")
        if ".venv" not in p.parts and "node_modules" not in p.parts
    )


def catalogue_path(domain_dir: str, language: str) -> Path:
    return root() / domain_dir / to_locale(language) / "LC_MESSAGES" / "django.po"


def _entry_text(entry: polib.POEntry) -> str:
    if entry.msgid_plural:
        return "\n".join(entry.msgstr_plural[k] for k in sorted(entry.msgstr_plural))
    return entry.msgstr


def catalogue_units() -> Iterator[Unit]:
    units: dict[str, Unit] = {}
    for path in catalogues():
        language = _language(path.parent.parent.name)
        if language is None:
            continue
        domain_dir = str(path.parent.parent.parent.relative_to(root()))
        for entry in polib.pofile(str(path)):
            if entry.obsolete:
                continue
            key = "po|{}|{}|{}".format(domain_dir, entry.msgctxt or "", entry.msgid)
            unit = units.get(key)
            if unit is None:
                source = entry.msgid + ("\n" + entry.msgid_plural if entry.msgid_plural else "")
                context = entry.msgctxt or ", ".join(entry.comment.splitlines()) or ""
                unit = units[key] = Unit(
                    key=key, origin=domain_dir, source=source, context=context, plural=bool(entry.msgid_plural)
                )
            unit.translations[language] = _entry_text(entry)
    yield from units.values()


def _json_units(relative: str, node, path: tuple) -> Iterator[Unit]:
    if isinstance(node, dict):
        languages = {k: _language(k) for k in node}
        if isinstance(node.get("en"), str) and sum(1 for v in languages.values() if v and v != "en") >= 1:
            yield Unit(
                key="json|{}|{}".format(relative, "/".join(map(str, path))),
                origin=relative,
                source=node["en"],
                context="/".join(map(str, path)),
                translations={lang: v for k, v in node.items() if (lang := languages[k]) and k != "en" and v},
            )
            return
        for k, v in node.items():
            yield from _json_units(relative, v, (*path, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _json_units(relative, v, (*path, i))


def content_units() -> Iterator[Unit]:
    for relative in content_files():
        yield from _json_units(relative, json.loads((root() / relative).read_text(encoding="utf-8")), ())


def all_units() -> Iterator[Unit]:
    yield from catalogue_units()
    yield from content_units()
