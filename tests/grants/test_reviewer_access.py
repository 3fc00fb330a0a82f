"""Reviewer access is per assignment: before answering the conflict question a reviewer sees only
the question; a declared conflict recuses that reviewer alone; "no conflict" opens the application."""

import pytest
from django.urls import reverse

from grants.services import document_add, review_assign, review_conflict_declare

from .conftest import pdf_upload

pytestmark = pytest.mark.django_db

TITLE = "Citywide legal clinics for new arrivals"
SUMMARY = "Weekly clinics in East Boston and Dorchester."


@pytest.fixture
def case(world):
    application = world["application"]
    application.title = TITLE
    application.summary = SUMMARY
    application.save()
    document = document_add(application=application, by=world["a"], kind="irs_letter", upload=pdf_upload())
    second = review_assign(application=application, reviewer=world["other_reviewer"], by=world["manager"])
    return {
        **world,
        "document": document,
        "second": second,
        "change": reverse("admin:grants_application_change", args=[application.pk]),
        "history": reverse("admin:grants_application_history", args=[application.pk]),
        "changelist": reverse("admin:grants_application_changelist"),
        "download": reverse("grants:document_download", args=[document.pk]),
        "pdf": reverse("grants:application_pdf", args=[application.pk]),
        "review": reverse("admin:grants_reviewassignment_review", args=[world["assignment"].pk]),
        "assignment_change": reverse("admin:grants_reviewassignment_change", args=[world["assignment"].pk]),
    }


def _shows_the_application(response) -> bool:
    """Whether the page shows what the applicant wrote (the title alone names the application,
    as the declaration and the assignment lists must, to judge a conflict)."""
    body = response.content.decode(errors="replace")
    return response.status_code == 200 and SUMMARY in body


def _lists_the_application(response, application) -> bool:
    link = f"/admin/grants/application/{application.pk}/change/"
    return response.status_code == 200 and link in response.content.decode()


def test_before_answering_a_reviewer_sees_only_the_declaration_form(client, case):
    client.force_login(case["reviewer"])
    change = client.get(case["change"])
    assert change.status_code == 302
    assert change["Location"] == case["review"]
    review = client.get(case["review"])
    body = review.content.decode()
    assert "I have no conflict of interest" in body
    # What a conflict depends on (who applies, the project's title, its partners), and nothing
    # of what the applicant wrote.
    assert case["org_a"].name in body
    assert TITLE in body
    assert SUMMARY not in body
    for url in (case["history"], case["changelist"], case["assignment_change"]):
        assert not _shows_the_application(client.get(url)), url
    assert not _lists_the_application(client.get(case["changelist"]), case["application"])
    assert client.get(case["download"]).status_code == 404
    assert client.get(case["pdf"]).status_code == 404


def test_one_reviewers_conflict_recuses_only_that_reviewer(client, case):
    review_conflict_declare(assignment=case["assignment"], by=case["reviewer"], has_conflict=True)
    review_conflict_declare(assignment=case["second"], by=case["other_reviewer"], has_conflict=False)

    client.force_login(case["reviewer"])
    assert not _shows_the_application(client.get(case["change"]))
    assert client.get(case["change"]).status_code != 200
    assert not _lists_the_application(client.get(case["changelist"]), case["application"])
    assert client.get(case["download"]).status_code == 404
    assert "recused" in client.get(case["review"]).content.decode()

    client.force_login(case["other_reviewer"])
    assert _shows_the_application(client.get(case["change"]))
    assert _lists_the_application(client.get(case["changelist"]), case["application"])
    assert client.get(case["download"]).status_code == 200


def test_after_declaring_no_conflict_the_reviewer_reads_the_application_and_its_files(client, case):
    client.force_login(case["reviewer"])
    client.post(case["review"], {"conflict": "no"})
    assert _shows_the_application(client.get(case["review"]))
    assert _shows_the_application(client.get(case["change"]))
    assert client.get(case["history"]).status_code == 200
    assert client.get(case["download"]).status_code == 200


def test_a_manager_reads_the_application_whatever_the_reviewers_answered(client, case):
    review_conflict_declare(assignment=case["assignment"], by=case["reviewer"], has_conflict=True)
    client.force_login(case["manager"])
    assert _shows_the_application(client.get(case["change"]))
    assert client.get(case["download"]).status_code == 200
