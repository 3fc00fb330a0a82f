"""The Back button validates like Next: a wrong answer is shown with its error and never kept, so
no unusable answer reaches the last page; a missing answer does not stop a resident going back."""

import pytest
from django.urls import reverse
from django.utils import translation

from surveys.models import Answer, Response
from tests.factories.surveys import survey_small

pytestmark = pytest.mark.django_db


def _page_url(survey, number, language="en"):
    with translation.override(language):
        return reverse("surveys:page", kwargs={"slug": survey.slug, "number": number})


@pytest.mark.parametrize(
    ("field", "value"),
    [("q_people", "99"), ("q_comment", "x" * 5001), ("q_comment", "bad\x00byte"), ("q_rating", "\x00")],
)
def test_a_wrong_answer_on_back_is_shown_with_its_error_and_not_kept(client, field, value):
    survey = survey_small()
    client.post(_page_url(survey, 1), {"q_color": "red", "action": "next"})
    back = client.post(_page_url(survey, 2, "es"), {field: value, "action": "back"})
    assert back.status_code == 200
    assert back.context["form"].errors[field]
    # The resident carries on from the last page with a good answer: it is sent, no 500.
    response = client.post(_page_url(survey, 2), {"q_people": "3", "action": "next"})
    assert response.status_code == 302
    assert "/thank-you/" in response["Location"]
    stored = Answer.objects.filter(response=Response.objects.get())
    assert all("\x00" not in answer.text for answer in stored)
    assert not stored.filter(question__code="comment").exists()
    assert list(stored.filter(question__code="people").values_list("number", flat=True)) == [3]


def test_back_with_a_required_question_unanswered_still_goes_back_keeping_valid_answers(client):
    survey = survey_small()
    response = client.post(_page_url(survey, 1), {"q_pets": ["cat"], "action": "back"})
    assert response.status_code == 302
    assert 'value="cat" checked' in client.get(_page_url(survey, 1)).content.decode()
