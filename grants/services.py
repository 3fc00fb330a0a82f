"""Writes for grants: organizations, applications, uploads, reviews, decisions, awards and reports."""

from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import get_random_string
from django.utils.text import slugify
from django.utils.translation import gettext as _

from directory.models import Organization
from moia.accounts.models import User
from moia.reminders import reminder_step
from moia.services import audited, email_send, task_enqueue
from moia.tokens import token_digest, token_new

from . import selectors
from .models import (
    Application,
    ApplicationSnapshot,
    Award,
    BudgetLine,
    Decision,
    Document,
    FundingStream,
    GrantCycle,
    GranteeReport,
    Invitation,
    OrganizationMembership,
    OrganizationProfile,
    Payment,
    ReportReminder,
    ReportServiceCount,
    ReviewAssignment,
    RubricCriterion,
    Score,
)
from .uploads import EXTENSIONS, MAX_UPLOAD_BYTES, sniff_content_type


class StaleVersionError(ValidationError):
    """Someone else saved this draft since it was opened."""


# ------------------------------------------------------------------------------
# Organizations and members
# ------------------------------------------------------------------------------
@audited
@transaction.atomic
def organization_create(*, by: User, name: str, **fields) -> Organization:
    """Create an applicant organization and make its creator the owner."""
    slug_base = slugify(name)[:100] or "organization"
    # A legal name is the same in every language: it goes to the English column, which
    # modeltranslation falls back to, as well as to the column of the language in use.
    organization = Organization(slug=f"{slug_base}-{get_random_string(6).lower()}", **_org_fields(fields))
    organization.name = name
    organization.name_en = name  # type: ignore[attr-defined]  # a modeltranslation field
    organization.save()
    OrganizationProfile.objects.create(organization=organization, **_profile_fields(fields))
    OrganizationMembership.objects.create(user=by, organization=organization, role=OrganizationMembership.Role.OWNER)
    return organization


ORG_FIELDS = ("tax_id", "email", "website", "description")
PROFILE_FIELDS = tuple(
    f.name for f in OrganizationProfile._meta.concrete_fields if f.name not in {"id", "organization"}
)


def _org_fields(fields: dict) -> dict:
    return {k: v for k, v in fields.items() if k in ORG_FIELDS}


def _profile_fields(fields: dict) -> dict:
    return {k: v for k, v in fields.items() if k in PROFILE_FIELDS}


@audited
@transaction.atomic
def organization_update(*, organization: Organization, by: User, **fields) -> Organization:
    """Edit an organization's grant profile; any member may, an outsider may not."""
    if not selectors.organizations_for(by).filter(pk=organization.pk).exists():
        raise PermissionDenied
    for key, value in _org_fields(fields).items():
        setattr(organization, key, value)
    if fields.get("name"):
        organization.name = fields["name"]
        organization.name_en = fields["name"]  # type: ignore[attr-defined]
    organization.save()
    profile, _created = OrganizationProfile.objects.get_or_create(organization=organization)
    for key, value in _profile_fields(fields).items():
        setattr(profile, key, value)
    profile.save()
    return organization


@audited
def invitation_create(*, organization: Organization, by: User, email: str, role: str) -> Invitation:
    """Invite someone by email to join an organization; only owners may invite."""
    if not selectors.organizations_owned_by(by).filter(pk=organization.pk).exists():
        raise PermissionDenied
    raw, digest = token_new()  # the raw token goes into the email only; the row keeps its digest
    invitation = Invitation.objects.create(
        organization=organization, email=email.lower(), role=role, invited_by=by, token_digest=digest
    )
    link = settings.SITE_URL + reverse("grants:invitation_accept", args=[raw])
    # Someone who already has an account reads it in their language; a newcomer in the inviter's.
    known = get_user_model().objects.filter(email__iexact=invitation.email).values_list("preferred_language", flat=True)
    email_send(
        template="grants/email/invitation",
        context={"organization": organization, "link": link},
        to=[invitation.email],
        language=known.first() or translation.get_language() or settings.LANGUAGE_CODE,
    )
    return invitation


@transaction.atomic
def invitation_accept(*, token: str, user) -> OrganizationMembership:
    """Join through an unexpired, unused invitation sent to the signed-in user's address."""
    invitation = Invitation.objects.select_for_update().filter(token_digest=token_digest(token)).first()
    if invitation is None or not invitation.is_usable():
        raise ValidationError(_("This invitation has expired or was already used."))
    if invitation.email.lower() != user.email.lower():
        raise ValidationError(_("This invitation was sent to another email address."))
    membership, _created = OrganizationMembership.objects.get_or_create(
        user=user, organization=invitation.organization, defaults={"role": invitation.role}
    )
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    return membership


# ------------------------------------------------------------------------------
# Applications
# ------------------------------------------------------------------------------
@audited
def application_start(
    *, cycle: GrantCycle, stream: FundingStream, organization: Organization, by: User, language: str
) -> Application:
    """Open a draft for a member's organization in an open cycle."""
    if not selectors.organizations_for(by).filter(pk=organization.pk).exists():
        raise PermissionDenied
    if not cycle.is_open():
        raise ValidationError(_("This funding round is not open for applications."))
    if stream.cycle_id != cycle.pk:
        raise ValidationError(_("Choose a funding stream of this round."))
    return Application.objects.create(
        cycle=cycle, stream=stream, organization=organization, created_by=by, language=language
    )


def _claim_version(*, application: Application, version: int, by: User) -> None:
    """Advance the version only if nobody saved since `version`: the compare-and-set is one UPDATE,
    which also records who saved."""
    now = timezone.now()
    updated = Application.objects.filter(pk=application.pk, version=version, status=Application.Status.DRAFT).update(
        version=F("version") + 1, last_saved_at=now, last_saved_by=by
    )
    if not updated:
        application.refresh_from_db()
        if application.status != Application.Status.DRAFT:
            raise ValidationError(_("This application was already submitted and can no longer be changed."))
        raise StaleVersionError(
            _(
                "Another member of your organization saved this application while you were editing it. "
                "Your changes were not saved, so nothing of theirs was overwritten. Reload the page to "
                "see their version, then make your changes again."
            )
        )
    application.version = version + 1
    application.last_saved_at = now
    application.last_saved_by = by


STEP_FIELDS = {
    "project": ("title", "summary", "description", "start_date", "end_date", "stream", "language"),
    "communities": ("communities_served", "languages_served", "individuals_expected"),
    "outcomes": ("outcomes",),
}


@audited
@transaction.atomic
def application_step_save(*, application: Application, by: User, version: int, data: dict) -> Application:
    """Save one step of a draft; refused when the draft changed since `version` was read."""
    _claim_version(application=application, version=version, by=by)
    allowed = {name for names in STEP_FIELDS.values() for name in names}
    for key, value in data.items():
        if key in allowed:
            setattr(application, key, value)
    application.save(update_fields=[*[k for k in data if k in allowed], "version", "last_saved_at", "last_saved_by"])
    return application


@audited
@transaction.atomic
def application_budget_save(*, application: Application, by: User, version: int, lines: list[dict]) -> Application:
    """Replace a draft's budget lines, under the same version check as every step."""
    _claim_version(application=application, version=version, by=by)
    application.budget_lines.all().delete()
    BudgetLine.objects.bulk_create(
        [BudgetLine(application=application, **line) for line in lines if line.get("amount")]
    )
    return application


def upload_check(upload) -> str:
    """The content type of an acceptable upload; an empty, too large or disallowed file is refused
    with a message naming the file and its fault, so someone uploading several knows which to fix."""
    name = Path(upload.name or "").name or _("The file")
    if not upload.size:
        raise ValidationError(_("%(name)s: this file is empty.") % {"name": name}, code="empty")
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("%(name)s: this file is too large (%(size)s MB); the limit is 10 MB.")
            % {"name": name, "size": f"{upload.size / (1024 * 1024):.1f}"},
            code="too_large",
        )
    content_type = sniff_content_type(upload)
    if content_type is None:
        raise ValidationError(
            _("%(name)s: this type of file is not accepted (PDF, Word, Excel, JPEG or PNG).") % {"name": name},
            code="type",
        )
    return content_type


@audited
def document_add(*, application: Application, by: User, kind: str, upload) -> Document:
    """Store an upload under a random name if its content is an allowed type and small enough."""
    if application.status != Application.Status.DRAFT:
        raise ValidationError(_("This application was already submitted and can no longer be changed."))
    content_type = upload_check(upload)
    document = Document(
        application=application,
        kind=kind,
        original_name=(upload.name or "file")[-200:],
        content_type=content_type,
        size=upload.size,
        uploaded_by=by,
    )
    document.file.save("upload" + EXTENSIONS[content_type], upload, save=False)
    document.save()
    Application.objects.filter(pk=application.pk).update(last_saved_at=timezone.now(), last_saved_by=by)
    return document


@audited
@transaction.atomic
def document_delete(*, document: Document, by: User) -> None:
    """Remove a draft's upload; its delete event (grants.DocumentEvent) keeps who removed it."""
    if document.application.status != Application.Status.DRAFT:
        raise ValidationError(_("This application was already submitted and can no longer be changed."))
    Application.objects.filter(pk=document.application_id).update(last_saved_at=timezone.now(), last_saved_by=by)
    document.delete()
    # The file goes only once the row's removal is committed: a rollback must not leave a row
    # pointing at a deleted file.
    transaction.on_commit(lambda: document.file.delete(save=False))


def required_document_kinds(*, application: Application) -> list[str]:
    """The fiscal-sponsor path needs the signed agreement; a nonprofit needs its IRS letter."""
    profile = getattr(application.organization, "grant_profile", None)
    path = profile.eligibility_path if profile else OrganizationProfile.Path.NONPROFIT
    return [item["kind"] for item in selectors.required_documents(eligibility_path=path)]


def application_missing(*, application: Application) -> list[str]:
    """Everything that stops a draft from being submitted, in words the applicant can act on."""
    missing = []
    for field in ("title", "summary", "description", "communities_served", "languages_served", "outcomes"):
        if not str(getattr(application, field) or "").strip():
            label = Application._meta.get_field(field).verbose_name  # type: ignore[union-attr]  # text fields
            missing.append(_("Fill in: %(field)s.") % {"field": label})
    if application.start_date and application.end_date and application.end_date < application.start_date:
        missing.append(_("The end date is before the start date."))
    total = selectors.budget_total(application=application)
    low, high = application.stream.award_range
    if total <= 0:
        missing.append(_("Add at least one budget line."))
    elif not low <= total <= high:
        missing.append(
            _("The budget total (%(total)s) must be between %(low)s and %(high)s for this funding stream.")
            % {"total": f"${total:,.2f}", "low": f"${low:,.2f}", "high": f"${high:,.2f}"}
        )
    present = set(application.documents.values_list("kind", flat=True))
    for kind in required_document_kinds(application=application):
        if kind not in present:
            missing.append(_("Upload: %(document)s.") % {"document": Document.Kind(kind).label})
    profile = getattr(application.organization, "grant_profile", None)
    if profile is None or not (profile.street_address and profile.city and profile.mission):
        missing.append(_("Complete your organization profile (address and mission)."))
    elif profile.eligibility_path == OrganizationProfile.Path.FISCAL_SPONSOR:
        if not (profile.fiscal_sponsor_name and profile.fiscal_sponsor_ein):
            missing.append(_("Give your fiscal sponsor's name and EIN in the organization profile."))
        if not profile.sponsor_signoff_at:
            missing.append(_("Record your fiscal sponsor's sign-off in the organization profile."))
    elif not application.organization.tax_id:
        missing.append(_("Give your organization's EIN in the organization profile."))
    return missing


@audited
@transaction.atomic
def application_submit(*, application: Application, by: User, now=None) -> Application:
    """Submit a complete draft before the closing time; send a receipt with a PDF copy."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    if not selectors.applications_for(by).filter(pk=application.pk).exists():
        raise PermissionDenied
    if application.status != Application.Status.DRAFT:
        raise ValidationError(_("This application was already submitted and can no longer be changed."))
    if not application.cycle.is_open(now=now):
        raise ValidationError(
            _("This funding round closed on %(date)s. Applications can no longer be submitted.")
            % {"date": timezone.localtime(application.cycle.closes_at).strftime("%Y-%m-%d %H:%M")}
        )
    missing = application_missing(application=application)
    if missing:
        raise ValidationError(missing)
    application.status = Application.Status.SUBMITTED
    application.submitted_at = now or timezone.now()
    application.save(update_fields=["status", "submitted_at"])
    task_enqueue(task_name="grants.tasks.application_receipt_send_task", kwargs={"application_id": application.pk})
    return application


def application_pdf(*, application: Application) -> bytes:
    """A PDF copy of the application, rendered in the language it was written in."""
    from weasyprint import CSS, HTML

    with translation.override(application.language):
        html = render_to_string(
            "grants/pdf/application.html",
            {
                "application": application,
                "lines": application.budget_lines.all(),
                "total": selectors.budget_total(application=application),
                "documents": application.documents.all(),
                "LANGUAGE_CODE": application.language,
                "LANGUAGE_BIDI": translation.get_language_bidi(),
            },
        )
    stylesheet = CSS(filename=str(Path(__file__).parent / "static" / "grants" / "pdf.css"))
    return HTML(string=html).write_pdf(stylesheets=[stylesheet])


def application_receipt_send(*, application_id: int) -> None:
    """Email every member a confirmation with the PDF copy attached."""
    from django.core.mail import EmailMultiAlternatives

    from moia.emails import email_render

    application = Application.objects.select_related("cycle", "organization").get(pk=application_id)
    recipients = list(
        application.organization.grant_memberships.values_list("user__email", flat=True).order_by("user__email")
    )
    if not recipients:
        return
    email = email_render(
        template="grants/email/receipt", context={"application": application}, language=application.language
    )
    message = EmailMultiAlternatives(subject=email.subject, body=email.text, to=recipients)
    message.attach_alternative(email.html, "text/html")
    message.attach(f"application-{application.pk}.pdf", application_pdf(application=application), "application/pdf")
    message.send()


# ------------------------------------------------------------------------------
# Reviews
# ------------------------------------------------------------------------------
@audited
def review_assign(*, application: Application, reviewer, by: User) -> ReviewAssignment:
    """A grant manager assigns a reviewer (who must be in the Grant reviewers group)."""
    if not selectors.is_grant_manager(by):
        raise PermissionDenied
    if not selectors.is_grant_reviewer(reviewer):
        raise ValidationError(_("Only members of the Grant reviewers group can review."))
    assignment, _created = ReviewAssignment.objects.get_or_create(application=application, reviewer=reviewer)
    if application.status == Application.Status.SUBMITTED:
        Application.objects.filter(pk=application.pk).update(status=Application.Status.UNDER_REVIEW)
    return assignment


@audited
@transaction.atomic
def review_conflict_declare(*, assignment: ReviewAssignment, by: User, has_conflict: bool) -> ReviewAssignment:
    """The reviewer answers once; a declared conflict recuses them and removes any scores."""
    if assignment.reviewer_id != by.pk:
        raise PermissionDenied
    if assignment.conflict_declared is not None:
        raise ValidationError(_("You have already answered the conflict-of-interest question."))
    assignment.conflict_declared = has_conflict
    assignment.declared_at = timezone.now()
    assignment.save(update_fields=["conflict_declared", "declared_at"])
    if has_conflict:
        assignment.scores.all().delete()
    return assignment


@audited
@transaction.atomic
def review_score(*, assignment: ReviewAssignment, by: User, values: dict[int, int], comment: str = "") -> None:
    """Record a reviewer's scores, only after they declared no conflict."""
    if assignment.reviewer_id != by.pk:
        raise PermissionDenied
    if not assignment.may_score:
        raise PermissionDenied
    criteria = {c.pk: c for c in RubricCriterion.objects.filter(cycle_id=assignment.application.cycle_id)}
    for criterion_id, value in values.items():
        criterion = criteria.get(criterion_id)
        if criterion is None:
            continue
        if not 0 <= value <= criterion.max_score:
            raise ValidationError(_("Scores must be between 0 and the criterion's maximum."))
        Score.objects.update_or_create(assignment=assignment, criterion=criterion, defaults={"value": value})
    assignment.comment = comment
    assignment.save(update_fields=["comment"])


# ------------------------------------------------------------------------------
# Decisions, awards and notifications
# ------------------------------------------------------------------------------
@audited
@transaction.atomic
def decision_record(
    *, application: Application, by: User, outcome: str, amount: Decimal | None = None, reason: str = ""
) -> Decision:
    """Award (with an amount within the stream's limits) or decline (with a reason)."""
    if not selectors.is_grant_manager(by):
        raise PermissionDenied
    if application.status not in {Application.Status.SUBMITTED, Application.Status.UNDER_REVIEW}:
        raise ValidationError(_("Only submitted applications can be decided."))
    if outcome == Decision.Outcome.AWARD:
        low, high = application.stream.award_range
        if amount is None or not low <= amount <= high:
            raise ValidationError(_("An award needs an amount within the funding stream's limits."))
    elif not reason.strip():
        raise ValidationError(_("A decline needs a reason."))
    decision, _created = Decision.objects.update_or_create(
        application=application,
        defaults={
            "outcome": outcome,
            "amount": amount,
            "reason": reason,
            "decided_by": by,
            "decided_at": timezone.now(),
        },
    )
    # Frozen before anything else changes: later edits (a bug, a service, the ORM) cannot reach it.
    ApplicationSnapshot.objects.create(
        application=application,
        outcome=decision.outcome,
        decided_at=decision.decided_at,
        data=selectors.application_snapshot_data(application=application, decision=decision),
    )
    if outcome == Decision.Outcome.AWARD:
        application.status = Application.Status.AWARDED
        award_create(application=application, amount=amount, award_date=timezone.localdate())  # type: ignore[arg-type]  # checked above
    else:
        application.status = Application.Status.DECLINED
    application.save(update_fields=["status"])
    return decision


def award_create(*, application: Application, amount: Decimal, award_date: date, installments: int = 2) -> Award:
    """An award with its payment schedule (equal installments) and an interim and a final report due."""
    award, created = Award.objects.get_or_create(
        application=application, defaults={"amount": amount, "award_date": award_date}
    )
    if not created:
        return award
    share = (amount / installments).quantize(Decimal("0.01"))
    payments = [
        Payment(award=award, due_on=award_date + timedelta(days=30 + 180 * i), amount=share)
        for i in range(installments)
    ]
    payments[-1].amount = amount - share * (installments - 1)
    Payment.objects.bulk_create(payments)
    GranteeReport.objects.bulk_create(
        [
            GranteeReport(award=award, due_on=award_date + timedelta(days=180)),
            GranteeReport(award=award, due_on=award_date + timedelta(days=365)),
        ]
    )
    return award


@audited
def payment_record(*, payment: Payment, by: User, paid_on: date | None) -> Payment:
    """A grant manager records the day an installment was paid (or clears a date entered in error)."""
    if not selectors.is_grant_manager(by):
        raise PermissionDenied
    payment.paid_on = paid_on
    payment.save(update_fields=["paid_on"])
    return payment


# Limits on an award's reminder settings. The beat task looks at reports due up to a year either
# side of today (grantee_reports_remind), so no setting may reach beyond that.
REMIND_DAYS_BEFORE_MAX = 180
REMIND_OVERDUE_EVERY_DAYS_MAX = 90
REMIND_OVERDUE_MAX_MAX = 12
REMIND_WINDOW_DAYS = 366


def award_reminders_check(
    *, remind_days_before: int, remind_on_due_date: bool, remind_overdue_every_days: int, remind_overdue_max: int
) -> None:
    """Refuse reminder settings the beat task cannot honour, naming the field at fault (the admin
    form shows each message next to its field)."""
    errors = {}
    for field, value, highest in (
        ("remind_days_before", remind_days_before, REMIND_DAYS_BEFORE_MAX),
        ("remind_overdue_every_days", remind_overdue_every_days, REMIND_OVERDUE_EVERY_DAYS_MAX),
        ("remind_overdue_max", remind_overdue_max, REMIND_OVERDUE_MAX_MAX),
    ):
        if value is None or not 0 <= value <= highest:
            errors[field] = _("Enter a whole number from 0 to %(max)s.") % {"max": highest}
    if not errors and remind_overdue_every_days * remind_overdue_max > REMIND_WINDOW_DAYS:
        errors["remind_overdue_max"] = _(
            "Overdue reminders would go on for more than a year after the due date: send fewer, or less often."
        )
    if errors:
        raise ValidationError(errors)


@audited
@transaction.atomic
def award_reminders_update(
    *,
    award: Award,
    by: User,
    remind_days_before: int,
    remind_on_due_date: bool,
    remind_overdue_every_days: int,
    remind_overdue_max: int,
) -> Award:
    """A grant manager changes when an award's grantee is reminded of its reports; the next beat run
    uses the new settings. Who changed them is in the award's history (AwardEvent, via @audited)."""
    if not selectors.is_grant_manager(by):
        raise PermissionDenied
    values: dict[str, Any] = {
        "remind_days_before": remind_days_before,
        "remind_on_due_date": bool(remind_on_due_date),
        "remind_overdue_every_days": remind_overdue_every_days,
        "remind_overdue_max": remind_overdue_max,
    }
    award_reminders_check(**values)
    for field, value in values.items():
        setattr(award, field, value)
    award.save(update_fields=list(values))
    return award


@audited
def decisions_notify(*, decisions, by: User) -> int:
    """Email each organization's members its decision, in the language the application was written in."""
    if not selectors.is_grant_manager(by):
        raise PermissionDenied
    sent = 0
    for decision in decisions.select_related("application__cycle", "application__organization").filter(
        notified_at__isnull=True
    ):
        application = decision.application
        recipients = list(application.organization.grant_memberships.values_list("user__email", flat=True))
        # In the language the organization applied in, like the application's PDF copy.
        email_send(
            template="grants/email/decision",
            context={"decision": decision, "application": application},
            to=recipients,
            language=application.language,
        )
        decision.notified_at = timezone.now()
        decision.save(update_fields=["notified_at"])
        sent += 1
    return sent


# ------------------------------------------------------------------------------
# Grantee reports
# ------------------------------------------------------------------------------
@audited
@transaction.atomic
def grantee_report_submit(
    *, report: GranteeReport, by: User, activities: str, outcomes: str, narrative: str, counts: dict[str, int]
) -> GranteeReport:
    """A member of the grantee files a report: individuals served by service type, activities, outcomes."""
    if not selectors.reports_for(by).filter(pk=report.pk).exists():
        raise PermissionDenied
    if report.submitted_at:
        raise ValidationError(_("This report was already submitted."))
    report.activities, report.outcomes, report.narrative = activities, outcomes, narrative
    report.submitted_at = timezone.now()
    report.submitted_by = by
    report.save()
    ReportServiceCount.objects.bulk_create(
        [ReportServiceCount(report=report, service_type=k, individuals=v) for k, v in counts.items() if v]
    )
    return report


def _reminder_kind(*, report: GranteeReport, today: date) -> str | None:
    """Which reminder, if any, an unsubmitted report gets today under its award's settings."""
    award = report.award
    return reminder_step(
        due_on=report.due_on,
        today=today,
        days_before=award.remind_days_before,
        on_due_date=award.remind_on_due_date,
        overdue_every_days=award.remind_overdue_every_days,
        overdue_max=award.remind_overdue_max,
    )


def grantee_reports_remind(*, today: date | None = None) -> int:
    """Email the members of each grantee whose report needs a reminder today (daily, from beat).

    Each reminder is recorded first (one a report a day, a unique constraint), so a second run the
    same day sends nothing; submitted reports get none. In the language the organization applied in.
    """
    today = today or timezone.localdate()
    # No award reminds earlier than a year before or later than a year after the due date.
    reports = (
        GranteeReport.objects.filter(
            submitted_at__isnull=True,
            due_on__gte=today - timedelta(days=366),
            due_on__lte=today + timedelta(days=366),
        )
        .exclude(reminders__sent_on=today)
        .select_related("award__application__cycle", "award__application__organization")
    )
    sent = 0
    for report in reports:
        kind = _reminder_kind(report=report, today=today)
        if kind is None:
            continue
        with transaction.atomic():
            _reminder, created = ReportReminder.objects.get_or_create(
                report=report, sent_on=today, defaults={"kind": kind}
            )
            if not created:
                continue
            application = report.award.application
            recipients = list(
                application.organization.grant_memberships.values_list("user__email", flat=True).order_by("user__email")
            )
            with translation.override(application.language):
                link = settings.SITE_URL + reverse("grants:report", args=[report.pk])
            email_send(
                template="grants/email/report_reminder",
                context={
                    "report": report,
                    "application": application,
                    "kind": kind,
                    "link": link,
                },
                to=recipients,
                language=application.language,
            )
        sent += 1
    return sent
