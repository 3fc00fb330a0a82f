"""Sections (b) and (c): the figures other City departments gave through their data requests.

Each answered request gives one table per section it informs, titled with the department and
with its answer's date as the source, so the Council sees whose figure it reads. Counts enter
the report's one disclosure plan like every other count; percentages are not counts of people.
"""

from __future__ import annotations

from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from reports.tables import Figure, Table


def department_tables(year: int, *, section: str) -> list[Table]:
    from reports.models import DepartmentFigure
    from reports.selectors import department_answers

    tables = []
    for request in department_answers(year=year):
        figures = [f for f in request.figures.all() if f.section == section and f.value is not None]
        if not figures:
            continue
        rows = []
        for figure in figures:
            if figure.unit == DepartmentFigure.Unit.PERCENT:
                label = _("%(figure)s (percent)") % {"figure": figure.label}
                rows.append({"label": label, "values": [figure.value]})
            else:
                rows.append({"label": figure.label, "values": [Figure(f"departments/{figure.pk}", figure.value)]})
        tables.append(
            Table(
                key=f"departments-{request.pk}-{section}",
                title=_("Figures from %(department)s") % {"department": request.department},
                columns=[_("Reported")],
                rows=rows,
                source=_("Reported by %(department)s on %(date)s")
                % {"department": request.department, "date": date_format(localtime(request.answered_at).date())},
            )
        )
    return tables


def needs_tables(year: int) -> list[Table]:
    return department_tables(year, section="needs")


def barriers_tables(year: int) -> list[Table]:
    return department_tables(year, section="barriers")
