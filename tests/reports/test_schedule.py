"""Celery beat drafts last year's report every 15 January and tells the Report editors."""

import datetime as dt

import pytest
from django.core import mail

from reports.models import AnnualReport
from reports.services import report_draft_last_year
from tests.factories.accounts import StaffFactory

pytestmark = pytest.mark.django_db


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
