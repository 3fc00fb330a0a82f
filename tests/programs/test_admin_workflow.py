"""Running the queue end to end in the admin: adding, recording services, importing."""

import datetime

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse

from moia.accounts import roles
from programs.models import Intake, ServiceRecord
from tests.factories.accounts import StaffFactory, totp_enable
from tests.factories.programs import (
    CaseTypeFactory,
    IntakeFactory,
    OrganizationFactory,
    ProgramFactory,
    ProgramStaffFactory,
    ServiceTypeFactory,
    intake_change_data,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def worker(client):
    assignment = ProgramStaffFactory(user=StaffFactory(roles=[roles.PROGRAM_STAFF]))
    totp_enable(assignment.user)
    client.force_login(assignment.user)
    return assignment


def inline(prefix="services", rows=()):
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for n, row in enumerate(rows):
        data.update({f"{prefix}-{n}-{key}": value for key, value in row.items()})
    return data


def test_programme_staff_take_a_phone_intake_in_the_admin(client, worker):
    response = client.post(
        reverse("admin:programs_intake_add"),
        {
            "program": worker.program_id,
            "name": "Caller Testperson",
            "phone": "617-555-0142",
            "channel": "phone",
            "preferred_language": "vi",
            **inline(),
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    intake = Intake.objects.get()
    assert intake.channel == "phone"
    assert intake.entered_by == worker.user
    assert intake.reference.startswith("P-")
    assert intake.received_at is not None
    # The admin's own change log names the intake by its reference, never by the person.
    assert LogEntry.objects.get().object_repr == intake.reference


def test_staff_cannot_add_an_intake_to_a_programme_they_do_not_work_on(client, worker):
    other = ProgramFactory()
    response = client.post(
        reverse("admin:programs_intake_add"),
        {"program": other.pk, "name": "X", "channel": "phone", "preferred_language": "en", **inline()},
    )
    assert response.status_code == 200  # the form shows the error
    assert not Intake.objects.exists()


def test_service_records_are_recorded_inline_and_validated(client, worker):
    intake = IntakeFactory(program=worker.program)
    legal = ServiceTypeFactory(is_legal=True)
    workshop = ServiceTypeFactory()
    daca = CaseTypeFactory()
    partner = OrganizationFactory()
    url = reverse("admin:programs_intake_change", args=[intake.pk])
    base = intake_change_data(intake)
    bad = client.post(
        url,
        {
            **base,
            **inline(
                rows=[
                    {
                        "service_type": workshop.pk,
                        "case_type": daca.pk,
                        "opened_on": "2025-03-01",
                        "disposition": "referred",
                        "outcome": "csr-a",
                    }
                ]
            ),
        },
    )
    assert bad.status_code == 200
    assert not ServiceRecord.objects.exists()
    good = client.post(
        url,
        {
            **base,
            **inline(
                rows=[
                    {
                        "service_type": legal.pk,
                        "case_type": daca.pk,
                        "opened_on": "2025-03-01",
                        "disposition": "referred",
                        "referred_to": partner.pk,
                        "outcome": "csr-a",
                    }
                ]
            ),
        },
    )
    assert good.status_code == 302
    record = ServiceRecord.objects.get()
    assert (record.case_type, record.referred_to, record.opened_on) == (daca, partner, datetime.date(2025, 3, 1))


def test_the_import_page_opens_for_programme_staff(client, worker):
    assert client.get(reverse("admin:programs_intake_import")).status_code == 200
    assert client.get(reverse("admin:programs_activity_import")).status_code == 200


def test_home_page_lists_programmes_taking_requests(client):
    ProgramFactory(name="Open Programme", form_title="Register for Citizenship Day")
    ProgramFactory(name="Closed Programme", intake_open=False)
    html = client.get("/en/").content.decode()
    assert "Register for Citizenship Day" in html
    assert "Closed Programme" not in html


@pytest.mark.parametrize("role", [roles.PROGRAM_STAFF, roles.REPORT_EDITORS])
def test_staff_read_the_ordinance_figures_in_the_admin(client, metrics_fixture, role):
    user = StaffFactory(roles=[role])
    totp_enable(user)
    client.force_login(user)
    response = client.get(reverse("admin:programs_program_metrics"), {"year": "2025"})
    assert response.status_code == 200
    assert response.context["metrics"]["intakes"] == 3
    assert "Test Person" not in response.content.decode()


def test_bad_figures_parameters_fall_back_to_last_year(client, metrics_fixture):
    user = StaffFactory(roles=[roles.REPORT_EDITORS])
    totp_enable(user)
    client.force_login(user)
    response = client.get(reverse("admin:programs_program_metrics"), {"year": "drop table", "program": "x"})
    assert response.status_code == 200


@pytest.mark.parametrize("role", [roles.DIRECTORY_EDITORS, roles.GRANT_REVIEWERS, roles.SURVEY_MANAGERS])
def test_other_roles_cannot_read_the_figures_page(client, role):
    user = StaffFactory(roles=[role])
    totp_enable(user)
    client.force_login(user)
    assert client.get(reverse("admin:programs_program_metrics")).status_code == 403


def test_programme_list_links_to_the_figures(client):
    user = StaffFactory(roles=[roles.REPORT_EDITORS])
    totp_enable(user)
    client.force_login(user)
    response = client.get(reverse("admin:programs_program_changelist"))
    assert response.status_code == 200
    assert reverse("admin:programs_program_metrics") in response.content.decode()


def test_the_assigned_to_list_names_colleagues_instead_of_numbering_them(client, worker):
    colleague = ProgramStaffFactory(
        program=worker.program, user=StaffFactory(full_name="Ana Caseworker", roles=[roles.PROGRAM_STAFF])
    ).user
    intake = IntakeFactory(program=worker.program, assigned_to=colleague)
    page = client.get(reverse("admin:programs_intake_change", args=[intake.pk])).content.decode()
    assert "Ana Caseworker</option>" in page
    assert "User #" not in page
    listing = client.get(reverse("admin:programs_intake_changelist")).content.decode()
    assert "Ana Caseworker" in listing
