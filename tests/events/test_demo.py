import io

import pytest
from django.utils import timezone

from demo.events import seed
from events.models import Event, Registration, Session


@pytest.mark.django_db
def test_demo_events_are_upcoming_some_full_with_a_waitlist_and_seeding_twice_adds_nothing():
    seed(office="boston", stdout=io.StringIO())
    sessions = Session.objects.count()
    assert Session.objects.filter(starts_at__lt=timezone.now()).count() == 0
    assert Event.objects.filter(booking="slots", requires_disclaimer=True).exists()
    assert Session.objects.filter(event__slug="phone-immigration-consultations").values("host").distinct().count() == 2
    assert Registration.objects.filter(status="waitlisted").exists()
    seed(office="boston", stdout=io.StringIO())
    assert Session.objects.count() == sessions
    seed(office="baltimore", stdout=io.StringIO())
    assert Event.objects.filter(slug__startswith="baltimore-").count() == 3
