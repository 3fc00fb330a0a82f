from celery import shared_task
from django.db.utils import OperationalError


@shared_task(acks_late=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def issue_send_batch_task(*, issue_id: int) -> int:
    from newsletter.services import issue_send_batch  # tasks stay thin; the rules live in services

    return issue_send_batch(issue_id=issue_id)


@shared_task(acks_late=True, autoretry_for=(OSError, ConnectionError), retry_backoff=True, max_retries=5)
def issue_send_test_task(*, issue_id: int, language: str, user_id: int) -> None:
    from django.contrib.auth import get_user_model

    from newsletter.models import Issue
    from newsletter.services import issue_preview

    # The staff address is read here, not passed through the broker.
    user = get_user_model().objects.get(pk=user_id)
    message = issue_preview(issue=Issue.objects.get(pk=issue_id), language=language)
    message.to = [user.email]
    message.subject = f"[TEST] {message.subject}"
    message.send()


@shared_task(acks_late=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3)
def issue_sending_resume_task() -> int:
    from newsletter.services import issue_sending_resume

    return issue_sending_resume()


@shared_task(acks_late=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3)
def subscribers_purge_unconfirmed_task() -> int:
    from newsletter.services import subscribers_purge_unconfirmed

    return subscribers_purge_unconfirmed()
