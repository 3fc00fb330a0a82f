"""Volunteer lawyers' pages played by the host and by an adversary: a host sees and records only
their own bookings, whatever ids or references they guess."""

import datetime

import pytest
from django.utils import timezone

from events.models import Event, Session
from tests.factories.accounts import UserFactory, staff_sign_in
from tests.factories.events_staff import (
    StaffEventFactory,
    StaffRegistrationFactory,
    StaffSessionFactory,
    host_user,
    hours_from_now,
)

pytestmark = pytest.mark.django_db

DISCLAIMER = "The City is not responsible for any advice received"


@pytest.fixture
def consultations(db):
    return StaffEventFactory(
        slug="phone-consultations", booking=Event.Booking.SLOTS, category=Event.Category.CONSULTATION
    )


@pytest.fixture
def two_hosts(consultations):
    alice, bruno = host_user(), host_user()
    mine = StaffSessionFactory(event=consultations, host=alice, capacity=1)
    theirs = StaffSessionFactory(event=consultations, host=bruno, capacity=1, starts_at=hours_from_now(30))
    booking_mine = StaffRegistrationFactory(session=mine, phone="617-555-0101", topic="Renewing a green card")
    booking_theirs = StaffRegistrationFactory(session=theirs, phone="617-555-0199", topic="A work permit question")
    return {"alice": alice, "bruno": bruno, "mine": booking_mine, "theirs": booking_theirs}


def test_a_host_sees_their_bookings_with_phone_and_topic_and_the_disclaimer(client, two_hosts):
    staff_sign_in(client, two_hosts["alice"])
    home = client.get("/en/events/host/").content.decode()
    assert DISCLAIMER in home
    assert "617-555-0101" in home
    assert "617-555-0199" not in home
    booking = client.get(f"/en/events/host/bookings/{two_hosts['mine'].reference}/").content.decode()
    assert "Renewing a green card" in booking
    assert DISCLAIMER in booking


def test_a_host_guessing_another_hosts_booking_or_slot_gets_nothing(client, two_hosts):
    staff_sign_in(client, two_hosts["alice"])
    theirs = two_hosts["theirs"]
    assert client.get(f"/en/events/host/bookings/{theirs.reference}/").status_code == 404
    response = client.post(f"/en/events/host/bookings/{theirs.reference}/", {"result": "advice"})
    assert response.status_code == 404
    assert not _has_outcome(theirs)
    assert client.post(f"/en/events/host/slots/{theirs.session_id}/withdraw/").status_code == 404
    assert Session.objects.get(pk=theirs.session_id).is_cancelled is False
    # Sequential ids next to one's own are no better.
    for pk in range(theirs.session_id - 3, theirs.session_id + 4):
        if pk != two_hosts["mine"].session_id:
            assert client.post(f"/en/events/host/slots/{pk}/withdraw/").status_code == 404


def _has_outcome(registration) -> bool:
    from events.models import RegistrationOutcome

    return RegistrationOutcome.objects.filter(registration=registration).exists()


def test_people_outside_the_role_are_kept_out(client, two_hosts):
    assert client.get("/en/events/host/").status_code == 302  # to the login page
    staff_sign_in(client, UserFactory())
    assert client.get("/en/events/host/").status_code == 403
    assert client.get(f"/en/events/host/bookings/{two_hosts['mine'].reference}/").status_code == 403


def test_a_host_without_a_second_factor_is_sent_to_set_one_up(client, two_hosts):
    client.post("/en/accounts/login/", {"login": two_hosts["alice"].email, "password": "correct-horse-battery"})
    response = client.get("/en/events/host/")
    assert response.status_code == 302
    assert "2fa" in response["Location"]


def test_a_host_publishes_an_hour_as_four_fifteen_minute_slots_of_their_own(client, consultations):
    alice = host_user()
    staff_sign_in(client, alice)
    day = timezone.localdate() + datetime.timedelta(days=3)
    response = client.post(
        "/en/events/host/availability/",
        {"event": consultations.pk, "day": day.isoformat(), "start": "10:00", "end": "11:00"},
    )
    assert response.status_code == 302
    slots = Session.objects.filter(event=consultations, host=alice).order_by("starts_at")
    assert [s.capacity for s in slots] == [1, 1, 1, 1]
    assert all((s.ends_at - s.starts_at) == datetime.timedelta(minutes=15) for s in slots)
    # Sent twice (a double click): no second set.
    client.post(
        "/en/events/host/availability/",
        {"event": consultations.pk, "day": day.isoformat(), "start": "10:00", "end": "11:00"},
    )
    assert slots.count() == 4


def test_a_bad_availability_is_refused_with_the_typed_values_kept(client, consultations):
    staff_sign_in(client, host_user())
    response = client.post(
        "/en/events/host/availability/",
        {"event": consultations.pk, "day": "not a date", "start": "11:00", "end": "10:00"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Error:" in page
    assert 'value="not a date"' in page
    assert not Session.objects.exists()


def test_a_booked_slot_cannot_be_withdrawn(client, two_hosts):
    staff_sign_in(client, two_hosts["alice"])
    client.post(f"/en/events/host/slots/{two_hosts['mine'].session_id}/withdraw/")
    assert Session.objects.get(pk=two_hosts["mine"].session_id).is_cancelled is False
