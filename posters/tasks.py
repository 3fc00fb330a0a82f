from celery import shared_task
from django.db.utils import OperationalError


@shared_task(acks_late=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3)
def purge_fulfilled_addresses_task() -> int:
    from posters.services import poster_orders_purge_addresses  # tasks stay thin; the rule lives in services

    return poster_orders_purge_addresses()
