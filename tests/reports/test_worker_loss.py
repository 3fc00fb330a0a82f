"""A Celery worker killed in the middle of a build: the task is redelivered and completes once."""

import os
import signal
import subprocess

import pytest

from reports.models import AnnualReport
from reports.services import report_build_request
from tests.workers import tasks_to_workers, wait_for, worker_database_url, worker_start

pytestmark = [pytest.mark.worker, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _children(pid: int) -> list[int]:
    out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True, check=False).stdout
    return [int(p) for p in out.split()]


@pytest.fixture
def prefork_worker(tmp_path):
    """A real worker (prefork, one child) on the test database and the test broker."""
    with tasks_to_workers() as workers:
        env = {"DATABASE_URL": worker_database_url(), "PRIVATE_MEDIA_ROOT": str(tmp_path / "media")}
        workers.append(worker_start(pool="prefork", concurrency=1, env=env))
        yield workers[0]


def test_a_build_whose_worker_process_dies_is_retried_and_completes_once(prefork_worker, tmp_path, settings):
    from tests.factories.reports import PopulationStatisticFactory

    settings.MEDIA_ROOT = tmp_path / "media"
    for n in range(40):
        PopulationStatisticFactory(dimension=f"Language {n}", topic="language")
    report = report_build_request(year=2025)  # autocommit: queued to the real broker at once

    def building():
        report.refresh_from_db()
        return report.status == AnnualReport.Status.BUILDING

    assert wait_for(building, timeout=90), "the worker never started the build"
    children = _children(prefork_worker.pid)
    assert children, "no pool process to kill"
    for pid in children:
        os.kill(pid, signal.SIGKILL)  # the process running the build dies mid-task

    def ready():
        report.refresh_from_db()
        return report.status == AnnualReport.Status.READY

    assert wait_for(ready, timeout=120), f"the build did not complete after redelivery: {report.status} {report.error}"
    assert AnnualReport.objects.filter(year=2025).count() == 1
    assert report.pdf.name.endswith(".pdf")
