"""The HSDS tabular datapackage: export, import, and the round trip between them."""

import csv
import io
import json
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from directory.hsds.services import DatapackageInvalid, datapackage_import
from directory.hsds.tabular import TABLES, datapackage_build, datapackage_csvs
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
    ServiceSearchDocument,
    ServiceTranslationReview,
    TaxonomyTerm,
)
from directory.signals import indexing_suspended
from tests.directory.test_hsds_api import directory_build

pytestmark = pytest.mark.django_db

SCHEMA_CSV = Path(settings.BASE_DIR) / "directory" / "hsds" / "schema" / "simple" / "schema.csv"


def directory_flush() -> None:
    """Empty every directory table, as a fresh database would be."""
    # Without this, deleting a service's documents reindexes the service being deleted.
    with indexing_suspended():
        Service.objects.all().delete()
        Location.objects.all().delete()
        Phone.objects.all().delete()
        Schedule.objects.all().delete()
        TaxonomyTerm.objects.all().delete()
        Organization.objects.all().delete()
        Neighborhood.objects.all().delete()
    assert not ServiceSearchDocument.objects.exists()


def tables_of(data: bytes) -> dict[str, list[dict[str, str]]]:
    return {path: list(csv.DictReader(io.StringIO(text))) for path, text in datapackage_csvs(data)}


def package_with(data: bytes, path: str, edit) -> bytes:
    """A copy of the package with one CSV's rows changed by `edit(rows) -> rows`."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name in source.namelist():
            content = source.read(name)
            if name == path:
                reader = csv.DictReader(io.StringIO(content.decode()))
                rows = edit(list(reader))
                buffer = io.StringIO()
                writer = csv.DictWriter(buffer, fieldnames=reader.fieldnames)
                writer.writeheader()
                writer.writerows(rows)
                content = buffer.getvalue().encode()
            archive.writestr(name, content)
    return out.getvalue()


def test_export_import_into_an_empty_database_and_export_again_gives_the_same_data():
    directory_build()
    first = datapackage_build()
    directory_flush()
    assert not Service.objects.exists()

    try:
        counts = datapackage_import(data=first)
    except DatapackageInvalid as exc:
        pytest.fail("\n".join(map(str, exc.errors)))

    assert counts["service"] == 2
    second = datapackage_build()
    assert dict(datapackage_csvs(first)) == dict(datapackage_csvs(second))
    service = Service.objects.get(slug="free-legal-consultation")
    assert service.name_es == "Consulta legal de inmigración gratuita"
    assert service.regardless_of_status
    assert service.is_free
    assert not service.online
    assert set(service.taxonomy_terms.values_list("code", flat=True)) == {"legal", "citizenship"}
    assert ServiceTranslationReview.objects.get(service=service, language="es").status == "reviewed"
    # Imported services are searchable straight away.
    assert ServiceSearchDocument.objects.filter(service=service, language="es").exists()


def test_import_updates_rows_by_id():
    data = directory_build()
    package = datapackage_build()
    Service.objects.filter(pk=data["service"].pk).update(name_en="Renamed", name_es="", is_free=False)

    datapackage_import(data=package)

    service = Service.objects.get(pk=data["service"].pk)
    assert service.name_en == "Free immigration legal consultation"
    assert service.name_es == "Consulta legal de inmigración gratuita"
    assert service.is_free
    assert Service.objects.count() == 2


def test_a_package_with_bad_rows_reports_each_one_and_imports_nothing():
    directory_build()
    package = datapackage_build()
    directory_flush()

    def spoil_services(rows):
        rows[0]["status"] = "open-sometimes"
        rows[1]["id"] = "not-a-uuid"
        return rows

    broken = package_with(package, "services.csv", spoil_services)
    broken = package_with(broken, "phones.csv", lambda rows: [{**rows[0], "service_id": ""}, *rows[1:]][:0] + rows)
    with pytest.raises(DatapackageInvalid) as caught:
        datapackage_import(data=broken)

    messages = [str(error) for error in caught.value.errors]
    assert any(m.startswith("services.csv:2: ") and "status" in m for m in messages), messages
    assert any(m.startswith("services.csv:3: ") and "not a UUID" in m for m in messages), messages
    assert not Organization.objects.exists()
    assert not Service.objects.exists()
    assert not TaxonomyTerm.objects.exists()


def test_rows_pointing_at_missing_parents_are_refused():
    directory_build()
    package = datapackage_build()
    directory_flush()
    orphan = package_with(
        package,
        "phones.csv",
        lambda rows: [{**rows[0], "service_id": "00000000-0000-4000-8000-000000000000"}, *rows[1:]],
    )
    with pytest.raises(DatapackageInvalid) as caught:
        datapackage_import(data=orphan)
    assert any("phones.csv:2: service_id" in str(error) for error in caught.value.errors)
    assert not Phone.objects.exists()


def test_translations_in_an_unknown_language_are_reported():
    directory_build()
    package = datapackage_build()
    bad = package_with(package, "x_translations.csv", lambda rows: [{**rows[0], "language": "klingon"}, *rows[1:]])
    with pytest.raises(DatapackageInvalid) as caught:
        datapackage_import(data=bad)
    assert any("x_translations.csv:2: language" in str(error) for error in caught.value.errors)


def test_something_that_is_not_a_datapackage_is_refused():
    with pytest.raises(DatapackageInvalid):
        datapackage_import(data=b"PK not really a zip")
    empty = io.BytesIO()
    with zipfile.ZipFile(empty, "w") as archive:
        archive.writestr("services.csv", "id,name\n")
    with pytest.raises(DatapackageInvalid) as caught:
        datapackage_import(data=empty.getvalue())
    assert "datapackage.json" in str(caught.value.errors[0])


def test_tables_have_the_hsds_columns_in_the_standards_order():
    standard: dict[str, list[str]] = {}
    required: dict[str, set[str]] = {}
    with SCHEMA_CSV.open() as handle:
        for row in csv.DictReader(handle):
            nested = row["type"] in {"array", "object"} or row["one_to_many"] or row["one_to_one"]
            if nested or not row["table_name"].isidentifier():
                continue
            standard.setdefault(row["table_name"], []).append(row["name"])
            if row["constraints_required"] == "true":
                required.setdefault(row["table_name"], set()).add(row["name"])
    for table in TABLES:
        if table.name.startswith("x_"):
            continue
        ours = [name for name in table.column_names if not name.startswith("x_")]
        expected = standard[table.name]
        assert [name for name in ours if name in expected] == expected, table.name
        # A few columns the JSON schemas have but schema.csv leaves out (tax_id, a document's uri…).
        properties = json.loads((SCHEMA_CSV.parent.parent / f"{table.name}.json").read_text())["properties"]
        assert set(ours) <= set(properties), table.name

    directory_build()
    for path, rows in tables_of(datapackage_build()).items():
        table = next(t for t in TABLES if t.path == path)
        for row in rows:
            missing = [name for name in required.get(table.name, ()) if not row[name]]
            assert not missing, (path, missing, row)


def test_datapackage_json_describes_every_csv():
    directory_build()
    archive = zipfile.ZipFile(io.BytesIO(datapackage_build()))
    descriptor = json.loads(archive.read("datapackage.json"))
    assert descriptor["profile"] == "tabular-data-package"
    for resource in descriptor["resources"]:
        header = archive.read(resource["path"]).decode().splitlines()[0].split(",")
        assert header == [field["name"] for field in resource["schema"]["fields"]]


def test_translations_travel_in_the_extension_table():
    data = directory_build()
    rows = tables_of(datapackage_build())["x_translations.csv"]
    service_rows = {(r["field"], r["language"]): r["value"] for r in rows if r["id"] == str(data["service"].id)}
    assert service_rows[("name", "es")] == "Consulta legal de inmigración gratuita"
    assert service_rows[("name", "ar")] == "استشارة قانونية مجانية"
    assert ("name", "so") not in service_rows
    accessibility = [r for r in rows if r["table"] == "accessibility"]
    assert accessibility[0]["field"] == "description"
    assert accessibility[0]["value"] == "Entrada sin escalones"


def test_public_download_is_the_datapackage_built_once_per_change(client, django_assert_max_num_queries):
    directory_build()
    response = client.get("/api/hsds/datapackage.zip")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "services.csv" in dict(datapackage_csvs(response.content))
    with django_assert_max_num_queries(0):
        assert client.get("/api/hsds/datapackage.zip").content == response.content
    Service.objects.create(organization=Organization.objects.first(), slug="new-one", name_en="Brand new service")
    again = client.get("/api/hsds/datapackage.zip").content
    assert "Brand new service" in dict(datapackage_csvs(again))["services.csv"]


def test_management_commands_export_and_import(tmp_path):
    directory_build()
    path = tmp_path / "hsds.zip"
    call_command("hsds_export", str(path), stdout=io.StringIO())
    directory_flush()
    out = io.StringIO()
    call_command("hsds_import", str(path), stdout=out)
    assert "service: 2" in out.getvalue()
    assert Language.objects.count() == 2
    assert RequiredDocument.objects.count() == 1
    assert ServiceAtLocation.objects.count() == 2


def test_import_command_reports_errors_and_fails(tmp_path):
    path = tmp_path / "broken.zip"
    path.write_bytes(b"nonsense")
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("hsds_import", str(path), stdout=io.StringIO(), stderr=io.StringIO())
