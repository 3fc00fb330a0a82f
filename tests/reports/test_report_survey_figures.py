"""Needs and barriers in the report equal what independent SQL counts over the survey answers,
and funded partners' figures equal the grantee reports' sums."""

import csv
import datetime as dt
import io

import pytest
from django.db import connection

from reports.services import report_build, report_build_request
from tests.factories.surveys import respond, survey_small
from tests.reports.attacker import cells_from_csv, read_report
from tests.reports.test_suppression import assert_nothing_recoverable

pytestmark = pytest.mark.django_db


def csv_values(report) -> dict[tuple[str, str, str], str]:
    rows = csv.DictReader(io.StringIO(report.data_csv.open("rb").read().decode()))
    return {(r["section"], r["table"], r["row"]): r["value"] for r in rows}


def sql_choice_counts(question_code: str) -> dict[str, int]:
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT c.label, COUNT(*) FROM surveys_answer a
            JOIN surveys_question q ON q.id = a.question_id
            JOIN surveys_choice c ON c.id = a.choice_id
            JOIN surveys_response r ON r.id = a.response_id
            WHERE q.code = %s AND r.status = 'complete' AND r.finished_at >= %s AND r.finished_at < %s
            GROUP BY c.label
            """,
            [question_code, dt.datetime(2025, 1, 1, tzinfo=dt.UTC), dt.datetime(2026, 1, 1, tzinfo=dt.UTC)],
        )
        return dict(cursor.fetchall())


@pytest.fixture
def survey_2025(media_root):
    survey = survey_small()
    for n in range(30):
        pets = ["cat", "dog"] if n < 4 else ["cat"]
        respond(survey, {"color": "red" if n < 18 else "blue", "pets": pets})
    # Answered during 2025 (responses record when they were finished).
    survey.responses.update(finished_at=dt.datetime(2025, 6, 1, 15, tzinfo=dt.UTC))
    respond(survey, {"color": "blue", "pets": ["fish"], "fish_name": "Nemo"})  # answered in 2026: not counted
    report = report_build_request(year=2025, queue=False)
    return report_build(report_id=report.pk)


def test_needs_question_counts_match_sql_with_suppression(survey_2025):
    values = csv_values(survey_2025)
    counts = sql_choice_counts("color")
    assert counts == {"Red": 18, "Blue": 12}
    assert values[("needs", "survey-small-color", "Red")] == "18"
    assert values[("needs", "survey-small-color", "Blue")] == "12"
    assert values[("needs", "survey-small-color", "Total")] == "30"


def test_barriers_question_counts_match_sql_and_small_cells_are_hidden(survey_2025):
    values = csv_values(survey_2025)
    counts = sql_choice_counts("pets")
    assert counts == {"Cat": 30, "Dog": 4}
    assert values[("barriers", "survey-small-pets", "Cat")] == "30"
    assert values[("barriers", "survey-small-pets", "Dog")] == "<11"
    # Several answers per person: no total is published, so no complementary cell is needed.
    assert ("barriers", "survey-small-pets", "Total") not in values


def test_funded_partners_figures_match_the_grantee_reports_sums(media_root):
    from decimal import Decimal

    from grants.models import ReportServiceCount
    from grants.services import award_create
    from tests.factories.grants import ApplicationFactory

    for name, counts in [("Eastie Legal", {"legal": 40, "esol": 7}), ("Roxbury Youth", {"youth": 55, "esol": 30})]:
        award = award_create(
            application=ApplicationFactory(organization__name=name),
            amount=Decimal("5000"),
            award_date=dt.date(2025, 1, 10),
        )
        report = award.reports.first()
        ReportServiceCount.objects.bulk_create(
            [ReportServiceCount(report=report, service_type=k, individuals=v) for k, v in counts.items()]
        )
        award.reports.filter(pk=report.pk).update(submitted_at=dt.datetime(2025, 11, 1, 12, tzinfo=dt.UTC))
    built = report_build(report_id=report_build_request(year=2025, queue=False).pk)
    rows = list(csv.DictReader(io.StringIO(built.data_csv.open("rb").read().decode())))
    table = {(r["row"], r["column"]): r["value"] for r in rows if r["table"] == "partners-grantee-individuals"}
    with connection.cursor() as cursor:
        cursor.execute("SELECT service_type, SUM(individuals) FROM grants_reportservicecount GROUP BY service_type")
        sums = dict(cursor.fetchall())
    assert sums == {"legal": 40, "esol": 37, "youth": 55}
    assert table[("Total", "Youth programs")] == "55"
    assert table[("Total", "Total")] == "132"
    # 7 is a small cell. Eastie Legal is the only legal provider, so a shown legal count (40)
    # beside Eastie's row total (47) would give the 7 away: the legal counts are hidden ("—"),
    # not "<11". Eastie's row total is shown: 132 - 85 tells it anyway, a "—" would only hide
    # what a reader can subtract.
    assert table[("Eastie Legal", "English classes")] == "<11"
    assert {table[("Total", "Legal help")], table[("Eastie Legal", "Legal help")]} == {"—"}
    assert table[("Eastie Legal", "Total")] == "47"
    assert_nothing_recoverable(read_report(cells_from_csv(built.data_csv.open("rb").read())))


def test_the_summary_names_the_barriers_chosen_most_often_and_counts_the_years_responses(survey_2025):
    figures = {f["key"]: f for f in survey_2025.snapshot["headlines"]}
    # The 2026 response (fish) is another year's; the barriers question is the multiple-choice one.
    assert figures["top_barriers"]["value"] == ["Cat", "Dog"]
    assert figures["survey_responses"]["value"] == 30
    # No multiple-choice needs question: no made-up "top needs".
    assert "top_needs" not in figures
