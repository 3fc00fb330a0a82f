"""The page counter a resident sees while answering (issue 18, item 14): it used to grow as
follow-up pages appeared ("1 of 5", "2 of 6", "5 of 7"); a follow-up page repeated its section's
title and introduction as if it were the same page again."""

import itertools
import re

import pytest
from django.urls import reverse
from django.utils import translation

from tests.factories.surveys import survey_community
from tests.surveys.test_answering import FULL_ANSWERS

pytestmark = pytest.mark.django_db

COUNTER = re.compile(
    r'heading-counter">.*?current-step">(\d+)</span> <span class="usa-step-indicator__total-steps">([^<]*)</span>', re.S
)


def _url(survey, number, language="en"):
    with translation.override(language):
        return reverse("surveys:page", kwargs={"slug": survey.slug, "number": number})


def _walk(client, survey, answers, language="en"):
    """Each page's (number, 'of …' text, heading) until the survey is sent."""
    seen = []
    for number in range(1, 15):
        html = client.get(_url(survey, number, language)).content.decode()
        current, total = COUNTER.search(html).groups()
        heading = re.search(r'heading-text">([^<]*)<', html).group(1)
        seen.append((int(current), total.strip(), heading, html))
        response = client.post(_url(survey, number, language), answers)
        assert response.status_code == 302
        if "/thank-you/" in response["Location"]:
            return seen
    raise AssertionError("the survey never finished")


def _totals(seen):
    return [(t.startswith("of up to"), int(t.split()[-1])) for _n, t, _h, _html in seen]


@pytest.mark.parametrize(
    "answers",
    [
        FULL_ANSWERS,  # every follow-up applies but one
        dict(FULL_ANSWERS, q_lives_in_boston="no", q_needs=["food_benefits"]),  # no follow-up applies
        {"action": "next", "q_needs": ["jobs"], "q_barriers": ["cost"]},  # skips everything optional
    ],
)
def test_the_total_never_grows_and_a_drop_was_announced_as_up_to(client, neighborhoods, answers):
    seen = _walk(client, survey_community(), answers)
    totals = _totals(seen)
    for (was_bound, before), (_is_bound, after) in itertools.pairwise(totals):
        assert after <= before, totals
        if after < before:
            assert was_bound, f"the total dropped from {before} without saying 'up to': {totals}"
    # On the last page there is nothing left to decide: the count is exact and it is this page.
    last_bound, last_total = totals[-1]
    assert not last_bound
    assert last_total == seen[-1][0] == len(seen)


def test_the_first_page_says_up_to_the_largest_number_of_pages(client, neighborhoods):
    html = client.get(_url(survey_community(), 1)).content.decode()
    # About this survey, its neighbourhood follow-up, About you, Your needs, its follow-up, Barriers, Staying informed.
    assert "of up to 7" in html
    assert "<title>Page 1 of up to 7" in html


def test_the_counter_is_translated(client, neighborhoods):
    html = client.get(_url(survey_community(), 1, "es")).content.decode()
    assert "de hasta 7" in html
    html = client.get(_url(survey_community(), 1, "ar")).content.decode()
    assert "من 7 كحد أقصى" in html


def test_about_this_survey_shows_once_not_again_on_its_follow_up_page(client, neighborhoods):
    seen = _walk(client, survey_community(), FULL_ANSWERS)
    headings = [h for _n, _t, h, _html in seen]
    assert headings[0] == "About this survey"
    assert headings[1] == "A few more questions"
    assert headings.count("About this survey") == 1
    intro = "Let&#x27;s start with two quick questions."
    assert [intro in html for *_rest, html in seen] == [True] + [False] * (len(seen) - 1)
    # The follow-up page still asks the neighbourhood question.
    assert "neighborhood" in seen[1][3]
