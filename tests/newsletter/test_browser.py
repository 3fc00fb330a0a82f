"""The journey in a phone browser, in Somali, Vietnamese and Arabic: sign up, confirm, change
preferences; axe (WCAG 2.1 AA) on each page. Screenshots go to docs/screenshots/newsletter/ when
NEWSLETTER_SCREENSHOTS is set."""

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail

from newsletter.models import Subscriber
from tests.e2e.axe import axe_violations, describe

from .conftest import link_in

pytestmark = pytest.mark.django_db(transaction=True)
SHOTS = Path(settings.BASE_DIR) / "docs" / "screenshots" / "newsletter"


def _look(page, name: str) -> None:
    violations = axe_violations(page)
    assert not violations, describe(violations)
    if os.environ.get("NEWSLETTER_SCREENSHOTS"):
        page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


@pytest.mark.parametrize("language", ["so", "vi", "ar"])
def test_a_resident_signs_up_confirms_and_changes_preferences_on_a_phone(phone, language, office):
    mail.outbox = []
    phone.goto(f"/{language}/newsletter/")
    assert phone.locator("html").get_attribute("lang").startswith(language)
    _look(phone, f"signup-{language}-phone")
    phone.get_by_label("Leave this field empty", exact=False).count()  # the honeypot exists, untouched
    phone.locator("#id_email").fill("amina@")
    phone.locator("form.usa-form button[type=submit]").click()
    assert phone.locator(".portal-error-summary").is_visible()
    assert phone.locator("#id_email").input_value() == "amina@"  # what was typed is kept
    _look(phone, f"signup-error-{language}-phone")
    phone.locator("#id_email").fill("amina@example.org")
    phone.locator("form.usa-form button[type=submit]").click()
    phone.wait_for_url(f"**/{language}/newsletter/check-your-email/")
    _look(phone, f"check-email-{language}-phone")

    (message,) = mail.outbox
    phone.goto(link_in(message, "confirm"))
    phone.locator("main form button[type=submit]").click()
    assert Subscriber.objects.get().status == Subscriber.Status.ACTIVE
    _look(phone, f"confirmed-{language}-phone")

    phone.locator(f"a[href*='/{language}/newsletter/preferences/']").click()
    phone.locator("label[for=id_topics_0]").click()  # USWDS draws the box on the label
    phone.locator("form.usa-form button[type=submit]").click()
    assert "events" not in Subscriber.objects.get().topics
    _look(phone, f"preferences-{language}-phone")
