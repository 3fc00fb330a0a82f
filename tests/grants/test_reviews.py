from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from grants.models import Application, Decision, GranteeReport, ReportServiceCount
from grants.selectors import applications_for_staff, ranking_for
from grants.services import (
    decision_record,
    decisions_notify,
    grantee_report_submit,
    review_assign,
    review_conflict_declare,
    review_score,
)

pytestmark = pytest.mark.django_db


def _criteria(application):
    return {c.name: c for c in application.cycle.criteria.all()}


def test_a_reviewer_cannot_score_before_declaring_no_conflict(world):
    assignment = world["assignment"]
    criteria = _criteria(world["application"])
    with pytest.raises(PermissionDenied):
        review_score(assignment=assignment, by=world["reviewer"], values={criteria["Need"].pk: 4})
    review_conflict_declare(assignment=assignment, by=world["reviewer"], has_conflict=False)
    review_score(assignment=assignment, by=world["reviewer"], values={criteria["Need"].pk: 4})
    assert assignment.scores.get().value == 4


def test_a_declared_conflict_recuses_the_reviewer(world):
    assignment = world["assignment"]
    review_conflict_declare(assignment=assignment, by=world["reviewer"], has_conflict=True)
    assert not applications_for_staff(world["reviewer"]).exists()
    with pytest.raises(PermissionDenied):
        review_score(assignment=assignment, by=world["reviewer"], values={})
    with pytest.raises(ValidationError):
        review_conflict_declare(assignment=assignment, by=world["reviewer"], has_conflict=False)


def test_only_grant_reviewers_can_be_assigned(world):
    with pytest.raises(ValidationError):
        review_assign(application=world["application"], reviewer=world["a"], by=world["manager"])
    with pytest.raises(PermissionDenied):
        review_assign(application=world["application"], reviewer=world["other_reviewer"], by=world["reviewer"])


def test_ranking_uses_weighted_averages_and_spread_of_reviews(world):
    application = world["application"]
    criteria = _criteria(application)
    second = review_assign(application=application, reviewer=world["other_reviewer"], by=world["manager"])
    for assignment, reviewer, need, plan in [
        (world["assignment"], world["reviewer"], 5, 2),  # (5*2 + 2*1) / 3 = 4
        (second, world["other_reviewer"], 2, 2),  # 2
    ]:
        review_conflict_declare(assignment=assignment, by=reviewer, has_conflict=False)
        review_score(assignment=assignment, by=reviewer, values={criteria["Need"].pk: need, criteria["Plan"].pk: plan})
    [row] = ranking_for(cycle=application.cycle)
    assert row["application"] == application
    assert row["weighted_average"] == 3.0
    assert row["spread"] == 1.0
    assert row["reviews"] == 2


def test_award_needs_an_amount_within_limits_and_creates_schedule_and_reports(world):
    application = world["application"]
    application.status = Application.Status.SUBMITTED
    application.save()
    with pytest.raises(ValidationError):
        decision_record(application=application, by=world["manager"], outcome="award", amount=Decimal("50"))
    decision_record(application=application, by=world["manager"], outcome="award", amount=Decimal("8000.01"))
    application.refresh_from_db()
    assert application.status == Application.Status.AWARDED
    award = application.award
    assert sum(p.amount for p in award.payments.all()) == Decimal("8000.01")
    assert award.reports.count() == 2


def test_decline_needs_a_reason_and_only_managers_decide(world):
    application = world["application"]
    application.status = Application.Status.SUBMITTED
    application.save()
    with pytest.raises(ValidationError):
        decision_record(application=application, by=world["manager"], outcome="decline")
    with pytest.raises(PermissionDenied):
        decision_record(application=application, by=world["reviewer"], outcome="decline", reason="x")
    decision_record(application=application, by=world["manager"], outcome="decline", reason="Pool exhausted.")
    application.refresh_from_db()
    assert application.status == Application.Status.DECLINED


def test_bulk_notifications_go_once_in_the_applications_language(world, django_capture_on_commit_callbacks):
    application = world["application"]
    application.status = Application.Status.SUBMITTED
    application.language = "es"
    application.save()
    decision_record(application=application, by=world["manager"], outcome="decline", reason="Fondos agotados.")
    with django_capture_on_commit_callbacks(execute=True):
        assert decisions_notify(decisions=Decision.objects.all(), by=world["manager"]) == 1
        assert decisions_notify(decisions=Decision.objects.all(), by=world["manager"]) == 0
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [world["a"].email]
    assert "Fondos agotados." in mail.outbox[0].body


def test_grantee_report_records_individuals_by_service_type(world):
    application = world["application"]
    application.status = Application.Status.SUBMITTED
    application.save()
    decision_record(application=application, by=world["manager"], outcome="award", amount=Decimal("5000"))
    report = GranteeReport.objects.filter(award__application=application).first()
    with pytest.raises(PermissionDenied):
        grantee_report_submit(
            report=report, by=world["b"], activities="a", outcomes="o", narrative="", counts={"legal": 3}
        )
    grantee_report_submit(
        report=report, by=world["a"], activities="a", outcomes="o", narrative="", counts={"legal": 12, "esol": 0}
    )
    assert list(ReportServiceCount.objects.values_list("service_type", "individuals")) == [("legal", 12)]


def test_no_str_of_a_grants_record_shows_a_persons_name_or_email(world):
    from django.apps import apps

    from grants.services import review_score

    application = world["application"]
    application.status = Application.Status.SUBMITTED
    application.save()
    review_conflict_declare(assignment=world["assignment"], by=world["reviewer"], has_conflict=False)
    review_score(assignment=world["assignment"], by=world["reviewer"], values={})
    decision_record(application=application, by=world["manager"], outcome="award", amount=Decimal("5000"))
    people = [world[k] for k in ("a", "b", "reviewer", "manager")]
    for model in apps.get_app_config("grants").get_models():
        for obj in model.objects.all():
            text = str(obj)
            for person in people:
                assert person.email not in text
                assert person.full_name not in text


def test_the_conflict_declaration_names_who_is_involved_and_shows_nothing_of_the_content(client, world):
    application = world["application"]
    application.title = "Know Your Rights workshops"
    application.summary = "SECRET-SUMMARY"
    application.partners = "Boston Public Library\n\nEast Boston Neighborhood Health Center\n"
    application.save()
    profile = application.organization.grant_profile
    profile.eligibility_path = "fiscal_sponsor"
    profile.fiscal_sponsor_name = "Third Sector New England"
    profile.save()
    review_conflict_declare(
        assignment=review_assign(application=application, reviewer=world["other_reviewer"], by=world["manager"]),
        by=world["other_reviewer"],
        has_conflict=False,
    )
    client.force_login(world["reviewer"])
    page = client.get(f"/admin/grants/reviewassignment/{world['assignment'].pk}/review/").content.decode()
    for fact in (
        application.organization.name,
        "Third Sector New England",
        "Know Your Rights workshops",
        "<li>Boston Public Library</li>",
        "<li>East Boston Neighborhood Health Center</li>",
    ):
        assert fact in page
    for hidden in ("SECRET-SUMMARY", application.description, "Need", "Plan", 'name="c1', "Save scores"):
        assert hidden not in page


def test_reviewer_assignment_choices_name_the_application_and_the_reviewer(client, world):
    world["reviewer"].full_name = "Rosa Reviewer"
    world["reviewer"].save()
    world["application"].title = "Citizenship clinics"
    world["application"].save()
    client.force_login(world["manager"])
    page = client.get("/admin/grants/reviewassignment/add/").content.decode()
    assert f"Citizenship clinics · {world['org_a'].name} (#{world['application'].pk})" in page
    assert ">Rosa Reviewer</option>" in page
    assert "Application #" not in page
    assert "User #" not in page
    listing = client.get("/admin/grants/reviewassignment/").content.decode()
    assert "Citizenship clinics" in listing
    assert "Rosa Reviewer" in listing
