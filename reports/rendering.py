"""Turning a report snapshot into its outputs: the PDF (WeasyPrint, tagged PDF/UA), CSV and JSON."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import get_language_bidi
from django.utils.translation import gettext as _

from .charts import bar_chart_data_uri

PDF_CSS = Path(__file__).parent / "static" / "reports" / "report-pdf.css"


def html_lang(language: str) -> str:
    """BCP 47 tag for <html lang>: the PDF's document language and the CSS :lang() font rules."""
    return {"zh-hans": "zh-Hans", "zh-hant": "zh-Hant", "pt-br": "pt-BR"}.get(language, language)


def display(value) -> str:
    """A published value as text: suppressed counts read "fewer than 11" in the report's language."""
    from django.utils.formats import number_format

    if isinstance(value, dict) and value.get("suppressed"):
        return _("fewer than %(n)s") % {"n": value["below"]}
    if value is None:
        return "—"
    if isinstance(value, float) and not value.is_integer():
        return number_format(value, decimal_pos=1, use_l10n=True, force_grouping=True)
    if isinstance(value, int | float):
        return number_format(int(value), use_l10n=True, force_grouping=True)
    return str(value)


def _chart(table: dict) -> str | None:
    if not table.get("chart"):
        return None
    values = [row["values"][0] if isinstance(row["values"][0], int | float) else None for row in table["rows"]]
    if sum(1 for v in values if v) < 2:
        return None
    return bar_chart_data_uri(title=table["title"], labels=[row["label"] for row in table["rows"]], values=values)


def render_html(snapshot: dict) -> str:
    language = snapshot["language"]
    with translation.override(language):
        sections = []
        for section in snapshot["sections"]:
            tables = []
            for table in section["tables"]:
                tables.append(
                    {
                        **table,
                        "chart_uri": _chart(table),
                        "display_rows": [
                            {"label": row["label"], "values": [display(v) for v in row["values"]]}
                            for row in table["rows"]
                        ],
                        "display_totals": [display(v) for v in table["totals"]] if table.get("totals") else None,
                    }
                )
            sections.append({**section, "tables": tables})
        return render_to_string(
            "reports/pdf/report.html",
            {
                "report": snapshot,
                "sections": sections,
                "key_figures": [
                    {"label": f["label"], "value": display(f["value"]) + ("%" if f.get("unit") == "percent" else "")}
                    for f in snapshot["key_figures"]
                ],
                "lang": html_lang(language),
                "dir": "rtl" if get_language_bidi() else "ltr",
                "threshold": snapshot["threshold"],
                "threshold_plus_one": snapshot["threshold"] + 1,
            },
        )


def render_pdf(snapshot: dict) -> bytes:
    from weasyprint import CSS, HTML

    html = render_html(snapshot)
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(
        stylesheets=[CSS(filename=str(PDF_CSS))],
        pdf_variant="pdf/ua-1",
        uncompressed_pdf=False,
    )


def render_csv(snapshot: dict) -> bytes:
    """Every table of the report in one long CSV: section, table, row, column, value."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["year", "section", "table", "row", "column", "value", "suppressed"])
    for section in snapshot["sections"]:
        for table in section["tables"]:
            for row in [*table["rows"], *([{"label": "Total", "values": table["totals"]}] if table["totals"] else [])]:
                for column, value in zip(table["columns"], row["values"], strict=False):
                    suppressed = isinstance(value, dict) and value.get("suppressed")
                    shown = f"<{value['below']}" if suppressed else ("" if value is None else value)
                    writer.writerow([snapshot["year"], section["key"], table["key"], row["label"], column, shown,
                                     "yes" if suppressed else ""])  # fmt: skip
    return out.getvalue().encode("utf-8")


def render_json(snapshot: dict) -> bytes:
    return json.dumps(snapshot, ensure_ascii=False, indent=2).encode("utf-8")
