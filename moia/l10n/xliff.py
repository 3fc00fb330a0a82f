"""XLIFF 2.0 for translation vendors: one file per language, one <file> per catalogue or content file.

Each unit's id is a digest of the portal's text key (XLIFF ids must be NMTOKENs); the key itself
travels in a note so a vendor's tool shows where the text is used. On import, a <source> that no
longer matches the English is refused (the vendor translated an older wording), and only
segments in state "final" are recorded as reviewed; "translated" ones replace the text as drafts.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict

# Writing only; every file read from outside goes through defusedxml below.
from xml.etree.ElementTree import Element, SubElement, tostring

from defusedxml.ElementTree import ParseError, fromstring
from django.utils.translation import gettext as _

from .models import source_hash
from .packets import PacketError
from .selectors import PacketRow

NS = "urn:oasis:names:tc:xliff:document:2.0"


def unit_id(key: str) -> str:
    return "u" + hashlib.sha1(key.encode("utf-8"), usedforsecurity=False).hexdigest()


def xliff_export(*, language: str, rows: list[PacketRow]) -> bytes:
    root = Element("xliff", {"xmlns": NS, "version": "2.0", "srcLang": "en", "trgLang": language})
    files: dict[str, list[PacketRow]] = defaultdict(list)
    for row in rows:
        files[row.origin].append(row)
    for number, (origin, items) in enumerate(sorted(files.items()), start=1):
        file = SubElement(root, "file", {"id": f"f{number}", "original": origin})
        for row in items:
            unit = SubElement(file, "unit", {"id": unit_id(row.key)})
            notes = SubElement(unit, "notes")
            SubElement(notes, "note", {"category": "key"}).text = row.key
            if row.context:
                SubElement(notes, "note", {"category": "context"}).text = row.context
            if row.terms:
                SubElement(notes, "note", {"category": "glossary"}).text = row.terms
            state = "final" if row.status == "reviewed" else "translated"
            segment = SubElement(unit, "segment", {"state": state})
            SubElement(segment, "source").text = row.english
            SubElement(segment, "target").text = row.translation
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + tostring(root, encoding="utf-8")


def _text(element) -> str:
    # Inline codes (<ph>, <pc>) are not produced by the export; their text is kept if a tool adds them.
    return "".join(element.itertext()) if element is not None else ""


def xliff_read(*, data: bytes, keys: list[str]) -> tuple[str, list[tuple[int, str, str, str, bool]]]:
    """The target language and the rows (line, key, English hash, text, reviewed?) of a vendor's file."""
    try:
        root = fromstring(data)
    except (ParseError, ValueError) as exc:
        raise PacketError(_("This file is not an XLIFF 2.0 file exported by the portal.")) from exc
    if root.tag != f"{{{NS}}}xliff" or root.get("version") != "2.0":
        raise PacketError(_("This file is not an XLIFF 2.0 file exported by the portal."))
    by_id = {unit_id(key): key for key in keys}
    rows = []
    for number, unit in enumerate(root.iter(f"{{{NS}}}unit"), start=1):
        segment = unit.find(f"{{{NS}}}segment")
        if segment is None:
            continue
        key = by_id.get(unit.get("id", ""), unit.get("id", ""))
        english = _text(segment.find(f"{{{NS}}}source"))
        target = _text(segment.find(f"{{{NS}}}target"))
        rows.append((number, key, source_hash(english), target, segment.get("state") == "final"))
    return root.get("trgLang", ""), rows
