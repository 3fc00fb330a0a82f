"""The demo office's department data requests: what a staff member trying the feature finds."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from reports.models import DepartmentRequest
from reports.selectors import department_answers, departments_asked

pytestmark = pytest.mark.django_db


def test_the_demo_office_has_an_answered_a_waiting_and_a_draft_department_request(
    mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", office="boston", only=["reports"], verbosity=0)
    year = timezone.localdate().year - 1
    by_status = dict(DepartmentRequest.objects.filter(year=year).values_list("department", "status"))
    assert by_status == {
        "Office of Language and Communications Access": DepartmentRequest.Status.ANSWERED,
        "Boston Public Schools, Office of Multilingual and Multicultural Education": DepartmentRequest.Status.SENT,
        "Boston Housing Authority": DepartmentRequest.Status.DRAFT,
    }
    # Only the answer reaches the report, with every figure it was asked for.
    [answered] = department_answers(year=year)
    assert {f.label: f.value for f in answered.figures.all()} == {
        "Interpretation requests served": 4870,
        "Documents translated": 1236,
        "Limited-English residents served": 18400,
    }
    # The methodology lists the two departments that were asked; the draft was never sent.
    assert [d["answered"] for d in departments_asked(year=year)] == [False, True]
    # Each sent request went to its demo contact, an address no mail reaches.
    assert sorted(m.to[0] for m in mailoutbox) == [
        "demo-language-access@example.org",
        "demo-multilingual-education@example.org",
    ]


def test_reseeding_keeps_what_staff_did_with_a_demo_request():
    call_command("seed_demo", office="boston", only=["reports"], verbosity=0)
    draft = DepartmentRequest.objects.get(department="Boston Housing Authority")
    draft.contact_name = "A real contact"
    draft.save(update_fields=["contact_name"])
    call_command("seed_demo", office="boston", only=["reports"], verbosity=0)
    assert (
        DepartmentRequest.objects.filter(department="Boston Housing Authority").get().contact_name == "A real contact"
    )
