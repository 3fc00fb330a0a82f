"""Demo events for seed_demo, from demo/data/<office>/events.json, with dates relative to the day
they are loaded (idempotent).

Events are upserted by slug; a schedule whose event already has upcoming sessions (for the same
host) keeps them, so seeding twice adds nothing. Demo registrations are obviously fake ("Demo
Resident 07", 617-555-01xx, @example.org) and fill a few sessions, with a waitlist, so staff see a
full session at once.
"""

import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from demo.loading import localized, read
from demo.marks import demo_user_ensure
from directory.models import Location, Neighborhood, Service
from events.models import Event, Registration, Session
from moia.accounts.models import User
from programs.models import Program, ServiceType

LOCAL = ZoneInfo(settings.TIME_ZONE)
# Where a registration's language comes from, in turn: the languages the demo's residents speak.
RESIDENT_LANGUAGES = ["es", "ht", "vi", "pt-br", "so", "ar"]


def _days_to(weekday: int, *, weeks_ahead: int) -> int:
    """Days from today to the given weekday (0 = Monday), at least one day ahead."""
    today = timezone.localdate()
    return ((weekday - today.weekday() - 1) % 7) + 1 + 7 * weeks_ahead


def _starts(schedule: dict) -> list[datetime.datetime]:
    today = timezone.localdate()
    every = datetime.timedelta(minutes=schedule.get("every_minutes", 0))
    return [
        datetime.datetime.combine(
            today + datetime.timedelta(days=_days_to(schedule["weekday"], weeks_ahead=weeks)),
            datetime.time(schedule["hour"], schedule.get("minute", 0)),
            LOCAL,
        )
        + every * n
        for weeks in schedule["weeks"]
        for n in range(schedule.get("times", 1))
    ]


def _location_ensure(slug: str, fields: dict) -> None:
    # Made only if missing: the directory's own demo data may already have it, with more detail.
    if Location.objects.filter(slug=slug).exists():
        return
    neighborhood = Neighborhood.objects.filter(name=fields["neighborhood"]).first()
    Location.objects.create(
        slug=slug, neighborhood=neighborhood, **{k: v for k, v in fields.items() if k != "neighborhood"}
    )


def _host(fields: dict) -> User:
    # Staff accounts in the Session hosts role only (no admin permissions): they publish slots and
    # see their own bookings at /events/host/ once they have set a password and a second factor.
    from moia.accounts.roles import SESSION_HOSTS

    return demo_user_ensure(fields["email"], staff=True, group=SESSION_HOSTS, full_name=fields["full_name"])


def _first(model, slugs: list[str]):
    found = {obj.slug: obj for obj in model.objects.filter(slug__in=slugs)}
    return next((found[slug] for slug in slugs if slug in found), None)


def _event(data: dict) -> Event:
    fields = {
        key: data[key]
        for key in ("category", "format", "booking", "requires_disclaimer", "online_url", "interpretation")
        if key in data
    }
    event, _created = Event.objects.update_or_create(
        slug=data["slug"],
        defaults={
            **localized("title", data["titles"], default=True),
            **localized("summary", {"en": data["summary"]}, default=True),
            **(localized("what_to_bring", data["what_to_bring"], default=True) if "what_to_bring" in data else {}),
            "is_published": True,
            "languages": data["languages"],
            "location": _first(Location, data.get("location", [])),
            "program": _first(Program, [data["program"]]),
            "service": _first(Service, [data["service"]]),
            "service_type": _first(ServiceType, [data["service_type"]]),
            **fields,
        },
    )
    return event


def _sessions(event: Event, schedule: dict, host: User | None) -> list[Session]:
    extra = {"host": host} if host else {}
    if event.sessions.filter(starts_at__gt=timezone.now(), **extra).exists():
        return []
    minutes = datetime.timedelta(minutes=schedule["minutes"])
    return Session.objects.bulk_create(
        Session(event=event, starts_at=start, ends_at=start + minutes, capacity=schedule["capacity"], **extra)
        for start in _starts(schedule)
    )


def _fill(session: Session, *, confirmed: int, waitlisted: int, start: int) -> None:
    now = timezone.now()
    for n in range(confirmed + waitlisted):
        number = start + n
        Registration.objects.create(
            session=session,
            name=f"Demo Resident {number:02d}",
            phone=f"+1617555{100 + number % 100:04d}",
            email=f"demo-resident-{number:02d}@example.org",
            language=RESIDENT_LANGUAGES[number % len(RESIDENT_LANGUAGES)],
            status=Registration.Status.CONFIRMED if n < confirmed else Registration.Status.WAITLISTED,
            waitlisted_at=None if n < confirmed else now + datetime.timedelta(seconds=n),
        )


@transaction.atomic
def seed(*, office: str, stdout) -> None:
    data = read(office, "events", missing={})
    for slug, fields in data.get("locations", {}).items():
        _location_ensure(slug, fields)
    hosts = {key: _host(fields) for key, fields in data.get("hosts", {}).items()}
    created = 0
    for event_data in data.get("events", []):
        event = _event(event_data)
        for schedule in event_data["sessions"]:
            new = _sessions(event, schedule, hosts.get(schedule.get("host", "")))
            created += len(new)
            if new and "fill_first" in schedule:
                _fill(new[0], **schedule["fill_first"])
    stdout.write(f"events: {Event.objects.count()} events, {created} new sessions")
