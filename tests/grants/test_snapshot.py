"""A decision freezes the application as decided: later edits never reach what an audit reads."""

from decimal import Decimal

import pytest
from django.db import connection
from django.urls import reverse

from grants.models import Application, ApplicationSnapshot, BudgetLine, Document
from grants.services import decision_record, review_conflict_declare, review_score

pytestmark = pytest.mark.django_db


def _decide(world, **kwargs):
    application = world["application"]
    Application.objects.filter(pk=application.pk).update(status=Application.Status.SUBMITTED)
    application.refresh_from_db()
    return decision_record(application=application, by=world["manager"], **kwargs)


def _scored(world):
    assignment = world["assignment"]
    review_conflict_declare(assignment=assignment, by=world["reviewer"], has_conflict=False)
    need, plan = world["application"].cycle.criteria.order_by("name")
    review_score(assignment=assignment, by=world["reviewer"], values={need.pk: 4, plan.pk: 1})


def test_an_award_freezes_answers_budget_documents_scores_and_decision(world):
    application = world["application"]
    Document.objects.create(
        application=application, kind="irs_letter", original_name="irs.pdf", content_type="application/pdf", size=1234
    )
    _scored(world)
    _decide(world, outcome="award", amount=Decimal("5000"))

    snapshot = ApplicationSnapshot.objects.get(application=application)
    data = snapshot.data
    assert snapshot.outcome == "award"
    assert data["application"]["answers"]["title"] == "Know Your Rights workshops"
    assert data["budget"] == {
        "lines": [{"category": "Staff", "description": "", "amount": "5000.00"}],
        "total": "5000.00",
    }
    assert [(d["kind"], d["name"], d["size"]) for d in data["documents"]] == [("irs_letter", "irs.pdf", 1234)]
    assert "file" not in data["documents"][0]
    (review,) = data["reviews"]
    assert review["reviewer_id"] == world["reviewer"].pk
    assert {s["criterion"]: s["value"] for s in review["scores"]} == {"Need": 4, "Plan": 1}
    # Need weighs 2, Plan 1: (4*2 + 1*1) / 3.
    assert review["weighted_total"] == "3.00"
    assert data["decision"]["outcome"] == "award"
    assert data["decision"]["amount"] == "5000.00"
    assert data["decision"]["decided_by_id"] == world["manager"].pk


def test_later_edits_do_not_change_what_was_approved(world):
    application = world["application"]
    _scored(world)
    _decide(world, outcome="award", amount=Decimal("5000"))

    # A bug or a later service editing the application behind the services' back.
    Application.objects.filter(pk=application.pk).update(title="Something else", summary="Changed")
    BudgetLine.objects.filter(application=application).update(amount=Decimal("9999"))
    BudgetLine.objects.create(application=application, category="Travel", amount=Decimal("1"))
    Document.objects.create(
        application=application, kind="other", original_name="late.pdf", content_type="application/pdf", size=1
    )
    world["assignment"].scores.update(value=0)

    data = ApplicationSnapshot.objects.get(application=application).data
    assert data["application"]["answers"]["title"] == "Know Your Rights workshops"
    assert data["application"]["answers"]["summary"] == "Workshops in five languages."
    assert data["budget"]["total"] == "5000.00"
    assert len(data["budget"]["lines"]) == 1
    assert data["documents"] == []
    assert data["reviews"][0]["weighted_total"] == "3.00"


def test_a_decline_is_frozen_too_and_a_redecision_keeps_the_earlier_snapshot(world):
    application = world["application"]
    _decide(world, outcome="decline", reason="Outside the stream's priorities.")
    # Staff reopen it (a correction) and decide again.
    Application.objects.filter(pk=application.pk).update(status=Application.Status.UNDER_REVIEW, title="Revised")
    application.refresh_from_db()
    decision_record(application=application, by=world["manager"], outcome="award", amount=Decimal("5000"))

    first, second = ApplicationSnapshot.objects.filter(application=application)
    assert (first.outcome, first.data["decision"]["reason"]) == ("decline", "Outside the stream's priorities.")
    assert first.data["application"]["answers"]["title"] == "Know Your Rights workshops"
    assert (second.outcome, second.data["application"]["answers"]["title"]) == ("award", "Revised")


def test_the_snapshot_refuses_to_be_changed_or_deleted(world):
    _decide(world, outcome="award", amount=Decimal("5000"))
    snapshot = ApplicationSnapshot.objects.get()
    snapshot.data = {"forged": True}
    with pytest.raises(ValueError, match="cannot be changed"):
        snapshot.save()
    with pytest.raises(ValueError, match="cannot be deleted"):
        snapshot.delete()
    if connection.vendor == "postgresql":  # the trigger also stops queryset writes
        from django.db import DatabaseError, transaction

        with pytest.raises(DatabaseError), transaction.atomic():
            ApplicationSnapshot.objects.update(data={"forged": True})
    assert ApplicationSnapshot.objects.get().data["decision"]["amount"] == "5000.00"


def test_the_admin_shows_the_snapshot_read_only(client, world):
    application = world["application"]
    _decide(world, outcome="award", amount=Decimal("5000"))
    client.force_login(world["manager"])
    url = reverse("admin:grants_application_change", args=[application.pk])
    page = client.get(url).content.decode()
    assert "Know Your Rights workshops" in page
    assert "snapshots-TOTAL_FORMS" in page
    assert 'name="snapshots-0-data"' not in page
    assert 'name="snapshots-0-DELETE"' not in page
    assert client.get("/admin/grants/applicationsnapshot/add/").status_code == 404


def test_a_reviewer_does_not_see_the_snapshot(client, world):
    _scored(world)
    _decide(world, outcome="award", amount=Decimal("5000"))
    client.force_login(world["reviewer"])
    page = client.get(reverse("admin:grants_application_change", args=[world["application"].pk])).content.decode()
    assert "snapshots-TOTAL_FORMS" not in page


def test_an_auditor_reads_the_snapshot_as_labelled_tables_not_raw_json(client, world):
    import re

    application = world["application"]
    Document.objects.create(
        application=application, kind="irs_letter", original_name="irs.pdf", content_type="application/pdf", size=1234
    )
    _scored(world)
    _decide(world, outcome="award", amount=Decimal("5000"))
    client.force_login(world["manager"])
    page = client.get(reverse("admin:grants_application_change", args=[application.pk])).content.decode()
    snapshot = page[page.index("grants-snapshot") :]

    def row(label):
        match = re.search(rf"<th[^>]*>{label}</th>\s*<td[^>]*>([^<]*)</td>", snapshot)
        return match.group(1).strip() if match else None

    assert row("Project title") == "Know Your Rights workshops"
    assert row("Language written in") == "English"
    assert row("Total") == "5000.00"
    assert row("Weighted total") == "3.00"
    assert row("Outcome") == "Award"
    # The document by its kind's label, with a human size; the exact JSON stays one click away.
    assert "IRS" in snapshot
    assert "1.2\xa0KB" in snapshot
    assert "<summary>The exact record (JSON)</summary>" in snapshot
