"""Grantees are reminded of a report before it is due, on the day and while overdue, once a day at most,
in the language they applied in, and never after they submitted it."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone

from grants.models import Application, GranteeReport, ReportReminder
from grants.services import decision_record, grantee_reports_remind

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(world, django_capture_on_commit_callbacks):
    application = world["application"]
    Application.objects.filter(pk=application.pk).update(status=Application.Status.SUBMITTED)
    application.refresh_from_db()
    decision_record(application=application, by=world["manager"], outcome="award", amount=Decimal("5000"))
    # The interim report; the final one is due a year after the award, far from these dates.
    first = GranteeReport.objects.order_by("due_on").first()
    GranteeReport.objects.exclude(pk=first.pk).update(due_on=first.due_on + timedelta(days=400))
    return first


def _run(today, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        return grantee_reports_remind(today=today)


def test_reminders_before_on_and_after_the_due_date(report, world, settings, django_capture_on_commit_callbacks):
    due = report.due_on
    sent = {}
    for offset in range(-20, 40):
        day = due + timedelta(days=offset)
        if _run(day, django_capture_on_commit_callbacks):
            sent[offset] = mail.outbox[0]
    # 14 days before, on the day, then every 7 days overdue, at most four times (none on day 35).
    assert sorted(sent) == [-14, 0, 7, 14, 21, 28]
    assert sent[-14].to == [world["a"].email]
    assert f"{settings.SITE_URL}/en/grants/reports/{report.pk}/" in sent[-14].body
    assert "overdue" in sent[7].subject
    assert "due today" in sent[0].subject
    html = sent[0].alternatives[0][0]
    assert f"{settings.SITE_URL}/en/grants/reports/{report.pk}/" in html


def test_a_second_run_the_same_day_sends_nothing(report, django_capture_on_commit_callbacks):
    assert _run(report.due_on, django_capture_on_commit_callbacks) == 1
    assert len(mail.outbox) == 1
    assert _run(report.due_on, django_capture_on_commit_callbacks) == 0
    assert mail.outbox == []
    assert ReportReminder.objects.filter(report=report).count() == 1


def test_a_submitted_report_gets_no_reminder(report, django_capture_on_commit_callbacks):
    GranteeReport.objects.filter(pk=report.pk).update(submitted_at=timezone.now())
    assert _run(report.due_on, django_capture_on_commit_callbacks) == 0
    assert _run(report.due_on + timedelta(days=7), django_capture_on_commit_callbacks) == 0
    assert mail.outbox == []


def test_the_award_settings_decide(report, django_capture_on_commit_callbacks):
    award = report.award
    award.remind_days_before, award.remind_on_due_date, award.remind_overdue_every_days = 3, False, 0
    award.save()
    assert _run(report.due_on - timedelta(days=14), django_capture_on_commit_callbacks) == 0
    assert _run(report.due_on - timedelta(days=3), django_capture_on_commit_callbacks) == 1
    assert _run(report.due_on, django_capture_on_commit_callbacks) == 0
    assert _run(report.due_on + timedelta(days=7), django_capture_on_commit_callbacks) == 0


@pytest.mark.parametrize(("language", "prefix", "word"), [("es", "/es/", "informe"), ("ar", "/ar/", "تقرير")])
def test_the_reminder_is_in_the_language_the_organization_applied_in(
    report, language, prefix, word, django_capture_on_commit_callbacks
):
    Application.objects.filter(pk=report.award.application_id).update(language=language)
    assert _run(report.due_on, django_capture_on_commit_callbacks) == 1
    (message,) = mail.outbox
    assert f"{prefix}grants/reports/{report.pk}/" in message.body
    assert word in message.subject
    assert word in message.body


def test_beat_runs_the_reminders_daily():
    from moia.celery import app

    assert "grants.tasks.grantee_reports_remind_task" in {e["task"] for e in app.conf.beat_schedule.values()}
