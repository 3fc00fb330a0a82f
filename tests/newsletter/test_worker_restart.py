"""A real worker killed (SIGKILL) in the middle of sending an issue, then a new one started: every
subscriber gets the issue exactly once."""

import email
import os
import signal
import subprocess
import sys
import time
from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connection

from moia.celery import app as celery_app
from newsletter.models import Delivery, Issue
from newsletter.services import issue_send_start, issue_sending_resume
from tests.factories.accounts import StaffFactory
from tests.factories.newsletter import IssueFactory, SubscriberFactory

pytestmark = [pytest.mark.worker, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

SUBSCRIBERS = 30


def _database_url() -> str:
    db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _start_worker(spool) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "CELERY_TASK_ALWAYS_EAGER": "0",
        "EMAIL_BACKEND": "tests.newsletter.spool_backend.EmailBackend",
        "NEWSLETTER_TEST_SPOOL": str(spool),
        # Five messages a second: the kill lands while the worker is sending, not after it.
        "NEWSLETTER_SEND_RATE_PER_MINUTE": "300",
        "NEWSLETTER_BATCH_SIZE": "10",
    }
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "moia", "worker", "--pool=prefork", "--concurrency=2",
         "-Q", "moia", "--without-gossip", "--without-mingle", "--without-heartbeat", "-l", "warning"],
        cwd=settings.BASE_DIR, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True,
    )  # fmt: skip


def _kill_worker(worker: subprocess.Popen) -> None:
    """SIGKILL the whole worker, main process and pool alike: nothing gets to clean up."""
    os.killpg(worker.pid, signal.SIGKILL)
    worker.wait(timeout=10)


def _wait_for(predicate, timeout: float):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.02)
    return None


@pytest.fixture
def worker_control(tmp_path):
    spool = tmp_path / "spool"
    spool.mkdir()
    started: list[subprocess.Popen] = []
    celery_app.conf.task_always_eager = False
    with celery_app.connection_for_write() as conn:
        conn.default_channel.queue_purge("moia")

    def start() -> subprocess.Popen:
        started.append(_start_worker(spool))
        return started[-1]

    try:
        yield spool, start
    finally:
        celery_app.conf.task_always_eager = settings.CELERY_TASK_ALWAYS_EAGER
        for worker in started:
            if worker.poll() is None:
                _kill_worker(worker)
        with celery_app.connection_for_write() as conn:
            conn.default_channel.queue_purge("moia")


def test_a_sending_killed_mid_way_resumes_and_everyone_gets_exactly_one_copy(worker_control):
    spool, start = worker_control
    editor = StaffFactory()
    addresses = {SubscriberFactory(email=f"reader{n}@example.org").email for n in range(SUBSCRIBERS)}
    issue = IssueFactory()
    # A second worker process shares the list through the row locks from the start.
    worker = start()
    issue_send_start(issue=issue, by=editor)  # autocommit: the first batch goes to Redis at once

    def sent_count():
        return Delivery.objects.filter(issue=issue, status=Delivery.Status.SENT).count()

    assert _wait_for(lambda: sent_count() >= 8, timeout=120), "the worker never started sending"
    _kill_worker(worker)
    stopped_at = sent_count()
    assert stopped_at < SUBSCRIBERS, "the sending finished before the kill: nothing was tested"
    assert Issue.objects.get(pk=issue.pk).status == Issue.Status.SENDING

    # A new worker comes up; beat's resume task finds the issue and queues it again.
    start()
    assert issue_sending_resume(idle=timedelta(0)) == 1

    def finished():
        return Issue.objects.get(pk=issue.pk).status == Issue.Status.SENT

    assert _wait_for(finished, timeout=180), f"sending did not finish: {sent_count()} of {SUBSCRIBERS}"
    received = []
    for path in spool.iterdir():
        message = email.message_from_bytes(path.read_bytes())
        received.append(message["To"])
    assert sorted(received) == sorted(addresses), "someone got the issue twice, or not at all"
    assert Delivery.objects.filter(issue=issue, status=Delivery.Status.SENT).count() == SUBSCRIBERS
