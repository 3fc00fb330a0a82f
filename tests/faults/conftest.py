"""Fault injection with real servers that the tests own: a private redis-server that a test
can stop mid-request, without disturbing the Redis the rest of the suite uses."""

import shutil
import signal
import socket
import subprocess
import time

import pytest

from moia.celery import app as celery_app
from moia.services import broker_breaker
from tests.celery_broker import broker_at


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PrivateRedis:
    def __init__(self, tmp_path):
        self.port = _free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.dir = tmp_path
        self.process = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", str(self.dir)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("private redis-server did not start")

    def freeze(self) -> None:
        """Hang the server: connections are still accepted by the kernel but never answered,
        as with a Redis stuck on a full disk or behind a dropped route."""
        self.process.send_signal(signal.SIGSTOP)

    def thaw(self) -> None:
        self.process.send_signal(signal.SIGCONT)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.thaw()  # a stopped process would not act on SIGTERM
            self.process.terminate()
            self.process.wait(timeout=10)


@pytest.fixture
def private_redis(tmp_path, settings):
    """Cache, broker, result backend and rate limits all on a Redis this test can stop and start."""
    if not shutil.which("redis-server"):
        from tests.conftest import IN_CI

        if IN_CI:
            pytest.fail("redis-server is not installed")
        pytest.skip("redis-server is not installed")
    redis = PrivateRedis(tmp_path)
    redis.start()
    settings.REDIS_URL = redis.url
    settings.CELERY_BROKER_URL = redis.url
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "moia.cache.ResilientRedisCache",
            "LOCATION": redis.url,
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.5, "SOCKET_TIMEOUT": 0.5},
        },
    }
    celery_app.conf.task_always_eager = False
    broker_breaker.reset()
    try:
        with broker_at(redis.url, result_backend=redis.url):
            yield redis
    finally:
        redis.stop()
        broker_breaker.reset()
        celery_app.conf.task_always_eager = settings.CELERY_TASK_ALWAYS_EAGER
