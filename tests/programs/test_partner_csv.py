"""Partner (trusted intermediary) entry, and spreadsheets in and out."""

import csv
import io

import pytest
import tablib
from django.urls import reverse

from moia.accounts import roles
from programs.models import Activity, Intake
from programs.resources import ActivityImportResource, IntakeImportResource
from tests.factories.accounts import StaffFactory, UserFactory, totp_enable
from tests.factories.programs import (
    IntakeFactory,
    PartnerMembershipFactory,
    ProgramFactory,
    ProgramStaffFactory,
    ServiceTypeFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def membership():
    return PartnerMembershipFactory()


def partner_post(program, organization, **extra):
    return {
        "organization": organization.pk,
        "program": program.pk,
        "client_consent": "on",
        "preferred_language": "ht",
        "name": "Client Testperson",
        "phone": "617-555-0123",
        **extra,
    }


def test_partner_staff_enter_a_request_with_the_clients_consent(client, membership):
    program = ProgramFactory(public_form_enabled=False)
    client.force_login(membership.user)
    response = client.post(reverse("programs:partner_intake_new"), partner_post(program, membership.organization))
    assert response.status_code == 200
    intake = Intake.objects.get()
    assert intake.entered_by == membership.user
    assert intake.partner_organization == membership.organization
    assert intake.client_consent
    assert intake.channel == "partner"
    assert intake.preferred_language == "ht"
    assert intake.reference in response.content.decode()


def test_without_consent_nothing_is_saved(client, membership):
    program = ProgramFactory()
    client.force_login(membership.user)
    data = partner_post(program, membership.organization)
    del data["client_consent"]
    response = client.post(reverse("programs:partner_intake_new"), data)
    assert response.status_code == 400
    assert "Client Testperson" in response.content.decode()
    assert not Intake.objects.exists()


def test_partner_cannot_enter_for_another_organization(client, membership):
    other = PartnerMembershipFactory().organization
    client.force_login(membership.user)
    response = client.post(reverse("programs:partner_intake_new"), partner_post(ProgramFactory(), other))
    assert response.status_code == 400
    assert not Intake.objects.exists()


def test_partners_see_only_what_they_entered(client, membership):
    mine = IntakeFactory(entered_by=membership.user, partner_organization=membership.organization)
    theirs = IntakeFactory(partner_organization=membership.organization)
    client.force_login(membership.user)
    html = client.get(reverse("programs:partner_intakes")).content.decode()
    assert mine.reference in html
    assert theirs.reference not in html


def test_people_without_a_partner_membership_cannot_use_the_partner_pages(client):
    client.force_login(UserFactory())
    assert client.get(reverse("programs:partner_intakes")).status_code == 403
    assert client.get(reverse("programs:partner_intake_new")).status_code == 403


def test_deidentified_export_has_no_personal_field(client):
    assignment = ProgramStaffFactory(user=StaffFactory(roles=[roles.PROGRAM_STAFF]))
    intake = IntakeFactory(program=assignment.program, name="Secret Name", phone="617-555-0000", age_range="25-34")
    totp_enable(assignment.user)
    client.force_login(assignment.user)
    response = client.post(
        reverse("admin:programs_intake_changelist"),
        {"action": "action_export_deidentified", "_selected_action": [intake.pk]},
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    body = response.content.decode()
    assert "Secret Name" not in body
    assert "617-555-0000" not in body
    assert intake.reference not in body
    rows = list(csv.DictReader(io.StringIO(body)))
    assert rows[0]["program"] == assignment.program.slug
    assert rows[0]["age_range"] == "25-34"


def test_report_editors_cannot_export(client):
    user = StaffFactory(roles=[roles.REPORT_EDITORS])
    totp_enable(user)
    client.force_login(user)
    intake = IntakeFactory()
    response = client.post(
        reverse("admin:programs_intake_changelist"),
        {"action": "action_export_deidentified", "_selected_action": [intake.pk]},
    )
    assert not response.get("Content-Type", "").startswith("text/csv")


def test_intake_import_reports_errors_row_by_row():
    assignment = ProgramStaffFactory()
    program = assignment.program
    dataset = tablib.Dataset(
        headers=["program", "received_at", "channel", "preferred_language", "name", "phone", "gender"]
    )
    dataset.append([program.slug, "2025-03-01 10:00:00", "partner", "es", "Row One", "1", "woman"])
    dataset.append(["no-such-programme", "2025-03-01 10:00:00", "partner", "es", "Row Two", "1", ""])
    dataset.append([program.slug, "2025-03-01 10:00:00", "partner", "xx", "Row Three", "1", "robot"])
    dataset.append([ProgramFactory().slug, "2025-03-01 10:00:00", "partner", "es", "Row Four", "1", ""])
    result = IntakeImportResource().import_data(dataset, dry_run=True, user=assignment.user)
    assert result.has_validation_errors()
    assert not result.has_errors()
    bad_rows = sorted(row.number for row in result.invalid_rows)
    assert bad_rows == [2, 3, 4]
    assert not Intake.objects.exists()
    good = tablib.Dataset(headers=dataset.headers)
    good.append(dataset[0])
    result = IntakeImportResource().import_data(good, dry_run=False, user=assignment.user)
    assert not result.has_errors()
    assert not result.has_validation_errors()
    intake = Intake.objects.get()
    assert intake.name == "Row One"
    assert intake.entered_by == assignment.user
    assert intake.reference.startswith("P-")


def test_activity_attendance_import():
    assignment = ProgramStaffFactory()
    service = ServiceTypeFactory(slug="kyr")
    dataset = tablib.Dataset(headers=["program", "service_type", "title", "date", "attendance", "languages"])
    dataset.append([assignment.program.slug, "kyr", "Know your rights", "2025-05-01", "42", "es; ht"])
    dataset.append([assignment.program.slug, "kyr", "Bad", "2025-05-02", "many", "es"])
    dataset.append([assignment.program.slug, "nope", "Bad", "2025-05-02", "3", "klingon"])
    result = ActivityImportResource().import_data(dataset, dry_run=True, user=assignment.user)
    assert not result.has_errors()
    assert sorted(row.number for row in result.invalid_rows) == [2, 3]
    good = tablib.Dataset(headers=dataset.headers)
    good.append(dataset[0])
    ActivityImportResource().import_data(good, dry_run=False, user=assignment.user)
    activity = Activity.objects.get()
    assert (activity.attendance, activity.languages, activity.service_type) == (42, ["es", "ht"], service)
