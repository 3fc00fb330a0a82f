"""A new staff member with an empty queue finds out why, and reaches "My access" by keyboard."""

import os

import pytest
from django.contrib.auth.models import Permission
from playwright.sync_api import expect

from tests.e2e.journeys_helpers import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_unassigned_staff_member_is_told_whom_to_ask_and_reaches_my_access(page):
    from tests.factories.accounts import StaffFactory, totp_enable
    from tests.factories.programs import IntakeFactory, ProgramFactory

    administrator = StaffFactory(full_name="Ada Admin", email="ada.admin@example.org")
    administrator.user_permissions.add(*Permission.objects.filter(codename="add_staffinvitation"))
    IntakeFactory(program=ProgramFactory(name="Citizenship clinic"))
    newcomer = StaffFactory(full_name="Nia New", roles=["Program staff"])
    sign_in(page, email=newcomer.email, secret=totp_enable(newcomer), next_url="/admin/programs/intake/")

    notice = page.locator(".messagelist li.warning")
    expect(notice).to_contain_text("You are not assigned to any programme yet")
    expect(notice.get_by_role("link", name="ada.admin@example.org")).to_be_visible()
    if os.environ.get("SCREENSHOTS"):
        page.screenshot(path="docs/screenshots/journeys/admin-empty-queue-explained.png", full_page=True)

    link = notice.get_by_role("link", name="My access")
    link.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/admin/accounts/user/my-access/")
    expect(page.get_by_role("heading", name="My access")).to_be_visible()
    expect(page.locator("#content-main")).to_contain_text("Screen and serve intakes")
    expect(page.locator("#content-main")).to_contain_text("Ada Admin")
    if os.environ.get("SCREENSHOTS"):
        page.screenshot(path="docs/screenshots/journeys/admin-my-access.png", full_page=True)
