"""A City department that has not answered a data request is reminded a set number of days before
its due date and on it: once a step, in the request's language, with the link it was sent, and
never after it answered or the request was withdrawn."""

import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from reports.models import DepartmentRequestEvent
from reports.selectors import office_today
from reports.services import (
    department_request_answer,
    department_request_send,
    department_request_withdraw,
    department_requests_remind,
)
from tests.concurrency import at_once
from tests.factories.accounts import StaffFactory, staff_sign_in
from tests.factories.reports import DepartmentRequestFactory

pytestmark = pytest.mark.django_db

# Three weeks ahead of the office's today: the request can be sent, and every reminder day is
# walked with an explicit `today`, so no clock is mocked.
DUE = office_today() + datetime.timedelta(days=21)


@pytest.fixture
def editor(db):
    return StaffFactory(roles=["Report editors"])


@pytest.fixture
def sent_request(editor, django_capture_on_commit_callbacks):
    """A request in Spanish, sent, due in three weeks; the department has not answered."""
    data_request = DepartmentRequestFactory(due_on=DUE, language="es", contact_email="olca@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        department_request_send(request=data_request, by=editor)
    return data_request


def remind(today, django_capture_on_commit_callbacks) -> list:
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        department_requests_remind(today=today)
    return list(mail.outbox)


def link_in(body: str) -> str:
    return "/" + re.search(r"https?://[^/\s]+/(\S+/reports/departments/\S+/)", body).group(1)


def reminder_days(django_capture_on_commit_callbacks) -> dict[int, list]:
    """The days (counted from the due date) on which a reminder went out, from four weeks before to a week after."""
    sent = {}
    for offset in range(-28, 8):
        messages = remind(DUE + datetime.timedelta(days=offset), django_capture_on_commit_callbacks)
        if messages:
            sent[offset] = messages
    return sent


def test_a_department_is_reminded_a_week_before_and_on_the_due_date_in_its_language(
    sent_request, client, django_capture_on_commit_callbacks
):
    sent = reminder_days(django_capture_on_commit_callbacks)
    assert sorted(sent) == [-7, 0]
    before, due = sent[-7][0], sent[0][0]
    assert [before.to, due.to] == [["olca@example.org"], ["olca@example.org"]]
    # In Spanish, the request's language: what is asked, by when, and the link to answer.
    assert "Recordatorio" in before.subject
    assert "hoy" in due.subject
    for text in ("Oficina de Acceso Lingüístico", "Solicitudes de interpretación atendidas", "Documentos traducidos"):
        assert text in before.body
    with translation.override("es"):
        assert date_format(DUE) in before.body
    page = client.get(link_in(due.body))
    assert page.status_code == 200
    assert 'name="name"' in page.content.decode()
    # Recorded as the portal's doing: when, which step, for which due date, and no person.
    events = DepartmentRequestEvent.objects.filter(request=sent_request).exclude(action="sent")
    assert [(e.action, e.reminded_for_due_on, e.by, e.by_name) for e in events] == [
        ("reminded_before", DUE, None, ""),
        ("reminded_due", DUE, None, ""),
    ]


def test_the_days_before_come_from_the_setting_and_0_leaves_only_the_due_date(
    sent_request, settings, django_capture_on_commit_callbacks
):
    settings.DEPARTMENT_REMINDER_DAYS_BEFORE = 3
    assert sorted(reminder_days(django_capture_on_commit_callbacks)) == [-3, 0]
    DepartmentRequestEvent.objects.exclude(action="sent").delete()
    settings.DEPARTMENT_REMINDER_DAYS_BEFORE = 0
    assert sorted(reminder_days(django_capture_on_commit_callbacks)) == [0]


def test_a_second_run_the_same_day_sends_nothing(sent_request, django_capture_on_commit_callbacks):
    assert len(remind(DUE, django_capture_on_commit_callbacks)) == 1
    assert remind(DUE, django_capture_on_commit_callbacks) == []
    assert DepartmentRequestEvent.objects.filter(action="reminded_due").count() == 1


def test_sending_the_link_again_repeats_no_step_unless_the_due_date_changed(
    sent_request, editor, django_capture_on_commit_callbacks
):
    assert len(remind(DUE - datetime.timedelta(days=7), django_capture_on_commit_callbacks)) == 1
    with django_capture_on_commit_callbacks(execute=True):
        department_request_send(request=sent_request, by=editor)
    assert remind(DUE - datetime.timedelta(days=7), django_capture_on_commit_callbacks) == []
    later = DUE + datetime.timedelta(days=14)
    sent_request.due_on = later
    sent_request.save(update_fields=["due_on"])
    with django_capture_on_commit_callbacks(execute=True):
        department_request_send(request=sent_request, by=editor)
    (reminder,) = remind(later - datetime.timedelta(days=7), django_capture_on_commit_callbacks)
    # The reminder carries the newest link: the one the department can still use.
    assert link_in(reminder.body) in {link_in(m.body) for m in mail.outbox}


def test_no_reminder_after_the_department_answered_or_the_request_was_withdrawn(
    sent_request, editor, django_capture_on_commit_callbacks
):
    other = DepartmentRequestFactory(due_on=DUE, department="Boston Public Schools", contact_email="bps@example.org")
    draft = DepartmentRequestFactory(due_on=DUE, department="Age Strong", contact_email="age@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        department_request_send(request=other, by=editor)
    department_request_answer(
        request=sent_request, values=dict.fromkeys(sent_request.figures.values_list("pk", flat=True), 12), name="Dana"
    )
    department_request_withdraw(request=other, by=editor)
    assert reminder_days(django_capture_on_commit_callbacks) == {}
    assert not DepartmentRequestEvent.objects.filter(action__startswith="reminded").exists()
    assert draft.events.count() == 0


def test_staff_see_the_reminders_sent_and_filter_requests_by_where_they_stand(
    sent_request, editor, client, django_capture_on_commit_callbacks
):
    answered = DepartmentRequestFactory(due_on=DUE, department="Boston Public Schools", contact_email="bps@example.org")
    late = DepartmentRequestFactory(
        due_on=office_today() - datetime.timedelta(days=5), department="Age Strong", contact_email="age@example.org"
    )
    with django_capture_on_commit_callbacks(execute=True):
        for data_request in (answered, late):
            department_request_send(request=data_request, by=editor)
    department_request_answer(
        request=answered, values=dict.fromkeys(answered.figures.values_list("pk", flat=True), 40), name="Kim Lee"
    )
    remind(DUE - datetime.timedelta(days=7), django_capture_on_commit_callbacks)
    staff_sign_in(client, editor)

    change = client.get(reverse("admin:reports_departmentrequest_change", args=[sent_request.pk])).content.decode()
    assert "Reminder sent before the due date" in change
    assert "The portal (scheduled reminder)" in change

    listing = reverse("admin:reports_departmentrequest_changelist")

    def listed(standing: str) -> set[str]:
        html = client.get(listing, {"standing": standing}).content.decode()
        names = {"Office of Language and Communications Access", "Boston Public Schools", "Age Strong"}
        return {name for name in names if name in html}

    assert listed("answered") == {"Boston Public Schools"}
    assert listed("waiting") == {"Office of Language and Communications Access"}
    assert listed("overdue") == {"Age Strong"}

    csv = client.post(
        listing,
        {"action": "download_csv", "_selected_action": [sent_request.pk, answered.pk, late.pk]},
    )
    rows = b"".join(csv.streaming_content).decode("utf-8-sig").splitlines()
    assert rows[0].split(",")[:6] == ["year", "department", "contact name", "contact email", "answer due on", "status"]
    by_department = {row.split(",")[1]: row.split(",") for row in rows[1:]}
    waiting = by_department["Office of Language and Communications Access"]
    assert waiting[5] == "Waiting for the answer"
    reminded = DepartmentRequestEvent.objects.get(request=sent_request, action="reminded_before")
    sent_request.refresh_from_db()
    assert waiting[6] == timezone.localtime(sent_request.sent_at).strftime("%Y-%m-%d %H:%M")
    assert waiting[7] == timezone.localtime(reminded.at).strftime("%Y-%m-%d %H:%M")
    assert waiting[8] == "1"
    assert by_department["Age Strong"][5] == "Overdue"
    assert by_department["Boston Public Schools"][5] == "Answered"
    assert by_department["Boston Public Schools"][10] == "Kim Lee"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_send_one_reminder(sent_request, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    errors = []

    def run(_n: int):
        try:
            department_requests_remind(today=DUE)
        except Exception as exc:  # reported by the assertion below
            errors.append(exc)

    at_once(run, 2)
    assert errors == []
    assert DepartmentRequestEvent.objects.filter(action="reminded_due").count() == 1
    assert len(mail.outbox) == 1
