"""The published report as a web page in the reader's language, and the command that publishes it."""

import io
import re

import pytest
from django.core.management import CommandError, call_command

from reports.models import AnnualReport, PopulationStatistic, ReportNarrative
from reports.services import report_build, report_build_request, report_publish
from tests.e2e.axe import axe_violations, describe
from tests.factories.reports import PopulationStatisticFactory


def publish(language: str) -> AnnualReport:
    report = report_build_request(year=2025, language=language, queue=False)
    return report_publish(report=report_build(report_id=report.pk))


@pytest.fixture
def published(media_root, population_2025):
    for dimension, value in (("Spanish", 16.1), ("Haitian Creole", 3.2)):
        PopulationStatisticFactory(topic="language", dimension=dimension, value=value)
    return {language: publish(language) for language in ("en", "es", "ar")}


@pytest.mark.django_db
def test_the_web_version_has_every_section_with_real_tables_charts_and_downloads(client, published):
    page = client.get("/en/reports/2025/").content.decode()
    for anchor in ("letter", "summary", "section-population", "section-needs", "section-barriers",
                   "section-programs", "methodology"):  # fmt: skip
        assert f'id="{anchor}"' in page
        assert f'href="#{anchor}"' in page
    snapshot = published["en"].snapshot
    for table in (t for section in snapshot["sections"] for t in section["tables"]):
        assert f"<caption>{table['title']}</caption>" in page
    assert '<th scope="col">Estimate</th>' in page
    assert re.search(r'<img class="annual-report__chart" src="data:image/svg\+xml;base64,[^"]+" alt="Bar chart: ', page)
    assert 'href="/reports/2025/annual-report-2025-en.pdf"' in page
    assert 'href="/reports/2025/annual-report-2025-data.csv"' in page
    assert 'href="/reports/2025/annual-report-2025-data.json"' in page
    assert "Dear Councillors" in page


@pytest.mark.django_db
def test_each_language_page_shows_its_own_frozen_snapshot(client, published):
    PopulationStatistic.objects.filter(dimension="Spanish").update(dimension_es="Cambiado después")
    ReportNarrative.objects.filter(year=2025).update(director_letter_es="Otra carta")
    page = client.get("/es/reports/2025/").content.decode()
    assert "Estimados concejales" in page
    assert "Spanish (es)" in page
    assert "Cambiado después" not in page
    assert 'href="/reports/2025/annual-report-2025-es.pdf"' in page
    assert 'lang="ar"' in client.get("/ar/reports/2025/").content.decode()[:200]


@pytest.mark.django_db
def test_a_year_or_language_not_published_has_no_page(client, published):
    assert client.get("/fr/reports/2025/").status_code == 404
    assert client.get("/en/reports/2024/").status_code == 404
    AnnualReport.objects.filter(language="en").update(status=AnnualReport.Status.READY)
    assert client.get("/en/reports/2025/").status_code == 404


@pytest.mark.django_db
def test_the_reports_page_links_the_web_version_in_the_readers_language(client, published):
    assert 'href="/es/reports/2025/"' in client.get("/es/reports/").content.decode()
    assert 'href="/fr/reports/2025/"' not in client.get("/fr/reports/").content.decode()


@pytest.mark.django_db
def test_build_command_publishes_a_complete_build_and_refuses_an_incomplete_one(media_root, population_2025):
    out = io.StringIO()
    call_command("build_annual_report", "2025", "--lang", "es", "--publish", stdout=out)
    assert AnnualReport.objects.get(year=2025, language="es").status == AnnualReport.Status.PUBLISHED
    assert "Published" in out.getvalue()
    with pytest.raises(CommandError, match="fr"):
        call_command("build_annual_report", "2025", "--lang", "fr", "--publish", stdout=out, stderr=io.StringIO())
    assert AnnualReport.objects.get(year=2025, language="fr").status == AnnualReport.Status.READY


@pytest.mark.django_db
def test_build_command_says_what_a_built_draft_still_lacks(media_root, population_2025):
    """A build whose texts are missing is "ready" only as a draft: the command says so, not just "Ready"."""
    out = io.StringIO()
    call_command("build_annual_report", "2025", "--lang", "fr", "--sync", stdout=out)
    assert "a draft, not publishable until:" in out.getvalue()
    out = io.StringIO()
    call_command("build_annual_report", "2025", "--lang", "es", "--sync", stdout=out)
    assert "Ready to publish" in out.getvalue()
    assert "draft" not in out.getvalue()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["en", "es", "ar"])
def test_the_web_version_is_axe_clean(page, media_root, population_2025, language):
    publish(language)
    page.goto(f"/{language}/reports/2025/")
    assert page.locator("table caption").count() >= 4
    violations = axe_violations(page)
    assert violations == [], describe(violations)


@pytest.mark.django_db
def test_the_pdf_links_name_each_language_as_the_readers_language_writes_it_mid_sentence(client, published):
    """A Spanish reader sees "PDF en inglés" (not "Inglés" or "English"); Arabic has no case."""
    spanish = client.get("/es/reports/").content.decode()
    assert "PDF en inglés" in spanish
    assert "PDF en árabe" in spanish
    assert "PDF en Inglés" not in spanish
    assert "PDF en anglais" in client.get("/fr/reports/").content.decode()
    arabic = client.get("/ar/reports/").content.decode()
    from django.utils import translation

    with translation.override("ar"):
        from moia.languages import language_name

        assert language_name("en") in arabic


@pytest.mark.django_db
def test_the_web_page_and_the_pdf_print_a_missing_letter_and_table_notes_alike(client, published):
    """One template for each: a letter not written reads the same on the page as in the PDF,
    and a table with a hidden count explains the "—" on the page too, not only in the PDF."""
    from reports.rendering import render_html

    report = published["en"]
    snapshot = report.snapshot
    snapshot["narrative"]["director_letter"] = ""
    table = snapshot["sections"][0]["tables"][0]
    table["rows"][0]["values"][0] = {"suppressed": True, "reason": "complementary"}
    AnnualReport.objects.filter(pk=report.pk).update(snapshot=snapshot)
    page = client.get("/en/reports/2025/").content.decode()
    pdf_html = render_html(snapshot)
    for text in ("This text has not been written yet.", "A count shown as “—” is hidden so that a small count"):
        assert text in pdf_html
        assert text in page


@pytest.mark.django_db(transaction=True)
def test_on_a_phone_only_wide_tables_scroll_and_each_in_a_focusable_region(phone, media_root, population_2025):
    """The page never scrolls sideways; a table wider than the screen scrolls inside a region a
    keyboard can reach (the key figures too), and a table of three short columns fits."""
    for dimension, value in (("Spanish", 16.1), ("Haitian Creole", 3.2)):
        PopulationStatisticFactory(topic="language", dimension=dimension, value=value)
    publish("en")
    phone.goto("/en/reports/2025/")
    result = phone.evaluate(
        """() => {
          const wide = [...document.querySelectorAll('table')]
            .filter(t => t.scrollWidth > t.parentElement.clientWidth + 1);
          return {
            page: document.documentElement.scrollWidth - document.documentElement.clientWidth,
            unreachable: wide.filter(t => t.parentElement.getAttribute('role') !== 'region'
              || t.parentElement.tabIndex !== 0).map(t => t.caption.textContent),
            scrolling: wide.map(t => t.caption.textContent),
          };
        }"""
    )
    assert result["page"] <= 0
    assert result["unreachable"] == []
    assert "Language spoken at home (2025)" not in result["scrolling"]
