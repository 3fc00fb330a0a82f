"""seed_demo loads demo data for an office and is idempotent."""

import pytest
from django.apps import apps
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def _row_counts() -> dict[str, int]:
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label in {"office", "directory", "programs", "grants", "surveys", "reports"}
    }


@pytest.mark.parametrize("office", ["boston", "baltimore"])
def test_running_seed_demo_twice_creates_no_duplicates(office):
    call_command("seed_demo", office=office, verbosity=0)
    first = _row_counts()
    call_command("seed_demo", office=office, verbosity=0)
    assert _row_counts() == first
    assert first["office.OfficeProfile"] == 1


def test_if_empty_loads_only_once():
    from moia.models import DemoDataLoad

    call_command("seed_demo", if_empty=True, verbosity=0)
    assert DemoDataLoad.objects.count() == 1
    call_command("seed_demo", if_empty=True, verbosity=0)
    assert DemoDataLoad.objects.count() == 1
