"""Events, sessions and registrations for the staff-side tests (the resident side has its own)."""

import datetime

import factory
from django.utils import timezone

from events.models import Event, Registration, Session
from tests.factories.accounts import UserFactory


def hours_from_now(hours: float) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(hours=hours)


class StaffEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    slug = factory.Sequence(lambda n: f"event-{n}")
    title = factory.Sequence(lambda n: f"Event {n}")
    category = Event.Category.TRAINING
    is_published = True


class StaffSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    event = factory.SubFactory(StaffEventFactory)
    starts_at = factory.LazyFunction(lambda: hours_from_now(24))
    ends_at = factory.LazyAttribute(lambda s: s.starts_at + datetime.timedelta(minutes=60))
    capacity = 20


class StaffRegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    session = factory.SubFactory(StaffSessionFactory)
    name = factory.Sequence(lambda n: f"Resident {n}")
    phone = factory.Sequence(lambda n: f"617-555-{n:04d}")
    language = "en"


def host_user(**kwargs):
    """A volunteer lawyer's account: the Session hosts role, no admin access."""
    return UserFactory(roles=["Session hosts"], **kwargs)
