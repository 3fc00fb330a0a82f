"""CSV/XLSX import and export (django-import-export), every language in its own column."""

from dataclasses import dataclass, field

import tablib
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets
from import_export.formats.base_formats import XLSX
from modeltranslation.utils import build_localized_fieldname

from . import flags
from .models import Location, Neighborhood, Organization, Service, TaxonomyTerm

MAX_IMPORT_ROWS = 5000


def _localized(*names: str) -> list[str]:
    return [build_localized_fieldname(name, code) for name in names for code in settings.LANGUAGE_CODES]


class ServiceResource(resources.ModelResource):
    organization = fields.Field(
        attribute="organization", column_name="organization", widget=widgets.ForeignKeyWidget(Organization, "slug")
    )
    categories = fields.Field(
        attribute="taxonomy_terms",
        column_name="categories",
        widget=widgets.ManyToManyWidget(TaxonomyTerm, separator="|", field="code"),
    )

    class Meta:
        model = Service
        import_id_fields = ("slug",)
        fields = (
            "slug",
            "organization",
            "status",
            *_localized(*Service.ENGLISH_TRACKED_FIELDS),
            "alternate_name",
            "url",
            "email",
            "accreditations",
            *flags.FIELDS,
            "assured_date",
            "categories",
        )
        export_order = fields
        skip_unchanged = True
        clean_model_instances = True


class OrganizationResource(resources.ModelResource):
    class Meta:
        model = Organization
        import_id_fields = ("slug",)
        fields = (
            "slug",
            *_localized("name", "description"),
            "alternate_name",
            "email",
            "website",
            "tax_status",
            "tax_id",
            "year_incorporated",
            "legal_status",
            "is_demo",
        )
        export_order = fields
        skip_unchanged = True
        clean_model_instances = True


class LocationResource(resources.ModelResource):
    neighborhood = fields.Field(
        attribute="neighborhood", column_name="neighborhood", widget=widgets.ForeignKeyWidget(Neighborhood, "slug")
    )

    class Meta:
        model = Location
        import_id_fields = ("slug",)
        fields = (
            "slug",
            "name",
            "address_1",
            "address_2",
            "city",
            "state_province",
            "postal_code",
            "country",
            "neighborhood",
            "latitude",
            "longitude",
            *_localized("accessibility"),
            "is_demo",
        )
        export_order = fields
        skip_unchanged = True
        clean_model_instances = True


class TaxonomyTermResource(resources.ModelResource):
    class Meta:
        model = TaxonomyTerm
        import_id_fields = ("code",)
        fields = ("code", *_localized("name", "description"), "taxonomy", "order")
        export_order = fields
        skip_unchanged = True
        clean_model_instances = True


@dataclass
class RowReport:
    number: int
    messages: list[str]


@dataclass
class ImportReport:
    imported: int = 0
    rows: list[RowReport] = field(default_factory=list)
    error: str | None = None


def _dataset_load(upload) -> tablib.Dataset:
    content = upload.read()
    if upload.name.lower().endswith(".xlsx"):
        return XLSX().create_dataset(content)
    return tablib.Dataset().load(content.decode("utf-8-sig"), format="csv")


def _messages(error) -> list[str]:
    if isinstance(error, ValidationError):
        if hasattr(error, "error_dict"):
            return [f"{name}: {' '.join(msgs)}" for name, msgs in error.message_dict.items()]
        return list(error.messages)
    return [str(error)]


def rows_import(*, resource: resources.ModelResource, upload) -> ImportReport:
    """Import a file row by row: good rows are saved, each bad row is reported with its errors."""
    try:
        dataset = _dataset_load(upload)
    except Exception:  # any unreadable upload is the uploader's problem to fix, never a 500
        return ImportReport(error=_("This file could not be read. Save it as CSV (UTF-8) or XLSX and try again."))
    if len(dataset) > MAX_IMPORT_ROWS:
        return ImportReport(error=_("This file has too many rows. Split it into files of 5,000 rows or fewer."))
    missing = [name for name in resource._meta.import_id_fields if name not in (dataset.headers or [])]
    if missing:
        return ImportReport(
            error=_("A column is missing: %(columns)s.") % {"columns": ", ".join(missing)},
        )
    # Without one transaction around the file, each good row stays saved even when another fails.
    result = resource.import_data(dataset, dry_run=False, raise_errors=False, use_transactions=False)
    rows = [RowReport(number=number, messages=[str(e.error) for e in errors]) for number, errors in result.row_errors()]
    rows += [RowReport(number=row.number, messages=_messages(row.error)) for row in result.invalid_rows]
    rows.sort(key=lambda r: r.number)
    return ImportReport(imported=result.totals.get("new", 0) + result.totals.get("update", 0), rows=rows)
