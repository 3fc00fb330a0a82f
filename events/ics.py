"""Calendar files (RFC 5545) for one registration, one event or every upcoming session.

Built with icalendar; times are written in America/New_York with its VTIMEZONE (generated from
the zoneinfo database), so a calendar app far away still shows the office's local time right.
"""

import zoneinfo
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, Timezone

PRODID = "-//City Office for Immigrant Advancement//Events//EN"


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    now = timezone.now()
    calendar.add_component(
        Timezone.from_tzinfo(
            zoneinfo.ZoneInfo(settings.TIME_ZONE),
            first_date=(now - timedelta(days=366)).date(),
            last_date=(now + timedelta(days=3 * 366)).date(),
        )
    )
    return calendar


def _place(session) -> str:
    place = session.place
    if place is not None:
        return ", ".join(part for part in (place.name, place.address_line()) if part)
    return str(session.event.get_format_display())


def _vevent(session, *, url: str, uid_suffix: str = "") -> Event:
    local = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    event = session.event
    vevent = Event()
    domain = settings.SITE_URL.split("//", 1)[-1].split("/", 1)[0]
    vevent.add("uid", f"session-{session.pk}{uid_suffix}@{domain}")
    vevent.add("dtstamp", timezone.now())
    vevent.add("dtstart", session.starts_at.astimezone(local))
    vevent.add("dtend", session.ends_at.astimezone(local))
    vevent.add("summary", event.title)
    description = "\n\n".join(part for part in (event.summary, event.online_url, url) if part)
    vevent.add("description", description)
    vevent.add("location", _place(session))
    vevent.add("url", url)
    vevent.add("status", "CANCELLED" if session.is_cancelled else "CONFIRMED")
    return vevent


@dataclass
class _SlotDay:
    """A day of one-person time slots, shown in a feed as one entry from the first to the last."""

    pk: str
    event: object
    starts_at: object
    ends_at: object
    place: object
    is_cancelled: bool = False


def _collapse_slots(sessions) -> list:
    days: dict = {}
    entries = []
    for session in sessions:
        if not session.event.is_slots:
            entries.append(session)
            continue
        key = (session.event.pk, timezone.localtime(session.starts_at).date())
        day = days.get(key)
        if day is None:
            day = days[key] = _SlotDay(
                pk=f"day-{key[0]}-{key[1]:%Y%m%d}",
                event=session.event,
                starts_at=session.starts_at,
                ends_at=session.ends_at,
                place=session.place,
            )
            entries.append(day)
        day.starts_at = min(day.starts_at, session.starts_at)
        day.ends_at = max(day.ends_at, session.ends_at)
    return entries


def calendar_for_sessions(sessions, *, name: str) -> bytes:
    """A feed: every session, and a day of time slots as one entry (a feed says when, not who)."""
    calendar = _calendar(name)
    for session in _collapse_slots(sessions):
        url = settings.SITE_URL + session.event.get_absolute_url()
        calendar.add_component(_vevent(session, url=url))
    return calendar.to_ical()


def calendar_for_registration(registration, *, url: str) -> bytes:
    """The resident's own appointment: one event, with their private link to change it."""
    calendar = _calendar(registration.session.event.title)
    calendar.add_component(_vevent(registration.session, url=url, uid_suffix=f"-{registration.reference}"))
    return calendar.to_ical()
