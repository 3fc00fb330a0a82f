"""Writes for HSDS open data: importing a tabular datapackage.

The import is all or nothing: every row is checked, every problem is reported with its
file and line, and if there is any, the transaction is rolled back so that nothing is
half imported. Rows are created, or updated when their id already exists; rows that the
package does not mention are left alone.
"""

import csv
import io
import zipfile
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone, translation

from directory.models import (
    Location,
    Neighborhood,
    Organization,
    Service,
    ServiceTranslationReview,
    TaxonomyTerm,
)
from directory.services import services_search_index_rebuild
from directory.signals import indexing_suspended
from moia import csvio

from . import mapping
from .common import FLAG_TAXONOMY, FLAGS, FLAGS_BY_TERM_ID, FREE_OPTION_FIELD, languages, localized, taxonomy_id
from .mapping import TABLES, Table

MAX_PACKAGE_BYTES = 200 * 1024 * 1024


@dataclass(frozen=True)
class RowError:
    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}" if self.line else f"{self.path}: {self.message}"


class DatapackageInvalid(Exception):
    """The package was refused; `errors` says which rows were wrong and why."""

    def __init__(self, errors: list[RowError]):
        super().__init__(f"{len(errors)} error(s) in the datapackage")
        self.errors = errors


# The tables whose text x_translations.csv carries in other languages.
TRANSLATED_TABLES = {table.name: table for table in TABLES if table.translated}


def _parse(kind: str, text: str | None) -> Any:
    if text is None or text == "":
        return None
    if kind == "string":
        return text
    text = text.strip()
    if kind == "uuid":
        return UUID(text) if text else None
    if kind == "integer":
        return int(text)
    if kind == "number":
        try:
            return Decimal(text)
        except InvalidOperation as exc:
            raise ValueError(text) from exc
    if kind == "boolean":
        if text.lower() not in {"true", "false"}:
            raise ValueError(text)
        return text.lower() == "true"
    if kind == "date":
        return date.fromisoformat(text)
    if kind == "time":
        return time.fromisoformat(text)
    if kind == "datetime":
        value = datetime.fromisoformat(text)
        return value if timezone.is_aware(value) else timezone.make_aware(value)
    raise ValueError(kind)


@dataclass
class _Row:
    line: int
    values: dict[str, Any]

    def __getitem__(self, key: str) -> Any:
        return self.values.get(key)


class _Importer:
    def __init__(self, archive: zipfile.ZipFile):
        self.archive = archive
        self.errors: list[RowError] = []
        self.rows: dict[str, list[_Row]] = {}
        self.counts: dict[str, int] = defaultdict(int)
        self.services_saved: set[UUID] = set()

    # -- reading ---------------------------------------------------------------------------
    def error(self, table: Table | str, line: int, message: str) -> None:
        path = table.path if isinstance(table, Table) else table
        self.errors.append(RowError(path, line, message))

    def read(self) -> None:
        names = set(self.archive.namelist())
        if "datapackage.json" not in names:
            self.error("datapackage.json", 0, "missing: this is not a datapackage")
        for table in TABLES:
            self.rows[table.name] = self._read_table(table) if table.path in names else []

    def _read_table(self, table: Table) -> list[_Row]:
        try:
            text = self.archive.read(table.path).decode("utf-8-sig")
        except UnicodeDecodeError:
            self.error(table, 0, "not UTF-8 text")
            return []
        reader = csv.DictReader(io.StringIO(text, newline=""))
        kinds = dict(table.columns)
        required = [table.primary_key] if table.primary_key else [table.columns[0][0]]
        missing = [column for column in required if column not in (reader.fieldnames or [])]
        if missing:
            self.error(table, 1, "missing column(s): " + ", ".join(missing))
            return []
        rows = []
        for line, escaped in enumerate(reader, start=2):
            # The export escaped text a spreadsheet would run as a formula (moia.csvio).
            raw = {
                key: csvio.cell_unescaped(value) if isinstance(value, str) else value for key, value in escaped.items()
            }
            values: dict[str, Any] = {}
            problems = []
            for column, kind in kinds.items():
                try:
                    values[column] = _parse(kind, raw.get(column))
                except (ValueError, TypeError):
                    expected = "UUID" if kind == "uuid" else f"valid {kind}"
                    problems.append(f"{column}: {raw.get(column)!r} is not a {expected}")
            if problems:
                self.error(table, line, "; ".join(problems))
                continue
            rows.append(_Row(line, values))
        return rows

    # -- writing ---------------------------------------------------------------------------
    def save(self, table: Table, row: _Row, obj: models.Model, *, exclude: list[str] | None = None) -> bool:
        try:
            obj.full_clean(exclude=exclude)
        except ValidationError as exc:
            messages = (
                [f"{field}: {' '.join(errors)}" for field, errors in exc.message_dict.items()]
                if hasattr(exc, "error_dict")
                else exc.messages
            )
            self.error(table, row.line, "; ".join(messages))
            return False
        obj.save()
        self.counts[table.name] += 1
        return True

    def require(self, table: Table, row: _Row, column: str, known: set) -> bool:
        value = row[column]
        if value is not None and value not in known:
            self.error(table, row.line, f"{column}: {value} does not exist")
            return False
        return True

    def run(self) -> dict[str, int]:
        self.read()
        translations = self._translations()

        table = mapping.NEIGHBORHOOD
        for row in self.rows[table.name]:
            if not row["slug"]:
                self.error(table, row.line, "slug: required")
                continue
            Neighborhood.objects.update_or_create(
                slug=row["slug"], defaults={"name": row["name"] or row["slug"], "order": row["order"] or 0}
            )
            self.counts[table.name] += 1

        def organization_fill(organization: Organization, row: _Row) -> None:
            # A package is published data: what it brings in is listed.
            organization.is_listed = True

        table = mapping.ORGANIZATION
        organizations = self._simple(table, translations, organization_fill, exclude=["parent_organization"])
        known_organizations = organizations | set(Organization.objects.values_list("id", flat=True))
        for row in self.rows[table.name]:
            if row["id"] in organizations and self.require(table, row, "parent_organization_id", known_organizations):
                Organization.objects.filter(pk=row["id"]).update(parent_organization_id=row["parent_organization_id"])

        flag_taxonomy = taxonomy_id(FLAG_TAXONOMY)
        table = mapping.TAXONOMY_TERM
        category_rows = [
            row
            for row in self.rows[table.name]
            if row["id"] not in FLAGS_BY_TERM_ID and row["taxonomy_id"] != flag_taxonomy
        ]
        terms = self._simple(table, translations, rows=category_rows, exclude=["parent"])
        known_terms = terms | set(TaxonomyTerm.objects.values_list("id", flat=True))
        for row in category_rows:
            if row["id"] in terms and self.require(table, row, "parent_id", known_terms):
                TaxonomyTerm.objects.filter(pk=row["id"]).update(parent_id=row["parent_id"])

        services = self._services(translations, known_organizations, known_terms)
        self.services_saved = services
        known_services = services | set(Service.objects.values_list("id", flat=True))
        self._reviews(mapping.TRANSLATION_REVIEW, known_services)
        locations = self._locations(translations, known_organizations)
        known_locations = locations | set(Location.objects.values_list("id", flat=True))
        self._children(translations, known_services, known_locations, known_organizations)
        return dict(self.counts)

    def _translations(self) -> dict[tuple[str, UUID], dict[str, str]]:
        """(table, id) -> {"<model field>_<lang>": text} from x_translations.csv, checked."""
        table = mapping.TRANSLATION
        found: dict[tuple[str, UUID], dict[str, str]] = defaultdict(dict)
        for row in self.rows[table.name]:
            target = TRANSLATED_TABLES.get(row["table"] or "")
            if target is None:
                self.error(table, row.line, f"table: {row['table']!r} has no translatable fields")
                continue
            if row["language"] not in languages()[1:]:
                self.error(table, row.line, f"language: {row['language']!r} is not one of the portal's languages")
                continue
            if row["table"] == mapping.FLAG_TERM.name and row["id"] in FLAGS_BY_TERM_ID:
                continue  # flag names come from the portal's own catalogues
            field = target.translated.get(row["field"] or "")
            if field is None:
                self.error(table, row.line, f"field: {row['field']!r} is not translatable in {row['table']}")
                continue
            found[(row["table"], row["id"])][localized(field, row["language"])] = row["value"] or ""
        return found

    def _simple(
        self,
        table: Table,
        translations: dict,
        fill: Callable[[Any, _Row], None] | None = None,
        *,
        rows: list[_Row] | None = None,
        exclude: list[str] | None = None,
    ) -> set[UUID]:
        """Create or update the table's rows by id, each field as mapping.py declares it, then
        `fill` for what the table takes from elsewhere; the ids saved."""
        model = table.model
        if model is None:  # only the tables of rows the portal stores are imported this way
            raise TypeError(f"{table.name} has no model")
        rows = self.rows[table.name] if rows is None else rows
        ids = [row["id"] for row in rows if row["id"]]
        existing = model.objects.in_bulk(ids)  # type: ignore[attr-defined]  # every HSDS table's model has one
        saved = set()
        for row in rows:
            if row["id"] is None:
                self.error(table, row.line, "id: required")
                continue
            obj = existing.get(row["id"]) or model(id=row["id"])
            _load(table, obj, row, translations.get((table.name, row["id"]), {}))
            if fill is not None:
                fill(obj, row)
            if self.save(table, row, obj, exclude=exclude):
                saved.add(row["id"])
        return saved

    def _services(self, translations, known_organizations, known_terms) -> set[UUID]:
        table = mapping.SERVICE
        attribute_table = mapping.ATTRIBUTE
        attributes: dict[UUID, list[_Row]] = defaultdict(list)
        for row in self.rows[attribute_table.name]:
            if row["link_id"] is None or row["taxonomy_term_id"] is None:
                self.error(attribute_table, row.line, "link_id and taxonomy_term_id: required")
                continue
            if row["taxonomy_term_id"] not in FLAGS_BY_TERM_ID and row["taxonomy_term_id"] not in known_terms:
                self.error(attribute_table, row.line, f"taxonomy_term_id: {row['taxonomy_term_id']} does not exist")
                continue
            attributes[row["link_id"]].append(row)
        free = {row["service_id"] for row in self.rows[mapping.COST_OPTION.name] if row["amount"] == 0}
        service_ids = {row["id"] for row in self.rows[table.name]}
        for link_id, rows in attributes.items():
            if link_id not in service_ids and not Service.objects.filter(pk=link_id).exists():
                self.error(attribute_table, rows[0].line, f"link_id: service {link_id} does not exist")

        def fill(service: Service, row: _Row) -> None:
            values = {attr["taxonomy_term_id"]: attr["value"] for attr in attributes.get(row["id"], [])}
            for flag in FLAGS:
                setattr(service, flag.field, (values.get(flag.term_id) or "").lower() == "true")
            setattr(service, FREE_OPTION_FIELD, row["id"] in free)

        rows = [
            row for row in self.rows[table.name] if self.require(table, row, "organization_id", known_organizations)
        ]
        saved = self._simple(table, translations, fill, rows=rows)
        for service in Service.objects.filter(pk__in=saved):
            service.taxonomy_terms.set(
                [
                    attr["taxonomy_term_id"]
                    for attr in attributes.get(service.id, [])
                    if attr["taxonomy_term_id"] not in FLAGS_BY_TERM_ID
                ]
            )
        return saved

    def _reviews(self, table: Table, known_services: set[UUID]) -> None:
        valid = set(ServiceTranslationReview.Status.values)
        for row in self.rows["x_translation_review"]:
            if row["service_id"] is None:
                self.error(table, row.line, "service_id: required")
                continue
            if not self.require(table, row, "service_id", known_services):
                continue
            if row["language"] not in languages() or row["status"] not in valid:
                self.error(table, row.line, "language or status: not a known value")
                continue
            ServiceTranslationReview.objects.update_or_create(
                service_id=row["service_id"],
                language=row["language"],
                defaults={
                    "status": row["status"],
                    "source_version": row["source_version"] or 1,
                    "reviewed_at": row["reviewed_at"],
                },
            )
            self.counts[table.name] += 1

    def _locations(self, translations, known_organizations) -> set[UUID]:
        addresses = {row["location_id"]: row for row in self.rows[mapping.ADDRESS.name]}
        accessibility = {row["location_id"]: row for row in self.rows[mapping.ACCESSIBILITY.name]}
        neighborhoods = dict(Neighborhood.objects.values_list("slug", "id"))

        def fill(location: Location, row: _Row) -> None:
            location.neighborhood_id = neighborhoods.get(row["x_neighborhood"]) if row["x_neighborhood"] else None
            # A location without an address or accessibility row has none (its fields are emptied).
            _load(mapping.ADDRESS, location, addresses.get(row["id"]), {})
            note = accessibility.get(row["id"])
            note_translations = translations.get((mapping.ACCESSIBILITY.name, note["id"]), {}) if note else {}
            _load(mapping.ACCESSIBILITY, location, note, note_translations)

        table = mapping.LOCATION
        rows = []
        for row in self.rows[table.name]:
            if row["x_neighborhood"] and row["x_neighborhood"] not in neighborhoods:
                self.error(table, row.line, f"x_neighborhood: {row['x_neighborhood']!r} does not exist")
            elif self.require(table, row, "organization_id", known_organizations):
                rows.append(row)
        return self._simple(table, {}, fill, rows=rows)

    def _children(self, translations, known_services, known_locations, known_organizations) -> None:
        parents = {"service_id": known_services, "location_id": known_locations, "organization_id": known_organizations}
        for table in (
            mapping.SERVICE_AT_LOCATION,
            mapping.PHONE,
            mapping.SCHEDULE,
            mapping.LANGUAGE,
            mapping.REQUIRED_DOCUMENT,
        ):
            # Each row must point at parents that exist, in the package or already in the portal.
            columns = [f.name for f in table.loaded_fields() if f.name in parents]
            rows = [
                row
                for row in self.rows[table.name]
                if all(self.require(table, row, column, parents[column]) for column in columns)
            ]
            self._simple(table, translations, rows=rows)


def _load(table: Table, obj: models.Model, row: _Row | None, translated: dict[str, str]) -> None:
    """Set the fields the table's cells map to; an empty cell (or no row) gives the field's empty value.

    Translatable text: English from the table's own cell, every other language from
    x_translations (or empty).
    """
    for field in table.loaded_fields():
        value = row[field.name] if row else None
        if callable(field.load):
            value = field.load(value)
            if value is mapping.UNCHANGED:
                continue
        if value is None:
            # The fields map to concrete fields, never reverse relations.
            value = _empty_value(obj._meta.get_field(field.source))  # type: ignore[arg-type]
        setattr(obj, field.source, value)  # type: ignore[arg-type]
    for name, attr in table.translated.items():
        setattr(obj, localized(attr, "en"), (row[name] if row else None) or "")
        for language in languages()[1:]:
            localized_name = localized(attr, language)
            setattr(obj, localized_name, translated.get(localized_name, ""))


def _empty_value(field: models.Field) -> Any:
    if field.has_default():
        return field.get_default()
    if not field.null and isinstance(field, models.CharField | models.TextField):
        return ""
    return None


def datapackage_import(*, data: bytes) -> dict[str, int]:
    """Import an HSDS tabular datapackage (zip); all rows or none (DatapackageInvalid lists every error)."""
    if len(data) > MAX_PACKAGE_BYTES:
        raise DatapackageInvalid([RowError("(package)", 0, "larger than 200 MB")])
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise DatapackageInvalid([RowError("(package)", 0, "not a zip file")]) from exc
    with archive, translation.override("en"), transaction.atomic():
        importer = _Importer(archive)
        # Search documents are rebuilt once per service at the end, not after every row.
        with indexing_suspended():
            counts = importer.run()
        if importer.errors:
            # Raising inside atomic() rolls back every row already written.
            raise DatapackageInvalid(importer.errors)
        if importer.services_saved:
            services_search_index_rebuild(queryset=Service.objects.filter(pk__in=importer.services_saved))
    return counts
