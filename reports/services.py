"""Writes for the annual report: request a build, build, publish."""

from __future__ import annotations

import hashlib
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from moia.services import task_enqueue

from .models import AnnualReport
from .rendering import render_csv, render_json, render_pdf
from .selectors import report_data

logger = logging.getLogger(__name__)


@transaction.atomic
def report_build_request(*, year: int, language: str = "en", by=None, queue: bool = True) -> AnnualReport:
    """Create the next version of a year's report and queue it for a Celery worker (unless queue=False)."""
    if language not in settings.LANGUAGE_CODES:
        raise ValidationError(_("This language is not offered by the portal."))
    if not 2000 <= year <= timezone.now().year:
        raise ValidationError(_("A report can only be built for a past or current year."))
    # Lock the year's rows so two editors pressing "Build" at once get distinct versions.
    latest = (
        AnnualReport.objects.select_for_update()
        .filter(year=year, language=language)
        .aggregate(Max("version"))["version__max"]
    )
    report = AnnualReport.objects.create(
        year=year,
        language=language,
        version=(latest or 0) + 1,
        status=AnnualReport.Status.QUEUED,
        requested_by=by,
        requested_at=timezone.now(),
    )
    if queue:
        task_enqueue(task_name="reports.tasks.report_build_task", args=[report.pk])
    return report


def report_build(*, report_id: int) -> AnnualReport:
    """Build a queued report: freeze its data, render PDF, CSV and JSON, then mark it ready.

    Safe to run twice for the same report (a redelivered task): a finished build is left
    alone. Files are attached only once all of them rendered, so a failure never leaves a
    partial report; the failure is recorded with a readable message.
    """
    with transaction.atomic():
        report = AnnualReport.objects.select_for_update().get(pk=report_id)
        if report.status in {AnnualReport.Status.READY, AnnualReport.Status.PUBLISHED, AnnualReport.Status.SUPERSEDED}:
            return report
        report.status = AnnualReport.Status.BUILDING
        report.error = ""
        report.save(update_fields=["status", "error"])
    try:
        snapshot = report_data(year=report.year, language=report.language)
        pdf = render_pdf(snapshot)
        csv_bytes = render_csv(snapshot)
        json_bytes = render_json(snapshot)
    except Exception as exc:
        logger.exception("annual report build failed", extra={"report": report.pk})
        AnnualReport.objects.filter(pk=report.pk).update(
            status=AnnualReport.Status.FAILED,
            error=_("The report could not be built: %(error)s") % {"error": str(exc)[:500]},
        )
        raise
    with transaction.atomic():
        report = AnnualReport.objects.select_for_update().get(pk=report_id)
        report.snapshot = snapshot
        report.pdf.save(report.pdf_filename, ContentFile(pdf), save=False)
        report.data_csv.save(
            f"annual-report-{report.year}-{report.language}-data.csv", ContentFile(csv_bytes), save=False
        )
        report.data_json.save(
            f"annual-report-{report.year}-{report.language}-data.json", ContentFile(json_bytes), save=False
        )
        report.checksum = hashlib.sha256(pdf).hexdigest()
        report.built_at = timezone.now()
        report.status = AnnualReport.Status.READY
        report.save()
    return report


@transaction.atomic
def report_publish(*, report: AnnualReport, by=None) -> AnnualReport:
    """Make a built report public; the version published before it becomes superseded (still downloadable)."""
    report = AnnualReport.objects.select_for_update().get(pk=report.pk)
    if report.status != AnnualReport.Status.READY:
        raise ValidationError(_("Only a report that was built successfully can be published."))
    AnnualReport.objects.filter(
        year=report.year, language=report.language, status=AnnualReport.Status.PUBLISHED
    ).update(status=AnnualReport.Status.SUPERSEDED)
    report.status = AnnualReport.Status.PUBLISHED
    report.published_by = by
    report.published_at = timezone.now()
    report.save(update_fields=["status", "published_by", "published_at"])
    return report


def report_draft_last_year(*, today=None) -> list[AnnualReport]:
    """Beat job of 15 January: queue drafts of last year's report and tell the Report editors."""
    from django.contrib.auth import get_user_model

    from moia.accounts.roles import REPORT_EDITORS
    from moia.services import email_queue

    today = today or timezone.localdate()
    year = today.year - 1
    reports = [report_build_request(year=year, language="en")]
    editors = get_user_model().objects.filter(groups__name=REPORT_EDITORS, is_active=True)
    emails = sorted(editors.values_list("email", flat=True))
    if emails:
        email_queue(
            subject=_("Draft annual report for %(year)s is being built") % {"year": year},
            body=_(
                "A draft of the %(year)s annual report to the City Council is being built. Review it, "
                "write the director's letter and recommendations, rebuild and publish it in the staff admin."
            )
            % {"year": year},
            to=emails,
        )
    return reports
