"""Reads: what residents can download, in which languages, and what staff still have to translate."""

from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.utils.translation import get_language_info

from .models import Document, DocumentFile
from .uploads import TYPE_LABELS


@dataclass(frozen=True)
class FileLink:
    """One downloadable file as a resident sees it: the language named in its own script."""

    file: DocumentFile
    language: str
    language_name: str
    bidi: bool
    type_label: str

    @property
    def size(self) -> int:
        return self.file.size

    @property
    def page_count(self) -> int | None:
        return self.file.page_count

    @property
    def url(self) -> str:
        return self.file.get_absolute_url()


@dataclass
class DocumentListing:
    document: Document
    own: FileLink | None
    others: list[FileLink] = field(default_factory=list)


def _language_order() -> dict[str, int]:
    return {code: index for index, code in enumerate(settings.LANGUAGE_CODES)}


def file_link(item: DocumentFile) -> FileLink:
    info = get_language_info(item.language)
    return FileLink(
        file=item,
        language=item.language,
        language_name=info["name_local"],
        bidi=bool(info.get("bidi")),
        type_label=TYPE_LABELS.get(item.content_type, item.content_type),
    )


def documents_public() -> QuerySet[Document]:
    """Published documents with at least one file, their files fetched alongside."""
    files = Prefetch("files", queryset=DocumentFile.objects.exclude(file=""))
    return Document.objects.filter(published=True, files__isnull=False).distinct().prefetch_related(files)


def documents_listing(*, language: str, documents=None) -> list[DocumentListing]:
    """Each published document with its file in `language` first (or none), then the other
    languages in the portal's language order."""
    order = _language_order()
    listings = []
    for document in documents if documents is not None else documents_public():
        links = sorted(
            (file_link(item) for item in document.files.all()), key=lambda link: order.get(link.language, 99)
        )
        own = next((link for link in links if link.language == language), None)
        listings.append(DocumentListing(document=document, own=own, others=[link for link in links if link is not own]))
    return listings


def document_file_public(*, slug: str, language: str) -> DocumentFile | None:
    """The file a public download link names, if its document is published."""
    return (
        DocumentFile.objects.filter(document__slug=slug, document__published=True, language=language)
        .exclude(file="")
        .select_related("document")
        .first()
    )


@dataclass(frozen=True)
class MissingRow:
    document: Document
    missing: list[tuple[str, str]]  # (code, English name)
    present: int


def documents_missing_languages() -> list[MissingRow]:
    """The staff to-do list: every published document with the portal languages it has no file
    in (documents x languages without a file), most missing first."""
    names = dict(settings.LANGUAGES)
    rows = []
    have: dict = {}
    for document_id, language in DocumentFile.objects.exclude(file="").values_list("document_id", "language"):
        have.setdefault(document_id, set()).add(language)
    for document in Document.objects.filter(published=True):
        present = have.get(document.pk, set())
        missing = [(code, str(names[code])) for code in settings.LANGUAGE_CODES if code not in present]
        if missing:
            rows.append(MissingRow(document=document, missing=missing, present=len(present)))
    rows.sort(key=lambda row: (-len(row.missing), row.document.order, row.document.slug))
    return rows


def home_section() -> dict | None:
    """The home page's link to the materials residents can download (none published: hidden)."""
    from django.utils.translation import get_language

    listings = documents_listing(language=get_language(), documents=documents_public()[:4])
    if not listings:
        return None
    return {"template": "library/_home_section.html", "context": {"listings": listings}}
