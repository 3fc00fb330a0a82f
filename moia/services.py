"""Site-wide writes: queueing tasks and emails safely."""

import logging

from celery import current_app
from django.db import transaction
from kombu.exceptions import OperationalError as BrokerError
from redis.exceptions import RedisError

from .models import OutboxTask

logger = logging.getLogger(__name__)

BROKER_ERRORS = (BrokerError, RedisError, ConnectionError, OSError, TimeoutError)


def _send_or_keep(task_name: str, args: list, kwargs: dict) -> None:
    if current_app.conf.task_always_eager:
        # Embedded mode has no broker: run it here, and never let it fail the request.
        current_app.loader.import_default_modules()  # every app's tasks.py, as a worker would
        result = current_app.tasks[task_name].apply(args=args, kwargs=kwargs)
        if result.failed():
            logger.error("eager task failed", extra={"task": task_name, "error": str(result.result)})
        return
    try:
        current_app.send_task(task_name, args=args, kwargs=kwargs)
    except BROKER_ERRORS as exc:
        # The broker is down: keep the task and let beat send it when Redis is back.
        logger.warning("broker unavailable, task kept in outbox", extra={"task": task_name, "error": str(exc)})
        OutboxTask.objects.create(task_name=task_name, args=args, kwargs=kwargs, last_error=str(exc)[:500])


def task_enqueue(*, task_name: str, args: list | None = None, kwargs: dict | None = None) -> None:
    """Queue a task once the current transaction commits; a broker outage never fails the caller."""
    transaction.on_commit(lambda: _send_or_keep(task_name, list(args or []), dict(kwargs or {})))


def email_queue(*, subject: str, body: str, to: list[str], html_body: str = "") -> None:
    """Send an email through the task queue after commit (the address lives only in the task)."""
    task_enqueue(
        task_name="moia.tasks.email_send_task",
        kwargs={"subject": subject, "body": body, "to": to, "html_body": html_body},
    )


def outbox_flush(*, limit: int = 500) -> int:
    """Send kept tasks oldest first; stop at the first broker failure. Returns how many were sent."""
    sent = 0
    for item in OutboxTask.objects.order_by("created_at")[:limit]:
        try:
            current_app.send_task(item.task_name, args=item.args, kwargs=item.kwargs)
        except BROKER_ERRORS as exc:
            item.attempts += 1
            item.last_error = str(exc)[:500]
            item.save(update_fields=["attempts", "last_error"])
            break
        item.delete()
        sent += 1
    return sent
