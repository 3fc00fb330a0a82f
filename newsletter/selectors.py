"""Reads of the newsletter: who an address is, who gets an issue in which language, progress."""

import hashlib
import hmac
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Q

from moia.l10n.content import ENGLISH, REVIEWED, STATUS_LABELS
from moia.l10n.selectors import content_translation_statuses

from . import tokens
from .models import Delivery, Issue, Subscriber


def email_normalise(email: str) -> str:
    # Providers treat the local part case-insensitively in practice; one address, one subscription.
    return email.strip().lower()


def email_hash(email: str) -> str:
    """The keyed hash that finds a subscriber by address (the address itself is encrypted)."""
    key = (settings.NEWSLETTER_EMAIL_HASH_KEY or settings.SECRET_KEY).encode()
    return hmac.new(key, email_normalise(email).encode(), hashlib.sha256).hexdigest()


def subscriber_by_email(email: str) -> Subscriber | None:
    return Subscriber.objects.filter(email_hash=email_hash(email)).first()


def subscriber_from_token(token: str, purpose: str) -> Subscriber | None:
    """The subscriber a signed link belongs to, or None (forged, expired, or retired by a new key)."""
    found = tokens.token_read(token, purpose)
    if found is None:
        return None
    pk, key = found
    subscriber = Subscriber.objects.filter(pk=pk).first()
    if subscriber is None or not hmac.compare_digest(subscriber.token_key, key):
        return None
    return subscriber


def issue_recipients(issue: Issue):
    """Confirmed subscribers still receiving mail whose topics meet the issue's (no topic: everyone)."""
    recipients = Subscriber.objects.filter(status=Subscriber.Status.ACTIVE)
    if issue.topics:
        # JSON containment is PostgreSQL-only; a topic list is short, so any-of by OR works everywhere.
        query = Q()
        for topic in issue.topics:
            query |= Q(topics__icontains=f'"{topic}"')
        recipients = recipients.filter(query)
    return recipients


@dataclass(frozen=True)
class LanguagePlan:
    language: str
    name: str
    subscribers: int
    status: str
    status_label: str
    english_chosen: bool

    @property
    def text_language(self) -> str | None:
        """The language these subscribers are sent, or None when sending is blocked for them."""
        if self.status == REVIEWED:
            return self.language
        return ENGLISH if self.english_chosen else None


def issue_send_plan(issue: Issue) -> list[LanguagePlan]:
    """Per portal language: how many recipients read it, the issue's translation status in it,
    and what they will get. A language without reviewed text blocks sending unless staff chose
    English for its subscribers."""
    counts = dict(
        issue_recipients(issue).values("language").annotate(n=Count("pk")).values_list("language", "n").order_by()
    )
    statuses = content_translation_statuses([issue]) if issue.pk else {}
    names = dict(settings.LANGUAGES)
    plan = []
    for code in settings.LANGUAGE_CODES:
        status = statuses.get((str(issue.pk), code), REVIEWED if code == ENGLISH else "missing")
        plan.append(
            LanguagePlan(
                language=code,
                name=str(names[code]),
                subscribers=counts.get(code, 0),
                status=status,
                status_label=str(STATUS_LABELS[status]),
                english_chosen=code in (issue.english_for or []),
            )
        )
    return plan


def issue_blocked_languages(issue: Issue) -> list[LanguagePlan]:
    """Languages with recipients who could be sent nothing: no reviewed text and no English chosen."""
    return [row for row in issue_send_plan(issue) if row.subscribers and row.text_language is None]


def issue_progress(issue: Issue) -> dict[str, int]:
    counts = dict(issue.deliveries.values("status").annotate(n=Count("pk")).values_list("status", "n").order_by())
    return {status: counts.get(status, 0) for status in Delivery.Status.values}


def issues_to_resume():
    """Issues left sending (a worker died or restarted): their pending rows still wait."""
    return Issue.objects.filter(status=Issue.Status.SENDING, deliveries__status=Delivery.Status.PENDING).distinct()


def home_section() -> dict | None:
    """The home page's invitation to join the newsletter (always offered: it needs no content)."""
    return {"template": "newsletter/_home_section.html", "context": {}}
