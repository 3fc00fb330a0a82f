"""What an uploaded file really is, judged by its first bytes, never by its name; and how an
upload is handed back to the people allowed to read it."""

import zipfile
from typing import IO

from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404

from moia.archives import office_archive_within_limits

MAX_UPLOAD_BYTES = 10 * 1024 * 1024

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PNG = "image/png"
JPEG = "image/jpeg"

EXTENSIONS = {PDF: ".pdf", DOCX: ".docx", XLSX: ".xlsx", PNG: ".png", JPEG: ".jpg"}


# Office files are zip archives: their entry headers are checked first (moia/archives.py).
MAX_CONTENT_TYPES_BYTES = 1024 * 1024


def _office_kind(stream: IO[bytes]) -> str | None:
    # DOCX and XLSX are zip files whose [Content_Types].xml names word/ or xl/ parts.
    try:
        with zipfile.ZipFile(stream) as archive:
            if not office_archive_within_limits(archive):
                return None
            info = archive.getinfo("[Content_Types].xml")
            if info.file_size > MAX_CONTENT_TYPES_BYTES:
                return None
            # zipfile stops at the declared size, so a lying header cannot make this read more.
            with archive.open(info) as entry:
                content_types = entry.read(MAX_CONTENT_TYPES_BYTES + 1)
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError, ValueError, EOFError, zipfile.LargeZipFile):
        return None
    if b"/word/" in content_types:
        return DOCX
    if b"/xl/" in content_types:
        return XLSX
    return None


def sniff_content_type(stream: IO[bytes]) -> str | None:
    """The MIME type of an allowed file (PDF, DOCX, XLSX, PNG, JPEG) from its content, or None."""
    stream.seek(0)
    head = stream.read(8)
    stream.seek(0)
    try:
        if head.startswith(b"%PDF-"):
            return PDF
        if head.startswith(b"\x89PNG\r\n\x1a\n"):
            return PNG
        if head.startswith(b"\xff\xd8\xff"):
            return JPEG
        if head.startswith(b"PK\x03\x04"):
            return _office_kind(stream)
        return None
    finally:
        stream.seek(0)


def attachment_response(file: FieldFile, *, filename: str, content_type: str) -> FileResponse:
    """An uploaded file as a download, for a view that has already checked who may read it.

    The name and type are the caller's, from what the content was found to be on upload, never the
    uploader's; as an attachment with nosniff, a file can never run as a page of the portal. A file
    gone from storage is a 404, not a 500."""
    try:
        handle = file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(handle, as_attachment=True, filename=filename, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response
