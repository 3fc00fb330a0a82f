"""Benchmark: the whole English annual report build on a large year, against raw SQL.

`--scale N` (default 10) fills a PostgreSQL database of its own (the DATABASE_URL's name with
`_bench_xN`, created if missing) with N times the demo year: N x 100,000 intakes and 150,000
service records over ten programmes, N x 50,000 complete survey responses (about 20 answers
each) and N x 2,000 grant applications with their awards. Rows are generated inside
PostgreSQL (INSERT ... SELECT over generate_series, copying a row made through the ORM), so
the loader's own memory stays small whatever N is.

Then, in a fresh process (its peak memory is the build's alone): raw SQL aggregates that compute
the same figures over the same tables, the data assembly (`reports.selectors.report_data`),
the time that assembly spent in the database, and the PDF. Printed: each time, the ratio of
the build's data gathering to the raw SQL, peak memory (ru_maxrss of the measuring process
and tracemalloc's peak of Python allocations), and the machine's load (the machine is shared).
Targets at 10x: whole build under 20 s, data gathering within 1.5x raw SQL, under 500 MB.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/moia_report .venv/bin/python benchmarks/annual_report.py --scale 10
    (add --skip-load to measure again without reloading)
"""

import argparse
import datetime
import os
import resource
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "moia.settings")


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=10, help="times the demo year's volume (default 10)")
    parser.add_argument("--skip-load", action="store_true", help="measure the data already loaded")
    parser.add_argument("--tracemalloc", action="store_true", help="also trace Python allocations (a second build)")
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    return parser.parse_args()


ARGS = _arguments()


def _bench_database() -> None:
    """Point DATABASE_URL at this scale's own database, creating it if needed (before Django reads it)."""
    url = os.environ.get("DATABASE_URL", "")
    parts = urlsplit(url)
    if not parts.scheme.startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL database.")
    name = parts.path.lstrip("/")
    if not name.endswith(f"_bench_x{ARGS.scale}"):
        name = f"{name}_bench_x{ARGS.scale}"
    if not ARGS.measure:
        import psycopg

        with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as admin:
            if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
                admin.execute(f'CREATE DATABASE "{name}"')
    os.environ["DATABASE_URL"] = urlunsplit(parts._replace(path="/" + name))


_bench_database()

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

YEAR = 2025
SCALE = ARGS.scale
INTAKES = 100_000 * SCALE
RECORDS = 150_000 * SCALE
RESPONSES = 50_000 * SCALE
APPLICATIONS = 2_000 * SCALE
PROGRAMMES = 10

RAW_SQL = [
    # (ii) intakes per programme
    """SELECT program_id, COUNT(*) FROM programs_intake
       WHERE received_at >= %(start)s AND received_at < %(end)s GROUP BY program_id""",
    # (iii)/(iv) individuals and matters per programme and service type
    """SELECT i.program_id, sr.service_type_id, COUNT(DISTINCT sr.intake_id), COUNT(*)
       FROM programs_servicerecord sr JOIN programs_intake i ON i.id = sr.intake_id
       WHERE sr.opened_on >= %(start_date)s AND sr.opened_on < %(end_date)s GROUP BY 1, 2""",
    # (iv) outcomes per programme and service type
    """SELECT i.program_id, sr.service_type_id, sr.outcome, COUNT(*)
       FROM programs_servicerecord sr JOIN programs_intake i ON i.id = sr.intake_id
       WHERE sr.opened_on >= %(start_date)s AND sr.opened_on < %(end_date)s GROUP BY 1, 2, 3""",
    # (v) legal: direct and referred individuals per programme, service and case type
    """SELECT i.program_id, sr.service_type_id, sr.case_type_id,
              COUNT(DISTINCT sr.intake_id) FILTER (WHERE sr.disposition = 'direct'),
              COUNT(DISTINCT sr.intake_id) FILTER (WHERE sr.disposition = 'referred')
       FROM programs_servicerecord sr JOIN programs_intake i ON i.id = sr.intake_id
       JOIN programs_servicetype st ON st.id = sr.service_type_id
       WHERE st.is_legal AND sr.opened_on >= %(start_date)s AND sr.opened_on < %(end_date)s GROUP BY 1, 2, 3""",
    # (b)/(c) survey answers per question and choice in the year
    """SELECT a.question_id, a.choice_id, a.number, COUNT(*)
       FROM surveys_answer a JOIN surveys_response r ON r.id = a.response_id
       WHERE r.status = 'complete' AND r.finished_at >= %(start)s AND r.finished_at < %(end)s
       GROUP BY 1, 2, 3""",
]


def _columns(table: str) -> list[str]:
    with connection.cursor() as cursor:
        return [c.name for c in connection.introspection.get_table_description(cursor, table)]


def load() -> None:
    from programs.models import CaseType, Intake, Program, ServiceRecord, ServiceType
    from programs.selectors import year_bounds

    started = time.perf_counter()
    call_command("seed_demo", only=["reports"], verbosity=0)
    start, _end = year_bounds(YEAR)
    with transaction.atomic(), connection.cursor() as cursor:
        # History triggers copy every row: off for this bulk load (a benchmark, not an edit).
        cursor.execute("SET LOCAL session_replication_role = replica")
        ServiceRecord.objects.filter(intake__program__slug__startswith="bench-report-").delete()
        Intake.objects.filter(program__slug__startswith="bench-report-").delete()
        programs = [
            Program.objects.update_or_create(slug=f"bench-report-{n}", defaults={"name": f"Benchmark programme {n}"})[0]
            for n in range(PROGRAMMES)
        ]
        services = [
            ServiceType.objects.update_or_create(
                slug=f"bench-report-service-{n}", defaults={"name": f"Benchmark service {n}", "is_legal": n < 2}
            )[0]
            for n in range(6)
        ]
        cases = [
            CaseType.objects.update_or_create(slug=f"bench-report-case-{n}", defaults={"name": f"Case {n}"})[0]
            for n in range(8)
        ]
        template = Intake.objects.create(program=programs[0], reference="BR-TEMPLATE", received_at=start)
        minute = "interval '1 minute'"
        columns = [c for c in _columns("programs_intake") if c != "id"]
        overrides = {
            "reference": "'BR-' || lpad(g::text, 9, '0')",
            "program_id": f"(ARRAY{[p.pk for p in programs]})[g %% {PROGRAMMES} + 1]",
            "received_at": f"%(start)s::timestamptz + ((g::bigint * 7919) %% 525000) * {minute}",
            "screened_at": f"%(start)s::timestamptz + ((g::bigint * 104729) %% 525000) * {minute}",
            "screening_eligible": "(g %% 10) <> 0",
            "submission_token": "NULL",
        }
        cursor.execute(
            f"INSERT INTO programs_intake ({', '.join(columns)}) "  # noqa: S608
            f"SELECT {', '.join(overrides.get(c, 't.' + c) for c in columns)} "
            "FROM programs_intake t CROSS JOIN generate_series(0, %(count)s - 1) g WHERE t.id = %(template)s",
            {"start": start, "count": INTAKES, "template": template.pk},
        )
        template.delete()
        record = ServiceRecord.objects.create(
            intake=Intake.objects.filter(reference="BR-000000000").get(),
            service_type=services[0],
            opened_on=start.date(),
        )
        columns = [c for c in _columns("programs_servicerecord") if c != "id"]
        # Service types, case types, outcomes and dispositions cycle with co-prime strides.
        legal = "(g %% 6) < 2"
        overrides = {
            "intake_id": "i.id",
            "service_type_id": f"(ARRAY{[s.pk for s in services]})[g %% 6 + 1]",
            "case_type_id": f"CASE WHEN {legal} THEN (ARRAY{[c.pk for c in cases]})[g %% 8 + 1] END",
            "opened_on": "%(year_start)s::date + (g * 37) %% 365",
            "outcome": f"CASE WHEN {legal} THEN (ARRAY['', 'csr-a', 'csr-b'])[g %% 3 + 1] ELSE 'completed' END",
            "disposition": "(ARRAY['direct', 'direct', 'referred'])[g %% 3 + 1]",
        }
        cursor.execute(
            f"INSERT INTO programs_servicerecord ({', '.join(columns)}) "  # noqa: S608
            f"SELECT {', '.join(overrides.get(c, 't.' + c) for c in columns)} "
            "FROM programs_servicerecord t CROSS JOIN generate_series(0, %(count)s - 1) g "
            "JOIN programs_intake i ON i.reference = 'BR-' || lpad((g %% %(intakes)s)::text, 9, '0') "
            "WHERE t.id = %(template)s",
            {"year_start": start.date(), "count": RECORDS, "intakes": INTAKES, "template": record.pk},
        )
        record.delete()
    print(f"loaded {INTAKES:,} intakes and {RECORDS:,} service records in {time.perf_counter() - started:.0f} s")

    started = time.perf_counter()
    answers = _load_survey()
    print(f"loaded {RESPONSES:,} survey responses and {answers:,} answers in {time.perf_counter() - started:.0f} s")

    started = time.perf_counter()
    import grants_ranking

    grants_ranking.APPLICATIONS = APPLICATIONS
    grants_ranking.REVIEWERS_EACH = 1  # the report reads awards, not scores
    grants_ranking.CRITERIA = 1
    grants_ranking.load()
    print(f"loaded {APPLICATIONS:,} grant applications and awards in {time.perf_counter() - started:.0f} s")
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def _load_survey() -> int:
    """The community survey with RESPONSES complete responses finished in the report year, each
    answering every question that is not free text (two boxes ticked on multiple-choice ones)."""
    import json

    from django.utils import timezone

    from surveys import services
    from surveys.models import Question, Response

    data = json.loads((ROOT / "demo" / "data" / "boston" / "surveys.json").read_text(encoding="utf-8"))
    finished = datetime.datetime(YEAR, 6, 1, 15, tzinfo=datetime.UTC)
    now = timezone.now()
    with transaction.atomic():
        survey = services.survey_load(
            data=data,
            slug="benchmark-annual-report",
            opens_at=now - datetime.timedelta(days=30),
            closes_at=now + datetime.timedelta(days=30),
        )
        with connection.cursor() as cursor:
            cursor.execute(
                "DELETE FROM surveys_answer WHERE response_id IN "
                "(SELECT id FROM surveys_response WHERE survey_id = %s)",
                [survey.pk],
            )
        survey.responses.all().delete()
    version = services.survey_version_sync(survey=survey)
    questions = [q for q in services.survey_questions(survey=survey) if q.kind not in Question.TEXT_KINDS]
    with transaction.atomic(), connection.cursor() as cursor:
        template = Response.objects.create(
            survey=survey,
            version=version,
            language="en",
            channel="online",
            started_at=finished - datetime.timedelta(minutes=8),
            finished_at=finished,
            duration_seconds=480,
            status=Response.Status.COMPLETE,
        )
        columns = [c for c in _columns("surveys_response") if c != "id"]
        languages = ["en", "es", "ht", "zh-hans", "vi", "pt-br", "kea", "ar"]
        overrides = {
            "language": f"(ARRAY{languages})[g %% {len(languages)} + 1]",
            "channel": "(ARRAY['online', 'online', 'partner', 'paper'])[g %% 4 + 1]",
        }
        overrides = {c: v for c, v in overrides.items() if c in columns}
        cursor.execute(
            f"INSERT INTO surveys_response ({', '.join(columns)}) "  # noqa: S608
            f"SELECT {', '.join(overrides.get(c, 't.' + c) for c in columns)} "
            "FROM surveys_response t CROSS JOIN generate_series(1, %(count)s - 1) g WHERE t.id = %(template)s",
            {"count": RESPONSES, "template": template.pk},
        )
        for question in questions:
            choices = [c.pk for c in question.choices.all()]
            if question.kind in Question.NUMBER_KINDS:
                picks = [("NULL", "1 + (r.id * 7 + %(q)s) %% 5", "true")]
            elif not choices:
                continue
            elif question.kind == Question.Kind.MULTIPLE and len(choices) > 1:
                n = len(choices)
                # Two different boxes: the second is the first's neighbour; only the first marks the respondent.
                first = f"(ARRAY{choices})[(r.id * 7 + %(q)s) %% {n} + 1]"
                second = f"(ARRAY{choices})[(r.id * 7 + %(q)s + 1) %% {n} + 1]"
                picks = [(first, "NULL", "true"), (second, "NULL", "false")]
            else:
                picks = [(f"(ARRAY{choices})[(r.id * 7 + %(q)s) %% {len(choices)} + 1]", "NULL", "true")]
            for choice, number, first_of_question in picks:
                sql = (
                    "INSERT INTO surveys_answer (response_id, question_id, choice_id, number, text, first_of_question) "  # noqa: S608 (pks and literals of this script)
                    f"SELECT r.id, %(q)s, {choice}, {number}, '', {first_of_question} "
                    "FROM surveys_response r WHERE r.survey_id = %(survey)s"
                )
                cursor.execute(
                    sql,
                    {"q": question.pk, "survey": survey.pk},
                )
        cursor.execute(
            "SELECT count(*) FROM surveys_answer a JOIN surveys_response r ON r.id = a.response_id "
            "WHERE r.survey_id = %s",
            [survey.pk],
        )
        return cursor.fetchone()[0]


class _DatabaseTime:
    """Wall time spent inside database calls (execute and fetch) while installed."""

    def __init__(self):
        self.seconds = 0.0
        self.queries = 0

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - started
            self.queries += 1


def measure() -> None:
    """Runs in its own process so its peak memory is the build's alone."""
    from programs.selectors import year_bounds
    from reports.rendering import render_pdf
    from reports.selectors import report_data

    start, end = year_bounds(YEAR)
    params = {"start": start, "end": end, "start_date": start.date(), "end_date": end.date()}
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM programs_intake")
        intakes = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM surveys_answer")
        answers = cursor.fetchone()[0]
    raw_started = time.perf_counter()
    with connection.cursor() as cursor:
        for sql in RAW_SQL:
            cursor.execute(sql, params)
            cursor.fetchall()
    raw = time.perf_counter() - raw_started

    database = _DatabaseTime()
    started = time.perf_counter()
    with connection.execute_wrapper(database):
        snapshot = report_data(year=YEAR, language="en")
    data = time.perf_counter() - started
    pdf_started = time.perf_counter()
    pdf = render_pdf(snapshot)
    pdf_time = time.perf_counter() - pdf_started
    total = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    tables = sum(len(section["tables"]) for section in snapshot["sections"])
    print(f"scale {SCALE}x: {intakes:,} intakes, {answers:,} survey answers in {connection.settings_dict['NAME']}")
    print(f"raw SQL aggregates:          {raw * 1000:8.0f} ms")
    print(
        f"report data gathering (SQL): {database.seconds * 1000:8.0f} ms   ratio {database.seconds / raw:.2f}x "
        f"raw SQL (target <= 1.5x), {database.queries} queries"
    )
    print(f"report data (all sections):  {data * 1000:8.0f} ms   ratio {data / raw:.2f}x raw SQL, with suppression")
    print(f"PDF rendering:               {pdf_time * 1000:8.0f} ms   {len(pdf) / 1024:.0f} KiB, {tables} tables")
    print(f"whole build:                 {total:8.1f} s    (target < 20 s)")
    print(f"peak memory (ru_maxrss):     {peak_mb:8.0f} MB   (target < 500 MB)")
    if ARGS.tracemalloc:
        # A second, traced build: tracemalloc slows Python several times, so it is never timed.
        tracemalloc.start()
        render_pdf(report_data(year=YEAR, language="en"))
        _current, traced_peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(f"peak Python allocations:     {traced_peak / 1024 / 1024:8.0f} MB   (tracemalloc, second build)")
    print(f"load at the end (uptime):    {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}")


def main() -> None:
    if ARGS.measure:
        measure()
        return
    print(f"load at the start (uptime): {' '.join(f'{v:.2f}' for v in os.getloadavg())}")
    call_command("migrate", verbosity=0)
    if not ARGS.skip_load:
        sys.path.insert(0, str(Path(__file__).parent))
        load()
    child = [sys.executable, __file__, "--measure", "--scale", str(SCALE)]
    subprocess.run(child + (["--tracemalloc"] if ARGS.tracemalloc else []), check=True)


if __name__ == "__main__":
    main()
