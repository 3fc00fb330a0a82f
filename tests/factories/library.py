import io

import factory
from django.core.files.uploadedfile import SimpleUploadedFile

from library.models import Document


def pdf_bytes(pages: int = 1) -> bytes:
    """A real PDF of `pages` blank Letter pages (pypdf writes it: no WeasyPrint needed in tests)."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _page in range(pages):
        writer.add_blank_page(width=612, height=792)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def pdf_upload(pages: int = 1, name: str = "guide.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes(pages), content_type="application/pdf")


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Document

    slug = factory.Sequence(lambda n: f"document-{n}")
    title = factory.Sequence(lambda n: f"Document {n}")
    title_en = factory.SelfAttribute("title")
    published = True


def document_with_files(languages: dict[str, int], **kwargs) -> Document:
    """A document with a PDF in each language, of the given number of pages."""
    from library.services import document_file_save

    document = DocumentFactory(**kwargs)
    for language, pages in languages.items():
        document_file_save(document=document, language=language, upload=pdf_upload(pages))
    return document
