import datetime

import factory
from django.utils import timezone

from events.models import Event, Registration, Session


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    slug = factory.Sequence(lambda n: f"event-{n}")
    title_en = factory.Sequence(lambda n: f"Know Your Rights training {n}")
    title = factory.SelfAttribute("title_en")
    summary_en = "Learn what to do if immigration agents come to your door."
    summary = factory.SelfAttribute("summary_en")
    category = Event.Category.TRAINING
    format = Event.Format.IN_PERSON
    languages = factory.LazyFunction(lambda: ["en"])
    is_published = True


class SlotEventFactory(EventFactory):
    title_en = factory.Sequence(lambda n: f"Phone consultation {n}")
    category = Event.Category.CONSULTATION
    format = Event.Format.PHONE
    booking = Event.Booking.SLOTS
    requires_disclaimer = True


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    event = factory.SubFactory(EventFactory)
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=3))
    ends_at = factory.LazyAttribute(lambda session: session.starts_at + datetime.timedelta(hours=1))
    capacity = 20


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    session = factory.SubFactory(SessionFactory)
    name = "A. R."
    phone = "+16175550100"
    language = "en"
    status = Registration.Status.CONFIRMED
