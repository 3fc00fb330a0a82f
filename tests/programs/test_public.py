"""What residents see: programme pages in every language and the short request form."""

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import translation

from programs.models import Intake
from tests.factories.programs import NeighborhoodFactory, ProgramFactory

pytestmark = pytest.mark.django_db


def url(name, lang="en", **kwargs):
    with translation.override(lang):
        return reverse(f"programs:{name}", kwargs=kwargs)


@pytest.fixture
def program():
    return ProgramFactory(
        slug="phone-consultations",
        name="Phone Immigration Consultations",
        name_es="Consultas de inmigración por teléfono",
        form_title="Request a free 15-minute phone immigration consultation",
    )


@pytest.mark.parametrize("lang", settings.LANGUAGE_CODES)
def test_programme_list_and_page_answer_in_every_language(client, program, lang):
    listing = client.get(url("index", lang))
    assert listing.status_code == 200
    assert program.get_absolute_url().split("/", 2)[2] in listing.content.decode()
    page = client.get(url("detail", lang, slug=program.slug))
    assert page.status_code == 200
    assert client.get(url("request", lang, slug=program.slug)).status_code == 200


def test_programme_page_shows_the_translated_name(client, program):
    assert (
        "Consultas de inmigración por teléfono" in client.get(url("detail", "es", slug=program.slug)).content.decode()
    )


def test_unknown_programme_is_a_404(client, program):
    assert client.get(url("detail", slug="no-such-thing")).status_code == 404


def test_a_request_gives_a_reference_and_a_confirmation_email_in_the_residents_language(
    client, program, django_capture_on_commit_callbacks
):
    hood = NeighborhoodFactory(slug="east-boston", name="East Boston")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("request", "es", slug=program.slug),
            {
                "name": "Test Person",
                "phone": "617-555-0100",
                "email": "test.person@example.org",
                "neighborhood": hood.pk,
            },
        )
    assert response.status_code == 302
    intake = Intake.objects.get()
    assert intake.preferred_language == "es"
    assert intake.channel == "online"
    done = client.get(response["Location"])
    assert intake.reference in done.content.decode()
    assert len(mail.outbox) == 1
    assert intake.reference in mail.outbox[0].subject
    assert "Recibimos" in mail.outbox[0].subject


def test_no_email_is_sent_without_an_address(client, program, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("request", slug=program.slug), {"name": "Test Person", "phone": "617-555-0100"})
    assert Intake.objects.count() == 1
    assert mail.outbox == []


def test_errors_are_per_field_translated_and_what_was_typed_is_kept(client, program):
    response = client.post(
        url("request", "es", slug=program.slug), {"name": "", "email": "not-an-email", "gender": "x"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Escriba su nombre." in html
    assert "not-an-email" in html
    assert 'aria-invalid="true"' in html
    assert not Intake.objects.exists()


def test_a_phone_or_an_email_is_needed(client, program):
    response = client.post(url("request", slug=program.slug), {"name": "Test Person"})
    assert response.status_code == 400
    assert "Give a phone number or an email address" in response.content.decode()


def test_immigration_status_is_asked_only_when_the_programme_needs_it_and_is_optional(client, program):
    assert "immigration_status" not in client.get(url("request", slug=program.slug)).content.decode()
    program.asks_immigration_status = True
    program.save()
    assert 'name="immigration_status"' in client.get(url("request", slug=program.slug)).content.decode()
    response = client.post(url("request", slug=program.slug), {"name": "Test Person", "phone": "617-555-0100"})
    assert response.status_code == 302


def test_privacy_notice_says_how_long_personal_data_is_kept(client, program, settings):
    settings.PII_RETENTION_MONTHS = 18
    html = client.get(url("request", slug=program.slug)).content.decode()
    assert "18 months after your request is closed" in html


def test_honeypot_drops_the_request_silently(client, program):
    response = client.post(
        url("request", slug=program.slug), {"name": "Bot", "phone": "617-555-0100", "website": "http://spam"}
    )
    assert response.status_code == 302
    assert not Intake.objects.exists()


def test_too_many_requests_are_refused_and_the_form_is_kept(client, program):
    for _ in range(5):
        client.post(url("request", slug=program.slug), {"name": "Test Person", "phone": "617-555-0100"})
    response = client.post(url("request", slug=program.slug), {"name": "Sixth Person", "phone": "617-555-0100"})
    assert response.status_code == 429
    assert "Sixth Person" in response.content.decode()
    assert Intake.objects.count() == 5


def test_closed_intake_shows_a_clear_message_in_the_residents_language(client, program):
    program.intake_open = False
    program.save()
    page = client.get(url("request", "es", slug=program.slug))
    assert "no recibe solicitudes" in page.content.decode()
    response = client.post(url("request", slug=program.slug), {"name": "Test Person", "phone": "617-555-0100"})
    assert response.status_code == 409
    assert not Intake.objects.exists()


def test_confirmation_page_without_a_request_goes_back_to_the_form(client, program):
    response = client.get(url("request_done", slug=program.slug))
    assert response.status_code == 302


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_each_public_page_has_one_h1_and_no_inline_style_or_script(client, program, lang):
    client.post(url("request", lang, slug=program.slug), {"name": "Test Person", "phone": "617-555-0100"})
    pages = [
        url("index", lang),
        url("detail", lang, slug=program.slug),
        url("request", lang, slug=program.slug),
        url("request_done", lang, slug=program.slug),
    ]
    for page in pages:
        html = client.get(page).content.decode()
        assert html.count("<h1") == 1, page
        assert "style=" not in html, page
        assert "<style" not in html, page
        assert "<script>" not in html, page
    assert 'dir="rtl"' in client.get(url("index", "ar")).content.decode()


def test_a_resident_born_in_any_country_the_survey_lists_can_say_so_in_their_language(client, program):
    # The help-request form and the community survey ask from one list, so a resident born in
    # Ukraine (not among the old form's 17) finds their country, named in Spanish.
    page = client.get(url("request", "es", slug=program.slug)).content.decode()
    assert '<option value="ua">Ucrania</option>' in page
    client.post(
        url("request", "es", slug=program.slug),
        {"name": "Test Person", "phone": "617-635-2980", "country_of_birth": "ua"},
    )
    assert Intake.objects.get().country_of_birth == "ua"


# --- contact details staff can use (issue 18, item 12) ---------------------------------------


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("(617) 635-2980", "+16176352980"),
        ("617.635.2980", "+16176352980"),
        ("1 617 635 2980", "+16176352980"),
        ("+238 991 12 34", "+2389911234"),
        ("+509 3700 1234", "+50937001234"),
    ],
)
def test_a_phone_number_typed_any_usual_way_is_kept_in_one_dialable_form(client, program, typed, stored):
    response = client.post(url("request", slug=program.slug), {"name": "Test Person", "phone": typed})
    assert response.status_code == 302
    assert Intake.objects.get().phone == stored


@pytest.mark.parametrize("typed", ["abc", "1", "617-635", "+999 123"])
def test_a_phone_number_nobody_can_call_is_refused_in_the_residents_language(client, program, typed):
    response = client.post(url("request", "es", slug=program.slug), {"name": "Test Person", "phone": typed})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Escriba un número de teléfono al que podamos llamar, como \u2066617-555-0123\u2069." in html
    assert f'value="{typed}"' in html  # what was typed is shown again to correct
    assert not Intake.objects.exists()


def test_a_one_letter_name_is_refused(client, program):
    response = client.post(url("request", slug=program.slug), {"name": " x ", "phone": "617-635-2980"})
    assert response.status_code == 400
    assert "Enter the name we should ask for when we call you." in response.content.decode()


def test_the_resident_says_their_language_topic_and_a_time_to_call_and_staff_see_them(client, program):
    from moia.accounts import roles
    from tests.factories.accounts import StaffFactory, totp_enable
    from tests.factories.programs import ProgramStaffFactory, ServiceTypeFactory

    legal = ServiceTypeFactory(slug="legal", name="Legal consultation", name_vi="Tư vấn pháp lý")
    program.service_types.add(legal)
    form = client.get(url("request", "vi", slug=program.slug)).content.decode()
    # The page's language is preselected; each language is named in its own script.
    vietnamese = translation.get_language_info("vi")["name_local"]
    assert f'<option value="vi" selected>{vietnamese}</option>' in form
    assert '<option value="ar">' + translation.get_language_info("ar")["name_local"] in form
    assert "Tư vấn pháp lý" in form
    response = client.post(
        url("request", "vi", slug=program.slug),
        {
            "name": "Nguyễn Văn An",
            "phone": "617 635 2980",
            "preferred_language": "zh-hans",
            "topic": legal.pk,
            "call_time": "evening",
        },
    )
    assert response.status_code == 302
    intake = Intake.objects.get()
    assert (intake.preferred_language, intake.topic, intake.call_time) == ("zh-hans", legal, "evening")
    worker = ProgramStaffFactory(program=program, user=StaffFactory(roles=[roles.PROGRAM_STAFF])).user
    totp_enable(worker)
    client.force_login(worker)
    queue = client.get(reverse("admin:programs_intake_changelist")).content.decode()
    assert "Legal consultation" in queue
    assert "Early evening (5 to 7)" in queue
    assert "Simplified Chinese" in queue


def test_a_topic_from_another_programme_is_refused(client, program):
    from tests.factories.programs import ServiceTypeFactory

    program.service_types.add(ServiceTypeFactory(slug="legal"))
    elsewhere = ServiceTypeFactory(slug="esol")
    response = client.post(
        url("request", slug=program.slug), {"name": "Test Person", "phone": "617 635 2980", "topic": elsewhere.pk}
    )
    assert response.status_code == 400
    assert "Choose one of the options in the list." in response.content.decode()


def test_no_field_repeats_optional_in_its_hint(client, program):
    program.asks_immigration_status = True
    program.save()
    html = client.get(url("request", slug=program.slug)).content.decode()
    assert "Optional." not in html
