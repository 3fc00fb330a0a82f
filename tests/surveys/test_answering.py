"""A resident answers a survey online: every language, skip logic, errors, closing, abuse control."""

import json

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from surveys.models import Answer, Response
from tests.factories.surveys import COMMUNITY_JSON, survey_community, survey_small

pytestmark = pytest.mark.django_db

# One POST body that answers every question of the Community Insights Survey: each page reads
# only its own fields, so the same body can be sent to every page.
FULL_ANSWERS = {
    "q_lives_in_boston": "yes",
    "q_neighborhood": "east-boston",
    "q_age_range": "age_35_44",
    "q_country_of_birth": "ht",
    "q_years_in_us": "years_6_10",
    "q_home_language": "ht",
    "q_english_ability": "well",
    "q_household_size": "4",
    "q_children_in_home": "yes",
    "q_gender": "woman",
    "q_employment": "part_time",
    "q_needs": ["legal", "housing"],
    "q_legal_help_type": ["citizenship"],
    "q_housing_urgency": "4",
    "q_help_received": "yes_some",
    "q_barriers": ["language", "cost"],
    "q_services_in_language": "no",
    "q_city_services_satisfaction": "3",
    "q_feel_welcome": "4",
    "q_info_sources": ["community_orgs", "whatsapp"],
    "q_preferred_contact": "text_message",
    "q_anything_else": "More evening English classes.",
    "action": "next",
}


def _page_url(survey, number, language="en"):
    with translation.override(language):
        return reverse("surveys:page", kwargs={"slug": survey.slug, "number": number})


def _walk(client, survey, language, answers):
    """Post the answers page after page until the survey is sent; returns the pages seen."""
    titles = []
    for number in range(1, 15):
        page = client.get(_page_url(survey, number, language))
        assert page.status_code == 200
        titles.append(page.context["page"]["section"].title)
        response = client.post(_page_url(survey, number, language), answers)
        assert response.status_code == 302, response.context["form"].errors if response.context else response
        if "/thank-you/" in response["Location"]:
            return titles
    raise AssertionError("the survey never finished")


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_resident_completes_the_survey_in_each_language(client, neighborhoods, language):
    survey = survey_community()
    expected_title = json.loads(COMMUNITY_JSON.read_text(encoding="utf-8"))["title"][language]
    with translation.override(language):
        intro = client.get(reverse("surveys:intro", kwargs={"slug": survey.slug}))
    assert escape(expected_title) in intro.content.decode()
    _walk(client, survey, language, FULL_ANSWERS)
    response = Response.objects.get()
    assert response.language == language
    assert response.channel == "online"
    assert response.version == survey.current_version
    assert response.duration_seconds is not None
    codes = set(Answer.objects.filter(response=response).values_list("question__code", flat=True))
    assert {"needs", "neighborhood", "housing_urgency", "country_of_birth", "anything_else"} <= codes
    assert Answer.objects.filter(response=response, question__code="needs").count() == 2
    assert client.get(reverse("surveys:finish", kwargs={"slug": survey.slug})).status_code == 200


def test_intro_says_the_survey_is_anonymous_and_how_long_it_takes(client):
    survey = survey_community()
    page = client.get(reverse("surveys:intro", kwargs={"slug": survey.slug})).content.decode()
    assert "This survey is anonymous" in page
    assert "about 10 minutes" in page


def test_skip_logic_hides_the_neighbourhood_question_from_people_outside_boston(client, neighborhoods):
    survey = survey_community()
    answers = dict(FULL_ANSWERS, q_lives_in_boston="no")
    titles = _walk(client, survey, "en", answers)
    assert "Which Boston neighborhood" not in " ".join(titles)
    response = Response.objects.get()
    codes = set(response.answers.values_list("question__code", flat=True))
    assert "neighborhood" not in codes
    # Needs were legal and housing, not jobs: the job follow-up was never shown or stored.
    assert "job_help_type" not in codes
    assert "legal_help_type" in codes


def test_follow_up_question_appears_on_its_own_page_only_when_it_applies(client):
    survey = survey_small()
    client.post(_page_url(survey, 1), {"q_color": "red", "q_pets": ["cat"], "action": "next"})
    second = client.get(_page_url(survey, 2))
    assert "What do you call your fish?" not in second.content.decode()
    client.post(_page_url(survey, 1), {"q_color": "red", "q_pets": ["fish"], "action": "next"})
    second = client.get(_page_url(survey, 2))
    assert "What do you call your fish?" in second.content.decode()


def test_a_hidden_required_question_is_not_required(client):
    survey = survey_small()
    question = survey.questions.get(code="fish_name")
    question.required = True
    question.save()
    client.post(_page_url(survey, 1), {"q_color": "blue", "q_pets": ["dog"], "action": "next"})
    response = client.post(_page_url(survey, 2), {"action": "next"})
    assert response.status_code == 302
    assert Response.objects.count() == 1


def test_missing_required_answer_shows_a_translated_error_and_keeps_what_was_typed(client):
    survey = survey_small()
    response = client.post(_page_url(survey, 1, "es"), {"q_pets": ["dog", "cat"], "action": "next"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Por favor, responda a esta pregunta." in html
    assert response.context["form"].errors["q_color"]
    assert 'value="dog" checked' in html
    assert 'value="cat" checked' in html
    assert Response.objects.count() == 0


def test_going_back_keeps_answers_already_given(client):
    survey = survey_small()
    client.post(_page_url(survey, 1), {"q_color": "blue", "q_pets": ["cat"], "action": "next"})
    client.post(_page_url(survey, 2), {"q_people": "3", "action": "back"})
    first = client.get(_page_url(survey, 1)).content.decode()
    assert 'value="blue" checked' in first
    second = client.get(_page_url(survey, 2)).content.decode()
    assert 'value="3"' in second


def test_number_out_of_bounds_is_refused_with_a_message_in_the_residents_language(client):
    survey = survey_small()
    client.post(_page_url(survey, 1, "fr"), {"q_color": "red", "action": "next"})
    response = client.post(_page_url(survey, 2, "fr"), {"q_people": "99", "action": "next"})
    assert response.status_code == 200
    assert "20" in str(response.context["form"].errors["q_people"])
    assert 'value="99"' in response.content.decode()


def test_closed_survey_shows_a_translated_message_and_accepts_nothing(client):
    survey = survey_small(open_=False)
    with translation.override("es"):
        url = reverse("surveys:intro", kwargs={"slug": survey.slug})
    response = client.get(url)
    assert response.status_code == 410
    assert "Esta encuesta cerró" in response.content.decode()
    assert client.post(_page_url(survey, 1), {"q_color": "red", "action": "next"}).status_code == 410
    assert Response.objects.count() == 0


def test_open_surveys_are_listed(client):
    survey = survey_small()
    survey_small(open_=False, slug="old")
    page = client.get(reverse("surveys:index")).content.decode()
    assert reverse("surveys:intro", kwargs={"slug": survey.slug}) in page
    assert reverse("surveys:results", kwargs={"slug": "old"}) in page


def test_honeypot_filled_by_a_bot_stores_nothing(client):
    survey = survey_small()
    client.post(_page_url(survey, 1), {"q_color": "red", "action": "next"})
    response = client.post(_page_url(survey, 2), {"website": "http://spam.example", "action": "next"})
    assert response.status_code == 302
    assert Response.objects.count() == 0


def test_many_submissions_from_one_connection_are_rate_limited(client, monkeypatch):
    from surveys import views

    monkeypatch.setattr(views, "SUBMIT_RATE", "2/h")
    survey = survey_small()
    statuses = []
    for _i in range(3):
        client.post(_page_url(survey, 1), {"q_color": "red", "action": "next"})
        statuses.append(client.post(_page_url(survey, 2), {"action": "next"}).status_code)
    assert statuses == [302, 302, 429]
    assert Response.objects.count() == 2


def test_unknown_page_numbers_and_bad_input_never_fail(client):
    survey = survey_small()
    assert client.get(_page_url(survey, 99)).status_code == 302
    response = client.post(_page_url(survey, 1), {"q_color": "purple", "q_pets": ["<script>"], "action": "next"})
    assert response.status_code == 200
    assert "Please choose one of the answers listed." in response.content.decode()


def test_jumping_past_a_required_question_sends_the_resident_back_to_it(client):
    survey = survey_small()
    response = client.post(_page_url(survey, 2), {"action": "next"})
    # Page 2 is the last page: it can only be sent once page 1's required question is answered.
    assert response.status_code == 302
    assert response["Location"].endswith(_page_url(survey, 1))
    assert Response.objects.count() == 0


def test_home_page_invites_residents_to_an_open_survey(client):
    survey = survey_small()
    page = client.get(reverse("home")).content.decode()
    assert reverse("surveys:intro", kwargs={"slug": survey.slug}) in page


def test_a_survey_page_takes_a_fixed_number_of_queries(client, neighborhoods, django_assert_max_num_queries):
    survey = survey_community()
    client.get(_page_url(survey, 2))
    with django_assert_max_num_queries(12):
        client.get(_page_url(survey, 2))
