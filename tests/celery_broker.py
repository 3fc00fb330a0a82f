"""Point the Celery app at another broker for a test, and back."""

import os
from contextlib import contextmanager

from kombu import pools as kombu_pools

from moia.celery import app as celery_app


def _reset_pools() -> None:
    kombu_pools.reset()  # kombu keeps pools per connection URL in a global registry
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@contextmanager
def broker_at(url: str):
    """Celery publishes to `url` inside the block, with fresh connection pools both ways."""
    original = celery_app.conf.broker_url
    original_env = os.environ.get("CELERY_BROKER_URL")
    # Celery reads CELERY_BROKER_URL from the environment before its own configuration.
    os.environ["CELERY_BROKER_URL"] = url
    celery_app.conf.broker_url = url
    _reset_pools()
    try:
        yield
    finally:
        if original_env is None:
            os.environ.pop("CELERY_BROKER_URL", None)
        else:
            os.environ["CELERY_BROKER_URL"] = original_env
        celery_app.conf.broker_url = original
        _reset_pools()
