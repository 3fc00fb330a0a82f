"""The calendar feeds parse back as RFC 5545 with the office's time zone; reminders go out once,
the day before; personal data is purged on the intakes' schedule and attendance does not change."""

import datetime
import zoneinfo

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from events.models import Registration
from events.selectors import attendance_count
from events.services import registrations_purge_expired, registrations_remind
from events.tokens import registration_token
from tests.factories.events import EventFactory, RegistrationFactory, SessionFactory, SlotEventFactory

NEW_YORK = zoneinfo.ZoneInfo("America/New_York")


@pytest.mark.django_db
def test_event_feed_parses_back_with_timezone_and_every_session(client):
    event = EventFactory(title_en="Citizenship Day")
    start = timezone.make_aware(datetime.datetime(2027, 7, 10, 9, 30), NEW_YORK)
    SessionFactory(event=event, starts_at=start, ends_at=start + datetime.timedelta(hours=2))
    SessionFactory(event=event, starts_at=start + datetime.timedelta(days=7))
    response = client.get(f"/events/{event.slug}.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["America/New_York"]
    events = calendar.walk("VEVENT")
    assert len(events) == 2
    first = min(events, key=lambda e: e.decoded("DTSTART"))
    assert first.decoded("DTSTART") == start
    assert first["DTSTART"].params["TZID"] == "America/New_York"
    assert str(first["SUMMARY"]) == "Citizenship Day"
    assert len({str(e["UID"]) for e in events}) == 2


@pytest.mark.django_db
def test_all_events_feed_lists_a_day_of_slots_once(client):
    slots = SlotEventFactory()
    start = timezone.now().replace(microsecond=0) + datetime.timedelta(days=2)
    for n in range(4):
        begin = start + datetime.timedelta(minutes=15 * n)
        SessionFactory(event=slots, starts_at=begin, ends_at=begin + datetime.timedelta(minutes=15), capacity=1)
    SessionFactory(event=EventFactory())
    SessionFactory(event=EventFactory(is_published=False))
    calendar = Calendar.from_ical(client.get("/events.ics").content)
    events = calendar.walk("VEVENT")
    assert len(events) == 2
    day = next(e for e in events if str(e["SUMMARY"]) == slots.title)
    assert day.decoded("DTEND") - day.decoded("DTSTART") == datetime.timedelta(hours=1)


@pytest.mark.django_db
def test_a_residents_own_calendar_file_needs_their_link(client):
    registration = RegistrationFactory()
    response = client.get(reverse("events:booking_ics", kwargs={"token": registration_token(registration)}))
    assert len(Calendar.from_ical(response.content).walk("VEVENT")) == 1
    assert client.get(reverse("events:booking_ics", kwargs={"token": "nope"})).status_code == 404


@pytest.mark.django_db
def test_reminder_goes_once_the_day_before_in_the_residents_language(django_capture_on_commit_callbacks):
    now = timezone.make_aware(datetime.datetime(2027, 3, 9, 16, 5), NEW_YORK)
    tomorrow = SessionFactory(starts_at=now + datetime.timedelta(hours=20))
    later = SessionFactory(starts_at=now + datetime.timedelta(days=3))
    RegistrationFactory(session=tomorrow, email="a@example.org", language="es")
    RegistrationFactory(session=tomorrow, email="gone@example.org", status="cancelled")
    RegistrationFactory(session=later, email="b@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        assert registrations_remind(now=now) == 1
        assert registrations_remind(now=now) == 0
    assert [m.to for m in mail.outbox] == [["a@example.org"]]
    assert mail.outbox[0].subject.startswith("Recordatorio")


@pytest.mark.django_db
@override_settings(PII_RETENTION_MONTHS=24)
def test_purge_blanks_contact_details_after_retention_and_attendance_stays_identical(client):
    now = timezone.now()
    old = SessionFactory(starts_at=now - datetime.timedelta(days=800), ends_at=now - datetime.timedelta(days=799))
    recent = SessionFactory(starts_at=now - datetime.timedelta(days=10), ends_at=now - datetime.timedelta(days=9))
    came = RegistrationFactory(session=old, party_size=3, email="x@example.org", topic="asylum", checked_in_at=now)
    RegistrationFactory(session=old, checked_in_at=now, walk_in=True)
    RegistrationFactory(session=old)  # registered, did not come
    kept = RegistrationFactory(session=recent, checked_in_at=now)
    token = registration_token(came)
    before = attendance_count()
    assert registrations_purge_expired(now=now) == 3
    assert attendance_count() == before == {"registrations": 3, "people": 5}
    came.refresh_from_db()
    kept.refresh_from_db()
    assert (came.name, came.phone, came.email, came.topic) == (None, None, None, None)
    assert came.personal_data_purged_at is not None
    assert kept.name == "A. R."
    assert client.get(reverse("events:booking", kwargs={"token": token})).status_code == 404
    assert registrations_purge_expired(now=now) == 0


@pytest.mark.django_db
def test_contact_details_are_not_readable_in_the_database():
    from django.db import connection

    registration = RegistrationFactory(email="secret@example.org", phone="+16175550199")
    with connection.cursor() as cursor:
        cursor.execute("SELECT email, phone FROM events_registration WHERE id = %s", [registration.pk])
        email, phone = cursor.fetchone()
    assert "secret" not in email
    assert "5550199" not in phone
    assert Registration.objects.get().email == "secret@example.org"
