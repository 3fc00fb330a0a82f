"""The directory as an HSDS 3.0 tabular datapackage: datapackage.json and one CSV per table.

Each table has the HSDS columns of `schema/simple/schema.csv` in the standard's order,
followed by the portal's extension columns (prefixed `x_`). Text in languages other than
English travels in the extension table `x_translations.csv`, one row per object, field and
language. directory/HSDS.md documents every extension.
"""

import io
import json
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.conf import settings
from django.utils import timezone

from directory import selectors as directory_selectors
from directory.caching import cache_for_version, cached_for_version
from directory.models import (
    Language,
    Location,
    Neighborhood,
    Phone,
    RequiredDocument,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceTranslationReview,
    TaxonomyTerm,
)
from moia import csvio

from .common import (
    CATEGORY_TAXONOMY_DESCRIPTION,
    FLAG_TAXONOMY,
    FLAG_TAXONOMY_DESCRIPTION,
    FLAGS,
    FREE_OPTION_FIELD,
    HSDS_VERSION,
    derived_id,
    label_translations,
    languages,
    localized,
    taxonomy_id,
    translated_fields,
)


@dataclass(frozen=True)
class Table:
    name: str
    path: str
    # (column, Frictionless Table Schema type); HSDS columns first, then x_ extensions.
    columns: tuple[tuple[str, str], ...]
    primary_key: str = "id"

    @property
    def column_names(self) -> list[str]:
        return [name for name, _type in self.columns]


def _c(spec: str) -> tuple[tuple[str, str], ...]:
    """ "id name:type ..." -> columns; the type defaults to string."""
    return tuple((part.split(":")[0], part.split(":")[1] if ":" in part else "string") for part in spec.split())


TABLES: tuple[Table, ...] = (
    Table(
        "organization",
        "organizations.csv",
        _c(
            "id name alternate_name description email website tax_status tax_id year_incorporated:number"
            " legal_status logo uri parent_organization_id x_slug x_demo:boolean"
        ),
    ),
    Table(
        "service",
        "services.csv",
        _c(
            "id organization_id program_id name alternate_name description url email status"
            " interpretation_services application_process fees_description accreditations"
            " eligibility_description minimum_age:number maximum_age:number assured_date:date assurer_email alert"
            " x_slug x_demo:boolean x_english_version:integer"
        ),
    ),
    Table(
        "location",
        "locations.csv",
        _c(
            "id location_type url organization_id name alternate_name description transportation"
            " latitude:number longitude:number external_identifier external_identifier_type"
            " x_slug x_neighborhood x_demo:boolean"
        ),
    ),
    Table(
        "address",
        "addresses.csv",
        _c("id location_id attention address_1 address_2 city region state_province postal_code country address_type"),
    ),
    Table("accessibility", "accessibility.csv", _c("id location_id description details url")),
    Table("service_at_location", "service_at_location.csv", _c("id service_id location_id description")),
    Table(
        "phone",
        "phones.csv",
        _c(
            "id location_id service_id organization_id contact_id service_at_location_id number extension:number"
            " type description x_order:integer"
        ),
    ),
    Table(
        "schedule",
        "schedules.csv",
        _c(
            "id service_id location_id service_at_location_id valid_from:date valid_to:date dtstart:date"
            " timezone:number until:date count:number wkst freq interval:number byday byweekno bymonthday"
            " byyearday description opens_at:time closes_at:time schedule_link attending_type notes x_timezone"
        ),
    ),
    Table("language", "languages.csv", _c("id service_id location_id phone_id name code note")),
    Table("required_document", "required_documents.csv", _c("id service_id document uri x_order:integer")),
    Table("taxonomy", "taxonomies.csv", _c("id name description uri version")),
    Table(
        "taxonomy_term",
        "taxonomy_terms.csv",
        _c("id code name description parent_id taxonomy language taxonomy_id term_uri x_order:integer"),
    ),
    Table("attribute", "attributes.csv", _c("id link_id taxonomy_term_id link_type link_entity value")),
    Table(
        "cost_option",
        "cost_options.csv",
        _c("id service_id valid_from:date valid_to:date option currency amount:number amount_description"),
    ),
    Table("x_neighborhood", "x_neighborhoods.csv", _c("slug name order:integer"), primary_key="slug"),
    Table("x_translation", "x_translations.csv", _c("table id field language value"), primary_key=""),
    Table(
        "x_translation_review",
        "x_translation_reviews.csv",
        _c("service_id language status source_version:integer reviewed_at:datetime"),
        primary_key="",
    ),
)
TABLES_BY_NAME = {table.name: table for table in TABLES}
# Identifier columns: UUIDs (HSDS format "uuid").
UUID_COLUMNS = frozenset(
    (
        "id",
        "organization_id",
        "program_id",
        "service_id",
        "location_id",
        "phone_id",
        "contact_id",
        "service_at_location_id",
        "parent_organization_id",
        "parent_id",
        "taxonomy_id",
        "taxonomy_term_id",
        "link_id",
    )
)


def cell(value: Any) -> str:
    """One CSV cell: empty for nothing, lower-case booleans, ISO dates and times."""
    if type(value) is str:  # most cells: checked first, the export writes hundreds of thousands
        return value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, time):
        return value.strftime("%H:%M") if not value.second else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (UUID, Decimal, int)):
        return str(value)
    return str(value)


def _english(obj: Any, field: str) -> str:
    return getattr(obj, localized(field, "en")) or ""


class _Rows:
    """Collects each table's rows and the non-English text of every translatable field."""

    def __init__(self) -> None:
        self.tables: dict[str, list[dict[str, Any]]] = {table.name: [] for table in TABLES}

    def add(self, table: str, row: dict[str, Any]) -> None:
        self.tables[table].append(row)

    def translations(self, table: str, object_id: Any, obj: Any, fields: dict[str, str] | None = None) -> None:
        """`fields` maps model fields to HSDS field names where they differ (a location's accessibility)."""
        fields = fields or {field: field for field in translated_fields(type(obj))}
        for field, hsds_field in fields.items():
            for language in languages()[1:]:
                value = getattr(obj, localized(field, language))
                if value:
                    self.add(
                        "x_translation",
                        {"table": table, "id": object_id, "field": hsds_field, "language": language, "value": value},
                    )


def datapackage_rows() -> dict[str, list[dict[str, Any]]]:
    """Every table's rows, sorted so that two exports of the same data are identical."""
    rows = _Rows()
    for neighborhood in Neighborhood.objects.all():
        rows.add("x_neighborhood", {"slug": neighborhood.slug, "name": neighborhood.name, "order": neighborhood.order})
    organizations = list(directory_selectors.organizations_published())
    published = {org.id for org in organizations}
    for org in organizations:
        rows.add(
            "organization",
            {
                "id": org.id,
                "name": _english(org, "name"),
                "alternate_name": org.alternate_name,
                "description": _english(org, "description"),
                "email": org.email,
                "website": org.website,
                "tax_status": org.tax_status,
                # The EIN is what grants checks eligibility with: applicant data, not open data.
                "tax_id": "",
                "year_incorporated": org.year_incorporated,
                "legal_status": org.legal_status,
                # A parent open data leaves out is not named either.
                "parent_organization_id": org.parent_organization_id
                if org.parent_organization_id in published
                else None,
                "x_slug": org.slug,
                "x_demo": org.is_demo,
            },
        )
        rows.translations("organization", org.id, org)
    _taxonomy_rows(rows)
    services = Service.objects.prefetch_related("taxonomy_terms")
    for service in services:
        _service_rows(rows, service)
    for review in ServiceTranslationReview.objects.all():
        rows.add(
            "x_translation_review",
            {
                "service_id": review.service_id,
                "language": review.language,
                "status": review.status,
                "source_version": review.source_version,
                "reviewed_at": review.reviewed_at,
            },
        )
    for location in Location.objects.select_related("neighborhood"):
        _location_rows(rows, location)
    for sal in ServiceAtLocation.objects.all():
        rows.add(
            "service_at_location",
            {
                "id": sal.id,
                "service_id": sal.service_id,
                "location_id": sal.location_id,
                "description": sal.description,
            },
        )
    for phone in Phone.objects.all():
        rows.add(
            "phone",
            {
                "id": phone.id,
                "location_id": phone.location_id,
                "service_id": phone.service_id,
                "organization_id": phone.organization_id,
                "number": phone.number,
                "extension": phone.extension,
                "type": phone.type,
                "description": _english(phone, "description"),
                "x_order": phone.order,
            },
        )
        rows.translations("phone", phone.id, phone)
    for schedule in Schedule.objects.all():
        rows.add(
            "schedule",
            {
                "id": schedule.id,
                "service_id": schedule.service_id,
                "location_id": schedule.location_id,
                "valid_from": schedule.valid_from,
                "valid_to": schedule.valid_to,
                "freq": schedule.freq,
                "byday": schedule.byday,
                "description": _english(schedule, "description"),
                "opens_at": schedule.opens_at,
                "closes_at": schedule.closes_at,
                "x_timezone": schedule.timezone,
            },
        )
        rows.translations("schedule", schedule.id, schedule)
    for language in Language.objects.all():
        rows.add(
            "language",
            {
                "id": language.id,
                "service_id": language.service_id,
                "name": language.name,
                "code": language.code,
                "note": language.note,
            },
        )
    for document in RequiredDocument.objects.all():
        rows.add(
            "required_document",
            {
                "id": document.id,
                "service_id": document.service_id,
                "document": _english(document, "document"),
                "uri": document.uri,
                "x_order": document.order,
            },
        )
        rows.translations("required_document", document.id, document)
    return {name: sorted(table_rows, key=_sort_key) for name, table_rows in rows.tables.items()}


def _sort_key(row: dict[str, Any]) -> tuple:
    return (
        row.get("table", ""),
        str(row.get("id") or ""),
        str(row.get("service_id") or ""),
        row.get("slug", ""),
        row.get("field", ""),
        row.get("language", ""),
    )


def _taxonomy_rows(rows: _Rows) -> None:
    terms = list(TaxonomyTerm.objects.all())
    for name in sorted({term.taxonomy for term in terms}):
        rows.add(
            "taxonomy",
            {"id": taxonomy_id(name), "name": name, "description": CATEGORY_TAXONOMY_DESCRIPTION, "version": ""},
        )
    rows.add(
        "taxonomy",
        {"id": taxonomy_id(FLAG_TAXONOMY), "name": FLAG_TAXONOMY, "description": FLAG_TAXONOMY_DESCRIPTION},
    )
    for term in terms:
        rows.add(
            "taxonomy_term",
            {
                "id": term.id,
                "code": term.code,
                "name": _english(term, "name"),
                # HSDS requires a description; a category without one is described by its name.
                "description": _english(term, "description") or _english(term, "name"),
                "parent_id": term.parent_id,
                "taxonomy": term.taxonomy,
                "language": "en",
                "taxonomy_id": taxonomy_id(term.taxonomy),
                "x_order": term.order,
            },
        )
        rows.translations("taxonomy_term", term.id, term)
    for flag in FLAGS:
        labels = label_translations(flag.field)
        rows.add(
            "taxonomy_term",
            {
                "id": flag.term_id,
                "code": flag.code,
                "name": labels["en"],
                "description": labels["en"],
                "taxonomy": FLAG_TAXONOMY,
                "language": "en",
                "taxonomy_id": taxonomy_id(FLAG_TAXONOMY),
            },
        )
        for language, label in labels.items():
            if language != "en":
                rows.add(
                    "x_translation",
                    {
                        "table": "taxonomy_term",
                        "id": flag.term_id,
                        "field": "name",
                        "language": language,
                        "value": label,
                    },
                )


def _service_rows(rows: _Rows, service: Service) -> None:
    rows.add(
        "service",
        {
            "id": service.id,
            "organization_id": service.organization_id,
            "name": _english(service, "name"),
            "alternate_name": service.alternate_name,
            "description": _english(service, "description"),
            "url": service.url,
            "email": service.email,
            "status": service.status,
            "interpretation_services": _english(service, "interpretation_services"),
            "application_process": _english(service, "application_process"),
            "fees_description": _english(service, "fees_description"),
            "accreditations": service.accreditations,
            "eligibility_description": _english(service, "eligibility_description"),
            "assured_date": service.assured_date,
            "x_slug": service.slug,
            "x_demo": service.is_demo,
            "x_english_version": service.english_version,
        },
    )
    rows.translations("service", service.id, service)
    for term in service.taxonomy_terms.all():
        rows.add(
            "attribute",
            {
                "id": derived_id("attribute", service.id, term.id),
                "link_id": service.id,
                "taxonomy_term_id": term.id,
                "link_type": "category",
                "link_entity": "service",
            },
        )
    for flag in FLAGS:
        if getattr(service, flag.field):
            rows.add(
                "attribute",
                {
                    "id": derived_id("attribute", service.id, flag.term_id),
                    "link_id": service.id,
                    "taxonomy_term_id": flag.term_id,
                    "link_type": "flag",
                    "link_entity": "service",
                    "value": "true",
                },
            )
    if getattr(service, FREE_OPTION_FIELD):
        rows.add(
            "cost_option",
            {
                "id": derived_id("cost-option", "free", service.id),
                "service_id": service.id,
                "option": label_translations(FREE_OPTION_FIELD)["en"],
                "currency": "USD",
                "amount": 0,
            },
        )


def _location_rows(rows: _Rows, location: Location) -> None:
    rows.add(
        "location",
        {
            "id": location.id,
            "location_type": "physical",
            "organization_id": location.organization_id,
            "name": location.name,
            "alternate_name": location.alternate_name,
            "description": location.description,
            "transportation": location.transportation,
            "latitude": location.latitude,
            "longitude": location.longitude,
            "x_slug": location.slug,
            "x_neighborhood": location.neighborhood.slug if location.neighborhood else "",
            "x_demo": location.is_demo,
        },
    )
    if any((location.address_1, location.address_2, location.city, location.state_province, location.postal_code)):
        rows.add(
            "address",
            {
                "id": derived_id("address", location.id),
                "location_id": location.id,
                "address_1": location.address_1,
                "address_2": location.address_2,
                "city": location.city,
                "state_province": location.state_province,
                "postal_code": location.postal_code,
                "country": location.country,
                "address_type": "physical",
            },
        )
    if any(getattr(location, localized("accessibility", language)) for language in languages()):
        accessibility_id = derived_id("accessibility", location.id)
        rows.add(
            "accessibility",
            {"id": accessibility_id, "location_id": location.id, "description": _english(location, "accessibility")},
        )
        rows.translations("accessibility", accessibility_id, location, fields={"accessibility": "description"})


def csv_text(table: Table, table_rows: list[dict[str, Any]]) -> str:
    rows = ([cell(row.get(column)) for column in table.column_names] for row in table_rows)
    return csvio.csv_text([table.column_names, *rows])


def datapackage_descriptor() -> dict[str, Any]:
    return {
        "name": "directory-hsds",
        "title": "Resource directory (Open Referral HSDS 3.0)",
        "profile": "tabular-data-package",
        "version": HSDS_VERSION,
        "created": timezone.now().isoformat(timespec="seconds"),
        "homepage": settings.SITE_URL,
        "resources": [
            {
                "name": table.name,
                "path": table.path,
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": {
                    "fields": [
                        {"name": name, "type": kind, **({"format": "uuid"} if name in UUID_COLUMNS else {})}
                        for name, kind in table.columns
                    ],
                    **({"primaryKey": table.primary_key} if table.primary_key else {}),
                },
            }
            for table in TABLES
        ],
    }


def datapackage_build() -> bytes:
    """The zip: datapackage.json and one CSV per table."""
    rows = datapackage_rows()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("datapackage.json", json.dumps(datapackage_descriptor(), indent=2, ensure_ascii=False))
        for table in TABLES:
            archive.writestr(table.path, csv_text(table, rows[table.name]))
    return buffer.getvalue()


def datapackage_csvs(data: bytes) -> Iterator[tuple[str, str]]:
    """(path, text) of each CSV in a package, for comparing two exports."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in sorted(archive.namelist()):
            if name.endswith(".csv"):
                yield name, archive.read(name).decode("utf-8")


def datapackage_cached() -> bytes:
    """The public download: built once per version of the directory's content.

    The directory bumps its cache version whenever staff change anything (directory/signals.py),
    so the package is never stale, and is rebuilt (about 6 s of CPU for 5,000 services) only
    after a change, not once per download.
    """
    version, data = cached_for_version("directory:hsds:datapackage")
    if data is None:
        data = datapackage_build()
        cache_for_version("directory:hsds:datapackage", version, data, 24 * 3600)
    return data
