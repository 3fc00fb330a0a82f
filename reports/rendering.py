"""Turning a report snapshot into its outputs: the PDF (WeasyPrint, tagged PDF/UA), CSV and JSON."""

from __future__ import annotations

import io
import json
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import get_language_bidi
from django.utils.translation import gettext as _

from moia import csvio

from .charts import bar_chart_svg, chart_alt, chart_points, data_uri
from .layout import Grid, table_layout

PDF_CSS = Path(__file__).parent / "static" / "reports" / "report-pdf.css"


def html_lang(language: str) -> str:
    """BCP 47 tag for <html lang>: the PDF's document language and the CSS :lang() font rules."""
    return {"zh-hans": "zh-Hans", "zh-hant": "zh-Hant", "pt-br": "pt-BR"}.get(language, language)


def display(value) -> str:
    """A published value as text: a small count reads "fewer than 11" in the report's language,
    a cell hidden to protect one "—" (explained under its table); an empty cell stays empty."""
    from django.utils.formats import number_format

    from moia.disclosure import published_text, suppressed_reason

    if suppressed_reason(value):
        return published_text(value)
    if value is None:
        return ""
    if isinstance(value, float) and not value.is_integer():
        return number_format(value, decimal_pos=1, use_l10n=True, force_grouping=True)
    if isinstance(value, int | float):
        return number_format(int(value), use_l10n=True, force_grouping=True)
    return str(value)


def _percent_suffix(table: dict) -> str:
    units = {row.get("unit") for row in table["rows"]}
    return "%" if units == {"percent"} else ""


def _chart(table: dict) -> dict | None:
    """The chart of a table's first column, with its text alternative, or None if not worth drawing."""
    if not table.get("chart"):
        return None
    points = chart_points(table["rows"], ordered=table.get("ordered", False))
    if sum(1 for _label, value in points if value) < 2:
        return None
    suffix = _percent_suffix(table)

    def shown(value) -> str:
        return display(value) + suffix

    svg = bar_chart_svg(points=points, display=display, unit_suffix=suffix)
    chart = {"uri": data_uri(svg), "alt": chart_alt(title=table["title"], points=points, display=shown)}
    if get_language_bidi():
        pdf_svg = bar_chart_svg(points=points, display=display, unit_suffix=suffix, letter_by_letter=True)
        chart["pdf_uri"] = data_uri(pdf_svg)
    return chart


def display_rows(table: dict) -> list[dict]:
    """Rows as published, in reading order: aggregates first, then as the chart orders them."""
    rows = table["rows"]
    if table.get("chart") and not table.get("ordered"):
        numeric = [r for r in rows if isinstance(r["values"][0], int | float)]
        if len(numeric) == len(rows):
            rows = sorted(rows, key=lambda r: (not r.get("aggregate"), -r["values"][0]))
    return [
        {"label": row["label"], "values": [display(v) for v in row["values"]], "aggregate": row.get("aggregate", False)}
        for row in rows
    ]


def display_table(table: dict) -> dict:
    """A snapshot table made ready for a template: displayed values, chart, and its printed layout."""
    grid = Grid(
        columns=list(table["columns"]),
        rows=display_rows(table),
        totals=[display(v) for v in table["totals"]] if table.get("totals") else None,
        total_label=_("Total"),
    )
    layout = table_layout(grid)
    count = len(layout.parts)
    parts = []
    for number, part in enumerate(layout.parts, start=1):
        caption = table["title"]
        if count > 1:
            caption = _("%(title)s (part %(number)s of %(count)s)") % {
                "title": caption,
                "number": number,
                "count": count,
            }
        parts.append({"caption": caption, "grid": part})
    return {
        **table,
        "complementary": _has_complementary(table),
        "chart": _chart(table),
        "grid": grid,
        "parts": parts,
        "landscape": layout.landscape,
        "transposed": layout.transposed,
    }


def display_sections(snapshot: dict) -> list[dict]:
    return [
        {**section, "tables": [display_table(table) for table in section["tables"]]} for section in snapshot["sections"]
    ]


def _headline_value(value, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "list":
        return _(", ").join(value)
    if unit == "dollars":
        return _("$%(amount)s") % {"amount": display(value)}
    return display(value)


def _change(value, previous) -> str:
    """Change from the previous year in percent, or a dash where either year has no comparable count."""
    if not isinstance(value, int | float) or not isinstance(previous, int | float) or not previous:
        return "—"
    change = round(100 * (value - previous) / previous)
    if change == 0:
        return _("no change")
    # The left-to-right mark keeps the sign before the number in right-to-left text.
    return (
        "\N{LEFT-TO-RIGHT MARK}"
        + ("+" if change > 0 else "\N{MINUS SIGN}")
        + _("%(percent)s%%") % {"percent": display(abs(change))}
    )


def displayed_headlines(headlines: list[dict]) -> list[dict]:
    return [
        {
            **figure,
            "value_text": _headline_value(figure["value"], figure["unit"]),
            "previous_text": _headline_value(figure["previous"], figure["unit"]),
            "change_text": _change(figure["value"], figure["previous"]),
        }
        for figure in headlines
    ]


def report_context(snapshot: dict) -> dict:
    """What both the PDF and the web version show of a snapshot (call inside the report's language)."""
    return {
        "report": snapshot,
        "sections": display_sections(snapshot),
        "headlines": displayed_headlines(snapshot.get("headlines", [])),
        "lang": html_lang(snapshot["language"]),
        "dir": "rtl" if get_language_bidi() else "ltr",
        "threshold": snapshot["threshold"],
        "threshold_plus_one": snapshot["threshold"] + 1,
        "protection": snapshot.get("protection", settings.SMALL_CELL_PROTECTION),
        "previous_year": snapshot["year"] - 1,
    }


def _has_complementary(table: dict) -> bool:
    from moia.disclosure import COMPLEMENTARY, suppressed_reason

    values = [v for row in table["rows"] for v in row["values"]] + list(table.get("totals") or [])
    return any(suppressed_reason(v) == COMPLEMENTARY for v in values)


def render_html(snapshot: dict) -> str:
    with translation.override(snapshot["language"]):
        return render_to_string("reports/pdf/report.html", report_context(snapshot))


def render_pdf(snapshot: dict) -> bytes:
    from weasyprint import CSS, HTML

    from .pdf_tags import finer_structure, margins_as_artifacts

    html = render_html(snapshot)
    # PDF/UA-1 rather than -2: the same tags, and PDF 1.7 opens in every reader the Council uses.
    with finer_structure(html_lang(snapshot["language"])):
        pdf = HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(
            stylesheets=[CSS(filename=str(PDF_CSS))],
            pdf_variant="pdf/ua-1",
            uncompressed_pdf=False,
        )
    return margins_as_artifacts(pdf)


def render_csv(snapshot: dict) -> bytes:
    """Every table of the report in one long CSV: section, table, row, column, value."""
    from moia.disclosure import Suppressed, suppressed_reason

    out = io.StringIO()
    writer = csvio.writer(out)
    # `suppressed` says why a value is hidden: "primary" (a count from 1 to the threshold, "<11")
    # or "complementary" ("—", hidden so that a small count cannot be worked out); `figure` is
    # the figure's key, the same wherever the figure appears (in this file and in the JSON).
    writer.writerow(["year", "section", "table", "row", "column", "value", "suppressed", "figure"])
    for section in snapshot["sections"]:
        for table in section["tables"]:
            totals = [{"label": "Total", "values": table["totals"], "figures": table.get("total_figures")}]
            for row in [*table["rows"], *(totals if table["totals"] else [])]:
                keys = row.get("figures") or [None] * len(row["values"])
                for column, value, key in zip(table["columns"], row["values"], keys, strict=False):
                    reason = suppressed_reason(value)
                    shown = (
                        str(Suppressed(reason, value.get("below", 0))) if reason else ("" if value is None else value)
                    )
                    writer.writerow([snapshot["year"], section["key"], table["key"], row["label"], column, shown,
                                     reason or "", key or ""])  # fmt: skip
    # What came of last year's recommendations: one row per recommendation, its status and note.
    for number, item in enumerate(snapshot.get("recommendations_followed_up", []), start=1):
        for column, value in (
            ("status", item["status"]),
            ("status_label", item["status_label"]),
            ("note", item["note"]),
        ):
            writer.writerow([snapshot["year"], "barriers", "recommendations-followed-up", f"{number}. {item['text']}",
                             column, value, "", ""])  # fmt: skip
    return out.getvalue().encode("utf-8")


def render_json(snapshot: dict) -> bytes:
    return json.dumps(snapshot, ensure_ascii=False, indent=2).encode("utf-8")
