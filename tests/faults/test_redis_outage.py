"""Redis stops while people use the portal: pages and sign-in keep working, nothing is lost,
and queued work goes out once Redis is back."""

import pytest
from kombu import Connection

from moia.models import OutboxTask
from moia.services import email_queue, outbox_flush
from tests.factories.accounts import UserFactory

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]


def test_sign_in_and_public_pages_survive_redis_stopping(client, private_redis):
    user = UserFactory()
    assert client.get("/en/").status_code == 200
    private_redis.stop()
    assert client.get("/es/").status_code == 200
    response = client.post("/en/accounts/login/", {"login": user.email, "password": "correct-horse-battery"})
    assert response.status_code == 302
    assert client.get("/en/").wsgi_request.user.is_authenticated


def test_health_check_reports_the_broker_down_then_up(client, private_redis):
    assert client.get("/healthz").status_code == 200
    private_redis.stop()
    body = client.get("/healthz")
    assert body.status_code == 503
    assert body.json()["broker"] is False
    private_redis.start()
    assert client.get("/healthz").status_code == 200


def test_an_email_queued_while_redis_is_down_waits_then_goes_out(private_redis):
    private_redis.stop()
    email_queue(subject="Your request", body="We received it.", to=["resident@example.org"])
    assert OutboxTask.objects.count() == 1
    private_redis.start()
    assert outbox_flush() == 1
    assert OutboxTask.objects.count() == 0
    with Connection(private_redis.url) as conn:
        queued = conn.default_channel.client.llen("moia")
    assert queued == 1  # handed to the broker for a worker
