"""A real worker killed (SIGKILL) in the middle of sending an issue, then a new one started: every
subscriber gets the issue exactly once."""

import email
import subprocess
from datetime import timedelta

import pytest

from newsletter.models import Delivery, Issue
from newsletter.services import issue_send_start, issue_sending_resume
from tests.factories.accounts import StaffFactory
from tests.factories.newsletter import IssueFactory, SubscriberFactory
from tests.workers import tasks_to_workers, wait_for, worker_database_url, worker_kill, worker_start

pytestmark = [pytest.mark.worker, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

SUBSCRIBERS = 30


def _start_worker(spool) -> subprocess.Popen:
    return worker_start(
        pool="prefork",
        concurrency=2,
        env={
            "DATABASE_URL": worker_database_url(),
            "EMAIL_BACKEND": "tests.newsletter.spool_backend.EmailBackend",
            "NEWSLETTER_TEST_SPOOL": str(spool),
            # Five messages a second: the kill lands while the worker is sending, not after it.
            "NEWSLETTER_SEND_RATE_PER_MINUTE": "300",
            "NEWSLETTER_BATCH_SIZE": "10",
        },
    )


@pytest.fixture
def worker_control(tmp_path):
    spool = tmp_path / "spool"
    spool.mkdir()
    with tasks_to_workers() as started:

        def start() -> subprocess.Popen:
            started.append(_start_worker(spool))
            return started[-1]

        yield spool, start


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

    assert wait_for(lambda: sent_count() >= 8, timeout=120), "the worker never started sending"
    worker_kill(worker)
    stopped_at = sent_count()
    assert stopped_at < SUBSCRIBERS, "the sending finished before the kill: nothing was tested"
    assert Issue.objects.get(pk=issue.pk).status == Issue.Status.SENDING

    # A new worker comes up; beat's resume task finds the issue and queues it again.
    start()
    assert issue_sending_resume(idle=timedelta(0)) == 1

    def finished():
        return Issue.objects.get(pk=issue.pk).status == Issue.Status.SENT

    assert wait_for(finished, timeout=180), f"sending did not finish: {sent_count()} of {SUBSCRIBERS}"
    received = []
    for path in spool.iterdir():
        message = email.message_from_bytes(path.read_bytes())
        received.append(message["To"])
    assert sorted(received) == sorted(addresses), "someone got the issue twice, or not at all"
    assert Delivery.objects.filter(issue=issue, status=Delivery.Status.SENT).count() == SUBSCRIBERS
