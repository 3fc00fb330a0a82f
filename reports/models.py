"""The annual report to the City Council (ordinance 12-19.4(2)) and its sources."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


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
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        ordering = ["year", "topic", "geography", "dimension"]
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
    """What staff write for a year's report: the director's letter, barriers commentary and
    recommendations (section (c)); translatable into every portal language."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    director_letter = models.TextField(_("director's letter"), blank=True)
    needs_commentary = models.TextField(_("needs commentary"), blank=True)
    barriers_commentary = models.TextField(_("barriers commentary"), blank=True)
    recommendations = models.TextField(_("recommendations"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("report narrative")
        verbose_name_plural = _("report narratives")

    def __str__(self) -> str:
        return str(self.year)


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
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(_("requested at"), null=True, blank=True)
    built_at = models.DateTimeField(_("built at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
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
