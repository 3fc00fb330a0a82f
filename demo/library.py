"""Demo library for seed_demo: the City of Belonging guide in a few languages (Boston), a Know
Your Rights leaflet and poster artwork, each file a small real PDF drawn by WeasyPrint at seed
time and marked as a demo sample. Languages left without a file show on the staff to-do list.
Idempotent: documents are keyed by slug, files by (document, language)."""

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.html import escape

from demo.loading import SHARED, localized, read
from library.models import Document, DocumentFile
from library.services import document_file_save

LANGS = settings.LANGUAGE_CODES


def _directory_texts(office: str, slug: str) -> dict:
    """The guide's name and description in every language, from the directory's seed entry."""
    services = read(office, "directory")["services"]
    entry = next(service for service in services if service["slug"] == slug)
    return {"title": entry["name"], "description": entry["description"]}


def _localized(field: str, values: dict) -> dict:
    # Every language is written, so a language dropped from the content is emptied on reload.
    return localized(field, {code: values.get(code, "") for code in LANGS}, default=True)


def sample_pdf(*, title: str, language: str, pages: int = 2) -> bytes:
    """A small tagged PDF in `language` with the portal's fonts (right to left for Arabic)."""
    from weasyprint import HTML

    direction = "rtl" if language in settings.LANGUAGES_BIDI else "ltr"
    notes = read(SHARED, "library")["sample_note"]
    note = escape(notes.get(language, notes["en"]))
    body = "".join(
        f'<section style="break-after: page"><h1>{escape(title)}</h1><p>{note}</p>'
        f"<p>{number + 1} / {pages}</p></section>"
        for number in range(pages)
    )
    html = (
        f'<!DOCTYPE html><html lang="{language}" dir="{direction}"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title>"
        '<style>@page { size: Letter; margin: 1in } html { font-family: "Noto Sans", "Noto Naskh Arabic", '
        '"Noto Sans CJK SC", sans-serif } h1 { color: #1a4480 }</style></head>'
        f"<body>{body}</body></html>"
    )
    return HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")


def _document(slug: str, *, kind: str, order: int, title: dict, description: dict) -> Document:
    document, _created = Document.objects.update_or_create(
        slug=slug,
        defaults={
            "kind": kind,
            "order": order,
            "published": True,
            **_localized("title", title),
            **_localized("description", description),
        },
    )
    return document


def _files(document: Document, languages: list[str], *, pages: int) -> None:
    have = set(DocumentFile.objects.filter(document=document).values_list("language", flat=True))
    for language in languages:
        if language in have:
            continue
        title = getattr(document, f"title_{language.replace('-', '_')}") or document.title
        upload = ContentFile(sample_pdf(title=title, language=language, pages=pages), name=f"{document.slug}.pdf")
        document_file_save(document=document, language=language, upload=upload)


def seed(*, office: str, stdout) -> None:
    """Load the demo documents and their sample files."""
    specs = [*read(office, "library", missing={}).get("documents", []), *read(SHARED, "library")["documents"]]
    with transaction.atomic():
        for spec in specs:
            if "directory_service" in spec:
                texts = _directory_texts(office, spec["directory_service"])
            else:
                texts = {"title": spec["title"], "description": spec["description"]}
            document = _document(spec["slug"], kind=spec["kind"], order=spec["order"], **texts)
            _files(document, spec["languages"], pages=spec["pages"])
    stdout.write(f"library: {Document.objects.count()} documents, {DocumentFile.objects.count()} files")
