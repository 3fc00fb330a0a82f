"""Celery against the real Redis broker and a real worker process (not eager)."""

import time
from pathlib import Path

import pytest
from django.conf import settings

from moia.celery import app as celery_app
from tests.celery_broker import broker_at
from tests.workers import queue_purge, tasks_to_workers, worker_start

ROOT = Path(settings.BASE_DIR)


@pytest.fixture
def live_worker():
    """A Celery worker in its own process, consuming the test broker."""
    with tasks_to_workers(purge=False) as workers:
        workers.append(worker_start(env={"DJANGO_TESTING": "1"}))
        yield workers[0]


@pytest.mark.worker
def test_a_task_round_trips_through_redis_and_a_real_worker(live_worker):
    from moia.tasks import ping_task

    result = ping_task.delay(41)
    assert result.get(timeout=60) == 42


def test_task_policy_is_safe_for_redelivery():
    conf = celery_app.conf
    assert conf.task_acks_late is True
    assert conf.task_retry_on_worker_lost is True
    assert conf.worker_prefetch_multiplier == 1
    assert conf.task_serializer == "json"
    assert conf.accept_content == ["json"]
    # A message must not be redelivered while its task may still be running.
    assert conf.broker_transport_options["visibility_timeout"] > conf.task_time_limit > conf.task_soft_time_limit


@pytest.mark.django_db(transaction=True)
def test_email_is_queued_after_commit_and_sent_by_the_task():
    from django.core import mail
    from django.db import transaction

    from moia.services import email_queue

    with transaction.atomic():
        email_queue(subject="Your request", body="We received it.", to=["resident@example.org"])
        assert mail.outbox == []  # nothing leaves before the data is committed
    assert [m.subject for m in mail.outbox] == ["Your request"]


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_a_task_that_cannot_reach_the_broker_waits_in_the_outbox_then_is_sent(settings):
    from moia.models import OutboxTask
    from moia.services import outbox_flush, task_enqueue

    celery_app.conf.task_always_eager = False
    with broker_at("redis://127.0.0.1:1/0"):  # nothing listens on port 1: Redis is "down"
        started = time.monotonic()
        task_enqueue(task_name="moia.tasks.ping_task", args=[1])  # no transaction open: runs at once
        assert time.monotonic() - started < 10
        assert OutboxTask.objects.filter(task_name="moia.tasks.ping_task").count() == 1
    try:
        assert outbox_flush() == 1
        assert OutboxTask.objects.count() == 0
    finally:
        celery_app.conf.task_always_eager = settings.CELERY_TASK_ALWAYS_EAGER
        queue_purge()  # the ping just published must not linger in the test broker
