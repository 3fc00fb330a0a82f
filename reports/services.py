"""Writes for the annual report: request a build, build, publish."""

from __future__ import annotations

import hashlib
import logging
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from moia.services import task_enqueue

from .models import AnnualReport, ReportNarrative, ReportNarrativeReview
from .rendering import render_csv, render_json, render_pdf
from .selectors import (
    narrative_fingerprint,
    narrative_texts,
    recommendations_followed_up,
    report_data,
    report_missing,
)

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
    # The Council receives what the build froze: its texts must be the reviewed ones of today.
    with translation.override(report.language):
        missing = report_missing(year=report.year, language=report.language)
        narrative = ReportNarrative.objects.filter(year=report.year).first()
        followed = recommendations_followed_up(year=report.year, language=report.language)
        if not missing and (
            (report.snapshot or {}).get("narrative") != narrative_texts(narrative, report.language)
            or (report.snapshot or {}).get("recommendations_followed_up", []) != followed
        ):
            missing = [_("The texts changed after this version was built: build the report again.")]
    if missing:
        raise ValidationError(missing)
    AnnualReport.objects.filter(
        year=report.year, language=report.language, status=AnnualReport.Status.PUBLISHED
    ).update(status=AnnualReport.Status.SUPERSEDED)
    report.status = AnnualReport.Status.PUBLISHED
    report.published_by = by
    report.published_at = timezone.now()
    report.save(update_fields=["status", "published_by", "published_at"])
    return report


@transaction.atomic
def narrative_review(*, narrative: ReportNarrative, language: str, by) -> ReportNarrativeReview:
    """Record that a person reviewed a year's texts in one language; every required text must be written."""
    if language not in settings.LANGUAGE_CODES:
        raise ValidationError(_("This language is not offered by the portal."))
    if not all(narrative_texts(narrative, language).values()):
        raise ValidationError(_("Write every text in this language before marking it reviewed."))
    review, _created = ReportNarrativeReview.objects.update_or_create(
        narrative=narrative,
        language=language,
        defaults={
            "fingerprint": narrative_fingerprint(narrative, language),
            "reviewed_by": by,
            "reviewed_at": timezone.now(),
        },
    )
    return review


@transaction.atomic
def population_acs_import(*, content: bytes, table_id: str, vintage: str, year: int, by) -> int:
    """Import one ACS 5-year table download as population statistics; all rows or none.

    Re-importing the same table, year and geography updates its figures. The source names the
    survey, vintage, table and geography in every portal language, so it needs no translation;
    category labels do (a report language is complete only once they are translated).
    """
    from modeltranslation.utils import build_localized_fieldname

    from .acs import ACS_TABLES, acs_rows
    from .models import PopulationStatistic

    if table_id not in ACS_TABLES:
        raise ValidationError(_("This table is not one the report imports."))
    if not re.fullmatch(r"\d{4}-\d{4}", vintage):
        raise ValidationError(_("Give the vintage as the survey's years, for example 2019-2023."))
    topic, _name = ACS_TABLES[table_id]
    rows = acs_rows(content=content, table_id=table_id)
    for row in rows:
        sources = {}
        for language in settings.LANGUAGE_CODES:
            with translation.override(language):
                sources[build_localized_fieldname("source", language)] = _(
                    "U.S. Census Bureau, American Community Survey %(vintage)s 5-year estimates, table "
                    "%(table)s, %(geography)s"
                ) % {"vintage": vintage, "table": table_id, "geography": row.geography}
        # English is the ACS's language: labels are stored as the English text, never as another's.
        with translation.override(settings.LANGUAGE_CODE):
            _statistic, _created = PopulationStatistic.objects.update_or_create(
                year=year,
                topic=topic,
                dimension_en=row.dimension,
                geography=row.geography,
                defaults={
                    "dimension": row.dimension,
                    "value": row.value,
                    "unit": PopulationStatistic.Unit.COUNT,
                    "margin_of_error": row.margin_of_error,
                    "order": row.order,
                    "is_aggregate": row.is_aggregate,
                    "is_demo": False,
                    "source": sources["source_en"],
                    **sources,
                },
            )
    logger.info("ACS table imported", extra={"table": table_id, "rows": len(rows), "by": getattr(by, "pk", None)})
    return len(rows)


def report_draft_last_year(*, today=None) -> list[AnnualReport]:
    """Beat job of 15 January: queue drafts of last year's report and tell the Report editors."""
    from django.contrib.auth import get_user_model

    from moia.accounts.roles import REPORT_EDITORS
    from moia.services import email_send_to_users

    today = today or timezone.localdate()
    year = today.year - 1
    reports = [report_build_request(year=year, language="en")]
    editors = get_user_model().objects.filter(groups__name=REPORT_EDITORS, is_active=True)
    email_send_to_users(
        template="reports/email/draft_started",
        context={"year": year, "admin_url": settings.SITE_URL + reverse("admin:reports_annualreport_changelist")},
        users=editors,
    )
    return reports


# --- Department data requests -------------------------------------------------------------

# A department may answer a little after the due date; past this the link no longer opens.
DEPARTMENT_LINK_GRACE_DAYS = 14


def _department_event(*, request, action: str, by=None, by_name: str = "", reminded_for_due_on=None) -> None:
    from .models import DepartmentRequestEvent

    DepartmentRequestEvent.objects.create(
        request=request,
        action=action,
        by=by,
        by_name=by_name,
        at=timezone.now(),
        reminded_for_due_on=reminded_for_due_on,
    )


@transaction.atomic
def department_request_send(*, request, by):
    """Send a department its signed link (again, if it was sent or answered: earlier links stop
    working and its answer waits for the new one); the request must name at least one figure."""
    import datetime as dt
    import secrets
    from zoneinfo import ZoneInfo

    from moia.services import email_send

    from .models import DepartmentRequest, DepartmentRequestEvent
    from .selectors import department_request_link

    request = DepartmentRequest.objects.select_for_update().get(pk=request.pk)
    if request.status == DepartmentRequest.Status.WITHDRAWN:
        raise ValidationError(_("This request was withdrawn."))
    if not request.figures.exists():
        raise ValidationError(_("Name at least one figure to ask for before sending the request."))
    closes = dt.datetime.combine(
        request.due_on + dt.timedelta(days=DEPARTMENT_LINK_GRACE_DAYS + 1),
        dt.time(),
        tzinfo=ZoneInfo(settings.TIME_ZONE),
    )
    if closes <= timezone.now():
        raise ValidationError(_("The due date has passed: give a new due date before sending the request."))
    request.status = DepartmentRequest.Status.SENT
    request.link_nonce = secrets.token_urlsafe(16)
    request.link_expires_at = closes
    request.sent_at = timezone.now()
    request.save(update_fields=["status", "link_nonce", "link_expires_at", "sent_at"])
    _department_event(request=request, action=DepartmentRequestEvent.Action.SENT, by=by)
    email_send(
        template="reports/email/department_request",
        context={
            "year": request.year,
            "department": request.department,
            "contact_name": request.contact_name,
            "due_on": request.due_on,
            "link": settings.SITE_URL + department_request_link(request),
        },
        to=[request.contact_email],
        language=request.language,
    )
    return request


@transaction.atomic
def department_request_answer(*, request, values: dict[int, int], name: str, role: str = "", note: str = ""):
    """Record a department's answer given through its link: a value for every figure asked,
    once (a second answer needs a new link from staff); the person is recorded by the name given."""
    from .models import DepartmentFigure, DepartmentRequest, DepartmentRequestEvent

    request = DepartmentRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != DepartmentRequest.Status.SENT:
        raise ValidationError(_("This request has already been answered."))
    figures = list(request.figures.all())
    if {f.pk for f in figures} != set(values) or not name.strip():
        raise ValidationError(_("Give every figure asked for and your name."))
    for figure in figures:
        value = values[figure.pk]
        if value < 0 or (figure.unit == DepartmentFigure.Unit.PERCENT and value > 100):
            raise ValidationError(_("A figure is out of range."))
        figure.value = value
    DepartmentFigure.objects.bulk_update(figures, ["value"])
    request.status = DepartmentRequest.Status.ANSWERED
    request.answered_at = timezone.now()
    request.answered_by_name = name.strip()
    request.answered_by_role = role.strip()
    request.answer_note = note.strip()
    request.save(update_fields=["status", "answered_at", "answered_by_name", "answered_by_role", "answer_note"])
    _department_event(request=request, action=DepartmentRequestEvent.Action.ANSWERED, by_name=request.answered_by_name)
    logger.info("department request answered", extra={"request": request.pk})
    return request


@transaction.atomic
def department_request_withdraw(*, request, by):
    """Withdraw a request: its link stops working and its figures leave the report."""
    from .models import DepartmentRequest, DepartmentRequestEvent

    request = DepartmentRequest.objects.select_for_update().get(pk=request.pk)
    if request.status == DepartmentRequest.Status.WITHDRAWN:
        return request
    request.status = DepartmentRequest.Status.WITHDRAWN
    request.link_nonce = ""
    request.save(update_fields=["status", "link_nonce"])
    _department_event(request=request, action=DepartmentRequestEvent.Action.WITHDRAWN, by=by)
    return request


def department_requests_remind(*, today=None) -> int:
    """Remind each department that has not answered (daily, from beat): DEPARTMENT_REMINDER_DAYS_BEFORE
    days before its due date and on it, each step once per due date, never once it answered or
    the request was withdrawn; the reminder is recorded as an event with no person (the portal sent it).

    Each request is locked while it is looked at, and the event is written before the email is
    queued (sent after commit), so two runs at once, or an answer arriving meanwhile, send nothing twice.
    """
    import datetime as dt

    from moia.reminders import BEFORE, DUE, reminder_step
    from moia.services import email_send

    from .models import DepartmentRequest, DepartmentRequestEvent
    from .selectors import department_request_link, office_today

    today = today or office_today()
    days_before = settings.DEPARTMENT_REMINDER_DAYS_BEFORE
    actions = {BEFORE: DepartmentRequestEvent.Action.REMINDED_BEFORE, DUE: DepartmentRequestEvent.Action.REMINDED_DUE}
    candidates = DepartmentRequest.objects.filter(
        status=DepartmentRequest.Status.SENT, due_on__in=[today, today + dt.timedelta(days=days_before)]
    ).values_list("pk", flat=True)
    sent = 0
    for pk in list(candidates):
        with transaction.atomic():
            request = DepartmentRequest.objects.select_for_update().get(pk=pk)
            step = reminder_step(due_on=request.due_on, today=today, days_before=days_before)
            if request.status != DepartmentRequest.Status.SENT or step not in actions:
                continue  # answered or withdrawn since the list was read, or no step today
            if request.events.filter(action=actions[step], reminded_for_due_on=request.due_on).exists():
                continue
            _department_event(request=request, action=actions[step], reminded_for_due_on=request.due_on)
            # The department's name and the figures' labels in the language the request is in.
            with translation.override(request.language):
                context = {
                    "step": step,
                    "year": request.year,
                    "department": str(request.department),
                    "contact_name": request.contact_name,
                    "due_on": request.due_on,
                    "figures": [str(figure.label) for figure in request.figures.all()],
                    "link": settings.SITE_URL + department_request_link(request),
                }
            email_send(
                template="reports/email/department_reminder",
                context=context,
                to=[request.contact_email],
                language=request.language,
            )
        sent += 1
    return sent


@transaction.atomic
def recommendation_status_set(*, recommendation, status: str, notes: dict[str, str], by):
    """Set what came of a recommendation (its status, and its note per language) and record who set it."""
    from modeltranslation.utils import build_localized_fieldname

    from .models import Recommendation

    if status not in Recommendation.Status.values:
        raise ValidationError(_("Choose one of the options in the list."))
    recommendation = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
    recommendation.status = status
    fields = ["status", "status_set_by", "status_set_at"]
    for language, note in notes.items():
        name = build_localized_fieldname("note", language)
        setattr(recommendation, name, note)
        fields.append(name)
    recommendation.status_set_by = by
    recommendation.status_set_at = timezone.now()
    recommendation.save(update_fields=fields)
    return recommendation
