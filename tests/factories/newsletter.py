import factory
from django.utils import timezone

from newsletter.models import Issue, Subscriber, Topic
from newsletter.selectors import email_hash


class SubscriberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Subscriber

    email = factory.Sequence(lambda n: f"reader{n}@example.org")
    email_hash = factory.LazyAttribute(lambda o: email_hash(o.email))
    language = "en"
    topics = factory.LazyFunction(lambda: list(Topic.values))
    status = Subscriber.Status.ACTIVE
    confirmed_at = factory.LazyFunction(timezone.now)


class IssueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Issue

    subject_en = "This week at the office"
    body_en = "Free legal clinics every Tuesday. https://example.org/clinics"
