"""The provider tells us an address bounced or complained (Postmark's webhook, through anymail)."""

import base64
import json

import pytest

from newsletter.models import Subscriber
from tests.factories.newsletter import SubscriberFactory

pytestmark = pytest.mark.django_db

URL = "/anymail/postmark/tracking/"
SECRET = "postmark:long-random-webhook-password"


def _auth(secret: str = SECRET) -> dict:
    return {"HTTP_AUTHORIZATION": "Basic " + base64.b64encode(secret.encode()).decode()}


def _bounce(email: str, kind: str = "HardBounce") -> str:
    # The shape Postmark posts (https://postmarkapp.com/developer/webhooks/bounce-webhook).
    return json.dumps({
        "RecordType": "Bounce", "ID": 4323372036854775807, "Type": kind, "TypeCode": 1,
        "Name": "Hard bounce", "MessageID": "883953f4-6105-42a2-a16a-77a8eac79483",
        "Description": "The server was unable to deliver your message (ex: unknown user, mailbox not found).",
        "Details": "smtp;550 5.1.1 The email account that you tried to reach does not exist.",
        "Email": email, "From": "news@example.org", "BouncedAt": "2026-12-01T16:33:54.9070259Z",
        "Inactive": True, "CanActivate": True, "Subject": "This week", "Tag": "", "MessageStream": "outbound",
    })  # fmt: skip


def _complaint(email: str) -> str:
    return json.dumps({
        "RecordType": "SpamComplaint", "ID": 42, "Type": "SpamComplaint", "TypeCode": 512,
        "MessageID": "00000000-0000-0000-0000-000000000000", "Email": email, "From": "news@example.org",
        "BouncedAt": "2026-12-01T16:33:54Z", "Subject": "This week", "MessageStream": "outbound",
    })  # fmt: skip


@pytest.fixture(autouse=True)
def _secret(settings):
    settings.ANYMAIL = {"WEBHOOK_SECRET": SECRET}


def test_a_hard_bounce_stops_sending_to_that_address(client):
    subscriber = SubscriberFactory(email="gone@example.org")
    other = SubscriberFactory()
    response = client.post(URL, _bounce("Gone@example.org"), content_type="application/json", **_auth())
    assert response.status_code == 200
    subscriber.refresh_from_db()
    other.refresh_from_db()
    assert subscriber.status == Subscriber.Status.BOUNCED
    assert other.status == Subscriber.Status.ACTIVE


def test_a_spam_complaint_marks_the_subscriber_and_is_not_undone_by_a_bounce(client):
    subscriber = SubscriberFactory(email="annoyed@example.org")
    client.post(URL, _complaint("annoyed@example.org"), content_type="application/json", **_auth())
    client.post(URL, _bounce("annoyed@example.org"), content_type="application/json", **_auth())
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.COMPLAINED


def test_a_post_without_the_webhook_password_changes_nothing(client):
    subscriber = SubscriberFactory(email="target@example.org")
    for extra in ({}, _auth("postmark:guessed")):
        response = client.post(URL, _bounce("target@example.org"), content_type="application/json", **extra)
        assert response.status_code == 400
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.ACTIVE


def test_with_no_secret_configured_the_webhook_accepts_nobody(client, settings):
    settings.ANYMAIL = {}
    subscriber = SubscriberFactory(email="target@example.org")
    response = client.post(URL, _bounce("target@example.org"), content_type="application/json")
    assert response.status_code == 400
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.ACTIVE


def test_a_bounce_for_an_unknown_address_is_accepted_and_ignored(client):
    response = client.post(URL, _bounce("stranger@example.org"), content_type="application/json", **_auth())
    assert response.status_code == 200
    assert Subscriber.objects.count() == 0
