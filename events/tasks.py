from celery import shared_task
from django.db.utils import OperationalError


@shared_task(acks_late=True, autoretry_for=(OSError, ConnectionError), retry_backoff=True, max_retries=5)
def registration_notify_task(registration_id: int, kind: str) -> None:
    from events.notifications import registration_notify  # tasks stay thin

    registration_notify(registration_id=registration_id, kind=kind)


@shared_task(acks_late=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3)
def registrations_remind_task() -> int:
    from events.services import registrations_remind

    return registrations_remind()


@shared_task(acks_late=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3)
def registrations_purge_expired_task() -> int:
    from events.services import registrations_purge_expired

    return registrations_purge_expired()
