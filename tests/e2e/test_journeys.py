"""Journeys as residents, nonprofits and staff meet them: real Chromium against the live server."""

import re

import pytest
from playwright.sync_api import expect

from tests.factories.directory import ServiceFactory, TaxonomyTermFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_resident_switches_language_searches_directory_and_prints_a_service(page):
    category = TaxonomyTermFactory(code="legal", name_en="Legal help", name_es="Ayuda legal", name_ar="مساعدة قانونية")
    service = ServiceFactory(
        slug="tenant-rights-clinic",
        name_en="Tenant rights clinic",
        name_es="Clínica de derechos de inquilinos",
        name_ar="عيادة حقوق المستأجرين",
        description_en="Free legal advice for renters facing eviction.",
        description_es="Asesoría legal gratuita para inquilinos.",
        description_ar="استشارة قانونية مجانية للمستأجرين.",
        categories=[category],
    )
    ServiceFactory(name_en="Citizenship classes", name_ar="دروس المواطنة")

    page.goto("/en/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("html")).to_have_attribute("dir", "ltr")

    languages = page.get_by_role("navigation", name="Choose your language")
    languages.locator('.portal-languages__wide a[hreflang="es"]').click()
    page.wait_for_url(re.compile(r"/es/$"))
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.locator('.portal-languages__wide a[hreflang="es"]')).to_have_attribute("aria-current", "true")

    page.locator('.portal-languages__wide a[hreflang="ar"]').click()
    page.wait_for_url(re.compile(r"/ar/$"))
    expect(page.locator("html")).to_have_attribute("lang", "ar")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"

    page.goto("/ar/directory/")
    page.locator("#id_q").fill("المستأجرين")
    page.locator("form.directory-filters button[type=submit]").click()
    page.wait_for_url(re.compile(r"/ar/directory/\?.*q="))
    results = page.locator("ul.directory-results")
    expect(results).to_contain_text("عيادة حقوق المستأجرين")
    expect(results).not_to_contain_text("دروس المواطنة")

    results.get_by_role("link", name="عيادة حقوق المستأجرين").click()
    page.wait_for_url(re.compile(rf"/ar/directory/{service.slug}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("عيادة حقوق المستأجرين")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")

    # The print link's target is the printable layout (JavaScript opens the dialog instead).
    href = page.locator("a.directory-print-link").get_attribute("href")
    page.goto(f"/ar/directory/{service.slug}/{href}")
    expect(page.locator("body")).to_have_class(re.compile("directory-print-view"))
    page.emulate_media(media="print")
    for selector in (".usa-header", ".portal-languages", ".usa-footer", ".usa-breadcrumb"):
        expect(page.locator(selector).first).to_be_hidden()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.locator("main")).to_contain_text("استشارة قانونية مجانية")


# What the keyboard-only resident does at each focused control of a survey page.
_FOCUSED = """() => {
  const el = document.activeElement;
  const form = el.closest('form.surveys-form');
  return {tag: el.tagName.toLowerCase(), type: (el.type || '').toLowerCase(), name: el.name || '',
          value: el.value || '', checked: !!el.checked, inForm: !!form,
          href: el.getAttribute('href') || ''};
}"""


def _tab_to(page, predicate, limit=150):
    for _ in range(limit):
        page.keyboard.press("Tab")
        info = page.evaluate(_FOCUSED)
        if predicate(info):
            return info
    raise AssertionError("keyboard focus never reached the expected control")


def _answer_page_by_keyboard(page, answered: set[str]) -> None:
    """Tab through the form: pick a radio with the arrow keys, tick checkboxes with Space, type in fields."""
    for _ in range(250):
        page.keyboard.press("Tab")
        info = page.evaluate(_FOCUSED)
        if not info["inForm"]:
            continue
        name, kind = info["name"], info["type"]
        if kind == "radio" and name not in answered:
            # Arrow keys move through the group and select; Space selects the focused choice.
            page.keyboard.press("ArrowDown")
            page.keyboard.press("Space")
            answered.add(name)
        elif kind == "checkbox" and name not in answered:
            page.keyboard.press("Space")
            answered.add(name)
        elif kind == "number" and name not in answered:
            page.keyboard.type("3")
            answered.add(name)
        elif info["tag"] == "button" and info["value"] == "next":
            with page.expect_navigation():
                page.keyboard.press("Enter")
            return
    raise AssertionError("never reached the Next button by keyboard")


def test_resident_completes_community_survey_in_vietnamese_on_a_phone_by_keyboard(phone):
    from surveys.models import Response
    from tests.factories.surveys import survey_community

    survey = survey_community()
    page = phone
    page.goto(f"/vi/surveys/{survey.slug}/")
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    start = f"/vi/surveys/{survey.slug}/page/1/"
    _tab_to(page, lambda info: info["tag"] == "a" and info["href"].endswith(start))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(start)

    answered: set[str] = set()
    for _ in range(survey.sections.count() + 3):
        if "/thank-you/" in page.url:
            break
        before = page.url
        _answer_page_by_keyboard(page, answered)
        errors = page.locator(".usa-error-message:visible")
        assert page.url != before or errors.count() == 0, errors.all_inner_texts()
    page.wait_for_url(re.compile(r"/vi/surveys/.+/thank-you/$"))
    expect(page.locator("html")).to_have_attribute("lang", "vi")

    response = Response.objects.get(survey=survey)
    assert response.language == "vi"
    assert response.answers.filter(question__code="needs").exists()
    assert response.answers.filter(question__code="barriers").exists()


def test_programme_staff_signs_in_with_mfa_screens_an_intake_records_a_service_and_cannot_open_another_programme(
    page,
):
    from moia.accounts.roles import PROGRAM_STAFF
    from programs.models import Intake, ServiceRecord
    from tests.e2e.journeys_helpers import sign_in
    from tests.factories.accounts import StaffFactory, totp_enable
    from tests.factories.programs import IntakeFactory, ProgramFactory, ProgramStaffFactory, ServiceTypeFactory

    programme_a, programme_b = ProgramFactory(name="Citizenship help"), ProgramFactory(name="Legal screening")
    staff = StaffFactory(email="caseworker@example.org", roles=[PROGRAM_STAFF])
    ProgramStaffFactory(program=programme_a, user=staff)
    secret = totp_enable(staff)
    service_type = ServiceTypeFactory(name="Citizenship application assistance")
    mine = IntakeFactory(program=programme_a, name="Amina Yusuf", status=Intake.Status.SCREENING)
    theirs = IntakeFactory(program=programme_b, name="Carlos Mendes", status=Intake.Status.SCREENING)

    sign_in(page, email=staff.email, secret=secret, next_url="/admin/")
    page.wait_for_url(re.compile(r"/admin/$"))

    page.goto("/admin/programs/intake/")
    listing = page.locator("#result_list")
    expect(listing).to_contain_text(mine.reference)
    expect(listing).not_to_contain_text(theirs.reference)
    expect(listing).not_to_contain_text("Carlos Mendes")

    listing.get_by_role("link", name=mine.reference).click()
    page.wait_for_url(re.compile(rf"/admin/programs/intake/{mine.pk}/change/"))
    expect(page.locator('input[name="name"]')).to_have_value("Amina Yusuf")
    page.locator('select[name="screening_decision"]').select_option("eligible")
    page.locator('input[name="screening_note"]').fill("Lawful permanent resident for five years")
    with page.expect_navigation():
        page.locator('input[name="_continue"]').click()
    mine.refresh_from_db()
    assert mine.status == Intake.Status.ELIGIBLE
    assert mine.screening_eligible is True

    # Record the service in the inline, as the caseworker would after the appointment.
    page.locator(".inline-group .add-row a").click()
    row = page.locator("tr.dynamic-services").last
    row.locator('select[name$="-service_type"]').select_option(str(service_type.pk))
    row.locator('input[name$="-opened_on"]').fill("2025-05-02")
    with page.expect_navigation():
        page.locator('input[name="_continue"]').click()
    expect(page.locator(".errornote")).to_have_count(0)
    record = ServiceRecord.objects.get(intake=mine)
    assert record.service_type == service_type

    # Guessing the other programme's intake URL shows nothing about the person.
    guessed = f"/admin/programs/intake/{theirs.pk}/change/"
    raw = page.request.get(guessed, max_redirects=0)
    assert raw.status in (302, 403, 404), raw.status
    assert "Carlos Mendes" not in raw.text()
    page.goto(guessed)
    assert not page.url.endswith(guessed)
    expect(page.locator("body")).not_to_contain_text("Carlos Mendes")


def test_report_editor_builds_and_publishes_annual_report_and_a_visitor_downloads_the_pdf(page, browser, live_server):
    from moia.accounts.roles import REPORT_EDITORS
    from reports.models import AnnualReport
    from reports.services import narrative_review
    from tests.e2e.journeys_helpers import sign_in
    from tests.factories.accounts import StaffFactory, totp_enable
    from tests.factories.reports import PopulationStatisticFactory, ReportNarrativeFactory

    year = 2025
    narrative = ReportNarrativeFactory(year=year)
    PopulationStatisticFactory(year=year, dimension="Foreign-born residents")
    editor = StaffFactory(email="editor@example.org", roles=[REPORT_EDITORS])
    secret = totp_enable(editor)
    # A report is published only once its texts are written and reviewed (the editor's step in
    # the narrative admin, covered by tests/reports/test_admin.py).
    narrative_review(narrative=narrative, language="en", by=editor)

    anonymous = browser.new_context(base_url=live_server.url)
    pdf_url = f"/reports/{year}/annual-report-{year}-en.pdf"
    assert anonymous.request.get(pdf_url).status == 404

    sign_in(page, email=editor.email, secret=secret, next_url="/admin/")
    page.goto("/admin/reports/annualreport/")
    with page.expect_navigation():
        page.get_by_role("link", name="Build a report").click()
    page.locator('input[name="year"]').fill(str(year))
    page.locator('select[name="language"]').select_option("en")
    with page.expect_navigation():
        page.locator('#content form [type="submit"]').first.click()
    page.wait_for_url(re.compile(r"/admin/reports/annualreport/$"))
    report = AnnualReport.objects.get(year=year, language="en")
    # Celery runs eagerly in tests: the build happened when the request committed.
    assert report.status == AnnualReport.Status.READY, report.error
    page.reload()
    expect(page.locator("#result_list")).to_contain_text(report.pdf_filename)

    page.locator(f'input[name="_selected_action"][value="{report.pk}"]').check()
    page.locator('select[name="action"]').select_option("publish_selected")
    with page.expect_navigation():
        page.locator('button[name="index"]').click()
    expect(page.locator(".messagelist")).to_contain_text("Published")
    report.refresh_from_db()
    assert report.status == AnnualReport.Status.PUBLISHED

    download = anonymous.request.get(pdf_url)
    assert download.status == 200
    assert download.headers["content-type"] == "application/pdf"
    body = download.body()
    assert body.startswith(b"%PDF-")
    assert len(body) > 5_000
    anonymous.close()


def _small_pdf() -> bytes:
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=612, height=792)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _choose(page, name: str, value: str) -> None:
    """USWDS hides the native radio and styles its label: people click the label."""
    radio_id = page.locator(f'input[name="{name}"][value="{value}"]').get_attribute("id")
    page.locator(f'label[for="{radio_id}"]').click()
    expect(page.locator(f"#{radio_id}")).to_be_checked()


def _save_and_continue(page) -> None:
    with page.expect_navigation():
        page.locator('button[name="then"][value="next"]').click()


def test_nonprofit_signs_up_checks_eligibility_drafts_over_two_visits_uploads_and_submits(
    page, mailoutbox, settings, tmp_path
):
    from grants.models import Application
    from tests.e2e.journeys_helpers import sign_in, sign_out
    from tests.factories.grants import GrantCycleFactory, StreamFactory

    settings.MEDIA_ROOT = str(tmp_path)
    cycle = GrantCycleFactory(slug="community-grants-2026", title="Community grants 2026")
    stream = StreamFactory(cycle=cycle, title="Language access")
    email, password = "director@haitian-families.example.org", "Long-enough-passphrase-42"

    # Eligibility first: nothing is stored, the result points to sign-up.
    page.goto(f"/en/grants/{cycle.slug}/")
    with page.expect_navigation():
        page.get_by_role("link", name="Check if you can apply").click()
    _choose(page, "based_in_city", "yes")
    _choose(page, "status", "nonprofit")
    _choose(page, "serves_immigrants", "yes")
    with page.expect_navigation():
        page.get_by_role("button", name="See the result").click()
    with page.expect_navigation():
        page.get_by_role("link", name="Create an account").click()

    # Sign up and verify the address from the email.
    page.locator('input[name="email"]').fill(email)
    page.locator('input[name="password1"]').fill(password)
    page.locator('input[name="password2"]').fill(password)
    with page.expect_navigation():
        page.locator('main form button[type="submit"]').first.click()
    assert len(mailoutbox) == 1, [m.subject for m in mailoutbox]
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mailoutbox[0].body).group(0)
    page.goto(link.split("://", 1)[1].split("/", 1)[1].join(["/", ""]))
    with page.expect_navigation():
        page.locator('main form button[type="submit"]').first.click()

    # Register the organization, then start an application.
    page.goto("/en/grants/organizations/new/")
    page.locator('input[name="name"]').fill("Haitian Families Together")
    _choose(page, "eligibility_path", "nonprofit")
    page.locator('input[name="tax_id"]').fill("04-1234567")
    page.locator('input[name="street_address"]').fill("12 Blue Hill Avenue")
    page.locator('input[name="city"]').fill("Boston")
    page.locator('input[name="state"]').fill("MA")
    page.locator('input[name="postal_code"]').fill("02119")
    page.locator('textarea[name="mission"]').fill("Help Haitian families settle and thrive.")
    with page.expect_navigation():
        page.get_by_role("button", name="Save").click()
    expect(page.locator("main")).to_contain_text("Haitian Families Together")

    page.goto(f"/en/grants/{cycle.slug}/apply/")
    # Their only organization is already chosen.
    expect(page.locator('select[name="organization"] option:checked')).to_have_text("Haitian Families Together")
    _choose(page, "stream", str(stream.pk))
    with page.expect_navigation():
        page.get_by_role("button", name="Start", exact=True).click()
    expect(page.locator(".usa-error-message")).to_have_count(0)
    application = Application.objects.get(cycle=cycle)
    page.locator('input[name="title"]').fill("Know Your Rights in Kreyòl")
    page.locator('textarea[name="summary"]').fill("Workshops for Haitian families.")
    page.locator('textarea[name="description"]').fill("Twelve evening workshops at branch libraries.")
    _save_and_continue(page)
    page.wait_for_url(re.compile(r"/communities/$"))

    # First visit ends here: sign out, come back later, the draft is still there.
    sign_out(page)
    sign_in(page, email=email, password=password)
    page.goto(f"/en/grants/applications/{application.pk}/project/")
    expect(page.locator('input[name="title"]')).to_have_value("Know Your Rights in Kreyòl")
    _save_and_continue(page)

    page.locator('[name="communities_served"]').fill("Haitian families in Mattapan")
    page.locator('[name="languages_served"]').fill("Haitian Creole, English")
    page.locator('input[name="individuals_expected"]').fill("300")
    _save_and_continue(page)
    page.locator('textarea[name="outcomes"]').fill("300 residents know their rights.")
    _save_and_continue(page)
    page.wait_for_url(re.compile(r"/budget/$"))
    page.locator('input[name="lines-0-category"]').fill("Staff")
    page.locator('input[name="lines-0-amount"]').fill("5000")
    _save_and_continue(page)
    page.wait_for_url(re.compile(r"/documents/$"))

    page.locator('select[name="kind"]').select_option("irs_letter")
    page.locator('input[name="file"]').set_input_files(
        {"name": "irs-letter.pdf", "mimeType": "application/pdf", "buffer": _small_pdf()}
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Upload").click()
    expect(page.locator("main")).to_contain_text("The file was uploaded.")
    # A file uploaded by mistake is removed only after a confirmation.
    page.locator('select[name="kind"]').select_option("other")
    page.locator('input[name="file"]').set_input_files(
        {"name": "wrong.pdf", "mimeType": "application/pdf", "buffer": _small_pdf()}
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Upload").click()
    confirm = page.get_by_role("button", name="Yes, remove wrong.pdf")
    expect(confirm).to_be_hidden()
    page.locator("details.grants-confirm").nth(1).locator("summary").click()
    with page.expect_navigation():
        confirm.click()
    expect(page.locator("main")).to_contain_text("The file was removed.")
    with page.expect_navigation():
        page.get_by_role("link", name="Continue to review").click()
    with page.expect_navigation():
        page.get_by_role("button", name="Submit the application").click()
    page.wait_for_url(re.compile(rf"/applications/{application.pk}/submitted/$"))

    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED
    assert application.documents.filter(kind="irs_letter").count() == 1
    assert application.documents.count() == 1
    assert application.title == "Know Your Rights in Kreyòl"


@pytest.mark.parametrize("path", ["/ar/", "/ar/directory/", "/ar/directory/rtl-check/", "/ar/surveys/small/page/1/"])
def test_arabic_pages_do_not_scroll_sideways_on_a_phone(phone, path):
    """USWDS hides inputs at left:-999em, which a right-to-left page turns into 16,000px of sideways scroll."""
    from tests.factories.surveys import survey_small

    ServiceFactory(slug="rtl-check")
    survey_small()
    response = phone.goto(path)
    assert response.status == 200
    expect(phone.locator("html")).to_have_attribute("dir", "rtl")
    widths = phone.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], widths
