"""Staff spreadsheet imports (the admin's import pages) meet the same zip-bomb check as grant
documents: an XLSX is judged by its archive headers before openpyxl inflates anything."""

import io
import tracemalloc
import zipfile

import openpyxl
import pytest
from django.conf import settings
from import_export.admin import ImportMixin

from moia.csvio import SafeXLSX


def _xlsx(rows) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _bomb() -> bytes:
    """A real workbook with one extra part that inflates to 200 MB from a few hundred KB."""
    buffer = io.BytesIO(_xlsx([["name"], ["Ana"]]))
    with zipfile.ZipFile(buffer, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/filler.bin", b"\0" * (200 * 1024 * 1024))
    return buffer.getvalue()


def test_an_ordinary_spreadsheet_still_imports():
    dataset = SafeXLSX().create_dataset(_xlsx([["reference", "name"], ["R-1", "Ana"]]))
    assert dataset.headers == ["reference", "name"]
    assert list(dataset[0]) == ["R-1", "Ana"]


def test_a_zip_bomb_spreadsheet_is_refused_before_anything_is_inflated():
    content = _bomb()
    assert len(content) < 1024 * 1024
    tracemalloc.start()
    try:
        with pytest.raises(ValueError, match="unpacks to more"):
            SafeXLSX().create_dataset(content)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 16 * 1024 * 1024


def test_every_admin_import_page_offers_only_the_checked_formats():
    # ImportMixin reads IMPORT_FORMATS; an ODS (another zip archive) or unchecked XLSX is not offered.
    offered = ImportMixin().get_import_formats()
    assert offered == list(settings.IMPORT_FORMATS)
    assert all(fmt.__module__ == "moia.csvio" for fmt in offered)
