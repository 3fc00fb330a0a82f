"""Accounts: email sign-up with verification, staff roles, MFA before the admin, rate limits."""

import re

import pytest
from django.contrib.auth.models import Group
from django.core import mail

from tests.factories.accounts import StaffFactory, UserFactory, totp_code, totp_enable

pytestmark = pytest.mark.django_db


def test_staff_roles_exist_as_groups():
    assert set(Group.objects.values_list("name", flat=True)) >= {
        "Directory editors",
        "Program staff",
        "Grant reviewers",
        "Grant managers",
        "Survey managers",
        "Report editors",
    }


def test_sign_up_sends_a_verification_email_then_the_link_signs_in(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/es/accounts/signup/",
            {
                "email": "Nonprofit@Example.org",
                "password1": "a-long-pass-phrase-1",
                "password2": "a-long-pass-phrase-1",
            },
        )
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/\s]+(/\S+/accounts/confirm-email/\S+/)", mail.outbox[0].body).group(1)
    confirm = client.post(link)
    assert confirm.status_code == 302
    user = client.get("/es/").wsgi_request.user
    assert user.is_authenticated
    assert user.email == "nonprofit@example.org"


def test_user_str_never_shows_a_name_or_email():
    user = UserFactory(full_name="Maria Lopez", email="maria@example.org")
    assert "Maria" not in str(user)
    assert "maria" not in str(user)


def test_admin_login_goes_through_allauth(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert "/accounts/login/" in response.headers["Location"]


def test_staff_without_mfa_are_sent_to_set_it_up_before_the_admin(client):
    staff = StaffFactory()
    client.force_login(staff)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/accounts/2fa/totp/activate" in response.headers["Location"]


def test_staff_with_mfa_must_enter_a_code_to_reach_the_admin(client):
    staff = StaffFactory(is_superuser=True)
    secret = totp_enable(staff)
    response = client.post("/en/accounts/login/", {"login": staff.email, "password": "correct-horse-battery"})
    assert response.status_code == 302
    assert "/accounts/2fa/authenticate/" in response.headers["Location"]
    # Without the second factor the admin stays closed.
    assert client.get("/admin/").status_code == 302
    response = client.post("/en/accounts/2fa/authenticate/", {"code": totp_code(secret)})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_repeated_failed_logins_lock_the_account_for_a_while(client):
    user = UserFactory()
    for _ in range(5):
        client.post("/en/accounts/login/", {"login": user.email, "password": "wrong-password"})
    # Even the right password is refused until the limit window passes.
    response = client.post("/en/accounts/login/", {"login": user.email, "password": "correct-horse-battery"})
    assert response.status_code == 200
    assert not response.wsgi_request.user.is_authenticated
    assert "Too many failed login attempts" in response.content.decode()


@pytest.mark.redis
def test_login_and_public_pages_work_when_redis_is_unreachable(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "moia.cache.ResilientRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.2, "SOCKET_TIMEOUT": 0.2},
        }
    }
    # Changing CACHES rebuilds Django's cache handlers, so every cache call now hits a dead port.
    user = UserFactory()
    assert client.get("/en/").status_code == 200
    response = client.post("/en/accounts/login/", {"login": user.email, "password": "correct-horse-battery"})
    assert response.status_code == 302


@pytest.mark.redis
def test_failed_logins_are_still_limited_while_redis_is_down(client, settings):
    settings.CACHES = {
        "default": {"BACKEND": "moia.cache.ResilientRedisCache", "LOCATION": "redis://127.0.0.1:1/0"},
    }
    user = UserFactory()
    for _ in range(5):
        client.post("/en/accounts/login/", {"login": user.email, "password": "wrong-password"})
    response = client.post("/en/accounts/login/", {"login": user.email, "password": "correct-horse-battery"})
    assert not response.wsgi_request.user.is_authenticated


def test_password_reset_sends_a_link_in_the_residents_language(client, django_capture_on_commit_callbacks):
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/fr/accounts/password/reset/", {"email": user.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "/fr/accounts/password/reset/key/" in mail.outbox[0].body
