"""Benchmark: the reviewers' ranking (grants.selectors.ranking_for) and the 360Giving export.

Loads one benchmark cycle with 2,000 submitted applications, 3 reviewers each and 5 weighted
criteria (30,000 scores), plus 2,000 awards, with bulk_create and a fixed random seed, then
times ranking_for (weighted average and spread computed in SQL) and package_360giving.
Targets: ranking under 1 second and export under 3 seconds, each with a query count that does
not grow with the data.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/moia_grants .venv/bin/python benchmarks/grants_ranking.py
"""

import datetime
import os
import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "moia.settings")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from directory.models import Organization  # noqa: E402
from grants.models import (  # noqa: E402
    Application,
    Award,
    FundingStream,
    GrantCycle,
    ReviewAssignment,
    RubricCriterion,
    Score,
)
from grants.opendata import package_360giving  # noqa: E402
from grants.selectors import ranking_for  # noqa: E402
from moia.accounts.models import User  # noqa: E402

APPLICATIONS = 2_000
REVIEWERS_EACH = 3
CRITERIA = 5
SLUG = "bench-grants-ranking"
RUNS = 5


def load() -> GrantCycle:
    rng = random.Random(6)
    now = timezone.now()
    with transaction.atomic():
        Award.objects.filter(application__cycle__slug=SLUG).delete()
        Application.objects.filter(cycle__slug=SLUG).delete()
        GrantCycle.objects.filter(slug=SLUG).delete()
        cycle = GrantCycle.objects.create(
            slug=SLUG,
            year=now.year,
            title="Benchmark cycle",
            total_pool=Decimal("10000000"),
            min_award=Decimal("1000"),
            max_award=Decimal("10000"),
            opens_at=now - datetime.timedelta(days=30),
            closes_at=now - datetime.timedelta(days=1),
        )
        stream = FundingStream.objects.create(cycle=cycle, slug="bench", title="Bench stream")
        criteria = [
            RubricCriterion.objects.create(cycle=cycle, name=f"Criterion {n}", weight=Decimal(n + 1))
            for n in range(CRITERIA)
        ]
        reviewers = [
            User.objects.get_or_create(email=f"bench-reviewer-{n}@example.org")[0] for n in range(REVIEWERS_EACH * 4)
        ]
        organizations = Organization.objects.bulk_create(
            [
                Organization(slug=f"bench-grants-org-{n}", name=f"Bench org {n}", tax_id=f"04-{5000000 + n}")
                for n in range(APPLICATIONS)
            ],
            ignore_conflicts=True,
        )
        organizations = list(Organization.objects.filter(slug__startswith="bench-grants-org-").order_by("slug"))
        applications = Application.objects.bulk_create(
            [
                Application(cycle=cycle, stream=stream, organization=org, status="under_review", title=f"Project {n}")
                for n, org in enumerate(organizations[:APPLICATIONS])
            ]
        )
        assignments = ReviewAssignment.objects.bulk_create(
            [
                ReviewAssignment(application=app, reviewer=reviewer, conflict_declared=False, declared_at=now)
                for app in applications
                for reviewer in rng.sample(reviewers, REVIEWERS_EACH)
            ]
        )
        Score.objects.bulk_create(
            [Score(assignment=a, criterion=c, value=rng.randint(0, 5)) for a in assignments for c in criteria],
            batch_size=5_000,
        )
        Award.objects.bulk_create(
            [Award(application=app, amount=Decimal("5000"), award_date=now.date()) for app in applications]
        )
    if connection.vendor == "postgresql":
        # Fresh statistics, as autovacuum would have after a real cycle; without them the
        # planner's guesses send a 2,000-row query through JIT compilation for seconds.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return cycle


def timed(label: str, func) -> None:
    durations = []
    for _run in range(RUNS):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            result = func()
            durations.append(time.perf_counter() - started)
    print(
        f"{label}: median {statistics.median(durations) * 1000:.0f} ms, "
        f"max {max(durations) * 1000:.0f} ms, {len(queries)} queries, {len(result)} rows"
    )


def main() -> None:
    started = time.perf_counter()
    cycle = load()
    print(
        f"loaded {APPLICATIONS} applications, {APPLICATIONS * REVIEWERS_EACH * CRITERIA} scores "
        f"in {time.perf_counter() - started:.1f} s on {connection.vendor}"
    )
    timed("ranking_for", lambda: ranking_for(cycle=cycle))
    timed("package_360giving", lambda: package_360giving()["grants"])


if __name__ == "__main__":
    main()
