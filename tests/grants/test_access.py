"""Who reaches what: every grants page and admin page, for six kinds of visitor."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from grants.services import decision_record, document_add, invitation_create
from tests.factories.grants import ApplicationFactory

from .conftest import pdf_upload

pytestmark = pytest.mark.django_db

PEOPLE = ["anonymous", "a", "b", "reviewer", "other_reviewer", "manager"]


@pytest.fixture
def urls(world):
    application = world["application"]
    document = document_add(application=application, by=world["a"], kind="irs_letter", upload=pdf_upload())
    awarded = ApplicationFactory(organization=world["org_a"], cycle=application.cycle, stream=application.stream)
    awarded.status = "submitted"
    awarded.save()
    decision_record(application=awarded, by=world["manager"], outcome="award", amount=Decimal("5000"))
    report = awarded.award.reports.first()
    cycle = application.cycle
    return {
        "public": [
            reverse("grants:index"),
            reverse("grants:cycle_detail", args=[cycle.slug]),
            reverse("grants:eligibility", args=[cycle.slug]),
            reverse("grants_open_data_json"),
            reverse("grants_open_data_csv"),
        ],
        "signed_in": [
            reverse("grants:dashboard"),
            reverse("grants:organization_create"),
            reverse("grants:application_start", args=[cycle.slug]),
        ],
        "org_a": [
            reverse("grants:organization_edit", args=[world["org_a"].pk]),
            reverse("grants:members", args=[world["org_a"].pk]),
            reverse("grants:application_detail", args=[application.pk]),
            reverse("grants:application_pdf", args=[application.pk]),
            *[
                reverse("grants:application_step", args=[application.pk, step])
                for step in ("project", "communities", "outcomes", "budget", "documents", "review")
            ],
            reverse("grants:application_submitted", args=[application.pk]),
            reverse("grants:document_download", args=[document.pk]),
            reverse("grants:report", args=[report.pk]),
        ],
        "admin_assigned": [
            reverse("admin:grants_application_change", args=[application.pk]),
            reverse("admin:grants_reviewassignment_review", args=[world["assignment"].pk]),
        ],
        "admin_manager": [
            reverse("admin:grants_application_ranking"),
            reverse("admin:grants_grantcycle_changelist"),
            reverse("admin:grants_decision_changelist"),
            reverse("admin:grants_award_changelist"),
            reverse("admin:grants_granteereport_changelist"),
            reverse("admin:grants_organizationprofile_changelist"),
            reverse("admin:grants_application_change", args=[awarded.pk]),
        ],
        "document": document,
    }


def _to_login(response) -> bool:
    return response.status_code == 302 and "/accounts/login/" in response["Location"]


def _client(client, world, who):
    if world[who] is not None:
        client.force_login(world[who])
    return client


@pytest.mark.parametrize("who", PEOPLE)
def test_public_pages_are_open_to_everyone(client, world, urls, who):
    client = _client(client, world, who)
    for url in urls["public"]:
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("who", PEOPLE)
def test_applicant_pages_need_an_account(client, world, urls, who):
    client = _client(client, world, who)
    for url in urls["signed_in"]:
        response = client.get(url)
        if who == "anonymous":
            assert _to_login(response), url
        else:
            assert response.status_code == 200, url


@pytest.mark.parametrize("who", PEOPLE)
def test_only_members_of_organization_a_reach_its_application_files_and_reports(client, world, urls, who):
    client = _client(client, world, who)
    for url in urls["org_a"]:
        response = client.get(url)
        if who == "a":
            assert response.status_code == 200, url
        elif who == "anonymous":
            assert _to_login(response), url
        elif who == "manager" and "/grants/documents/" in url:
            # Managers read files through the same permission-checking view; a reviewer only
            # after declaring no conflict (test_a_recused_reviewer_no_longer_reaches_the_application).
            assert response.status_code == 200, url
        else:
            assert response.status_code == 404, url


def test_guessing_ids_of_another_organizations_application_gives_404(client, world):
    client.force_login(world["b"])
    application = world["application"]
    assert client.get(f"/en/grants/applications/{application.pk}/").status_code == 404
    assert client.get(f"/en/grants/applications/{application.pk}/project/").status_code == 404
    response = client.post(
        f"/en/grants/applications/{application.pk}/outcomes/", {"outcomes": "hijack", "version": application.version}
    )
    assert response.status_code == 404
    assert client.post(f"/en/grants/applications/{application.pk}/submit/").status_code == 404
    application.refresh_from_db()
    assert application.outcomes != "hijack"


def test_members_of_b_cannot_delete_or_invite_for_a(client, world, urls):
    client.force_login(world["b"])
    assert client.post(reverse("grants:document_delete", args=[urls["document"].pk])).status_code == 404
    assert (
        client.post(
            reverse("grants:members", args=[world["org_a"].pk]), {"email": "x@example.org", "role": "owner"}
        ).status_code
        == 404
    )


def test_an_editor_cannot_invite(client, world):
    from grants.models import OrganizationMembership

    OrganizationMembership.objects.filter(user=world["a"]).update(role="editor")
    client.force_login(world["a"])
    response = client.post(
        reverse("grants:members", args=[world["org_a"].pk]), {"email": "x@example.org", "role": "owner"}
    )
    assert response.status_code == 403
    with pytest.raises(PermissionDenied):
        invitation_create(organization=world["org_a"], by=world["a"], email="y@example.org", role="owner")


def _reached(response) -> bool:
    return response.status_code == 200


@pytest.mark.parametrize("who", PEOPLE)
def test_admin_pages_reach_only_assigned_reviewers_and_managers(client, world, urls, who):
    client = _client(client, world, who)
    from grants.services import review_conflict_declare

    review_conflict_declare(assignment=world["assignment"], by=world["reviewer"], has_conflict=False)
    for url in urls["admin_assigned"]:
        reached = _reached(client.get(url))
        assert (
            reached == (who in {"reviewer", "manager"}) if "review/" not in url else reached == (who == "reviewer")
        ), (url, who)
    for url in urls["admin_manager"]:
        assert _reached(client.get(url)) == (who == "manager"), (url, who)


def test_reviewer_changelist_lists_only_assigned_applications(client, world):
    from grants.services import review_conflict_declare

    other = ApplicationFactory(organization=world["org_b"], title="Not assigned")
    # Listed once the reviewer has declared no conflict (test_reviewer_access.py: before that).
    review_conflict_declare(assignment=world["assignment"], by=world["reviewer"], has_conflict=False)
    client.force_login(world["reviewer"])
    page = client.get(reverse("admin:grants_application_changelist")).content.decode()
    assert f"Application #{world['application'].pk}" in page
    assert f"Application #{other.pk}<" not in page


def test_a_recused_reviewer_no_longer_reaches_the_application(client, world):
    from grants.services import review_conflict_declare

    review_conflict_declare(assignment=world["assignment"], by=world["reviewer"], has_conflict=True)
    client.force_login(world["reviewer"])
    assert not _reached(client.get(reverse("admin:grants_application_change", args=[world["application"].pk])))
    document = world["application"].documents.first()
    if document:
        assert client.get(reverse("grants:document_download", args=[document.pk])).status_code == 404


def test_the_review_page_asks_for_the_conflict_answer_before_showing_the_rubric(client, world):
    client.force_login(world["reviewer"])
    url = reverse("admin:grants_reviewassignment_review", args=[world["assignment"].pk])
    page = client.get(url).content.decode()
    assert "I have no conflict of interest" in page
    assert "Save scores" not in page
    client.post(url, {"conflict": "no"})
    page = client.get(url).content.decode()
    assert "Save scores" in page
    assert "Need" in page


def test_a_reviewer_who_declared_no_conflict_can_read_the_files(client, world):
    from grants.services import review_conflict_declare

    document = document_add(application=world["application"], by=world["a"], kind="irs_letter", upload=pdf_upload())
    review_conflict_declare(assignment=world["assignment"], by=world["reviewer"], has_conflict=False)
    client.force_login(world["reviewer"])
    assert client.get(reverse("grants:document_download", args=[document.pk])).status_code == 200
    client.force_login(world["other_reviewer"])
    assert client.get(reverse("grants:document_download", args=[document.pk])).status_code == 404


REVIEWER_CHANGELISTS = {"application", "reviewassignment"}


@pytest.mark.parametrize("who", PEOPLE)
def test_every_grants_admin_changelist_and_add_page_is_reached_only_by_its_roles(client, world, who):
    from django.contrib import admin

    client = _client(client, world, who)
    models = [m for m in admin.site._registry if m._meta.app_label == "grants"]
    assert len(models) == 9
    for model in models:
        name = model._meta.model_name
        changelist = reverse(f"admin:grants_{name}_changelist")
        reached = _reached(client.get(changelist))
        if who == "manager":
            assert reached, changelist
        elif who in {"reviewer", "other_reviewer"}:
            assert reached == (name in REVIEWER_CHANGELISTS), changelist
        else:
            assert not reached, changelist
        add = reverse(f"admin:grants_{name}_add")
        if who != "manager":
            assert not _reached(client.get(add)), add


def test_an_unassigned_reviewer_cannot_open_someone_elses_review_page(client, world):
    client.force_login(world["other_reviewer"])
    url = reverse("admin:grants_reviewassignment_review", args=[world["assignment"].pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"conflict": "no"}).status_code == 404
    world["assignment"].refresh_from_db()
    assert world["assignment"].conflict_declared is None
