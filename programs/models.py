"""Programmes, the residents who ask them for help (intakes) and the work done for them.

The ordinance figures of 12-19.4(2)(d) are counted from these rows (programs.selectors):
capacity from ProgramCapacity, intakes from Intake, individuals and matters from
ServiceRecord, group attendance from Activity.
"""

import secrets

import pghistory
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from encrypted_fields.fields import EncryptedCharField, EncryptedDateField, EncryptedEmailField

from moia.countries import COUNTRIES

PREFER_NOT_TO_SAY = "prefer-not"


class ServiceType(models.Model):
    """A kind of service a programme delivers (legal consultation, civic course, ...)."""

    slug = models.SlugField(_("slug"), unique=True)
    name = models.CharField(_("name"), max_length=150)
    description = models.TextField(_("description"), blank=True)
    # Legal service types are reported with case types and direct/referred (12-19.4(2)(d)(v)).
    is_legal = models.BooleanField(_("legal service"), default=False)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "slug"]
        verbose_name = _("service type")
        verbose_name_plural = _("service types")

    def __str__(self) -> str:
        return self.name


class CaseType(models.Model):
    """A kind of legal matter (naturalization, DACA, asylum, ...).

    `lsc_problem_code` is the Legal Services Corporation Case Service Report (CSR Handbook,
    2017 edition) legal problem code, so the figures compare with what legal aid reports. The
    CSR has a single immigration code, 81 "Immigration/Naturalization" in the Individual
    Rights category (80s); every immigration case type maps to it, and the case type itself
    gives the finer split the ordinance asks for.
    """

    slug = models.SlugField(_("slug"), unique=True)
    name = models.CharField(_("name"), max_length=150)
    description = models.TextField(_("description"), blank=True)
    lsc_problem_code = models.CharField(_("LSC CSR legal problem code"), max_length=4, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "slug"]
        verbose_name = _("case type")
        verbose_name_plural = _("case types")

    def __str__(self) -> str:
        return self.name


class Program(models.Model):
    """A programmatic initiative of the office, possibly run with partner organizations."""

    slug = models.SlugField(_("slug"), unique=True, max_length=120)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    strategic_priority = models.ForeignKey(
        "office.StrategicPriority",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="programs",
        verbose_name=_("strategic priority"),
    )
    service_types = models.ManyToManyField(
        ServiceType, blank=True, related_name="programs", verbose_name=_("service types")
    )
    partners = models.ManyToManyField(
        "directory.Organization", blank=True, related_name="programs", verbose_name=_("partner organizations")
    )
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="ProgramStaff",
        blank=True,
        related_name="assigned_programs",
        verbose_name=_("assigned staff"),
    )
    intake_open = models.BooleanField(_("intake open"), default=True)
    public_form_enabled = models.BooleanField(_("public request form"), default=False)
    form_title = models.CharField(
        _("request form title"),
        max_length=200,
        blank=True,
        help_text=_('For example "Request a free 15-minute phone immigration consultation".'),
    )
    # Asked only where a programme needs it, and then always optional.
    asks_immigration_status = models.BooleanField(_("asks immigration status"), default=False)
    privacy_notice = models.TextField(
        _("privacy notice"), blank=True, help_text=_("Leave empty to show the standard notice.")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("programs:detail", kwargs={"slug": self.slug})


class ProgramStaff(models.Model):
    """A staff member assigned to a programme: they see and work its intakes, personal fields included."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, verbose_name=_("programme"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, verbose_name=_("staff member"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["program", "user"], name="unique_program_staff")]
        verbose_name = _("programme staff assignment")
        verbose_name_plural = _("programme staff assignments")

    def __str__(self) -> str:
        return f"{self.program} · {self.user}"


class PartnerMembership(models.Model):
    """A partner organization's staff member (a trusted intermediary) who may enter intakes for clients."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="partner_memberships", verbose_name=_("user")
    )
    organization = models.ForeignKey(
        "directory.Organization", on_delete=models.CASCADE, related_name="+", verbose_name=_("organization")
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "organization"], name="unique_partner_membership")]
        verbose_name = _("partner membership")
        verbose_name_plural = _("partner memberships")

    def __str__(self) -> str:
        return f"{self.organization} · {self.user}"


class ProgramCapacity(models.Model):
    """How many people a programme can serve in a calendar year with one service type (12-19.4(2)(d)(i))."""

    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, related_name="capacities", verbose_name=_("programme")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    service_type = models.ForeignKey(ServiceType, on_delete=models.PROTECT, verbose_name=_("service type"))
    capacity = models.PositiveIntegerField(_("capacity"))

    class Meta:
        ordering = ["-year", "program", "service_type"]
        constraints = [
            models.UniqueConstraint(fields=["program", "year", "service_type"], name="unique_program_capacity")
        ]
        verbose_name = _("programme capacity")
        verbose_name_plural = _("programme capacities")

    def __str__(self) -> str:
        return f"{self.program} {self.year} · {self.service_type}: {self.capacity}"


# Crockford's base32 without I, L, O, U: easy to read out over the phone, hard to guess.
REFERENCE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def reference_generate() -> str:
    """A new reference like "P-7K4M-9QX2": 40 random bits, so references cannot be enumerated."""
    body = "".join(secrets.choice(REFERENCE_ALPHABET) for _i in range(8))
    return f"P-{body[:4]}-{body[4:]}"


class Intake(models.Model):
    """A resident's request for help with a programme, and its screening.

    Personal fields (PERSONAL_FIELDS) are shown only to the programme's assigned staff and
    superusers, and blanked by purge_expired_pii once retention ends; everything else is
    de-identified and is what the metrics count. "An individual" in the metrics is an intake.
    """

    class Channel(models.TextChoices):
        ONLINE = "online", _("Online")
        PHONE = "phone", _("Phone")
        WALK_IN = "walk-in", _("Walk-in")
        EVENT = "event", _("Event")
        PARTNER = "partner", _("Partner referral")

    class Status(models.TextChoices):
        NEW = "new", pgettext_lazy("intake status", "New")
        SCREENING = "screening", _("Screening")
        ELIGIBLE = "eligible", _("Eligible")
        NOT_ELIGIBLE = "not-eligible", _("Not eligible")
        SERVED = "served", _("Served")
        REFERRED = "referred", _("Referred")
        CLOSED = "closed", _("Closed")

    class AgeRange(models.TextChoices):
        UNDER_18 = "under-18", _("Under 18")
        AGE_18_24 = "18-24", _("18 to 24")
        AGE_25_34 = "25-34", _("25 to 34")
        AGE_35_44 = "35-44", _("35 to 44")
        AGE_45_54 = "45-54", _("45 to 54")
        AGE_55_64 = "55-64", _("55 to 64")
        AGE_65_PLUS = "65-plus", _("65 or older")
        PREFER_NOT = PREFER_NOT_TO_SAY, _("Prefer not to say")

    class Gender(models.TextChoices):
        WOMAN = "woman", _("Woman")
        MAN = "man", _("Man")
        NON_BINARY = "non-binary", _("Non-binary")
        SELF_DESCRIBED = "self-described", _("Another gender")
        PREFER_NOT = PREFER_NOT_TO_SAY, _("Prefer not to say")

    class HouseholdSize(models.TextChoices):
        ONE = "1", "1"
        TWO = "2", "2"
        THREE = "3", "3"
        FOUR = "4", "4"
        FIVE = "5", "5"
        SIX_PLUS = "6-plus", _("6 or more")
        PREFER_NOT = PREFER_NOT_TO_SAY, _("Prefer not to say")

    class ImmigrationStatus(models.TextChoices):
        CITIZEN = "citizen", _("U.S. citizen")
        PERMANENT_RESIDENT = "permanent-resident", _("Permanent resident (green card)")
        VISA = "visa", _("Visa holder")
        TPS_DACA = "tps-daca", _("TPS or DACA")
        ASYLUM = "asylum", _("Asylum seeker or refugee")
        NONE = "none", _("No status")
        UNSURE = "unsure", _("Not sure")
        PREFER_NOT = PREFER_NOT_TO_SAY, _("Prefer not to say")

    class CallTime(models.TextChoices):
        ANY = "any", _("Any time")
        MORNING = "morning", _("Morning (9 to 12)")
        AFTERNOON = "afternoon", _("Afternoon (12 to 5)")
        EVENING = "evening", _("Early evening (5 to 7)")

    # The status workflow: which statuses each status may move to (programs.services.intake_transition).
    TRANSITIONS = {
        Status.NEW: {Status.SCREENING, Status.CLOSED},
        Status.SCREENING: {Status.ELIGIBLE, Status.NOT_ELIGIBLE},
        Status.ELIGIBLE: {Status.SERVED, Status.REFERRED, Status.CLOSED},
        Status.NOT_ELIGIBLE: {Status.REFERRED, Status.CLOSED},
        Status.SERVED: {Status.REFERRED, Status.CLOSED},
        Status.REFERRED: {Status.CLOSED},
        Status.CLOSED: set(),
    }

    # Visible only to assigned programme staff and superusers; blanked when retention ends.
    PERSONAL_FIELDS = ("name", "phone", "email", "address", "date_of_birth", "immigration_status")

    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="intakes", verbose_name=_("programme"))
    reference = models.CharField(_("reference number"), max_length=16, unique=True, default=reference_generate)
    received_at = models.DateTimeField(_("received at"), db_index=True)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices, default=Channel.ONLINE)
    preferred_language = models.CharField(
        _("preferred language"), max_length=10, choices=settings.LANGUAGES, default="en"
    )
    neighborhood = models.ForeignKey(
        "directory.Neighborhood",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("neighbourhood"),
    )
    # What the resident needs help with (one of the programme's service types) and when to call:
    # staff sort the queue by these, and neither says who the person is.
    topic = models.ForeignKey(
        ServiceType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("topic")
    )
    call_time = models.CharField(_("good time to call"), max_length=10, choices=CallTime.choices, blank=True)
    # Personal fields, every one encrypted at rest (Fernet, FIELD_ENCRYPTION_KEYS): a database
    # dump, a backup or the history table (pghistory copies the stored, encrypted, value) holds
    # no readable name, phone, email or address. An empty value is stored as NULL. Staff find an
    # intake by its reference number, which is not personal and stays searchable.
    name = EncryptedCharField(_("name"), max_length=200, blank=True, null=True)
    phone = EncryptedCharField(_("phone"), max_length=40, blank=True, null=True)
    email = EncryptedEmailField(_("email"), blank=True, null=True)
    address = EncryptedCharField(_("address"), max_length=300, blank=True, null=True)
    date_of_birth = EncryptedDateField(_("date of birth"), null=True, blank=True)
    immigration_status = EncryptedCharField(
        _("immigration status"), max_length=30, choices=ImmigrationStatus.choices, null=True, blank=True
    )
    # Optional demographics: blank means not asked or not answered.
    age_range = models.CharField(_("age range"), max_length=12, choices=AgeRange.choices, blank=True)
    country_of_birth = models.CharField(
        _("country of birth"),
        max_length=12,
        choices=[*COUNTRIES, (PREFER_NOT_TO_SAY, _("Prefer not to say"))],
        blank=True,
    )
    gender = models.CharField(_("gender"), max_length=16, choices=Gender.choices, blank=True)
    household_size = models.CharField(_("household size"), max_length=12, choices=HouseholdSize.choices, blank=True)
    # Workflow.
    status = models.CharField(_("status"), max_length=14, choices=Status.choices, default=Status.NEW, db_index=True)
    screened_at = models.DateTimeField(_("screened at"), null=True, blank=True)
    screening_eligible = models.BooleanField(_("eligible at screening"), null=True, blank=True)
    # Staff's free text about one person's situation ("lives outside the city", "income over the
    # limit"): as personal as the contact fields, so encrypted like them.
    screening_reason = EncryptedCharField(_("screening reason"), max_length=300, blank=True, null=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_intakes",
        verbose_name=_("assigned to"),
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True, db_index=True)
    # Partner (trusted intermediary) entry.
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="entered_intakes",
        verbose_name=_("entered by"),
    )
    partner_organization = models.ForeignKey(
        "directory.Organization",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("referring partner"),
    )
    client_consent = models.BooleanField(_("client consent recorded"), default=False)
    pii_purged_at = models.DateTimeField(_("personal data removed at"), null=True, blank=True)
    # The request form's one-time token: a double click or a resent POST finds this intake
    # instead of creating a second one (services.intake_submit).
    submission_token = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-received_at"]
        indexes = [models.Index(fields=["program", "received_at"], name="intake_program_received")]
        permissions = [("view_deidentified_intake", _("Can view de-identified intakes of every programme"))]
        verbose_name = _("intake")
        verbose_name_plural = _("intakes")

    def __str__(self) -> str:
        # The reference only: this lands in the admin's change log (LogEntry.object_repr).
        return self.reference


class ServiceRecord(models.Model):
    """One matter handled for an intake: a service given directly or a referral to another provider."""

    class Disposition(models.TextChoices):
        DIRECT = "direct", _("Directly supported")
        REFERRED = "referred", _("Referred to another provider")

    class Outcome(models.TextChoices):
        # Legal matters: the LSC Case Service Report closure categories (CSR Handbook 2017:
        # A counsel and advice, B limited action, F/G negotiated settlement, H agency
        # decision, I court decision, K other), so legal figures compare with legal aid's.
        COUNSEL_AND_ADVICE = "csr-a", _("Counsel and advice")
        LIMITED_ACTION = "csr-b", _("Limited action")
        NEGOTIATED_SETTLEMENT = "csr-f", _("Negotiated settlement")
        AGENCY_DECISION = "csr-h", _("Agency decision")
        COURT_DECISION = "csr-i", _("Court decision")
        OTHER_LEGAL = "csr-k", _("Other (legal)")
        # Other services.
        COMPLETED = "completed", _("Completed the programme")
        APPLICATION_SUBMITTED = "application-submitted", _("Application submitted")
        INFORMATION_PROVIDED = "information-provided", _("Information provided")
        DID_NOT_COMPLETE = "did-not-complete", _("Did not complete")

    LEGAL_OUTCOMES = frozenset(
        {
            Outcome.COUNSEL_AND_ADVICE,
            Outcome.LIMITED_ACTION,
            Outcome.NEGOTIATED_SETTLEMENT,
            Outcome.AGENCY_DECISION,
            Outcome.COURT_DECISION,
            Outcome.OTHER_LEGAL,
        }
    )

    intake = models.ForeignKey(Intake, on_delete=models.CASCADE, related_name="services", verbose_name=_("intake"))
    service_type = models.ForeignKey(
        ServiceType, on_delete=models.PROTECT, related_name="records", verbose_name=_("service type")
    )
    case_type = models.ForeignKey(
        CaseType, null=True, blank=True, on_delete=models.PROTECT, related_name="records", verbose_name=_("case type")
    )
    opened_on = models.DateField(_("opened on"), db_index=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=24, choices=Outcome.choices, blank=True)
    disposition = models.CharField(
        _("direct or referred"), max_length=10, choices=Disposition.choices, default=Disposition.DIRECT
    )
    referred_to = models.ForeignKey(
        "directory.Organization",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("referred to"),
    )

    class Meta:
        ordering = ["opened_on", "pk"]
        verbose_name = _("service record")
        verbose_name_plural = _("service records")

    def __str__(self) -> str:
        return f"{self.intake} · {self.service_type}"

    def clean(self) -> None:
        errors = {}
        service_type = self.service_type if self.service_type_id else None
        if self.case_type_id and service_type and not service_type.is_legal:
            errors["case_type"] = _("Only legal services have a case type.")
        if self.disposition == self.Disposition.REFERRED and not self.referred_to_id:
            errors["referred_to"] = _("Say which organization the person was referred to.")
        if self.outcome and service_type and service_type.is_legal != (self.outcome in self.LEGAL_OUTCOMES):
            errors["outcome"] = _(
                "Legal services use the LSC closure categories; other services use the other outcomes."
            )
        if self.closed_on and self.opened_on and self.closed_on < self.opened_on:
            errors["closed_on"] = _("A matter cannot close before it opened.")
        if errors:
            raise ValidationError(errors)


class Activity(models.Model):
    """A group event where no individual intake is taken (a workshop, a webinar, Citizenship Day)."""

    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, related_name="activities", verbose_name=_("programme")
    )
    service_type = models.ForeignKey(ServiceType, on_delete=models.PROTECT, verbose_name=_("service type"))
    title = models.CharField(_("title"), max_length=200, blank=True)
    date = models.DateField(_("date"), db_index=True)
    attendance = models.PositiveIntegerField(_("attendance"), default=0)
    languages = models.JSONField(_("languages offered"), default=list, blank=True)
    partner = models.ForeignKey(
        "directory.Organization",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("partner organization"),
    )

    class Meta:
        ordering = ["-date"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")

    def __str__(self) -> str:
        return f"{self.program} · {self.date}"

    def clean(self) -> None:
        if not isinstance(self.languages, list) or set(self.languages) - set(settings.LANGUAGE_CODES):
            raise ValidationError({"languages": _("Use the portal's language codes, for example es or zh-hans.")})


class IntakeView(models.Model):
    """Who opened an intake's personal data in the admin, and when (the change history is in pghistory)."""

    intake = models.ForeignKey(Intake, on_delete=models.CASCADE, related_name="+", verbose_name=_("intake"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("user")
    )
    viewed_at = models.DateTimeField(_("viewed at"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-viewed_at"]
        verbose_name = _("personal data view")
        verbose_name_plural = _("personal data views")

    def __str__(self) -> str:
        return f"{self.intake} · {self.viewed_at:%Y-%m-%d %H:%M}"


# Trigger-based history: changes made through queryset.update() and raw SQL are recorded too.
pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent(), model_name="IntakeEvent")(
    Intake
)
pghistory.track(
    pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent(), model_name="ServiceRecordEvent"
)(ServiceRecord)
