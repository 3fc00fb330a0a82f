import pytest
from django.urls import reverse

from grants.models import Application, Decision, ReviewAssignment

pytestmark = pytest.mark.django_db


def _submitted(world):
    application = world["application"]
    application.status = Application.Status.SUBMITTED
    application.save()
    return application


def test_a_manager_records_an_award_in_the_admin_and_the_award_is_created(client, world):
    application = _submitted(world)
    client.force_login(world["manager"])
    response = client.post(
        reverse("admin:grants_decision_add"),
        {"application": application.pk, "outcome": "award", "amount": "6000", "reason": ""},
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Application.Status.AWARDED
    assert application.award.amount == 6000
    assert application.award.payments.count() == 2


def test_an_award_outside_the_limits_is_refused_in_the_admin(client, world):
    application = _submitted(world)
    client.force_login(world["manager"])
    client.post(
        reverse("admin:grants_decision_add"),
        {"application": application.pk, "outcome": "award", "amount": "99999", "reason": ""},
    )
    assert not Decision.objects.exists()
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED


def test_a_manager_assigns_a_reviewer_from_the_application_page(client, world):
    application = _submitted(world)
    client.force_login(world["manager"])
    url = reverse("admin:grants_application_change", args=[application.pk])
    existing = world["assignment"]
    data = {
        "status": "submitted",
        "budget_lines-TOTAL_FORMS": "0",
        "budget_lines-INITIAL_FORMS": "0",
        "documents-TOTAL_FORMS": "0",
        "documents-INITIAL_FORMS": "0",
        "snapshots-TOTAL_FORMS": "0",
        "snapshots-INITIAL_FORMS": "0",
        "assignments-TOTAL_FORMS": "2",
        "assignments-INITIAL_FORMS": "1",
        "assignments-0-id": existing.pk,
        "assignments-0-application": application.pk,
        "assignments-0-reviewer": world["reviewer"].pk,
        "assignments-1-application": application.pk,
        "assignments-1-reviewer": world["other_reviewer"].pk,
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert ReviewAssignment.objects.filter(application=application, reviewer=world["other_reviewer"]).exists()
    application.refresh_from_db()
    assert application.status == Application.Status.UNDER_REVIEW


def test_the_application_page_shows_staff_every_answer_the_decision_snapshot_keeps(client, world):
    # The admin once listed the answers by hand and left out the partners, which the snapshot keeps.
    Application.objects.filter(pk=world["application"].pk).update(partners="Neighbourhood Legal Aid")
    client.force_login(world["manager"])
    page = client.get(reverse("admin:grants_application_change", args=[world["application"].pk]))
    assert "Neighbourhood Legal Aid" in page.content.decode()


def test_the_ranking_page_shows_weighted_averages_to_managers(client, world):
    from grants.services import review_conflict_declare, review_score

    assignment = world["assignment"]
    review_conflict_declare(assignment=assignment, by=world["reviewer"], has_conflict=False)
    criteria = list(world["application"].cycle.criteria.all())
    review_score(assignment=assignment, by=world["reviewer"], values={c.pk: 4 for c in criteria})
    client.force_login(world["manager"])
    page = client.get(reverse("admin:grants_application_ranking") + f"?cycle={world['application'].cycle.pk}")
    assert "4.0" in page.content.decode()


def test_the_dashboard_uses_a_fixed_number_of_queries(client, world, django_assert_max_num_queries):
    from tests.factories.grants import ApplicationFactory

    for _i in range(5):
        ApplicationFactory(organization=world["org_a"])
    client.force_login(world["a"])
    with django_assert_max_num_queries(14):
        client.get("/en/grants/dashboard/")
