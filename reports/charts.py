"""Bar charts of report tables, drawn by pygal as SVG (no hand-made SVG, no JavaScript).

The same SVG is embedded in the PDF and in the web version; each chart comes with a text
alternative that states what the chart shows, largest first, so a reader who cannot see it
loses nothing.
"""

from __future__ import annotations

import base64

import pygal
from django.utils.translation import gettext as _
from pygal.style import Style

# High-contrast palette (USWDS primary and ink colours) that prints well in greyscale too.
REPORT_STYLE = Style(
    background="white",
    plot_background="white",
    foreground="#1b1b1b",
    foreground_strong="#1b1b1b",
    foreground_subtle="#565c65",
    colors=("#1a4480",),
    value_colors=("#1b1b1b",),
    # Faint solid guides: dashed dark ones ran through the value labels.
    guide_stroke_color="#e6e7e8",
    major_guide_stroke_color="#e6e7e8",
    guide_stroke_dasharray="1,0",
    major_guide_stroke_dasharray="1,0",
    font_family="Noto Sans, Noto Naskh Arabic, Noto Sans CJK SC, sans-serif",
    label_font_size=13,
    major_label_font_size=13,
    value_font_size=13,
    title_font_size=16,
)
# Width of a category label in the chart, in characters at 13 px: longer labels wrap in the
# table below the chart, and are cut short (with their full text in the table and the alt text).
LABEL_CHARS = 38
CHART_WIDTH = 800


def chart_points(rows: list[dict], *, ordered: bool) -> list[tuple[str, float]]:
    """The (label, value) pairs a chart draws: numeric values of single categories only.

    Aggregate rows ("speaks a language other than English") and suppressed cells are left out;
    categories in a natural order (year-of-entry bands, scales) keep it, others go largest first.
    """
    points = [
        (row["label"], float(row["values"][0]))
        for row in rows
        if not row.get("aggregate") and isinstance(row["values"][0], int | float)
    ]
    if not ordered:
        points.sort(key=lambda point: -point[1])
    return points


def chart_alt(*, title: str, points: list[tuple[str, float]], display) -> str:
    """The text alternative: what the chart is, then every bar in the chart's order."""
    bars = _("; ").join(
        _("%(label)s: %(value)s") % {"label": label, "value": display(value)} for label, value in points
    )
    return _("Bar chart: %(title)s. %(bars)s. The same figures are in the table.") % {"title": title, "bars": bars}


def _short(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1].rstrip() + "…"


# Brackets drawn in visual order must be mirrored by hand: the drawing is left to right.
_MIRRORED = str.maketrans("()[]«»", ")(][»«")


def _visual(label: str) -> str:
    """Right-to-left text shaped and set in visual order, for a renderer that draws letter by letter.

    WeasyPrint lays out SVG text one character at a time, so Arabic letters come out unjoined
    and in reverse; the PDF's charts get presentation forms in drawing order instead (the
    figure's text alternative carries the real text).
    """
    import arabic_reshaper
    from bidi import get_display

    visual = get_display(arabic_reshaper.reshape(label))
    return visual.translate(_MIRRORED) if visual != label else visual


def bar_chart_svg(
    *, points: list[tuple[str, float]], display, unit_suffix: str = "", letter_by_letter: bool = False
) -> bytes:
    """A horizontal bar chart, first point at the top, each value printed past its bar's end.

    `letter_by_letter`: the SVG is for a renderer that draws text one character at a time (the PDF).
    """
    top = max(value for _label, value in points) or 1
    chart = pygal.HorizontalBar(
        style=REPORT_STYLE,
        show_legend=False,
        width=CHART_WIDTH,
        height=max(160, 34 * len(points) + 70),
        print_values=True,
        print_values_position="top",
        # Room past the longest bar for its value label; ticks never run off the plot.
        range=(0, top * 1.18),
        include_x_axis=True,
        truncate_label=-1,
        truncate_legend=-1,
        # An en space parts the value from its bar's end; the CSS below anchors it there.
        value_formatter=lambda v: "\u2002" + display(v) + unit_suffix,
        css=["file://style.css", "file://graph.css", "inline:.value { text-anchor: start; }"],
        js=[],
        disable_xml_declaration=True,
        explicit_size=True,
        margin=12,
    )
    # pygal draws a horizontal bar chart's first category at the bottom.
    labels = [_short(label) for label, _value in reversed(points)]
    chart.x_labels = [_visual(label) for label in labels] if letter_by_letter else labels
    chart.add("", [value for _label, value in reversed(points)])
    svg = chart.render()
    return svg if isinstance(svg, bytes) else svg.encode()


def data_uri(svg: bytes) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode()
