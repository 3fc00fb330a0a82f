"""Building, publishing and downloading the annual report."""

import hashlib
import io
import subprocess

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from pypdf import PdfReader

from reports.models import AnnualReport
from reports.services import report_build, report_build_request, report_publish

pytestmark = pytest.mark.django_db


def build(year=2025, language="en") -> AnnualReport:
    report = report_build_request(year=year, language=language, queue=False)
    return report_build(report_id=report.pk)


def pdf_text(report: AnnualReport) -> str:
    with report.pdf.open("rb") as fh:
        return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(fh.read())).pages)


def test_a_build_freezes_the_data_and_produces_pdf_csv_json(media_root, population_2025):
    report = build()
    assert report.status == AnnualReport.Status.READY
    assert report.snapshot["year"] == 2025
    with report.pdf.open("rb") as fh:
        pdf = fh.read()
    assert pdf.startswith(b"%PDF")
    assert report.checksum == hashlib.sha256(pdf).hexdigest()
    assert report.data_csv.size > 0
    assert report.data_json.size > 0


def test_the_pdf_follows_the_ordinance_order_with_its_wording(media_root, population_2025):
    text = " ".join(pdf_text(build()).split())
    positions = [
        text.index("(a) The size and composition of such population"),
        text.index("(b) The needs of such population"),
        text.index("(c) Barriers faced by such population"),
        text.index("(d) Information and metrics relating to each programmatic initiative"),
        text.index("Methodology and data sources"),
    ]
    assert positions == sorted(positions)
    assert "Letter from the Director" in text
    assert "Dear Councillors" in text


def test_population_figures_in_the_pdf_and_csv_match_the_database(media_root, population_2025):
    report = build()
    text = " ".join(pdf_text(report).split())
    assert "690,000" in text
    csv_text = report.data_csv.open("rb").read().decode()
    for stat in population_2025:
        assert f"{stat.dimension},Estimate,{float(stat.value)}" in csv_text


def test_the_pdf_is_tagged_with_its_document_language(media_root, population_2025):
    report = build(language="es")
    reader = PdfReader(report.pdf.open("rb"))
    catalog = reader.trailer["/Root"]
    assert catalog["/Lang"] == "es"
    assert "/StructTreeRoot" in catalog  # tagged PDF (PDF/UA)
    assert catalog["/MarkInfo"]["/Marked"]


@pytest.mark.parametrize(
    ("language", "font"),
    [("ar", "Noto-Naskh-Arabic"), ("zh-hans", "Noto-Sans-CJK-SC"), ("zh-hant", "Noto-Sans-CJK-TC")],
)
def test_each_script_is_drawn_with_its_own_font(media_root, population_2025, language, font):
    # Text extraction succeeds even when only empty boxes are drawn: check the embedded fonts.
    report = build(language=language)
    fonts = subprocess.run(["pdffonts", report.pdf.path], capture_output=True, text=True, check=True).stdout
    assert font in fonts
    assert "Noto-Sans-CJK-JP" not in fonts


def test_publishing_supersedes_the_previous_version_which_stays_downloadable(client, media_root, population_2025):
    first = report_publish(report=build())
    second = report_publish(report=build())
    first.refresh_from_db()
    assert first.status == AnnualReport.Status.SUPERSEDED
    assert second.status == AnnualReport.Status.PUBLISHED
    assert AnnualReport.objects.filter(year=2025, language="en", status="published").count() == 1
    current = client.get("/reports/2025/annual-report-2025-en.pdf")
    assert current.status_code == 200
    assert b"".join(current.streaming_content) == second.pdf.open("rb").read()
    archived = client.get(f"/reports/2025/v{first.version}/annual-report-2025-en.pdf")
    assert archived.status_code == 200


def test_stable_urls_serve_the_council_the_pdf_and_data(client, media_root, population_2025):
    report_publish(report=build())
    pdf = client.get("/reports/2025/annual-report-2025-en.pdf")
    assert pdf.status_code == 200
    assert pdf.headers["Content-Type"] == "application/pdf"
    data = client.get("/reports/2025/annual-report-2025-data.csv")
    assert data.status_code == 200
    assert b"population-population" in b"".join(data.streaming_content)
    assert client.get("/reports/2025/annual-report-2025-data.json").status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/reports/2025/annual-report-2025-xx.pdf",
        "/reports/2025/annual-report-2024-en.pdf",
        "/reports/1999/annual-report-1999-en.pdf",
        "/reports/2025/annual-report-2025-data.exe",
    ],
)
def test_unknown_or_unpublished_report_urls_are_404(client, media_root, population_2025, url):
    build()  # ready but not published
    assert client.get(url).status_code == 404


def test_an_unpublished_build_is_not_public(client, media_root, population_2025):
    build()
    assert client.get("/reports/2025/annual-report-2025-en.pdf").status_code == 404
    assert "No report has been published yet" in client.get("/en/reports/").content.decode()


def test_public_reports_page_lists_published_years_in_every_language(client, media_root, population_2025):
    report_publish(report=build())
    report_publish(report=build(language="ar"))
    html = client.get("/es/reports/").content.decode()
    assert 'href="/reports/2025/annual-report-2025-en.pdf"' in html
    assert 'href="/reports/2025/annual-report-2025-ar.pdf"' in html
    assert 'href="/reports/2025/annual-report-2025-data.csv"' in html


def test_a_failed_build_records_a_readable_error_and_publishes_nothing(media_root, population_2025, monkeypatch):
    def disk_full(snapshot):
        raise OSError("No space left on device")

    monkeypatch.setattr("reports.services.render_pdf", disk_full)
    report = report_build_request(year=2025, queue=False)
    with pytest.raises(OSError, match="No space left"):
        report_build(report_id=report.pk)
    report.refresh_from_db()
    assert report.status == AnnualReport.Status.FAILED
    assert "No space left on device" in report.error
    assert not report.pdf
    with pytest.raises(ValidationError):
        report_publish(report=report)


def test_building_twice_is_safe_for_a_redelivered_task(media_root, population_2025):
    report = build()
    built_at = report.built_at
    again = report_build(report_id=report.pk)
    assert again.built_at == built_at
    assert AnnualReport.objects.count() == 1


def test_a_future_year_or_unknown_language_is_refused():
    with pytest.raises(ValidationError):
        report_build_request(year=2999, queue=False)
    with pytest.raises(ValidationError):
        report_build_request(year=2025, language="xx", queue=False)


def test_build_annual_report_command_builds_in_process(media_root, population_2025):
    out = io.StringIO()
    call_command("build_annual_report", "2025", "--lang", "fr", "--sync", stdout=out)
    report = AnnualReport.objects.get(year=2025, language="fr")
    assert report.status == AnnualReport.Status.READY
    assert "Ready" in out.getvalue()


def test_queued_builds_run_on_commit_in_eager_mode(media_root, population_2025, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        report = report_build_request(year=2025)
    report.refresh_from_db()
    assert report.status == AnnualReport.Status.READY
