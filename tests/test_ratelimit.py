"""Rate limits count each resident, behind the city's proxy as well as without one."""

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from moia.ratelimit import client_address, client_key
from programs.models import Intake
from tests.factories.accounts import UserFactory
from tests.factories.programs import ProgramFactory

pytestmark = pytest.mark.django_db
PROXY = "10.0.0.5"


def _request(remote: str, forwarded: str | None = None):
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    return RequestFactory().post("/", REMOTE_ADDR=remote, **headers)


def test_the_key_is_a_salted_hash_never_the_address():
    key = client_key("any", _request("203.0.113.7"))
    assert "203.0.113.7" not in key
    assert len(key) == 64
    assert key != client_key("any", _request("203.0.113.8"))


def test_without_the_setting_a_forged_forwarded_for_is_ignored(settings):
    settings.TRUSTED_PROXY_HOPS = 0
    assert client_address(_request("198.51.100.9", "203.0.113.1")) == "198.51.100.9"
    assert client_key("any", _request("198.51.100.9", "203.0.113.1")) == client_key(
        "any", _request("198.51.100.9", "203.0.113.2")
    )


def test_behind_a_trusted_proxy_the_address_it_saw_is_used_and_what_the_client_wrote_is_not(settings):
    settings.TRUSTED_PROXY_HOPS = 1
    assert client_address(_request(PROXY, "203.0.113.1")) == "203.0.113.1"
    # A client that sends its own X-Forwarded-For gets the proxy's entry appended to it.
    assert client_address(_request(PROXY, "192.0.2.66, 203.0.113.1")) == "203.0.113.1"
    # A request that did not come through the proxy (no header, or garbage) is counted by its own address.
    assert client_address(_request("198.51.100.9")) == "198.51.100.9"
    assert client_address(_request(PROXY, "not-an-address")) == PROXY
    settings.TRUSTED_PROXY_HOPS = 2
    assert client_address(_request(PROXY, "192.0.2.66, 203.0.113.1, 10.0.0.4")) == "203.0.113.1"


def _intake(client, program, name: str, resident: str):
    with translation.override("en"):
        url = reverse("programs:request", kwargs={"slug": program.slug})
    return client.post(url, {"name": name, "phone": "617-555-0100"}, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=resident)


def test_behind_the_proxy_two_residents_have_separate_intake_buckets(client, settings):
    settings.TRUSTED_PROXY_HOPS = 1
    program = ProgramFactory(slug="consultations")
    for number in range(5):
        _intake(client, program, f"First Resident {number}", "203.0.113.1")
    assert _intake(client, program, "First Resident again", "203.0.113.1").status_code == 429
    assert _intake(client, program, "Second Resident", "203.0.113.2").status_code == 302
    assert Intake.objects.count() == 6


def test_without_the_setting_forging_forwarded_for_does_not_escape_the_intake_limit(client, settings):
    settings.TRUSTED_PROXY_HOPS = 0
    program = ProgramFactory(slug="consultations")
    for number in range(5):
        _intake(client, program, f"Same Sender {number}", f"203.0.113.{number}")
    assert _intake(client, program, "Same Sender forged", "203.0.113.99").status_code == 429


def test_failed_logins_of_one_resident_do_not_lock_out_another_behind_the_proxy(client, settings):
    settings.TRUSTED_PROXY_HOPS = 1
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login_failed": "3/m/ip"}
    user = UserFactory(password="correct-horse-battery")
    for _ in range(4):
        client.post(
            "/en/accounts/login/",
            {"login": "nobody@example.org", "password": "wrong"},
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR="203.0.113.1",
        )
    response = client.post(
        "/en/accounts/login/",
        {"login": user.email, "password": "correct-horse-battery"},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR="203.0.113.2",
    )
    assert response.status_code == 302
