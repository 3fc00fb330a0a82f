"""Sections (b) and (c): community survey questions tagged "needs" and "barriers".

Survey managers tag each question with the report section it informs, so a new survey
feeds the report without code changes. Only responses finished in the report year count.
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from reports.tables import Table, count_table

LIST_KINDS = {"multiple"}


def _surveys_answered_in(year: int):
    from django.db.models import Exists, OuterRef

    from programs.selectors import year_bounds
    from surveys.models import Response, Survey

    # EXISTS over a time range, not a DISTINCT join with a date cast: the join scans every response.
    start, end = year_bounds(year)
    answered = Response.objects.filter(survey=OuterRef("pk"), finished_at__gte=start, finished_at__lt=end)
    return Survey.objects.filter(Exists(answered)).order_by("opens_at")


def report_section_tables(*, year: int, report_section: str) -> list[Table]:
    from surveys.selectors import survey_results

    tables: list[Table] = []
    filters = {"date_from": dt.date(year, 1, 1), "date_to": dt.date(year, 12, 31)}
    for survey in _surveys_answered_in(year):
        for question in survey_results(survey=survey, filters=filters, report_sections=[report_section]):
            items = [(str(c["label"]), c["count"]) for c in question["choices"]]
            if not items or not question["respondents"]:
                continue
            several_answers = question["kind"] in LIST_KINDS
            tables.append(
                count_table(
                    key=f"survey-{survey.slug}-{question['code']}",
                    title=str(question["text"]),
                    column=_("Respondents"),
                    items=items,
                    # A multiple-choice question has no meaningful total: people tick several boxes.
                    total_label=not several_answers,
                    note=(
                        _("%(survey)s. Respondents could choose more than one answer.")
                        if several_answers
                        else _("%(survey)s.")
                    )
                    % {"survey": survey.title},
                    source=_("Community survey, responses received in %(year)s") % {"year": year},
                )
            )
    return tables


def needs_tables(year: int) -> list[Table]:
    return report_section_tables(year=year, report_section="needs")


def barriers_tables(year: int) -> list[Table]:
    return report_section_tables(year=year, report_section="barriers")
