"""The report as a council member reads it: no figure lost off the page, a summary of figures
worth quoting, no unfinished text published, charts that are sorted and described."""

import datetime as dt
import html
import re
import subprocess
import unicodedata
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from pypdf import PdfReader

from programs.models import Intake, ServiceRecord
from reports.charts import chart_points
from reports.layout import LANDSCAPE_EM, PORTRAIT_EM, Grid, table_layout
from reports.models import ReportNarrative
from reports.services import narrative_review, report_build, report_build_request, report_publish
from tests.factories.programs import ProgramFactory, ServiceTypeFactory
from tests.factories.reports import PopulationStatisticFactory, ReportNarrativeFactory

pytestmark = pytest.mark.django_db
BOSTON = ZoneInfo("America/New_York")
# The report's margins are 2 cm; no word may come closer than 1 cm to a page's edge.
EDGE_PT = 28


def build(year=2025, language="en"):
    report = report_build_request(year=year, language=language, queue=False)
    return report_build(report_id=report.pk)


def _intakes(program, count: int, year: int, *, status=Intake.Status.SERVED) -> list[Intake]:
    received = dt.datetime(year, 5, 4, 10, tzinfo=BOSTON)
    return Intake.objects.bulk_create(
        [
            Intake(program=program, received_at=received, status=status, reference=f"T{year}{n:05d}")
            for n in range(count)
        ]
    )


@pytest.fixture
def wide_year(media_root, population_2025):
    """Legal matters with every outcome under four long-named service types: a table of ten columns."""
    program = ProgramFactory(name="Immigration legal clinic")
    types = [
        ServiceTypeFactory(name=f"Immigration legal consultation on {topic}", is_legal=True)
        for topic in ("naturalization", "asylum", "family petitions", "removal defence")
    ]
    intakes = _intakes(program, 120, 2025)
    outcomes = [*ServiceRecord.LEGAL_OUTCOMES, *(o for o, _label in ServiceRecord.Outcome.choices)]
    records = [
        ServiceRecord(
            intake=intakes[(i * 7 + j) % len(intakes)],
            service_type=service_type,
            opened_on=dt.date(2025, 6, 1),
            outcome=outcome,
            disposition=ServiceRecord.Disposition.DIRECT,
        )
        for i, service_type in enumerate(types)
        for outcome in dict.fromkeys(outcomes)
        for j in range(14)
    ]
    ServiceRecord.objects.bulk_create(records)
    return program


def _letters(text: str) -> str:
    return "".join(char for char in text if unicodedata.category(char)[0] in "LN")


def _pdf_words(path) -> list[tuple[int, float, float, float, str]]:
    """(page, page width, xMin, xMax, text) of every word pdftotext finds on the pages."""
    out = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True).stdout
    words = []
    for number, (width, body) in enumerate(
        re.findall(r'<page width="([\d.]+)" height="[\d.]+">(.*?)</page>', out, re.S)
    ):
        for x0, x1, text in re.findall(
            r'<word xMin="([\d.-]+)" yMin="[\d.-]+" xMax="([\d.-]+)" yMax="[\d.-]+">(.*?)</word>', body
        ):
            words.append((number + 1, float(width), float(x0), float(x1), html.unescape(text)))
    return words


@pytest.mark.parametrize("language", ["en", "es", "ar"])
def test_no_text_lies_outside_its_page_and_every_column_header_is_printed(wide_year, language):
    report = build(language=language)
    words = _pdf_words(report.pdf.path)
    outside = [(page, text) for page, width, x0, x1, text in words if x0 < EDGE_PT or x1 > width - EDGE_PT]
    assert outside == []
    # pdftotext lists right-to-left words in drawing order (marks and brackets mirrored):
    # compare letters only, either way round.
    printed = {_letters(text) for *_box, text in words} | {_letters(text)[::-1] for *_box, text in words}
    tables = [table for section in report.snapshot["sections"] for table in section["tables"]]
    assert any(len(table["columns"]) >= 10 for table in tables)  # the wide table is really there
    # A word pdftotext splits at a combining mark is found in the text in reading order instead.
    reading = _letters(subprocess.run(["pdftotext", str(report.pdf.path), "-"], capture_output=True, text=True).stdout)
    missing = [
        (table["key"], column)
        for table in tables
        for column in table["columns"]
        if not all(_letters(word) in printed or _letters(word) in reading for word in column.split())
    ]
    assert missing == []


def test_the_wide_table_is_set_on_landscape_pages_with_its_row_labels_on_every_part(wide_year):
    report = build()
    reader = PdfReader(report.pdf.path)
    landscape = [n for n, page in enumerate(reader.pages) if page.mediabox.width > page.mediabox.height]
    assert landscape
    text = " ".join(" ".join(reader.pages[n].extract_text().split()) for n in landscape)
    # Each column group repeats the row labels, so every part can be read on its own.
    parts = re.findall(r"outcomes of matters by service type \(part \d of (\d)\)", text)
    assert parts
    assert text.count("Immigration legal consultation on asylum") >= int(parts[0])


def test_layout_is_chosen_by_width_and_a_split_keeps_every_column_once():
    def grid(columns: int, rows: int, header: str = "Negotiated settlement") -> Grid:
        return Grid(
            columns=[f"{header} {i}" for i in range(columns)],
            rows=[{"label": f"Service type {r}", "values": ["fewer than 11"] * columns} for r in range(rows)],
            totals=["1,234"] * columns,
            total_label="Total",
        )

    narrow = table_layout(grid(3, 6))
    assert (narrow.landscape, narrow.transposed, len(narrow.parts)) == (False, False, 1)
    short_and_wide = table_layout(grid(8, 1))
    assert short_and_wide.transposed
    assert short_and_wide.parts[0].width_em <= PORTRAIT_EM
    assert [row["label"] for row in short_and_wide.parts[0].rows] == [f"Negotiated settlement {i}" for i in range(8)]
    landscape = table_layout(grid(6, 6))
    assert landscape.landscape
    assert len(landscape.parts) == 1
    wide = table_layout(grid(16, 6))
    assert wide.landscape
    assert len(wide.parts) > 1
    assert all(part.width_em <= LANDSCAPE_EM for part in wide.parts)
    assert [c for part in wide.parts for c in part.columns] == [f"Negotiated settlement {i}" for i in range(16)]
    assert all([row["label"] for row in part.rows] == [f"Service type {r}" for r in range(6)] for part in wide.parts)


@pytest.fixture
def two_years(media_root, population_2025):
    """2024: 40 requests, 30 served; 2025: 60 requests (50 served, 10 still new)."""
    program = ProgramFactory(name="Citizenship clinic")
    legal = ServiceTypeFactory(name="Citizenship application help", is_legal=True)
    for year, served, new in ((2024, 30, 10), (2025, 50, 10)):
        helped = _intakes(program, served, year)
        Intake.objects.bulk_create(
            [
                Intake(program=program, received_at=dt.datetime(year, 7, 1, tzinfo=BOSTON), reference=f"N{year}{n:04d}")
                for n in range(new)
            ]
        )
        ServiceRecord.objects.bulk_create(
            [
                ServiceRecord(
                    intake=intake,
                    service_type=legal,
                    opened_on=dt.date(year, 7, 2),
                    outcome=ServiceRecord.Outcome.COUNSEL_AND_ADVICE if n % 2 else "",
                    disposition=ServiceRecord.Disposition.REFERRED if n < 12 else ServiceRecord.Disposition.DIRECT,
                )
                for n, intake in enumerate(helped)
            ]
        )


def test_the_executive_summary_gives_headline_figures_with_the_change_from_last_year(two_years):
    report = build()
    figures = {f["key"]: f for f in report.snapshot["headlines"]}
    assert (figures["requests_received"]["value"], figures["requests_received"]["previous"]) == (60, 40)
    assert (figures["requests_answered"]["value"], figures["requests_answered"]["previous"]) == (50, 30)
    assert (figures["residents_served"]["value"], figures["residents_served"]["previous"]) == (50, 30)
    assert (figures["legal_matters"]["value"], figures["legal_outcomes"]["value"]) == (50, 25)
    assert figures["people_referred"]["value"] == 12
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(report.pdf.path).pages)
    summary = text[text.index("Key figures") : text.index("Each figure is defined")]
    assert "Requests for help received 60 40 +50%" in summary
    assert "Residents served 50 30 +67%" in summary
    # No table titles, survey questions or population breakdowns pass for headline figures.
    assert "outcomes of matters" not in summary
    assert "Limited English" not in summary
    # Every headline figure is defined in the methodology.
    methodology = text[text.index("Definitions of the key figures") :]
    for figure in report.snapshot["headlines"]:
        assert figure["label"] in methodology
        assert " ".join(figure["definition"].split()[:6]) in methodology


def test_a_headline_count_too_small_to_publish_is_shown_as_fewer_than_the_threshold(two_years):
    figures = {f["key"]: f for f in build().snapshot["headlines"]}
    assert figures["people_referred"]["value"] == 12
    # Keep 5 of the 12 referrals: a count of 5 would point at people, so it is hidden.
    assert figures["grants_awarded"]["value"] == 0  # zero reveals nobody
    ServiceRecord.objects.filter(disposition=ServiceRecord.Disposition.REFERRED, opened_on__year=2025).exclude(
        pk__in=ServiceRecord.objects.filter(disposition="referred", opened_on__year=2025).values("pk")[:5]
    ).update(disposition=ServiceRecord.Disposition.DIRECT)
    figures = {f["key"]: f for f in build().snapshot["headlines"]}
    assert figures["people_referred"]["value"] == {"suppressed": True, "reason": "primary", "below": 11}


def test_a_report_is_not_published_while_a_text_is_missing_and_says_which(media_root, population_2025):
    ReportNarrative.objects.filter(year=2025).update(recommendations_es="")
    report = build(language="es")
    with pytest.raises(ValidationError) as refused:
        report_publish(report=report)
    assert any(
        "Recomendaciones" in message or "recommendations" in message.lower() for message in refused.value.messages
    )
    # The draft's own PDF says it is a draft and what is missing.
    text = " ".join(page.extract_text() for page in PdfReader(report.pdf.path).pages)
    assert report.snapshot["missing"]
    assert report.snapshot["missing"][0].split(":")[0] in " ".join(text.split())


def test_each_language_needs_a_review_and_an_edit_after_it_needs_another(media_root, population_2025):
    narrative = ReportNarrative.objects.get(year=2025)
    narrative.reviews.filter(language="es").delete()
    with pytest.raises(ValidationError):
        report_publish(report=build(language="es"))
    narrative_review(narrative=narrative, language="es", by=None)
    # Editing the English source after the Spanish review makes the Spanish text out of date.
    narrative.director_letter_en = "Dear Councillors, a corrected letter."
    narrative.save()
    with pytest.raises(ValidationError) as refused:
        report_publish(report=build(language="es"))
    assert refused.value.messages
    narrative_review(narrative=narrative, language="es", by=None)
    narrative_review(narrative=narrative, language="en", by=None)
    assert report_publish(report=build(language="es")).status == "published"


def test_a_build_made_before_a_text_was_corrected_cannot_be_published(media_root, population_2025):
    report = build()
    narrative = ReportNarrative.objects.get(year=2025)
    narrative.recommendations_en = "Fund interpreters in every department."
    narrative.save()
    narrative_review(narrative=narrative, language="en", by=None)
    with pytest.raises(ValidationError):
        report_publish(report=report)


def test_a_language_whose_population_labels_are_untranslated_is_incomplete(media_root, population_2025):
    PopulationStatisticFactory(topic="language", dimension="Somali", value=0.4, dimension_ar=None)
    report = build(language="ar")
    assert any("1" in message for message in report.snapshot["missing"])
    with pytest.raises(ValidationError):
        report_publish(report=report)
    assert report_publish(report=build(language="es")).status == "published"


def test_marking_texts_reviewed_refuses_a_language_with_a_text_missing(db):
    narrative = ReportNarrativeFactory(director_letter_es="")
    with pytest.raises(ValidationError):
        narrative_review(narrative=narrative, language="es", by=None)


def test_spanish_and_arabic_reports_print_the_translated_labels_sources_and_letter(media_root, population_2025):
    for language, letter in (("es", "Estimados concejales"), ("ar", "حضرات أعضاء المجلس")):
        report = build(language=language)
        assert report.snapshot["missing"] == []
        population = report.snapshot["sections"][0]["tables"]
        labels = [row["label"] for table in population for row in table["rows"]]
        assert "Foreign-born" not in labels
        assert f"Foreign-born ({language})" in labels
        assert all(table["source"] != "ACS 2019-2023 5-year, table B05002" for table in population)
        assert report.snapshot["narrative"]["director_letter"].startswith(letter)


def test_charts_go_largest_first_keep_natural_bands_and_leave_out_totals():
    rows = [
        {"label": "Speak a language other than English at home", "values": [35.0], "aggregate": True},
        {"label": "Arabic", "values": [0.9]},
        {"label": "Spanish", "values": [16.1]},
        {"label": "Haitian Creole", "values": [3.2]},
        {"label": "Somali", "values": [{"suppressed": True, "below": 11}]},
    ]
    assert [label for label, _v in chart_points(rows, ordered=False)] == ["Spanish", "Haitian Creole", "Arabic"]
    bands = [{"label": "Before 2000", "values": [37.5]}, {"label": "2000 to 2009", "values": [24.0]}]
    assert [label for label, _v in chart_points(bands, ordered=True)] == ["Before 2000", "2000 to 2009"]


def _figure_alts(reader: PdfReader) -> list[str]:
    alts = []

    def walk(node):
        node = node.get_object()
        if node.get("/S") == "/Figure":
            alts.append(str(node.get("/Alt", "")))
        kids = node.get("/K")
        for kid in kids if isinstance(kids, list) else [kids] if kids is not None else []:
            kid = kid.get_object() if hasattr(kid, "get_object") else kid
            if isinstance(kid, dict):
                walk(kid)

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    return alts


def test_every_chart_is_a_figure_with_a_text_alternative_listing_its_bars(media_root, population_2025):
    for dimension, value in (("Spanish", 16.1), ("Arabic", 0.9), ("Haitian Creole", 3.2)):
        PopulationStatisticFactory(topic="language", dimension=dimension, value=value)
    report = build()
    alts = [alt for alt in _figure_alts(PdfReader(report.pdf.path)) if alt.startswith("Bar chart")]
    language = next(alt for alt in alts if "Language spoken at home" in alt)
    assert language.index("Spanish: 16.1%") < language.index("Haitian Creole: 3.2%") < language.index("Arabic: 0.9%")
    assert "other than English" not in language
    # The title is printed once: as the table's caption, not again above the chart.
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(report.pdf.path).pages)
    assert text.count("Language spoken at home (2025)") == 1


def test_arabic_chart_labels_are_shaped_for_the_pdf_and_left_as_text_for_the_web():
    import base64

    from django.utils import translation

    from reports.rendering import display_table

    table = {
        "key": "population-language",
        "title": "اللغة المستخدمة في المنزل",
        "columns": ["التقدير"],
        "rows": [{"label": "الإسبانية", "values": [16.1]}, {"label": "العربية", "values": [0.9]}],
        "totals": None,
        "chart": True,
    }
    with translation.override("ar"):
        chart = display_table(table)["chart"]
    web = base64.b64decode(chart["uri"].split(",", 1)[1]).decode()
    pdf = base64.b64decode(chart["pdf_uri"].split(",", 1)[1]).decode()
    # WeasyPrint draws SVG text one letter at a time: joined presentation forms, in drawing order.
    assert "الإسبانية" in web
    assert "الإسبانية" not in pdf
    assert any("\ufe70" <= char <= "\ufeff" for char in pdf)
    with translation.override("es"):
        assert "pdf_uri" not in display_table(table)["chart"]


def test_bands_and_scales_keep_their_natural_order_in_the_built_report(media_root, population_2025):
    """The order a source declares survives the snapshot: year-of-entry bands oldest first in the
    table, the chart and its text alternative, although the newest band is the largest."""
    for order, (dimension, value) in enumerate(
        (("Entered before 2000", 37.5), ("Entered 2000 to 2009", 24.0), ("Entered 2010 or later", 38.5)), start=1
    ):
        PopulationStatisticFactory(topic="year_of_entry", dimension=dimension, value=value, order=order)
    report = build()
    entry = next(t for t in report.snapshot["sections"][0]["tables"] if t["key"] == "population-year_of_entry")
    assert entry["ordered"] is True
    from reports.rendering import display_table

    shown = display_table(entry)
    labels = ["Entered before 2000", "Entered 2000 to 2009", "Entered 2010 or later"]
    assert [row["label"] for row in shown["parts"][0]["grid"].rows] == labels
    alt = shown["chart"]["alt"]
    assert alt.index(labels[0]) < alt.index(labels[1]) < alt.index(labels[2])


def test_a_table_that_runs_onto_another_page_prints_its_total_once_under_the_last_row(tmp_path):
    # Seen in the 2025 PDF: the second part of a split table broke across pages, and its "Total"
    # row was printed after the first four rows as well, as if it were their total.
    from django.template.loader import render_to_string
    from weasyprint import CSS, HTML

    from reports.rendering import PDF_CSS

    rows = [{"label": f"Row {n}", "values": [str(n)]} for n in range(1, 81)]
    grid = Grid(columns=["Count"], rows=rows, totals=["3,240"], total_label="Grand total")
    table = render_to_string("reports/parts/table.html", {"caption": "Long table", "grid": grid, "table_id": ""})
    pdf = tmp_path / "table.pdf"
    HTML(string=f"<html><body>{table}</body></html>").write_pdf(pdf, stylesheets=[CSS(filename=str(PDF_CSS))])
    pages = PdfReader(pdf).pages
    assert len(pages) > 1
    texts = [page.extract_text() for page in pages]
    assert sum(text.count("Grand total") for text in texts) == 1
    assert "Grand total" in texts[-1]
    assert "Row 80" in texts[-1]
    assert all("Count" in text for text in texts)  # the header is repeated on every page
