"""The annual report to the City Council (ordinance 12-19.4(2)) and its sources."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from moia.fields import acting_user_field
from moia.l10n.models import TranslationReviewStatus


class PopulationStatistic(models.Model):
    """A published population figure for section (a), e.g. an American Community Survey estimate.

    Imported by Report editors from the CSV layout documented in reports/POPULATION_CSV.md.
    Immigration-status estimates come from here (published figures), never from intakes.
    """

    class Topic(models.TextChoices):
        POPULATION = "population", _("Total population")
        NATIVITY = "nativity", _("Place of birth")
        CITIZENSHIP = "citizenship", _("Citizenship")
        YEAR_OF_ENTRY = "year_of_entry", _("Year of entry")
        LANGUAGE = "language", _("Language spoken at home")
        ENGLISH_ABILITY = "english_ability", _("English ability")
        IMMIGRATION_STATUS = "immigration_status", _("Estimated immigration status")
        INCOME = "income", _("Income")
        POVERTY = "poverty", _("Poverty")
        EDUCATION = "education", _("Educational attainment")
        OTHER = "other", _("Other")

    class Unit(models.TextChoices):
        COUNT = "count", _("people")
        PERCENT = "percent", _("percent")
        DOLLARS = "dollars", _("dollars")

    year = models.PositiveSmallIntegerField(_("year"))
    topic = models.CharField(_("topic"), max_length=30, choices=Topic.choices)
    dimension = models.CharField(_("dimension"), max_length=120, help_text=_("e.g. Foreign-born, Spanish"))
    geography = models.CharField(_("geography"), max_length=120, default="citywide")
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    unit = models.CharField(_("unit"), max_length=10, choices=Unit.choices, default=Unit.COUNT)
    margin_of_error = models.DecimalField(_("margin of error"), max_digits=14, decimal_places=2, null=True, blank=True)
    source = models.CharField(_("source"), max_length=255)
    # Bands with a natural order (years of entry) keep it in tables and charts; others go largest first.
    order = models.PositiveSmallIntegerField(
        _("order"), default=0, help_text=_("Position within the topic, for categories in a natural order.")
    )
    is_aggregate = models.BooleanField(
        _("total of other rows"),
        default=False,
        help_text=_("A total of other categories, such as 'speaks a language other than English': left out of charts."),
    )
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        ordering = ["year", "topic", "geography", "order", "dimension"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "topic", "dimension", "geography"], name="unique_population_statistic"
            )
        ]
        verbose_name = _("population statistic")
        verbose_name_plural = _("population statistics")

    def __str__(self) -> str:
        return f"{self.year} {self.topic} {self.dimension} ({self.geography})"


class ReportNarrative(models.Model):
    """What staff write for a year's report: the director's letter, the findings on needs and
    barriers and the recommendations (section (c)); translatable into every portal language.

    Every text is required, and each language's texts must be reviewed by a person
    (ReportNarrativeReview) before a report in that language can be published.
    """

    REQUIRED_FIELDS = ("director_letter", "needs_commentary", "barriers_commentary", "recommendations")

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    director_letter = models.TextField(_("director's letter"), blank=True)
    needs_commentary = models.TextField(_("findings on needs"), blank=True)
    barriers_commentary = models.TextField(_("findings on barriers"), blank=True)
    recommendations = models.TextField(_("recommendations"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("report narrative")
        verbose_name_plural = _("report narratives")

    def __str__(self) -> str:
        return str(self.year)


class ReportNarrativeReview(models.Model):
    """A person's review of a year's narrative in one language.

    It holds a fingerprint of the texts it approved (that language's and the English source):
    editing either afterwards makes the review out of date, so changed text is never published
    unreviewed.
    """

    Status = TranslationReviewStatus

    narrative = models.ForeignKey(ReportNarrative, on_delete=models.CASCADE, related_name="reviews")
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    fingerprint = models.CharField(max_length=64, editable=False)
    reviewed_by = acting_user_field(_("reviewed by"))
    reviewed_at = models.DateTimeField(_("reviewed at"))

    class Meta:
        ordering = ["narrative", "language"]
        constraints = [
            models.UniqueConstraint(fields=["narrative", "language"], name="reports_narrative_review_unique")
        ]
        verbose_name = _("translation review")
        verbose_name_plural = _("translation reviews")

    def __str__(self) -> str:
        return f"{self.narrative} [{self.language}]"


def report_file_path(instance: "AnnualReport", filename: str) -> str:
    return f"reports/{instance.year}/v{instance.version}/{filename}"


class AnnualReport(models.Model):
    """One build of the report for a year in one language.

    Builds are versioned; publishing a version supersedes the previously published one of
    the same year and language, which stays downloadable in the archive. The data behind a
    build is frozen in `snapshot`, so published figures never drift.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        QUEUED = "queued", _("Queued")
        BUILDING = "building", _("Building")
        READY = "ready", _("Ready to publish")
        FAILED = "failed", _("Failed")
        PUBLISHED = "published", _("Published")
        SUPERSEDED = "superseded", _("Superseded")

    year = models.PositiveSmallIntegerField(_("year"))
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES, default="en")
    version = models.PositiveIntegerField(_("version"), default=1)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    snapshot = models.JSONField(_("data snapshot"), null=True, blank=True, editable=False)
    pdf = models.FileField(_("PDF"), upload_to=report_file_path, blank=True)
    data_csv = models.FileField(_("data (CSV)"), upload_to=report_file_path, blank=True)
    data_json = models.FileField(_("data (JSON)"), upload_to=report_file_path, blank=True)
    checksum = models.CharField(_("SHA-256 of the PDF"), max_length=64, blank=True)
    error = models.TextField(_("error"), blank=True)
    requested_by = acting_user_field()
    requested_at = models.DateTimeField(_("requested at"), null=True, blank=True)
    built_at = models.DateTimeField(_("built at"), null=True, blank=True)
    published_by = acting_user_field()
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        ordering = ["-year", "language", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["year", "language", "version"], name="unique_report_version"),
            # At most one current (published) version per year and language.
            models.UniqueConstraint(
                fields=["year", "language"],
                condition=models.Q(status="published"),
                name="one_published_report_per_year_language",
            ),
        ]
        verbose_name = _("annual report")
        verbose_name_plural = _("annual reports")

    def __str__(self) -> str:
        return f"{self.year} ({self.language}) v{self.version}"

    @property
    def pdf_filename(self) -> str:
        return f"annual-report-{self.year}-{self.language}.pdf"


class DepartmentRequest(models.Model):
    """A request to another City department for its figures of a year (ordinance 12-19.4(1):
    "All City departments shall cooperate with the Office and provide information").

    The department answers through a signed link that expires, without an account. Every change
    of `status` goes through one service in reports/services.py, which records who made it
    (DepartmentRequestEvent); the admin shows the status but cannot edit it.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft, not sent")
        SENT = "sent", _("Sent, waiting for the answer")
        ANSWERED = "answered", _("Answered")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    year = models.PositiveSmallIntegerField(_("year"))
    department = models.CharField(_("department"), max_length=200, help_text=_("As printed in the report."))
    contact_name = models.CharField(_("contact name"), max_length=200)
    contact_email = models.EmailField(_("contact email"))
    language = models.CharField(_("language of the request"), max_length=10, choices=settings.LANGUAGES, default="en")
    due_on = models.DateField(_("answer due on"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, editable=False)
    # A new link (sent again) changes the nonce, so earlier links stop working.
    link_nonce = models.CharField(max_length=32, blank=True, editable=False)
    link_expires_at = models.DateTimeField(_("link expires at"), null=True, blank=True, editable=False)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True, editable=False)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True, editable=False)
    answered_by_name = models.CharField(_("answered by"), max_length=200, blank=True, editable=False)
    answered_by_role = models.CharField(_("job title"), max_length=200, blank=True, editable=False)
    answer_note = models.TextField(_("note from the department"), blank=True, editable=False)

    class Meta:
        ordering = ["-year", "department"]
        verbose_name = _("department data request")
        verbose_name_plural = _("department data requests")

    def __str__(self) -> str:
        return f"{self.year} {self.department}"


class DepartmentFigure(models.Model):
    """One figure a department is asked for, and its answer; printed in section (b) or (c)."""

    class Section(models.TextChoices):
        NEEDS = "needs", _("(b) Needs")
        BARRIERS = "barriers", _("(c) Barriers and recommendations")

    class Unit(models.TextChoices):
        COUNT = "count", _("number")
        PERCENT = "percent", _("percent")

    request = models.ForeignKey(DepartmentRequest, on_delete=models.CASCADE, related_name="figures")
    label = models.CharField(_("figure"), max_length=255, help_text=_("For example: Interpretation requests served"))
    definition = models.CharField(
        _("what to count"), max_length=500, blank=True, help_text=_("Shown to the department under the figure.")
    )
    section = models.CharField(_("report section"), max_length=10, choices=Section.choices, default=Section.NEEDS)
    unit = models.CharField(_("unit"), max_length=10, choices=Unit.choices, default=Unit.COUNT)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    value = models.PositiveBigIntegerField(_("answer"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["request", "order", "pk"]
        verbose_name = _("requested figure")
        verbose_name_plural = _("requested figures")

    def __str__(self) -> str:
        return self.label


class DepartmentRequestEvent(models.Model):
    """Who changed a department request's state, and when: a staff user, or the department's
    person who answered through the link (by the name they gave)."""

    class Action(models.TextChoices):
        SENT = "sent", _("Sent")
        ANSWERED = "answered", _("Answered")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        # Sent by the beat task (services.department_requests_remind): no `by`, no `by_name`.
        REMINDED_BEFORE = "reminded_before", _("Reminder sent before the due date")
        REMINDED_DUE = "reminded_due", _("Reminder sent on the due date")

    request = models.ForeignKey(DepartmentRequest, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    by = acting_user_field(_("by"))
    by_name = models.CharField(_("by (name given)"), max_length=200, blank=True)
    at = models.DateTimeField(_("at"))
    # A reminder's due date: with the constraint below, each step goes out once per due date,
    # however often (or however concurrently) the beat task runs; a new due date starts afresh.
    reminded_for_due_on = models.DateField(_("reminder for the due date"), null=True, blank=True)

    class Meta:
        ordering = ["request", "at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["request", "action", "reminded_for_due_on"],
                condition=models.Q(action__in=["reminded_before", "reminded_due"]),
                name="reports_department_reminder_once",
            ),
        ]
        verbose_name = _("department request event")
        verbose_name_plural = _("department request events")

    def __str__(self) -> str:
        return f"{self.request} {self.action}"


class Recommendation(models.Model):
    """One recommendation a year's report made to the Council, and what came of it: the next
    year's report shows its status and note, so the Council can follow it up.

    The status is set through reports.services.recommendation_status_set, which records who set it.
    """

    class Status(models.TextChoices):
        NOT_ASSESSED = "", _("Not yet assessed")
        IMPLEMENTED = "implemented", _("Implemented")
        IN_PROGRESS = "in_progress", _("In progress")
        NOT_STARTED = "not_started", _("Not started")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    year = models.PositiveSmallIntegerField(_("year of the report that made it"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.TextField(_("recommendation"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, blank=True, default="")
    note = models.TextField(_("what came of it"), blank=True)
    status_set_by = acting_user_field(_("status set by"), editable=False)
    status_set_at = models.DateTimeField(_("status set at"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-year", "order", "pk"]
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")

    def __str__(self) -> str:
        return f"{self.year}: {self.text[:60]}"
