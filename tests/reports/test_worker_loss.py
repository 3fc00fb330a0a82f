"""A Celery worker killed in the middle of a build: the task is redelivered and completes once."""

import os
import signal
import subprocess
import sys
import time

import pytest
from django.conf import settings
from django.db import connection

from moia.celery import app as celery_app
from reports.models import AnnualReport
from reports.services import report_build_request

pytestmark = [pytest.mark.worker, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _database_url() -> str:
    db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _children(pid: int) -> list[int]:
    out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True, check=False).stdout
    return [int(p) for p in out.split()]


@pytest.fixture
def prefork_worker(tmp_path):
    """A real worker (prefork, one child) on the test database and the test broker."""
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "CELERY_TASK_ALWAYS_EAGER": "0",
        "PRIVATE_MEDIA_ROOT": str(tmp_path / "media"),
    }
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "moia", "worker", "--pool=prefork", "--concurrency=1",
         "-Q", "moia", "--without-gossip", "--without-mingle", "--without-heartbeat", "-l", "warning"],
        cwd=settings.BASE_DIR, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    celery_app.conf.task_always_eager = False
    try:
        yield worker
    finally:
        celery_app.conf.task_always_eager = settings.CELERY_TASK_ALWAYS_EAGER
        worker.terminate()
        try:
            worker.wait(timeout=15)
        except subprocess.TimeoutExpired:
            worker.kill()


def _wait_for(predicate, timeout: float):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    return None


def test_a_build_whose_worker_process_dies_is_retried_and_completes_once(prefork_worker, tmp_path, settings):
    from tests.factories.reports import PopulationStatisticFactory

    settings.MEDIA_ROOT = tmp_path / "media"
    for n in range(40):
        PopulationStatisticFactory(dimension=f"Language {n}", topic="language")
    report = report_build_request(year=2025)  # autocommit: queued to the real broker at once

    def building():
        report.refresh_from_db()
        return report.status == AnnualReport.Status.BUILDING

    assert _wait_for(building, timeout=90), "the worker never started the build"
    children = _children(prefork_worker.pid)
    assert children, "no pool process to kill"
    for pid in children:
        os.kill(pid, signal.SIGKILL)  # the process running the build dies mid-task

    def ready():
        report.refresh_from_db()
        return report.status == AnnualReport.Status.READY

    assert _wait_for(ready, timeout=120), f"the build did not complete after redelivery: {report.status} {report.error}"
    assert AnnualReport.objects.filter(year=2025).count() == 1
    assert report.pdf.name.endswith(".pdf")
