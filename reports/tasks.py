from celery import shared_task
from django.db.utils import OperationalError


# Idempotent (a finished build is left alone), so late acknowledgement and retry after a
# lost worker are safe: a killed worker's build is redelivered and completes once.
@shared_task(
    acks_late=True,
    retry_on_worker_lost=True,
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=5,
    # A build retried after its worker died starts again within seconds, not Celery's default 3 minutes.
    default_retry_delay=2,
    soft_time_limit=240,
    time_limit=300,
)
def report_build_task(report_id: int) -> None:
    from reports.services import report_build

    report_build(report_id=report_id)


@shared_task(acks_late=True, max_retries=3)
def report_draft_last_year_task() -> None:
    from reports.services import report_draft_last_year

    report_draft_last_year()


# Safe to run twice, even at once: each reminder is recorded under a row lock before it is sent.
@shared_task(acks_late=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3)
def department_requests_remind_task() -> int:
    from reports.services import department_requests_remind

    return department_requests_remind()
