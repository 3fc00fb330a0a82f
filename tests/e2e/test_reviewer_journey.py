"""A grant reviewer's journey in the browser: sign in with two factors, find the assigned
application, judge a conflict from the facts alone, then read and score it."""

import pytest
from playwright.sync_api import expect

from tests.e2e.journeys_helpers import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_reviewer_declares_no_conflict_then_reads_and_scores_the_assigned_application(page):
    from grants.models import Score
    from grants.services import review_assign
    from tests.factories.accounts import StaffFactory, totp_enable
    from tests.factories.grants import ApplicationFactory, CriterionFactory, OrganizationFactory

    application = ApplicationFactory(organization=OrganizationFactory(name="Dorchester Neighbors United"))
    CriterionFactory(cycle=application.cycle, name="Need", weight=2)
    CriterionFactory(cycle=application.cycle, name="Plan", weight=1)
    ApplicationFactory(cycle=application.cycle, title="Someone else's project")
    reviewer = StaffFactory(full_name="Rita Reviewer", roles=["Grant reviewers"])
    review_assign(application=application, reviewer=reviewer, by=StaffFactory(roles=["Grant managers"]))

    sign_in(page, email=reviewer.email, secret=totp_enable(reviewer), next_url="/admin/grants/reviewassignment/")
    listing = page.locator("#result_list")
    expect(listing).to_contain_text("Dorchester Neighbors United")
    expect(listing).not_to_contain_text("Someone else's project")
    listing.get_by_role("link", name="Review", exact=True).click()

    # The facts to judge a conflict, and nothing of the content yet.
    facts = page.locator(".grants-conflict-facts")
    expect(facts).to_contain_text("Dorchester Neighbors United")
    expect(facts).to_contain_text("Know Your Rights workshops")
    expect(page.locator("#content")).not_to_contain_text("Workshops in five languages.")
    page.get_by_role("button", name="I have no conflict of interest").click()

    expect(page.locator("#content")).to_contain_text("Workshops in five languages.")
    page.get_by_label("Need (weight 2.00)").fill("4")
    page.get_by_label("Plan (weight 1.00)").fill("3")
    page.get_by_role("button", name="Save scores").click()
    expect(page.locator(".messagelist")).to_contain_text("Your scores were saved.")
    assert sorted(Score.objects.filter(assignment__reviewer=reviewer).values_list("value", flat=True)) == [3, 4]
    # One heading for the page, and the scores come before the free comment.
    expect(page.locator("h1")).to_have_count(1)
    fields = page.locator("#content form input[type=number], #content form textarea")
    assert [fields.nth(i).get_attribute("name") for i in range(fields.count())][-1] == "comment"
