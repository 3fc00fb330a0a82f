"""An intake's personal fields are unreadable in the database and in its history rows."""

import importlib

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import translation

from programs.models import Intake
from tests.factories.programs import ProgramFactory

pytestmark = pytest.mark.django_db

RESIDENT = {
    "name": "Marie-Ange Dorvil",
    "phone": "617-555-0142",
    "email": "marie.dorvil@example.org",
    "address": "12 Meridian Street, East Boston",
}


def _raw_text(table: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608 (fixed table names)
        return " ".join(str(value) for row in cursor.fetchall() for value in row)


def test_a_request_from_the_public_form_is_stored_encrypted_and_its_history_too(client):
    program = ProgramFactory(slug="consultations")
    with translation.override("en"):
        url = reverse("programs:request", kwargs={"slug": program.slug})
    response = client.post(url, {**RESIDENT, "address": RESIDENT["address"]})
    assert response.status_code == 302
    intake = Intake.objects.get()
    intake.status = Intake.Status.SCREENING
    intake.save()  # an update: another history row
    stored = _raw_text("programs_intake") + _raw_text("programs_intakeevent")
    for value in (*RESIDENT.values(), "Dorvil", "555-0142", "6175550142", "marie.dorvil"):
        assert value.lower() not in stored.lower(), value
    assert intake.reference in stored  # the reference staff search by stays readable
    fresh = Intake.objects.get(pk=intake.pk)
    # The phone comes back in the one dialable form the form keeps (E.164).
    assert (fresh.name, fresh.phone, fresh.email) == (RESIDENT["name"], "+16175550142", RESIDENT["email"])


def test_the_reason_staff_write_at_screening_is_stored_encrypted_too(client):
    from programs.services import intake_screen
    from tests.factories.programs import IntakeFactory

    intake = IntakeFactory()
    intake_screen(intake=intake, eligible=False, reason="Moved to Revere with her sister in March")
    stored = _raw_text("programs_intake") + _raw_text("programs_intakeevent")
    assert "Revere" not in stored
    assert Intake.objects.get(pk=intake.pk).screening_reason == "Moved to Revere with her sister in March"


def test_staff_find_an_intake_by_its_reference_in_the_admin(client):
    from tests.factories.accounts import StaffFactory, totp_enable
    from tests.factories.programs import IntakeFactory

    superuser = StaffFactory(is_superuser=True)
    totp_enable(superuser)
    client.force_login(superuser)
    intake = IntakeFactory(name="Searchable Person")
    IntakeFactory(name="Someone Else")
    changelist = client.get(reverse("admin:programs_intake_changelist"), {"q": intake.reference})
    assert list(changelist.context["cl"].queryset) == [intake]


def test_the_data_migration_encrypts_rows_and_history_written_in_plain_text():
    from django.apps import apps

    from tests.factories.programs import IntakeFactory

    migration = importlib.import_module("programs.migrations.0002_intake_contact_encrypted")
    intake = IntakeFactory()
    # As the columns held them before the migration: plain text, in the table and its history.
    for table, key in (("programs_intake", "id"), ("programs_intakeevent", "pgh_obj_id")):
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} SET name = %s, phone = %s, email = %s, address = %s WHERE {key} = %s",  # noqa: S608
                [RESIDENT["name"], RESIDENT["phone"], RESIDENT["email"], RESIDENT["address"], intake.pk],
            )
    assert RESIDENT["name"] in _raw_text("programs_intake")
    migration.encrypt_existing(apps, None)
    stored = _raw_text("programs_intake") + _raw_text("programs_intakeevent")
    for value in RESIDENT.values():
        assert value not in stored, value
    fresh = Intake.objects.get(pk=intake.pk)
    assert (fresh.name, fresh.address) == (RESIDENT["name"], RESIDENT["address"])
