"""Object-level access to intakes, for every staff role (queryset, fields and forms, not only templates)."""

import pytest
from django.urls import reverse

from moia.accounts import roles
from programs.models import Intake
from programs.selectors import intake_personal_visible, intakes_for
from tests.factories.accounts import StaffFactory, UserFactory, totp_enable
from tests.factories.programs import IntakeFactory, ProgramFactory, ProgramStaffFactory, intake_change_data

pytestmark = pytest.mark.django_db

NAME = "Zora Testperson"
PHONE = "617-555-0199"


@pytest.fixture
def world():
    mine = ProgramFactory()
    other = ProgramFactory()
    assigned = StaffFactory(roles=[roles.PROGRAM_STAFF])
    ProgramStaffFactory(program=mine, user=assigned)
    return {
        "mine": IntakeFactory(program=mine, name=NAME, phone=PHONE),
        "other": IntakeFactory(program=other, name="Other Person", phone="617-555-0111"),
        "assigned": assigned,
    }


def staff(role):
    user = StaffFactory(roles=[role])
    totp_enable(user)
    return user


def admin_client(client, user):
    totp_enable(user)
    client.force_login(user)
    return client


CHANGELIST = "admin:programs_intake_changelist"


@pytest.mark.parametrize(
    "role", [roles.DIRECTORY_EDITORS, roles.GRANT_REVIEWERS, roles.GRANT_MANAGERS, roles.SURVEY_MANAGERS]
)
def test_roles_without_programme_work_cannot_open_the_intake_queue(client, world, role):
    user = staff(role)
    client.force_login(user)
    assert intakes_for(user).count() == 0
    assert client.get(reverse(CHANGELIST)).status_code == 403
    change = client.get(reverse("admin:programs_intake_change", args=[world["mine"].pk]))
    assert change.status_code in {302, 403}
    assert NAME not in change.content.decode()


def test_assigned_programme_staff_see_their_programmes_intakes_with_personal_fields(client, world):
    admin_client(client, world["assigned"])
    assert list(intakes_for(world["assigned"])) == [world["mine"]]
    listing = client.get(reverse(CHANGELIST)).content.decode()
    assert NAME in listing
    assert "Other Person" not in listing
    change = client.get(reverse("admin:programs_intake_change", args=[world["mine"].pk]))
    assert change.status_code == 200
    assert PHONE in change.content.decode()
    assert 'name="phone"' in change.content.decode()


def test_programme_staff_not_assigned_see_no_intake(client, world):
    user = staff(roles.PROGRAM_STAFF)
    client.force_login(user)
    assert intakes_for(user).count() == 0
    assert NAME not in client.get(reverse(CHANGELIST)).content.decode()
    change = client.get(reverse("admin:programs_intake_change", args=[world["mine"].pk]))
    assert change.status_code == 302  # the admin's "does not exist" redirect
    assert not intake_personal_visible(user=user, intake=world["mine"])


def test_report_editors_see_every_intake_de_identified_and_cannot_change_them(client, world):
    user = staff(roles.REPORT_EDITORS)
    client.force_login(user)
    assert set(intakes_for(user)) == {world["mine"], world["other"]}
    listing = client.get(reverse(CHANGELIST)).content.decode()
    assert world["mine"].reference in listing
    assert NAME not in listing
    assert "Other Person" not in listing
    url = reverse("admin:programs_intake_change", args=[world["mine"].pk])
    change = client.get(url)
    assert change.status_code == 200
    assert NAME not in change.content.decode()
    assert PHONE not in change.content.decode()
    assert client.post(url, {"name": "Changed", "program": world["mine"].program_id}).status_code == 403
    world["mine"].refresh_from_db()
    assert world["mine"].name == NAME


def test_admin_form_for_a_de_identified_reader_has_no_personal_field(rf, world):
    from django.contrib.admin.sites import site

    user = staff(roles.REPORT_EDITORS)
    request = rf.get("/")
    request.user = user
    model_admin = site._registry[Intake]
    fields = model_admin.get_fields(request, world["mine"])
    assert not set(Intake.PERSONAL_FIELDS) & set(fields)
    form_class = model_admin.get_form(request, world["mine"])
    assert not set(Intake.PERSONAL_FIELDS) & set(form_class.base_fields)


def test_superusers_see_everything(client, world):
    user = UserFactory(is_staff=True, is_superuser=True)
    admin_client(client, user)
    listing = client.get(reverse(CHANGELIST)).content.decode()
    assert NAME in listing
    assert "Other Person" in listing


def test_residents_and_anonymous_visitors_see_no_intake(world):
    from django.contrib.auth.models import AnonymousUser

    assert intakes_for(AnonymousUser()).count() == 0
    assert intakes_for(UserFactory()).count() == 0


def test_search_finds_an_intake_by_reference_not_by_name(client, world):
    user = UserFactory(is_staff=True, is_superuser=True)
    admin_client(client, user)
    found = client.get(reverse(CHANGELIST), {"q": world["mine"].reference}).content.decode()
    assert NAME in found
    assert "Other Person" not in found
    by_name = client.get(reverse(CHANGELIST), {"q": "Zora"}).content.decode()
    assert NAME not in by_name


def test_assigned_to_me_filter(client, world):
    world["mine"].assigned_to = world["assigned"]
    world["mine"].save()
    IntakeFactory(program=world["mine"].program, name="Unassigned Person")
    admin_client(client, world["assigned"])
    html = client.get(reverse(CHANGELIST), {"mine": "yes"}).content.decode()
    assert NAME in html
    assert "Unassigned Person" not in html


def test_screening_in_the_admin_goes_through_the_workflow(client, world):
    admin_client(client, world["assigned"])
    intake = world["mine"]
    url = reverse("admin:programs_intake_change", args=[intake.pk])
    data = {
        **intake_change_data(intake),
        "screening_decision": "eligible",
        "screening_note": "Boston resident",
        "services-TOTAL_FORMS": "0",
        "services-INITIAL_FORMS": "0",
        "services-MIN_NUM_FORMS": "0",
        "services-MAX_NUM_FORMS": "1000",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    intake.refresh_from_db()
    assert intake.status == Intake.Status.ELIGIBLE
    assert intake.screening_reason == "Boston resident"


def test_bulk_close_action_respects_the_workflow(client, world):
    admin_client(client, world["assigned"])
    eligible = IntakeFactory(program=world["mine"].program, status=Intake.Status.ELIGIBLE)
    client.post(
        reverse(CHANGELIST),
        {"action": "action_close", "_selected_action": [eligible.pk, world["mine"].pk, world["other"].pk]},
    )
    eligible.refresh_from_db()
    world["mine"].refresh_from_db()
    world["other"].refresh_from_db()
    assert eligible.status == Intake.Status.CLOSED
    assert world["mine"].status == Intake.Status.CLOSED  # new -> closed is allowed
    assert world["other"].status == Intake.Status.NEW  # not theirs: untouched
