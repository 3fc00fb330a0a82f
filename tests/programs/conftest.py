import datetime
from zoneinfo import ZoneInfo

import pytest

from programs.models import Intake, ServiceRecord
from tests.factories.programs import (
    ActivityFactory,
    CaseTypeFactory,
    IntakeFactory,
    OrganizationFactory,
    ProgramCapacityFactory,
    ProgramFactory,
    ServiceRecordFactory,
    ServiceTypeFactory,
)

NY = ZoneInfo("America/New_York")
Outcome = ServiceRecord.Outcome
DIRECT = ServiceRecord.Disposition.DIRECT
REFERRED = ServiceRecord.Disposition.REFERRED


def at(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=NY)


@pytest.fixture
def metrics_fixture(db):
    """A small world whose 2025 figures are worked out by hand in test_metrics.py."""
    legal = ServiceTypeFactory(slug="legal", is_legal=True)
    citizenship = ServiceTypeFactory(slug="citizenship")
    kyr = ServiceTypeFactory(slug="kyr")
    daca = CaseTypeFactory(slug="daca")
    naturalization = CaseTypeFactory(slug="naturalization")
    partner = OrganizationFactory()
    phone = ProgramFactory(slug="phone")
    day = ProgramFactory(slug="day")
    ProgramCapacityFactory(program=phone, service_type=legal, year=2025, capacity=100)
    ProgramCapacityFactory(program=phone, service_type=kyr, year=2025, capacity=50)
    ProgramCapacityFactory(program=day, service_type=citizenship, year=2025, capacity=400)
    ProgramCapacityFactory(program=day, service_type=legal, year=2025, capacity=20)
    ProgramCapacityFactory(program=phone, service_type=legal, year=2024, capacity=999)

    def screened(intake, when, eligible):
        Intake.objects.filter(pk=intake.pk).update(
            screened_at=when,
            screening_eligible=eligible,
            status=Intake.Status.ELIGIBLE if eligible else Intake.Status.NOT_ELIGIBLE,
        )

    a = IntakeFactory(program=phone, received_at=at(2025, 2, 1, 10))
    screened(a, at(2025, 2, 3, 9), True)
    b = IntakeFactory(program=phone, received_at=at(2025, 3, 10, 10))
    screened(b, at(2025, 3, 11, 9), False)
    # Received late on New Year's Eve in Boston (already 2025 in UTC): a 2024 intake, screened in 2025.
    c = IntakeFactory(program=phone, received_at=at(2024, 12, 31, 23, 30))
    screened(c, at(2025, 1, 2, 9), True)
    d = IntakeFactory(program=day, received_at=at(2025, 6, 1, 10))
    IntakeFactory(program=day, received_at=at(2026, 1, 1, 0, 30))

    def record(intake, service, opened, case=None, disposition=DIRECT, outcome=""):
        return ServiceRecordFactory(
            intake=intake,
            service_type=service,
            case_type=case,
            opened_on=opened,
            disposition=disposition,
            referred_to=partner if disposition == REFERRED else None,
            outcome=outcome,
        )

    record(a, legal, datetime.date(2025, 2, 5), daca, outcome=Outcome.COUNSEL_AND_ADVICE)
    record(a, legal, datetime.date(2025, 4, 1), daca, outcome=Outcome.LIMITED_ACTION)
    record(a, legal, datetime.date(2025, 4, 2), naturalization, REFERRED)
    record(c, legal, datetime.date(2025, 1, 5), daca, REFERRED, Outcome.COUNSEL_AND_ADVICE)
    record(c, kyr, datetime.date(2025, 1, 6), outcome=Outcome.INFORMATION_PROVIDED)
    record(d, citizenship, datetime.date(2025, 6, 1), outcome=Outcome.APPLICATION_SUBMITTED)
    record(d, legal, datetime.date(2025, 6, 1), naturalization, outcome=Outcome.AGENCY_DECISION)
    record(b, legal, datetime.date(2024, 12, 15), daca)

    ActivityFactory(program=day, service_type=citizenship, date=datetime.date(2025, 9, 20), attendance=120)
    ActivityFactory(program=phone, service_type=kyr, date=datetime.date(2025, 5, 1), attendance=30)
    ActivityFactory(program=phone, service_type=kyr, date=datetime.date(2025, 7, 1), attendance=25)
    ActivityFactory(program=phone, service_type=kyr, date=datetime.date(2024, 11, 1), attendance=40)
    return {"phone": phone, "day": day, "intakes": [a, b, c, d], "partner": partner}
