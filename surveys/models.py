"""Anonymous community surveys: questionnaires, partner collectors, responses and answers.

Anonymous by design: a response keeps its language, channel, collector, start and finish
times and answers, and nothing else about the person (no IP address, user agent, account or
name). `entered_by` is the staff member who typed a paper sheet, never the respondent.
Answers are one row per selected choice so results are a plain SQL GROUP BY.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from moia.fields import acting_user_field


class ReportSection(models.TextChoices):
    DEMOGRAPHICS = "demographics", _("Demographics")
    NEEDS = "needs", _("Needs")
    BARRIERS = "barriers", _("Barriers")
    SATISFACTION = "satisfaction", _("Satisfaction")
    OTHER = "other", _("Other")


class Channel(models.TextChoices):
    ONLINE = "online", _("Online")
    PAPER = "paper", _("Paper")
    PARTNER = "partner", _("With a partner")
    PHONE = "phone", _("Phone")


class Survey(models.Model):
    """A questionnaire open between two dates; its text is versioned (see SurveyVersion)."""

    slug = models.SlugField(_("slug"), unique=True, max_length=120)
    title = models.CharField(_("title"), max_length=255)
    introduction = models.TextField(_("introduction"), blank=True)
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"))
    estimated_minutes = models.PositiveSmallIntegerField(_("estimated minutes"), default=10)
    # Census-style double entry: a paper sheet counts only once two people typed it alike.
    double_entry = models.BooleanField(_("double entry of paper sheets"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-opens_at"]
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")

    def __str__(self) -> str:
        return self.title

    def is_open(self, *, now=None) -> bool:
        now = now or timezone.now()
        return self.opens_at <= now < self.closes_at

    def is_closed(self, *, now=None) -> bool:
        return (now or timezone.now()) >= self.closes_at

    @property
    def current_version(self) -> "SurveyVersion | None":
        return self.versions.order_by("-number").first()


class Section(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="sections", verbose_name=_("survey"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    code = models.SlugField(_("code"), max_length=60)
    title = models.CharField(_("title"), max_length=255)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["survey", "order", "id"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def __str__(self) -> str:
        return self.title


class Question(models.Model):
    class Kind(models.TextChoices):
        SINGLE = "single", _("Single choice")
        MULTIPLE = "multiple", _("Multiple choice")
        SCALE = "scale", _("Scale")
        NUMBER = "number", _("Number")
        SHORT_TEXT = "short_text", _("Short text")
        LONG_TEXT = "long_text", _("Long text")
        COUNTRY = "country", _("Country")
        LANGUAGE = "language", _("Language")
        NEIGHBORHOOD = "neighborhood", _("Neighbourhood")
        YES_NO = "yes_no", _("Yes / no")

    # Kinds answered by picking Choice rows; country, language, neighbourhood and yes/no get
    # their choices from the portal (services.question_choices_sync), so they aggregate alike.
    CHOICE_KINDS = frozenset({"single", "multiple", "country", "language", "neighborhood", "yes_no"})
    APP_LIST_KINDS = frozenset({"country", "language", "neighborhood", "yes_no"})
    NUMBER_KINDS = frozenset({"scale", "number"})
    TEXT_KINDS = frozenset({"short_text", "long_text"})

    # The survey is repeated on the question so answers can be filtered without a join to sections.
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions", verbose_name=_("survey"))
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="questions", verbose_name=_("section"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    # Stable across translations, versions and copies: exports and the annual report key on it.
    code = models.SlugField(_("code"), max_length=60)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    text = models.TextField(_("text"))
    help_text = models.TextField(_("help text"), blank=True)
    required = models.BooleanField(_("required"), default=False)
    report_section = models.CharField(
        _("report section"), max_length=20, choices=ReportSection.choices, default=ReportSection.OTHER
    )
    show_if_question = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="dependents",
        verbose_name=_("show only if question"),
    )
    show_if_value = models.CharField(_("has the answer (choice code)"), max_length=60, blank=True)
    min_value = models.IntegerField(_("minimum"), null=True, blank=True)
    max_value = models.IntegerField(_("maximum"), null=True, blank=True)
    min_label = models.CharField(_("label of the minimum"), max_length=120, blank=True)
    max_label = models.CharField(_("label of the maximum"), max_length=120, blank=True)

    class Meta:
        ordering = ["section__order", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["survey", "code"], name="surveys_question_code_unique")]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self) -> str:
        return f"{self.code}: {self.text}"

    @property
    def is_choice(self) -> bool:
        return self.kind in self.CHOICE_KINDS

    @property
    def scale_values(self) -> list[int]:
        if self.kind != self.Kind.SCALE:
            return []
        return list(range(self.min_value or 1, (self.max_value or 5) + 1))


class Choice(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices", verbose_name=_("question"))
    code = models.SlugField(_("code"), max_length=60)
    label = models.CharField(_("label"), max_length=255)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["question", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["question", "code"], name="surveys_choice_code_unique")]
        verbose_name = _("choice")
        verbose_name_plural = _("choices")

    def __str__(self) -> str:
        return self.label


class SurveyVersion(models.Model):
    """The survey's texts as answered: a snapshot frozen once a response refers to it."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="versions", verbose_name=_("survey"))
    number = models.PositiveIntegerField(_("version"))
    texts = models.JSONField(_("texts"), default=dict)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["survey", "number"]
        constraints = [models.UniqueConstraint(fields=["survey", "number"], name="surveys_version_unique")]
        verbose_name = _("survey version")
        verbose_name_plural = _("survey versions")

    def __str__(self) -> str:
        return f"{self.survey.slug} v{self.number}"


def collector_code_new() -> str:
    # Short, unambiguous and unguessable enough for a flyer; no letters that look alike.
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    return "".join(secrets.choice(alphabet) for _i in range(7))


class Collector(models.Model):
    """A partner organization's link for one channel; responses through it are attributed to it."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="collectors", verbose_name=_("survey"))
    organization = models.ForeignKey(
        "directory.Organization",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="survey_collectors",
        verbose_name=_("partner organization"),
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices, default=Channel.PARTNER)
    code = models.SlugField(_("code"), unique=True, max_length=20, default=collector_code_new)
    label = models.CharField(_("label"), max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["survey", "organization__name", "channel"]
        verbose_name = _("collector")
        verbose_name_plural = _("collectors")

    def __str__(self) -> str:
        who = self.organization.name if self.organization_id else self.label or self.code
        return f"{who} ({self.get_channel_display()})"


class Response(models.Model):
    class Status(models.TextChoices):
        COMPLETE = "complete", _("Complete")
        PENDING_VERIFICATION = "pending_verification", _("Waiting for second entry or verification")

    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="responses", verbose_name=_("survey"))
    version = models.ForeignKey(
        SurveyVersion, on_delete=models.PROTECT, related_name="responses", verbose_name=_("version")
    )
    language = models.CharField(_("language"), max_length=10)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices, default=Channel.ONLINE)
    collector = models.ForeignKey(
        Collector,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="responses",
        verbose_name=_("collector"),
    )
    started_at = models.DateTimeField(_("started at"))
    finished_at = models.DateTimeField(_("finished at"))
    # finished_at - started_at in seconds, kept so "under 10 minutes" is a cheap aggregate.
    duration_seconds = models.PositiveIntegerField(_("duration (seconds)"), null=True, blank=True)
    form_number = models.CharField(_("paper form number"), max_length=30, blank=True)
    # The staff member who typed a paper sheet (never the respondent).
    entered_by = acting_user_field(_("entered by"))
    status = models.CharField(_("status"), max_length=25, choices=Status.choices, default=Status.COMPLETE)
    # The supervisor who settled a double-entered sheet's disagreements (services.paper_entry_resolve).
    verified_by = acting_user_field(_("verified by"), editable=False)
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-finished_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "form_number"],
                condition=~Q(form_number=""),
                name="surveys_response_form_number_unique",
            )
        ]
        indexes = [models.Index(fields=["survey", "status", "finished_at"], name="surveys_resp_survey_status")]
        verbose_name = _("response")
        verbose_name_plural = _("responses")

    def __str__(self) -> str:
        return f"{self.survey.slug} #{self.pk}"

    def save(self, *args, **kwargs):
        if self.started_at and self.finished_at:
            if self.duration_seconds is None:
                self.duration_seconds = max(0, int((self.finished_at - self.started_at).total_seconds()))
            # An anonymous answer timed to the second can be matched with a session row, an access
            # log or a collector's memory of who was in the room: only the hour is kept, the
            # duration (taken above from the exact times) is kept as a number.
            self.started_at = coarse_time(self.started_at)
            self.finished_at = coarse_time(self.finished_at)
        super().save(*args, **kwargs)


def coarse_time(moment):
    """The hour a response was started or finished in: the resolution stored and exported."""
    return moment.replace(minute=0, second=0, microsecond=0)


class Answer(models.Model):
    """One answer value: one row per selected choice, or a number, or a text."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    choice = models.ForeignKey(Choice, null=True, blank=True, on_delete=models.PROTECT, related_name="answers")
    number = models.IntegerField(null=True, blank=True)
    text = models.TextField(blank=True)
    # True on exactly one row per response and question: summing it in the same GROUP BY that
    # counts choices gives the number of respondents of a multiple-choice question without a
    # second COUNT(DISTINCT response) scan.
    first_of_question = models.BooleanField(default=True)

    class Meta:
        indexes = [models.Index(fields=["question", "choice"], name="surveys_answer_q_choice")]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")

    def __str__(self) -> str:
        return f"{self.question.code}"


class PaperEntry(models.Model):
    """One person's typing of one paper sheet, kept to compare the two passes of double entry."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="paper_entries")
    pass_number = models.PositiveSmallIntegerField(_("pass"))
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("entered by")
    )
    data = models.JSONField(_("answers as typed"), default=dict)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["response", "pass_number"]
        constraints = [
            models.UniqueConstraint(fields=["response", "pass_number"], name="surveys_paperentry_pass_unique")
        ]
        verbose_name = _("paper entry")
        verbose_name_plural = _("paper entries")

    def __str__(self) -> str:
        return f"{self.response.form_number} ({self.pass_number})"
