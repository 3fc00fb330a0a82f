"""Issue 18 item 16: a printed list is read away from the screen, so each service on it carries
the phone number to call and the opening hours, in the page's language."""

import pytest
from django.core import mail
from django.test import override_settings
from django.utils import translation

from tests.factories import directory as d

pytestmark = pytest.mark.django_db


@pytest.fixture
def clinic(office):
    service = d.ServiceFactory(slug="rights-clinic", name_en="Rights clinic")
    d.PhoneFactory(service=service, number="+1 617 555 0109")
    d.ScheduleFactory(service=service, byday="MO,WE", opens_at="09:00", closes_at="17:00")
    return service


def test_the_printed_list_gives_each_service_its_phone_and_opening_hours(client, clinic):
    page = client.get("/en/directory/print/").content.decode()
    assert "Rights clinic" in page
    assert '<bdi dir="ltr" class="directory-phone">+1 617 555 0109</bdi>' in page
    assert "Opening hours: Monday, Wednesday" in page


def test_in_somali_the_printed_list_names_the_phone_and_days_in_somali(client, clinic):
    page = client.get("/so/directory/print/").content.decode()
    with translation.override("so"):
        phone, hours = translation.gettext("Phone"), translation.gettext("Opening hours")
    assert phone != "Phone"
    assert f"{phone}:" in page
    assert f"{hours}:" in page
    assert "+1 617 555 0109" in page
    assert "Monday" not in page


def test_the_printed_list_does_not_ask_the_database_once_per_service(client, office, django_assert_max_num_queries):
    for n in range(15):
        service = d.ServiceFactory(slug=f"clinic-{n}")
        d.PhoneFactory(service=service)
        d.ScheduleFactory(service=service)
    with django_assert_max_num_queries(14):
        assert client.get("/en/directory/print/").status_code == 200


@override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
def test_the_emailed_list_gives_each_service_its_phone_and_opening_hours(
    client, clinic, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/en/directory/email/", {"email": "resident@example.org"})
    body = mail.outbox[0].body
    assert "Phone: +1 617 555 0109" in body
    assert "Opening hours: Monday, Wednesday 9:00" in body


@override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
def test_in_somali_the_emailed_list_names_the_phone_and_days_in_somali(
    client, clinic, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/so/directory/email/", {"email": "resident@example.org"})
    body = mail.outbox[0].body
    with translation.override("so"):
        phone, hours = translation.gettext("Phone"), translation.gettext("Opening hours")
    assert f"{phone}: +1 617 555 0109" in body
    assert f"{hours}: " in body
    assert "Monday" not in body
