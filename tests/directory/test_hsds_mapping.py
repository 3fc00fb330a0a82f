"""One HSDS mapping (directory/hsds/mapping.py) for the API, the package and the import.

Each test here is a case where the JSON serializers, the tabular export and the import each
wrote their own columns and disagreed; the value the standard allows now holds in all three.
"""

import datetime
import json
from pathlib import Path

import pytest
from django.conf import settings

from directory.hsds import mapping
from directory.hsds.common import translated_fields
from directory.hsds.services import DatapackageInvalid, datapackage_import
from directory.hsds.tabular import datapackage_build
from directory.models import Location, Phone, Schedule
from tests.directory.test_hsds_api import assert_valid, directory_build, get
from tests.directory.test_hsds_datapackage import directory_flush, tables_of
from tests.factories.directory import LocationFactory, PhoneFactory, ScheduleFactory

pytestmark = pytest.mark.django_db

SCHEMAS = Path(settings.BASE_DIR) / "directory" / "hsds" / "schema"


def round_trip() -> bytes:
    """Export, empty the directory, import the package (it must be accepted), and export again."""
    package = datapackage_build()
    directory_flush()
    try:
        datapackage_import(data=package)
    except DatapackageInvalid as exc:
        pytest.fail("\n".join(map(str, exc.errors)))
    return datapackage_build()


def test_an_extension_that_is_not_a_number_is_left_out_of_the_api_and_of_the_package_that_imports(client):
    data = directory_build()
    phone = PhoneFactory(service=data["service"], number="617-555-0199", extension="ext. 4")

    api_phone = next(
        p for p in get(client, f"/api/hsds/services/{data['service'].id}")["phones"] if p["id"] == str(phone.id)
    )
    assert "extension" not in api_phone
    # The package used to carry "ext. 4" in a column typed number, which its own import refused.
    row = next(r for r in tables_of(datapackage_build())["phones.csv"] if r["id"] == str(phone.id))
    assert row["extension"] == ""
    round_trip()
    assert Phone.objects.get(number="617-569-0271").extension == "12"


def test_a_frequency_hsds_does_not_allow_is_in_neither_the_api_nor_the_package(client):
    data = directory_build()
    schedule = ScheduleFactory(service=data["service"], freq="DAILY")

    service = get(client, f"/api/hsds/services/{data['service'].id}")
    assert_valid(service, "service.json")
    assert "freq" not in next(s for s in service["schedules"] if s["id"] == str(schedule.id))
    allowed = set(json.loads((SCHEMAS / "schedule.json").read_text())["properties"]["freq"]["enum"])
    assert {row["freq"] for row in tables_of(datapackage_build())["schedules.csv"]} <= allowed | {""}


def test_an_incomplete_address_is_in_neither_the_api_nor_the_package(client):
    data = directory_build()
    location = LocationFactory(organization=data["organization"], address_1="", postal_code="")

    organization = get(client, f"/api/hsds/organizations/{data['organization'].id}")
    assert "addresses" not in next(loc for loc in organization["locations"] if loc["id"] == str(location.id))
    # The package used to have a row without the street and ZIP HSDS requires.
    addresses = tables_of(datapackage_build())["addresses.csv"]
    assert str(location.id) not in {row["location_id"] for row in addresses}
    required = json.loads((SCHEMAS / "address.json").read_text())["required"]
    assert all(row[column] for row in addresses for column in required)


def test_an_accessibility_note_written_only_in_spanish_is_published_in_english_too(client):
    data = directory_build()
    location = LocationFactory(organization=data["organization"], accessibility_es="Rampa en la entrada lateral")

    # The API used to leave the note out in every language but Spanish; the package had it.
    organization = get(client, f"/api/hsds/organizations/{data['organization'].id}?lang=en")
    api_location = next(loc for loc in organization["locations"] if loc["id"] == str(location.id))
    assert api_location["accessibility"][0]["translations"]["es"]["description"] == "Rampa en la entrada lateral"
    round_trip()
    assert Location.objects.get(pk=location.pk).accessibility_es == "Rampa en la entrada lateral"


def test_hours_with_seconds_keep_them_in_the_api_as_in_the_package(client):
    data = directory_build()
    schedule = ScheduleFactory(service=data["service"], opens_at="08:00", closes_at="17:30:15")

    service = get(client, f"/api/hsds/services/{data['service'].id}")
    assert next(s for s in service["schedules"] if s["id"] == str(schedule.id))["closes_at"] == "17:30:15"
    round_trip()
    assert Schedule.objects.get(pk=schedule.pk).closes_at == datetime.time(17, 30, 15)


@pytest.mark.parametrize("table", [t for t in mapping.TABLES if t.model is not None], ids=lambda t: t.name)
def test_every_field_of_the_mapping_is_a_field_of_the_standard(table):
    properties = json.loads((SCHEMAS / f"{table.name}.json").read_text())["properties"]
    assert {f.name for f in table.fields if not f.name.startswith("x_")} <= set(properties)


def test_every_translatable_field_of_a_published_model_travels_in_every_language():
    carried: dict[type, set[str]] = {}
    for table in mapping.TABLES:
        if table.model is not None:
            carried.setdefault(table.model, set()).update(table.translated.values())
    for model, fields in carried.items():
        assert set(translated_fields(model)) == fields, model.__name__
