"""Grant cycles, applications from nonprofits, reviews, decisions, awards and grantee reports.

Applicants are the directory's `Organization`s; `OrganizationProfile` holds what only grants
need. `__str__` never shows a person's name: admin logs copy it into LogEntry.object_repr.
"""

import uuid
from datetime import timedelta
from decimal import Decimal

import pghistory
import pgtrigger
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from moia import reminders
from moia.fields import acting_user_field
from moia.tokens import token_new

MONEY = {"max_digits": 12, "decimal_places": 2}


class GrantCycle(models.Model):
    """One funding round: when it is open, how much it gives, and how it is judged."""

    slug = models.SlugField(_("slug"), unique=True, max_length=120)
    office = models.CharField(_("office"), max_length=20, default="boston")
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    eligibility = models.TextField(_("eligibility"), blank=True)
    required_documents = models.TextField(_("required documents"), blank=True)
    scoring_criteria = models.TextField(_("scoring criteria"), blank=True)
    total_pool = models.DecimalField(_("total pool"), **MONEY)
    min_award = models.DecimalField(_("minimum award"), **MONEY)
    max_award = models.DecimalField(_("maximum award"), **MONEY)
    # Stored as aware datetimes; entered and shown in America/New_York (settings.TIME_ZONE).
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"))
    # Optional: when set, a project's dates must fall inside this period (checked on the project step).
    project_starts_on = models.DateField(_("projects start on or after"), null=True, blank=True)
    project_ends_on = models.DateField(_("projects end on or before"), null=True, blank=True)
    # Optional: told to applicants in the receipt, so they know when to expect an answer.
    decisions_by = models.DateField(_("decisions expected by"), null=True, blank=True)
    is_published = models.BooleanField(_("published"), default=True)

    class Meta:
        ordering = ["-opens_at"]
        verbose_name = _("grant cycle")
        verbose_name_plural = _("grant cycles")

    def __str__(self) -> str:
        return self.title

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.is_published and self.opens_at <= now < self.closes_at

    def is_upcoming(self, now=None) -> bool:
        return (now or timezone.now()) < self.opens_at


class FundingStream(models.Model):
    """A stream of a cycle's pool; its award limits, when set, narrow the cycle's."""

    cycle = models.ForeignKey(GrantCycle, on_delete=models.CASCADE, related_name="streams", verbose_name=_("cycle"))
    slug = models.SlugField(_("slug"), max_length=120)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    min_award = models.DecimalField(_("minimum award"), null=True, blank=True, **MONEY)
    max_award = models.DecimalField(_("maximum award"), null=True, blank=True, **MONEY)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["cycle", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["cycle", "slug"], name="grants_stream_unique_slug")]
        verbose_name = _("funding stream")
        verbose_name_plural = _("funding streams")

    def __str__(self) -> str:
        return self.title

    @property
    def award_range(self) -> tuple[Decimal, Decimal]:
        return (self.min_award or self.cycle.min_award, self.max_award or self.cycle.max_award)


class OrganizationProfile(models.Model):
    """What grants need to know about an applicant beyond the directory's Organization."""

    class Path(models.TextChoices):
        NONPROFIT = "nonprofit", _("Registered nonprofit")
        FISCAL_SPONSOR = "fiscal_sponsor", _("Fiscally sponsored group")

    organization = models.OneToOneField(
        "directory.Organization", on_delete=models.CASCADE, related_name="grant_profile"
    )
    eligibility_path = models.CharField(_("eligibility path"), max_length=20, choices=Path, default=Path.NONPROFIT)
    street_address = models.CharField(_("street address"), max_length=255, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    state = models.CharField(_("state"), max_length=2, blank=True)
    postal_code = models.CharField(_("ZIP code"), max_length=10, blank=True)
    mission = models.TextField(_("mission"), blank=True)
    languages_served = models.CharField(_("languages served"), max_length=500, blank=True)
    communities_served = models.CharField(_("communities served"), max_length=500, blank=True)
    fiscal_sponsor_name = models.CharField(_("fiscal sponsor name"), max_length=255, blank=True)
    fiscal_sponsor_ein = models.CharField(_("fiscal sponsor EIN"), max_length=10, blank=True)
    sponsor_signoff_by = models.CharField(_("sponsor sign-off: signer's title"), max_length=150, blank=True)
    sponsor_signoff_at = models.DateField(_("sponsor sign-off date"), null=True, blank=True)

    class Meta:
        verbose_name = _("applicant profile")
        verbose_name_plural = _("applicant profiles")

    def __str__(self) -> str:
        return f"Profile #{self.pk}"


class OrganizationMembership(models.Model):
    class Role(models.TextChoices):
        OWNER = "owner", _("Owner")
        EDITOR = "editor", _("Editor")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="grant_memberships")
    organization = models.ForeignKey(
        "directory.Organization", on_delete=models.CASCADE, related_name="grant_memberships"
    )
    role = models.CharField(_("role"), max_length=10, choices=Role, default=Role.EDITOR)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "organization"], name="grants_membership_unique")]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self) -> str:
        return f"Membership #{self.pk} ({self.role})"


def _invitation_token() -> str:
    """The old plaintext token's default: kept because migration 0001 names it."""
    return token_new()[0]


def _invitation_digest() -> str:
    """The digest of a token nobody holds: an invitation made outside services.invitation_create
    (which stores the digest of the token it emails) has no working link."""
    return token_new()[1]


def _invitation_expiry():
    return timezone.now() + timedelta(days=14)


class Invitation(models.Model):
    organization = models.ForeignKey("directory.Organization", on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("email"))
    role = models.CharField(_("role"), max_length=10, choices=OrganizationMembership.Role, default="editor")
    # Only the SHA-256 of the link's token (moia.tokens): the emailed link is its only copy, so a
    # leaked row or backup cannot be turned into a way into an organization.
    token_digest = models.CharField(max_length=64, unique=True, default=_invitation_digest, editable=False)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    expires_at = models.DateTimeField(default=_invitation_expiry)
    accepted_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return f"Invitation #{self.pk}"

    def is_usable(self) -> bool:
        return self.accepted_at is None and self.expires_at > timezone.now()


class Application(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        UNDER_REVIEW = "under_review", _("Under review")
        AWARDED = "awarded", _("Awarded")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    # What the applicant answers about the project: every one is shown to staff in the admin and
    # frozen in the decision snapshot (selectors.application_snapshot_data).
    ANSWER_FIELDS = (
        "title",
        "summary",
        "description",
        "start_date",
        "end_date",
        "communities_served",
        "languages_served",
        "individuals_expected",
        "outcomes",
        "partners",
    )

    cycle = models.ForeignKey(GrantCycle, on_delete=models.PROTECT, related_name="applications")
    stream = models.ForeignKey(FundingStream, on_delete=models.PROTECT, related_name="applications")
    organization = models.ForeignKey(
        "directory.Organization", on_delete=models.PROTECT, related_name="grant_applications"
    )
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.DRAFT, db_index=True)
    language = models.CharField(_("language written in"), max_length=10, choices=settings.LANGUAGES, default="en")
    title = models.CharField(_("project title"), max_length=200, blank=True)
    summary = models.TextField(_("project summary"), blank=True)
    description = models.TextField(_("project description"), blank=True)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    communities_served = models.TextField(_("communities served"), blank=True)
    languages_served = models.TextField(_("languages served"), blank=True)
    individuals_expected = models.PositiveIntegerField(_("people you expect to serve"), null=True, blank=True)
    outcomes = models.TextField(_("expected outcomes"), blank=True)
    # Named so a reviewer can see a conflict of interest before reading anything else.
    partners = models.TextField(
        _("partner organizations"),
        blank=True,
        help_text=_("Name the organizations you will work with on this project, one on each line."),
    )
    # Optimistic locking: each save must name the version it started from (services.application_step_save).
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    last_saved_at = models.DateTimeField(default=timezone.now)
    # Who of the organisation's members saved the draft last: with several people editing one
    # application, staff helping a nonprofit need to know whose change they are looking at.
    last_saved_by = acting_user_field(editable=False)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-last_saved_at"]
        # A member's dashboard lists their organization's applications, newest first.
        indexes = [models.Index(fields=["organization", "-last_saved_at"], name="grants_application_org_saved")]
        verbose_name = _("application")
        verbose_name_plural = _("applications")

    def __str__(self) -> str:
        return f"Application #{self.pk}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("grants:application_detail", args=[self.pk])

    @property
    def label(self) -> str:
        """What staff pick an application by: its project title and applicant (select organization)."""
        return "{} · {} (#{})".format(self.title or "—", self.organization.name, self.pk)


class BudgetLine(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="budget_lines")
    category = models.CharField(_("category"), max_length=100)
    description = models.CharField(_("description"), max_length=255, blank=True)
    amount = models.DecimalField(_("amount"), validators=[MinValueValidator(Decimal("0.01"))], **MONEY)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")

    def __str__(self) -> str:
        return f"Budget line #{self.pk}"


def document_upload_to(instance, filename: str) -> str:
    # The stored name is random; `filename` is ours ("upload.pdf", from the sniffed type),
    # so the applicant's own file name never reaches the filesystem.
    suffix = filename.rsplit(".", 1)[-1] if "." in filename else "bin"
    return f"grants/{uuid.uuid4().hex}.{suffix[:5]}"


class Document(models.Model):
    class Kind(models.TextChoices):
        IRS_LETTER = "irs_letter", _("IRS determination letter")
        SPONSOR_AGREEMENT = "sponsor_agreement", _("Fiscal sponsor agreement")
        BUDGET = "budget", _("Budget")
        OTHER = "other", _("Other")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    file = models.FileField(upload_to=document_upload_to, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self) -> str:
        return f"Document #{self.pk}"


class RubricCriterion(models.Model):
    cycle = models.ForeignKey(GrantCycle, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(_("name"), max_length=200)
    weight = models.DecimalField(_("weight"), max_digits=5, decimal_places=2, default=Decimal("1"))
    max_score = models.PositiveSmallIntegerField(_("maximum score"), default=5)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["cycle", "order", "pk"]
        verbose_name = _("rubric criterion")
        verbose_name_plural = _("rubric criteria")

    def __str__(self) -> str:
        return self.name


class ReviewAssignment(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="assignments")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="grant_reviews")
    # None until the reviewer answers; True recuses them (services.review_conflict_declare).
    conflict_declared = models.BooleanField(_("conflict of interest declared"), null=True, blank=True)
    declared_at = models.DateTimeField(_("declared at"), null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    assigned_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["application", "reviewer"], name="grants_assignment_unique")]
        verbose_name = _("review assignment")
        verbose_name_plural = _("review assignments")

    def __str__(self) -> str:
        return f"Review #{self.pk}"

    @property
    def may_score(self) -> bool:
        return self.conflict_declared is False


class Score(models.Model):
    assignment = models.ForeignKey(ReviewAssignment, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(RubricCriterion, on_delete=models.CASCADE, related_name="scores")
    value = models.PositiveSmallIntegerField(_("score"), validators=[MinValueValidator(0), MaxValueValidator(100)])

    class Meta:
        constraints = [models.UniqueConstraint(fields=["assignment", "criterion"], name="grants_score_unique")]
        verbose_name = _("score")
        verbose_name_plural = _("scores")

    def __str__(self) -> str:
        return f"Score #{self.pk}"


class Decision(models.Model):
    class Outcome(models.TextChoices):
        AWARD = "award", _("Award")
        DECLINE = "decline", _("Decline")

    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="decision")
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome)
    amount = models.DecimalField(_("amount"), null=True, blank=True, **MONEY)
    reason = models.TextField(_("reason"), blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(default=timezone.now)
    notified_at = models.DateTimeField(_("notified at"), null=True, blank=True)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self) -> str:
        return f"Decision #{self.pk} ({self.outcome})"


class ApplicationSnapshot(models.Model):
    """The application exactly as it was decided: answers, budget, documents list, scores, decision.

    One row per decision (a re-decision adds one, the earlier stays). Written once by
    services.decision_record from selectors.application_snapshot_data; never changed or removed
    afterwards (the model refuses, the database trigger refuses on PostgreSQL, the admin shows it
    read-only), so an audit sees what was approved whatever happens to the application later.
    """

    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="snapshots", verbose_name=_("application")
    )
    outcome = models.CharField(_("outcome"), max_length=10, choices=Decision.Outcome)
    decided_at = models.DateTimeField(_("decided at"))
    data = models.JSONField(_("snapshot"), editable=False)
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["application", "created_at", "pk"]
        verbose_name = _("decided application snapshot")
        verbose_name_plural = _("decided application snapshots")
        triggers = [
            pgtrigger.Protect(name="grants_snapshot_protect", operation=pgtrigger.Update | pgtrigger.Delete),
        ]

    def __str__(self) -> str:
        return f"Snapshot #{self.pk} ({self.outcome})"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError("A decided application's snapshot cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("A decided application's snapshot cannot be deleted.")


class Award(models.Model):
    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="award")
    amount = models.DecimalField(_("amount"), **MONEY)
    award_date = models.DateField(_("award date"))
    # When the grantee is reminded of a report not yet submitted (services.grantee_reports_remind).
    remind_days_before = models.PositiveSmallIntegerField(
        _("remind this many days before a report is due"), default=14, help_text=_("0 sends no early reminder.")
    )
    remind_on_due_date = models.BooleanField(_("remind on the due date"), default=True)
    remind_overdue_every_days = models.PositiveSmallIntegerField(
        _("while overdue, remind every this many days"), default=7, help_text=_("0 sends no overdue reminders.")
    )
    remind_overdue_max = models.PositiveSmallIntegerField(_("at most this many overdue reminders"), default=4)

    class Meta:
        ordering = ["-award_date"]
        verbose_name = _("award")
        verbose_name_plural = _("awards")

    def __str__(self) -> str:
        return f"Award #{self.pk}"


class Payment(models.Model):
    award = models.ForeignKey(Award, on_delete=models.CASCADE, related_name="payments")
    due_on = models.DateField(_("due on"))
    amount = models.DecimalField(_("amount"), **MONEY)
    paid_on = models.DateField(_("paid on"), null=True, blank=True)

    class Meta:
        ordering = ["due_on"]
        verbose_name = _("scheduled payment")
        verbose_name_plural = _("payment schedule")

    def __str__(self) -> str:
        return f"Payment #{self.pk}"


class GranteeReport(models.Model):
    """A report a grantee owes by `due_on`; created with the award, filled in by the grantee."""

    award = models.ForeignKey(Award, on_delete=models.CASCADE, related_name="reports")
    due_on = models.DateField(_("due on"))
    activities = models.TextField(_("activities"), blank=True)
    outcomes = models.TextField(_("outcomes"), blank=True)
    narrative = models.TextField(_("narrative"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["due_on"]
        verbose_name = _("grantee report")
        verbose_name_plural = _("grantee reports")

    def __str__(self) -> str:
        return f"Grantee report #{self.pk}"


class ReportReminder(models.Model):
    """A reminder sent about a grantee report: at most one a report a day, so a rerun sends nothing twice."""

    class Kind(models.TextChoices):
        # The values moia.reminders.reminder_step returns.
        BEFORE = reminders.BEFORE, _("Before the due date")
        DUE = reminders.DUE, _("On the due date")
        OVERDUE = reminders.OVERDUE, _("Overdue")

    report = models.ForeignKey(GranteeReport, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind)
    sent_on = models.DateField(_("sent on"))
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        ordering = ["report", "sent_on"]
        constraints = [models.UniqueConstraint(fields=["report", "sent_on"], name="grants_reminder_once_a_day")]
        verbose_name = _("report reminder")
        verbose_name_plural = _("report reminders")

    def __str__(self) -> str:
        return f"Reminder #{self.pk} ({self.kind})"


class ServiceType(models.TextChoices):
    """The broad kinds of service grantees report individuals served under.

    Deliberately not programs.ServiceType: that is the office's own catalogue of what its
    programmes deliver (legal consultation, civic course, …), edited by staff and finer than a
    grantee can map its work to; a grantee's report must mean the same thing every year and across
    organizations, so these few categories are fixed in code and the annual report shows them in a
    table of their own rather than adding them to the programmes' figures."""

    LEGAL = "legal", _("Legal help")
    LANGUAGE = "language", _("Language access and interpretation")
    ESOL = "esol", _("English classes")
    YOUTH = "youth", _("Youth programs")
    WORKFORCE = "workforce", _("Jobs and workforce")
    HEALTH = "health", _("Health and well-being")
    COMMUNITY = "community", _("Community events")
    OTHER = "other", _("Other")


class ReportServiceCount(models.Model):
    """Individuals served by service type: the figure the annual report counts."""

    report = models.ForeignKey(GranteeReport, on_delete=models.CASCADE, related_name="service_counts")
    service_type = models.CharField(_("service type"), max_length=20, choices=ServiceType)
    individuals = models.PositiveIntegerField(_("individuals served"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["report", "service_type"], name="grants_report_service_unique")]
        verbose_name = _("individuals served")
        verbose_name_plural = _("individuals served")

    def __str__(self) -> str:
        return f"{self.service_type}: {self.individuals}"


# Trigger-based history of every state change (who and when come from pghistory's context: the
# request's user, or the `by` a service was given, moia.services.audited). Applications keep
# only their status: their texts are the applicant's drafts, not decisions.
def _track(model, *, model_name: str, **options) -> None:
    pghistory.track(
        pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent(), model_name=model_name, **options
    )(model)


_track(Application, model_name="ApplicationStatusEvent", fields=["status", "submitted_at"])
# Documents: who uploaded is on the row; who removed one exists only in its delete event.
_track(Document, model_name="DocumentEvent", fields=["application", "kind", "uploaded_by"])
_track(ReviewAssignment, model_name="ReviewAssignmentEvent")
_track(Score, model_name="ScoreEvent")
_track(Decision, model_name="DecisionEvent")
_track(Award, model_name="AwardEvent")
_track(Payment, model_name="PaymentEvent")
