"""The grants dashboard answers at once, with or without applications.

On the demo data it took 4 to 11 s: the applications query grouped by every column of the cycle, the
stream and the organization (each translated text in twelve languages), PostgreSQL estimated a
plan costing over a million and spent the time JIT-compiling it for a handful of rows.
"""

import json
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories.grants import ApplicationFactory, BudgetLineFactory, GrantCycleFactory, MembershipFactory

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


@pytest.fixture
def member(client, office):
    membership = MembershipFactory()
    cycle = GrantCycleFactory(title_en="Immigrant Inclusion Fund", title_es="Fondo de Inclusión")
    for title, amounts in (("Workshops", ["1000", "250.50"]), ("Clinics", [])):
        application = ApplicationFactory(organization=membership.organization, cycle=cycle, title=title)
        for amount in amounts:
            BudgetLineFactory(application=application, amount=Decimal(amount))
    ApplicationFactory(title="Someone else's")
    client.force_login(membership.user)
    client.get("/es/grants/dashboard/")  # the page chrome and office profile are cached from here on
    return membership.user


def test_the_dashboard_takes_five_statements_and_shows_the_requested_totals(client, member):
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/es/grants/dashboard/")
    # Session, user, organizations, applications (with their totals and cycles), reports due.
    assert len(queries) == 5, [q["sql"][:120] for q in queries]
    html = page.content.decode()
    assert "Workshops" in html
    assert re.search(r"1\D?250[.,]50", html)  # 1000 + 250.50, in the page's number format
    assert "Fondo de Inclusión" in html
    assert "Someone else" not in html


def test_no_dashboard_query_is_costly_enough_for_postgresql_to_jit_compile_it(client, member):
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit_above_cost")
        jit_above_cost = float(cursor.fetchone()[0])
    with CaptureQueriesContext(connection) as queries:
        client.get("/en/grants/dashboard/")
    with connection.cursor() as cursor:
        for query in (q for q in queries if q["sql"].startswith("SELECT")):
            cursor.execute("EXPLAIN (FORMAT JSON) " + query["sql"])
            plan = cursor.fetchone()[0]
            plan = json.loads(plan) if isinstance(plan, str) else plan
            assert plan[0]["Plan"]["Total Cost"] < jit_above_cost, query["sql"][:300]
