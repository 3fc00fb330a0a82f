"""Point the Celery app at another broker for a test, and back."""

import os
from contextlib import contextmanager

from kombu import pools as kombu_pools

from moia.celery import app as celery_app


def _reset_pools() -> None:
    kombu_pools.reset()  # kombu keeps pools per connection URL in a global registry
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
    # The result backend is cached on the app (or per thread): drop it so the next use reconnects.
    celery_app._backend_cache = None
    celery_app._local.__dict__.pop("backend", None)


@contextmanager
def broker_at(url: str, *, result_backend: str | None = None):
    """Celery publishes to `url` (and keeps results at `result_backend`, when given) inside the
    block, with fresh connection pools both ways."""
    original = celery_app.conf.broker_url
    original_backend = celery_app.conf.result_backend
    original_env = os.environ.get("CELERY_BROKER_URL")
    # Celery reads CELERY_BROKER_URL from the environment before its own configuration.
    os.environ["CELERY_BROKER_URL"] = url
    celery_app.conf.broker_url = url
    if result_backend:
        celery_app.conf.result_backend = result_backend
    _reset_pools()
    try:
        yield
    finally:
        if original_env is None:
            os.environ.pop("CELERY_BROKER_URL", None)
        else:
            os.environ["CELERY_BROKER_URL"] = original_env
        celery_app.conf.broker_url = original
        celery_app.conf.result_backend = original_backend
        _reset_pools()
