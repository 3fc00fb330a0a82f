"""Enter in a field moves forward: it used to press "Back", the form's first button."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


def test_enter_in_a_survey_field_goes_forward_and_keeps_the_answer(page, office):
    from surveys.models import Response
    from tests.factories.surveys import survey_small

    survey_small()
    page.goto("/en/surveys/small/page/1/")
    page.locator('label[for="id_q_color_0"]').click()
    page.locator("#id_q_color_0").press("Enter")
    page.wait_for_url(re.compile(r"/surveys/small/page/2/"))

    page.locator('input[name="q_people"]').fill("3")
    page.locator('input[name="q_people"]').press("Enter")
    page.wait_for_url(re.compile(r"/surveys/small/thank-you/"))
    response = Response.objects.get()
    assert response.answers.get(question__code="people").number == 3
    assert response.answers.get(question__code="color").choice.code == "red"


def test_enter_in_a_grant_application_step_saves_and_continues(page, office):
    from tests.e2e.journeys_helpers import sign_in
    from tests.factories.grants import ApplicationFactory, MembershipFactory

    membership = MembershipFactory()
    application = ApplicationFactory(organization=membership.organization, title="Old title")
    sign_in(page, email=membership.user.email, next_url=f"/en/grants/applications/{application.pk}/project/")
    page.goto(f"/en/grants/applications/{application.pk}/project/")
    title = page.locator('input[name="title"]')
    title.fill("Know Your Rights workshops")
    title.press("Enter")
    page.wait_for_url(re.compile(rf"/grants/applications/{application.pk}/(?!project/)[a-z-]+/$"))
    application.refresh_from_db()
    assert application.title == "Know Your Rights workshops"
    # Back is still there, shown before the forward button.
    buttons = page.locator(".grants-buttons button")
    expect(buttons.first).to_have_attribute("value", "next")
    first_box = page.locator('.grants-buttons button[value="next"]').bounding_box()
    other_box = page.locator('.grants-buttons button[value="stay"]').bounding_box()
    assert other_box["x"] < first_box["x"]
