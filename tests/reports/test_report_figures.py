"""Every programme figure in the built report equals what independent SQL computes, and small
counts are suppressed in both the PDF and the CSV."""

import csv
import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from pypdf import PdfReader

from programs.models import ServiceRecord
from reports.services import report_build, report_build_request
from tests.factories.programs import (
    CaseTypeFactory,
    IntakeFactory,
    ProgramCapacityFactory,
    ProgramFactory,
    ServiceRecordFactory,
    ServiceTypeFactory,
)

pytestmark = pytest.mark.django_db
BOSTON = ZoneInfo("America/New_York")


@pytest.fixture
def programme_year(media_root):
    """One programme in 2025: legal consultations (direct and referred) and Know Your Rights."""
    program = ProgramFactory(name="Phone Immigration Consultations")
    legal = ServiceTypeFactory(name="Legal consultation", is_legal=True)
    kyr = ServiceTypeFactory(name="Know Your Rights training")
    naturalization = CaseTypeFactory(name="Naturalization")
    ProgramCapacityFactory(program=program, service_type=legal, year=2025, capacity=400)
    ProgramCapacityFactory(program=program, service_type=kyr, year=2025, capacity=250)
    received = dt.datetime(2025, 3, 10, 12, tzinfo=BOSTON)
    intakes = [IntakeFactory(program=program, received_at=received) for _ in range(60)]
    for intake in intakes[:25]:
        ServiceRecordFactory(
            intake=intake, service_type=legal, case_type=naturalization, opened_on=dt.date(2025, 3, 11),
            disposition=ServiceRecord.Disposition.DIRECT,
        )  # fmt: skip
    for intake in intakes[25:28]:  # three referrals: a small count that must be suppressed
        ServiceRecordFactory(
            intake=intake, service_type=legal, case_type=naturalization, opened_on=dt.date(2025, 3, 12),
            disposition=ServiceRecord.Disposition.REFERRED,
        )  # fmt: skip
    for intake in intakes[:40]:
        ServiceRecordFactory(intake=intake, service_type=kyr, opened_on=dt.date(2025, 4, 2))
    # A second matter for the same person and service type: still one individual.
    ServiceRecordFactory(intake=intakes[0], service_type=kyr, opened_on=dt.date(2025, 5, 2))
    # Last year's matter must not count.
    ServiceRecordFactory(intake=intakes[1], service_type=kyr, opened_on=dt.date(2024, 12, 31))
    report = report_build_request(year=2025, queue=False)
    return report_build(report_id=report.pk)


def sql_individuals_and_matters() -> dict[str, tuple[int, int]]:
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT st.name, COUNT(DISTINCT sr.intake_id), COUNT(*)
            FROM programs_servicerecord sr JOIN programs_servicetype st ON st.id = sr.service_type_id
            WHERE sr.opened_on >= %s AND sr.opened_on < %s
            GROUP BY st.name
            """,
            [dt.date(2025, 1, 1), dt.date(2026, 1, 1)],
        )
        return {name: (individuals, matters) for name, individuals, matters in cursor.fetchall()}


def sql_legal_split() -> dict[str, int]:
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT sr.disposition, COUNT(DISTINCT sr.intake_id)
            FROM programs_servicerecord sr JOIN programs_servicetype st ON st.id = sr.service_type_id
            WHERE st.is_legal AND sr.opened_on >= %s AND sr.opened_on < %s
            GROUP BY sr.disposition
            """,
            [dt.date(2025, 1, 1), dt.date(2026, 1, 1)],
        )
        return dict(cursor.fetchall())


def csv_values(report) -> dict[tuple[str, str, str], str]:
    rows = csv.DictReader(io.StringIO(report.data_csv.open("rb").read().decode()))
    return {(r["table"], r["row"], r["column"]): r["value"] for r in rows}


def published(n: int) -> str:
    return "<11" if 0 < n <= 10 else str(n)


def test_individuals_and_matters_by_service_type_match_sql(programme_year):
    values = csv_values(programme_year)
    expected = sql_individuals_and_matters()
    assert expected == {"Know Your Rights training": (40, 41), "Legal consultation": (28, 28)}
    for name, (individuals, matters) in expected.items():
        assert values[("program-all-services", name, "Individuals served (iii)")] == published(individuals)
        assert values[("program-all-services", name, "Matters handled (iv)")] == published(matters)
    assert values[("program-all-services", "Legal consultation", "Capacity (i)")] == "400"


def test_legal_referrals_below_the_threshold_are_suppressed_with_a_complement(programme_year):
    values = csv_values(programme_year)
    split = sql_legal_split()
    assert split == {"direct": 25, "referred": 3}
    label = "Legal consultation — Naturalization"
    assert values[("program-all-legal", label, "Referred to other legal providers")] == "<11"
    # With only one legal row, the column total would give the referral count away: hidden too.
    assert values[("program-all-legal", "Total", "Referred to other legal providers")] == "<11"
    assert values[("program-all-legal", label, "Directly supported")] == "25"


def test_intakes_in_the_pdf_match_sql_and_no_small_count_is_printed(programme_year):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COUNT(*) FROM programs_intake WHERE received_at >= %s AND received_at < %s",
            [dt.datetime(2025, 1, 1, tzinfo=BOSTON), dt.datetime(2026, 1, 1, tzinfo=BOSTON)],
        )
        (intakes,) = cursor.fetchone()
    assert intakes == 60
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(programme_year.pdf.open("rb")).pages).split())
    assert "Requests for help received (intakes) 60" in text
    assert "Legal consultation 400 28 28" in text
    assert "Know Your Rights training 250 40 41" in text
    assert "Legal consultation — Naturalization 25 fewer than 11" in text
