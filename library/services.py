"""Writes: a document's file in one language, uploaded by staff."""

from django.db import transaction

from moia.accounts.models import User
from moia.services import audited

from .models import Document, DocumentFile
from .uploads import upload_check


@audited
@transaction.atomic
def document_file_save(*, document: Document, language: str, upload, by: User | None = None) -> DocumentFile:
    """Store `upload` as the document's file in `language`, replacing the previous one; the
    upload is checked by its content first (library.uploads)."""
    checked = upload_check(upload)
    item = DocumentFile.objects.select_for_update().filter(document=document, language=language).first()
    old_name = item.file.name if item is not None and item.file else ""
    item = item or DocumentFile(document=document, language=language)
    item.content_type = checked.content_type
    item.size = checked.size
    item.page_count = checked.page_count
    item.uploaded_by = by
    # The stored name comes from the document, language and sniffed type (models.document_file_upload_to).
    if old_name:
        item.file.storage.delete(old_name)
    item.file.save("upload", upload, save=False)
    item.save()
    return item
