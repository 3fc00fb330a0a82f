"""The demo seed: the programmes the seeds name, synthetic volume, idempotent."""

import io

import pytest

from demo import programs as demo
from programs.models import Activity, Intake, Program, ServiceRecord
from programs.selectors import program_metrics

pytestmark = pytest.mark.django_db


def test_boston_seed_loads_the_named_programmes_and_two_years_of_work_only_once():
    demo.seed(office="boston", stdout=io.StringIO())
    assert Program.objects.filter(slug="citizenship-day", strategic_priority__code="civic-ownership").exists()
    assert Program.objects.get(slug="dreamers-fellowship").name_es == "Beca para Dreamers"
    assert Intake.objects.count() == 3000
    # Names are encrypted at rest: the database cannot filter on them, Python reads them decrypted.
    assert all(name.startswith("Demo Resident") for name in Intake.objects.values_list("name", flat=True))
    counts = (Intake.objects.count(), ServiceRecord.objects.count(), Activity.objects.count())
    demo.seed(office="boston", stdout=io.StringIO())
    assert (Intake.objects.count(), ServiceRecord.objects.count(), Activity.objects.count()) == counts
    year = demo._years()[-1]
    metrics = program_metrics(year=year)
    assert metrics["intakes"] > 1000
    assert metrics["legal_by_service_and_case_type"]
    assert metrics["group_activities_by_service_type"]


def test_baltimore_programmes_sit_under_mimas_priority_areas():
    demo.seed(office="baltimore", stdout=io.StringIO())
    programs = Program.objects.filter(slug__startswith="baltimore-")
    assert programs.count() == 6
    assert set(programs.values_list("strategic_priority__office__key", flat=True)) == {"baltimore"}
