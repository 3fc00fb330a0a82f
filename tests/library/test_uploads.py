"""What staff upload is judged by its content: a page disguised as a PDF, a PDF that cannot be
read, or a file over the limit is refused with a message; a real PDF has its pages counted."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from library import uploads
from library.models import DocumentFile
from library.services import document_file_save
from tests.factories.accounts import StaffFactory, staff_sign_in
from tests.factories.library import DocumentFactory, pdf_bytes, pdf_upload

pytestmark = pytest.mark.django_db


def test_a_pdf_is_stored_with_its_page_count_type_and_size_whatever_its_name():
    document = DocumentFactory(slug="guide")
    upload = SimpleUploadedFile("Photo of Maria Lopez.jpg", pdf_bytes(3), content_type="image/jpeg")
    item = document_file_save(document=document, language="vi", upload=upload)
    assert (item.content_type, item.page_count, item.size) == ("application/pdf", 3, len(pdf_bytes(3)))
    # The stored name says what the file is, not what the uploader called it.
    assert item.file.name == "library/guide/vi.pdf"


def test_an_html_page_named_pdf_is_refused():
    upload = SimpleUploadedFile("guide.pdf", b"<html><script>alert(1)</script></html>", content_type="application/pdf")
    with pytest.raises(ValidationError, match="PDF, PNG, JPEG or Word"):
        document_file_save(document=DocumentFactory(), language="es", upload=upload)
    assert not DocumentFile.objects.exists()


def test_a_broken_pdf_is_refused_with_a_message_not_a_crash():
    upload = SimpleUploadedFile("guide.pdf", b"%PDF-1.7\nthis is not really a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError, match="could not be read"):
        document_file_save(document=DocumentFactory(), language="es", upload=upload)


def test_a_file_over_the_limit_is_refused_before_it_is_read(monkeypatch):
    monkeypatch.setattr(uploads, "MAX_FILE_BYTES", 100)
    with pytest.raises(ValidationError, match="larger than"):
        document_file_save(document=DocumentFactory(), language="es", upload=pdf_upload(5))


def test_a_zip_bomb_named_docx_is_refused(tmp_path):
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", '<Types><Override PartName="/word/document.xml"/></Types>')
        archive.writestr("word/document.xml", b"\0" * (30 * 1024 * 1024))
    upload = SimpleUploadedFile("guide.docx", buffer.getvalue())
    with pytest.raises(ValidationError):
        document_file_save(document=DocumentFactory(), language="es", upload=upload)


def test_a_new_upload_replaces_the_language_file_and_the_old_one_is_gone():
    document = DocumentFactory()
    first = document_file_save(document=document, language="so", upload=pdf_upload(1))
    old_path = first.file.path
    second = document_file_save(document=document, language="so", upload=pdf_upload(6))
    assert DocumentFile.objects.filter(document=document, language="so").count() == 1
    assert second.page_count == 6
    with open(second.file.path, "rb") as handle:
        assert handle.read() == pdf_bytes(6)
    assert old_path == second.file.path  # same stored name, new content


def _inline_post(document, *, language: str, upload) -> dict:
    return {
        "slug": document.slug,
        "kind": "guide",
        "title_en": document.title,
        "published": "on",
        "order": "0",
        "files-TOTAL_FORMS": "1",
        "files-INITIAL_FORMS": "0",
        "files-MIN_NUM_FORMS": "0",
        "files-MAX_NUM_FORMS": "1000",
        "files-0-language": language,
        "files-0-file": upload,
    }


def test_staff_upload_in_the_admin_records_who_uploaded_and_refuses_a_disguised_file(client):
    staff = StaffFactory(is_superuser=True)
    staff_sign_in(client, staff)
    document = DocumentFactory(slug="guide", title="Guide")
    url = f"/admin/library/document/{document.pk}/change/"
    fake = SimpleUploadedFile("guide.pdf", b"GIF89a not a pdf")
    response = client.post(url, _inline_post(document, language="ar", upload=fake))
    assert response.status_code == 200
    assert "Upload a PDF, PNG, JPEG or Word (DOCX) file." in response.content.decode()
    assert not DocumentFile.objects.exists()
    response = client.post(url, _inline_post(document, language="ar", upload=pdf_upload(2)))
    assert response.status_code == 302
    item = DocumentFile.objects.get()
    assert (item.language, item.page_count, item.uploaded_by) == ("ar", 2, staff)
