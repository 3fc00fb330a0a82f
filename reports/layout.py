"""How a report table fits a printed page: as it is, on a landscape page, transposed, or split.

WeasyPrint never shrinks a table below the longest word of each column: a table wider than the
page runs off its edge and its last columns are lost. So the layout is chosen before rendering,
from an estimate of the table's width in ems of the table's type size:

- a table that fits the portrait page stays as it is;
- a short table (a row or two) with many columns is transposed, so its columns become rows;
- a table that fits a landscape page is set on one;
- anything wider is split into column groups on landscape pages, each repeating the row labels.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Text width of a Letter page with the report's 2 cm margins, in ems of the 9.5 pt table type.
PORTRAIT_EM = 50.0
LANDSCAPE_EM = 68.0
# Average advance of a Latin or Arabic character in Noto at 1 em; Han characters are a full em.
CHAR_EM = 0.52
CELL_PADDING_EM = 1.2
# A column is comfortable at this many characters; longer headers wrap onto more lines.
HEADER_WRAP_CHARS = 14
LABEL_WRAP_CHARS = 30
SHORT_TABLE_ROWS = 3
MANY_COLUMNS = 5


def text_em(text: str) -> float:
    return sum(1.0 if ord(char) >= 0x2E80 else CHAR_EM for char in text)


def _longest_word_em(text: str) -> float:
    return max((text_em(word) for word in text.split()), default=0.0)


def _column_em(header: str, values: list[str]) -> float:
    """The width a column needs: its widest value, its header wrapped to a few words a line."""
    widest_value = max((text_em(v) for v in values), default=0.0)
    header_em = min(text_em(header), HEADER_WRAP_CHARS * CHAR_EM)
    return max(widest_value, header_em, _longest_word_em(header)) + CELL_PADDING_EM


def _label_em(labels: list[str]) -> float:
    widest = max((text_em(label) for label in labels), default=0.0)
    longest_word = max((_longest_word_em(label) for label in labels), default=0.0)
    return max(min(widest, LABEL_WRAP_CHARS * CHAR_EM), longest_word) + CELL_PADDING_EM


@dataclass
class Grid:
    """A table as displayed: text only, ready for the template."""

    columns: list[str]
    rows: list[dict]  # {"label": str, "values": [str, ...]}
    totals: list[str] | None = None
    total_label: str = ""
    column_em: list[float] = field(default_factory=list)
    label_em: float = 0.0

    def __post_init__(self) -> None:
        lines = [*self.rows, *([{"label": self.total_label, "values": self.totals}] if self.totals else [])]
        self.label_em = _label_em([line["label"] for line in lines])
        self.column_em = [
            _column_em(column, [line["values"][i] for line in lines]) for i, column in enumerate(self.columns)
        ]

    @property
    def width_em(self) -> float:
        return self.label_em + sum(self.column_em)

    def transposed(self) -> Grid:
        """Rows become columns: the totals row (if any) becomes the last column."""
        lines = [*self.rows, *([{"label": self.total_label, "values": self.totals}] if self.totals else [])]
        return Grid(
            columns=[line["label"] for line in lines],
            rows=[
                {"label": column, "values": [line["values"][i] for line in lines]}
                for i, column in enumerate(self.columns)
            ],
        )

    def column_groups(self, width_em: float) -> list[Grid]:
        """Consecutive columns packed into groups that fit `width_em` beside the row labels."""
        groups: list[list[int]] = [[]]
        used = self.label_em
        for i, column_em in enumerate(self.column_em):
            if groups[-1] and used + column_em > width_em:
                groups.append([])
                used = self.label_em
            groups[-1].append(i)
            used += column_em
        return [
            Grid(
                columns=[self.columns[i] for i in group],
                rows=[{"label": row["label"], "values": [row["values"][i] for i in group]} for row in self.rows],
                totals=[self.totals[i] for i in group] if self.totals else None,
                total_label=self.total_label,
            )
            for group in groups
        ]


@dataclass
class Layout:
    landscape: bool
    transposed: bool
    parts: list[Grid]


def table_layout(grid: Grid) -> Layout:
    """Choose how a table is printed from its estimated width (rules in the module docstring)."""
    if grid.width_em <= PORTRAIT_EM:
        return Layout(landscape=False, transposed=False, parts=[grid])
    lines = len(grid.rows) + (1 if grid.totals else 0)
    if lines <= SHORT_TABLE_ROWS and len(grid.columns) >= MANY_COLUMNS:
        turned = grid.transposed()
        if turned.width_em <= PORTRAIT_EM:
            return Layout(landscape=False, transposed=True, parts=[turned])
    if grid.width_em <= LANDSCAPE_EM:
        return Layout(landscape=True, transposed=False, parts=[grid])
    return Layout(landscape=True, transposed=False, parts=grid.column_groups(LANDSCAPE_EM))
