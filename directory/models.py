"""The resource directory, modelled on Open Referral HSDS 3.0.

Field names follow HSDS so the open-data export is a straight mapping. `Organization` is
the portal's one partner table: programmes and grants reference it too.
"""

import hashlib
import uuid
from urllib.parse import urlencode

import pghistory
from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models.functions import Coalesce, NullIf
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname

from moia.fields import acting_user_field
from moia.l10n.models import TranslationReviewStatus
from moia.languages import language_name, own_script_name


class Neighborhood(models.Model):
    """A neighbourhood of the office's city (Boston's or Baltimore's), for filters and counts."""

    slug = models.SlugField(_("slug"), unique=True)
    name = models.CharField(_("name"), max_length=100)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("neighbourhood")
        verbose_name_plural = _("neighbourhoods")

    def __str__(self) -> str:
        return self.name


# An update event only when something other than the `updated_at` timestamp changed, so
# re-saving an unchanged row (seed_demo, imports) leaves no empty history entries.
@pghistory.track(
    pghistory.InsertEvent(),
    pghistory.UpdateEvent(condition=pghistory.AnyChange(exclude_auto=True)),
    pghistory.DeleteEvent(),
)
class Organization(models.Model):
    """An organization that offers services, runs programmes or applies for grants (HSDS organization)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    slug = models.SlugField(_("slug"), unique=True, max_length=120)
    name = models.CharField(_("name"), max_length=255)
    alternate_name = models.CharField(_("alternate name"), max_length=255, blank=True)
    description = models.TextField(_("description"), blank=True)
    email = models.EmailField(_("email"), blank=True)
    website = models.URLField(_("website"), blank=True)
    # HSDS tax_status / tax_id: a 501(c)(3) nonprofit's EIN, used by grants for eligibility.
    tax_status = models.CharField(_("tax status"), max_length=100, blank=True)
    tax_id = models.CharField(_("tax ID (EIN)"), max_length=20, blank=True)
    year_incorporated = models.PositiveSmallIntegerField(_("year incorporated"), null=True, blank=True)
    legal_status = models.CharField(_("legal status"), max_length=255, blank=True)
    parent_organization = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children", verbose_name=_("parent")
    )
    # Open data publishes an organization only when a directory editor decided so: a resident who
    # creates an organization to apply for a grant must not appear in the public API at once.
    # An organization one of whose services is in the directory is published too (the service
    # names it), see selectors.organizations_published().
    is_listed = models.BooleanField(
        _("listed in the directory"),
        default=False,
        help_text=_(
            "Publishes the name, description, website and email in the directory and its open data. "
            "The tax ID and grant application details are never published."
        ),
    )
    # Demo rows carry invented details; they are labelled so nobody mistakes them for real listings.
    is_demo = models.BooleanField(_("demo data"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")

    def __str__(self) -> str:
        return self.name


class TaxonomyTerm(models.Model):
    """A category of the directory (HSDS taxonomy_term), e.g. legal help or health."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    code = models.SlugField(_("code"), unique=True, max_length=100)
    name = models.CharField(_("name"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children", verbose_name=_("parent")
    )
    # HSDS names the vocabulary a term belongs to; ours is the portal's own category list.
    taxonomy = models.CharField(_("taxonomy"), max_length=100, default="moia-categories")
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("directory:category", kwargs={"slug": self.code})


def name_in_language(language: str):
    """A service's name as residents of a language see it: its own, or English where it has none.

    The directory lists services in this order; each language has an index on it (Service.Meta)."""
    own = build_localized_fieldname("name", language)
    return Coalesce(NullIf(models.F(own), models.Value("")), models.F(build_localized_fieldname("name", "en")))


@pghistory.track(
    pghistory.InsertEvent(),
    pghistory.UpdateEvent(condition=pghistory.AnyChange(exclude_auto=True)),
    pghistory.DeleteEvent(),
)
class Service(models.Model):
    """Help that an organization offers residents (HSDS service)."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        INACTIVE = "inactive", _("Inactive")

    # The texts translated (directory/translation.py registers these): a change to the English of
    # any of them makes every translation out of date.
    ENGLISH_TRACKED_FIELDS = (
        "name",
        "description",
        "eligibility_description",
        "fees_description",
        "application_process",
        "interpretation_services",
    )

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="services", verbose_name=_("organization")
    )
    slug = models.SlugField(_("slug"), unique=True, max_length=120)
    name = models.CharField(_("name"), max_length=255)
    alternate_name = models.CharField(_("alternate name"), max_length=255, blank=True)
    description = models.TextField(_("description"), blank=True)
    url = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("email"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    interpretation_services = models.TextField(_("interpretation services"), blank=True)
    application_process = models.TextField(_("how to get help"), blank=True)
    fees_description = models.TextField(_("cost"), blank=True)
    eligibility_description = models.TextField(_("who can use it"), blank=True)
    accreditations = models.TextField(_("accreditations"), blank=True)
    # "Verified" is a person's act (HSDS assured_date/assurer), not the date of the last edit.
    assured_date = models.DateField(_("last verified"), null=True, blank=True)
    assurer = acting_user_field(_("verified by"))
    # What matters to immigrants, as filterable attributes.
    regardless_of_status = models.BooleanField(_("serves everyone regardless of immigration status"), default=False)
    no_id_required = models.BooleanField(_("no ID or SSN required"), default=False)
    free_interpretation = models.BooleanField(_("free interpretation"), default=False)
    confidential = models.BooleanField(_("confidential"), default=False)
    is_free = models.BooleanField(_("free of charge"), default=False)
    walk_in = models.BooleanField(_("walk-in"), default=False)
    by_phone = models.BooleanField(_("by phone"), default=False)
    online = models.BooleanField(_("online"), default=False)
    is_demo = models.BooleanField(_("demo data"), default=False)
    taxonomy_terms = models.ManyToManyField(
        TaxonomyTerm, blank=True, related_name="services", verbose_name=_("categories")
    )
    # Translation review: the English text's version goes up whenever that text changes.
    english_version = models.PositiveIntegerField(_("English text version"), default=1, editable=False)
    english_fingerprint = models.CharField(max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(_("last modified"), auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("service")
        verbose_name_plural = _("services")
        indexes = [
            # A search checks each match against the services a resident may see; with the ids of
            # the active ones in an index of their own, that check reads the index alone.
            models.Index(fields=["id"], condition=models.Q(status="active"), name="directory_service_active_ids"),
            # A list page reads 20 active services in name order: with an index per language on
            # that order it reads those 20, instead of sorting every service (64 ms in Arabic).
            *(
                models.Index(
                    name_in_language(code),
                    models.F("id"),
                    condition=models.Q(status="active"),
                    name=f"directory_service_{build_localized_fieldname('name', code)}",
                )
                for code in settings.LANGUAGE_CODES
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        # Done here rather than in one service function so admin, import and shell edits
        # all make stale translations visible.
        fingerprint = self.english_fingerprint_compute()
        if self.english_fingerprint and fingerprint != self.english_fingerprint:
            self.english_version += 1
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "english_version", "english_fingerprint"}
        elif kwargs.get("update_fields") is not None and not self.english_fingerprint:
            kwargs["update_fields"] = {*kwargs["update_fields"], "english_fingerprint"}
        self.english_fingerprint = fingerprint
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("directory:detail", kwargs={"slug": self.slug})

    def english_fingerprint_compute(self) -> str:
        text = "\x1f".join(str(getattr(self, f"{field}_en", "") or "") for field in self.ENGLISH_TRACKED_FIELDS)
        return hashlib.sha256(text.encode()).hexdigest()


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Location(models.Model):
    """A place where services are given (HSDS location with its physical address)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    slug = models.SlugField(_("slug"), unique=True, max_length=120)
    organization = models.ForeignKey(
        Organization,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="locations",
        verbose_name=_("organization"),
    )
    name = models.CharField(_("name"), max_length=255)
    alternate_name = models.CharField(_("alternate name"), max_length=255, blank=True)
    description = models.TextField(_("description"), blank=True)
    transportation = models.TextField(_("transportation"), blank=True)
    # HSDS address (physical), kept on the location: one physical address per place.
    address_1 = models.CharField(_("address"), max_length=255, blank=True)
    address_2 = models.CharField(_("address line 2"), max_length=255, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    state_province = models.CharField(_("state"), max_length=100, blank=True)
    postal_code = models.CharField(_("ZIP code"), max_length=20, blank=True)
    country = models.CharField(_("country"), max_length=2, default="US")
    neighborhood = models.ForeignKey(
        Neighborhood,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="locations",
        verbose_name=_("neighbourhood"),
    )
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    accessibility = models.TextField(_("accessibility"), blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)
    services = models.ManyToManyField(
        Service, through="ServiceAtLocation", related_name="locations", verbose_name=_("services")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("location")
        verbose_name_plural = _("locations")

    def __str__(self) -> str:
        return self.name

    def address_line(self) -> str:
        parts = [
            self.address_1,
            self.address_2,
            self.city,
            " ".join(p for p in (self.state_province, self.postal_code) if p),
        ]
        return ", ".join(p for p in parts if p)

    def map_url(self) -> str:
        """OpenStreetMap, which needs no account, no key and sets no tracking cookies."""
        if self.latitude is not None and self.longitude is not None:
            return f"https://www.openstreetmap.org/?mlat={self.latitude}&mlon={self.longitude}#map=17/{self.latitude}/{self.longitude}"
        return "https://www.openstreetmap.org/search?" + urlencode({"query": self.address_line()})


class ServiceAtLocation(models.Model):
    """A service given at a location (HSDS service_at_location)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="service_at_locations")
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="service_at_locations")
    description = models.TextField(_("description"), blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["service", "location"], name="directory_sal_unique")]
        verbose_name = _("service at location")
        verbose_name_plural = _("services at locations")

    def __str__(self) -> str:
        return f"{self.service} @ {self.location}"


class Phone(models.Model):
    """A phone number of a service, location or organization (HSDS phone)."""

    class Type(models.TextChoices):
        VOICE = "voice", _("Voice")
        TEXT = "text", _("Text message")
        FAX = "fax", _("Fax")
        CELL = "cell", _("Mobile")
        VIDEO = "video", _("Video")
        PAGER = "pager", _("Pager")
        TEXTPHONE = "textphone", _("Text phone (TTY)")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(Service, null=True, blank=True, on_delete=models.CASCADE, related_name="phones")
    location = models.ForeignKey(Location, null=True, blank=True, on_delete=models.CASCADE, related_name="phones")
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.CASCADE, related_name="phones"
    )
    number = models.CharField(_("number"), max_length=50)
    extension = models.CharField(_("extension"), max_length=20, blank=True)
    type = models.CharField(_("type"), max_length=10, choices=Type.choices, default=Type.VOICE)
    description = models.CharField(_("description"), max_length=255, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "number"]
        verbose_name = _("phone")
        verbose_name_plural = _("phones")

    def __str__(self) -> str:
        return self.number


class Schedule(models.Model):
    """Opening hours (HSDS schedule, RFC 5545 style: weekly on `byday` from opens_at to closes_at)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(Service, null=True, blank=True, on_delete=models.CASCADE, related_name="schedules")
    location = models.ForeignKey(Location, null=True, blank=True, on_delete=models.CASCADE, related_name="schedules")
    freq = models.CharField(_("frequency"), max_length=10, default="WEEKLY")
    byday = models.CharField(_("days"), max_length=50, blank=True, help_text=_("For example MO,TU,WE"))
    opens_at = models.TimeField(_("opens at"), null=True, blank=True)
    closes_at = models.TimeField(_("closes at"), null=True, blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    timezone = models.CharField(_("time zone"), max_length=50, default="America/New_York")
    description = models.CharField(_("description"), max_length=255, blank=True)

    class Meta:
        ordering = ["opens_at"]
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")

    def __str__(self) -> str:
        return f"{self.byday} {self.opens_at}-{self.closes_at}"

    def days(self) -> list[str]:
        """The weekdays, named in the current language."""
        return [str(WEEKDAYS[code]) for code in self.byday.split(",") if code in WEEKDAYS]


WEEKDAYS = {
    "MO": _("Monday"),
    "TU": _("Tuesday"),
    "WE": _("Wednesday"),
    "TH": _("Thursday"),
    "FR": _("Friday"),
    "SA": _("Saturday"),
    "SU": _("Sunday"),
}


class Language(models.Model):
    """A language staff speak when giving a service (HSDS language)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="languages")
    code = models.CharField(_("language code"), max_length=20)
    name = models.CharField(_("name"), max_length=100, blank=True)
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        ordering = ["code"]
        constraints = [models.UniqueConstraint(fields=["service", "code"], name="directory_language_unique")]
        verbose_name = _("language spoken")
        verbose_name_plural = _("languages spoken")

    def __str__(self) -> str:
        return self.name or self.code

    def display_name(self) -> str:
        """The language named in the page's language ("Inglés" on a Spanish page): a page reads as
        one language; the name in its own script follows it (own_name)."""
        return language_name(self.code, default=self.name)

    def own_name(self) -> str:
        """The language's name in its own script, or "" where it would only repeat display_name."""
        return own_script_name(self.code)


class RequiredDocument(models.Model):
    """A document a resident should bring (HSDS required_document)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="required_documents")
    document = models.CharField(_("document"), max_length=500)
    uri = models.URLField(_("link"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order"]
        verbose_name = _("required document")
        verbose_name_plural = _("required documents")

    def __str__(self) -> str:
        return self.document


class ServiceTranslationReview(models.Model):
    """The review state of one service's text in one language, and the English version it was made from."""

    Status = TranslationReviewStatus

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="translation_reviews")
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.MACHINE_DRAFT)
    source_version = models.PositiveIntegerField(_("made from English version"), default=1)
    reviewed_by = acting_user_field(_("reviewed by"))
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["service__name", "language"]
        constraints = [
            models.UniqueConstraint(fields=["service", "language"], name="directory_translation_review_unique")
        ]
        indexes = [models.Index(fields=["status", "language"])]
        verbose_name = _("translation review")
        verbose_name_plural = _("translation reviews")

    def __str__(self) -> str:
        return f"{self.service} [{self.language}]"

    @property
    def needs_review(self) -> bool:
        return self.status != self.Status.REVIEWED


class ServiceSearchDocument(models.Model):
    """A service's searchable text in one language, with its precomputed full-text vector.

    One row per service and language: a query can then look at the page's language, then
    English, then every language, with a GIN index for each kind of match.
    """

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="search_documents")
    language = models.CharField(max_length=10)
    # The PostgreSQL text-search configuration for this language (english, spanish, simple…).
    config = models.CharField(max_length=20)
    # The service's name in this language, weighted above the rest of the text when ranking.
    title = models.CharField(max_length=255, blank=True)
    # Lower-cased and (on PostgreSQL) unaccented text, for trigram and substring matching.
    document = models.TextField(blank=True)
    vector = SearchVectorField(null=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["service", "language"], name="directory_search_unique")]
        # The GIN indexes (vector, trigram) are PostgreSQL-only: created in migration 0003.
        indexes = [models.Index(fields=["language"], name="directory_search_language")]

    def __str__(self) -> str:
        return f"{self.service_id} [{self.language}]"


class SearchWord(models.Model):
    """A word that occurs in the directory's listings in one language: what a typo is corrected to.

    Filled when services are indexed (directory/services.py); a PostgreSQL trigram index on `word`
    (migration 0011) finds the closest ones."""

    MIN_LENGTH = 3
    MAX_LENGTH = 40

    language = models.CharField(max_length=10)
    word = models.CharField(max_length=MAX_LENGTH)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["language", "word"], name="directory_search_word_unique")]

    def __str__(self) -> str:
        return f"{self.word} [{self.language}]"


class SearchConcept(models.Model):
    """Words residents use for the same thing ("green card", "permanent residence"), in every
    language: a search for one also finds listings that use another. Kept by Directory editors."""

    name = models.CharField(_("name"), max_length=100, help_text=_("For editors only, for example “Green card”."))
    terms = models.TextField(
        _("words and phrases"),
        blank=True,
        help_text=_(
            "One word or phrase per line. A search for any of them, here or in English, also finds the others."
        ),
    )
    updated_at = models.DateTimeField(_("last modified"), auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("search concept")
        verbose_name_plural = _("search concepts")

    def __str__(self) -> str:
        return self.name


class SearchGap(models.Model):
    """How one query fared on one day in one language: how many searches found nothing, how many
    showed results, and how many of those led a resident to open a result.

    Nothing else is kept: no address, session or account, and no time finer than the day. The
    rows are deleted after 30 days (directory.tasks.search_gaps_purge_task)."""

    day = models.DateField(_("day"))
    language = models.CharField(_("language"), max_length=10)
    query = models.CharField(_("search"), max_length=200)
    count = models.PositiveIntegerField(_("searches"), default=0)
    # Searches that found results, and results opened from them (a result link's ping): results
    # shown day after day and never opened are a gap too, the wrong services ranked first.
    shown = models.PositiveIntegerField(_("searches with results"), default=0)
    opened = models.PositiveIntegerField(_("results opened"), default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["day", "language", "query"], name="directory_search_gap_unique")]
        verbose_name = _("search that found nothing")
        verbose_name_plural = _("searches that found nothing")

    def __str__(self) -> str:
        return f"{self.query} [{self.language}] {self.day}"
