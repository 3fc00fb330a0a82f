"""The HSDS 3.0 schema as the portal publishes it, declared once.

Each table lists its fields in the standard's order (`schema/simple/schema.csv`), then the
portal's `x_` extensions: where the value comes from (a model attribute or an accessor), its
Frictionless type, whether the CSV table and the JSON object carry it, and whether the import
writes it back. The JSON API (serializers.py), the tabular export (tabular.py) and the tabular
import (services.py) read these tables; none of them lists columns of its own.

Translatable text is found from modeltranslation's registration (directory/translation.py):
the CSV gives English and puts every other language in `x_translations.csv`, the JSON gives
the active language (English where a translation is missing) and every language under
`translations`.
"""

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from functools import cached_property
from typing import Any

from django.db import models
from django.utils import translation

from directory.models import (
    Language,
    Location,
    Organization,
    Phone,
    RequiredDocument,
    Schedule,
    Service,
    ServiceAtLocation,
    TaxonomyTerm,
)

from .common import (
    CATEGORY_TAXONOMY_DESCRIPTION,
    FLAG_TAXONOMY,
    FLAG_TAXONOMY_DESCRIPTION,
    FREE_OPTION_FIELD,
    Flag,
    derived_id,
    label_in_current_language,
    label_translations,
    languages,
    localized,
    taxonomy_id,
    translated_fields,
)

# The import leaves the model's value as it is (see Field.load).
UNCHANGED = object()
HSDS_SCHEDULE_FREQ = frozenset({"WEEKLY", "MONTHLY"})


@dataclass(frozen=True)
class Out:
    """Where values go: the CSV package (English text) or a JSON answer (the active language)."""

    csv: bool

    def text(self, obj: Any, attr: str) -> str:
        # modeltranslation's plain attribute is the active language with English as fallback.
        return (getattr(obj, localized(attr, "en")) or "") if self.csv else getattr(obj, attr)

    def label(self, flag_field: str) -> str:
        """A service field's label (a flag's name): English in the CSV, the active language in JSON."""
        return label_translations(flag_field)["en"] if self.csv else label_in_current_language(flag_field)


CSV = Out(csv=True)
JSON = Out(csv=False)
SAME = ""  # Field.attr: the model attribute has the HSDS field's name


@dataclass(frozen=True)
class Field:
    name: str  # the HSDS field: CSV column and JSON key
    kind: str = "string"  # Frictionless type: datapackage.json, and how the import parses the cell
    attr: str | None = SAME  # the model attribute; None: nothing in the portal fills it
    get: Callable[[Any, Out], Any] | None = None  # an accessor, where the value is not one attribute
    csv: bool = True  # a column of the CSV table
    json: bool = True  # a key of the JSON object
    keep: bool = False  # JSON carries it even when empty (HSDS requires it)
    # The import sets `attr` from the parsed cell: True as it is (an empty cell gives the field's
    # empty value), a function to convert it first (it may return UNCHANGED), False not at all.
    load: bool | Callable[[Any], Any] = False

    @property
    def source(self) -> str | None:
        return self.name if self.attr == SAME else self.attr

    def descriptor(self) -> dict[str, str]:
        """The field in datapackage.json's Table Schema: identifiers are strings of format uuid."""
        if self.kind == "uuid":
            return {"name": self.name, "type": "string", "format": "uuid"}
        return {"name": self.name, "type": self.kind}


def empty(spec: str) -> tuple[Field, ...]:
    """HSDS columns the portal has no data for ("program_id minimum_age:number"): empty in the CSV."""
    return tuple(Field(*part.split(":"), attr=None, json=False) for part in spec.split())  # type: ignore[misc]


def loaded(spec: str) -> tuple[Field, ...]:
    """Fields that are the model attribute of the same name, both ways ("url email assured_date:date")."""
    return tuple(Field(*part.split(":"), load=True) for part in spec.split())  # type: ignore[misc]


@dataclass(frozen=True)
class Table:
    """An HSDS table (CSV file) and object (JSON): its fields in order, and the model they map to."""

    name: str
    path: str
    fields: tuple[Field, ...]
    model: type[models.Model] | None = None  # whose modeltranslation fields the table's text is
    primary_key: str = "id"

    @property
    def columns(self) -> tuple[tuple[str, str], ...]:
        """(column, Frictionless type) of the CSV, in order."""
        return tuple((f.name, f.kind) for f in self.fields if f.csv)

    @property
    def column_names(self) -> list[str]:
        return [name for name, _kind in self.columns]

    @cached_property
    def translated(self) -> dict[str, str]:
        """HSDS field -> model field, for the table's translatable text."""
        registered = translated_fields(self.model) if self.model else ()
        return {f.name: f.source for f in self.fields if f.source in registered}  # type: ignore[misc]

    def value(self, f: Field, obj: Any, out: Out) -> Any:
        if f.get is not None:
            return f.get(obj, out)
        if f.source is None:
            return None
        if f.name in self.translated:
            return out.text(obj, f.source)
        return getattr(obj, f.source)

    def csv_row(self, obj: Any) -> dict[str, Any]:
        return {f.name: self.value(f, obj, CSV) for f in self.fields if f.csv and f.source is not None}

    def json_object(self, obj: Any, **nested: Any) -> dict[str, Any]:
        """The HSDS object: typed JSON values, empty ones left out (HSDS has no null), `nested`
        objects after the standard's fields and before the x_ extensions."""
        data: dict[str, Any] = {}
        extensions: dict[str, Any] = {}
        for f in self.fields:
            if not f.json or f.source is None:
                continue
            value = json_value(f.kind, self.value(f, obj, JSON))
            if f.keep and value is None and f.kind == "string":
                value = ""
            if f.keep or value not in (None, "", []):
                (extensions if f.name.startswith("x_") else data)[f.name] = value
        data.update({key: value for key, value in nested.items() if value not in (None, "", [])})
        return data | extensions

    def translations(self, obj: Any) -> dict[str, dict[str, str | None]]:
        """Each translatable field in each language as stored, without fallback (None: not translated)."""
        return {
            language: {name: getattr(obj, localized(attr, language)) or None for name, attr in self.translated.items()}
            for language in languages()
        }

    def loaded_fields(self) -> list[Field]:
        return [f for f in self.fields if f.load and f.name not in self.translated]


def json_value(kind: str, value: Any) -> Any:
    """A Python value as HSDS JSON types it: ids and dates as strings, numbers as numbers."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, uuid.UUID):
        return str(value)
    if kind == "number":
        return number(value)
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, time):
        return hsds_time(value)
    return value


def number(value: Any) -> int | float | None:
    if value is None or value == "":
        return None
    try:
        as_float = float(value)
    except (TypeError, ValueError):
        return None
    return int(as_float) if as_float.is_integer() else as_float


def hsds_time(value: time) -> str:
    """HH:MM as HSDS asks, with the seconds only where there are some (so nothing is lost)."""
    return value.strftime("%H:%M") if not value.second else value.isoformat()


def plain_number(value: Decimal | None) -> str:
    """A parsed number cell back into the text field it came from ("12", not "12.0")."""
    if value is None:
        return ""
    return str(int(value)) if value == value.to_integral_value() else str(value)


# -- Converters shared by both directions ---------------------------------------------------


def phone_extension(phone: Phone, out: Out) -> int | None:
    # HSDS types the extension as a number; anything else stays out rather than break the type
    # (the CSV column is typed number too, and the import refuses a cell that is not one).
    return int(phone.extension) if phone.extension.isdigit() else None


def schedule_freq(schedule: Schedule, out: Out) -> str | None:
    # HSDS allows only these two; another value would make the package and the API invalid.
    return schedule.freq if schedule.freq in HSDS_SCHEDULE_FREQ else None


def has_address(location: Location) -> bool:
    """HSDS requires street, city, state and ZIP: a location without all four has no address."""
    return bool(location.address_1 and location.city and location.state_province and location.postal_code)


def has_accessibility(location: Location) -> bool:
    return any(getattr(location, localized("accessibility", language)) for language in languages())


def _language_name(language: Language, out: Out) -> str:
    # JSON readers get a name for a bare code; the CSV keeps what staff entered, so the import
    # round trip does not invent one.
    if out.csv or language.name:
        return language.name
    try:
        return translation.get_language_info(language.code)["name"]
    except KeyError:
        return ""


def _term_description(term: TaxonomyTerm, out: Out) -> str:
    # HSDS requires a description; a category without one is described by its name.
    return out.text(term, "description") or out.text(term, "name")


@dataclass(frozen=True)
class Link:
    """An HSDS attribute: a service linked to a category or flag term."""

    service_id: uuid.UUID
    term_id: uuid.UUID
    link_type: str  # "category" or "flag"
    value: str = ""


# -- The tables -----------------------------------------------------------------------------

# Fields several tables share. Translatable text is marked loaded like the rest: the import
# writes its English from the cell and the other languages from x_translations.csv.
ID = Field("id", "uuid")
SLUG = Field("x_slug", attr="slug", json=False, load=True)
DEMO = Field("x_demo", "boolean", attr="is_demo", keep=True, load=True)
ORDER = Field("x_order", "integer", attr="order", json=False, load=True)

ORGANIZATION = Table(
    "organization",
    "organizations.csv",
    (
        ID,
        *loaded("name alternate_name"),
        Field("description", keep=True, load=True),
        *loaded("email website tax_status"),
        # The EIN is what grants checks eligibility with: applicant data, not open data. The CSV
        # column stays empty and the import never overwrites it.
        Field("tax_id", attr=None, json=False),
        Field("year_incorporated", "number", load=lambda value: None if value is None else int(value)),
        Field("legal_status", load=True),
        *empty("logo uri"),
        # Only a published parent is named: the API's selectors and the export annotate it. The
        # import sets parents after every organization exists (services.py).
        Field(
            "parent_organization_id",
            "uuid",
            get=lambda organization, out: getattr(organization, "published_parent_id", None),
        ),
        SLUG,
        DEMO,
    ),
    model=Organization,
)

SERVICE = Table(
    "service",
    "services.csv",
    (
        ID,
        Field("organization_id", "uuid", load=True),
        *empty("program_id:uuid"),
        *loaded(
            "name alternate_name description url email status interpretation_services application_process"
            " fees_description accreditations eligibility_description"
        ),
        *empty("minimum_age:number maximum_age:number"),
        Field("assured_date", "date", load=True),
        *empty("assurer_email alert"),
        Field("last_modified", "datetime", attr="updated_at", csv=False),
        SLUG,
        DEMO,
        # A package without it keeps the version the portal counted (translation reviews refer to it).
        Field("x_english_version", "integer", attr="english_version", json=False, load=lambda v: v or UNCHANGED),
    ),
    model=Service,
)

LOCATION = Table(
    "location",
    "locations.csv",
    (
        ID,
        Field("location_type", get=lambda location, out: "physical"),
        *empty("url"),
        Field("organization_id", "uuid", load=True),
        *loaded("name alternate_name description transportation latitude:number longitude:number"),
        *empty("external_identifier external_identifier_type"),
        SLUG,
        Field(
            "x_neighborhood",
            get=lambda location, out: location.neighborhood.slug if location.neighborhood else "",
            json=False,
        ),
        DEMO,
    ),
    model=Location,
)


def _location_part(kind: str) -> tuple[Field, Field]:
    """The id and location_id of an HSDS object the portal keeps as fields of a location."""
    own_id = Field("id", "uuid", get=lambda location, out: derived_id(kind, location.id))
    return own_id, Field("location_id", "uuid", attr="id")


# A location's address and accessibility note are fields of the location: their rows are
# written from it and read back onto it.
ADDRESS = Table(
    "address",
    "addresses.csv",
    (
        *_location_part("address"),
        *empty("attention"),
        *loaded("address_1 address_2 city"),
        *empty("region"),
        *loaded("state_province postal_code"),
        Field("country", get=lambda location, out: location.country or "US", attr="country", load=lambda v: v or "US"),
        Field("address_type", get=lambda location, out: "physical"),
    ),
    model=Location,
)

ACCESSIBILITY = Table(
    "accessibility",
    "accessibility.csv",
    (
        *_location_part("accessibility"),
        Field("description", attr="accessibility", load=True),
        *empty("details url"),
    ),
    model=Location,
)

SERVICE_AT_LOCATION = Table(
    "service_at_location",
    "service_at_location.csv",
    (ID, *loaded("service_id:uuid location_id:uuid description")),
    model=ServiceAtLocation,
)

PHONE = Table(
    "phone",
    "phones.csv",
    (
        ID,
        *loaded("location_id:uuid service_id:uuid organization_id:uuid"),
        *empty("contact_id:uuid service_at_location_id:uuid"),
        Field("number", load=True),
        Field("extension", "number", get=phone_extension, attr="extension", load=plain_number),
        *loaded("type description"),
        ORDER,
    ),
    model=Phone,
)

SCHEDULE = Table(
    "schedule",
    "schedules.csv",
    (
        ID,
        *loaded("service_id:uuid location_id:uuid"),
        *empty("service_at_location_id:uuid"),
        *loaded("valid_from:date valid_to:date"),
        *empty("dtstart:date timezone:number until:date count:number wkst"),
        Field("freq", get=schedule_freq, attr="freq", load=True),
        *empty("interval:number"),
        Field("byday", load=True),
        *empty("byweekno bymonthday byyearday"),
        Field("description", load=True),
        *loaded("opens_at:time closes_at:time"),
        *empty("schedule_link attending_type notes"),
        # HSDS `timezone` is a UTC offset, which daylight saving time makes wrong half the year.
        Field("x_timezone", attr="timezone", load=True),
    ),
    model=Schedule,
)

LANGUAGE = Table(
    "language",
    "languages.csv",
    (
        ID,
        *loaded("service_id:uuid"),
        *empty("location_id:uuid phone_id:uuid"),
        Field("name", get=_language_name, attr="name", load=True),
        *loaded("code note"),
    ),
    model=Language,
)

REQUIRED_DOCUMENT = Table(
    "required_document",
    "required_documents.csv",
    (
        ID,
        *loaded("service_id:uuid document uri"),
        ORDER,
    ),
    model=RequiredDocument,
)

# Taxonomies are named by the terms' `taxonomy`; the flags have a taxonomy of their own.
TAXONOMY = Table(
    "taxonomy",
    "taxonomies.csv",
    (
        Field("id", "uuid", get=lambda name, out: taxonomy_id(name)),
        Field("name", get=lambda name, out: name),
        Field(
            "description",
            get=lambda name, out: FLAG_TAXONOMY_DESCRIPTION if name == FLAG_TAXONOMY else CATEGORY_TAXONOMY_DESCRIPTION,
        ),
        *empty("uri version"),
    ),
)

TAXONOMY_TERM = Table(
    "taxonomy_term",
    "taxonomy_terms.csv",
    (
        ID,
        *loaded("code name"),
        Field("description", get=_term_description, keep=True, load=True),
        Field("parent_id", "uuid"),
        Field("taxonomy", load=True),
        Field("language", get=lambda term, out: "en", json=False),
        Field("taxonomy_id", "uuid", get=lambda term, out: taxonomy_id(term.taxonomy)),
        *empty("term_uri"),
        ORDER,
    ),
    model=TaxonomyTerm,
)

# A flag is a term of the flags taxonomy; its name is the service field's label in each language.
FLAG_TERM = Table(
    TAXONOMY_TERM.name,
    TAXONOMY_TERM.path,
    (
        Field("id", "uuid", get=lambda flag, out: flag.term_id),
        Field("code", get=lambda flag, out: flag.code),
        Field("name", get=lambda flag, out: out.label(flag.field)),
        Field("description", get=lambda flag, out: out.label(flag.field)),
        Field("taxonomy", get=lambda flag, out: FLAG_TAXONOMY),
        Field("language", get=lambda flag, out: "en", json=False),
        Field("taxonomy_id", "uuid", get=lambda flag, out: taxonomy_id(FLAG_TAXONOMY)),
        *empty("term_uri x_order:integer"),
    ),
)

ATTRIBUTE = Table(
    "attribute",
    "attributes.csv",
    (
        Field("id", "uuid", get=lambda link, out: derived_id("attribute", link.service_id, link.term_id)),
        Field("link_id", "uuid", attr="service_id"),
        Field("taxonomy_term_id", "uuid", attr="term_id"),
        Field("link_type"),
        Field("link_entity", get=lambda link, out: "service"),
        Field("value"),
    ),
)

# "Free of charge" is a cost option with amount 0 (HSDS has no flag for it).
COST_OPTION = Table(
    "cost_option",
    "cost_options.csv",
    (
        Field("id", "uuid", get=lambda service, out: derived_id("cost-option", "free", service.id)),
        Field("service_id", "uuid", attr="id"),
        *empty("valid_from:date valid_to:date"),
        Field("option", get=lambda service, out: out.label(FREE_OPTION_FIELD)),
        Field("currency", get=lambda service, out: "USD"),
        Field("amount", "number", get=lambda service, out: 0),
        *empty("amount_description"),
    ),
)

# The portal's own tables.
NEIGHBORHOOD = Table("x_neighborhood", "x_neighborhoods.csv", loaded("slug name order:integer"), primary_key="slug")
TRANSLATION = Table("x_translation", "x_translations.csv", loaded("table id:uuid field language value"), primary_key="")
TRANSLATION_REVIEW = Table(
    "x_translation_review",
    "x_translation_reviews.csv",
    loaded("service_id:uuid language status source_version:integer reviewed_at:datetime"),
    primary_key="",
)

# In the package's order.
TABLES: tuple[Table, ...] = (
    ORGANIZATION,
    SERVICE,
    LOCATION,
    ADDRESS,
    ACCESSIBILITY,
    SERVICE_AT_LOCATION,
    PHONE,
    SCHEDULE,
    LANGUAGE,
    REQUIRED_DOCUMENT,
    TAXONOMY,
    TAXONOMY_TERM,
    ATTRIBUTE,
    COST_OPTION,
    NEIGHBORHOOD,
    TRANSLATION,
    TRANSLATION_REVIEW,
)
TABLES_BY_NAME = {table.name: table for table in TABLES}


def service_links(service: Service, flags: tuple[Flag, ...]) -> list[tuple[Link, TaxonomyTerm | Flag]]:
    """A service's attributes with the term each points to: its categories, then the flags it has."""
    links: list[tuple[Link, TaxonomyTerm | Flag]] = [
        (Link(service.id, term.id, "category"), term) for term in service.taxonomy_terms.all()
    ]
    links += [(Link(service.id, flag.term_id, "flag", "true"), flag) for flag in flags if getattr(service, flag.field)]
    return links
