"""What a library upload may be: judged by its content (grants.uploads' one sniffing rule, which
applies moia/archives.py's zip-bomb limits to office files), within a size limit, and a PDF
must open and say how many pages it has."""

from dataclasses import dataclass
from typing import IO

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from grants.uploads import DOCX, JPEG, PDF, PNG, sniff_content_type

# A guide with photos is a few MB; 25 MB leaves room for print-quality poster artwork.
MAX_FILE_BYTES = 25 * 1024 * 1024
ALLOWED = {PDF, PNG, JPEG, DOCX}
EXTENSIONS = {PDF: ".pdf", PNG: ".png", JPEG: ".jpg", DOCX: ".docx"}
# What residents read next to a link, the same in every language.
TYPE_LABELS = {PDF: "PDF", PNG: "PNG", JPEG: "JPEG", DOCX: "Word (DOCX)"}


@dataclass(frozen=True)
class CheckedUpload:
    content_type: str
    size: int
    page_count: int | None


def pdf_page_count(stream: IO[bytes]) -> int:
    """The number of pages of a PDF, or a ValidationError when it cannot be read."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    stream.seek(0)
    try:
        reader = PdfReader(stream)
        if reader.is_encrypted:
            raise ValidationError(_("This PDF is password-protected. Upload a PDF anyone can open."))
        count = len(reader.pages)
    except (PyPdfError, ValueError, KeyError, TypeError, OSError, RecursionError) as exc:
        raise ValidationError(_("This PDF could not be read. Save it again as a PDF and upload it.")) from exc
    finally:
        stream.seek(0)
    if count < 1:
        raise ValidationError(_("This PDF has no pages."))
    return count


def upload_check(upload) -> CheckedUpload:
    """Accept a PDF, PNG, JPEG or DOCX up to MAX_FILE_BYTES, whatever its name says."""
    if upload.size > MAX_FILE_BYTES:
        raise ValidationError(
            _("This file is larger than %(limit)d MB. Make it smaller and upload it again.")
            % {"limit": MAX_FILE_BYTES // (1024 * 1024)}
        )
    content_type = sniff_content_type(upload)
    if content_type not in ALLOWED:
        raise ValidationError(_("Upload a PDF, PNG, JPEG or Word (DOCX) file."))
    page_count = pdf_page_count(upload) if content_type == PDF else None
    return CheckedUpload(content_type=content_type, size=upload.size, page_count=page_count)
