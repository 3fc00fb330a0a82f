# ruff: noqa: RUF001 -- the demo texts use each script's own punctuation (full-width colons in Chinese)
"""Demo library for seed_demo: the City of Belonging guide in a few languages (Boston), a Know
Your Rights leaflet and poster artwork, each file a small real PDF drawn by WeasyPrint at seed
time and marked as a demo sample. Languages left without a file show on the staff to-do list.
Idempotent: documents are keyed by slug, files by (document, language)."""

import json
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.html import escape

from .models import Document, DocumentFile
from .services import document_file_save

SEEDS = Path(settings.BASE_DIR) / "directory" / "demo_data" / "boston_seeds.json"
LANGS = settings.LANGUAGE_CODES

# The sample's one line, in the languages files are seeded in.
SAMPLE_NOTE = {
    "en": "Demo sample. The office's published file replaces it.",
    "es": "Muestra de demostración. El archivo publicado por la oficina la reemplaza.",
    "ht": "Egzanp pou demonstrasyon. Fichye biwo a pibliye a ranplase l.",
    "vi": "Mẫu minh họa. Tệp chính thức của văn phòng sẽ thay thế mẫu này.",
    "so": "Tusaale bandhig. Faylka xafiisku daabacay ayaa beddeli doona.",
    "ar": "نموذج للعرض فقط. يحلّ محله الملف الذي ينشره المكتب.",
    "zh-hans": "演示样本。办公室发布的正式文件将取代它。",
}

KYR_TITLE = {
    "en": "Know Your Rights: what to do if immigration agents come to your door",
    "es": "Conozca sus derechos: qué hacer si agentes de inmigración llegan a su puerta",
    "zh-hans": "了解您的权利：移民执法人员上门时怎么办",
    "zh-hant": "了解您的權利：移民執法人員上門時怎麼辦",
    "ht": "Konnen dwa ou: sa pou w fè si ajan imigrasyon vin frape lakay ou",
    "vi": "Biết quyền của bạn: phải làm gì khi nhân viên di trú đến nhà",
    "kea": "Konxe bu direitus: kuzé ki bu debe faze si ajentis di imigrason bai bu porta",
    "pt-br": "Conheça seus direitos: o que fazer se agentes de imigração baterem à sua porta",
    "ru": "Знайте свои права: что делать, если к вам пришли сотрудники иммиграционной службы",
    "ar": "اعرف حقوقك: ماذا تفعل إذا جاء موظفو الهجرة إلى بابك",
    "fr": "Connaître vos droits : que faire si des agents de l'immigration viennent chez vous",
    "so": "Ogow xuquuqdaada: waxa la sameeyo haddii sarkaal socdaal uu albaabkaaga yimaado",
}

POSTER_ART_TITLE = {
    "en": "City of Belonging poster artwork",
    "es": "Diseño del cartel City of Belonging",
    "zh-hans": "City of Belonging 海报设计",
    "zh-hant": "City of Belonging 海報設計",
    "ht": "Desen afich City of Belonging",
    "vi": "Thiết kế áp phích City of Belonging",
    "kea": "Dizenhu di kartaz City of Belonging",
    "pt-br": "Arte do cartaz City of Belonging",
    "ru": "Макет плаката City of Belonging",
    "ar": "تصميم ملصق City of Belonging",
    "fr": "Maquette de l'affiche City of Belonging",
    "so": "Naqshadda boodhka City of Belonging",
}


def _directory_texts(slug: str) -> dict:
    """The guide's name and description in every language, from the directory's seed entry."""
    services = json.loads(SEEDS.read_text(encoding="utf-8"))["services"]
    entry = next(service for service in services if service["slug"] == slug)
    return {"title": entry["name"], "description": entry["description"]}


def _localized(field: str, values: dict) -> dict:
    return {f"{field}_{code.replace('-', '_')}": values.get(code, "") for code in LANGS} | {field: values["en"]}


def sample_pdf(*, title: str, language: str, pages: int = 2) -> bytes:
    """A small tagged PDF in `language` with the portal's fonts (right to left for Arabic)."""
    from weasyprint import HTML

    direction = "rtl" if language in settings.LANGUAGES_BIDI else "ltr"
    note = escape(SAMPLE_NOTE.get(language, SAMPLE_NOTE["en"]))
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
    with transaction.atomic():
        if office == "boston":
            guide = _document(
                "city-of-belonging-guide",
                kind=Document.Kind.GUIDE,
                order=0,
                **_directory_texts("city-of-belonging-resource-guide"),
            )
            _files(guide, ["en", "es", "ht", "vi", "so", "ar", "zh-hans"], pages=4)
            artwork = _document(
                "city-of-belonging-poster",
                kind=Document.Kind.POSTER,
                order=2,
                title=POSTER_ART_TITLE,
                description={"en": "The poster's artwork to print yourself, on Letter or Tabloid (11 x 17 in) paper."},
            )
            _files(artwork, ["en", "es", "ar", "vi"], pages=1)
        kyr = _document(
            "know-your-rights-at-the-door",
            kind=Document.Kind.KNOW_YOUR_RIGHTS,
            order=1,
            title=KYR_TITLE,
            description={"en": "Demo leaflet: replace it with the office's approved Know Your Rights material."},
        )
        _files(kyr, ["en", "es"], pages=1)
    stdout.write(f"library: {Document.objects.count()} documents, {DocumentFile.objects.count()} files")
