"""Writes of the staff and host side: slots in bulk, a host's availability, check-in at the door,
walk-ins, the outcome of a consultation (the programme's service record) and messages to the
registrants of a session. The resident side (registration, waitlist, reminders) is in services.py.
"""

from __future__ import annotations

import logging
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from moia.accounts.models import User
from moia.services import audited, email_send

from .models import Event, Registration, RegistrationOutcome, Session
from .selectors_staff import user_is_host

logger = logging.getLogger(__name__)

Status = Registration.Status
# One working day at most: a typo in the end time must not create a year of slots.
MAX_SLOTS_PER_DAY = 96
HOST_SLOT_MINUTES = 15


# ------------------------------------------------------------------------------
# Slots in bulk and a host's availability
# ------------------------------------------------------------------------------
def _local(day: date, moment: time) -> datetime:
    return datetime.combine(day, moment, tzinfo=ZoneInfo(settings.TIME_ZONE))


@audited
@transaction.atomic
def session_slots_create(
    *,
    event: Event,
    day: date,
    start: time,
    end: time,
    minutes: int,
    capacity: int = 1,
    host: User | None = None,
    by: User | None = None,
) -> list[Session]:
    """A day of back-to-back sessions from `start` to `end` (office time); a slot that already
    exists for the same event and host at the same time is not made twice."""
    if minutes < 5 or minutes > 480:
        raise ValidationError(_("A slot lasts between 5 and 480 minutes."))
    if capacity < 1:
        raise ValidationError(_("A slot needs room for at least one person."))
    first, last = _local(day, start), _local(day, end)
    if last <= first:
        raise ValidationError(_("The end time must be after the start time."))
    step = timedelta(minutes=minutes)
    starts = []
    moment = first
    while moment + step <= last:
        starts.append(moment)
        moment += step
    if not starts:
        raise ValidationError(_("No slot fits between the start and end times."))
    if len(starts) > MAX_SLOTS_PER_DAY:
        raise ValidationError(_("That is more slots than fit in one day; check the times."))
    taken = set(
        Session.objects.filter(event=event, host=host, starts_at__in=starts, is_cancelled=False).values_list(
            "starts_at", flat=True
        )
    )
    created = Session.objects.bulk_create(
        [
            Session(event=event, starts_at=s, ends_at=s + step, capacity=capacity, host=host)
            for s in starts
            if s not in taken
        ]
    )
    logger.info("slots created", extra={"event": event.pk, "count": len(created)})
    return created


def host_availability_publish(*, host: User, event: Event, day: date, start: time, end: time) -> list[Session]:
    """A session host offers 15-minute slots of a slots event on one day; hosts only, future days only."""
    if not user_is_host(host):
        raise PermissionDenied
    if not event.is_slots:
        raise ValidationError(_("This event is not booked in time slots."))
    if _local(day, start) <= timezone.now():
        raise ValidationError(_("Choose a time that has not passed yet."))
    return session_slots_create(
        event=event, day=day, start=start, end=end, minutes=HOST_SLOT_MINUTES, capacity=1, host=host, by=host
    )


@audited
@transaction.atomic
def host_slot_withdraw(*, session: Session, by: User) -> Session:
    """A host takes back one of their own slots, only while nobody has booked it."""
    session = Session.objects.select_for_update().get(pk=session.pk)
    if session.host_id != by.pk:
        raise PermissionDenied
    if session.registrations.exclude(status=Status.CANCELLED).exists():
        raise ValidationError(_("Somebody has booked this slot; ask the office to move the booking."))
    session.is_cancelled = True
    session.save(update_fields=["is_cancelled"])
    return session


# ------------------------------------------------------------------------------
# Attendance
# ------------------------------------------------------------------------------
def attendee_key_for(registration: Registration) -> str:
    """The same value for the same phone number or email at every session, meaningless without
    the server's secret; a registration without either is a person of its own."""
    contact = ""
    if registration.phone:
        contact = "tel:" + "".join(ch for ch in registration.phone if ch.isdigit())[-10:]
    elif registration.email:
        contact = "mail:" + registration.email.strip().lower()
    if not contact or contact in ("tel:", "mail:"):
        contact = "ref:" + registration.reference
    return salted_hmac("events.attendee", contact, algorithm="sha256").hexdigest()


def _outcome_row(registration: Registration) -> RegistrationOutcome:
    row, _created = RegistrationOutcome.objects.get_or_create(
        registration=registration, defaults={"attendee_key": attendee_key_for(registration)}
    )
    return row


@audited
@transaction.atomic
def registration_check_in(*, registration: Registration, by: User) -> Registration:
    """Mark a registrant as arrived (once: a second tap changes nothing); a cancelled booking
    cannot be checked in, and a waitlisted person who is let in takes a seat."""
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status == Status.CANCELLED:
        raise ValidationError(_("This registration was cancelled."))
    if registration.checked_in_at is not None:
        return registration
    registration.checked_in_at = timezone.now()
    registration.checked_in_by = by
    registration.status = Status.CONFIRMED
    registration.save(update_fields=["checked_in_at", "checked_in_by", "status"])
    _outcome_row(registration)
    return registration


@audited
@transaction.atomic
def registration_check_in_undo(*, registration: Registration, by: User) -> Registration:
    """Undo a check-in tapped by mistake."""
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    registration.checked_in_at = None
    registration.checked_in_by = None
    registration.save(update_fields=["checked_in_at", "checked_in_by"])
    return registration


@audited
@transaction.atomic
def registration_walk_in(
    *, session: Session, name: str, party_size: int = 1, language: str = "en", phone: str = "", by: User
) -> Registration:
    """Someone arrives without booking: registered and checked in in one step. The door decides
    whether there is room, so a walk-in may go over the session's capacity."""
    if session.is_cancelled:
        raise ValidationError(_("This session was cancelled."))
    if not 1 <= party_size <= 20:
        raise ValidationError(_("Enter a number of people between 1 and 20."))
    if language not in settings.LANGUAGE_CODES:
        language = settings.LANGUAGE_CODE
    registration = Registration.objects.create(
        session=session,
        name=name.strip()[:200] or None,
        phone=phone.strip()[:40] or None,
        language=language,
        party_size=party_size,
        status=Status.CONFIRMED,
        walk_in=True,
        checked_in_at=timezone.now(),
        checked_in_by=by,
    )
    _outcome_row(registration)
    return registration


# ------------------------------------------------------------------------------
# Outcome of a consultation
# ------------------------------------------------------------------------------
@audited
@transaction.atomic
def registration_outcome_record(
    *,
    registration: Registration,
    result: str,
    referred_to=None,
    case_type=None,
    by: User,
) -> RegistrationOutcome:
    """The host of the session records what came of it. Advice or a referral is the programme's
    service record (counsel and advice, or referred to an organization) on the person's intake:
    one intake per person and programme, so a resident consulting twice is one individual with
    two matters. The consultation counts as attended."""
    from programs.models import Intake, ServiceRecord

    registration = Registration.objects.select_for_update().select_related("session__event").get(pk=registration.pk)
    session, event = registration.session, registration.session.event
    if session.host_id is None or session.host_id != by.pk:
        raise PermissionDenied
    if registration.status == Status.CANCELLED:
        raise ValidationError(_("This registration was cancelled."))
    if session.starts_at > timezone.now():
        raise ValidationError(_("Record the outcome once the consultation has taken place."))
    if result not in RegistrationOutcome.Result.values:
        raise ValidationError(_("Choose an outcome."))
    if result == RegistrationOutcome.Result.REFERRED and referred_to is None:
        raise ValidationError(_("Say which organization the person was referred to."))
    outcome = _outcome_row(registration)
    if outcome.result:
        raise ValidationError(_("The outcome of this consultation is already recorded."))
    outcome.result = result
    outcome.recorded_at = timezone.now()
    outcome.recorded_by = by
    if result != RegistrationOutcome.Result.NOT_REACHED:
        if registration.checked_in_at is None:
            registration.checked_in_at = outcome.recorded_at
            registration.checked_in_by = by
            registration.save(update_fields=["checked_in_at", "checked_in_by"])
        if event.program_id and event.service_type_id:
            outcome.intake = _person_intake(registration=registration, key=outcome.attendee_key)
            service_type = event.service_type
            referred = result == RegistrationOutcome.Result.REFERRED
            record = ServiceRecord(
                intake=outcome.intake,
                service_type=service_type,
                case_type=case_type if service_type.is_legal else None,
                opened_on=timezone.localdate(session.starts_at),
                closed_on=timezone.localdate(session.starts_at),
                disposition=ServiceRecord.Disposition.REFERRED if referred else ServiceRecord.Disposition.DIRECT,
                referred_to=referred_to if referred else None,
                outcome=(
                    ServiceRecord.Outcome.COUNSEL_AND_ADVICE
                    if service_type.is_legal
                    else ServiceRecord.Outcome.INFORMATION_PROVIDED
                ),
            )
            record.full_clean()
            record.save()
            outcome.service_record = record
            if outcome.intake.status != Intake.Status.SERVED and not referred:
                Intake.objects.filter(pk=outcome.intake.pk).update(status=Intake.Status.SERVED)
    outcome.save()
    return outcome


def _person_intake(*, registration: Registration, key: str):
    """The intake this person already has in the event's programme from an earlier consultation,
    or a new one. It holds no personal field: the registration keeps those until its purge."""
    from programs.models import Intake

    program_id = registration.session.event.program_id
    earlier = (
        RegistrationOutcome.objects.filter(
            attendee_key=key, intake__isnull=False, registration__session__event__program_id=program_id
        )
        .select_related("intake")
        .first()
    )
    if earlier is not None:
        return earlier.intake
    return Intake.objects.create(
        program_id=program_id,
        received_at=registration.created_at or timezone.now(),
        channel=Intake.Channel.EVENT,
        preferred_language=registration.language,
        status=Intake.Status.SERVED,
    )


# ------------------------------------------------------------------------------
# A message to every registrant of a session
# ------------------------------------------------------------------------------
def session_registrants_message(*, session: Session, texts: dict[str, str], by: User) -> dict[str, int]:
    """Send staff's message to every active registrant of a session, each in their own language:
    the language's text if staff wrote one, else the English; the frame (greeting, the event and
    its time) is translated. Email where they gave one, otherwise a text message. Returns counts."""
    english = (texts.get("en") or "").strip()
    if not english:
        raise ValidationError(_("Write the message in English; other languages are optional."))
    counts = {"email": 0, "sms": 0, "unreachable": 0}
    registrations = session.registrations.exclude(status=Status.CANCELLED).select_related("session__event")
    for registration in registrations:
        language = registration.language or settings.LANGUAGE_CODE
        body = (texts.get(language) or "").strip() or english
        context = {"registration": registration, "session": session, "event": session.event, "message": body}
        if registration.email:
            email_send(
                template="events/email/staff_message", context=context, to=[registration.email], language=language
            )
            counts["email"] += 1
        elif registration.phone and _sms_send(registration=registration, body=body, language=language):
            counts["sms"] += 1
        else:
            counts["unreachable"] += 1
    logger.info("session message sent", extra={"session": session.pk, **counts})
    return counts


def _sms_send(*, registration: Registration, body: str, language: str) -> bool:
    """Through the resident side's pluggable SMS sender (events.sms), when it is installed."""
    try:
        from . import sms  # the resident side's SMS_BACKEND sender
    except ImportError:
        return False
    with translation.override(language):
        text = _("%(event)s: %(message)s") % {"event": registration.session.event.title, "message": body}
    sms.sms_send(to=registration.phone, body=text)
    return True
