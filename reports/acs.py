"""Reading the Census Bureau's American Community Survey 5-year table downloads (data.census.gov CSV).

A download has one row per line of the table, labelled in "Label (Grouping)" and indented with
spaces to show nesting, and for each geography an "<geography>!!Estimate" column and an
"<geography>!!Margin of Error" column. Estimates are counts ("675,647"); margins read "±1,234",
and the Bureau prints "*****" or "-" where a margin does not apply.

Only tables published for places (cities) are offered: B16001 is not published below the
state level, so languages come from C16001.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# table id -> (report topic, its name). Year of entry is the one table whose lines are ordered bands.
ACS_TABLES = {
    "B05002": ("citizenship", gettext_lazy("Place of birth by nativity and citizenship status")),
    "B05006": ("nativity", gettext_lazy("Place of birth for the foreign-born population")),
    "C16001": ("language", gettext_lazy("Language spoken at home by ability to speak English")),
    "B05005": ("year_of_entry", gettext_lazy("Period of entry by nativity and citizenship status")),
    "B17025": ("poverty", gettext_lazy("Poverty status by nativity")),
    "S0501": ("income", gettext_lazy("Selected characteristics of the native and foreign-born populations")),
}
ORDERED_TABLES = {"B05005"}
LABEL_COLUMN = "Label (Grouping)"
ESTIMATE = "!!Estimate"
MARGIN = "!!Margin of Error"


@dataclass
class AcsRow:
    dimension: str
    geography: str
    value: Decimal
    margin_of_error: Decimal | None
    order: int
    is_aggregate: bool


def _number(text: str) -> Decimal | None:
    cleaned = text.strip().lstrip("±").replace(",", "")
    if cleaned in {"", "-", "*****", "(X)", "N", "null"}:
        return None
    try:
        return Decimal(cleaned)
    except InvalidOperation:
        return None


def acs_rows(*, content: bytes, table_id: str) -> list[AcsRow]:
    """The figures of one downloaded ACS table; a file that is not one raises a readable error."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationError(_("The file is not a CSV download from data.census.gov (it is not UTF-8 text).")) from exc
    reader = csv.reader(io.StringIO(text))
    header = next(reader, [])
    if not header or header[0].strip() != LABEL_COLUMN:
        raise ValidationError(
            _("The file is not a CSV download from data.census.gov: its first column should be “%(column)s”.")
            % {"column": LABEL_COLUMN}
        )
    geographies = [
        (index, column[: -len(ESTIMATE)]) for index, column in enumerate(header) if column.endswith(ESTIMATE)
    ]
    if not geographies:
        raise ValidationError(_("The file has no estimate columns (“<geography>!!Estimate”)."))
    margins = {column[: -len(MARGIN)]: index for index, column in enumerate(header) if column.endswith(MARGIN)}
    lines = [row for row in reader if row and row[0].strip()]
    # Nesting is shown by indentation: a line is a total of the more indented lines below it.
    depths = [len(row[0]) - len(row[0].lstrip()) for row in lines]
    labels = [row[0].strip().rstrip(":") for row in lines]
    rows: list[AcsRow] = []
    path: list[tuple[int, str]] = []
    for number, (line, depth, label) in enumerate(zip(lines, depths, labels, strict=True), start=1):
        path = [(d, name) for d, name in path if d < depth]
        has_children = number < len(lines) and depths[number] > depth
        # "Total" names the table itself, and a parent's name makes a child's label readable.
        dimension = ": ".join([name for _d, name in path if name.lower() != "total"] + [label])
        path.append((depth, label))
        for index, geography in geographies:
            value = _number(line[index]) if index < len(line) else None
            if value is None:
                continue
            margin_index = margins.get(geography)
            margin = _number(line[margin_index]) if margin_index is not None and margin_index < len(line) else None
            rows.append(
                AcsRow(
                    dimension=dimension[:120],
                    geography=geography.strip()[:120],
                    value=value,
                    margin_of_error=margin,
                    order=number if table_id in ORDERED_TABLES else 0,
                    is_aggregate=has_children or label.lower() == "total",
                )
            )
    if not rows:
        raise ValidationError(_("The file holds no figures."))
    return rows
