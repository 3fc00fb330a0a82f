"""A report table: the one shape every source produces and every output (PDF, CSV, JSON) reads.

Sources lay out counts as `Figure(key, value)` and declare the sums a reader can see (a total,
"all programmes" = the sum of the programmes). `publish()` plans suppression over every table
of the report at once (moia/disclosure.py) and returns the tables as published: a suppressed
count is `{"suppressed": true, "reason": "primary", "below": 11}` or `{"suppressed": true,
"reason": "complementary"}`, so the frozen snapshot of a published report holds no small cell.
Each published row keeps the key of each figure (`figures`), so the same figure can be found,
with the same value or mark, wherever it appears.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from moia.disclosure import Disclosure, Suppressed


@dataclass(frozen=True)
class Figure:
    """A count of people or matters before publication: its figure key and true value."""

    key: str
    value: int


# (sense, whole, parts): whole is "eq", "ge" or "le" the sum of parts.
Relation = tuple[str, str, tuple[str, ...]]


@dataclass
class Table:
    key: str
    title: str
    columns: list[str]
    rows: list[dict] = field(default_factory=list)  # {"label": str, "values": [...]}
    totals: list | None = None  # one per column, or None
    chart: bool = False  # draw a bar chart of the first column
    ordered: bool = False  # rows in a natural order (bands, scales): kept, not sorted by value
    note: str = ""
    source: str = ""
    relations: list[Relation] = field(default_factory=list)  # what a reader can add up (not published)

    def counts(self) -> Iterable[Figure]:
        for values in [*(row["values"] for row in self.rows), self.totals or []]:
            yield from (v for v in values if isinstance(v, Figure))

    def as_published(self, shown: dict[str, int | Suppressed]) -> dict:
        def value(v):
            if isinstance(v, Figure):
                v = shown[v.key]
            return v.as_json() if isinstance(v, Suppressed) else v

        def figures(values: list) -> list[str | None]:
            return [v.key if isinstance(v, Figure) else None for v in values]

        return {
            "key": self.key,
            "title": self.title,
            "columns": self.columns,
            "rows": [
                {**row, "values": [value(v) for v in row["values"]], "figures": figures(row["values"])}
                for row in self.rows
            ],
            "totals": [value(v) for v in self.totals] if self.totals is not None else None,
            "total_figures": figures(self.totals) if self.totals is not None else None,
            "chart": self.chart,
            # The snapshot is all the outputs read: without it a natural order is sorted by value.
            "ordered": self.ordered,
            "note": self.note,
            "source": self.source,
        }


def publish(tables: list[Table], *, keep_hidden: Iterable[str] = ()) -> list[dict]:
    """The tables as published, suppression planned across all of them together.

    A figure in several tables (a programme's matters in its services and outcomes tables, its
    intakes in section (b)) is one figure: it is suppressed, or shown, in every table alike.
    """
    plan = Disclosure()
    for table in tables:
        for count in table.counts():
            plan.count(count.key, count.value)
    for table in tables:
        for sense, whole, parts in table.relations:
            plan.relate(sense, whole, parts)
    plan.keep_hidden(keep_hidden)
    shown = plan.solve()
    return [table.as_published(shown) for table in tables]


def count_table(
    *,
    key: str,
    title: str,
    column: str,
    items: list[tuple[str, Figure]],
    total: Figure | None = None,
    chart: bool = True,
    ordered: bool = False,
    note: str = "",
    source: str = "",
) -> Table:
    """A one-column table of counts, with its total if one is published."""
    return Table(
        key=key,
        title=title,
        columns=[column],
        rows=[{"label": label, "values": [count]} for label, count in items],
        totals=[total] if total is not None else None,
        chart=chart,
        ordered=ordered,
        note=note,
        source=source,
        relations=[("eq", total.key, tuple(c.key for _l, c in items))] if total is not None else [],
    )


def matrix_table(
    *,
    key: str,
    title: str,
    columns: list[str],
    items: list[tuple[str, list[Figure], Figure]],
    column_totals: list[Figure],
    grand_total: Figure,
    note: str = "",
    source: str = "",
) -> Table:
    """A table of counts with row totals (last column) and column totals: items are (label, cells, row total)."""
    from django.utils.translation import gettext

    relations: list[Relation] = [("eq", total.key, tuple(c.key for c in cells)) for _l, cells, total in items]
    relations += [
        ("eq", total.key, tuple(cells[i].key for _l, cells, _t in items)) for i, total in enumerate(column_totals)
    ]
    relations.append(("eq", grand_total.key, tuple(total.key for _l, _c, total in items)))
    relations.append(("eq", grand_total.key, tuple(total.key for total in column_totals)))
    return Table(
        key=key,
        title=title,
        columns=[*columns, gettext("Total")],
        rows=[{"label": label, "values": [*cells, total]} for label, cells, total in items],
        totals=[*column_totals, grand_total],
        note=note,
        source=source,
        relations=relations,
    )
