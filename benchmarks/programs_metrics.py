"""Benchmark: the ordinance metrics (programs.selectors.program_metrics) on a large year.

Loads 20,000 intakes (BENCH_INTAKES) and about 1.3 service records each into one benchmark programme
(bulk_create, PostgreSQL recommended), then times program_metrics for the whole office and
for the programme. Target: under 1 second each, with a query count that does not depend
on the data (it is the same on the small test fixture).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/moia_prog .venv/bin/python benchmarks/programs_metrics.py
"""

import datetime
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "moia.settings")

import django  # noqa: E402

django.setup()

from django.db import connection, reset_queries, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from programs.models import CaseType, Intake, Program, ServiceRecord, ServiceType  # noqa: E402
from programs.selectors import program_metrics, year_bounds  # noqa: E402

INTAKES = int(os.environ.get("BENCH_INTAKES", "20000"))
YEAR = 2025
SLUG = "benchmark-metrics"
RUNS = 7


def load() -> Program:
    rng = random.Random(7)
    with transaction.atomic():
        Intake.objects.filter(program__slug=SLUG).delete()
        program, _created = Program.objects.update_or_create(slug=SLUG, defaults={"name": "Benchmark programme"})
        services = [
            ServiceType.objects.update_or_create(slug=f"bench-{n}", defaults={"name": f"Bench {n}", "is_legal": n < 2})[
                0
            ]
            for n in range(6)
        ]
        cases = [
            CaseType.objects.update_or_create(slug=f"bench-case-{n}", defaults={"name": f"Case {n}"})[0]
            for n in range(8)
        ]
        start, _end = year_bounds(YEAR)
        intakes = Intake.objects.bulk_create(
            [
                Intake(
                    program=program,
                    reference=f"B-{n:08d}",
                    received_at=start + datetime.timedelta(minutes=rng.randrange(525_600)),
                    screened_at=start + datetime.timedelta(minutes=rng.randrange(525_600)),
                    screening_eligible=rng.random() < 0.9,
                    name=f"Benchmark Resident {n}",
                )
                for n in range(INTAKES)
            ],
            batch_size=5000,
        )
        records = []
        for intake in intakes:
            for _ in range(rng.choice((1, 1, 2))):
                service = rng.choice(services)
                records.append(
                    ServiceRecord(
                        intake=intake,
                        service_type=service,
                        case_type=rng.choice(cases) if service.is_legal else None,
                        opened_on=datetime.date(YEAR, 1, 1) + datetime.timedelta(days=rng.randrange(365)),
                        outcome=rng.choice(["", "csr-a", "csr-b"]) if service.is_legal else "completed",
                        disposition=rng.choice(["direct", "direct", "referred"]),
                    )
                )
        ServiceRecord.objects.bulk_create(records, batch_size=5000)
    return program


def timed(**kwargs) -> tuple[float, int]:
    durations = []
    for _ in range(RUNS):
        reset_queries()
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            program_metrics(year=YEAR, **kwargs)
            durations.append(time.perf_counter() - started)
    return statistics.median(durations), len(queries)


def main() -> None:
    started = time.perf_counter()
    program = load()
    print(
        f"loaded {INTAKES} intakes and {ServiceRecord.objects.filter(intake__program=program).count()} records "
        f"in {time.perf_counter() - started:.1f} s ({connection.vendor})"
    )
    for label, kwargs in (("all programmes", {}), ("one programme", {"program": program})):
        median, queries = timed(**kwargs)
        print(f"program_metrics({label}): median {median * 1000:.0f} ms over {RUNS} runs, {queries} queries")


if __name__ == "__main__":
    main()
