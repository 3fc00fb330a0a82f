from celery import shared_task
from django.core.mail import EmailMultiAlternatives
from django.db.utils import OperationalError


@shared_task(
    acks_late=True,
    autoretry_for=(OSError, ConnectionError),
    retry_backoff=True,
    max_retries=5,
)
def email_send_task(*, subject: str, body: str, to: list[str], html_body: str = "") -> None:
    message = EmailMultiAlternatives(subject=subject, body=body, to=to)
    if html_body:
        message.attach_alternative(html_body, "text/html")
    message.send()


@shared_task(acks_late=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3)
def outbox_flush_task() -> int:
    from moia.services import outbox_flush

    return outbox_flush()


@shared_task(acks_late=True, max_retries=3)
def ping_task(value: int) -> int:
    """Round-trip check used by the worker test and operators: returns value + 1."""
    return value + 1
