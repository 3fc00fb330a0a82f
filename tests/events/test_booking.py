"""A resident finds an event, registers, gets a reference and a private link, changes and cancels;
a full session offers the waitlist and a cancellation gives the seat to the next person."""

import datetime
import re

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone, translation

from events import sms
from events.models import Registration
from tests.factories.events import EventFactory, RegistrationFactory, SessionFactory, SlotEventFactory

MEMORY_SMS = "events.sms.MemorySMSBackend"


def _key(client, url) -> str:
    return re.search(r'name="idempotency_key" value="([^"]+)"', client.get(url).content.decode()).group(1)


def _register(client, session, **data):
    url = reverse("events:detail", kwargs={"slug": session.event.slug})
    form = {
        "session": session.pk,
        "name": "Amina",
        "phone": "",
        "email": "amina@example.org",
        "language": "so",
        "party_size": "1",
        "idempotency_key": _key(client, url),
        **data,
    }
    return client.post(url, form)


@pytest.mark.django_db
def test_resident_registers_and_sees_reference_and_private_link(client, django_capture_on_commit_callbacks):
    session = SessionFactory()
    with django_capture_on_commit_callbacks(execute=True):
        response = _register(client, session)
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert registration.status == Registration.Status.CONFIRMED
    page = client.get(response["Location"])
    assert registration.reference in page.content.decode()
    # The confirmation went out in the resident's language with the calendar file attached.
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["amina@example.org"]
    assert registration.reference in message.body
    assert response["Location"].split("/events/", 1)[1] in message.body
    assert any(name == "event.ics" for name, _content, _type in message.attachments)


@pytest.mark.django_db
def test_double_click_registers_once(client):
    session = SessionFactory()
    url = reverse("events:detail", kwargs={"slug": session.event.slug})
    form = {"session": session.pk, "name": "A", "email": "a@example.org", "language": "en", "party_size": "1"}
    form["idempotency_key"] = _key(client, url)
    first, second = client.post(url, form), client.post(url, form)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Registration.objects.count() == 1


@pytest.mark.django_db
def test_without_phone_or_email_the_form_explains_and_keeps_what_was_typed(client):
    session = SessionFactory()
    response = _register(client, session, email="", name="Thi Lan")
    assert response.status_code == 400
    content = response.content.decode()
    assert "Give a phone number or an email address" in content
    assert 'value="Thi Lan"' in content
    assert "<title>Error:" in content
    assert not Registration.objects.exists()


@pytest.mark.django_db
def test_a_phone_number_is_checked_and_kept_in_international_form(client):
    session = SessionFactory()
    assert _register(client, session, email="", phone="12345").status_code == 400
    assert _register(client, session, email="", phone="(617) 635-2980").status_code == 302
    assert Registration.objects.get().phone == "+16176352980"


@pytest.mark.django_db
def test_honeypot_pretends_and_registers_nobody(client):
    session = SessionFactory()
    response = _register(client, session, website="http://spam.example")
    assert response.status_code == 200
    assert not Registration.objects.exists()


@pytest.mark.django_db
def test_full_session_puts_the_next_person_on_the_waitlist_and_a_cancellation_promotes_them(
    client, django_capture_on_commit_callbacks
):
    session = SessionFactory(capacity=2)
    RegistrationFactory(session=session, party_size=2)
    with django_capture_on_commit_callbacks(execute=True):
        _register(client, session, email="waiting@example.org")
    waiting = Registration.objects.order_by("pk").last()  # encrypted: found by order, not by email
    assert waiting.email == "waiting@example.org"
    assert waiting.status == Registration.Status.WAITLISTED
    assert "liiska sugitaanka" in mail.outbox[-1].subject  # "waitlist", in the Somali they chose
    holder = Registration.objects.exclude(pk=waiting.pk).get()
    from events.tokens import registration_token

    token = registration_token(holder)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("events:cancel", kwargs={"token": token}))
    holder.refresh_from_db()
    waiting.refresh_from_db()
    assert holder.status == Registration.Status.CANCELLED
    assert waiting.status == Registration.Status.CONFIRMED
    assert [m.to for m in mail.outbox if "Boos ayaa kuu banaanaaday" in m.subject] == [["waiting@example.org"]]


@pytest.mark.django_db
def test_a_taken_time_slot_cannot_be_booked_again(client):
    event = SlotEventFactory()
    slot = SessionFactory(event=event, capacity=1)
    first = _register(client, slot, phone="617-635-2980", email="", disclaimer="on", topic="renewal")
    assert first.status_code == 302
    client.cookies.clear()
    # A second resident who still had the page open sends the same slot.
    url = reverse("events:detail", kwargs={"slug": event.slug})
    response = client.post(
        url,
        {"session": slot.pk, "name": "B", "phone": "617-635-2981", "language": "en", "disclaimer": "on"},
    )
    assert response.status_code == 400  # no longer offered: a taken slot leaves the list
    assert Registration.objects.filter(session=slot).count() == 1


@pytest.mark.django_db
def test_a_consultation_needs_the_disclaimer_accepted_and_a_phone(client):
    event = SlotEventFactory()
    slot = SessionFactory(event=event, capacity=1)
    page = client.get(reverse("events:detail", kwargs={"slug": event.slug})).content.decode()
    assert "The City is not responsible for any advice received" in page
    response = _register(client, slot, email="a@example.org")
    content = response.content.decode()
    assert response.status_code == 400
    assert "accept the disclaimer" in content
    assert "Give the phone number we should call" in content
    assert not Registration.objects.exists()


@pytest.mark.django_db
@override_settings(SMS_BACKEND=MEMORY_SMS)
def test_only_a_phone_given_means_the_confirmation_comes_by_text_in_their_language(
    client, django_capture_on_commit_callbacks
):
    sms.outbox.clear()
    session = SessionFactory()
    with django_capture_on_commit_callbacks(execute=True):
        _register(client, session, email="", phone="617-635-2980", language="es")
    registration = Registration.objects.get()
    assert len(sms.outbox) == 1
    assert sms.outbox[0]["to"] == "+16176352980"
    assert registration.reference in sms.outbox[0]["body"]
    with translation.override("es"):
        assert str(translation.gettext("You are registered:")) in sms.outbox[0]["body"]
    assert not mail.outbox


@pytest.mark.django_db
def test_resident_changes_to_another_session_and_the_old_seat_goes_to_the_waitlist(client):
    event = EventFactory()
    first = SessionFactory(event=event, capacity=1)
    later = SessionFactory(event=event, capacity=5, starts_at=first.starts_at + datetime.timedelta(days=7))
    mine = RegistrationFactory(session=first)
    waiting = RegistrationFactory(session=first, status="waitlisted", waitlisted_at=timezone.now())
    from events.tokens import registration_token

    token = registration_token(mine)
    response = client.post(reverse("events:change", kwargs={"token": token}), {"session": later.pk, "party_size": "2"})
    assert response.status_code == 302
    mine.refresh_from_db()
    waiting.refresh_from_db()
    assert (mine.session, mine.party_size, mine.status) == (later, 2, "confirmed")
    assert waiting.status == "confirmed"


@pytest.mark.django_db
def test_a_forged_or_altered_link_opens_nothing(client):
    registration = RegistrationFactory()
    assert client.get(reverse("events:booking", kwargs={"token": registration.reference})).status_code == 404
    from events.tokens import registration_token

    token = registration_token(registration)
    assert client.get(reverse("events:booking", kwargs={"token": token[:-2] + "xx"})).status_code == 404
    assert client.get(reverse("events:booking", kwargs={"token": token})).status_code == 200


@pytest.mark.django_db
def test_past_and_cancelled_sessions_are_not_offered(client):
    event = EventFactory()
    SessionFactory(event=event, starts_at=timezone.now() - datetime.timedelta(hours=2))
    SessionFactory(event=event, is_cancelled=True)
    page = client.get(reverse("events:detail", kwargs={"slug": event.slug})).content.decode()
    assert 'name="session"' not in page
    draft = EventFactory(is_published=False)
    assert client.get(reverse("events:detail", kwargs={"slug": draft.slug})).status_code == 404


@pytest.mark.django_db
def test_time_slots_are_shown_one_day_at_a_time_and_a_later_day_can_be_booked(client):
    event = SlotEventFactory()
    first = SessionFactory(event=event, capacity=1)
    later = SessionFactory(event=event, capacity=1, starts_at=first.starts_at + datetime.timedelta(days=5))
    url = reverse("events:detail", kwargs={"slug": event.slug})
    page = client.get(url).content.decode()
    assert f'value="{first.pk}"' in page
    assert f'value="{later.pk}"' not in page
    day = timezone.localtime(later.starts_at).date().isoformat()
    assert f'value="{later.pk}"' in client.get(url, {"day": day}).content.decode()
    response = client.post(
        url,
        {
            "day": day,
            "session": later.pk,
            "name": "B",
            "phone": "617-635-2981",
            "language": "en",
            "disclaimer": "on",
            "idempotency_key": _key(client, url),
        },
    )
    assert response.status_code == 302
    assert Registration.objects.get().session == later


@pytest.mark.django_db
def test_a_flood_of_registrations_from_one_connection_is_slowed_and_keeps_what_was_typed(client):
    """A script registering fake people to fill the seats is stopped at the shared public-form
    limit; a resident caught by it sees why, with the form as typed."""
    session = SessionFactory(capacity=100)
    from events.views import REGISTER_RATE

    allowed = int(REGISTER_RATE.split("/")[0])
    for n in range(allowed):
        assert _register(client, session, email=f"person{n}@example.org").status_code == 302
    response = _register(client, session, email="late@example.org", name="Thi Lan")
    assert response.status_code == 429
    content = response.content.decode()
    assert "Too many registrations were sent from this connection" in content
    assert 'value="Thi Lan"' in content
    assert Registration.objects.count() == allowed
