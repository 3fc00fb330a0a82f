"""A City department gives its figures through a signed link (ordinance 12-19.4(1)), and the
report prints them with their source; an adversary holding an old, altered or borrowed link gets nothing."""

import datetime
import re

import pytest
from django.core import mail, signing
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from reports.models import AnnualReport, DepartmentRequest, DepartmentRequestEvent
from reports.selectors import DEPARTMENT_LINK_SALT, report_data, report_missing
from reports.services import (
    department_request_answer,
    department_request_send,
    department_request_withdraw,
    report_build,
    report_build_request,
)
from tests.factories.accounts import StaffFactory
from tests.factories.reports import DepartmentRequestFactory

pytestmark = pytest.mark.django_db


def sent_link(django_capture_on_commit_callbacks, data_request, by) -> str:
    """Send the request as staff do, and read the link from the email the department receives."""
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        department_request_send(request=data_request, by=by)
    assert [m.to for m in mail.outbox] == [[data_request.contact_email]]
    url = re.search(r"https?://\S+/reports/departments/\S+/", mail.outbox[0].body).group(0)
    return url.split("://", 1)[1].split("/", 1)[1].join(["/", ""])


def figure_fields(response) -> list[str]:
    return re.findall(r'name="(figure_\d+)"', response.content.decode())


@pytest.fixture
def editor(db):
    return StaffFactory(roles=["Report editors"])


def answer(client, link, values, **extra):
    return client.post(link, {**values, "name": "Dana Reyes", "role": "Data manager", **extra})


def test_the_department_answers_through_its_link_and_the_report_prints_its_figures_with_their_source(
    client, editor, django_capture_on_commit_callbacks, media_root, population_2025
):
    data_request = DepartmentRequestFactory()
    link = sent_link(django_capture_on_commit_callbacks, data_request, editor)
    page = client.get(link)
    assert page.status_code == 200
    assert "Interpretation requests served" in page.content.decode()
    needs, barriers = figure_fields(page)
    # Typed as people type numbers: with a thousands separator.
    response = answer(client, link, {needs: "4,512", barriers: "1 250"})
    assert response.status_code == 302

    data_request.refresh_from_db()
    assert data_request.status == DepartmentRequest.Status.ANSWERED
    assert data_request.answered_by_name == "Dana Reyes"
    assert [(e.action, e.by, e.by_name) for e in data_request.events.all()] == [
        ("sent", editor, ""),
        ("answered", None, "Dana Reyes"),
    ]
    report = report_build(report_id=report_build_request(year=2025, queue=False).pk)
    tables = {t["key"]: (s["key"], t) for s in report.snapshot["sections"] for t in s["tables"]}
    section, table = tables[f"departments-{data_request.pk}-needs"]
    assert section == "needs"
    assert table["rows"][0]["label"] == "Interpretation requests served"
    assert table["rows"][0]["values"] == [4512]
    assert "Office of Language and Communications Access" in table["source"]
    assert tables[f"departments-{data_request.pk}-barriers"][1]["rows"][0]["values"] == [1250]
    assert report.snapshot["departments"] == [
        {
            "department": "Office of Language and Communications Access",
            "answered": True,
            "answered_on": timezone.localdate().isoformat(),
        }
    ]
    csv_text = report.data_csv.open("rb").read().decode()
    assert "Interpretation requests served,Reported,4512" in csv_text


def test_the_spanish_and_arabic_reports_name_the_department_and_figure_in_their_language(
    client, editor, django_capture_on_commit_callbacks, population_2025
):
    data_request = DepartmentRequestFactory()
    link = sent_link(django_capture_on_commit_callbacks, data_request, editor)
    needs, barriers = figure_fields(client.get(link))
    answer(client, link, {needs: "40", barriers: "30"})
    for language, label, department in (
        ("es", "Solicitudes de interpretación atendidas", "Oficina de Acceso Lingüístico"),
        ("ar", "طلبات الترجمة الفورية الملباة", "مكتب الوصول اللغوي"),
    ):
        snapshot = report_data(year=2025, language=language)
        table = next(t for s in snapshot["sections"] for t in s["tables"] if t["key"].endswith("-needs"))
        assert table["rows"][0]["label"] == label
        assert department in table["title"]
        assert department in table["source"]


def test_an_answer_given_on_a_boston_evening_is_dated_that_day_in_the_methodology(population_2025):
    # 20:30 in Boston on 1 December is already 2 December in UTC; the council reads Boston's date.
    data_request = DepartmentRequestFactory()
    data_request.status = DepartmentRequest.Status.ANSWERED
    data_request.answered_at = datetime.datetime(2026, 12, 2, 1, 30, tzinfo=datetime.UTC)
    data_request.save()
    assert report_data(year=2025)["departments"][0]["answered_on"] == "2026-12-01"


def test_a_report_language_without_the_departments_labels_is_not_complete(population_2025):
    data_request = DepartmentRequestFactory(department_ar="")
    data_request.status = DepartmentRequest.Status.ANSWERED
    data_request.save()
    assert any("City department" in m for m in report_missing(year=2025, language="ar"))
    assert not any("City department" in m for m in report_missing(year=2025, language="es"))


def test_an_unanswered_department_is_named_in_the_methodology_and_adds_no_table(
    editor, django_capture_on_commit_callbacks, population_2025
):
    data_request = DepartmentRequestFactory()
    sent_link(django_capture_on_commit_callbacks, data_request, editor)
    snapshot = report_data(year=2025)
    assert snapshot["departments"] == [{"department": data_request.department, "answered": False, "answered_on": None}]
    assert not [t for s in snapshot["sections"] for t in s["tables"] if t["key"].startswith("departments-")]


def test_a_small_count_from_a_department_is_published_as_fewer_than_eleven(
    client, editor, django_capture_on_commit_callbacks, population_2025
):
    data_request = DepartmentRequestFactory()
    link = sent_link(django_capture_on_commit_callbacks, data_request, editor)
    needs, barriers = figure_fields(client.get(link))
    answer(client, link, {needs: "4", barriers: "300"})
    table = next(t for s in report_data(year=2025)["sections"] for t in s["tables"] if t["key"].endswith("-needs"))
    assert table["rows"][0]["values"][0]["suppressed"] is True


# --- what the person filling in the form sees when something is wrong ----------------------


def test_wrong_figures_get_clear_messages_and_nothing_typed_is_lost(client, editor, django_capture_on_commit_callbacks):
    data_request = DepartmentRequestFactory()
    link = sent_link(django_capture_on_commit_callbacks, data_request, editor)
    needs, barriers = figure_fields(client.get(link))
    response = client.post(link, {needs: "12.5", barriers: "", "name": "", "note": "Counted by hand"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "<title>Error: 3 problems" in html
    assert "Enter a whole number using digits only, for example 1250." in html
    assert "Enter this figure. Write 0 if there were none." in html
    assert "Enter your name." in html
    assert 'value="12.5"' in html
    assert "Counted by hand" in html
    data_request.refresh_from_db()
    assert data_request.status == DepartmentRequest.Status.SENT


def test_the_form_speaks_the_readers_language_and_reads_arabic_digits(
    client, editor, django_capture_on_commit_callbacks
):
    data_request = DepartmentRequestFactory(language="ar")
    link = sent_link(django_capture_on_commit_callbacks, data_request, editor)
    assert link.startswith("/ar/")
    page = client.get(link)
    assert 'dir="rtl"' in page.content.decode()
    assert "طلبات الترجمة الفورية الملباة" in page.content.decode()
    needs, barriers = figure_fields(page)
    response = client.post(link, {needs: "٤٬٥١٢", barriers: "abc", "name": "دانة"})
    assert response.status_code == 400
    assert "Enter a whole number" not in response.content.decode()  # the message is in Arabic
    assert 'value="abc"' in response.content.decode()
    assert answer(client, link, {needs: "٤٬٥١٢", barriers: "٣٠"}).status_code == 302
    assert sorted(data_request.figures.values_list("value", flat=True)) == [30, 4512]


def test_a_percentage_over_100_is_refused(client, editor, django_capture_on_commit_callbacks):
    data_request = DepartmentRequestFactory(figures=[("Share of notices translated", "", "", "barriers", "percent")])
    link = sent_link(django_capture_on_commit_callbacks, data_request, editor)
    (share,) = figure_fields(client.get(link))
    response = answer(client, link, {share: "120"})
    assert response.status_code == 400
    assert "A percentage is between 0 and 100." in response.content.decode()


# --- the adversary ---------------------------------------------------------------------------


def test_a_link_used_after_it_expired_opens_nothing_and_takes_no_answer(
    client, editor, django_capture_on_commit_callbacks, monkeypatch
):
    data_request = DepartmentRequestFactory(due_on=timezone.localdate() + datetime.timedelta(days=5))
    link = sent_link(django_capture_on_commit_callbacks, data_request, editor)
    fields = figure_fields(client.get(link))
    later = timezone.now() + datetime.timedelta(days=5 + 15)
    monkeypatch.setattr(timezone, "now", lambda: later)  # the clock, a true boundary
    response = client.get(link)
    assert response.status_code == 410
    assert "This link has expired" in response.content.decode()
    response = answer(client, link, dict.fromkeys(fields, "5"))
    assert response.status_code == 410
    data_request.refresh_from_db()
    assert data_request.status == DepartmentRequest.Status.SENT
    assert data_request.figures.filter(value__isnull=False).count() == 0


def test_a_tampered_link_opens_nothing(client, editor, django_capture_on_commit_callbacks):
    data_request = DepartmentRequestFactory()
    link = sent_link(django_capture_on_commit_callbacks, data_request, editor)
    other = DepartmentRequestFactory(department="Boston Public Schools")
    department_request_send(request=other, by=editor)
    prefix, token = link.rstrip("/").rsplit("/", 1)
    payload = signing.loads(token, salt=DEPARTMENT_LINK_SALT)
    # The other department's id in this department's signed payload: the signature breaks.
    forged = token.replace(signing.b64_encode(f'{{"r":{payload["r"]}'.encode()).decode()[:6], "AAAAAA", 1)
    for bad in (token[:-1] + ("A" if token[-1] != "A" else "B"), forged, "x" + token):
        response = client.get(f"{prefix}/{bad}/")
        assert response.status_code == 404
        assert "This link does not work" in response.content.decode()
    # A token signed with another salt (a link from elsewhere in the portal) is no department link.
    foreign = signing.dumps({"r": other.pk, "y": 2025, "n": other.link_nonce})
    assert client.get(f"{prefix}/{foreign}/").status_code == 404


def test_a_link_for_another_year_opens_nothing(client, editor, django_capture_on_commit_callbacks):
    data_request = DepartmentRequestFactory(year=2025)
    link = sent_link(django_capture_on_commit_callbacks, data_request, editor)
    assert "/departments/2025/" in link
    response = client.get(link.replace("/departments/2025/", "/departments/2024/"))
    assert response.status_code == 404
    last_year = DepartmentRequestFactory(year=2024)
    department_request_send(request=last_year, by=editor)
    token = link.rstrip("/").rsplit("/", 1)[1]
    assert client.get(reverse("reports:department_answer", kwargs={"year": 2024, "token": token})).status_code == 404


def test_a_link_replaced_by_a_new_one_or_withdrawn_opens_nothing(client, editor, django_capture_on_commit_callbacks):
    data_request = DepartmentRequestFactory()
    first = sent_link(django_capture_on_commit_callbacks, data_request, editor)
    second = sent_link(django_capture_on_commit_callbacks, data_request, editor)
    assert client.get(first).status_code == 404
    assert client.get(second).status_code == 200
    department_request_withdraw(request=data_request, by=editor)
    assert client.get(second).status_code == 404
    assert list(data_request.events.values_list("action", flat=True)) == ["sent", "sent", "withdrawn"]


def test_an_answered_link_shows_what_was_sent_and_takes_no_second_answer(
    client, editor, django_capture_on_commit_callbacks
):
    data_request = DepartmentRequestFactory()
    link = sent_link(django_capture_on_commit_callbacks, data_request, editor)
    fields = figure_fields(client.get(link))
    answer(client, link, dict.fromkeys(fields, "500"))
    again = answer(client, link, dict.fromkeys(fields, "9"), name="Someone Else")
    assert again.status_code == 409
    assert "Thank you: your figures were received" in client.get(link).content.decode()
    assert set(data_request.figures.values_list("value", flat=True)) == {500}
    assert DepartmentRequestEvent.objects.filter(action="answered").count() == 1
    with pytest.raises(ValidationError):
        department_request_answer(request=data_request, values={}, name="Someone Else")


def test_a_request_with_no_figure_or_a_past_due_date_is_not_sent(editor):
    empty = DepartmentRequestFactory(figures=[])
    empty.figures.all().delete()
    with pytest.raises(ValidationError):
        department_request_send(request=empty, by=editor)
    late = DepartmentRequestFactory(due_on=timezone.localdate() - datetime.timedelta(days=30))
    with pytest.raises(ValidationError):
        department_request_send(request=late, by=editor)
    assert not DepartmentRequest.objects.exclude(status="draft").exists()
    assert AnnualReport.objects.count() == 0


def test_staff_see_who_answered_and_when_in_the_admin(client, editor, django_capture_on_commit_callbacks):
    from tests.factories.accounts import staff_sign_in

    data_request = DepartmentRequestFactory()
    link = sent_link(django_capture_on_commit_callbacks, data_request, editor)
    answer(client, link, dict.fromkeys(figure_fields(client.get(link)), "77"))
    staff_sign_in(client, editor)
    page = client.get(reverse("admin:reports_departmentrequest_change", args=[data_request.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Dana Reyes" in html
    assert "Data manager" in html
    assert 'name="status"' not in html  # the status changes only through the actions
    listing = client.get(reverse("admin:reports_departmentrequest_changelist")).content.decode()
    assert "Dana Reyes" in listing


def test_no_log_line_carries_the_departments_link(client, editor, django_capture_on_commit_callbacks):
    import logging

    from moia.log_redaction import RedactingFilter

    class Kept(logging.Handler):
        def __init__(self):
            super().__init__()
            self.lines = []

        def emit(self, record):
            self.lines.append(self.format(record))

    data_request = DepartmentRequestFactory()
    link = sent_link(django_capture_on_commit_callbacks, data_request, editor)
    token = link.rstrip("/").rsplit("/", 1)[1]
    kept = Kept()
    kept.addFilter(RedactingFilter())  # as settings.LOGGING puts it on every handler
    loggers = [logging.getLogger(name) for name in ("django.request", "moia.request")]
    for logger in loggers:
        logger.addHandler(kept)
    try:
        client.get(link)
        client.post(link, {"name": ""})  # a 400, which django.request logs with its path
        client.get(link.replace(token, token[:-2]))
    finally:
        for logger in loggers:
            logger.removeHandler(kept)
    assert any("Bad Request" in line for line in kept.lines)
    assert not [line for line in kept.lines if token[:20] in line]
