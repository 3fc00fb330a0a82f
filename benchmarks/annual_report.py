"""Benchmark: the whole English annual report build on a large year, against raw SQL.

Fills PostgreSQL with 100,000 intakes and 150,000 service records over ten programmes,
50,000 survey responses (about 1,000,000 answers) and 2,000 grant applications, then, in a
fresh process, times the data assembly (`reports.selectors.report_data`) and the PDF
(`reports.rendering.render_pdf`), reports that process's peak memory, and times raw SQL
aggregates that compute the same figures over the same tables in the same run.
Targets: whole build under 30 s on 2 cores, peak memory under 500 MB, data within 3x raw SQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/moia_bench .venv/bin/python benchmarks/annual_report.py
    (add --skip-load to measure again without reloading)
"""

import datetime
import os
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "moia.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

YEAR = 2025
INTAKES = 100_000
RECORDS = 150_000
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


def load() -> None:
    from programs.models import CaseType, Intake, Program, ServiceRecord, ServiceType
    from programs.selectors import year_bounds

    rng = random.Random(12)
    started = time.perf_counter()
    call_command("seed_demo", only=["reports"], verbosity=0)
    with transaction.atomic(), connection.cursor() as cursor:
        # History triggers copy every row: off for this bulk load (a benchmark, not an edit).
        cursor.execute("SET LOCAL session_replication_role = replica")
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
        start, _end = year_bounds(YEAR)
        intakes = Intake.objects.bulk_create(
            [
                Intake(
                    program=programs[n % PROGRAMMES],
                    reference=f"BR-{n:08d}",
                    received_at=start + datetime.timedelta(minutes=rng.randrange(525_000)),
                    screened_at=start + datetime.timedelta(minutes=rng.randrange(525_000)),
                    screening_eligible=rng.random() < 0.9,
                )
                for n in range(INTAKES)
            ],
            batch_size=5000,
        )
        records = []
        for n in range(RECORDS):
            service = rng.choice(services)
            records.append(
                ServiceRecord(
                    intake=intakes[n % INTAKES],
                    service_type=service,
                    case_type=rng.choice(cases) if service.is_legal else None,
                    opened_on=datetime.date(YEAR, 1, 1) + datetime.timedelta(days=rng.randrange(365)),
                    outcome=rng.choice(["", "csr-a", "csr-b"]) if service.is_legal else "completed",
                    disposition=rng.choice(["direct", "direct", "referred"]),
                )
            )
        ServiceRecord.objects.bulk_create(records, batch_size=5000)
    print(f"loaded {INTAKES:,} intakes and {RECORDS:,} service records in {time.perf_counter() - started:.0f} s")

    # 50,000 responses / ~1,000,000 answers and 2,000 applications, with the surveys' and grants' own loaders.
    import grants_ranking
    import survey_results

    survey = survey_results.load()
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE surveys_response SET finished_at = %s, started_at = %s WHERE survey_id = %s",
            [
                datetime.datetime(YEAR, 6, 1, 15, tzinfo=datetime.UTC),
                datetime.datetime(YEAR, 6, 1, 14, 52, tzinfo=datetime.UTC),
                survey.pk,
            ],
        )
    grants_ranking.load()
    with connection.cursor() as cursor:
        for table in ("programs_intake", "programs_servicerecord", "surveys_response", "surveys_answer"):
            cursor.execute(f"ANALYZE {table}")


def measure() -> None:
    """Runs in its own process so its peak memory is the build's alone."""
    from programs.selectors import year_bounds
    from reports.rendering import render_pdf
    from reports.selectors import report_data

    start, end = year_bounds(YEAR)
    params = {"start": start, "end": end, "start_date": start.date(), "end_date": end.date()}
    with connection.cursor() as cursor:
        cursor.execute("SET jit = off")
    raw_started = time.perf_counter()
    with connection.cursor() as cursor:
        for sql in RAW_SQL:
            cursor.execute(sql, params)
            cursor.fetchall()
    raw = time.perf_counter() - raw_started

    started = time.perf_counter()
    snapshot = report_data(year=YEAR, language="en")
    data = time.perf_counter() - started
    pdf_started = time.perf_counter()
    pdf = render_pdf(snapshot)
    pdf_time = time.perf_counter() - pdf_started
    total = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    tables = sum(len(section["tables"]) for section in snapshot["sections"])
    print(f"raw SQL aggregates:        {raw * 1000:8.0f} ms")
    print(f"report data (all sections):{data * 1000:8.0f} ms   ratio {data / raw:.2f}x  (target <= 3x)")
    print(f"PDF rendering:             {pdf_time * 1000:8.0f} ms   {len(pdf) / 1024:.0f} KiB, {tables} tables")
    print(f"whole build:               {total:8.1f} s    (target < 30 s)")
    print(f"peak memory:               {peak_mb:8.0f} MB   (target < 500 MB)")


def main() -> None:
    if connection.vendor != "postgresql":
        sys.exit("Set DATABASE_URL to a PostgreSQL database.")
    if "--measure" in sys.argv:
        measure()
        return
    call_command("migrate", verbosity=0)
    if "--skip-load" not in sys.argv:
        sys.path.insert(0, str(Path(__file__).parent))
        load()
    subprocess.run([sys.executable, __file__, "--measure"], check=True)


if __name__ == "__main__":
    main()
