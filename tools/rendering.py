"""The printed outputs: a family's plan (one copy per language asked for) and the card PDFs."""

from __future__ import annotations

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import get_language_bidi

from .models import KnowYourRightsCard
from .pdf import CARD_CSS, PLAN_CSS, html_lang, pdf_pages, pdf_write
from .selectors import card_essentials, card_text, plan_help_numbers

# Font sizes tried, largest first, until a side of the card fits on its 3.5 x 2 in page.
CARD_FONT_SIZES_PT = (8, 7.5, 7, 6.5, 6, 5.5)
CARD_CACHE_SECONDS = 24 * 3600
# The sheet: 2 columns x 5 rows of 3.5 x 2 in cards on Letter, 0.75 in from the sides and 0.5 in
# from the top; crop marks (0.5 pt lines) sit in the margins on every cut line, never on a card.
SHEET_LEFT, SHEET_TOP, CARD_WIDTH, CARD_HEIGHT, COLUMNS, ROWS = 0.75, 0.5, 3.5, 2.0, 2, 5
MARK_LENGTH, MARK_GAP, MARK_WIDTH = 0.3, 0.1, 0.007


def sheet_marks() -> list[dict]:
    """The crop marks of the sheet, in inches from the page's top left corner."""
    xs = [SHEET_LEFT + CARD_WIDTH * column for column in range(COLUMNS + 1)]
    ys = [SHEET_TOP + CARD_HEIGHT * row for row in range(ROWS + 1)]
    bottom = SHEET_TOP + CARD_HEIGHT * ROWS
    right = SHEET_LEFT + CARD_WIDTH * COLUMNS
    marks = []
    for x in xs:
        for top in (SHEET_TOP - MARK_GAP - MARK_LENGTH, bottom + MARK_GAP):
            marks.append({"left": x - MARK_WIDTH / 2, "top": top, "width": MARK_WIDTH, "height": MARK_LENGTH})
    for y in ys:
        for left in (SHEET_LEFT - MARK_GAP - MARK_LENGTH, right + MARK_GAP):
            marks.append({"left": left, "top": y - MARK_WIDTH / 2, "width": MARK_LENGTH, "height": MARK_WIDTH})
    return marks


def sheet_marks_css() -> str:
    """The crop marks as CSS rules (the PDF's HTML carries no inline style)."""
    return "".join(
        f".mark-{number} {{ left: {m['left']:.4f}in; top: {m['top']:.4f}in; "
        f"width: {m['width']:.4f}in; height: {m['height']:.4f}in; }}"
        for number, m in enumerate(sheet_marks())
    )


def plan_copies(languages: list[str]) -> list[dict]:
    """What each copy of a plan prints around the family's answers, in that copy's language."""
    copies = []
    for language in languages:
        with translation.override(language):
            copies.append(
                {
                    "language": language,
                    "lang": html_lang(language),
                    "dir": "rtl" if get_language_bidi() else "ltr",
                    "numbers": plan_help_numbers(),
                    "essentials": card_essentials(language),
                }
            )
    return copies


def plan_pdf(*, plan: dict, languages: list[str]) -> bytes:
    """The plan as a tagged PDF: one copy per language, each ending with its wallet card."""
    copies = plan_copies(languages)
    with translation.override(languages[0]):
        html = render_to_string("tools/pdf/family_plan.html", {"plan": plan, "copies": copies, **copies[0]})
    # Built from the request and returned: never cached, never written anywhere.
    return pdf_write(html, language=languages[0], css=PLAN_CSS)


def _card_html(card: KnowYourRightsCard, language: str, *, sheet: bool) -> str:
    text = card_text(card, language)
    with translation.override(language):
        return render_to_string(
            "tools/pdf/card.html",
            {
                "card": text,
                "sheet": sheet,
                "lang": html_lang(language),
                "dir": "rtl" if get_language_bidi() else "ltr",
                "slots": range(COLUMNS * ROWS),
                "sides": ("front", "back"),
                "marks": range(len(sheet_marks())) if sheet else [],
            },
        )


def _font_size(card: KnowYourRightsCard, language: str) -> float:
    """The largest size at which each side of the card fits on its own card-sized page."""
    html = _card_html(card, language, sheet=False)
    for size in CARD_FONT_SIZES_PT:
        if pdf_pages(html, CARD_CSS, f":root {{ --card-font: {size}pt; }}") <= 2:
            return size
    return CARD_FONT_SIZES_PT[-1]


def card_pdf(*, card: KnowYourRightsCard, language: str, sheet: bool) -> bytes:
    """A single card (front page, back page, each 3.5 x 2 in) or a Letter sheet of ten with crop marks.

    The card's text is the office's, the same for every resident: the PDF is kept for a day,
    keyed by the card's last edit, so a resident printing one does not wait for the layout."""
    key = f"tools:card:{card.pk}:{card.updated_at.timestamp()}:{language}:{'sheet' if sheet else 'single'}"
    data = cache.get(key)
    if data is None:
        size = _font_size(card, language)
        html = _card_html(card, language, sheet=sheet)
        extra = f":root {{ --card-font: {size}pt; }}" + (sheet_marks_css() if sheet else "")
        data = pdf_write(html, language=language, css=CARD_CSS, extra_css=extra)
        cache.set(key, data, CARD_CACHE_SECONDS)
    return data
