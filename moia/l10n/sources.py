"""Every translatable unit the portal ships: catalogue entries and translated demo/seed content.

One reader for all of them, so the terminology test, the review packets and the status figures
look at the same texts. A unit is addressed by a stable key that the packet import uses to write
the reviewed text back to the very file it came from.
"""

from __future__ import annotations

import ast
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import polib
from django.conf import settings
from django.utils.translation import to_language, to_locale

# Shipped content with translations inside: JSON keyed by language code, and Python modules whose
# dictionaries are keyed by modeltranslation suffixes (or tuples in the module's LANGS order).
CONTENT_FILES = (
    "directory/demo_data/boston_seeds.json",
    "directory/demo_data/boston_partners.json",
    "directory/demo_data/baltimore.json",
    "surveys/demo_data/community_insights.json",
    "programs/demo_content.py",
    "grants/demo_texts.py",
)


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


def _literal_tuple(node: ast.AST) -> list[str] | None:
    if not isinstance(node, ast.Tuple):
        return None
    strings = [e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)]
    return strings if len(strings) == len(node.elts) else None


def _python_units(relative: str, tree: ast.Module, with_nodes: bool = False) -> Iterator:
    """Dictionaries with an "en" key and tuples in LANGS order, found by reading the module's syntax tree.

    With with_nodes, yields (unit, {language: literal node}) so the writer can replace a literal in place.
    """
    langs: list[str] = []
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "LANGS" for t in node.targets):
            langs = _literal_tuple(node.value) or []

    # Yields units, or (unit, nodes) pairs with with_nodes.
    def walk(node: ast.AST, path: tuple) -> Iterator:
        if isinstance(node, ast.Dict):
            keys = [k.value if isinstance(k, ast.Constant) and isinstance(k.value, str) else None for k in node.keys]
            if "en" in keys:
                values = dict(zip(keys, node.values, strict=True))
                english = values["en"]
                if isinstance(english, ast.Constant) and isinstance(english.value, str):
                    nodes = {
                        language: v
                        for k, v in values.items()
                        if k
                        and k != "en"
                        and (language := _language(k))
                        and isinstance(v, ast.Constant)
                        and isinstance(v.value, str)
                        and v.value
                    }
                    unit = Unit(
                        key="py|{}|{}".format(relative, "/".join(map(str, path))),
                        origin=relative,
                        source=english.value,
                        context="/".join(map(str, path)),
                        translations={language: str(node.value) for language, node in nodes.items()},
                    )
                    yield (unit, nodes) if with_nodes else unit
                    return
            for k, v in zip(keys, node.values, strict=True):
                yield from walk(v, (*path, k))
            return
        strings = _literal_tuple(node) if langs else None
        if isinstance(node, ast.Tuple) and strings and len(strings) == len(langs) and langs[0] == "en":
            # _literal_tuple vouched that every element is a string constant.
            elements = [element for element in node.elts[1:] if isinstance(element, ast.Constant)]
            nodes = {
                language: element
                for code, element in zip(langs[1:], elements, strict=True)
                if (language := _language(code))
            }
            unit = Unit(
                key="py|{}|{}".format(relative, "/".join(map(str, path))),
                origin=relative,
                source=strings[0],
                context="/".join(map(str, path)),
                translations={language: str(element.value) for language, element in nodes.items()},
            )
            yield (unit, nodes) if with_nodes else unit
            return
        if isinstance(node, ast.Tuple | ast.List):
            for i, element in enumerate(node.elts):
                yield from walk(element, (*path, i))

    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            yield from walk(node.value, (node.targets[0].id,))


def content_units() -> Iterator[Unit]:
    for relative in CONTENT_FILES:
        path = root() / relative
        text = path.read_text(encoding="utf-8")
        if relative.endswith(".json"):
            yield from _json_units(relative, json.loads(text), ())
        else:
            yield from _python_units(relative, ast.parse(text))


def all_units() -> Iterator[Unit]:
    yield from catalogue_units()
    yield from content_units()
