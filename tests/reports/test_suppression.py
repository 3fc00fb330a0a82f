"""Published statistics that no subtraction can reverse (ordinance 12-19.4(1)).

Each test plays the reader of tests/reports/attacker.py: it takes what is published (the
report's CSV and JSON, the executive summary), writes down every sum it can see and solves
them. No count from 1 to 10 may come out exactly, or narrowed below the protection range; a
figure must read the same in every table and file; a rebuild must not show what the version
published before hid; a cell hidden to protect another must not read "fewer than 11".
"""

import datetime as dt
import random
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from moia.disclosure import Disclosure, Suppressed
from programs.models import ServiceRecord
from reports.rendering import render_csv, render_json
from reports.selectors import report_data
from reports.services import narrative_review, report_build, report_build_request, report_publish
from tests.factories.accounts import StaffFactory
from tests.factories.programs import (
    ActivityFactory,
    CaseTypeFactory,
    IntakeFactory,
    ProgramFactory,
    ServiceRecordFactory,
    ServiceTypeFactory,
)
from tests.factories.reports import ReportNarrativeFactory
from tests.reports.attacker import HIDDEN, SMALL, cells_from_csv, cells_from_json, read_report

pytestmark = pytest.mark.django_db
BOSTON = ZoneInfo("America/New_York")
PROTECTION = 5  # SMALL_CELL_PROTECTION: a reader is left at least this wide a range


def assert_nothing_recoverable(reader) -> dict:
    ranges = reader.ranges()
    assert reader.distrust <= 1, "the marks contradict the published sums"
    assert not reader.conflicts, f"one figure printed two ways: {reader.conflicts[:3]}"
    assert not reader.broken_sums(), "shown figures do not add up"
    # A hidden cell the reader can only place at 0 counts nobody (zeros are published anyway).
    narrow = {name: r for name, r in ranges.items() if r[1] - r[0] < PROTECTION and r[1] > 0}
    assert not narrow, f"hidden small counts a reader can narrow down: {narrow}"
    return ranges


def attack(snapshot: dict) -> dict:
    """Attack the CSV and the JSON of a report, together (a reader has both)."""
    csv_cells = cells_from_csv(render_csv(snapshot))
    json_cells, summary = cells_from_json(render_json(snapshot))
    return assert_nothing_recoverable(read_report(csv_cells + json_cells, summary))


# --- the planner on its own --------------------------------------------------------------------


def test_a_lone_small_cell_beside_a_total_is_protected_by_a_cell_marked_as_hidden_not_small():
    plan = Disclosure(limit=10, width=5)
    for key, value in {"a": 120, "b": 4, "c": 64}.items():
        plan.count(key, value)
    plan.count("total", 188)
    plan.total("total", ["a", "b", "c"])
    shown = plan.solve()
    assert shown["b"] == Suppressed("primary", 11)
    assert shown["c"] == Suppressed("complementary", 11)  # 64 is hidden, and does not read "<11"
    assert str(shown["c"]) == "—"
    assert (shown["a"], shown["total"]) == (120, 188)


def test_two_small_cells_that_add_up_to_little_are_not_left_to_each_other():
    # 2 + 3 = 5 would leave each between 1 and 4: a larger cell is hidden as well.
    plan = Disclosure(limit=10, width=5)
    for key, value in {"a": 2, "b": 3, "c": 100}.items():
        plan.count(key, value)
    plan.count("total", 105)
    plan.total("total", ["a", "b", "c"])
    shown = plan.solve()
    assert isinstance(shown["c"], Suppressed) or isinstance(shown["total"], Suppressed)


def test_a_relation_that_does_not_hold_is_refused():
    plan = Disclosure(limit=10, width=5)
    plan.count("a", 3)
    plan.count("total", 4)
    plan.total("total", ["a"])
    with pytest.raises(ValueError, match="does not hold"):
        plan.solve()


# --- the report, on generated data with many small cells -----------------------------------


def _generated_year(seed: int) -> None:
    """Four programmes, five service types, small counts everywhere: the hard case."""
    rng = random.Random(seed)
    services = [ServiceTypeFactory(name=f"Service {n}", is_legal=n < 2) for n in range(5)]
    cases = [CaseTypeFactory(name=f"Case {n}") for n in range(2)]
    outcomes = ["", *ServiceRecord.Outcome.values[:3]]
    received = dt.datetime(2025, 3, 10, 12, tzinfo=BOSTON)
    for p in range(4):
        program = ProgramFactory(name=f"Programme {p}")
        for _ in range(rng.randint(5, 30)):
            intake = IntakeFactory(program=program, received_at=received)
            if rng.random() < 0.6:
                intake.screened_at = received
                intake.screening_eligible = rng.random() < 0.7
                intake.save(update_fields=["screened_at", "screening_eligible"])
            for service in rng.sample(services, rng.randint(1, 2)):
                ServiceRecordFactory(
                    intake=intake,
                    service_type=service,
                    opened_on=dt.date(2025, 3, 11),
                    outcome=rng.choice(outcomes),
                    case_type=rng.choice(cases) if service.is_legal else None,
                    disposition=rng.choice(ServiceRecord.Disposition.values),
                )
        for service in rng.sample(services, 3):
            ActivityFactory(program=program, service_type=service, attendance=rng.choice([0, 2, 4, 9, 14, 40]))


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_generated_report_reveals_no_small_count_to_a_reader_of_its_csv_and_json(seed):
    _generated_year(seed)
    snapshot = report_data(year=2025)
    ranges = attack(snapshot)
    assert len(ranges) >= 10, "the generated data has many small cells"


def test_the_demo_report_reveals_no_small_count_and_every_figure_reads_the_same_everywhere(media_root):
    call_command("seed_demo", office="boston", only=["programs", "surveys", "grants", "reports"], verbosity=0)
    report = report_build(report_id=report_build_request(year=2025, queue=False).pk)
    csv_cells = cells_from_csv(report.data_csv.open("rb").read())
    json_cells, summary = cells_from_json(report.data_json.open("rb").read())
    ranges = assert_nothing_recoverable(read_report(csv_cells + json_cells, summary))
    assert len(ranges) >= 20
    # One figure, one value or mark: the CSV, the JSON and the executive summary agree, and a
    # figure shown in several tables (a programme's matters, its requests for help) agrees too.
    printed: dict[str, set[str]] = {}
    for cell in [*csv_cells, *json_cells, *summary]:
        if cell["figure"]:
            printed.setdefault(cell["figure"], set()).add(cell["value"])
    assert all(len(values) == 1 for values in printed.values())
    shared = [f for f in printed if sum(c["figure"] == f for c in csv_cells) > 1]
    assert any("/matters/" in f for f in shared)
    assert any(f.endswith("/intakes") for f in shared)
    marks = {cell["value"] for cell in csv_cells}
    assert {SMALL, HIDDEN} <= marks
    # A "—" the reader can work out exactly protects nothing and reads as a contradiction (the
    # one row of Citizenship Day hidden beside its total of 248, and beside "all programmes").
    reader = read_report(csv_cells + json_cells, summary)
    pinned = {k: r for k, r in reader.ranges(of=(HIDDEN,)).items() if r[0] == r[1]}
    assert not pinned, f"hidden figures a reader can work out exactly: {sorted(pinned)[:5]}"


# --- a complementary cell is not printed as a small count ----------------------------------


@pytest.fixture
def texts_2025(db):
    """The year's letter, findings and recommendations written and reviewed in English, as staff
    do in the admin before publishing (a report with missing or unreviewed texts is refused)."""
    narrative = ReportNarrativeFactory(year=2025)
    narrative_review(narrative=narrative, language="en", by=StaffFactory())
    return narrative


@pytest.fixture
def attendance_year(media_root, texts_2025):
    """One programme's attendance: 4, 64 and 120 people. The 4 needs a partner hidden with it."""
    program = ProgramFactory(name="Know Your Rights")
    for name, attendance in (("Clinic", 4), ("Workshop", 64), ("Forum", 120)):
        ActivityFactory(program=program, service_type=ServiceTypeFactory(name=name), attendance=attendance)
    return program


def test_a_complementary_cell_of_64_reads_as_hidden_not_as_fewer_than_11(attendance_year):
    report = report_build(report_id=report_build_request(year=2025, queue=False).pk)
    rows = {
        (r["table"], r["row"]): r
        for r in cells_from_csv(report.data_csv.open("rb").read())
        if r["column"] == "Attendance"
    }
    clinic = rows[("program-all-activities", "Clinic")]
    workshop = rows[("program-all-activities", "Workshop")]
    assert (clinic["value"], clinic["suppressed"]) == ("<11", "primary")
    assert (workshop["value"], workshop["suppressed"]) == ("—", "complementary")
    assert rows[("program-all-activities", "Total")]["value"] == "188"
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(report.pdf.open("rb")).pages).split())
    assert "Clinic fewer than 11" in text
    assert "Workshop — " in text
    assert "Workshop fewer than 11" not in text
    assert "is hidden so that a small count cannot be worked out from the totals" in text
    tables = {t["key"]: t for section in report.snapshot["sections"] for t in section["tables"]}
    workshop_cell = next(r for r in tables["program-all-activities"]["rows"] if r["label"] == "Workshop")
    assert workshop_cell["values"] == [{"suppressed": True, "reason": "complementary"}]  # no "below 11"


def test_the_complementary_note_and_marks_are_translated(attendance_year):
    report = report_build(report_id=report_build_request(year=2025, language="es", queue=False).pk)
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(report.pdf.open("rb")).pages).split())
    assert "menos de 11" in text
    assert "A count shown as" not in text


# --- a rebuild does not reveal what the published version hid -----------------------------


def test_a_rebuild_after_new_data_keeps_hidden_what_the_published_version_hid(attendance_year):
    first = report_build(report_id=report_build_request(year=2025, queue=False).pk)
    report_publish(report=first)
    # New data: a fourth activity of 20, which alone would be the best partner for the 4.
    ActivityFactory(program=attendance_year, service_type=ServiceTypeFactory(name="Fair"), attendance=20)
    second = report_build(report_id=report_build_request(year=2025, queue=False).pk)
    before = cells_from_csv(first.data_csv.open("rb").read())
    after = cells_from_csv(second.data_csv.open("rb").read())
    hidden_before = {c["figure"] for c in before if c["suppressed"]}
    hidden_after = {c["figure"] for c in after if c["suppressed"]}
    assert hidden_before <= hidden_after
    # A reader puts both versions side by side: the activities hidden in both did not change,
    # so they are the same unknowns; everything else is read per version.
    same = hidden_before & hidden_after

    def versioned(cells, version):
        return [{**c, "figure": c["figure"] if c["figure"] in same else f"{version}:{c['figure']}"} for c in cells]

    assert_nothing_recoverable(read_report(versioned(before, "v1") + versioned(after, "v2")))


# --- last year's values beside the headlines ------------------------------------------------


def test_last_years_headline_values_are_last_years_published_ones_or_suppressed_as_lone_counts(media_root, texts_2025):
    program = ProgramFactory(name="Know Your Rights")
    for year, n in ((2024, 3), (2025, 30)):
        for _ in range(n):
            IntakeFactory(program=program, received_at=dt.datetime(year, 5, 1, 12, tzinfo=BOSTON))
    figures = {f["key"]: f for f in report_data(year=2025)["headlines"]}
    assert figures["requests_received"]["value"] == 30
    assert figures["requests_received"]["figure"] == "programs/all/intakes"  # the tables' figure
    # No 2024 report was published: last year's 3 requests are a lone small count.
    assert figures["requests_received"]["previous"] == {"suppressed": True, "reason": "primary", "below": 11}
    # 2024 is published, then 20 late requests of 2024 are entered: 2025's summary shows what the
    # 2024 report showed (its mark), not 23, which beside 2024's published tables would reveal 3.
    narrative = ReportNarrativeFactory(year=2024)
    narrative_review(narrative=narrative, language="en", by=StaffFactory())
    report_publish(report=report_build(report_id=report_build_request(year=2024, queue=False).pk))
    for _ in range(20):
        IntakeFactory(program=program, received_at=dt.datetime(2024, 6, 1, 12, tzinfo=BOSTON))
    figures = {f["key"]: f for f in report_data(year=2025)["headlines"]}
    assert figures["requests_received"]["previous"] == {"suppressed": True, "reason": "primary", "below": 11}
