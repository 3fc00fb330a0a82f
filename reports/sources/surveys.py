"""Sections (b) and (c): community survey questions tagged "needs" and "barriers".

Survey managers tag each question with the report section it informs, so a new survey
feeds the report without code changes. Only responses finished in the report year count.
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from reports.tables import Figure, Table, count_table

LIST_KINDS = {"multiple"}
# Answers in a natural order (a scale, yes before no): charts keep it instead of sorting by count.
ORDERED_KINDS = {"scale", "yes_no"}


def _surveys_answered_in(year: int):
    from django.db.models import Exists, OuterRef

    from programs.selectors import year_bounds
    from surveys.models import Response, Survey

    # EXISTS over a time range, not a DISTINCT join with a date cast: the join scans every response.
    start, end = year_bounds(year)
    answered = Response.objects.filter(survey=OuterRef("pk"), finished_at__gte=start, finished_at__lt=end)
    return Survey.objects.filter(Exists(answered)).order_by("opens_at")


# The report sections survey questions inform.
REPORT_SECTIONS = ("needs", "barriers")


def year_results(year: int) -> tuple[list, dict[int, list[dict]]]:
    """The surveys answered in the year, in opening order, and their results for questions of
    both report sections (keyed by survey id), from one read of the year's answers: the tables
    of sections (b) and (c) and the headlines' top answers all come from it (each read its own,
    four passes over every answer of the year, issue 20)."""
    from surveys.selectors import surveys_results

    filters = {"date_from": dt.date(year, 1, 1), "date_to": dt.date(year, 12, 31)}
    surveys = list(_surveys_answered_in(year))
    return surveys, surveys_results(surveys=surveys, filters=filters, report_sections=REPORT_SECTIONS)


def report_section_tables(*, year: int, report_section: str, answered=None) -> list[Table]:
    """The tables of a report section's survey questions; `answered` is `year_results(year)`
    when the caller has read it already."""
    from surveys.selectors import question_relations

    tables: list[Table] = []
    surveys, results = answered if answered is not None else year_results(year)
    for survey in surveys:
        for question in results[survey.pk]:
            if question["report_section"] != report_section or not question["choices"] or not question["respondents"]:
                continue
            several_answers = question["kind"] in LIST_KINDS
            figures, relations = question_relations(question, prefix=f"surveys/{survey.slug}/{question['code']}")
            respondents = f"surveys/{survey.slug}/{question['code']}/respondents"
            if several_answers:
                # A multiple-choice question has no meaningful total (people tick several boxes):
                # its respondents are not published, so nothing relates to them.
                relations = [r for r in relations if respondents not in (r[1], *r[2])]
            items = [
                (str(c["label"]), Figure(f"surveys/{survey.slug}/{question['code']}/{c['code']}", c["count"]))
                for c in question["choices"]
            ]
            table = count_table(
                key=f"survey-{survey.slug}-{question['code']}",
                title=str(question["text"]),
                column=_("Respondents"),
                items=items,
                total=None if several_answers else Figure(respondents, figures[respondents]),
                ordered=question["kind"] in ORDERED_KINDS,
                note=(
                    _("%(survey)s. Respondents could choose more than one answer.")
                    if several_answers
                    else _("%(survey)s.")
                )
                % {"survey": survey.title},
                source=_("Community survey, responses received in %(year)s") % {"year": year},
            )
            table.relations = relations
            tables.append(table)
    return tables


def needs_tables(year: int, answered=None) -> list[Table]:
    return report_section_tables(year=year, report_section="needs", answered=answered)


def barriers_tables(year: int, answered=None) -> list[Table]:
    return report_section_tables(year=year, report_section="barriers", answered=answered)
