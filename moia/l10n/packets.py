"""Review packets: one spreadsheet per language that a native speaker reads and corrects.

The reviewer edits only the "Reviewed translation" column (it starts as the current text) and may
leave a comment; every other column is there to read. The hidden columns carry what the import
needs to put each row back where it came from and to notice an English text changed meanwhile.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils.exceptions import InvalidFileException

from . import glossary
from .selectors import PacketRow

# Column ids (stable, read back by the import) and their widths; headers are translated.
COLUMNS = (
    ("key", 10),
    ("file", 22),
    ("context", 22),
    ("english", 60),
    ("current", 60),
    ("reviewed", 60),
    ("terms", 40),
    ("problems", 40),
    ("status", 14),
    ("comment", 30),
    ("source_hash", 10),
)
HIDDEN = {"key", "source_hash"}
EDITABLE = {"reviewed", "comment"}


def _headers() -> dict[str, str]:
    return {
        "key": _("Text id"),
        "file": _("File"),
        "context": _("Where it is used"),
        "english": _("English"),
        "current": _("Current translation"),
        "reviewed": _("Reviewed translation"),
        "terms": _("Glossary terms"),
        "problems": _("Problems found"),
        "status": _("Status"),
        "comment": _("Reviewer's comment"),
        "source_hash": _("English version"),
    }


def packet_workbook(*, language: str, rows: list[PacketRow]) -> bytes:
    """The XLSX file for one language: the texts sheet, the glossary sheet and an about sheet."""
    book = Workbook()
    sheet = book.active
    sheet.title = "texts"
    headers = _headers()
    sheet.append([headers[column] for column, _width in COLUMNS])
    sheet.append([column for column, _width in COLUMNS])  # machine-readable ids, hidden
    for row in rows:
        sheet.append(
            [
                row.key,
                row.origin,
                row.context,
                row.english,
                row.translation,
                row.translation,
                row.terms,
                row.problems,
                row.status,
                "",
                row.source_hash,
            ]
        )
    sheet.row_dimensions[2].hidden = True
    sheet.freeze_panes = "D3"
    editable_fill = PatternFill("solid", fgColor="FFF3C4")
    for index, (column, width) in enumerate(COLUMNS, start=1):
        letter = sheet.cell(row=1, column=index).column_letter
        sheet.column_dimensions[letter].width = width
        sheet.column_dimensions[letter].hidden = column in HIDDEN
        sheet.cell(row=1, column=index).font = Font(bold=True)
        for cell in sheet[letter][2:]:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if column in EDITABLE:
                cell.fill = editable_fill

    terms = book.create_sheet("glossary")
    terms.append([_("English"), _("Approved rendering"), _("Also accepted"), _("Note"), _("Do not translate")])
    for term in glossary.terms():
        forms = [r.text for r in term.renderings[language]]
        terms.append([term.en, forms[0], " | ".join(forms[1:]), term.note, _("yes") if term.do_not_translate else ""])

    about = book.create_sheet("about")
    about.append(["language", language])
    about.append(["exported", timezone.now().isoformat()])
    about.append(["texts", len(rows)])
    about.append(
        [
            _("How to review"),
            _(
                "Correct the yellow column only. Keep every placeholder (in brackets or braces) and every "
                "HTML tag exactly as it is. Use the glossary sheet for the approved words."
            ),
        ]
    )
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


@dataclass(frozen=True)
class ReviewedRow:
    line: int
    key: str
    source_hash: str
    text: str
    comment: str


class PacketError(ValueError):
    """The file is not a review packet this portal can read."""


def packet_read(*, data: bytes) -> tuple[str, list[ReviewedRow]]:
    """The language and the reviewed rows of a returned packet."""
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, OSError, KeyError, ValueError) as exc:
        raise PacketError(_("This file is not a review packet (an .xlsx file exported by the portal).")) from exc
    if "texts" not in book.sheetnames or "about" not in book.sheetnames:
        raise PacketError(_("This file is not a review packet (an .xlsx file exported by the portal)."))
    about = {str(row[0]): row[1] for row in book["about"].iter_rows(values_only=True) if row and row[0]}
    language = str(about.get("language") or "")
    lines = list(book["texts"].iter_rows(values_only=True))
    if len(lines) < 2:
        raise PacketError(_("This review packet has no texts."))
    ids = [str(value or "") for value in lines[1]]
    missing = {"key", "source_hash", "reviewed", "comment"} - set(ids)
    if missing:
        raise PacketError(_("This review packet is missing columns the import needs."))
    position = {column: ids.index(column) for column in ("key", "source_hash", "reviewed", "comment")}
    rows = []
    for number, line in enumerate(lines[2:], start=3):
        if not line or not line[position["key"]]:
            continue

        def value(column: str, line=line) -> str:
            cell = line[position[column]] if position[column] < len(line) else None
            return "" if cell is None else str(cell).replace("\r\n", "\n")

        rows.append(
            ReviewedRow(
                line=number,
                key=value("key"),
                source_hash=value("source_hash"),
                text=value("reviewed"),
                comment=value("comment"),
            )
        )
    return language, rows
