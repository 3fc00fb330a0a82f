"""Every grant state change goes through its service and leaves an audit row of who and when:
the admin offers no side door (status, awards, payments), and pghistory records decisions, awards,
payments, scores, conflict declarations and status changes with the service's `by`."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from grants.models import Application, Award, Payment
from grants.services import decision_record, review_conflict_declare, review_score

pytestmark = pytest.mark.django_db


def _events(model_name: str, **filters):
    from django.apps import apps

    return apps.get_model("grants", model_name).objects.filter(**filters).select_related("pgh_context")


def _by(event) -> int | None:
    return event.pgh_context.metadata.get("user") if event.pgh_context else None


def test_the_admin_cannot_type_a_status(client, world):
    application = world["application"]
    client.force_login(world["manager"])
    url = reverse("admin:grants_application_change", args=[application.pk])
    page = client.get(url).content.decode()
    assert 'name="status"' not in page
    client.post(
        url,
        {
            "status": "awarded",
            **{
                f"{prefix}-{key}": value
                for prefix in ("budget_lines", "documents", "assignments", "snapshots")
                for key, value in {"TOTAL_FORMS": "0", "INITIAL_FORMS": "0"}.items()
            },
        },
    )
    application.refresh_from_db()
    assert application.status == Application.Status.DRAFT


def test_awards_are_made_only_by_a_decision_and_payments_are_recorded_by_the_service(client, world):
    application = world["application"]
    Application.objects.filter(pk=application.pk).update(status=Application.Status.SUBMITTED)
    application.refresh_from_db()
    decision_record(application=application, by=world["manager"], outcome="award", amount=Decimal("5000"))
    award = Award.objects.get()
    client.force_login(world["manager"])
    assert client.get(reverse("admin:grants_award_add")).status_code == 403
    first, second = award.payments.order_by("due_on")
    url = reverse("admin:grants_award_change", args=[award.pk])
    page = client.get(url).content.decode()
    assert 'name="amount"' not in page
    assert 'name="payments-0-amount"' not in page
    response = client.post(
        url,
        {
            # The reminder settings, unchanged: the one part of an award a manager edits here.
            "remind_days_before": award.remind_days_before,
            "remind_on_due_date": "on",
            "remind_overdue_every_days": award.remind_overdue_every_days,
            "remind_overdue_max": award.remind_overdue_max,
            "payments-TOTAL_FORMS": "2",
            "payments-INITIAL_FORMS": "2",
            "payments-0-id": first.pk,
            "payments-0-award": award.pk,
            "payments-0-paid_on": "2026-03-02",
            "payments-0-amount": "1",
            "payments-1-id": second.pk,
            "payments-1-award": award.pk,
            "payments-1-paid_on": "",
            "reports-TOTAL_FORMS": "0",
            "reports-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    first.refresh_from_db()
    assert str(first.paid_on) == "2026-03-02"
    assert first.amount == Decimal("2500.00")  # the schedule is the award's, not typed in


@pytest.mark.postgres
def test_decisions_awards_payments_and_status_changes_are_recorded_with_who_did_them(client, world):
    manager = world["manager"]
    application = world["application"]
    Application.objects.filter(pk=application.pk).update(status=Application.Status.SUBMITTED)
    application.refresh_from_db()
    decision_record(application=application, by=manager, outcome="award", amount=Decimal("5000"))
    decision_event = _events("DecisionEvent", pgh_obj=application.decision).get()
    assert _by(decision_event) == manager.pk
    assert decision_event.pgh_context.metadata["action"] == "decision_record"
    assert decision_event.pgh_created_at <= timezone.now()  # when: the transaction's time
    assert _by(_events("AwardEvent", pgh_obj=application.award).get()) == manager.pk
    status = _events("ApplicationStatusEvent", pgh_obj=application, status="awarded").get()
    assert _by(status) == manager.pk
    assert _events("PaymentEvent", award=application.award).count() == 2

    payment = Payment.objects.filter(award=application.award).first()
    client.force_login(manager)
    from grants.services import payment_record

    payment_record(payment=payment, by=manager, paid_on=timezone.localdate())
    assert _by(_events("PaymentEvent", pgh_obj=payment, pgh_label="update").get()) == manager.pk


@pytest.mark.postgres
def test_conflict_declarations_and_scores_are_recorded_with_the_reviewer(world):
    reviewer = world["reviewer"]
    assignment = world["assignment"]
    review_conflict_declare(assignment=assignment, by=reviewer, has_conflict=False)
    declared = _events("ReviewAssignmentEvent", pgh_obj=assignment, pgh_label="update").get()
    assert declared.conflict_declared is False
    assert _by(declared) == reviewer.pk
    criterion = assignment.application.cycle.criteria.first()
    review_score(assignment=assignment, by=reviewer, values={criterion.pk: 3})
    assert _by(_events("ScoreEvent", assignment=assignment).get()) == reviewer.pk


def test_each_drafting_change_records_which_member_made_it(world):
    """Several members edit one draft: the application says whose save, budget or upload came last."""
    from grants.services import application_budget_save, application_step_save, document_add, document_delete
    from tests.factories.grants import MembershipFactory

    from .conftest import pdf_upload

    application = world["application"]
    colleague = MembershipFactory(organization=world["org_a"]).user
    application = application_step_save(
        application=application, by=world["a"], version=application.version, data={"title": "Citizenship classes"}
    )
    assert Application.objects.get(pk=application.pk).last_saved_by == world["a"]
    application = application_budget_save(
        application=application, by=colleague, version=application.version, lines=[{"category": "Rent", "amount": 900}]
    )
    assert Application.objects.get(pk=application.pk).last_saved_by == colleague
    document = document_add(application=application, by=world["a"], kind="irs_letter", upload=pdf_upload())
    assert Application.objects.get(pk=application.pk).last_saved_by == world["a"]
    document_delete(document=document, by=colleague)
    assert Application.objects.get(pk=application.pk).last_saved_by == colleague


@pytest.mark.postgres
def test_removing_a_document_is_recorded_with_who_removed_it(world):
    from grants.services import document_add, document_delete

    from .conftest import pdf_upload

    document = document_add(application=world["application"], by=world["a"], kind="irs_letter", upload=pdf_upload())
    pk = document.pk
    document_delete(document=document, by=world["a"])
    removed = _events("DocumentEvent", pgh_obj_id=pk, pgh_label="delete").get()
    assert _by(removed) == world["a"].pk
    assert removed.pgh_context.metadata["action"] == "document_delete"
