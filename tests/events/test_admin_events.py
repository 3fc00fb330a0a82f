"""The events admin as staff use it: a day of slots in two clicks, registrations exported safely,
and a message reaching each registrant in their own language."""

import datetime

import pytest

from events.models import Session
from tests.factories.accounts import StaffFactory, staff_sign_in
from tests.factories.events_staff import StaffEventFactory, StaffRegistrationFactory, StaffSessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client):
    user = StaffFactory(roles=["Event staff"])
    staff_sign_in(client, user)
    return user


def test_a_day_of_thirty_minute_slots_from_nine_to_four_in_two_clicks(client, staff):
    event = StaffEventFactory(title="Citizenship Day")
    # Click 1: "Add a day of slots" on the event; the form comes filled in.
    page = client.get(f"/admin/events/event/{event.pk}/slots/")
    assert page.status_code == 200
    form = page.context["form"]
    day = form.initial["day"]
    # Click 2: submit the defaults as they are.
    data = {"day": day.isoformat(), "start": "09:00", "end": "16:00", "minutes": "30", "capacity": "1", "host": ""}
    assert str(form["start"].value()) == "09:00:00"
    assert form["minutes"].value() == 30
    response = client.post(f"/admin/events/event/{event.pk}/slots/", data)
    assert response.status_code == 302
    slots = list(Session.objects.filter(event=event).order_by("starts_at"))
    assert len(slots) == 14
    first = slots[0].starts_at.astimezone(datetime.UTC)
    assert slots[-1].ends_at - slots[0].starts_at == datetime.timedelta(hours=7)
    assert first.minute == 0
    # The same form sent again adds nothing.
    client.post(f"/admin/events/event/{event.pk}/slots/", data)
    assert Session.objects.filter(event=event).count() == 14


def test_an_end_before_the_start_is_refused(client, staff):
    event = StaffEventFactory()
    response = client.post(
        f"/admin/events/event/{event.pk}/slots/",
        {"day": "2030-01-02", "start": "16:00", "end": "09:00", "minutes": "30", "capacity": "1"},
    )
    assert response.status_code == 200
    assert not Session.objects.exists()


def test_the_registrations_export_neutralises_spreadsheet_formulas(client, staff):
    registration = StaffRegistrationFactory(name='=HYPERLINK("http://evil.example","x")')
    response = client.post(
        "/admin/events/registration/",
        {"action": "action_export_csv", "_selected_action": [registration.pk]},
    )
    body = b"".join(response.streaming_content).decode()
    assert registration.reference in body
    assert "'=HYPERLINK" in body


def test_a_message_reaches_each_registrant_in_their_own_language(
    client, staff, mailoutbox, django_capture_on_commit_callbacks
):
    session = StaffSessionFactory(event__title="Know Your Rights")
    StaffRegistrationFactory(session=session, email="ana@example.org", language="es")
    StaffRegistrationFactory(session=session, email="li@example.org", language="zh-hans")
    StaffRegistrationFactory(session=session, email="gone@example.org", status="cancelled")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/admin/events/session/{session.pk}/message/",
            {"text_en": "The room changed to 2B.", "text_es": "La sala cambió a 2B."},
        )
    assert response.status_code == 302
    by_address = {m.to[0]: m for m in mailoutbox}
    assert set(by_address) == {"ana@example.org", "li@example.org"}
    assert "La sala cambió a 2B." in by_address["ana@example.org"].body
    # No Chinese text was written: the English goes, inside a Chinese frame.
    assert "The room changed to 2B." in by_address["li@example.org"].body
    assert "The room changed" not in by_address["ana@example.org"].body


def test_staff_cannot_edit_a_registrations_status_or_check_in_in_the_change_form(client, staff):
    registration = StaffRegistrationFactory()
    page = client.get(f"/admin/events/registration/{registration.pk}/change/")
    assert page.status_code == 200
    assert 'name="status"' not in page.content.decode()
    assert 'name="checked_in_at"' not in page.content.decode()
