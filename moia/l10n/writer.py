"""Write reviewed translations back to the file each unit came from (catalogue or JSON).

Changes are grouped per file so each file is read and written once; JSON keeps its two-space layout.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import polib
from django.utils.translation import to_locale

from .sources import catalogue_path, root


@dataclass(frozen=True)
class Change:
    key: str
    language: str
    text: str


def _json_key(language: str, node: dict) -> str:
    for candidate in (language, language.replace("-", "_"), to_locale(language)):
        if candidate in node:
            return candidate
    return language


def _columns(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _po_string(keyword: str, text: str) -> list[str]:
    """A msgstr in gettext's layout (79 columns, wrapped after spaces), so only the changed lines differ."""
    escaped = polib.escape(text)
    if _columns(keyword) + _columns(escaped) + 3 <= 79 and "\\n" not in escaped[:-2]:
        return [f'{keyword} "{escaped}"']
    lines, line = [f'{keyword} ""'], ""
    for piece in re.findall(r"[^ ]* *|.", escaped):
        for char_or_piece in [piece] if _columns(piece) <= 77 else list(piece):
            if line and _columns(line) + _columns(char_or_piece) > 77:
                lines.append(f'"{line}"')
                line = ""
            line += char_or_piece
            if line.endswith("\\n"):
                lines.append(f'"{line}"')
                line = ""
    if line:
        lines.append(f'"{line}"')
    return lines


def _write_catalogue(domain_dir: str, language: str, changes: list[Change]) -> None:
    """Replace only the msgstr lines of the changed entries: the rest of the file stays byte for byte."""
    path = catalogue_path(domain_dir, language)
    catalogue = polib.pofile(str(path))
    index = {(e.msgctxt or "", e.msgid): e for e in catalogue}
    lines = path.read_text(encoding="utf-8").split("\n")
    edits = []  # (first line index, end line index, new lines)
    for change in changes:
        _kind, _dir, context, msgid = change.key.split("|", 3)
        entry = index[(context, msgid)]
        first = entry.linenum - 1
        while not lines[first].startswith("msgstr"):
            first += 1
        end = first + 1
        while end < len(lines) and lines[end].startswith(('"', "msgstr")):
            end += 1
        if entry.msgid_plural:
            forms = change.text.split("\n")
            new = []
            for number in sorted(entry.msgstr_plural):
                new += _po_string(f"msgstr[{number}]", forms[min(number, len(forms) - 1)])
        else:
            new = _po_string("msgstr", change.text)
        edits.append((first, end, new))
        flags = entry.linenum - 2
        if "fuzzy" in entry.flags and flags >= 0 and lines[flags].startswith("#,"):
            remaining = [f for f in entry.flags if f != "fuzzy"]
            edits.append((flags, flags + 1, ["#, " + ", ".join(remaining)] if remaining else []))
    for first, end, new in sorted(edits, reverse=True):
        lines[first:end] = new
    path.write_text("\n".join(lines), encoding="utf-8")


def _write_json(relative: str, changes: list[Change]) -> None:
    path = root() / relative
    data = json.loads(path.read_text(encoding="utf-8"))
    for change in changes:
        node = data
        for step in change.key.split("|", 2)[2].split("/"):
            node = node[int(step)] if isinstance(node, list) else node[step]
        node[_json_key(change.language, node)] = change.text
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def apply_changes(changes: Iterable[Change]) -> int:
    """Write each change into its file; returns how many were written."""
    groups: dict[tuple, list[Change]] = defaultdict(list)
    count = 0
    for change in changes:
        kind, origin = change.key.split("|", 2)[:2]
        groups[(kind, origin, change.language if kind == "po" else "")].append(change)
        count += 1
    for (kind, origin, language), items in groups.items():
        if kind == "po":
            _write_catalogue(origin, language, items)
        else:
            _write_json(origin, items)
    return count
