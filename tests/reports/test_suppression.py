"""Small-cell suppression: no count from 1 to the threshold is published, or can be worked out."""

from hypothesis import given, settings
from hypothesis import strategies as st

from reports.suppression import Suppressed, suppress_list, suppress_matrix, suppress_value

LIMIT = 10


def test_counts_from_one_to_the_threshold_are_hidden_and_zero_is_shown():
    assert suppress_value(0, limit=LIMIT) == 0
    assert suppress_value(1, limit=LIMIT) == Suppressed(11)
    assert suppress_value(10, limit=LIMIT) == Suppressed(11)
    assert suppress_value(11, limit=LIMIT) == 11


def test_suppressed_count_reads_fewer_than_threshold_plus_one():
    assert str(Suppressed(11)) == "<11"


def test_a_lone_small_cell_beside_a_total_gets_a_complementary_cell():
    shown, total = suppress_list([120, 4, 35], limit=LIMIT)
    # 4 is hidden; with the total shown, 35 must be hidden too or 159 - 120 - 35 reveals it.
    assert shown == [120, Suppressed(11), Suppressed(11)]
    assert total == 159


def test_without_a_total_no_complementary_cell_is_needed():
    shown, _total = suppress_list([120, 4, 35], limit=LIMIT, with_total=False)
    assert shown == [120, Suppressed(11), 35]


def test_matrix_hides_a_second_cell_in_each_row_and_column_that_hides_one():
    cells, rows, _cols, grand = suppress_matrix([[50, 3, 40], [60, 70, 80]], limit=LIMIT)
    assert cells[0][1] == Suppressed(11)
    hidden_in_row0 = [v for v in cells[0] if isinstance(v, Suppressed)]
    hidden_in_col1 = [row[1] for row in cells if isinstance(row[1], Suppressed)]
    assert len(hidden_in_row0) >= 2
    assert len(hidden_in_col1) >= 2
    assert rows == [93, 210]
    assert grand == 303


def _line_is_safe(values: list, total) -> bool:
    """A line is safe when its total is hidden, or it hides no cell, or it hides at least two."""
    hidden = sum(isinstance(v, Suppressed) for v in values)
    return isinstance(total, Suppressed) or hidden != 1


counts = st.integers(min_value=0, max_value=60)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(counts, min_size=1, max_size=5), min_size=1, max_size=5).filter(
    lambda m: len({len(r) for r in m}) == 1
))  # fmt: skip
def test_no_hidden_cell_can_be_derived_from_a_row_or_column_total(matrix):
    cells, rows, cols, _grand = suppress_matrix(matrix, limit=LIMIT)
    for r, row in enumerate(cells):
        assert _line_is_safe(row, rows[r])
        for c, value in enumerate(row):
            original = matrix[r][c]
            if 0 < original <= LIMIT:
                assert isinstance(value, Suppressed), "every small count is hidden"
            if not isinstance(value, Suppressed):
                assert value == original, "shown counts are exact"
    for c in range(len(cells[0])):
        assert _line_is_safe([row[c] for row in cells], cols[c])
    # A single hidden row or column total could be derived from the grand total.
    assert sum(isinstance(t, Suppressed) for t in rows) != 1 or len(rows) == 1
    assert sum(isinstance(t, Suppressed) for t in cols) != 1 or len(cols) == 1


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(counts, min_size=2, max_size=2), min_size=1, max_size=6))
def test_with_only_column_totals_published_each_column_stays_safe(matrix):
    cells, _rows, cols, _grand = suppress_matrix(matrix, limit=LIMIT, row_totals=False)
    for c in range(2):
        assert _line_is_safe([row[c] for row in cells], cols[c])
    for r, row in enumerate(cells):
        for c, value in enumerate(row):
            if 0 < matrix[r][c] <= LIMIT:
                assert isinstance(value, Suppressed)
