"""A report table: the one shape every source produces and every output (PDF, CSV, JSON) reads.

Values are stored as published: counts already suppressed (`{"suppressed": true, "below": 11}`),
so the frozen snapshot of a published report holds no small cell.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from .suppression import Suppressed, suppress_list, suppress_matrix


def published(value) -> object:
    if isinstance(value, Suppressed):
        return {"suppressed": True, "below": value.below}
    return value


@dataclass
class Table:
    key: str
    title: str
    columns: list[str]
    rows: list[dict] = field(default_factory=list)  # {"label": str, "values": [...]}
    totals: list | None = None  # one per column, or None
    chart: bool = False  # draw a bar chart of the first column
    note: str = ""
    source: str = ""

    def as_dict(self) -> dict:
        return asdict(self)


def count_table(
    *,
    key: str,
    title: str,
    column: str,
    items: list[tuple[str, int]],
    total_label: bool = True,
    chart: bool = True,
    note: str = "",
    source: str = "",
) -> Table:
    """A one-column table of counts with its total, small cells suppressed."""
    # Without a published total a lone small cell cannot be worked out, so no complementary cell.
    shown, total = suppress_list([count for _label, count in items], with_total=total_label)
    return Table(
        key=key,
        title=title,
        columns=[column],
        rows=[{"label": label, "values": [published(v)]} for (label, _c), v in zip(items, shown, strict=True)],
        totals=[published(total)] if total_label else None,
        chart=chart,
        note=note,
        source=source,
    )


def matrix_table(
    *,
    key: str,
    title: str,
    columns: list[str],
    items: list[tuple[str, list[int]]],
    note: str = "",
    source: str = "",
) -> Table:
    """A table of counts with row totals (last column) and column totals, suppressed together."""
    cells, row_totals, col_totals, grand = suppress_matrix([values for _label, values in items])
    from django.utils.translation import gettext

    return Table(
        key=key,
        title=title,
        columns=[*columns, gettext("Total")],
        rows=[
            {"label": label, "values": [*(published(v) for v in row), published(total)]}
            for (label, _values), row, total in zip(items, cells, row_totals, strict=True)
        ],
        totals=[*(published(v) for v in col_totals), published(grand)],
        note=note,
        source=source,
    )
