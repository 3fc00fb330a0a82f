"""seed_demo loads demo data for an office and is idempotent."""

import pytest
from django.apps import apps
from django.core.management import call_command

from moia.portal_apps import PORTAL_APPS

pytestmark = pytest.mark.django_db


def _row_counts() -> dict[str, int]:
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label in {"office", *PORTAL_APPS}
    }


@pytest.mark.parametrize("office", ["boston", "baltimore"])
def test_running_seed_demo_twice_creates_no_duplicates(office):
    call_command("seed_demo", office=office, verbosity=0)
    first = _row_counts()
    call_command("seed_demo", office=office, verbosity=0)
    assert _row_counts() == first
    from moia.office.models import OfficeProfile

    # One profile per office (the deployment's own is made at migrate time, from OFFICE_PROFILE).
    assert OfficeProfile.objects.filter(key=office).count() == 1


def test_if_empty_loads_only_once():
    from moia.models import DemoDataLoad

    call_command("seed_demo", if_empty=True, verbosity=0)
    assert DemoDataLoad.objects.count() == 1
    call_command("seed_demo", if_empty=True, verbosity=0)
    assert DemoDataLoad.objects.count() == 1


@pytest.mark.postgres
def test_the_planner_has_statistics_for_the_demo_data_as_soon_as_it_is_loaded():
    from django.db import connection

    with connection.cursor() as cursor:
        # reltuples is -1 until a table is first analyzed (a fresh database); autovacuum may take
        # minutes to get there. The test transaction is rolled back, so this changes nothing after it.
        cursor.execute("UPDATE pg_class SET reltuples = -1 WHERE relname = 'directory_service'")
    call_command("seed_demo", only=["directory"], verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'directory_service'")
        assert cursor.fetchone()[0] > 0
