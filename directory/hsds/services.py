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
    Language,
    Location,
    Neighborhood,
    Organization,
    Phone,
    RequiredDocument,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceTranslationReview,
    TaxonomyTerm,
)
from directory.services import services_search_index_rebuild
from directory.signals import indexing_suspended
from moia import csvio

from .common import FLAG_TAXONOMY, FLAGS, FLAGS_BY_TERM_ID, FREE_OPTION_FIELD, languages, localized, taxonomy_id
from .common import translated_fields as model_translated_fields
from .tabular import TABLES, UUID_COLUMNS, Table

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


# The model whose translatable fields each HSDS table carries in x_translations.csv.
TRANSLATED_TABLES: dict[str, tuple[type[models.Model], dict[str, str]]] = {
    "organization": (Organization, {}),
    "service": (Service, {}),
    "taxonomy_term": (TaxonomyTerm, {}),
    "phone": (Phone, {}),
    "schedule": (Schedule, {}),
    "required_document": (RequiredDocument, {}),
    "accessibility": (Location, {"description": "accessibility"}),
}


def _parse(kind: str, text: str | None) -> Any:
    if text is None or text == "":
        return None
    if kind == "string":
        return text
    text = text.strip()
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


def _uuid(text: str | None) -> UUID | None:
    return UUID(text.strip()) if text and text.strip() else None


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
                    problems.append(f"{column}: {raw.get(column)!r} is not a valid {kind}")
            for column in _uuid_columns(table):
                try:
                    values[column] = _uuid(raw.get(column))
                except (ValueError, AttributeError):
                    problems.append(f"{column}: {raw.get(column)!r} is not a UUID")
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
        tables = {table.name: table for table in TABLES}

        for row in self.rows["x_neighborhood"]:
            if not row["slug"]:
                self.error(tables["x_neighborhood"], row.line, "slug: required")
                continue
            Neighborhood.objects.update_or_create(
                slug=row["slug"], defaults={"name": row["name"] or row["slug"], "order": row["order"] or 0}
            )
            self.counts["x_neighborhood"] += 1

        organizations = self._simple(
            tables["organization"],
            Organization,
            translations,
            lambda org, row: _assign(
                org,
                row,
                {
                    "slug": "x_slug",
                    "alternate_name": "alternate_name",
                    "email": "email",
                    "website": "website",
                    "tax_status": "tax_status",
                    "legal_status": "legal_status",
                    "is_demo": "x_demo",
                },
                year_incorporated=int(row["year_incorporated"]) if row["year_incorporated"] is not None else None,
                # A package is published data: what it brings in is listed. The EIN is not in it
                # (grants' data, see tabular.py), so an import never overwrites it.
                is_listed=True,
            ),
            exclude=["parent_organization"],
        )
        known_organizations = organizations | set(Organization.objects.values_list("id", flat=True))
        for row in self.rows["organization"]:
            if row["id"] in organizations and self.require(
                tables["organization"], row, "parent_organization_id", known_organizations
            ):
                Organization.objects.filter(pk=row["id"]).update(parent_organization_id=row["parent_organization_id"])

        flag_taxonomy = taxonomy_id(FLAG_TAXONOMY)
        category_rows = [
            row
            for row in self.rows["taxonomy_term"]
            if row["id"] not in FLAGS_BY_TERM_ID and row["taxonomy_id"] != flag_taxonomy
        ]
        terms = self._simple(
            tables["taxonomy_term"],
            TaxonomyTerm,
            translations,
            lambda term, row: _assign(term, row, {"code": "code", "taxonomy": "taxonomy"}, order=row["x_order"] or 0),
            rows=category_rows,
            exclude=["parent"],
        )
        known_terms = terms | set(TaxonomyTerm.objects.values_list("id", flat=True))
        for row in category_rows:
            if row["id"] in terms and self.require(tables["taxonomy_term"], row, "parent_id", known_terms):
                TaxonomyTerm.objects.filter(pk=row["id"]).update(parent_id=row["parent_id"])

        services = self._services(tables, translations, known_organizations, known_terms)
        self.services_saved = services
        known_services = services | set(Service.objects.values_list("id", flat=True))
        self._reviews(tables["x_translation_review"], known_services)
        locations = self._locations(tables, translations, known_organizations)
        known_locations = locations | set(Location.objects.values_list("id", flat=True))
        self._children(tables, translations, known_services, known_locations, known_organizations)
        return dict(self.counts)

    def _translations(self) -> dict[tuple[str, UUID], dict[str, str]]:
        """(table, id) -> {"<model field>_<lang>": text} from x_translations.csv, checked."""
        table = next(t for t in TABLES if t.name == "x_translation")
        found: dict[tuple[str, UUID], dict[str, str]] = defaultdict(dict)
        for row in self.rows["x_translation"]:
            target = TRANSLATED_TABLES.get(row["table"] or "")
            if target is None:
                self.error(table, row.line, f"table: {row['table']!r} has no translatable fields")
                continue
            model, renamed = target
            field = renamed.get(row["field"], row["field"])
            if row["language"] not in languages()[1:]:
                self.error(table, row.line, f"language: {row['language']!r} is not one of the portal's languages")
                continue
            if row["table"] == "taxonomy_term" and row["id"] in FLAGS_BY_TERM_ID:
                continue  # flag names come from the portal's own catalogues
            if field not in model_translated_fields(model):
                self.error(table, row.line, f"field: {row['field']!r} is not translatable in {row['table']}")
                continue
            found[(row["table"], row["id"])][localized(field, row["language"])] = row["value"] or ""
        return found

    def _simple(
        self,
        table: Table,
        model: type[models.Model],
        translations: dict,
        fill: Callable[[Any, _Row], None],
        *,
        rows: list[_Row] | None = None,
        exclude: list[str] | None = None,
    ) -> set[UUID]:
        """Create or update the table's rows by id; the ids saved."""
        rows = self.rows[table.name] if rows is None else rows
        ids = [row["id"] for row in rows if row["id"]]
        existing = model.objects.in_bulk(ids)  # type: ignore[attr-defined]  # every HSDS table's model has one
        saved = set()
        for row in rows:
            if row["id"] is None:
                self.error(table, row.line, "id: required")
                continue
            obj = existing.get(row["id"]) or model(id=row["id"])
            _translate(obj, row, translations.get((table.name, row["id"]), {}))
            fill(obj, row)
            if self.save(table, row, obj, exclude=exclude):
                saved.add(row["id"])
        return saved

    def _services(self, tables, translations, known_organizations, known_terms) -> set[UUID]:
        table = tables["service"]
        attributes: dict[UUID, list[_Row]] = defaultdict(list)
        for row in self.rows["attribute"]:
            if row["link_id"] is None or row["taxonomy_term_id"] is None:
                self.error(tables["attribute"], row.line, "link_id and taxonomy_term_id: required")
                continue
            if row["taxonomy_term_id"] not in FLAGS_BY_TERM_ID and row["taxonomy_term_id"] not in known_terms:
                self.error(tables["attribute"], row.line, f"taxonomy_term_id: {row['taxonomy_term_id']} does not exist")
                continue
            attributes[row["link_id"]].append(row)
        free = {row["service_id"] for row in self.rows["cost_option"] if row["amount"] == 0}
        service_ids = {row["id"] for row in self.rows["service"]}
        for link_id, rows in attributes.items():
            if link_id not in service_ids and not Service.objects.filter(pk=link_id).exists():
                self.error(tables["attribute"], rows[0].line, f"link_id: service {link_id} does not exist")

        def fill(service: Service, row: _Row) -> None:
            _assign(
                service,
                row,
                {
                    "slug": "x_slug",
                    "alternate_name": "alternate_name",
                    "url": "url",
                    "email": "email",
                    "status": "status",
                    "accreditations": "accreditations",
                    "is_demo": "x_demo",
                },
                assured_date=row["assured_date"],
            )
            service.organization_id = row["organization_id"]
            if row["x_english_version"]:
                service.english_version = row["x_english_version"]
            values = {attr["taxonomy_term_id"]: attr["value"] for attr in attributes.get(row["id"], [])}
            for flag in FLAGS:
                setattr(service, flag.field, (values.get(flag.term_id) or "").lower() == "true")
            setattr(service, FREE_OPTION_FIELD, row["id"] in free)

        rows = [row for row in self.rows["service"] if self.require(table, row, "organization_id", known_organizations)]
        saved = self._simple(table, Service, translations, fill, rows=rows)
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

    def _locations(self, tables, translations, known_organizations) -> set[UUID]:
        addresses = {row["location_id"]: row for row in self.rows["address"]}
        accessibility = {row["location_id"]: row for row in self.rows["accessibility"]}
        neighborhoods = dict(Neighborhood.objects.values_list("slug", "id"))

        def fill(location: Location, row: _Row) -> None:
            _assign(
                location,
                row,
                {
                    "slug": "x_slug",
                    "name": "name",
                    "alternate_name": "alternate_name",
                    "description": "description",
                    "transportation": "transportation",
                    "is_demo": "x_demo",
                },
                latitude=row["latitude"],
                longitude=row["longitude"],
            )
            location.organization_id = row["organization_id"]
            location.neighborhood_id = neighborhoods.get(row["x_neighborhood"]) if row["x_neighborhood"] else None
            address = addresses.get(row["id"])
            for field in ("address_1", "address_2", "city", "state_province", "postal_code"):
                setattr(location, field, (address[field] if address else "") or "")
            location.country = (address["country"] if address else "") or "US"
            note = accessibility.get(row["id"])
            location.accessibility_en = (note["description"] if note else "") or ""  # type: ignore[attr-defined]
            note_translations = translations.get(("accessibility", note["id"]), {}) if note else {}
            for language in languages()[1:]:
                name = localized("accessibility", language)
                setattr(location, name, note_translations.get(name, ""))

        table = tables["location"]
        rows = []
        for row in self.rows["location"]:
            if row["x_neighborhood"] and row["x_neighborhood"] not in neighborhoods:
                self.error(table, row.line, f"x_neighborhood: {row['x_neighborhood']!r} does not exist")
            elif self.require(table, row, "organization_id", known_organizations):
                rows.append(row)
        return self._simple(table, Location, {}, fill, rows=rows)

    def _children(self, tables, translations, known_services, known_locations, known_organizations) -> None:
        parents = {"service_id": known_services, "location_id": known_locations, "organization_id": known_organizations}

        def checked(table: Table, *columns: str) -> list[_Row]:
            return [
                row
                for row in self.rows[table.name]
                if all(self.require(table, row, column, parents[column]) for column in columns)
            ]

        table = tables["service_at_location"]
        self._simple(
            table,
            ServiceAtLocation,
            {},
            lambda sal, row: _assign(
                sal, row, {"description": "description"}, service_id=row["service_id"], location_id=row["location_id"]
            ),
            rows=checked(table, "service_id", "location_id"),
        )
        table = tables["phone"]
        self._simple(
            table,
            Phone,
            translations,
            lambda phone, row: _assign(
                phone,
                row,
                {"number": "number", "type": "type"},
                extension=_plain_number(row["extension"]),
                order=row["x_order"] or 0,
                service_id=row["service_id"],
                location_id=row["location_id"],
                organization_id=row["organization_id"],
            ),
            rows=checked(table, "service_id", "location_id", "organization_id"),
        )
        table = tables["schedule"]
        self._simple(
            table,
            Schedule,
            translations,
            lambda schedule, row: _assign(
                schedule,
                row,
                {"freq": "freq", "byday": "byday", "timezone": "x_timezone"},
                valid_from=row["valid_from"],
                valid_to=row["valid_to"],
                opens_at=row["opens_at"],
                closes_at=row["closes_at"],
                service_id=row["service_id"],
                location_id=row["location_id"],
            ),
            rows=checked(table, "service_id", "location_id"),
        )
        table = tables["language"]
        self._simple(
            table,
            Language,
            {},
            lambda language, row: _assign(
                language, row, {"code": "code", "name": "name", "note": "note"}, service_id=row["service_id"]
            ),
            rows=checked(table, "service_id"),
        )
        table = tables["required_document"]
        self._simple(
            table,
            RequiredDocument,
            translations,
            lambda document, row: _assign(
                document, row, {"uri": "uri"}, order=row["x_order"] or 0, service_id=row["service_id"]
            ),
            rows=checked(table, "service_id"),
        )


def _uuid_columns(table: Table) -> list[str]:
    return [name for name in table.column_names if name in UUID_COLUMNS]


def _plain_number(value: Decimal | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if value == value.to_integral_value() else str(value)


def _assign(obj: models.Model, row: _Row, columns: dict[str, str], **values: Any) -> None:
    """Copy CSV columns onto model fields; an empty cell becomes the field's empty value."""
    for field, column in columns.items():
        value = row[column]
        # The columns map to concrete fields, never reverse relations.
        empty = _empty_value(obj._meta.get_field(field))  # type: ignore[arg-type]
        setattr(obj, field, empty if value is None else value)
    for field, value in values.items():
        setattr(obj, field, value)


def _empty_value(field: models.Field) -> Any:
    if field.has_default():
        return field.get_default()
    if not field.null and isinstance(field, models.CharField | models.TextField):
        return ""
    return None


def _translate(obj: models.Model, row: _Row, translated: dict[str, str]) -> None:
    """English from the table's own columns, every other language from x_translations (or empty)."""
    for field in model_translated_fields(type(obj)):
        if field in row.values:
            setattr(obj, localized(field, "en"), row[field] or "")
        for language in languages()[1:]:
            name = localized(field, language)
            setattr(obj, name, translated.get(name, ""))


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
