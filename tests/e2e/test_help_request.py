"""A resident asks for help on a phone and gives contact details staff can use (issue 18, item 12)."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.journeys_helpers import shot

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("lang", ["so", "ar"])
def test_a_resident_corrects_a_phone_number_nobody_could_call_and_is_called_in_their_language(phone, office, lang):
    from programs.models import Intake
    from tests.factories.programs import ProgramFactory, ServiceTypeFactory

    program = ProgramFactory(slug="phone-consultations", name="Phone Immigration Consultations")
    legal = ServiceTypeFactory(slug="legal", name="Legal consultation")
    program.service_types.add(legal)
    phone.goto(f"/{lang}/programs/phone-consultations/request/")
    # The page's language is already chosen; the resident does not have to find it.
    expect(phone.locator("#id_preferred_language")).to_have_value(lang)
    phone.fill("#id_name", "Faadumo Cali")
    phone.fill("#id_phone", "abc")
    phone.locator('label[for="id_call_time_1"]').click()
    phone.locator("form.usa-form button[type=submit]").click()

    # Refused in the resident's language, with the typed value kept to correct.
    summary = phone.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(phone.locator("#id_phone")).to_have_value("abc")
    expect(phone.locator("#id_phone")).to_have_attribute("aria-invalid", "true")
    message = phone.locator("#id_phone-error").inner_text()
    assert "\u2066617-555-0123\u2069" in message
    assert "Enter a phone number" not in message
    expect(phone.locator("#id_call_time_1")).to_be_checked()
    phone.locator("#id_phone").scroll_into_view_if_needed()
    shot(phone, f"help-request-phone-error-{lang}-375")

    phone.fill("#id_phone", "(617) 635-2980")
    phone.select_option("#id_topic", str(legal.pk))
    phone.locator("form.usa-form button[type=submit]").click()
    phone.wait_for_url(re.compile(r"/request/done/|/done/"))
    intake = Intake.objects.get()
    assert (intake.phone, intake.preferred_language, intake.topic, intake.call_time) == (
        "+16176352980",
        lang,
        legal,
        "morning",
    )
