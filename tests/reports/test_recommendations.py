"""Last year's recommendations come back in this year's report with what came of them, so the
Council can follow each one up (HTML, PDF and the data export)."""

import io
import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from pypdf import PdfReader

from reports.models import AnnualReport, Recommendation
from reports.selectors import report_missing
from reports.services import recommendation_status_set, report_build, report_build_request, report_publish
from tests.factories.accounts import StaffFactory, staff_sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(db):
    return StaffFactory(roles=["Report editors"])


@pytest.fixture
def last_years(db):
    """The 2024 report's two recommendations, translated into Spanish and Arabic, not yet assessed."""
    return [
        Recommendation.objects.create(
            year=2024,
            order=1,
            text_en="Translate every eviction notice into the ten threshold languages.",
            text_es="Traducir todos los avisos de desalojo a los diez idiomas principales.",
            text_ar="ترجمة كل إشعارات الإخلاء إلى اللغات العشر الرئيسية.",
        ),
        Recommendation.objects.create(
            year=2024,
            order=2,
            text_en="Open a second legal clinic in East Boston.",
            text_es="Abrir una segunda clínica legal en East Boston.",
            text_ar="افتتاح عيادة قانونية ثانية في شرق بوسطن.",
        ),
    ]


def test_the_editor_sets_what_came_of_a_recommendation_in_the_admin_and_who_did_it_is_kept(client, editor, last_years):
    staff_sign_in(client, editor)
    recommendation = last_years[0]
    response = client.post(
        reverse("admin:reports_recommendation_change", args=[recommendation.pk]),
        {
            "year": 2024,
            "order": 1,
            "text_en": recommendation.text_en,
            "status": "in_progress",
            "note_en": "Six of ten languages done; the rest by June.",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    recommendation.refresh_from_db()
    assert recommendation.status == "in_progress"
    assert recommendation.note_en == "Six of ten languages done; the rest by June."
    assert recommendation.status_set_by == editor
    assert recommendation.status_set_at is not None


def test_a_report_cannot_be_published_while_a_recommendation_of_last_year_has_no_status(
    media_root, population_2025, last_years, editor
):
    recommendation_status_set(recommendation=last_years[0], status="implemented", notes={}, by=editor)
    assert any("no status" in m for m in report_missing(year=2025, language="en"))
    report = report_build(report_id=report_build_request(year=2025, queue=False).pk)
    with pytest.raises(ValidationError):
        report_publish(report=report)


def test_a_language_without_the_recommendations_text_or_note_is_not_complete(last_years, editor, population_2025):
    recommendation_status_set(
        recommendation=last_years[0],
        status="implemented",
        notes={"en": "Done in March.", "es": "Hecho en marzo."},
        by=editor,
    )
    recommendation_status_set(recommendation=last_years[1], status="not_started", notes={}, by=editor)
    assert report_missing(year=2025, language="es") == []
    assert any("text or note" in m for m in report_missing(year=2025, language="ar"))


def test_an_unknown_status_is_refused(last_years, editor):
    with pytest.raises(ValidationError):
        recommendation_status_set(recommendation=last_years[0], status="adopted-ish", notes={}, by=editor)


def test_the_council_reads_each_recommendation_its_status_and_note_in_pdf_web_and_data(
    client, media_root, population_2025, last_years, editor
):
    recommendation_status_set(
        recommendation=last_years[0],
        status="in_progress",
        notes={"en": "Six of ten languages done.", "es": "Seis de diez idiomas listos.", "ar": "أُنجزت ست لغات من عشر."},
        by=editor,
    )
    recommendation_status_set(recommendation=last_years[1], status="withdrawn", notes={}, by=editor)
    for language in ("en", "es"):
        report = report_build(report_id=report_build_request(year=2025, language=language, queue=False).pk)
        report_publish(report=report, by=editor)
    english = AnnualReport.objects.get(year=2025, language="en", status="published")

    with english.pdf.open("rb") as fh:
        text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(fh.read())).pages).split())
    assert "What came of the 2024 recommendations" in text
    assert "Translate every eviction notice" in text
    assert "In progress" in text
    assert "Six of ten languages done." in text
    assert "Withdrawn" in text

    page = client.get("/es/reports/2025/").content.decode()
    assert "Traducir todos los avisos de desalojo" in page
    assert "Seis de diez idiomas listos." in page
    assert "En curso" in page

    csv_text = english.data_csv.open("rb").read().decode()
    assert "recommendations-followed-up,1. Translate every eviction notice" in csv_text
    assert ",status,in_progress," in csv_text
    assert ",status,withdrawn," in csv_text
    data = json.loads(english.data_json.open("rb").read())
    assert [r["status"] for r in data["recommendations_followed_up"]] == ["in_progress", "withdrawn"]
