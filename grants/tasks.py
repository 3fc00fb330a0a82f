from celery import shared_task
from django.db.utils import OperationalError


@shared_task(acks_late=True, autoretry_for=(OperationalError, OSError), retry_backoff=True, max_retries=5)
def application_receipt_send_task(*, application_id: int) -> None:
    from grants.services import application_receipt_send  # tasks stay thin; logic lives in services

    application_receipt_send(application_id=application_id)


@shared_task(acks_late=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3)
def grantee_reports_remind_task() -> int:
    from grants.services import grantee_reports_remind

    return grantee_reports_remind()
