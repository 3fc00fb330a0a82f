"""Every intake is created by programs.services.intake_submit, whoever enters it: the admin and a
partner's CSV import get the same reference, the same checks, the same confirmation email and
never keep an immigration status the programme did not ask for."""

import pytest
import tablib
from django.core import mail
from django.urls import reverse

from moia.accounts import roles
from programs.models import Intake
from programs.resources import IntakeImportResource
from tests.factories.accounts import StaffFactory, totp_enable
from tests.factories.programs import ProgramStaffFactory

from .test_admin_workflow import inline

pytestmark = pytest.mark.django_db


@pytest.fixture
def worker(client):
    assignment = ProgramStaffFactory(
        user=StaffFactory(roles=[roles.PROGRAM_STAFF]), program__asks_immigration_status=False
    )
    totp_enable(assignment.user)
    client.force_login(assignment.user)
    return assignment


def test_an_intake_typed_in_the_admin_drops_the_unasked_immigration_status_and_is_confirmed(
    client, worker, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:programs_intake_add"),
            {
                "program": worker.program_id,
                "name": "Caller Testperson",
                "email": "caller@example.org",
                "immigration_status": "asylum",
                "channel": "phone",
                "preferred_language": "es",
                **inline(),
            },
        )
    assert response.status_code == 302
    intake = Intake.objects.get()
    assert intake.immigration_status is None
    assert intake.entered_by == worker.user
    assert [m.to for m in mail.outbox] == [["caller@example.org"]]
    assert intake.reference in mail.outbox[0].subject


def test_the_admin_refuses_an_intake_for_a_programme_whose_intake_is_closed(client, worker):
    worker.program.intake_open = False
    worker.program.save()
    response = client.post(
        reverse("admin:programs_intake_add"),
        {"program": worker.program_id, "name": "X", "channel": "phone", "preferred_language": "en", **inline()},
    )
    assert response.status_code == 200
    assert "not taking requests" in response.content.decode()
    assert not Intake.objects.exists()


def test_a_csv_row_goes_through_the_intake_service(worker, django_capture_on_commit_callbacks):
    dataset = tablib.Dataset(headers=["program", "received_at", "name", "email"])
    dataset.append([worker.program.slug, "2025-05-01 10:00:00", "Row One", "row.one@example.org"])
    with django_capture_on_commit_callbacks(execute=True):
        result = IntakeImportResource().import_data(dataset, dry_run=False, user=worker.user)
    assert not result.has_errors()
    assert not result.has_validation_errors()
    intake = Intake.objects.get()
    assert intake.received_at.year == 2025  # taken on paper earlier: its own date is kept
    assert intake.entered_by == worker.user
    assert [m.to for m in mail.outbox] == [["row.one@example.org"]]


def test_a_csv_row_for_a_closed_programme_is_refused(worker):
    worker.program.intake_open = False
    worker.program.save()
    dataset = tablib.Dataset(headers=["program", "name"])
    dataset.append([worker.program.slug, "Row One"])
    result = IntakeImportResource().import_data(dataset, dry_run=False, user=worker.user)
    assert result.has_validation_errors()
    assert not Intake.objects.exists()
