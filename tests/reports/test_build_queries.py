"""The annual report's data is read with a fixed number of queries: a city with three times the
programmes, survey questions and grantee reports costs the build no more queries (a query per
programme or per question is what made the build slow at scale, issue 20)."""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from programs.models import ServiceRecord
from reports.selectors import report_data
from surveys import services as survey_services
from tests.factories.programs import (
    ActivityFactory,
    CaseTypeFactory,
    IntakeFactory,
    ProgramCapacityFactory,
    ProgramFactory,
    ServiceRecordFactory,
    ServiceTypeFactory,
)

pytestmark = pytest.mark.django_db
BOSTON = ZoneInfo("America/New_York")


def _world(*, size: int, prefix: str) -> None:
    """`size` programmes with intakes, matters of every kind, capacity and activities; one
    survey with 2 x `size` questions tagged for the report; `size` grantee reports."""
    from grants.models import ReportServiceCount
    from grants.services import award_create
    from tests.factories.grants import ApplicationFactory

    legal = ServiceTypeFactory(name=f"{prefix} legal", is_legal=True)
    esol = ServiceTypeFactory(name=f"{prefix} ESOL")
    case = CaseTypeFactory(name=f"{prefix} case")
    for n in range(size):
        program = ProgramFactory(name=f"{prefix} programme {n}")
        ProgramCapacityFactory(program=program, service_type=legal, year=2025, capacity=50)
        ActivityFactory(program=program, service_type=esol, date=dt.date(2025, 4, 1), attendance=20)
        for i in range(4):
            intake = IntakeFactory(
                program=program,
                received_at=dt.datetime(2025, 3, 1, 12, tzinfo=BOSTON),
                screened_at=dt.datetime(2025, 3, 2, 12, tzinfo=BOSTON),
                screening_eligible=i % 2 == 0,
            )
            ServiceRecordFactory(
                intake=intake,
                service_type=legal,
                case_type=case,
                opened_on=dt.date(2025, 3, 3),
                disposition=ServiceRecord.Disposition.REFERRED if i == 0 else ServiceRecord.Disposition.DIRECT,
                outcome=sorted(ServiceRecord.LEGAL_OUTCOMES)[0] if i == 1 else "",
            )
            ServiceRecordFactory(intake=intake, service_type=esol, opened_on=dt.date(2025, 3, 4))

    choices = [{"code": c, "label": {"en": c.title()}} for c in ("housing", "work", "school")]
    questions = [
        {
            "code": f"q{n}",
            "kind": "multiple" if n % 2 else "single",
            "text": {"en": f"{prefix} question {n}?"},
            "report_section": "barriers" if n % 2 else "needs",
            "choices": choices,
        }
        for n in range(2 * size)
    ]
    now = timezone.now()
    survey = survey_services.survey_load(
        data={
            "slug": f"{prefix}-survey",
            "title": {"en": f"{prefix} survey"},
            "introduction": {"en": "Tell us."},
            "estimated_minutes": 5,
            "sections": [{"code": "s", "title": {"en": "S"}, "questions": questions}],
        },
        opens_at=now - dt.timedelta(days=1),
        closes_at=now + dt.timedelta(days=30),
        slug=f"{prefix}-survey",
    )
    for r in range(3):
        answers = {q["code"]: (["housing", "work"] if q["kind"] == "multiple" else "school") for q in questions}
        survey_services.response_submit(
            survey=survey, data=answers, language="en", started_at=now - dt.timedelta(minutes=5 + r)
        )
    survey.responses.update(finished_at=dt.datetime(2025, 6, 1, 15, tzinfo=dt.UTC))

    for n in range(size):
        award = award_create(
            application=ApplicationFactory(organization__name=f"{prefix} partner {n}"),
            amount=Decimal("5000"),
            award_date=dt.date(2025, 1, 10),
        )
        report = award.reports.first()
        ReportServiceCount.objects.create(report=report, service_type="legal", individuals=12 + n)
        award.reports.filter(pk=report.pk).update(submitted_at=dt.datetime(2025, 11, 1, 12, tzinfo=dt.UTC))


def _queries_for_report_data() -> tuple[int, dict]:
    with CaptureQueriesContext(connection) as captured:
        data = report_data(year=2025)
    return len(captured.captured_queries), data


def test_three_times_the_programmes_questions_and_grantees_cost_no_more_queries():
    _world(size=2, prefix="Small")
    small, small_data = _queries_for_report_data()
    _world(size=4, prefix="More")  # 2 + 4 = 6 programmes, 12 questions, 6 grantee reports: 3 times
    large, large_data = _queries_for_report_data()

    def tables(data):
        return [t["key"] for s in data["sections"] for t in s["tables"]]

    # The larger world really is larger in the report: a programme's block, a question's table,
    # a grantee's row each more (so the count below is not of an empty build).
    assert len(tables(large_data)) > len(tables(small_data))
    partners = next(
        t for s in large_data["sections"] for t in s["tables"] if t["key"] == "partners-grantee-individuals"
    )
    assert len(partners["rows"]) >= 6
    assert large <= small, f"{small} queries for the small world, {large} for three times its size"
