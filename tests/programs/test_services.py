"""The intake workflow, references, encryption at rest and the LogEntry text."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from programs.models import Intake
from programs.services import intake_assign, intake_screen, intake_submit, intake_transition, intakes_bulk_transition
from tests.factories.accounts import StaffFactory
from tests.factories.programs import IntakeFactory, ProgramFactory, ProgramStaffFactory

pytestmark = pytest.mark.django_db
Status = Intake.Status


def test_reference_is_readable_random_and_unique():
    program = ProgramFactory()
    references = {
        intake_submit(program=program, data={"name": "Test Person", "phone": "1"}).reference for _ in range(20)
    }
    assert len(references) == 20
    for reference in references:
        assert re.fullmatch(r"P-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}", reference)


def test_str_of_an_intake_is_its_reference_only_so_no_name_reaches_the_change_log():
    intake = IntakeFactory(name="Maria Example")
    assert str(intake) == intake.reference
    assert "Maria" not in str(intake)


def test_closed_programme_refuses_a_request():
    program = ProgramFactory(intake_open=False)
    with pytest.raises(ValidationError):
        intake_submit(program=program, data={"name": "Test Person", "phone": "1"})
    assert not Intake.objects.exists()


def test_immigration_status_is_dropped_when_the_programme_does_not_ask_it():
    program = ProgramFactory(asks_immigration_status=False)
    intake = intake_submit(program=program, data={"name": "T", "phone": "1", "immigration_status": "visa"})
    intake.refresh_from_db()
    assert intake.immigration_status is None


def test_date_of_birth_and_immigration_status_are_ciphertext_in_the_database():
    intake = IntakeFactory(date_of_birth=datetime.date(1990, 5, 17), immigration_status="tps-daca")
    with connection.cursor() as cursor:
        cursor.execute("SELECT date_of_birth, immigration_status FROM programs_intake WHERE id = %s", [intake.pk])
        raw_dob, raw_status = cursor.fetchone()
    assert "1990" not in str(raw_dob)
    assert "tps" not in str(raw_status)
    assert str(raw_status).startswith("gAAAA")  # a Fernet token
    intake.refresh_from_db()
    assert intake.date_of_birth == datetime.date(1990, 5, 17)
    assert intake.immigration_status == "tps-daca"


def test_workflow_allows_the_documented_path_to_closed():
    intake = IntakeFactory()
    intake_screen(intake=intake, eligible=True, reason="Lives in Boston")
    assert intake.status == Status.ELIGIBLE
    assert intake.screened_at is not None
    intake_transition(intake=intake, to_status=Status.SERVED)
    intake_transition(intake=intake, to_status=Status.CLOSED)
    intake.refresh_from_db()
    assert intake.status == Status.CLOSED
    assert intake.closed_at is not None


@pytest.mark.parametrize(
    ("start", "target"),
    [(Status.NEW, Status.SERVED), (Status.CLOSED, Status.NEW), (Status.NOT_ELIGIBLE, Status.SERVED)],
)
def test_workflow_refuses_skipping_steps(start, target):
    intake = IntakeFactory(status=start)
    with pytest.raises(ValidationError):
        intake_transition(intake=intake, to_status=target)
    intake.refresh_from_db()
    assert intake.status == start


def test_bulk_transition_changes_only_intakes_whose_workflow_allows_it():
    allowed = IntakeFactory(status=Status.ELIGIBLE)
    refused = IntakeFactory(status=Status.NEW)
    assert intakes_bulk_transition(intakes=[allowed, refused], to_status=Status.SERVED) == (1, 1)
    refused.refresh_from_db()
    assert refused.status == Status.NEW


def test_intakes_can_be_assigned_only_to_staff_of_the_programme():
    assignment = ProgramStaffFactory()
    intake = IntakeFactory(program=assignment.program)
    with pytest.raises(ValidationError):
        intake_assign(intake=intake, assignee=StaffFactory())
    intake_assign(intake=intake, assignee=assignment.user)
    intake.refresh_from_db()
    assert intake.assigned_to == assignment.user
