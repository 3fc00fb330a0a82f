"""Attendance and consultation outcomes in the programme metrics, against counts worked out by
hand: one source per figure, a person at two sessions is one individual, and purging personal
data changes nothing."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied

from events.models import Event, Registration
from events.services_staff import registration_check_in, registration_outcome_record, registration_walk_in
from programs.models import Intake, ServiceRecord
from programs.selectors import program_metrics
from tests.factories.accounts import StaffFactory
from tests.factories.events_staff import StaffEventFactory, StaffRegistrationFactory, StaffSessionFactory, host_user
from tests.factories.programs import ActivityFactory, OrganizationFactory, ProgramFactory, ServiceTypeFactory

pytestmark = pytest.mark.django_db
BOSTON = ZoneInfo("America/New_York")


def at(month: int, day: int, hour: int = 10) -> datetime.datetime:
    return datetime.datetime(2025, month, day, hour, tzinfo=BOSTON)


def rows(metrics):
    return {row["service_type"]: row for row in metrics["event_attendance_by_service_type"]}


@pytest.fixture
def kyr():
    """Two Know Your Rights sessions in 2025 (20 and 10 seats) and a cancelled one (15 seats)."""
    program = ProgramFactory(slug="kyr-program")
    service_type = ServiceTypeFactory(slug="kyr")
    event = StaffEventFactory(program=program, service_type=service_type)
    first = StaffSessionFactory(event=event, starts_at=at(3, 1), ends_at=at(3, 1, 12), capacity=20)
    second = StaffSessionFactory(event=event, starts_at=at(4, 1), ends_at=at(4, 1, 12), capacity=10)
    StaffSessionFactory(event=event, starts_at=at(5, 1), ends_at=at(5, 1, 12), capacity=15, is_cancelled=True)
    return {"program": program, "first": first, "second": second}


def test_a_person_at_two_sessions_is_one_individual_and_two_attendances(kyr):
    door = StaffFactory()
    # Maria comes to both sessions (same phone, written differently); Ana brings two people.
    maria_1 = StaffRegistrationFactory(session=kyr["first"], phone="(617) 555-0101")
    maria_2 = StaffRegistrationFactory(session=kyr["second"], phone="617.555.0101")
    ana = StaffRegistrationFactory(session=kyr["first"], phone="617-555-0202", party_size=3)
    no_show = StaffRegistrationFactory(session=kyr["first"], phone="617-555-0303")
    for registration in (maria_1, maria_2, ana):
        registration_check_in(registration=registration, by=door)
    registration_walk_in(session=kyr["second"], name="J.", party_size=1, by=door)

    figures = rows(program_metrics(year=2025, program=kyr["program"]))["kyr"]
    assert figures["sessions"] == 2  # the cancelled one offers nothing
    assert figures["seats"] == 30
    assert figures["registrations"] == 4  # Maria twice, Ana, the no-show; the walk-in did not register
    assert figures["attended"] == 1 + 1 + 3 + 1
    assert figures["individuals"] == 3  # Maria, Ana, the walk-in
    assert figures["walk_ins"] == 1
    assert no_show.checked_in_at is None


def test_the_figures_are_identical_after_personal_data_is_purged(kyr):
    door = StaffFactory()
    for phone in ("617-555-0101", "617-555-0101", "617-555-0202"):
        session = kyr["first"] if phone.endswith("0202") else None
        registration = StaffRegistrationFactory(session=session or kyr["first"], phone=phone)
        registration_check_in(registration=registration, by=door)
    before = program_metrics(year=2025)
    # The retention purge blanks every personal field (the resident side's service does the same).
    Registration.objects.update(
        name=None, phone=None, email=None, topic=None, call_time=None, personal_data_purged_at=at(12, 31)
    )
    assert program_metrics(year=2025) == before
    assert rows(before)["kyr"]["individuals"] == 2


def test_checking_in_twice_counts_once(kyr):
    door = StaffFactory()
    registration = StaffRegistrationFactory(session=kyr["first"])
    registration_check_in(registration=registration, by=door)
    registration_check_in(registration=registration, by=door)
    assert rows(program_metrics(year=2025))["kyr"]["attended"] == 1


def test_activities_and_check_ins_stay_separate_figures(kyr):
    """An Activity is for an event without registration; it never adds to check-in attendance."""
    ActivityFactory(
        program=kyr["program"],
        service_type=ServiceTypeFactory(slug="webinar"),
        date=datetime.date(2025, 6, 1),
        attendance=40,
    )
    registration_check_in(registration=StaffRegistrationFactory(session=kyr["first"]), by=StaffFactory())
    metrics = program_metrics(year=2025)
    assert rows(metrics)["kyr"]["attended"] == 1
    assert {r["service_type"]: r["attendance"] for r in metrics["group_activities_by_service_type"]} == {"webinar": 40}


@pytest.fixture
def consultation():
    program = ProgramFactory(slug="legal-program")
    legal = ServiceTypeFactory(slug="legal-consultation", is_legal=True)
    event = StaffEventFactory(
        program=program, service_type=legal, booking=Event.Booking.SLOTS, category=Event.Category.CONSULTATION
    )
    host = host_user()
    slots = [
        StaffSessionFactory(
            event=event, host=host, capacity=1, starts_at=at(m, 2), ends_at=at(m, 2) + datetime.timedelta(minutes=15)
        )
        for m in (2, 3, 4)
    ]
    return {"program": program, "host": host, "slots": slots}


def test_a_recorded_consultation_is_a_matter_and_a_second_one_is_the_same_individual(consultation):
    host = consultation["host"]
    first, second, other = consultation["slots"]
    a = StaffRegistrationFactory(session=first, phone="617-555-0101")
    b = StaffRegistrationFactory(session=second, phone="617 555 0101")
    c = StaffRegistrationFactory(session=other, phone="617-555-0999")
    registration_outcome_record(registration=a, result="advice", by=host)
    partner = OrganizationFactory()
    registration_outcome_record(registration=b, result="referred", referred_to=partner, by=host)
    registration_outcome_record(registration=c, result="not-reached", by=host)

    assert Intake.objects.filter(channel=Intake.Channel.EVENT).count() == 1
    record_a, record_b = ServiceRecord.objects.order_by("opened_on")
    assert record_a.outcome == ServiceRecord.Outcome.COUNSEL_AND_ADVICE
    assert record_b.disposition == ServiceRecord.Disposition.REFERRED
    assert record_b.referred_to == partner
    metrics = program_metrics(year=2025, program=consultation["program"])
    served = {r["service_type"]: r["individuals"] for r in metrics["individuals_served_by_service_type"]}
    matters = {r["service_type"]: r["matters"] for r in metrics["matters_by_service_type"]}
    assert served == {"legal-consultation": 1}
    assert matters == {"legal-consultation": 2}
    # The unreached resident did not attend; the two consultations did.
    assert rows(metrics)["legal-consultation"]["attended"] == 2
    # The intake holds nothing personal: the registration keeps that until its purge.
    intake = Intake.objects.get()
    assert (intake.name, intake.phone, intake.email) == (None, None, None)


def test_only_the_sessions_host_can_record_its_outcome(consultation):
    registration = StaffRegistrationFactory(session=consultation["slots"][0])
    with pytest.raises(PermissionDenied):
        registration_outcome_record(registration=registration, result="advice", by=host_user())
    assert not ServiceRecord.objects.exists()
