import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from grants.services import document_add
from grants.uploads import DOCX, JPEG, PDF, PNG, XLSX, sniff_content_type

from .conftest import MINIMAL_PDF, docx_bytes, pdf_upload, xlsx_bytes

pytestmark = pytest.mark.django_db

PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG_BYTES = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 32
EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64


def test_a_pdf_made_by_weasyprint_is_recognised():
    from weasyprint import HTML

    assert sniff_content_type(io.BytesIO(HTML(string="<p>Budget</p>").write_pdf())) == PDF


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (MINIMAL_PDF, PDF),
        (PNG_BYTES, PNG),
        (JPEG_BYTES, JPEG),
    ],
)
def test_allowed_types_are_recognised_by_their_first_bytes(content, expected):
    assert sniff_content_type(io.BytesIO(content)) == expected


def test_office_files_are_told_apart_by_their_content_types_part():
    assert sniff_content_type(io.BytesIO(xlsx_bytes())) == XLSX
    assert sniff_content_type(io.BytesIO(docx_bytes())) == DOCX


def test_a_plain_zip_or_an_executable_is_not_an_allowed_type():
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("payload.txt", "hello")
    assert sniff_content_type(buffer) is None
    assert sniff_content_type(io.BytesIO(EXE_BYTES)) is None
    assert sniff_content_type(io.BytesIO(b"PK\x03\x04broken")) is None


def test_an_exe_renamed_pdf_is_refused_and_nothing_is_stored(world):
    application = world["application"]
    upload = SimpleUploadedFile("letter.pdf", EXE_BYTES, content_type="application/pdf")
    with pytest.raises(ValidationError):
        document_add(application=application, by=world["a"], kind="irs_letter", upload=upload)
    assert application.documents.count() == 0


def test_a_file_over_ten_megabytes_is_refused(world):
    upload = SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024), content_type="application/pdf")
    with pytest.raises(ValidationError, match="10 MB"):
        document_add(application=world["application"], by=world["a"], kind="other", upload=upload)


def test_stored_name_is_random_and_under_the_private_media_root(world, settings):
    document = document_add(
        application=world["application"], by=world["a"], kind="irs_letter", upload=pdf_upload("../../etc/passwd.pdf")
    )
    assert "passwd" not in document.file.name
    assert document.file.name.startswith("grants/")
    assert document.file.name.endswith(".pdf")
    assert str(settings.MEDIA_ROOT) in document.file.path
    assert document.content_type == PDF


def test_upload_through_the_documents_step_keeps_the_form_error_for_a_fake_pdf(client, world):
    client.force_login(world["a"])
    url = reverse("grants:application_step", args=[world["application"].pk, "documents"])
    response = client.post(url, {"kind": "irs_letter", "file": SimpleUploadedFile("x.pdf", EXE_BYTES)})
    assert response.status_code == 200
    assert "Only PDF" in response.content.decode()
    response = client.post(url, {"kind": "budget", "file": SimpleUploadedFile("b.xlsx", xlsx_bytes())})
    assert response.status_code == 302
    assert world["application"].documents.get().content_type == XLSX


def test_download_is_an_attachment_with_nosniff_for_members_only(client, world):
    document = document_add(application=world["application"], by=world["a"], kind="irs_letter", upload=pdf_upload())
    url = reverse("grants:document_download", args=[document.pk])
    client.force_login(world["a"])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == MINIMAL_PDF
    client.force_login(world["b"])
    assert client.get(url).status_code == 404
