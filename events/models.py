"""Events the office runs, their sessions (or bookable time slots) and residents' registrations.

An event is what a resident looks for (Citizenship Day, a Know Your Rights training, phone
consultations with volunteer lawyers); a session is one time it happens, with its own capacity;
a time slot is a session of capacity 1 (booking = slots). A registration holds a seat in one
session or waits for one. Attendance (checked_in_at) is what the programme metrics count, by
the event's service type; it stays after the personal fields are purged.
"""

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from encrypted_fields.fields import EncryptedCharField, EncryptedEmailField

from moia.fields import acting_user_field


class Event(models.Model):
    class Category(models.TextChoices):
        CITIZENSHIP_DAY = "citizenship_day", _("Citizenship Day")
        CONSULTATION = "consultation", _("Consultation")
        OFFICE_HOURS = "office_hours", _("Office hours")
        TRAINING = "training", _("Training")
        INFO_SESSION = "info_session", _("Information session")
        WEBINAR = "webinar", _("Webinar")
        COMMUNITY = "community", _("Community event")

    class Format(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        PHONE = "phone", _("By phone")
        ONLINE = "online", _("Online")

    class Booking(models.TextChoices):
        # Sessions: many people per session (a training). Slots: one person per session (a
        # 15-minute consultation, a Citizenship Day appointment).
        SESSIONS = "sessions", _("Sessions with seats")
        SLOTS = "slots", _("Time slots for one person")

    slug = models.SlugField(_("slug"), unique=True, max_length=120)
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    what_to_bring = models.TextField(
        _("what to bring"), blank=True, help_text=_("One item per line, for example the documents to bring.")
    )
    cost_note = models.CharField(_("cost"), max_length=200, blank=True, help_text=_("Leave empty for “Free”."))
    program = models.ForeignKey(
        "programs.Program",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="scheduled_events",
        verbose_name=_("programme"),
    )
    service = models.ForeignKey(
        "directory.Service",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="scheduled_events",
        verbose_name=_("directory entry"),
        help_text=_("The directory entry of this service; it links to the event."),
    )
    service_type = models.ForeignKey(
        "programs.ServiceType",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="scheduled_events",
        verbose_name=_("service type"),
        help_text=_("What attendance counts as in the programme metrics."),
    )
    category = models.CharField(_("category"), max_length=20, choices=Category.choices, db_index=True)
    format = models.CharField(_("format"), max_length=12, choices=Format.choices, default=Format.IN_PERSON)
    location = models.ForeignKey(
        "directory.Location",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="scheduled_events",
        verbose_name=_("place"),
    )
    online_url = models.URLField(_("online link"), blank=True)
    languages = models.JSONField(_("languages the session is held in"), default=list, blank=True)
    interpretation = models.JSONField(_("interpretation available in"), default=list, blank=True)
    booking = models.CharField(_("booking"), max_length=10, choices=Booking.choices, default=Booking.SESSIONS)
    requires_disclaimer = models.BooleanField(
        _("residents accept the City's disclaimer"),
        default=False,
        help_text=_("For consultations with volunteer lawyers."),
    )
    is_published = models.BooleanField(_("published"), default=False, db_index=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["order", "title"]
        verbose_name = _("event")
        verbose_name_plural = _("events")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("events:detail", kwargs={"slug": self.slug})

    @property
    def is_slots(self) -> bool:
        return self.booking == self.Booking.SLOTS


class Session(models.Model):
    """One time an event happens (or one bookable slot, capacity 1)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("event"))
    starts_at = models.DateTimeField(_("starts at"), db_index=True)
    ends_at = models.DateTimeField(_("ends at"))
    capacity = models.PositiveIntegerField(_("capacity"), default=1)
    location = models.ForeignKey(
        "directory.Location",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="event_sessions",
        verbose_name=_("place (if not the event's)"),
    )
    host = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="hosted_sessions",
        verbose_name=_("host"),
        help_text=_("The volunteer lawyer (or other host) who offers this session."),
    )
    is_cancelled = models.BooleanField(_("cancelled"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["event", "starts_at"], name="session_event_starts")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="session_ends_after_start"
            )
        ]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")

    def __str__(self) -> str:
        return f"{self.event} · {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def place(self):
        return self.location or self.event.location


# Crockford's base32 without I, L, O, U (as programs' references): read out over the phone.
REFERENCE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def reference_generate() -> str:
    """A new reference like "E-7K4M-9QX2": 40 random bits, not enumerable."""
    body = "".join(secrets.choice(REFERENCE_ALPHABET) for _i in range(8))
    return f"E-{body[:4]}-{body[4:]}"


class Registration(models.Model):
    """A resident's seat in a session (or their place on its waitlist).

    Personal fields (PERSONAL_FIELDS) are encrypted at rest and blanked once the session is
    PII_RETENTION_MONTHS past (services.registrations_purge_expired); status, party size,
    language and check-in stay, so attendance figures do not change. Never immigration status.
    """

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", pgettext_lazy("registration status", "Confirmed")
        WAITLISTED = "waitlisted", _("On the waitlist")
        CANCELLED = "cancelled", pgettext_lazy("registration status", "Cancelled")

    PERSONAL_FIELDS = ("name", "phone", "email", "topic", "call_time")

    session = models.ForeignKey(
        Session, on_delete=models.PROTECT, related_name="registrations", verbose_name=_("session")
    )
    reference = models.CharField(_("reference number"), max_length=16, unique=True, default=reference_generate)
    name = EncryptedCharField(_("name or initials"), max_length=200, blank=True, null=True)
    phone = EncryptedCharField(_("phone"), max_length=40, blank=True, null=True)
    email = EncryptedEmailField(_("email"), blank=True, null=True)
    language = models.CharField(_("preferred language"), max_length=10, choices=settings.LANGUAGES, default="en")
    party_size = models.PositiveSmallIntegerField(_("number of people"), default=1)
    topic = EncryptedCharField(_("question topic"), max_length=500, blank=True, null=True)
    call_time = EncryptedCharField(_("good time to call"), max_length=200, blank=True, null=True)
    disclaimer_accepted_at = models.DateTimeField(_("disclaimer accepted at"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.CONFIRMED, db_index=True
    )
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True, db_index=True)
    waitlisted_at = models.DateTimeField(_("waitlisted at"), null=True, blank=True)
    promoted_at = models.DateTimeField(_("moved from the waitlist at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancelled_by = acting_user_field(_("cancelled by"))
    reminder_sent_at = models.DateTimeField(_("reminder sent at"), null=True, blank=True)
    # Check-in at the door and the consultation's outcome are recorded by staff and hosts.
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True, db_index=True)
    checked_in_by = acting_user_field(_("checked in by"))
    walk_in = models.BooleanField(_("walk-in"), default=False)
    # The registration form's one-time token: a double click registers once.
    idempotency_key = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)
    personal_data_purged_at = models.DateTimeField(_("personal data removed at"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["session", "status"], name="registration_session_status")]
        constraints = [
            models.CheckConstraint(condition=models.Q(party_size__gte=1), name="registration_party_size_positive")
        ]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")

    def __str__(self) -> str:
        # The reference only: this lands in the admin's change log.
        return self.reference

    @property
    def is_active(self) -> bool:
        return self.status != self.Status.CANCELLED


# The staff side (attendance and outcomes) has its own module; imported here so Django registers it.
from .staff_models import RegistrationOutcome  # noqa: E402, F401
