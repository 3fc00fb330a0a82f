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
    assert "x.pdf: this type of file is not accepted" in response.content.decode()
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


def _docx_with(extra: dict[str, int], *, content_types_padding: int = 0, entries: int = 0) -> bytes:
    """A real DOCX plus entries of `size` zero bytes (written in chunks: the test never holds them)."""
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(docx_bytes()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "[Content_Types].xml":
                data = data.replace(b"<Types", b"<Types" + b" " * content_types_padding, 1)
            archive.writestr(info.filename, data)
        for name, size in extra.items():
            with archive.open(name, "w", force_zip64=True) as entry:
                chunk = b"\0" * (1024 * 1024)
                for _ in range(size // len(chunk)):
                    entry.write(chunk)
        for number in range(entries):
            archive.writestr(f"word/part{number}.xml", "<x/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    "bomb",
    [
        pytest.param({"extra": {"word/media/image1.png": 150 * 1024 * 1024}}, id="150 MB of zeros"),
        pytest.param({"extra": {"word/media/image1.png": 3 * 1024 * 1024}}, id="one entry 1000 times its size"),
        pytest.param({"extra": {}, "content_types_padding": 60 * 1024 * 1024}, id="huge content-types part"),
        pytest.param({"extra": {}, "entries": 2500}, id="thousands of entries"),
    ],
)
def test_a_zip_bomb_disguised_as_a_docx_is_refused_without_being_decompressed(bomb, world):
    import tracemalloc

    content = _docx_with(**bomb)
    assert len(content) < 1024 * 1024  # small enough to pass the 10 MB upload limit
    tracemalloc.start()
    try:
        assert sniff_content_type(io.BytesIO(content)) is None
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 8 * 1024 * 1024  # the entries were never inflated
    upload = SimpleUploadedFile("budget.docx", content, content_type=DOCX)
    with pytest.raises(ValidationError):
        document_add(application=world["application"], by=world["a"], kind="other", upload=upload)
    assert world["application"].documents.count() == 0


def test_a_docx_with_an_ordinary_image_is_still_accepted(world):
    import os
    import zipfile

    buffer = io.BytesIO(docx_bytes())
    with zipfile.ZipFile(buffer, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/media/photo.jpg", os.urandom(4 * 1024 * 1024))  # incompressible, like a photo
    assert sniff_content_type(io.BytesIO(buffer.getvalue())) == DOCX
    upload = SimpleUploadedFile("narrative.docx", buffer.getvalue(), content_type=DOCX)
    document = document_add(application=world["application"], by=world["a"], kind="other", upload=upload)
    assert document.content_type == DOCX
