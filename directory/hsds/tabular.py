"""The directory as an HSDS 3.0 tabular datapackage: datapackage.json and one CSV per table.

Each table has the HSDS columns of `schema/simple/schema.csv` in the standard's order,
followed by the portal's extension columns (prefixed `x_`), as mapping.py declares them.
Text in languages other than English travels in the extension table `x_translations.csv`,
one row per object, field and language. directory/HSDS.md documents every extension.
"""

import io
import json
import zipfile
from collections.abc import Iterator
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

from . import mapping
from .common import FLAG_TAXONOMY, FLAGS, FREE_OPTION_FIELD, HSDS_VERSION, label_translations, languages
from .mapping import TABLES, Table


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
        return mapping.hsds_time(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (UUID, Decimal, int)):
        return str(value)
    return str(value)


class _Rows:
    """Collects each table's rows and the non-English text of every translatable field."""

    def __init__(self) -> None:
        self.tables: dict[str, list[dict[str, Any]]] = {table.name: [] for table in TABLES}

    def add(self, table: Table, obj: Any) -> None:
        """The object's row in `table`, and its text in every other language in x_translations."""
        row = table.csv_row(obj)
        self.tables[table.name].append(row)
        for field, attr in table.translated.items():
            for language in languages()[1:]:
                self.translation(table, row["id"], field, language, getattr(obj, mapping.localized(attr, language)))

    def translation(self, table: Table, object_id: Any, field: str, language: str, value: str | None) -> None:
        if value:
            self.tables[mapping.TRANSLATION.name].append(
                {"table": table.name, "id": object_id, "field": field, "language": language, "value": value}
            )


def datapackage_rows() -> dict[str, list[dict[str, Any]]]:
    """Every table's rows, sorted so that two exports of the same data are identical."""
    rows = _Rows()
    for neighborhood in Neighborhood.objects.all():
        rows.add(mapping.NEIGHBORHOOD, neighborhood)
    organizations = list(directory_selectors.organizations_published())
    published = {org.id for org in organizations}
    for org in organizations:
        # A parent open data leaves out is not named either (the API's selectors annotate the same).
        org.published_parent_id = org.parent_organization_id if org.parent_organization_id in published else None
        rows.add(mapping.ORGANIZATION, org)
    _taxonomy_rows(rows)
    for service in Service.objects.prefetch_related("taxonomy_terms"):
        _service_rows(rows, service)
    for review in ServiceTranslationReview.objects.all():
        rows.add(mapping.TRANSLATION_REVIEW, review)
    for location in Location.objects.select_related("neighborhood"):
        rows.add(mapping.LOCATION, location)
        if mapping.has_address(location):
            rows.add(mapping.ADDRESS, location)
        if mapping.has_accessibility(location):
            rows.add(mapping.ACCESSIBILITY, location)
    for table, model in (
        (mapping.SERVICE_AT_LOCATION, ServiceAtLocation),
        (mapping.PHONE, Phone),
        (mapping.SCHEDULE, Schedule),
        (mapping.LANGUAGE, Language),
        (mapping.REQUIRED_DOCUMENT, RequiredDocument),
    ):
        for obj in model.objects.all():  # type: ignore[attr-defined]  # every HSDS table's model has one
            rows.add(table, obj)
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
    for name in [*sorted({term.taxonomy for term in terms}), FLAG_TAXONOMY]:
        rows.add(mapping.TAXONOMY, name)
    for term in terms:
        rows.add(mapping.TAXONOMY_TERM, term)
    for flag in FLAGS:
        rows.add(mapping.FLAG_TERM, flag)
        for language, label in label_translations(flag.field).items():
            if language != "en":
                rows.translation(mapping.FLAG_TERM, flag.term_id, "name", language, label)


def _service_rows(rows: _Rows, service: Service) -> None:
    rows.add(mapping.SERVICE, service)
    for link, _term in mapping.service_links(service, FLAGS):
        rows.add(mapping.ATTRIBUTE, link)
    if getattr(service, FREE_OPTION_FIELD):
        rows.add(mapping.COST_OPTION, service)


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
                    "fields": [field.descriptor() for field in table.fields if field.csv],
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
