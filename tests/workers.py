"""Real Celery worker processes for the tests that need one (pytest.mark.worker): started on the
test database and the test broker, stopped however the test ends."""

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import IO, Any

from django.conf import settings
from django.db import connection

from moia.celery import app as celery_app


def worker_database_url() -> str:
    """The database this test runs on, for a worker process (pytest-django renamed it)."""
    db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def worker_start(
    *, pool: str = "solo", concurrency: int = 1, env: dict | None = None, output: IO | int = subprocess.DEVNULL
) -> subprocess.Popen:
    """A worker consuming the portal's queue, in a process group of its own (so `worker_kill`
    takes its pool with it). `env` adds to this process's environment."""
    pool_options = [] if pool == "solo" else [f"--concurrency={concurrency}"]
    no_site = ["-S"] if sys.flags.no_site else []  # the same interpreter flags as this run
    return subprocess.Popen(
        [sys.executable, *no_site, "-m", "celery", "-A", "moia", "worker", f"--pool={pool}", *pool_options,
         "-Q", "moia", "--without-gossip", "--without-mingle", "--without-heartbeat", "-l", "warning"],
        cwd=settings.BASE_DIR, env={**os.environ, "CELERY_TASK_ALWAYS_EAGER": "0", **(env or {})},
        stdout=output, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip


def worker_stop(worker: subprocess.Popen, *, timeout: float = 15) -> None:
    """A warm shutdown, then SIGKILL if the worker does not stop in time."""
    if worker.poll() is not None:
        return
    worker.terminate()
    try:
        worker.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        worker_kill(worker)


def worker_kill(worker: subprocess.Popen) -> None:
    """SIGKILL the whole worker, main process and pool alike: nothing gets to clean up."""
    os.killpg(worker.pid, signal.SIGKILL)
    worker.wait(timeout=10)


def queue_purge() -> None:
    with celery_app.connection_for_write() as conn:
        conn.default_channel.queue_purge("moia")


@contextmanager
def tasks_to_workers(*, purge: bool = True) -> Iterator[list[subprocess.Popen]]:
    """Inside the block tasks go to the broker (not run eagerly); the workers appended to the list
    it gives are stopped at the end, and the queue is emptied before and after."""
    workers: list[subprocess.Popen] = []
    celery_app.conf.task_always_eager = False
    if purge:
        queue_purge()
    try:
        yield workers
    finally:
        celery_app.conf.task_always_eager = settings.CELERY_TASK_ALWAYS_EAGER
        for worker in workers:
            worker_stop(worker)
        if purge:
            queue_purge()


def wait_for(predicate: Callable[[], Any], timeout: float, *, interval: float = 0.05) -> Any:
    """What `predicate` returns once it is true, or None after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    return None
