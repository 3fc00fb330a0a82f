"""The office profile is configuration with presets, translatable and editable."""

import pytest
from django.core.management import call_command
from django.utils import translation

from moia.office.models import OfficeProfile, StrategicPriority
from moia.office.services import office_profile_ensure

pytestmark = pytest.mark.django_db


def test_boston_preset_has_moias_contact_and_three_priorities():
    profile = office_profile_ensure(key="boston")
    assert profile.short_name == "MOIA"
    assert profile.email == "immigrantadvancement@boston.gov"
    assert list(profile.priorities.values_list("code", flat=True)) == [
        "stability",
        "integration",
        "civic-ownership",
    ]


def test_baltimore_preset_has_two_priority_areas_with_sub_areas():
    profile = office_profile_ensure(key="baltimore")
    top = StrategicPriority.objects.filter(office=profile, parent=None)
    assert [p.name for p in top] == ["Economic Growth", "Community Wellbeing"]
    assert [c.name for c in top[0].children.all()] == [
        "Workforce Development",
        "Small Business Development",
        "Housing",
    ]
    assert [c.name for c in top[1].children.all()] == ["Safety", "Youth", "Welcome and Diversity"]


def test_preset_text_is_filled_in_every_language_from_the_catalogues():
    profile = office_profile_ensure(key="boston")
    with translation.override("es"):
        assert profile.name != "Mayor's Office for Immigrant Advancement"
        assert profile.priorities.get(code="stability").name != "Stability"


def test_ensure_never_overwrites_what_staff_edited():
    profile = office_profile_ensure(key="boston")
    profile.phone = "617-555-0100"
    profile.save()
    assert office_profile_ensure(key="boston").phone == "617-555-0100"
    assert OfficeProfile.objects.count() == 1


def test_the_environment_chooses_the_office_shown_on_pages(client, settings):
    settings.OFFICE_PROFILE = "baltimore"
    call_command("migrate", verbosity=0)  # as a deployment does on start: it makes the profile
    html = client.get("/en/").content.decode()
    assert "Mayor&#x27;s Office of Immigrant Affairs" in html
    assert "Economic Growth" in html
