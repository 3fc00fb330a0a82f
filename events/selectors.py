"""Reads: what residents can book, how many seats are left, and the feeds built from them."""

from datetime import datetime, time, timedelta

from django.db.models import Exists, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from .models import Event, Registration, Session

ACTIVE = Registration.Status.CONFIRMED


def events_public() -> QuerySet[Event]:
    return Event.objects.filter(is_published=True).select_related("location", "location__neighborhood", "program")


def sessions_with_seats(queryset: QuerySet[Session]) -> QuerySet[Session]:
    """Sessions annotated with `seats_taken` (people, not registrations: a family of four takes four)."""
    return queryset.annotate(
        seats_taken=Coalesce(Sum("registrations__party_size", filter=Q(registrations__status=ACTIVE)), 0),
        has_waitlist=Exists(Registration.objects.filter(session=OuterRef("pk"), status=Registration.Status.WAITLISTED)),
    )


def sessions_upcoming(*, now: datetime | None = None) -> QuerySet[Session]:
    """Sessions residents may still book: published event, not cancelled, not started."""
    now = now or timezone.now()
    return sessions_with_seats(
        Session.objects.filter(event__is_published=True, is_cancelled=False, starts_at__gt=now).select_related(
            "event", "location", "location__neighborhood", "event__location", "event__location__neighborhood"
        )
    ).order_by("starts_at", "pk")


def seats_left(session: Session) -> int:
    """Seats still free; reads the annotation when the session came from sessions_with_seats."""
    taken = getattr(session, "seats_taken", None)
    if taken is None:
        taken = session.registrations.filter(status=ACTIVE).aggregate(n=Coalesce(Sum("party_size"), 0))["n"]
    return max(session.capacity - taken, 0)


def sessions_filtered(
    *,
    program=None,
    category: str = "",
    neighborhood=None,
    language: str = "",
    format: str = "",
    date_from=None,
    now: datetime | None = None,
) -> QuerySet[Session]:
    sessions = sessions_upcoming(now=now)
    if program is not None:
        sessions = sessions.filter(event__program=program)
    if category:
        sessions = sessions.filter(event__category=category)
    if format:
        sessions = sessions.filter(event__format=format)
    if neighborhood is not None:
        sessions = sessions.filter(
            Q(location__neighborhood=neighborhood)
            | Q(location__isnull=True, event__location__neighborhood=neighborhood)
        )
    if language:
        # Few events, and JSON containment differs between PostgreSQL and SQLite: match in Python.
        speaking = [
            pk
            for pk, held, interpreted in Event.objects.values_list("pk", "languages", "interpretation")
            if language in (held or []) or language in (interpreted or [])
        ]
        sessions = sessions.filter(event__in=speaking)
    if date_from:
        start = timezone.make_aware(datetime.combine(date_from, time.min))
        sessions = sessions.filter(starts_at__gte=start)
    return sessions


def events_listing(sessions: QuerySet[Session], *, per_event: int = 3) -> list[dict]:
    """Events in the order of their next session, each with its next few sessions (or, for time
    slots, its next free slots and how many are free)."""
    listing: dict[int, dict] = {}
    for session in sessions[:2000]:
        entry = listing.setdefault(session.event_id, {"event": session.event, "sessions": [], "free_slots": 0})
        free = seats_left(session)
        if session.event.is_slots:
            if free:
                entry["free_slots"] += 1
                if len(entry["sessions"]) < per_event:
                    entry["sessions"].append(session)
        elif len(entry["sessions"]) < per_event:
            entry["sessions"].append(session)
    return [entry for entry in listing.values() if entry["sessions"]]


def event_sessions_bookable(event: Event, *, now: datetime | None = None, limit: int = 60) -> list[Session]:
    """What the detail page offers: every upcoming session, or the free slots only (a taken slot
    has no waitlist: the next free one is as good)."""
    sessions = list(sessions_upcoming(now=now).filter(event=event)[: limit * 4])
    if event.is_slots:
        sessions = [session for session in sessions if seats_left(session)]
    return sessions[:limit]


def program_next_sessions(program, *, limit: int = 3) -> list[Session]:
    return list(sessions_upcoming().filter(event__program=program)[:limit])


def service_events(service) -> list[Event]:
    return list(events_public().filter(service=service))


def registration_for_token(token: str) -> Registration | None:
    from .tokens import registration_token_read

    reference = registration_token_read(token)
    if not reference:
        return None
    return (
        Registration.objects.select_related(
            "session", "session__event", "session__location", "session__event__location"
        )
        .filter(reference=reference, personal_data_purged_at__isnull=True)
        .first()
    )


def registrations_due_reminder(*, now: datetime | None = None) -> QuerySet[Registration]:
    """Confirmed registrations of sessions held tomorrow (the office's calendar day) not yet reminded."""
    now = timezone.localtime(now or timezone.now())
    tomorrow = now.date() + timedelta(days=1)
    start = timezone.make_aware(datetime.combine(tomorrow, time.min))
    end = start + timedelta(days=1)
    return Registration.objects.filter(
        status=ACTIVE,
        reminder_sent_at__isnull=True,
        personal_data_purged_at__isnull=True,
        session__is_cancelled=False,
        session__starts_at__gte=start,
        session__starts_at__lt=end,
    )


def attendance_count(*, sessions: QuerySet[Session] | None = None) -> dict:
    """People who came (checked in), and registrations that did: party sizes count every person."""
    registrations = Registration.objects.filter(checked_in_at__isnull=False)
    if sessions is not None:
        registrations = registrations.filter(session__in=sessions)
    totals = registrations.aggregate(people=Coalesce(Sum("party_size"), 0))
    return {"registrations": registrations.count(), "people": totals["people"]}


def home_section() -> dict | None:
    """The home page's next few events (none upcoming: the section hides)."""
    listing = events_listing(sessions_upcoming(), per_event=1)[:4]
    if not listing:
        return None
    return {"template": "events/_home_section.html", "context": {"listing": listing}}
