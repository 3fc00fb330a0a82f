import csv
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone
from jsonschema import Draft202012Validator
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from grants.services import award_create
from tests.factories.grants import ApplicationFactory

pytestmark = pytest.mark.django_db

SCHEMA_DIR = Path(settings.BASE_DIR) / "grants" / "schema" / "360giving"


def _validator() -> Draft202012Validator:
    package = json.loads((SCHEMA_DIR / "360-giving-package-schema.json").read_text())
    grant = json.loads((SCHEMA_DIR / "360-giving-schema.json").read_text())
    # The package refers to the grant schema by its published URL; serve it from the same folder.
    # The schemas write their dialect as http://…/2020-12/schema, which referencing does not
    # recognise, so the draft is named explicitly.
    resource = DRAFT202012.create_resource(grant)
    registry = Registry().with_resources(
        [(package["properties"]["grants"]["items"]["$ref"], resource), (grant["$id"], resource)]
    )
    return Draft202012Validator(package, registry=registry, format_checker=Draft202012Validator.FORMAT_CHECKER)


@pytest.fixture
def awards(office):
    for amount in (Decimal("5000"), Decimal("2500.50")):
        application = ApplicationFactory(status="awarded", organization__name="=HYPERLINK(1)")
        award_create(application=application, amount=amount, award_date=timezone.localdate())


def test_the_360giving_json_validates_against_the_package_schema(client, awards):
    response = client.get("/open-data/grants/360giving.json")
    assert response.status_code == 200
    package = response.json()
    errors = sorted(_validator().iter_errors(package), key=str)
    assert not errors, [e.message for e in errors]
    assert len(package["grants"]) == 2
    assert {g["currency"] for g in package["grants"]} == {"USD"}


def test_an_invalid_record_would_fail_the_schema(awards):
    from grants.opendata import package_360giving

    package = package_360giving()
    del package["grants"][0]["awardDate"]
    assert list(_validator().iter_errors(package))


def test_the_csv_has_360giving_columns_and_no_formula_cells(client, awards):
    response = client.get("/open-data/grants/360giving.csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == 2
    assert {"Identifier", "Amount Awarded", "Recipient Org:Name", "Funding Org:Name"} <= set(rows[0])
    assert all(row["Recipient Org:Name"].startswith("'=") for row in rows)


def test_managers_can_export_selected_awards_from_the_admin(client, awards, world):
    from grants.models import Award

    client.force_login(world["manager"])
    response = client.post(
        "/admin/grants/award/",
        {"action": "export_360giving", "_selected_action": [str(a.pk) for a in Award.objects.all()]},
    )
    assert response.status_code == 200
    package = json.loads(response.content)
    assert not list(_validator().iter_errors(package))
