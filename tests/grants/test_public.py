import pytest
from django.conf import settings
from django.urls import reverse
from django.utils.html import escape

from demo.loading import localized, read
from grants.models import FundingStream
from grants.selectors import individuals_served_by_service_type
from tests.factories.grants import GrantCycleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def cycle(office):
    titles = read("boston", "grants")["cycles"]["city-of-belonging"]["title"]
    cycle = GrantCycleFactory(slug="city-of-belonging", **localized("title", titles))
    FundingStream.objects.create(cycle=cycle, slug="programming", title="Programming")
    return cycle


@pytest.mark.parametrize("language", settings.LANGUAGE_CODES)
def test_opportunities_and_the_cycle_page_render_in_every_language(client, cycle, language):
    index = client.get(f"/{language}/grants/")
    assert index.status_code == 200
    assert escape(read("boston", "grants")["cycles"]["city-of-belonging"]["title"][language]) in index.content.decode()
    detail = client.get(f"/{language}/grants/{cycle.slug}/")
    assert detail.status_code == 200
    assert client.get(f"/{language}/grants/{cycle.slug}/eligibility/").status_code == 200


def test_arabic_pages_are_right_to_left(client, cycle):
    assert 'dir="rtl"' in client.get("/ar/grants/").content.decode()


def test_closed_and_unpublished_cycles_are_not_listed(client, cycle):
    from datetime import timedelta

    from django.utils import timezone

    GrantCycleFactory(title="Old round", closes_at=timezone.now() - timedelta(days=1))
    GrantCycleFactory(title="Hidden round", is_published=False)
    page = client.get("/en/grants/").content.decode()
    assert "Old round" not in page
    assert "Hidden round" not in page
    assert client.get("/en/grants/no-such-cycle/").status_code == 404


def test_the_opportunities_page_uses_a_fixed_number_of_queries(client, cycle, django_assert_max_num_queries):
    for _i in range(5):
        GrantCycleFactory()
    with django_assert_max_num_queries(8):
        client.get("/en/grants/")


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("nonprofit", "Your IRS determination letter"),
        ("sponsored", "The fiscal sponsor agreement, signed by both organizations"),
        ("none", "You can apply once a fiscal sponsor agrees to support you."),
        ("business", "This funding round is not a fit for your organization."),
    ],
)
def test_eligibility_check_routes_groups_without_status_to_the_fiscal_sponsor_path(client, cycle, status, expected):
    response = client.post(
        reverse("grants:eligibility", args=[cycle.slug]),
        {"based_in_city": "yes", "status": status, "serves_immigrants": "yes"},
    )
    assert response.status_code == 200
    assert expected in response.content.decode()


def test_eligibility_check_with_missing_answers_keeps_what_was_chosen(client, cycle):
    response = client.post(reverse("grants:eligibility", args=[cycle.slug]), {"status": "sponsored"})
    body = response.content.decode()
    assert "<title>Error: 2 problems · " in body
    assert 'value="sponsored" checked' in body


def test_malformed_ranking_and_step_parameters_never_error(client, world):
    client.force_login(world["manager"])
    assert client.get(reverse("admin:grants_application_ranking") + "?cycle=abc").status_code == 200
    client.force_login(world["a"])
    assert client.get(f"/en/grants/applications/{world['application'].pk}/nonsense/").status_code == 404
    response = client.post(
        f"/en/grants/applications/{world['application'].pk}/outcomes/", {"outcomes": "x", "version": "not-a-number"}
    )
    assert response.status_code == 200


def test_annual_report_counts_individuals_served_by_service_type(world):
    from decimal import Decimal

    from grants.services import decision_record, grantee_report_submit

    application = world["application"]
    application.status = "submitted"
    application.save()
    decision_record(application=application, by=world["manager"], outcome="award", amount=Decimal("5000"))
    report = application.award.reports.first()
    grantee_report_submit(
        report=report, by=world["a"], activities="a", outcomes="o", narrative="", counts={"legal": 12, "youth": 4}
    )
    year = report.submitted_at.year
    assert individuals_served_by_service_type(year=year) == {"legal": 12, "youth": 4}
    assert individuals_served_by_service_type(year=year - 1) == {}


def test_a_signed_in_nonprofit_is_offered_to_start_not_to_create_an_account(client, cycle):
    from tests.factories.accounts import UserFactory

    answers = {"based_in_city": "yes", "status": "nonprofit", "serves_immigrants": "yes"}
    anonymous = client.post(reverse("grants:eligibility", args=[cycle.slug]), answers).content.decode()
    assert reverse("account_signup") in anonymous
    client.force_login(UserFactory())
    page = client.post(reverse("grants:eligibility", args=[cycle.slug]), answers).content.decode()
    main = page.split('id="main-content"', 1)[1]
    assert reverse("account_signup") not in main
    assert "Create an account" not in main
    assert reverse("grants:application_start", args=[cycle.slug]) in main


def test_signed_in_nonprofits_have_a_dashboard_link_in_the_header_and_staff_do_not(client, office):
    from tests.factories.accounts import StaffFactory, UserFactory

    dashboard = f'href="{reverse("grants:dashboard")}"'
    assert dashboard not in client.get("/en/").content.decode()
    client.force_login(UserFactory())
    assert dashboard in client.get("/en/").content.decode()
    client.force_login(StaffFactory())
    assert dashboard not in client.get("/en/directory/").content.decode()
