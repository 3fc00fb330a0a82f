"""The ordinance figures, 12-19.4(2)(d)(i)-(v), against numbers worked out by hand (see conftest)."""

import datetime

import pytest

from programs.selectors import program_metrics, program_metrics_by_program, program_metrics_with_all
from tests.factories.programs import IntakeFactory, ServiceRecordFactory

pytestmark = pytest.mark.django_db


def by_slug(rows, *keys):
    return {row["service_type"] if not keys else tuple(row[k] for k in keys): row for row in rows}


def test_capacity_is_summed_by_service_type_for_the_year_only(metrics_fixture):
    metrics = program_metrics(year=2025)
    capacity = {row["service_type"]: row["capacity"] for row in metrics["capacity_by_service_type"]}
    assert capacity == {"legal": 120, "kyr": 50, "citizenship": 400}
    assert metrics["total_capacity"] == 570


def test_intakes_count_by_receipt_year_and_screenings_by_screening_year(metrics_fixture):
    metrics = program_metrics(year=2025)
    # a, b, d received in 2025 (c on 31 Dec 2024 in Boston time); a, b, c screened in 2025.
    assert metrics["intakes"] == 3
    assert metrics["screenings"] == 3
    assert metrics["screened_eligible"] == 2
    assert metrics["screened_not_eligible"] == 1


def test_an_individual_is_counted_once_per_service_type_however_many_records(metrics_fixture):
    metrics = program_metrics(year=2025)
    served = {row["service_type"]: row["individuals"] for row in metrics["individuals_served_by_service_type"]}
    # legal: a (three records), c, d; b's record was opened in 2024.
    assert served == {"legal": 3, "kyr": 1, "citizenship": 1}


def test_matters_and_outcomes_by_service_type(metrics_fixture):
    metrics = program_metrics(year=2025)
    matters = by_slug(metrics["matters_by_service_type"])
    assert matters["legal"]["matters"] == 5
    assert matters["legal"]["outcomes"] == {"csr-a": 2, "csr-b": 1, "csr-h": 1, "pending": 1}
    assert matters["kyr"]["outcomes"] == {"information-provided": 1}
    assert matters["citizenship"]["outcomes"] == {"application-submitted": 1}
    for row in matters.values():
        assert sum(row["outcomes"].values()) == row["matters"]


def test_legal_individuals_direct_and_referred_by_service_and_case_type(metrics_fixture):
    metrics = program_metrics(year=2025)
    legal = {
        row["case_type"]: (row["directly_supported"], row["referred"], row["matters"], row["lsc_problem_code"])
        for row in metrics["legal_by_service_and_case_type"]
    }
    assert legal == {"daca": (1, 1, 3, "81"), "naturalization": (1, 1, 2, "81")}


def test_group_activities_report_attendance_separately(metrics_fixture):
    metrics = program_metrics(year=2025)
    groups = {
        row["service_type"]: (row["activities"], row["attendance"])
        for row in metrics["group_activities_by_service_type"]
    }
    assert groups == {"citizenship": (1, 120), "kyr": (2, 55)}


def test_figures_for_one_programme(metrics_fixture):
    metrics = program_metrics(year=2025, program=metrics_fixture["phone"])
    assert {r["service_type"]: r["capacity"] for r in metrics["capacity_by_service_type"]} == {"legal": 100, "kyr": 50}
    assert (metrics["intakes"], metrics["screenings"]) == (2, 3)
    assert {r["service_type"]: r["individuals"] for r in metrics["individuals_served_by_service_type"]} == {
        "legal": 2,
        "kyr": 1,
    }
    assert by_slug(metrics["matters_by_service_type"])["legal"]["outcomes"] == {"csr-a": 2, "csr-b": 1, "pending": 1}
    legal = {
        r["case_type"]: (r["directly_supported"], r["referred"]) for r in metrics["legal_by_service_and_case_type"]
    }
    assert legal == {"daca": (1, 1), "naturalization": (0, 1)}
    assert [(r["activities"], r["attendance"]) for r in metrics["group_activities_by_service_type"]] == [(2, 55)]


def test_all_programmes_added_up_from_the_programmes_are_the_office_figures(metrics_fixture):
    # Legal services in both programmes, a person with three legal matters, referred and direct
    # matters, capacities and activities in both: every sum meets the office's own count.
    all_programs, by_program = program_metrics_with_all(year=2025)
    assert all_programs == program_metrics(year=2025)
    assert by_program == program_metrics_by_program(year=2025)
    assert set(by_program) == {metrics_fixture["phone"].pk, metrics_fixture["day"].pk}


def test_a_year_without_activity_gives_zeros_not_errors(metrics_fixture):
    metrics = program_metrics(year=2019)
    assert metrics["intakes"] == 0
    assert metrics["individuals_served_by_service_type"] == []
    assert metrics["total_capacity"] == 0


def test_query_count_does_not_grow_with_data(metrics_fixture, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    # A grouped query per figure (events' attendance included), never one per intake or record.
    with django_assert_max_num_queries(10), CaptureQueriesContext(connection) as small:
        program_metrics(year=2025)
    phone = metrics_fixture["phone"]
    for day in range(1, 29):
        intake = IntakeFactory(program=phone)
        ServiceRecordFactory(intake=intake, opened_on=datetime.date(2025, 2, day))
    with django_assert_max_num_queries(len(small.captured_queries)):
        metrics = program_metrics(year=2025)
    assert len(metrics["individuals_served_by_service_type"]) > 3
