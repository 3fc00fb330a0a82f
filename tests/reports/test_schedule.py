"""Celery beat drafts last year's report every 15 January and tells the Report editors."""

import datetime as dt

import pytest
from celery.schedules import crontab
from django.core import mail

from moia.celery import app as celery_app
from reports.models import AnnualReport
from reports.services import report_draft_last_year
from tests.factories.accounts import StaffFactory

pytestmark = pytest.mark.django_db


def test_beat_runs_the_draft_on_15_january():
    celery_app.loader.import_default_modules()
    entry = celery_app.conf.beat_schedule["annual-report-draft"]
    assert entry["task"] == "reports.tasks.report_draft_last_year_task"
    schedule: crontab = entry["schedule"]
    assert schedule.day_of_month == {15}
    assert schedule.month_of_year == {1}


def test_the_draft_covers_the_previous_year_and_emails_report_editors(
    media_root, population_2025, django_capture_on_commit_callbacks
):
    editor = StaffFactory(roles=["Report editors"])
    StaffFactory(roles=["Survey managers"])
    with django_capture_on_commit_callbacks(execute=True):
        report_draft_last_year(today=dt.date(2026, 1, 15))
    report = AnnualReport.objects.get()
    assert report.year == 2025
    assert report.status == AnnualReport.Status.READY
    assert [m.to for m in mail.outbox] == [[editor.email]]
