from celery import shared_task
from django.db.utils import OperationalError


@shared_task(acks_late=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3)
def search_gaps_purge_task() -> int:
    from directory.services import search_gaps_purge  # tasks stay thin; the rule lives in services

    return search_gaps_purge()
