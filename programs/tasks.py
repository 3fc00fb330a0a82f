from celery import shared_task
from django.db.utils import OperationalError


@shared_task(acks_late=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3)
def purge_expired_pii_task() -> int:
    from programs.services import intakes_purge_expired  # tasks stay thin; the rule lives in services

    return intakes_purge_expired()
