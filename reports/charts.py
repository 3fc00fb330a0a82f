"""Bar charts for the PDF, drawn by pygal as SVG (no hand-made SVG, no JavaScript)."""

import base64

import pygal
from pygal.style import Style

# High-contrast palette (USWDS primary and ink colours) that prints well in greyscale too.
REPORT_STYLE = Style(
    background="white",
    plot_background="white",
    foreground="#1b1b1b",
    foreground_strong="#1b1b1b",
    foreground_subtle="#565c65",
    colors=("#1a4480", "#c05600", "#00687d", "#5e519e"),
    font_family="Noto Sans, Noto Naskh Arabic, Noto Sans CJK SC, sans-serif",
    label_font_size=13,
    major_label_font_size=13,
    value_font_size=13,
    title_font_size=16,
)


def bar_chart_data_uri(*, title: str, labels: list[str], values: list[float | None]) -> str:
    """A horizontal bar chart as a data: URI; suppressed values are left out (None)."""
    chart = pygal.HorizontalBar(
        style=REPORT_STYLE,
        show_legend=False,
        width=800,
        height=max(220, 40 * len(labels) + 80),
        print_values=True,
        js=[],
        disable_xml_declaration=True,
        explicit_size=True,
    )
    chart.x_labels = labels
    chart.add(title, values)
    svg = chart.render()
    if isinstance(svg, str):
        svg = svg.encode()
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode()
