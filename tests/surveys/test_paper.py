"""Paper: printable questionnaires, data entry with unique form numbers, blind double entry."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from surveys.models import Answer, Response
from surveys.paper import paper_questionnaire_html
from surveys.services import paper_entry_differences, paper_entry_resolve, paper_response_enter
from tests.factories.accounts import StaffFactory
from tests.factories.surveys import survey_community, survey_small

pytestmark = pytest.mark.django_db


def test_a_form_number_can_be_entered_only_once(survey_manager):
    survey = survey_small()
    paper_response_enter(survey=survey, form_number="1001", language="es", data={"color": "red"}, by=survey_manager)
    with pytest.raises(ValidationError) as exc:
        paper_response_enter(
            survey=survey, form_number="1001", language="es", data={"color": "blue"}, by=survey_manager
        )
    assert "form_number" in exc.value.message_dict
    response = Response.objects.get()
    assert (response.channel, response.entered_by, response.status) == ("paper", survey_manager, "complete")
    assert Answer.objects.get().choice.code == "red"


def test_the_same_form_number_may_be_used_in_another_survey(survey_manager):
    paper_response_enter(survey=survey_small(), form_number="7", language="en", data={}, by=survey_manager)
    paper_response_enter(survey=survey_small(slug="other"), form_number="7", language="en", data={}, by=survey_manager)
    assert Response.objects.count() == 2


def test_staff_type_a_sheet_on_the_entry_screen_and_cannot_type_it_twice(staff_client):
    survey = survey_small()
    url = reverse("admin:surveys_survey_entry", args=[survey.pk])
    page = staff_client.get(url)
    assert page.status_code == 200
    assert "autofocus" in page.content.decode()
    data = {"form_number": "B-17", "language": "vi", "q_color": "blue", "q_pets": ["cat", "fish"],
            "q_fish_name": "Bubbles", "q_rating": "3", "q_people": "5"}  # fmt: skip
    assert staff_client.post(url, data).status_code == 302
    again = staff_client.post(url, data)
    assert again.status_code == 200
    assert "already been entered" in again.content.decode()
    response = Response.objects.get()
    assert response.language == "vi"
    assert response.form_number == "B-17"
    assert sorted(response.answers.values_list("question__code", flat=True)) == [
        "color", "fish_name", "people", "pets", "pets", "rating"
    ]  # fmt: skip


def test_entry_screen_is_refused_to_staff_without_the_survey_role(client):
    from tests.factories.accounts import totp_enable

    user = StaffFactory(roles=["Grant reviewers"])
    totp_enable(user)
    client.force_login(user)
    survey = survey_small()
    assert client.get(reverse("admin:surveys_survey_entry", args=[survey.pk])).status_code in {403, 404}


@pytest.fixture
def double():
    survey = survey_small()
    survey.double_entry = True
    survey.save()
    return survey


def test_double_entry_that_agrees_counts_the_sheet(double, survey_manager):
    second = StaffFactory(roles=["Survey managers"])
    data = {"color": "red", "pets": ["dog", "cat"]}
    response = paper_response_enter(survey=double, form_number="9", language="en", data=data, by=survey_manager)
    assert response.status == Response.Status.PENDING_VERIFICATION
    response = paper_response_enter(
        survey=double, form_number="9", language="en", data={"color": "red", "pets": ["cat", "dog"]}, by=second
    )
    assert response.status == Response.Status.COMPLETE


def test_double_entry_must_be_typed_by_a_second_person(double, survey_manager):
    paper_response_enter(survey=double, form_number="9", language="en", data={"color": "red"}, by=survey_manager)
    with pytest.raises(ValidationError, match="different person"):
        paper_response_enter(survey=double, form_number="9", language="en", data={"color": "red"}, by=survey_manager)


def test_double_entry_differences_are_listed_and_resolved_by_a_supervisor(double, survey_manager, staff_client):
    second = StaffFactory(roles=["Survey managers"])
    first_data = {"color": "red", "pets": ["cat"], "rating": "4"}
    response = paper_response_enter(survey=double, form_number="12", language="en", data=first_data, by=survey_manager)
    second_data = {"color": "blue", "pets": ["cat"], "rating": "4", "people": "2"}
    paper_response_enter(survey=double, form_number="12", language="en", data=second_data, by=second)
    response.refresh_from_db()
    assert response.status == Response.Status.PENDING_VERIFICATION
    differences = {d["code"]: (d["first"], d["second"]) for d in paper_entry_differences(response=response)}
    assert differences == {"color": ("red", "blue"), "people": (None, "2")}
    page = staff_client.get(reverse("admin:surveys_survey_resolve", args=[double.pk, response.pk]))
    assert page.status_code == 200
    with pytest.raises(ValidationError):
        paper_entry_resolve(response=response, picks={"color": "second"}, by=survey_manager)
    posted = staff_client.post(
        reverse("admin:surveys_survey_resolve", args=[double.pk, response.pk]),
        {"pick_color": "second", "pick_people": "first"},
    )
    assert posted.status_code == 302
    response.refresh_from_db()
    assert response.status == Response.Status.COMPLETE
    # Who settled the sheet is on record: the supervisor signed in, not either typist.
    assert response.verified_by == survey_manager
    assert response.verified_at is not None
    stored = dict(response.answers.exclude(choice=None).values_list("question__code", "choice__code"))
    assert stored == {"color": "blue", "pets": "cat"}
    assert not response.answers.filter(question__code="people").exists()
    assert response.answers.get(question__code="rating").number == 4


def test_a_third_typing_of_a_double_entry_sheet_is_refused(double, survey_manager):
    second, third = StaffFactory(roles=["Survey managers"]), StaffFactory(roles=["Survey managers"])
    for user in (survey_manager, second):
        paper_response_enter(survey=double, form_number="5", language="en", data={"color": "red"}, by=user)
    with pytest.raises(ValidationError):
        paper_response_enter(survey=double, form_number="5", language="en", data={"color": "red"}, by=third)


def test_arabic_questionnaire_is_right_to_left_with_a_form_number_box():
    survey = survey_community()
    html = paper_questionnaire_html(survey=survey, language="ar", first_number=500, copies=2)
    assert 'dir="rtl"' in html
    assert 'lang="ar"' in html
    assert html.count('class="form-number"') == 2
    assert "500" in html
    assert "501" in html
    assert "هل تعيش في بوسطن" in html


def test_chinese_questionnaire_carries_its_script_in_the_lang_attribute():
    survey = survey_community()
    assert 'lang="zh-hant"' in paper_questionnaire_html(survey=survey, language="zh-hant")


@pytest.mark.parametrize("language", ["ar", "zh-hans"])
def test_paper_pdf_is_a_pdf_with_the_questions(staff_client, language):
    from pypdf import PdfReader

    survey = survey_small()
    response = staff_client.get(reverse("admin:surveys_survey_paper", args=[survey.pk, language]) + "?copies=x")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) >= 1


def test_supervisor_sees_sheets_waiting_for_verification(double, survey_manager, staff_client):
    paper_response_enter(survey=double, form_number="33", language="en", data={"color": "red"}, by=survey_manager)
    page = staff_client.get(reverse("admin:surveys_survey_verify", args=[double.pk]))
    assert page.status_code == 200
    assert [r.form_number for r in page.context["pending"]] == ["33"]
    assert "Waiting for the second entry" in page.content.decode()
