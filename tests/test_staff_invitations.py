"""Staff onboarding without a superuser: an administrator invites, the invitee accepts, sets up
two-factor authentication and sees exactly the invited programmes' intakes."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.utils import timezone

from moia.accounts.models import StaffInvitation, User
from tests.factories.accounts import StaffFactory, totp_enable
from tests.factories.programs import IntakeFactory, ProgramFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def administrator():
    admin = StaffFactory(full_name="Ada Admin")
    admin.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="accounts", codename__endswith="staffinvitation")
    )
    totp_enable(admin)
    return admin


def _invite(client, administrator, django_capture_on_commit_callbacks, programs, email="new.staff@example.org"):
    client.force_login(administrator)
    data = {"email": email, "language": "es", "roles": [Group.objects.get(name="Program staff").pk]}
    data["programs"] = [program.pk for program in programs]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/admin/accounts/staffinvitation/add/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    client.logout()
    return re.search(r"https?://[^/\s]+(/es/accounts/staff-invitation/[^/\s]+/)", mail.outbox[-1].body).group(1)


def test_an_invitee_accepts_sets_up_mfa_and_sees_only_the_invited_programmes(
    client, administrator, django_capture_on_commit_callbacks
):
    invited, other = ProgramFactory(name="Citizenship clinic"), ProgramFactory(name="ESOL")
    mine, theirs = IntakeFactory(program=invited), IntakeFactory(program=other)
    link = _invite(client, administrator, django_capture_on_commit_callbacks, [invited])
    message = mail.outbox[-1]
    assert message.to == ["new.staff@example.org"]
    assert "Citizenship clinic" in message.body
    assert any(mime == "text/html" for _content, mime in message.alternatives)
    raw = link.rstrip("/").rsplit("/", 1)[1]
    assert not StaffInvitation.objects.filter(token_digest=raw).exists()
    assert raw not in str(list(StaffInvitation.objects.values()))

    response = client.post(link, {"new_password1": "a-long-pass-phrase-1", "new_password2": "a-long-pass-phrase-1"})
    assert response.status_code == 302
    assert "/accounts/2fa/totp/activate" in response.headers["Location"]
    user = User.objects.get(email="new.staff@example.org")
    assert user.is_staff
    assert user.groups.filter(name="Program staff").exists()
    # Before two-factor setup the admin sends them back to it.
    assert "/accounts/2fa/totp/activate" in client.get("/admin/").headers["Location"]

    totp_enable(user)
    page = client.get("/admin/programs/intake/").content.decode()
    assert mine.reference in page
    assert theirs.reference not in page


def test_a_used_link_is_refused(client, administrator, django_capture_on_commit_callbacks):
    link = _invite(client, administrator, django_capture_on_commit_callbacks, [ProgramFactory()])
    client.post(link, {"new_password1": "a-long-pass-phrase-1", "new_password2": "a-long-pass-phrase-1"})
    client.logout()
    response = client.get(link)
    assert response.status_code == 410
    assert "Este enlace de invitación no funciona" in response.content.decode()


def test_an_expired_or_unknown_link_is_refused(client, administrator, django_capture_on_commit_callbacks):
    link = _invite(client, administrator, django_capture_on_commit_callbacks, [])
    StaffInvitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    response = client.post(link, {"new_password1": "a-long-pass-phrase-1", "new_password2": "a-long-pass-phrase-1"})
    assert response.status_code == 410
    assert not User.objects.filter(email="new.staff@example.org").exists()
    assert client.get("/en/accounts/staff-invitation/not-a-token/").status_code == 410


def test_a_wrong_password_keeps_the_invitation_open(client, administrator, django_capture_on_commit_callbacks):
    link = _invite(client, administrator, django_capture_on_commit_callbacks, [])
    response = client.post(link, {"new_password1": "a-long-pass-phrase-1", "new_password2": "different"})
    assert response.status_code == 200
    assert not User.objects.filter(email="new.staff@example.org").exists()
    assert StaffInvitation.objects.get().accepted_at is None


def test_a_staff_member_who_is_not_an_administrator_cannot_invite(client):
    staff = StaffFactory(roles=["Program staff"])
    totp_enable(staff)
    client.force_login(staff)
    response = client.post("/admin/accounts/staffinvitation/add/", {"email": "x@example.org", "language": "en"})
    assert response.status_code == 403
    assert not StaffInvitation.objects.exists()


def _staff_signed_in(client, **kwargs):
    user = StaffFactory(**kwargs)
    totp_enable(user)
    client.force_login(user)
    return user


def test_a_new_programme_staff_member_with_an_empty_queue_is_told_why_and_whom_to_ask(client, administrator):
    program = ProgramFactory(name="Citizenship clinic")
    IntakeFactory(program=program)
    newcomer = _staff_signed_in(client, full_name="Nia New", roles=["Program staff"])

    page = client.get("/admin/programs/intake/").content.decode()
    assert "You are not assigned to any programme yet" in page
    assert "Ada Admin" in page
    assert f"mailto:{administrator.email}" in page
    assert "/admin/accounts/user/my-access/" in page

    from programs.services import program_staff_assign

    program_staff_assign(user=newcomer, programs=[program], by=administrator)
    page = client.get("/admin/programs/intake/").content.decode()
    assert "You are not assigned to any programme yet" not in page
    assert "1 intake" in page


def test_my_access_lists_roles_programmes_and_whom_to_ask(client, administrator):
    from programs.services import program_staff_assign

    mine, _other = ProgramFactory(name="Citizenship clinic"), ProgramFactory(name="ESOL classes")
    member = _staff_signed_in(client, roles=["Program staff"])
    program_staff_assign(user=member, programs=[mine], by=administrator)

    page = client.get("/admin/accounts/user/my-access/").content.decode()
    assert "Program staff" in page
    assert "Screen and serve intakes of the programmes they are assigned to." in page
    assert "Citizenship clinic" in page
    assert "ESOL classes" not in page
    assert "Ada Admin" in page
    # Every page of the admin links to it.
    assert "/admin/accounts/user/my-access/" in client.get("/admin/").content.decode()


def test_my_access_is_in_the_staff_members_language(client, administrator):
    _staff_signed_in(client, roles=["Grant reviewers"], preferred_language="es")
    page = client.get("/admin/accounts/user/my-access/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Mi acceso" in page
    assert "Todavía no se le ha asignado ninguna solicitud de subvención para revisar." in page


def test_a_reviewer_without_assignments_is_told_so_in_the_review_list(client, administrator):
    _staff_signed_in(client, roles=["Grant reviewers"])
    page = client.get("/admin/grants/reviewassignment/").content.decode()
    assert "No grant application is assigned to you for review yet." in page
    assert "Ada Admin" in page


def test_my_access_is_for_staff_only(client):
    response = client.get("/admin/accounts/user/my-access/")
    assert response.status_code == 302
    assert "/login/" in response.headers["Location"]
