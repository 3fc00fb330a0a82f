"""Site-wide writes: queueing tasks and emails safely, and one change applied to many rows."""

import contextlib
import functools
import logging
import time
from collections.abc import Callable, Iterable
from typing import Any

import pghistory
from celery import current_app
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from .models import OutboxTask

logger = logging.getLogger(__name__)


def audit_context(*, by=None, action: str):
    """Label the history rows a change writes (pghistory) with who made it and which service.

    Inside a request the middleware has already opened a context with the user and URL; this
    adds the service's name, and gives changes made from a task or the shell their author.
    pghistory's context lives in PostgreSQL session variables; SQLite keeps no history.
    """
    if connection.vendor != "postgresql":
        return contextlib.nullcontext()
    user = getattr(by, "pk", None)
    return pghistory.context(action=action, **({"user": user} if user is not None else {}))


def audited(function: Callable) -> Callable:
    """Run a service inside audit_context, with the `by` it was given and its own name."""

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        with audit_context(by=kwargs.get("by"), action=function.__name__):
            return function(*args, **kwargs)

    return wrapper


def each_changed(items: Iterable[Any], change: Callable[[Any], object]) -> tuple[int, int]:
    """Apply `change` to each item on its own; returns (changed, refused).

    A staff action on many rows (a status change, an assignment) goes through the one-row service
    for each, so every rule and record of it still applies; a row the service refuses (it raises
    ValidationError) is counted and left as it was, in a savepoint of its own, and the others go on.
    """
    changed = refused = 0
    for item in items:
        try:
            with transaction.atomic():
                change(item)
        except ValidationError:
            refused += 1
        else:
            changed += 1
    return changed, refused


class _BrokerBreaker:
    """After a failed publish, skip the broker for a while instead of paying its timeout again.

    During an outage every request that queues a task would otherwise wait for the broker's
    socket timeout, holding a web worker each time; one request per process pays it instead.
    """

    down_until = 0.0

    def is_open(self) -> bool:
        return time.monotonic() < self.down_until

    def trip(self) -> None:
        self.down_until = time.monotonic() + settings.BROKER_RETRY_AFTER_SECONDS

    def reset(self) -> None:
        self.down_until = 0.0


broker_breaker = _BrokerBreaker()


def _publish(task_name: str, args: list, kwargs: dict) -> None:
    """Hand a task to the broker, or raise.

    The web tier never reads a task's result, so it does not subscribe to the result backend:
    with the backend away, celery's subscription raises RuntimeError after ~20 s of reconnects,
    which is what made a saved request answer 500. The publish itself is bounded by
    CELERY_BROKER_TRANSPORT_OPTIONS and CELERY_TASK_PUBLISH_RETRY_POLICY (a few seconds at most).
    """
    current_app.send_task(task_name, args=args, kwargs=kwargs, ignore_result=True)


def _send_or_keep(task_name: str, args: list, kwargs: dict) -> None:
    if current_app.conf.task_always_eager:
        # Embedded mode has no broker: run it here, and never let it fail the request.
        current_app.loader.import_default_modules()  # every app's tasks.py, as a worker would
        result = current_app.tasks[task_name].apply(args=args, kwargs=kwargs)
        if result.failed():
            logger.error("eager task failed", extra={"task": task_name, "error": str(result.result)})
        return
    if broker_breaker.is_open():
        OutboxTask.objects.create(task_name=task_name, args=args, kwargs=kwargs, last_error="broker recently down")
        return
    try:
        _publish(task_name, args, kwargs)
    except Exception as exc:
        broker_breaker.trip()
        # Whatever failed (broker, result backend, a half-open socket), the task was not handed
        # over: keep it for beat to send when Redis is back. The resident's request has already
        # been saved and must still get its normal answer, so nothing is re-raised here.
        logger.warning(
            "broker unavailable, task kept in outbox",
            extra={"task": task_name, "error": type(exc).__name__},
        )
        OutboxTask.objects.create(task_name=task_name, args=args, kwargs=kwargs, last_error=repr(exc)[:500])


def task_enqueue(*, task_name: str, args: list | None = None, kwargs: dict | None = None) -> None:
    """Queue a task once the current transaction commits; a broker outage never fails the caller."""
    transaction.on_commit(lambda: _send_or_keep(task_name, list(args or []), dict(kwargs or {})))


def email_queue(*, subject: str, body: str, to: list[str], html_body: str = "") -> None:
    """Send an email through the task queue after commit. The address is kept nowhere else than
    in the task's arguments: in the broker, or in the outbox table (OutboxTask) while the broker
    is away, a row deleted once the task is handed over."""
    task_enqueue(
        task_name="moia.tasks.email_send_task",
        kwargs={"subject": subject, "body": body, "to": to, "html_body": html_body},
    )


def email_send(*, template: str, context: dict, to: list[str], language: str) -> None:
    """Render an email (moia/emails.py) in the recipients' language and queue it after commit."""
    from .emails import email_render

    if not to:
        return
    email = email_render(template=template, context=context, language=language)
    email_queue(subject=email.subject, body=email.text, html_body=email.html, to=to)


def email_send_to_users(*, template: str, context: dict, users) -> None:
    """One email per language, each to the users who chose it: everyone reads it in their own."""
    by_language: dict[str, list[str]] = {}
    for email, language in users.order_by("email").values_list("email", "preferred_language"):
        by_language.setdefault(language or "en", []).append(email)
    for language, emails in sorted(by_language.items()):
        email_send(template=template, context=context, to=emails, language=language)


def outbox_flush(*, limit: int = 500) -> int:
    """Send kept tasks oldest first; stop at the first broker failure. Returns how many were sent."""
    sent = 0
    for item in OutboxTask.objects.order_by("created_at")[:limit]:
        try:
            _publish(item.task_name, item.args, item.kwargs)
        except Exception as exc:
            broker_breaker.trip()
            item.attempts += 1
            item.last_error = str(exc)[:500]
            item.save(update_fields=["attempts", "last_error"])
            break
        item.delete()
        sent += 1
    return sent
