"""Writes of the newsletter: sign-up and double opt-in, preferences, leaving, bounces, sending.

Sending is built so that a worker killed at any moment neither loses nor repeats a message:
`issue_send_start` writes one Delivery row per recipient before anything is sent (a unique
constraint makes it one per person, however often it runs); `issue_send_batch` claims one row at
a time under a row lock (`select_for_update(skip_locked=True)`, so two workers never take the same
row), hands the message to the email backend and marks the row sent in the same transaction. A
worker that dies before the commit leaves its row pending and its lock is released with the
connection; beat's `issue_sending_resume` queues the issue again and the next worker goes on from
there. The one moment that is not covered is a death between the backend accepting a message and
the commit (microseconds against the pause between messages): every message carries a
Message-ID made of issue and subscriber, which mailbox providers use to drop such a repeat.
"""

import logging
import time
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from modeltranslation.utils import build_localized_fieldname

from moia.emails import email_render
from moia.services import audited, email_send, task_enqueue

from . import selectors, tokens
from .models import Delivery, Issue, Subscriber, Topic

logger = logging.getLogger(__name__)

# A new confirmation email to the same address at most this often: the form cannot be used to
# flood someone's inbox, and a resident who lost the first one can ask again soon.
CONFIRMATION_RESEND_AFTER = timedelta(minutes=10)


def _link(name: str, *, language: str, token: str) -> str:
    with translation.override(language):
        return settings.SITE_URL + reverse(name, kwargs={"token": token})


def _clean_topics(topics) -> list[str]:
    return [topic for topic in Topic.values if topic in set(topics or [])]


# ------------------------------------------------------------------------------
# Subscribers
# ------------------------------------------------------------------------------
@transaction.atomic
def subscription_request(*, email: str, language: str, topics: list[str]) -> None:
    """Ask for a subscription. Whatever the address's state, the visitor sees the same answer
    (no one learns who is subscribed); only the address's owner hears the difference, by email.

    New, waiting, unsubscribed or bounced: a confirmation link (in `language`) is sent, and
    nothing is received until it is clicked. Already subscribed: a note with the preferences link.
    """
    if language not in settings.LANGUAGE_CODES:
        language = settings.LANGUAGE_CODE
    topics = _clean_topics(topics)
    now = timezone.now()
    digest = selectors.email_hash(email)
    subscriber = Subscriber.objects.select_for_update().filter(email_hash=digest).first()
    if subscriber is None:
        try:
            with transaction.atomic():
                subscriber = Subscriber.objects.create(
                    email=selectors.email_normalise(email), email_hash=digest, language=language, topics=topics
                )
        except IntegrityError:
            return  # the same address at the same moment: the other request sends the email
    elif subscriber.status == Subscriber.Status.ACTIVE:
        if subscriber.confirmation_sent_at and now - subscriber.confirmation_sent_at < CONFIRMATION_RESEND_AFTER:
            return
        subscriber.confirmation_sent_at = now
        subscriber.save(update_fields=["confirmation_sent_at"])
        email_send(
            template="newsletter/email/already_subscribed",
            context={"preferences_url": _link("newsletter:preferences", language=subscriber.language,
                                              token=tokens.token_make(subscriber, tokens.MANAGE))},
            to=[subscriber.email],
            language=subscriber.language,
        )  # fmt: skip
        return
    else:
        if subscriber.confirmation_sent_at and now - subscriber.confirmation_sent_at < CONFIRMATION_RESEND_AFTER:
            return
        if subscriber.status != Subscriber.Status.PENDING:
            # Starting again retires the links of the old subscription.
            subscriber.token_key = Subscriber._meta.get_field("token_key").default()
            subscriber.status = Subscriber.Status.PENDING
            subscriber.status_changed_at = now
            subscriber.confirmed_at = None
        subscriber.language, subscriber.topics = language, topics
        # The purge counts its seven days from the latest request.
        subscriber.created_at = now
    subscriber.confirmation_sent_at = now
    subscriber.save()
    email_send(
        template="newsletter/email/confirm",
        context={
            "confirm_url": _link("newsletter:confirm", language=language,
                                 token=tokens.token_make(subscriber, tokens.CONFIRM)),
            "days": settings.NEWSLETTER_UNCONFIRMED_DAYS,
        },
        to=[subscriber.email],
        language=language,
    )  # fmt: skip


@audited
@transaction.atomic
def subscription_confirm(*, subscriber: Subscriber, by=None) -> Subscriber:
    """The owner of the address clicked the link: they now receive issues (a second click changes nothing)."""
    subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
    if subscriber.status == Subscriber.Status.PENDING:
        subscriber.status = Subscriber.Status.ACTIVE
        subscriber.confirmed_at = subscriber.status_changed_at = timezone.now()
        subscriber.save(update_fields=["status", "confirmed_at", "status_changed_at"])
    return subscriber


@audited
@transaction.atomic
def subscriber_preferences_set(*, subscriber: Subscriber, language: str, topics: list[str], by=None) -> Subscriber:
    """Change the language and topics of a subscription (through its signed link)."""
    if language not in settings.LANGUAGE_CODES:
        raise ValidationError(_("Choose one of the options in the list."))
    topics = _clean_topics(topics)
    if not topics:
        raise ValidationError(_("Choose at least one topic."))
    subscriber.language, subscriber.topics = language, topics
    subscriber.save(update_fields=["language", "topics"])
    return subscriber


def _status_set(subscriber: Subscriber, status: str) -> Subscriber:
    subscriber.status = status
    subscriber.status_changed_at = timezone.now()
    subscriber.save(update_fields=["status", "status_changed_at"])
    # Anything not yet sent to them is not sent (a batch checks again before each message).
    subscriber.deliveries.filter(status=Delivery.Status.PENDING).update(status=Delivery.Status.SKIPPED)
    return subscriber


@audited
@transaction.atomic
def subscriber_unsubscribe(*, subscriber: Subscriber, by=None) -> Subscriber:
    """Stop every email to this subscriber at once (one click, RFC 8058); no reason asked."""
    subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
    if subscriber.status in (Subscriber.Status.ACTIVE, Subscriber.Status.PENDING):
        _status_set(subscriber, Subscriber.Status.UNSUBSCRIBED)
    return subscriber


@audited
@transaction.atomic
def subscriber_delivery_problem_record(*, email: str, event_type: str, by=None) -> Subscriber | None:
    """A provider reported a bounce or a spam complaint: nothing more is sent to that address."""
    status = {"bounced": Subscriber.Status.BOUNCED, "complained": Subscriber.Status.COMPLAINED}.get(event_type)
    subscriber = selectors.subscriber_by_email(email) if status else None
    if subscriber is None:
        return None
    subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
    if subscriber.status != Subscriber.Status.COMPLAINED:  # a complaint outranks a later bounce
        _status_set(subscriber, status)  # type: ignore[arg-type]  # no subscriber without a status
    return subscriber


def subscribers_purge_unconfirmed(*, now=None) -> int:
    """Delete addresses whose confirmation link was never clicked within NEWSLETTER_UNCONFIRMED_DAYS."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.NEWSLETTER_UNCONFIRMED_DAYS)
    deleted, _rows = Subscriber.objects.filter(status=Subscriber.Status.PENDING, created_at__lt=cutoff).delete()
    return deleted


# ------------------------------------------------------------------------------
# Issues
# ------------------------------------------------------------------------------
def _issue_text(issue: Issue, language: str) -> tuple[str, str]:
    return (
        getattr(issue, build_localized_fieldname("subject", language)) or "",
        getattr(issue, build_localized_fieldname("body", language)) or "",
    )


def issue_message(*, issue: Issue, language: str, to: str, manage_token: str | None, page_language: str):
    """The email of an issue in `language`, with one-click unsubscribe headers (RFC 2369, RFC 8058)."""
    subject, body = _issue_text(issue, language)
    context = {"issue_subject": subject, "body": body, "preferences_url": "", "unsubscribe_url": ""}
    if manage_token:
        context["unsubscribe_url"] = _link("newsletter:unsubscribe", language=page_language, token=manage_token)
        context["preferences_url"] = _link("newsletter:preferences", language=page_language, token=manage_token)
    rendered = email_render(template="newsletter/email/issue", context=context, language=language)
    headers = {}
    if manage_token:
        headers["List-Unsubscribe"] = f"<{context['unsubscribe_url']}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message = EmailMultiAlternatives(subject=rendered.subject, body=rendered.text, to=[to], headers=headers)
    message.attach_alternative(rendered.html, "text/html")
    return message


def issue_preview(*, issue: Issue, language: str):
    """The email as a subscriber reading `language` would get it (links to a sample address)."""
    return issue_message(issue=issue, language=language, to="subscriber@example.org", manage_token=None,
                         page_language=language)  # fmt: skip


def issue_send_test(*, issue: Issue, languages: list[str], by) -> int:
    """Send the issue to the staff member themselves, once per language asked; through Celery."""
    if not by.email:
        raise ValidationError(_("Your account has no email address to send the test to."))
    sent = 0
    for language in languages:
        subject, body = _issue_text(issue, language)
        if not subject.strip() or not body.strip():
            continue
        task_enqueue(
            task_name="newsletter.tasks.issue_send_test_task",
            kwargs={"issue_id": issue.pk, "language": language, "user_id": by.pk},
        )
        sent += 1
    return sent


@audited
@transaction.atomic
def issue_send_start(*, issue: Issue, by) -> int:
    """Start sending: refuse while any recipient's language has no reviewed text (and English was
    not chosen for it), then write one pending delivery per recipient and queue the first batch.
    Returns how many deliveries were written."""
    issue = Issue.objects.select_for_update().get(pk=issue.pk)
    if issue.status != Issue.Status.DRAFT:
        raise ValidationError(_("This issue has already been sent."))
    subject, body = _issue_text(issue, "en")
    if not subject.strip() or not body.strip():
        raise ValidationError(_("Write the English subject and text first."))
    plan = selectors.issue_send_plan(issue)
    blocked = [row.name for row in plan if row.subscribers and row.text_language is None]
    if blocked:
        raise ValidationError(
            _(
                "Sending is blocked: no reviewed text in %(languages)s. Review those translations, or choose "
                "to send English to their subscribers."
            )
            % {"languages": ", ".join(blocked)}
        )
    text_language = {row.language: row.text_language for row in plan}
    recipients = selectors.issue_recipients(issue).only("pk", "language")
    Delivery.objects.bulk_create(
        [Delivery(issue=issue, subscriber=s, language=text_language.get(s.language) or "en") for s in recipients],
        ignore_conflicts=True,
        batch_size=1000,
    )
    issue.status = Issue.Status.SENDING
    issue.send_started_by = by
    issue.send_started_at = timezone.now()
    issue.save(update_fields=["status", "send_started_by", "send_started_at"])
    task_enqueue(task_name="newsletter.tasks.issue_send_batch_task", kwargs={"issue_id": issue.pk})
    return issue.deliveries.count()


def _claim_next(issue_id: int) -> Delivery | None:
    query = Delivery.objects.filter(issue_id=issue_id, status=Delivery.Status.PENDING).order_by("pk")
    if connection.features.has_select_for_update_skip_locked:
        # Another worker's row is skipped, not waited for: two batches share the list, never a row.
        query = query.select_for_update(skip_locked=True, of=("self",))
    return query.select_related("subscriber").first()


def _send_one(delivery: Delivery) -> None:
    subscriber = delivery.subscriber
    message = issue_message(
        issue=delivery.issue,
        language=delivery.language,
        to=subscriber.email,
        manage_token=tokens.token_make(subscriber, tokens.MANAGE),
        page_language=subscriber.language,
    )
    host = settings.SITE_URL.split("://", 1)[-1].split("/")[0] or "localhost"
    message.extra_headers["Message-ID"] = f"<newsletter-{delivery.issue_id}-{subscriber.pk}@{host}>"
    message.send()


def issue_send_batch(*, issue_id: int, limit: int | None = None) -> int:
    """Send up to `limit` pending deliveries of an issue at NEWSLETTER_SEND_RATE_PER_MINUTE, each in
    its own transaction; queue the next batch, or mark the issue sent when none is left."""
    limit = limit or settings.NEWSLETTER_BATCH_SIZE
    pause = 60.0 / max(settings.NEWSLETTER_SEND_RATE_PER_MINUTE, 1)
    issue = Issue.objects.filter(pk=issue_id, status=Issue.Status.SENDING).first()
    if issue is None:
        return 0
    sent = 0
    while sent < limit:
        with transaction.atomic():
            delivery = _claim_next(issue_id)
            if delivery is None:
                break
            delivery.issue = issue
            delivery.attempts += 1
            if delivery.subscriber.status != Subscriber.Status.ACTIVE:
                delivery.status = Delivery.Status.SKIPPED
            else:
                try:
                    _send_one(delivery)
                except Exception as exc:
                    # The backend refused: try again later, a few times, then give up on this one.
                    delivery.error = type(exc).__name__[:100]
                    if delivery.attempts >= 3:
                        delivery.status = Delivery.Status.FAILED
                    delivery.save(update_fields=["attempts", "error", "status"])
                    logger.warning("newsletter message refused", extra={"issue": issue_id, "error": delivery.error})
                    break
                delivery.status = Delivery.Status.SENT
                delivery.sent_at = timezone.now()
                sent += 1
            delivery.save(update_fields=["attempts", "status", "sent_at"])
        if delivery.status == Delivery.Status.SENT:
            time.sleep(pause)  # outside the transaction: a worker killed here leaves nothing half done
    _issue_continue_or_finish(issue_id)
    return sent


@transaction.atomic
def _issue_continue_or_finish(issue_id: int) -> None:
    issue = Issue.objects.select_for_update().get(pk=issue_id)
    if issue.status != Issue.Status.SENDING:
        return
    if issue.deliveries.filter(status=Delivery.Status.PENDING).exists():
        task_enqueue(task_name="newsletter.tasks.issue_send_batch_task", kwargs={"issue_id": issue_id})
        return
    issue.status = Issue.Status.SENT
    issue.sent_at = timezone.now()
    issue.save(update_fields=["status", "sent_at"])


def issue_sending_resume(*, idle: timedelta = timedelta(minutes=2)) -> int:
    """Queue again every issue still sending whose last message is older than `idle` (its worker
    died or was restarted); returns how many were queued. Safe to run while a batch is alive:
    rows are claimed with a lock, so two batches only share the work."""
    queued = 0
    cutoff = timezone.now() - idle
    for issue in selectors.issues_to_resume():
        last = issue.deliveries.exclude(sent_at=None).order_by("-sent_at").values_list("sent_at", flat=True).first()
        if (last or issue.send_started_at or cutoff) <= cutoff:
            task_enqueue(task_name="newsletter.tasks.issue_send_batch_task", kwargs={"issue_id": issue.pk})
            queued += 1
    return queued


@audited
@transaction.atomic
def issue_english_for_set(*, issue: Issue, languages: list[str], by) -> Issue:
    """Choose the languages whose subscribers get the English text of this issue."""
    issue.english_for = [code for code in settings.LANGUAGE_CODES if code in set(languages) and code != "en"]
    issue.save(update_fields=["english_for"])
    return issue
