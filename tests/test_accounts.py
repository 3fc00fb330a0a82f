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


def test_people_are_shown_by_name_or_email_never_as_a_number():
    assert str(UserFactory(full_name="Maria Lopez", email="maria@example.org")) == "Maria Lopez"
    assert str(UserFactory(full_name="", email="sam@example.org")) == "sam@example.org"


def test_the_admin_change_log_records_a_user_by_id_not_by_name(client):
    from django.contrib.admin.models import LogEntry

    from tests.factories.accounts import StaffFactory, totp_enable

    admin = StaffFactory(is_superuser=True)
    totp_enable(admin)
    admin_client = client
    admin_client.force_login(admin)

    users = [UserFactory(full_name="Maria Lopez"), UserFactory(full_name="Sam Lee")]
    admin_client.post(
        f"/admin/accounts/user/{users[0].pk}/change/",
        {
            "email": users[0].email,
            "full_name": "Maria L.",
            "preferred_language": "en",
            "is_active": "on",
            "date_joined_0": "2026-01-01",
            "date_joined_1": "10:00",
        },
    )
    admin_client.post(
        "/admin/accounts/user/",
        {"action": "delete_selected", "_selected_action": [u.pk for u in users], "post": "yes"},
    )
    entries = list(LogEntry.objects.values_list("object_repr", flat=True))
    assert len(entries) >= 2
    assert all(repr_.startswith("User #") for repr_ in entries), entries


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


def test_a_code_that_just_turned_over_is_accepted_but_an_old_one_is_not(client):
    # A staff member who types the code in its last second, or whose phone clock drifts, is not
    # refused; a code from a minute and a half ago (read over a shoulder, say) still is.
    staff = StaffFactory(is_superuser=True)
    secret = totp_enable(staff)
    client.post("/en/accounts/login/", {"login": staff.email, "password": "correct-horse-battery"})
    response = client.post("/en/accounts/2fa/authenticate/", {"code": totp_code(secret, steps_ago=3)})
    assert response.status_code == 200
    assert client.get("/admin/").status_code == 302
    response = client.post("/en/accounts/2fa/authenticate/", {"code": totp_code(secret, steps_ago=1)})
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
        **settings.CACHES,
        "default": {
            "BACKEND": "moia.cache.ResilientRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.2, "SOCKET_TIMEOUT": 0.2},
        },
    }
    # Changing CACHES rebuilds Django's cache handlers, so every cache call now hits a dead port.
    user = UserFactory()
    assert client.get("/en/").status_code == 200
    response = client.post("/en/accounts/login/", {"login": user.email, "password": "correct-horse-battery"})
    assert response.status_code == 302


@pytest.mark.redis
def test_failed_logins_are_still_limited_while_redis_is_down(client, settings):
    settings.CACHES = {
        **settings.CACHES,
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


def test_new_staff_go_from_sign_in_to_two_factor_setup_without_typing_the_password_again(client):
    from tests.factories.accounts import StaffFactory

    staff = StaffFactory()
    response = client.post(
        "/en/accounts/login/?next=/admin/", {"login": staff.email, "password": "correct-horse-battery"}, follow=True
    )
    assert response.request["PATH_INFO"] == "/en/accounts/2fa/totp/activate/"
    assert response.status_code == 200
    assert "reauthenticate" not in str(response.redirect_chain)


def test_password_reset_mails_an_address_a_few_times_an_hour_then_refuses(client, django_capture_on_commit_callbacks):
    UserFactory(email="resident@example.org")
    statuses = []
    with django_capture_on_commit_callbacks(execute=True):
        for _attempt in range(5):
            statuses.append(client.post("/en/accounts/password/reset/", {"email": "resident@example.org"}).status_code)
    assert statuses[:3] == [302, 302, 302]
    assert statuses[3:] == [429, 429]
    assert len(mail.outbox) == 3


def test_password_reset_is_limited_per_client_across_addresses(client, django_capture_on_commit_callbacks):
    statuses = []
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(12):
            statuses.append(
                client.post("/en/accounts/password/reset/", {"email": f"person{n}@example.org"}).status_code
            )
    assert statuses[:10] == [302] * 10
    assert statuses[10:] == [429, 429]


def test_the_client_key_of_account_limits_is_a_hash_not_the_address():
    from django.test import RequestFactory

    from moia.accounts.adapter import AccountAdapter

    request = RequestFactory().post("/", REMOTE_ADDR="203.0.113.7")
    key = AccountAdapter(request).get_client_ip(request)
    assert "203.0.113.7" not in key
    assert key == AccountAdapter(request).get_client_ip(RequestFactory().post("/", REMOTE_ADDR="203.0.113.7"))


@pytest.mark.parametrize("registered", [False, True])
def test_sign_up_does_the_same_password_hashing_whether_or_not_the_address_is_registered(
    client, settings, registered, django_capture_on_commit_callbacks
):
    """The answer must not arrive faster for a registered address (which would tell someone
    timing it that the address has an account): both paths hash a password exactly once."""
    from django.contrib.auth.hashers import MD5PasswordHasher

    hashed = []

    class CountingHasher(MD5PasswordHasher):
        algorithm = "counting_md5"

        def encode(self, password, salt):
            hashed.append(1)
            return super().encode(password, salt)

    settings.PASSWORD_HASHERS = [f"{__name__}.CountingHasherForTest"]
    globals()["CountingHasherForTest"] = CountingHasher
    if registered:
        UserFactory(email="taken@example.org")
    hashed.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/en/accounts/signup/",
            {"email": "taken@example.org", "password1": "a-long-pass-phrase-1", "password2": "a-long-pass-phrase-1"},
        )
    assert response.status_code == 302
    assert len(hashed) == 1
    assert len(mail.outbox) == 1  # a verification email, or "you already have an account"
