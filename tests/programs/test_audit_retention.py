"""Audit of views and changes (pghistory), and the retention purge that keeps the metrics intact."""

import datetime

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from moia.accounts import roles
from programs.models import Intake, IntakeEvent, IntakeView
from programs.selectors import program_metrics
from programs.services import intakes_purge_expired, months_before
from tests.factories.accounts import StaffFactory, UserFactory, totp_enable
from tests.factories.programs import IntakeFactory, ProgramStaffFactory

pytestmark = pytest.mark.django_db


def test_opening_an_intakes_personal_data_in_the_admin_is_recorded(client):
    assignment = ProgramStaffFactory(user=StaffFactory(roles=[roles.PROGRAM_STAFF]))
    intake = IntakeFactory(program=assignment.program)
    totp_enable(assignment.user)
    client.force_login(assignment.user)
    assert client.get(reverse("admin:programs_intake_change", args=[intake.pk])).status_code == 200
    view = IntakeView.objects.get()
    assert (view.intake, view.user) == (intake, assignment.user)


def test_a_de_identified_view_is_not_a_personal_data_view(client):
    intake = IntakeFactory()
    user = StaffFactory(roles=[roles.REPORT_EDITORS])
    totp_enable(user)
    client.force_login(user)
    assert client.get(reverse("admin:programs_intake_change", args=[intake.pk])).status_code == 200
    assert not IntakeView.objects.exists()


@pytest.mark.parametrize("role", list(roles.ROLES))
def test_audit_records_are_for_superusers_only(client, role):
    user = StaffFactory(roles=[role])
    totp_enable(user)
    client.force_login(user)
    assert client.get(reverse("admin:programs_intakeview_changelist")).status_code == 403
    assert client.get(reverse("admin:programs_intakeevent_changelist")).status_code == 403


def test_superusers_read_the_audit_records(client):
    user = UserFactory(is_staff=True, is_superuser=True)
    totp_enable(user)
    client.force_login(user)
    assert client.get(reverse("admin:programs_intakeview_changelist")).status_code == 200
    assert client.get(reverse("admin:programs_intakeevent_changelist")).status_code == 200


@pytest.mark.postgres
def test_bulk_updates_are_recorded_in_the_history_too():
    intake = IntakeFactory()
    Intake.objects.filter(pk=intake.pk).update(status=Intake.Status.SCREENING)
    labels = list(
        IntakeEvent.objects.filter(pgh_obj_id=intake.pk).order_by("pgh_id").values_list("pgh_label", "status")
    )
    assert labels == [("insert", "new"), ("update", "screening")]


@pytest.mark.postgres
def test_history_keeps_personal_fields_encrypted():
    intake = IntakeFactory(immigration_status="asylum")
    with connection.cursor() as cursor:
        cursor.execute("SELECT immigration_status FROM programs_intakeevent WHERE pgh_obj_id = %s", [intake.pk])
        (raw,) = cursor.fetchone()
    assert "asylum" not in raw


def test_months_before_handles_month_ends():
    moment = datetime.datetime(2026, 3, 31, 12, tzinfo=datetime.UTC)
    assert months_before(moment, 1) == datetime.datetime(2026, 2, 28, 12, tzinfo=datetime.UTC)
    assert months_before(moment, 24) == datetime.datetime(2024, 3, 31, 12, tzinfo=datetime.UTC)


def test_purge_blanks_personal_fields_of_long_closed_intakes_only():
    old = timezone.now() - datetime.timedelta(days=31 * (settings.PII_RETENTION_MONTHS + 1))
    expired = IntakeFactory(
        status=Intake.Status.CLOSED,
        closed_at=old,
        date_of_birth=datetime.date(1980, 1, 1),
        immigration_status="visa",
        age_range="35-44",
    )
    recent = IntakeFactory(status=Intake.Status.CLOSED, closed_at=timezone.now())
    still_open = IntakeFactory(received_at=old)
    call_command("purge_expired_pii", verbosity=0)
    expired.refresh_from_db()
    # Encrypted fields store an empty value as NULL.
    assert (expired.name, expired.phone, expired.email, expired.address) == (None, None, None, None)
    assert expired.date_of_birth is None
    assert expired.immigration_status is None
    assert expired.age_range == "35-44"
    assert expired.pii_purged_at is not None
    assert expired.reference
    assert expired.program_id
    for intake in (recent, still_open):
        intake.refresh_from_db()
        assert intake.name == "Test Person"
    assert intakes_purge_expired() == 0  # nothing left to do


def test_purge_leaves_the_ordinance_metrics_unchanged(metrics_fixture):
    Intake.objects.update(status=Intake.Status.CLOSED, closed_at=timezone.now() - datetime.timedelta(days=3650))
    before = {year: program_metrics(year=year) for year in (2024, 2025)}
    assert intakes_purge_expired() == Intake.objects.count()
    assert not Intake.objects.exclude(name="").exists()
    assert {year: program_metrics(year=year) for year in (2024, 2025)} == before


@pytest.mark.postgres
def test_purge_also_blanks_the_history_copies():
    intake = IntakeFactory(status=Intake.Status.CLOSED, closed_at=timezone.now() - datetime.timedelta(days=3650))
    intakes_purge_expired()
    events = IntakeEvent.objects.filter(pgh_obj_id=intake.pk)
    assert not events.exclude(name="").exists()
    purge_event = events.order_by("pgh_id").last()
    assert purge_event.pgh_context.metadata["source"] == "purge_expired_pii"
