"""Reads of the staff and host side: what a session host may see (only their own sessions and
bookings), the check-in list at the door, and attendance figures for the programme metrics."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet, Sum, TextField, Value
from django.db.models.functions import Cast, Coalesce, Concat
from django.utils import timezone
from django.utils.translation import ngettext

from moia.accounts.roles import SESSION_HOSTS

from .models import Event, Registration, Session


# ------------------------------------------------------------------------------
# Session hosts
# ------------------------------------------------------------------------------
def user_is_host(user) -> bool:
    """Signed-in, active members of the "Session hosts" role."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.groups.filter(name=SESSION_HOSTS).exists()


def host_sessions_for(user) -> QuerySet[Session]:
    """The sessions a host offers: theirs only, whatever id is asked for."""
    if not user_is_host(user):
        return Session.objects.none()
    return Session.objects.filter(host=user).select_related("event")


def staff_scope(user) -> list[str]:
    """What the events admin shows a host (their "My access" page)."""
    if not user_is_host(user):
        return []
    count = host_sessions_for(user).filter(starts_at__gte=timezone.now(), is_cancelled=False).count()
    return [
        ngettext(
            "You host %(count)s upcoming session: you see its bookings, and no other host's.",
            "You host %(count)s upcoming sessions: you see their bookings, and no other host's.",
            count,
        )
        % {"count": count}
    ]


def host_registrations_for(user) -> QuerySet[Registration]:
    """Bookings of a host's own sessions, never another host's."""
    if not user_is_host(user):
        return Registration.objects.none()
    return Registration.objects.filter(session__host=user).select_related("session__event")


def host_events_open(user) -> QuerySet[Event]:
    """Events a host may offer slots for: published slots events."""
    if not user_is_host(user):
        return Event.objects.none()
    return Event.objects.filter(booking=Event.Booking.SLOTS, is_published=True).order_by("order", "title")


def host_upcoming(user, *, days: int = 60) -> QuerySet[Session]:
    """A host's own slots from the start of today, with their active bookings prefetched."""
    start = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    return (
        host_sessions_for(user)
        .filter(starts_at__gte=start, starts_at__lt=start + timezone.timedelta(days=days), is_cancelled=False)
        .order_by("starts_at")
    )


def host_to_record(user) -> QuerySet[Registration]:
    """A host's past bookings still waiting for an outcome."""
    return (
        host_registrations_for(user)
        .filter(session__starts_at__lt=timezone.now())
        .exclude(status=Registration.Status.CANCELLED)
        .filter(Q(outcome__isnull=True) | Q(outcome__result=""))
        .order_by("session__starts_at")
    )


# ------------------------------------------------------------------------------
# Check-in at the door
# ------------------------------------------------------------------------------
def checkin_sessions_today() -> QuerySet[Session]:
    """Today's sessions (office time), for the door's session picker."""
    start = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    return (
        Session.objects.filter(starts_at__gte=start, starts_at__lt=start + timezone.timedelta(days=1))
        .filter(is_cancelled=False)
        .select_related("event")
        .order_by("starts_at")
    )


def checkin_list(*, session: Session, query: str = "") -> list[Registration]:
    """The session's active registrations, matching a name or reference when one is typed.

    Names are encrypted at rest, so the database cannot search them: the session's list (tens or
    a few hundred people) is filtered after decryption; references are matched exactly or by start.
    """
    rows = list(
        session.registrations.exclude(status=Registration.Status.CANCELLED).order_by("status", "created_at", "pk")
    )
    needle = " ".join(query.split()).casefold()
    if not needle:
        return rows
    compact = needle.replace("-", "").replace(" ", "").upper()
    return [
        r for r in rows if needle in (r.name or "").casefold() or (compact and compact in r.reference.replace("-", ""))
    ]


# ------------------------------------------------------------------------------
# Programme metrics
# ------------------------------------------------------------------------------
def event_attendance_metrics(*, start, end, program=None, by_program: bool = False) -> list[dict]:
    """Sessions, seats, registrations, attendance and individuals of events with registration,
    by service type, for sessions that started in [start, end).

    Attendance is the check-ins (the registrant and the people they brought); an individual is
    a distinct attendee key within a programme, so a person at two sessions counts once; one without a
    key (checked in before keys were kept) counts as a person of its own. Cancelled sessions
    offer no seats. Purged registrations keep their check-in and key, so figures do not change.
    With `by_program`, the rows are by programme and service type (each with its "program_id"):
    the annual report reads every programme from the same two queries.
    """
    # Only events of a programme, with a service type: "all programmes" is the sum of the programmes.
    sessions = Session.objects.filter(
        starts_at__gte=start, starts_at__lt=end, event__service_type__isnull=False, event__program__isnull=False
    )
    registrations = Registration.objects.filter(
        session__starts_at__gte=start,
        session__starts_at__lt=end,
        session__event__service_type__isnull=False,
        session__event__program__isnull=False,
    )
    if program is not None:
        sessions = sessions.filter(event__program=program)
        registrations = registrations.filter(session__event__program=program)
    seat_rows = (
        sessions.filter(is_cancelled=False)
        .values("event__service_type_id", *(["event__program_id"] if by_program else []))
        .annotate(sessions=Count("pk"), seats=Sum("capacity"))
        .order_by()
    )
    # One person per programme, as an intake is: "all programmes" stays the sum of the programmes.
    person = Concat(
        Cast("session__event__program_id", output_field=TextField()),
        Value(":"),
        # Types stated: the key is a CharField, the fallback text (PostgreSQL refuses to guess).
        Coalesce(
            Cast("outcome__attendee_key", output_field=TextField()),
            Concat(Value("registration:"), Cast("pk", output_field=TextField()), output_field=TextField()),
            output_field=TextField(),
        ),
        output_field=TextField(),
    )
    attended = Q(checked_in_at__isnull=False)
    attendance_rows = (
        registrations.values("session__event__service_type_id", *(["session__event__program_id"] if by_program else []))
        .annotate(
            registrations=Count("pk", filter=~Q(status=Registration.Status.CANCELLED) & Q(walk_in=False)),
            attended=Coalesce(Sum("party_size", filter=attended), 0),
            individuals=Count(person, filter=attended, distinct=True),
            walk_ins=Count("pk", filter=attended & Q(walk_in=True)),
        )
        .order_by()
    )
    by_type: dict[tuple, dict] = {}
    for row in seat_rows:
        group = (row["event__service_type_id"], row.get("event__program_id"))
        by_type.setdefault(group, {}).update(sessions=row["sessions"], seats=row["seats"] or 0)
    for row in attendance_rows:
        group = (row["session__event__service_type_id"], row.get("session__event__program_id"))
        by_type.setdefault(group, {}).update(
            registrations=row["registrations"],
            attended=row["attended"],
            individuals=row["individuals"],
            walk_ins=row["walk_ins"],
        )
    defaults = {"sessions": 0, "seats": 0, "registrations": 0, "attended": 0, "individuals": 0, "walk_ins": 0}
    return [
        {"service_type_id": pk, **({"program_id": programme} if by_program else {}), **defaults, **values}
        for (pk, programme), values in by_type.items()
    ]
