"""Search relevance on the Boston demo directory: what residents type, in the 12 languages.

Prints recall@5 and the number of queries that found nothing, per language, for the whole set
and for its held-out part (queries.yaml says what that is). Fails below 95% recall@5 overall,
or if any query finds nothing: a resident must never be left with an empty page.
"""

from collections import defaultdict
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command

from directory.models import Service
from directory.selectors import service_search_ranking

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

QUERIES = yaml.safe_load((Path(__file__).parent / "queries.yaml").read_text(encoding="utf-8"))["queries"]
TARGET = 0.95


def _recall_at_5(found: list[str], relevant: list[str]) -> float:
    return len(set(found[:5]) & set(relevant)) / min(len(relevant), 5)


def _table(rows: dict) -> str:
    lines = [f"{'language':10} {'queries':>7} {'recall@5':>9} {'zero':>5}  {'held-out recall@5':>17}"]
    for language, results in sorted(rows.items()):
        recalls = [r for r, _zero, _held in results]
        held = [r for r, _zero, h in results if h]
        zero = sum(z for _r, z, _h in results)
        held_text = f"{sum(held) / len(held):.1%}" if held else "-"
        lines.append(f"{language:10} {len(results):7} {sum(recalls) / len(recalls):9.1%} {zero:5}  {held_text:>17}")
    return "\n".join(lines)


def test_residents_queries_find_the_right_services_in_every_language(office, capsys):
    call_command("seed_demo", office="boston", only=["directory"], verbosity=0)
    services = Service.objects.filter(status=Service.Status.ACTIVE)
    slugs = dict(services.values_list("pk", "slug"))
    rows, misses = defaultdict(list), []
    for query in QUERIES:
        ranking = service_search_ranking(services=services, query=query["q"], language=query["lang"]) or []
        found = [slugs[pk] for pk, _score in ranking]
        recall = _recall_at_5(found, query["relevant"])
        rows[query["lang"]].append((recall, not found, bool(query.get("held_out"))))
        if recall < 1:
            misses.append(f"  {query['lang']:8} {recall:4.0%} {query['q']!r} -> {found[:5]}")
    everything = [r for results in rows.values() for r in results]
    overall = sum(r for r, _z, _h in everything) / len(everything)
    held = [r for r, _z, h in everything if h]
    zero = sum(z for _r, z, _h in everything)
    report = (
        f"\n{_table(rows)}\nall {len(everything)} queries: recall@5 {overall:.1%}, zero results {zero};"
        f" held-out {len(held)}: recall@5 {sum(held) / len(held):.1%}\nmisses:\n" + "\n".join(misses)
    )
    with capsys.disabled():
        print(report)
    assert len(QUERIES) >= 200
    assert len(held) >= 60
    assert all(len(results) >= 15 for results in rows.values())
    assert len(rows) == 12
    assert zero == 0, report
    assert overall >= TARGET, report
