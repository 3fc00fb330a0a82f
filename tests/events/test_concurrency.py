"""Residents booking at the same moment, each on their own connection: the session row lock
serves them one at a time, so a slot has one holder and a session never holds more than it seats."""

import pytest
from django.core.exceptions import ValidationError
from django.db.models import Sum

from events.models import Registration
from events.services import registration_create
from tests.concurrency import at_once
from tests.factories.events import EventFactory, SessionFactory, SlotEventFactory


def _book_at_once(session, count: int, **extra) -> list:
    outcomes = []

    def book(n):
        try:
            registration = registration_create(
                session=session,
                data={"name": f"R{n}", "phone": f"+1617555{n:04d}", "party_size": extra.get("party_size", 1)},
                disclaimer_accepted=True,
            )
            outcomes.append(registration.status)
        except ValidationError:
            outcomes.append("refused")

    at_once(book, count)
    return outcomes


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_residents_booking_the_same_slot_at_once_one_gets_it():
    slot = SessionFactory(event=SlotEventFactory(), capacity=1)
    outcomes = _book_at_once(slot, 2)
    assert sorted(outcomes) == ["confirmed", "refused"]
    assert Registration.objects.filter(session=slot).count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_many_residents_racing_for_the_last_seats_never_overbook():
    session = SessionFactory(event=EventFactory(), capacity=3)
    outcomes = _book_at_once(session, 6)
    assert outcomes.count("confirmed") == 3
    assert outcomes.count("waitlisted") == 3
    seated = Registration.objects.filter(session=session, status="confirmed").aggregate(n=Sum("party_size"))["n"]
    assert seated == 3
