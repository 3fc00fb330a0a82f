"""The Family Emergency Preparedness Plan, played by a resident afraid of leaving data behind:
whatever they type comes back to them and goes nowhere else."""

import io
import logging

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pypdf import PdfReader

from tests.factories.directory import ServiceFactory

pytestmark = pytest.mark.django_db

URL = "/ht/tools/family-plan/"
TYPED = {
    "contact_1_name": "Marie Zephirine",
    "contact_1_phone": "617-555-0142",
    "contact_1_relationship": "Matant",
    "caregiver_1_name": "Jean Quisqueya",
    "child_1_name": "Lucasson",
    "child_1_school": "Mather Elementary",
    "medical_needs": "Asthma inhaler blue",
    "documents_place": "Folder under the red bed",
    "lawyer": "Attorney Dessalines",
    "consulate": "Consulate Cap-Haitien",
}


def _cache_keys() -> set[str]:
    if hasattr(cache, "_cache"):  # local memory (the embedded mode)
        return set(cache._cache.keys())
    return {key.decode() if isinstance(key, bytes) else key for key in cache.keys("*")}


@pytest.fixture
def every_log_line():
    """Every record of every logger, propagating or not (the request log middleware's too)."""
    records: list[logging.LogRecord] = []

    class Keep(logging.Handler):
        def emit(self, record):
            records.append(record)

    handler = Keep(level=logging.DEBUG)
    loggers = [logging.getLogger(), *(logging.getLogger(name) for name in list(logging.root.manager.loggerDict))]
    levels = {logger: logger.level for logger in loggers}
    for logger in loggers:
        logger.addHandler(handler)
        logger.setLevel(logging.DEBUG)
    yield records
    for logger in loggers:
        logger.removeHandler(handler)
        logger.setLevel(levels[logger])


def _text_of(record: logging.LogRecord) -> str:
    return " ".join([record.getMessage(), repr(record.__dict__), str(record.exc_text or "")])


@pytest.fixture
def warmed(client, office):
    """The page was opened once (office profile and language status cached, CSRF cookie set)."""
    response = client.get(URL)
    assert response.status_code == 200
    return client


@pytest.mark.parametrize("action", ["show", "pdf"])
def test_making_a_plan_writes_nothing_to_the_database(warmed, action):
    with CaptureQueriesContext(connection) as queries:
        response = warmed.post(URL, {**TYPED, "action": action})
    assert response.status_code == 200
    writes = [q["sql"] for q in queries if q["sql"].lstrip().split()[0].upper() in {"INSERT", "UPDATE", "DELETE"}]
    assert writes == []
    assert not any("Zephirine" in str(q["sql"]) for q in queries)


@pytest.mark.parametrize("action", ["show", "pdf"])
def test_no_log_line_holds_what_was_typed(warmed, every_log_line, action):
    response = warmed.post(URL, {**TYPED, "action": action})
    assert response.status_code == 200
    logged = "\n".join(_text_of(record) for record in every_log_line)
    assert "/ht/tools/family-plan/" in logged  # the request line was captured: the capture works
    for value in TYPED.values():
        assert value not in logged


def test_a_plan_sets_no_session_and_leaves_no_cache_entry(warmed, settings):
    from django.contrib.sessions.models import Session

    before = _cache_keys()
    response = warmed.post(URL, {**TYPED, "action": "show"})
    assert response.status_code == 200
    assert "Marie Zephirine" in response.content.decode()
    assert settings.SESSION_COOKIE_NAME not in response.cookies
    assert settings.SESSION_COOKIE_NAME not in warmed.cookies
    assert not Session.objects.exists()
    assert _cache_keys() == before


def test_the_pdf_leaves_only_a_rate_limit_counter_in_the_cache(warmed, settings):
    before = _cache_keys()
    response = warmed.post(URL, {**TYPED, "action": "pdf"})
    assert response.status_code == 200
    assert settings.SESSION_COOKIE_NAME not in response.cookies
    new = _cache_keys() - before
    # django-ratelimit's counter: a count under a daily-salted hash of the address, nothing typed.
    assert all(":rl:" in key or key.startswith("rl:") for key in new), new
    for key in new:
        assert all(value not in str(cache.get(key.split(":", 2)[-1])) for value in TYPED.values())


def test_every_answer_of_the_plan_is_sent_with_no_store_and_never_in_a_url(warmed):
    page = warmed.get(URL)
    assert "no-store" in page["Cache-Control"]
    html = page.content.decode()
    assert 'method="post"' in html
    response = warmed.post(URL, {**TYPED, "action": "show"})
    assert "no-store" in response["Cache-Control"]
    body = response.content.decode()
    for value in TYPED.values():
        assert f"?{value}" not in body
        assert f"={value}&" not in body


def test_the_page_says_nothing_is_stored_before_the_first_field(warmed):
    html = warmed.get("/en/tools/family-plan/").content.decode()
    assert html.index("Nothing you type is saved") < html.index("<input")


def test_the_help_line_and_the_office_are_on_the_page(warmed):
    ServiceFactory(slug="massachusetts-behavioral-health-help-line", name_en="Behavioral Health Help Line")
    from directory.models import Phone

    service = __import__("directory.models", fromlist=["Service"]).Service.objects.get(
        slug="massachusetts-behavioral-health-help-line"
    )
    Phone.objects.create(service=service, number="833-773-2445")
    html = warmed.get("/en/tools/family-plan/").content.decode()
    assert "833-773-2445" in html
    assert "immigrantadvancement@boston.gov" in html


def test_the_pdf_is_in_the_residents_language_with_a_second_copy_in_english(warmed):
    response = warmed.post(URL, {**TYPED, "second_language": "en", "action": "pdf"})
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Family Emergency Preparedness Plan" in text  # the English copy
    assert text.count("Marie Zephirine") >= 2  # in both copies, as typed
    assert str(reader.trailer["/Root"]["/Lang"]) == "ht"
    assert "/StructTreeRoot" in reader.trailer["/Root"]  # tagged


def test_a_phone_with_letters_is_refused_and_what_was_typed_is_kept(warmed):
    response = warmed.post("/en/tools/family-plan/", {**TYPED, "contact_1_phone": "call me", "action": "pdf"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "<title>Error: 1 problem" in html
    assert 'href="#id_contact_1_phone"' in html
    assert 'value="Marie Zephirine"' in html
    assert 'aria-invalid="true"' in html


def test_a_filled_honeypot_gets_an_empty_form_and_no_plan(warmed):
    response = warmed.post(URL, {**TYPED, "website": "http://spam.example", "action": "pdf"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert "Marie Zephirine" not in response.content.decode()


def test_pdfs_are_rate_limited_per_client_and_the_answers_are_kept(warmed, settings):
    from tools import views

    views.PLAN_PDF_RATE = "2/10m"
    try:
        for _ in range(2):
            assert warmed.post(URL, {**TYPED, "action": "pdf"}).status_code == 200
        response = warmed.post(URL, {**TYPED, "action": "pdf"})
    finally:
        views.PLAN_PDF_RATE = "20/10m"
    assert response.status_code == 429
    assert 'value="Marie Zephirine"' in response.content.decode()


def test_change_my_answers_brings_the_form_back_filled_in(warmed):
    response = warmed.post(URL, {**TYPED, "action": "edit"})
    assert response.status_code == 200
    assert 'value="Marie Zephirine"' in response.content.decode()
    assert "usa-error-message" not in response.content.decode()
