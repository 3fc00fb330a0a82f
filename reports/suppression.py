"""Small-cell suppression for published counts (ordinance 12-19.4(1): no disclosure that
would violate privacy law).

Primary suppression hides every count from 1 to the threshold. Complementary suppression
then hides further cells so that no hidden value can be worked out from a row or column
total: every row and column that hides anything hides at least two cells (or its total).
Zero is shown: it reveals nobody.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings


@dataclass(frozen=True)
class Suppressed:
    """A hidden count; renders as "fewer than N" in the reader's language."""

    below: int

    def __str__(self) -> str:  # plain-text fallback (CSV); templates use the translated phrase
        return f"<{self.below}"


def threshold() -> int:
    return settings.SMALL_CELL_THRESHOLD


def _is_small(value: int, limit: int) -> bool:
    return 0 < value <= limit


def suppress_matrix(
    cells: list[list[int]],
    *,
    limit: int | None = None,
    with_totals: bool = True,
    row_totals: bool = True,
    column_totals: bool = True,
) -> tuple[list[list[int | Suppressed]], list[int | Suppressed], list[int | Suppressed], int | Suppressed]:
    """Suppress a table of counts published with its row and/or column totals.

    Only published totals constrain: a table without row totals needs no second hidden cell
    per row. Returns (cells, row_totals, column_totals, grand_total) with hidden values as
    `Suppressed`.
    """
    row_totals = row_totals and with_totals
    column_totals = column_totals and with_totals
    limit = threshold() if limit is None else limit
    rows = len(cells)
    cols = len(cells[0]) if rows else 0
    hidden = [[_is_small(cells[r][c], limit) for c in range(cols)] for r in range(rows)]
    publish_rows, publish_cols = row_totals, column_totals
    row_totals = [sum(row) for row in cells]
    col_totals = [sum(cells[r][c] for r in range(rows)) for c in range(cols)]
    grand = sum(row_totals)
    row_hidden = [_is_small(t, limit) for t in row_totals]
    col_hidden = [_is_small(t, limit) for t in col_totals]

    def complete_line(indices: list[tuple[int, int]], totals_hidden: list[bool], index: int) -> bool:
        """Hide one more cell (or, failing that, the total) in a line whose only hidden cell
        could otherwise be derived from its total."""
        if totals_hidden[index]:
            return False
        if sum(hidden[r][c] for r, c in indices) != 1:
            return False
        candidates = [(cells[r][c], r, c) for r, c in indices if not hidden[r][c] and cells[r][c] > 0]
        if not candidates:
            # Only zeros are left visible: hide a zero too, or the total gives the hidden value away.
            candidates = [(0, r, c) for r, c in indices if not hidden[r][c]]
        if candidates:
            _value, r, c = min(candidates)
            hidden[r][c] = True
        else:
            totals_hidden[index] = True  # a one-cell line: its total is the cell
        return True

    changed = True
    while changed:
        changed = False
        if publish_rows:
            for r in range(rows):
                changed |= complete_line([(r, c) for c in range(cols)], row_hidden, r)
        if publish_cols:
            for c in range(cols):
                changed |= complete_line([(r, c) for r in range(rows)], col_hidden, c)
        # A lone hidden total beside visible ones could be derived from the grand total.
        for totals_hidden, totals in ((row_hidden, row_totals), (col_hidden, col_totals)):
            if publish_rows and publish_cols and sum(totals_hidden) == 1 and len(totals) > 1:
                visible = [(t, i) for i, t in enumerate(totals) if not totals_hidden[i]]
                if visible:
                    _t, i = min(visible)
                    totals_hidden[i] = True
                    changed = True

    def shown(value: int, is_hidden: bool) -> int | Suppressed:
        return Suppressed(limit + 1) if is_hidden else value

    out_cells = [[shown(cells[r][c], hidden[r][c]) for c in range(cols)] for r in range(rows)]
    out_rows = [shown(row_totals[r], row_hidden[r]) for r in range(rows)]
    out_cols = [shown(col_totals[c], col_hidden[c]) for c in range(cols)]
    grand_shown = shown(grand, _is_small(grand, limit))
    return out_cells, out_rows, out_cols, grand_shown


def suppress_list(
    values: list[int], *, limit: int | None = None, with_total: bool = True
) -> tuple[list[int | Suppressed], int | Suppressed]:
    """Suppress a one-dimensional list of counts published with its total."""
    limit = threshold() if limit is None else limit
    hidden = [_is_small(v, limit) for v in values]
    total = sum(values)
    total_hidden = _is_small(total, limit)
    if with_total and not total_hidden and sum(hidden) == 1:
        candidates = [(v, i) for i, v in enumerate(values) if not hidden[i] and v > 0] or [
            (v, i) for i, v in enumerate(values) if not hidden[i]
        ]
        if candidates:
            hidden[min(candidates)[1]] = True
    shown = [Suppressed(limit + 1) if h else v for v, h in zip(values, hidden, strict=True)]
    return shown, (Suppressed(limit + 1) if total_hidden else total)


def suppress_value(value: int, *, limit: int | None = None) -> int | Suppressed:
    """A lone published count (no total beside it)."""
    limit = threshold() if limit is None else limit
    return Suppressed(limit + 1) if _is_small(value, limit) else value
