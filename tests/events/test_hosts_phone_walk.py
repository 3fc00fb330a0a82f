"""The staff side walked in the real browser at phone width: a volunteer lawyer in Somali and in
Arabic, the door's check-in screen, and the admin's day of slots. Each page is checked with axe
(WCAG 2.1 AA) and for sideways scrolling; screenshots go to docs/screenshots/events/ when
SCREENSHOTS=1."""

import datetime
import os
from pathlib import Path

import pytest
from django.utils import timezone

from events.models import Event
from tests.e2e.axe import axe_violations, describe
from tests.e2e.journeys_helpers import sign_in
from tests.factories.accounts import StaffFactory, totp_enable
from tests.factories.events_staff import StaffEventFactory, StaffRegistrationFactory, StaffSessionFactory, host_user

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.e2e]
SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots" / "events"


def snap(page, name: str) -> None:
    if os.environ.get("SCREENSHOTS"):
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def fits_the_phone(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


@pytest.mark.parametrize("language", ["so", "ar"])
def test_a_volunteer_lawyer_sees_their_bookings_on_a_phone(phone, office, language):
    event = StaffEventFactory(
        title="Phone immigration consultations", booking=Event.Booking.SLOTS, category=Event.Category.CONSULTATION
    )
    lawyer = host_user(preferred_language=language)
    secret = totp_enable(lawyer)
    tomorrow = timezone.localtime().replace(hour=10, minute=0, second=0, microsecond=0) + datetime.timedelta(days=1)
    for index in range(3):
        starts = tomorrow + datetime.timedelta(minutes=15 * index)
        slot = StaffSessionFactory(
            event=event, host=lawyer, capacity=1, starts_at=starts, ends_at=starts + datetime.timedelta(minutes=15)
        )
        if index < 2:
            StaffRegistrationFactory(session=slot, name=["Hodan A.", "Karim B."][index], phone=f"617-555-01{index:02d}")
    sign_in(phone, email=lawyer.email, secret=secret)
    phone.goto(f"/{language}/events/host/")
    assert phone.locator("h1").count() == 1
    assert "617-555-0100" in phone.content()
    assert fits_the_phone(phone)
    violations = axe_violations(phone)
    assert not violations, describe(violations)
    snap(phone, f"host-phone-{language}")


def test_the_door_checks_people_in_on_a_phone(phone, office):
    staff = StaffFactory(roles=["Event staff"])
    secret = totp_enable(staff)
    now = timezone.localtime()
    session = StaffSessionFactory(
        event__title="Citizenship Day", starts_at=now + datetime.timedelta(minutes=30), capacity=40
    )
    for name in ("María Gonçalves", "Trần Văn An", "Abdi Hassan"):
        StaffRegistrationFactory(session=session, name=name)
    sign_in(phone, email=staff.email, secret=secret)
    phone.goto(f"/admin/events/session/{session.pk}/checkin/")
    phone.get_by_role("button", name="Check in").first.click()
    phone.wait_for_load_state()
    assert phone.get_by_text("1 checked in").count() >= 1
    assert fits_the_phone(phone)
    snap(phone, "checkin-phone")


def test_a_day_of_slots_in_two_clicks_in_the_admin(page, office):
    staff = StaffFactory(roles=["Event staff"])
    secret = totp_enable(staff)
    event = StaffEventFactory(title="Citizenship Day", booking=Event.Booking.SLOTS)
    sign_in(page, email=staff.email, secret=secret)
    page.goto(f"/admin/events/event/{event.pk}/change/")
    page.get_by_role("link", name="Add a day of slots").click()
    snap(page, "admin-bulk-slots")
    page.get_by_role("button", name="Add the slots").click()
    page.wait_for_load_state()
    assert event.sessions.count() == 14
