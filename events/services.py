"""Writes: registering (a seat, a slot or a place on the waitlist), changing and cancelling,
promotion from the waitlist, reminders and the retention purge.

Capacity is enforced here and only here: every change to who holds a seat locks the session
row first (select_for_update), so two residents booking the last seat, or the same time slot,
at the same moment are served one after the other and the second one sees it taken.
"""

import logging
from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from moia.services import audited, task_enqueue
from programs.services import months_before

from .models import Registration, Session, reference_generate

logger = logging.getLogger(__name__)

Status = Registration.Status
INPUT_FIELDS = {"name", "phone", "email", "topic", "call_time", "party_size"}


class SessionFull(ValidationError):
    """The seat or slot asked for went to someone else first."""


def _lock_session(session_id: int) -> Session:
    return Session.objects.select_for_update().select_related("event").get(pk=session_id)


def _seats_taken(session: Session, *, excluding: Registration | None = None) -> int:
    taken = session.registrations.filter(status=Status.CONFIRMED)
    if excluding is not None:
        taken = taken.exclude(pk=excluding.pk)
    return taken.aggregate(n=Coalesce(Sum("party_size"), 0))["n"]


def _bookable_check(session: Session, *, now: datetime) -> None:
    if session.is_cancelled or not session.event.is_published:
        raise ValidationError(_("This session is not taking registrations."))
    if session.starts_at <= now:
        raise ValidationError(_("This session has already started. Choose another one."))


@audited
@transaction.atomic
def registration_create(
    *,
    session: Session,
    data: dict,
    language: str = "en",
    idempotency_key: str = "",
    walk_in: bool = False,
    disclaimer_accepted: bool = False,
    by=None,
) -> Registration:
    """Register someone for a session: a seat if one is free, else the waitlist (a time slot has
    no waitlist: it is taken, and the resident picks another). Tells them by email or SMS."""
    if idempotency_key:
        # The same form sent twice (a double click, a retry): one registration.
        existing = Registration.objects.filter(idempotency_key=idempotency_key).first()
        if existing is not None:
            return existing
    now = timezone.now()
    session = _lock_session(session.pk)
    if idempotency_key:
        # Asked again under the lock: a simultaneous twin that held it first has committed by now.
        existing = Registration.objects.filter(idempotency_key=idempotency_key).first()
        if existing is not None:
            return existing
    if not walk_in:
        _bookable_check(session, now=now)
    if session.event.requires_disclaimer and not disclaimer_accepted and not walk_in:
        raise ValidationError(_("Read and accept the disclaimer to book a consultation."))
    if not data.get("phone") and not data.get("email") and not walk_in:
        raise ValidationError(_("Give a phone number or an email address so we can reach you."))
    fields = {name: value or None for name, value in data.items() if name in INPUT_FIELDS and name != "party_size"}
    party_size = 1 if session.event.is_slots else max(int(data.get("party_size") or 1), 1)
    free = session.capacity - _seats_taken(session)
    if party_size <= free or walk_in:
        status = Status.CONFIRMED
    elif session.event.is_slots:
        raise SessionFull(_("Someone else has just booked this time slot. Please choose another one."))
    else:
        status = Status.WAITLISTED
    for _attempt in range(5):
        registration = Registration(
            session=session,
            reference=reference_generate(),
            language=language if language in settings.LANGUAGE_CODES else settings.LANGUAGE_CODE,
            party_size=party_size,
            status=status,
            waitlisted_at=now if status == Status.WAITLISTED else None,
            walk_in=walk_in,
            disclaimer_accepted_at=now if disclaimer_accepted else None,
            idempotency_key=idempotency_key or None,
            **fields,
        )
        try:
            with transaction.atomic():
                registration.save()
            break
        except IntegrityError:
            # The same key committed by a simultaneous request: answer with that registration.
            existing = Registration.objects.filter(idempotency_key=idempotency_key).first() if idempotency_key else None
            if existing is not None:
                return existing
            continue  # a reference collision: draw another
    else:
        raise ValidationError(_("Your registration could not be saved. Please try again."))
    if not walk_in:
        _notify(registration, "confirmed" if status == Status.CONFIRMED else "waitlisted")
    return registration


def _promote_waitlist(session: Session, *, now: datetime) -> list[Registration]:
    """Give freed seats to the waitlist in the order people joined it; the session is locked."""
    promoted = []
    free = session.capacity - _seats_taken(session)
    for waiting in session.registrations.filter(status=Status.WAITLISTED).order_by("waitlisted_at", "pk"):
        if free <= 0:
            break
        if waiting.party_size > free:
            # A family of four does not block a single person behind them, but keeps its place.
            continue
        waiting.status = Status.CONFIRMED
        waiting.promoted_at = now
        waiting.save(update_fields=["status", "promoted_at"])
        free -= waiting.party_size
        promoted.append(waiting)
        _notify(waiting, "promoted")
    return promoted


@audited
@transaction.atomic
def registration_cancel(*, registration: Registration, by=None) -> Registration:
    """Cancel a registration (by the resident's link or by staff); the seat goes to the waitlist."""
    now = timezone.now()
    session = _lock_session(registration.session_id)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status == Status.CANCELLED:
        return registration
    was_confirmed = registration.status == Status.CONFIRMED
    registration.status = Status.CANCELLED
    registration.cancelled_at = now
    registration.cancelled_by = by if getattr(by, "is_authenticated", False) else None
    registration.save(update_fields=["status", "cancelled_at", "cancelled_by"])
    _notify(registration, "cancelled")
    if was_confirmed and session.starts_at > now:
        _promote_waitlist(session, now=now)
    return registration


@audited
@transaction.atomic
def registration_change(
    *, registration: Registration, session: Session, party_size: int | None = None, by=None
) -> Registration:
    """Move a registration to another session of the same event (or change how many come).

    Both sessions are locked in id order, so two moves in opposite directions cannot deadlock;
    the old seat goes to the waitlist."""
    now = timezone.now()
    if session.event_id != registration.session.event_id:
        raise ValidationError(_("Choose a session of the same event."))
    old_id = registration.session_id
    locked = {pk: _lock_session(pk) for pk in sorted({old_id, session.pk})}
    new, old = locked[session.pk], locked[old_id]
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status == Status.CANCELLED:
        raise ValidationError(_("This registration was cancelled. Register again to choose a session."))
    _bookable_check(new, now=now)
    size = 1 if new.event.is_slots else max(int(party_size or registration.party_size), 1)
    free = new.capacity - _seats_taken(new, excluding=registration)
    if size <= free:
        status = Status.CONFIRMED
    elif new.event.is_slots:
        raise SessionFull(_("Someone else has just booked this time slot. Please choose another one."))
    elif new.pk == old_id and registration.status == Status.CONFIRMED:
        raise SessionFull(_("There are not enough seats left for that many people."))
    else:
        status = Status.WAITLISTED
    registration.session = new
    registration.party_size = size
    if status != registration.status or new.pk != old_id:
        registration.waitlisted_at = now if status == Status.WAITLISTED else None
    registration.status = status
    registration.reminder_sent_at = None
    registration.save(update_fields=["session", "party_size", "status", "waitlisted_at", "reminder_sent_at"])
    _notify(registration, "changed" if status == Status.CONFIRMED else "waitlisted")
    if old.starts_at > now:
        _promote_waitlist(old, now=now)
    return registration


def _notify(registration: Registration, kind: str) -> None:
    """Tell the resident after commit, by email if they gave one, else by SMS (the task reads the
    registration: no address or phone number travels through the broker)."""
    task_enqueue(task_name="events.tasks.registration_notify_task", args=[registration.pk, kind])


def registrations_remind(*, now: datetime | None = None) -> int:
    """Send the day-before reminders; each registration is reminded once."""
    from .selectors import registrations_due_reminder

    now = now or timezone.now()
    sent = 0
    for registration in registrations_due_reminder(now=now):
        with transaction.atomic():
            updated = Registration.objects.filter(pk=registration.pk, reminder_sent_at__isnull=True).update(
                reminder_sent_at=now
            )
            if updated:
                _notify(registration, "reminder")
                sent += updated
    return sent


BLANK_PERSONAL = dict.fromkeys(Registration.PERSONAL_FIELDS)


@transaction.atomic
def registrations_purge_expired(*, now: datetime | None = None) -> int:
    """Blank the personal fields of registrations whose session ended more than
    PII_RETENTION_MONTHS ago (the intakes' schedule). Status, party size, language and check-in
    stay: attendance counts the same after. Returns how many registrations."""
    now = now or timezone.now()
    cutoff = months_before(now, settings.PII_RETENTION_MONTHS)
    purged = Registration.objects.filter(session__ends_at__lt=cutoff, personal_data_purged_at__isnull=True).update(
        **BLANK_PERSONAL, idempotency_key=None, personal_data_purged_at=now
    )
    logger.info("purged personal data of past registrations", extra={"count": purged, "vendor": connection.vendor})
    return purged
