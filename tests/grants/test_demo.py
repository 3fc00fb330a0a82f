import io
from decimal import Decimal

import pytest
from django.db.models import Sum

from demo import grants as demo
from grants.models import Application, Award, GrantCycle, ReportServiceCount

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _roles(db):
    from moia.accounts.roles import role_permissions_sync

    role_permissions_sync()


def test_boston_demo_has_an_open_belonging_cycle_and_the_2020_mini_grants(office, client):
    demo.seed(office="boston", stdout=io.StringIO())
    belonging = GrantCycle.objects.get(slug="city-of-belonging")
    assert belonging.is_open()
    assert belonging.streams.count() == 3
    # "City of Belonging" is the campaign name and stays as it is (locale/glossary/terms.csv).
    assert belonging.title_ar == "منح City of Belonging"
    mini_awards = Award.objects.filter(application__cycle__slug="mini-grants-2020")
    assert mini_awards.count() == 20
    assert mini_awards.aggregate(total=Sum("amount"))["total"] == Decimal("100000")
    statuses = set(Application.objects.values_list("status", flat=True))
    assert {"draft", "submitted", "under_review", "awarded", "declined"} <= statuses
    assert ReportServiceCount.objects.exists()
    assert "Dreamers" in GrantCycle.objects.get(slug="dreamers-fellowship").summary_en
    assert not Application.objects.filter(organization__is_demo=False).exists()
    home = client.get("/es/").content.decode()
    assert "Subvenciones City of Belonging" in home


def test_baltimore_demo_has_one_small_cycle_only_shown_to_baltimore(office, settings, client):
    demo.seed(office="baltimore", stdout=io.StringIO())
    assert GrantCycle.objects.filter(office="baltimore").count() == 1
    assert "Welcoming Baltimore" not in client.get("/en/grants/").content.decode()
    # Baltimore's deployment: its profile exists from migrate (moia/office/apps.py), as here.
    from moia.office.services import office_profile_ensure

    office_profile_ensure(key="baltimore")
    settings.OFFICE_PROFILE = "baltimore"
    assert "Welcoming Baltimore" in client.get("/en/grants/").content.decode()
