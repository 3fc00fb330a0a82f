"""Subscribers, issues and one delivery row per (issue, subscriber).

A subscriber's address is encrypted at rest (Fernet, FIELD_ENCRYPTION_KEYS, like an intake's
contact fields); `email_hash`, a keyed hash of the normalised address, finds a subscriber and keeps
one row per address without decrypting every row. The Delivery row is what makes sending safe to
resume: it exists before anything is sent, is claimed under a row lock, and is marked sent only
once the email backend accepted the message.
"""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from encrypted_fields.fields import EncryptedEmailField

from moia.fields import acting_user_field


class Topic(models.TextChoices):
    EVENTS = "events", _("Events")
    GRANTS = "grants", _("Grants")
    LEGAL_HELP = "legal-help", _("Legal help")
    POLICY = "policy", _("Policy updates")


def all_topics() -> list[str]:
    return list(Topic.values)


def _token_key() -> str:
    return secrets.token_urlsafe(16)


class Subscriber(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for confirmation")
        ACTIVE = "active", _("Subscribed")
        UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")
        BOUNCED = "bounced", _("Bounced")
        COMPLAINED = "complained", _("Marked as spam")

    email = EncryptedEmailField(_("email"))
    email_hash = models.CharField(_("address hash"), max_length=64, unique=True, editable=False)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    topics = models.JSONField(_("topics"), default=all_topics)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PENDING)
    # Part of every signed link: changing it (on unsubscribe and re-subscribe) retires old links.
    token_key = models.CharField(max_length=32, default=_token_key, editable=False)
    created_at = models.DateTimeField(_("signed up"), auto_now_add=True)
    confirmation_sent_at = models.DateTimeField(_("confirmation sent"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    status_changed_at = models.DateTimeField(_("status changed"), null=True, blank=True)

    class Meta:
        verbose_name = _("subscriber")
        verbose_name_plural = _("subscribers")
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        # Never the address: a subscriber appears in admin messages, history and logs by number.
        return _("Subscriber %(number)s") % {"number": self.pk}


class Issue(models.Model):
    """One newsletter issue; subject and body are translated field by field (translation.py)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")

    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("text"), help_text=_("Plain text. Links are made clickable."))
    topics = models.JSONField(
        _("topics"), default=list, blank=True, help_text=_("Only subscribers of these topics get it; none: everyone.")
    )
    english_for = models.JSONField(
        _("send English to"),
        default=list,
        blank=True,
        help_text=_("Languages whose subscribers get the English text because their own is not reviewed."),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_by = acting_user_field()
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    send_started_by = acting_user_field(_("sent by"))
    send_started_at = models.DateTimeField(_("sending started"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sending finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("newsletter issue")
        verbose_name_plural = _("newsletter issues")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.subject


class Delivery(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        SENT = "sent", _("Sent")
        SKIPPED = "skipped", _("Skipped (unsubscribed or bounced since)")
        FAILED = "failed", _("Failed")

    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="deliveries")
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="deliveries")
    # The language of the text this subscriber gets (their own, or English when staff chose it).
    language = models.CharField(max_length=10)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.CharField(max_length=100, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [models.UniqueConstraint(fields=["issue", "subscriber"], name="newsletter_one_delivery_each")]
        indexes = [models.Index(fields=["issue", "status"])]

    def __str__(self) -> str:
        return f"{self.issue_id}/{self.subscriber_id}"
