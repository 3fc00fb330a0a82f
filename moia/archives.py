"""Limits for an office file (DOCX, XLSX: a zip archive), judged before anything is inflated.

Used by every place that accepts one: grant documents (grants/uploads.py) and the admin's
spreadsheet imports (moia/csvio.py's XLSX format).
"""

import zipfile

# Checked on the archive's directory of entries before any entry is decompressed: a 422 KB zip
# bomb took a worker to 832 MB. A real grant document or staff spreadsheet is far inside them
# (a 300-page DOCX with images: ~200 entries, ~40 MB, ratio < 20).
MAX_ENTRIES = 2000
MAX_UNCOMPRESSED_BYTES = 100 * 1024 * 1024
MAX_RATIO = 100
# Below this an entry's ratio is not judged: tiny XML parts compress very well and cost nothing.
RATIO_FLOOR_BYTES = 1024 * 1024


def office_archive_within_limits(archive: zipfile.ZipFile) -> bool:
    """Whether the entries the archive declares stay within the limits (read from its headers only)."""
    entries = archive.infolist()
    if len(entries) > MAX_ENTRIES:
        return False
    if sum(entry.file_size for entry in entries) > MAX_UNCOMPRESSED_BYTES:
        return False
    for entry in entries:
        if entry.file_size > RATIO_FLOOR_BYTES and entry.file_size > MAX_RATIO * max(entry.compress_size, 1):
            return False
    return True
