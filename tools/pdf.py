"""PDFs of the tools, written like the annual report's: WeasyPrint, tagged PDF/UA-1, the portal's
fonts for every script (reports/pdf_tags.py adds what WeasyPrint's tagging leaves out)."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

from reports.pdf_tags import finer_structure, margins_as_artifacts
from reports.rendering import html_lang

CSS_DIR = Path(__file__).parent / "static" / "tools"
PLAN_CSS = CSS_DIR / "plan-pdf.css"
CARD_CSS = CSS_DIR / "card-pdf.css"

__all__ = ["html_lang", "pdf_pages", "pdf_write"]


def _document(html: str, css: Path, extra_css: str = ""):
    from weasyprint import CSS, HTML

    stylesheets = [CSS(filename=str(css))]
    if extra_css:
        stylesheets.append(CSS(string=extra_css))
    return HTML(string=html, base_url=str(settings.BASE_DIR)).render(stylesheets=stylesheets, pdf_variant="pdf/ua-1")


def pdf_pages(html: str, css: Path, extra_css: str = "") -> int:
    """How many pages the HTML takes once laid out (to fit a card's text to its size)."""
    return len(_document(html, css, extra_css).pages)


def pdf_write(html: str, *, language: str, css: Path, extra_css: str = "") -> bytes:
    """The tagged PDF of `html`, whose document language is `language`."""
    document = _document(html, css, extra_css)
    with finer_structure(html_lang(language)):
        data = document.write_pdf(pdf_variant="pdf/ua-1", uncompressed_pdf=False)
    return margins_as_artifacts(data)
