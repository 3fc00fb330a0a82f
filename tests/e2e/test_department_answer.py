"""A City department's staff member answers the Office's data request through the emailed link, in
Chromium, on a laptop and on a 390 x 844 phone, in English and in Spanish: a missing figure, a
negative number and a word are refused with the portal's error pattern (a summary at the top that
links to each field, the message at the field, nothing typed lost), "1,234" is read as 1234, the
answer is confirmed, and the link opened again says it was answered and offers no second form."""

import os
from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db(transaction=True)

# What a phone shows (an iPhone 12 to 14); the shared `phone` fixture is a smaller one.
PHONE = {"width": 390, "height": 844}

TEXTS = {
    "en": {
        "labels": ["Interpretation requests served", "Documents translated"],
        "required": "Enter this figure. Write 0 if there were none.",
        "digits": "Enter a whole number using digits only, for example 1250.",
        "done": "Thank you: your figures were received",
        "send": "Send the figures",
        "name": "Your name",
    },
    "es": {
        "labels": ["Solicitudes de interpretación atendidas", "Documentos traducidos"],
        "required": "Escriba esta cifra. Escriba 0 si no hubo ninguno.",
        "digits": "Escriba un número entero, solo con cifras, por ejemplo 1250.",
        "done": "Gracias: recibimos sus cifras",
        "send": "Enviar las cifras",
        "name": "Su nombre",
    },
}


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def _sent_link(language: str) -> tuple[str, list[int]]:
    from reports.selectors import department_request_link
    from reports.services import department_request_send
    from tests.factories.accounts import StaffFactory
    from tests.factories.reports import DepartmentRequestFactory

    data_request = DepartmentRequestFactory(language=language)
    department_request_send(request=data_request, by=StaffFactory(roles=["Report editors"]))
    data_request.refresh_from_db()
    return department_request_link(data_request), list(data_request.figures.values_list("pk", flat=True))


def _shot(page, name: str) -> None:
    """Each step's picture, beside the closing one the E2E_SCREENSHOTS hook takes (tests/e2e/conftest.py)."""
    target = os.environ.get("E2E_SCREENSHOTS")
    if target:
        Path(target).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(target) / f"department-answer-{name}.png"), full_page=True)


def _summary(page) -> list[dict]:
    return page.evaluate(
        """() => [...document.querySelectorAll('[data-error-summary] a')].map((a) => ({
            href: a.getAttribute('href'), text: a.textContent.trim(),
            found: !!document.getElementById(a.getAttribute('href').slice(1))}))"""
    )


def _field_error(page, figure: int) -> str:
    described = page.locator(f"#id_figure_{figure}").get_attribute("aria-describedby") or ""
    messages = [page.locator(f"#{i}").inner_text() for i in described.split() if i.endswith("error")]
    return " ".join(messages).strip()


def _walk(page, language: str, name: str) -> None:
    from reports.models import DepartmentRequest

    texts = TEXTS[language]
    link, (first, second) = _sent_link(language)
    page.goto(link)
    assert page.locator("html").get_attribute("lang") == language
    for label in texts["labels"]:
        assert page.get_by_label(label).is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
    _shot(page, f"{name}-1-form")

    # A missing figure and a negative number.
    page.fill(f"#id_figure_{second}", "-5")
    page.get_by_label(texts["name"]).fill("Dana Reyes")
    page.get_by_role("button", name=texts["send"]).click()
    page.wait_for_load_state()
    summary = _summary(page)
    assert [item["href"] for item in summary] == [f"#id_figure_{first}", f"#id_figure_{second}"]
    assert all(item["found"] for item in summary)
    # Each problem names its figure, then what is wrong.
    for item, label, message in zip(summary, texts["labels"], [texts["required"], texts["digits"]], strict=True):
        assert item["text"].startswith(label), item
        assert item["text"].endswith(message), item
    assert _field_error(page, first) == texts["required"]
    assert _field_error(page, second) == texts["digits"]
    assert page.input_value(f"#id_figure_{second}") == "-5"
    assert page.get_by_label(texts["name"]).input_value() == "Dana Reyes"
    # The summary is above the form and comes into view first, its link takes focus to the field.
    assert page.locator("[data-error-summary]").bounding_box()["y"] < page.locator("form.usa-form").bounding_box()["y"]
    _shot(page, f"{name}-2-missing-and-negative")
    page.locator("[data-error-summary] a").first.click()
    assert page.evaluate("document.activeElement.id") == f"id_figure_{first}"

    # A word, and a figure with thousands separators (accepted: only the word is refused).
    page.fill(f"#id_figure_{first}", "about forty")
    page.fill(f"#id_figure_{second}", "1,234")
    page.get_by_role("button", name=texts["send"]).click()
    page.wait_for_load_state()
    assert [item["href"] for item in _summary(page)] == [f"#id_figure_{first}"]
    assert _field_error(page, first) == texts["digits"]
    assert _field_error(page, second) == ""
    assert page.input_value(f"#id_figure_{first}") == "about forty"
    assert page.input_value(f"#id_figure_{second}") == "1,234"
    _shot(page, f"{name}-3-word-and-separators")

    # The right answer: confirmed, with the figures as the Office received them.
    page.fill(f"#id_figure_{first}", "40")
    page.get_by_role("button", name=texts["send"]).click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == texts["done"]
    table = page.locator("main table").inner_text()
    assert "40" in table
    assert "1234" in table.replace(",", "").replace("\u202f", "").replace("\xa0", "").replace(".", "")
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
    _shot(page, f"{name}-4-confirmed")
    answered = DepartmentRequest.objects.get()
    assert answered.status == DepartmentRequest.Status.ANSWERED
    assert sorted(answered.figures.values_list("value", flat=True)) == [40, 1234]

    # The link opened again: it was answered, and there is no form to overwrite the figures.
    response = page.goto(link)
    assert response.status == 200
    assert page.get_by_role("heading", level=1).inner_text() == texts["done"]
    assert page.locator("main form").count() == 0


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_department_answers_on_a_laptop(page, language):
    _walk(page, language, f"laptop-{language}")


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_department_answers_on_a_phone(phone, language):
    _walk(phone, language, f"phone-{language}")
