"""Directory benchmark: 5,000 services in 12 languages on PostgreSQL, served by gunicorn, measured with wrk.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/moia_hsds .venv/bin/python benchmarks/directory.py

Steps: migrate; seed 5,000 services (bulk_create, fixed random seed; skipped when the same
seed is already there); collect static files into a temporary STATIC_ROOT; start gunicorn
with production settings (2 workers) on a loopback port; run wrk (16 connections, 10 s per
scenario) against a trivial view (/robots.txt, no database), the list page, search and
detail pages; print requests/s, p50 and p99 latency and the ratio to the trivial view
(measured first and again last; ratios are against the mean of the two).
Before each scenario, 3 s of the same load warm the worker processes (connections, query
plans); the page cache is then emptied, so the measured 10 s start with no page or card cached.

Every scenario runs twice: with the public page cache on (production default) and with it
off (PUBLIC_PAGE_CACHE_SECONDS=0), which shows what a page costs to build. Options:
--duration, --connections, --reseed, --only-cached, --port. Results are also written as
JSON to benchmarks/out/.
"""

import argparse
import datetime
import json
import os
import platform
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
# Run as a script, this folder would come first on sys.path and "directory" would be this file.
sys.path[:] = [str(ROOT)] + [p for p in sys.path if Path(p or ".").resolve() != ROOT / "benchmarks"]

from benchmarks.directory_vocabulary import (  # noqa: E402
    ELIGIBILITY,
    FEES,
    HOW_TO_APPLY,
    LANGUAGES,
    PLACES,
    SENTENCES,
    TOPICS,
    search_queries,
)

SERVICES = 5_000
# Seconds of load before each scenario, to warm the worker processes (not the page cache).
WARM_UP_SECONDS = 3
ORGANIZATIONS = 250
LOCATIONS = 500
SEED = 20261122
PREFIX = "bench-"
TARGETS = {  # (share of the trivial view's requests/s, p99 in ms)
    "list": (0.50, 150),
    "detail": (0.50, 150),
    "detail (warmed: 240 popular)": (0.50, 150),
    # Issue 21: rotated searches with the page cache >= 30 % of the trivial view; unique queries
    # (no page cache can answer) must not fall below the 5 % measured before the OR ranking.
    "search": (0.30, 300),
    "search (unique queries)": (0.05, 300),
}

LUA = r"""
-- Rotates through the paths in PATHS_FILE; each wrk thread starts at its own offset.
local paths = {}
for line in io.lines(os.getenv("PATHS_FILE")) do paths[#paths + 1] = line end
local threads, counter = {}, 0
function setup(thread)
  thread:set("offset", counter)
  counter = counter + 1
  table.insert(threads, thread)
end
function init(args)
  i = tonumber(offset) * math.floor(#paths / 2)
end
function request()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1])
end
function done(summary, latency, requests)
  local bad = summary.errors.status + summary.errors.connect + summary.errors.read
    + summary.errors.write + summary.errors.timeout
  io.write(string.format(
    'RESULT {"requests": %d, "duration_us": %d, "errors": %d, '
    .. '"p50_us": %d, "p90_us": %d, "p99_us": %d, "max_us": %d}\n',
    summary.requests, summary.duration, bad, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency.max))
end
"""


def log(message: str) -> None:
    print(f"[{datetime.datetime.now():%H:%M:%S}] {message}", flush=True)


# ------------------------------------------------------------------------------
# Seeding
# ------------------------------------------------------------------------------
def seed() -> None:
    """5,000 services with their text in all 12 languages, bulk-created, with search documents and reviews."""
    from django.db import transaction
    from modeltranslation.utils import build_localized_fieldname as localized

    from directory import models
    from directory.services import services_search_index_rebuild
    from directory.signals import indexing_suspended

    rng = random.Random(SEED)
    started = time.monotonic()
    with transaction.atomic(), indexing_suspended():
        old = models.Service.objects.filter(slug__startswith=PREFIX)
        models.ServiceSearchDocument.objects.filter(service__in=old).delete()
        models.RequiredDocument.objects.filter(service__in=old).delete()
        old.delete()
        models.Location.objects.filter(slug__startswith=PREFIX).delete()
        models.Organization.objects.filter(slug__startswith=PREFIX).delete()
        models.TaxonomyTerm.objects.filter(code__startswith=PREFIX).delete()

        neighborhoods = []
        for order, place in enumerate(PLACES):
            neighborhood, _ = models.Neighborhood.objects.update_or_create(
                slug=place.lower().replace(" ", "-"), defaults={"name": place, "order": order}
            )
            neighborhoods.append(neighborhood)
        terms = models.TaxonomyTerm.objects.bulk_create(
            [
                models.TaxonomyTerm(
                    code=f"{PREFIX}topic-{n}",
                    order=n,
                    **{localized("name", lang): TOPICS[lang][n] for lang in LANGUAGES},
                    name=TOPICS["en"][n],
                )
                for n in range(12)
            ]
        )
        organizations = models.Organization.objects.bulk_create(
            [
                models.Organization(
                    slug=f"{PREFIX}org-{n}",
                    name=f"{PLACES[n % len(PLACES)]} Community Partners {n}",
                    name_en=f"{PLACES[n % len(PLACES)]} Community Partners {n}",
                    **{
                        localized("description", lang): SENTENCES[lang].format(
                            topic=TOPICS[lang][n % 12], place=PLACES[n % len(PLACES)]
                        )
                        for lang in LANGUAGES
                    },
                    website=f"https://org{n}.example.org",
                    is_demo=True,
                )
                for n in range(ORGANIZATIONS)
            ]
        )
        locations = models.Location.objects.bulk_create(
            [
                models.Location(
                    slug=f"{PREFIX}location-{n}",
                    name=f"{PLACES[n % len(PLACES)]} center {n}",
                    organization=organizations[n % ORGANIZATIONS],
                    address_1=f"{100 + n} Main Street",
                    city="Boston",
                    state_province="MA",
                    postal_code=f"02{100 + n % 90:03d}",
                    neighborhood=neighborhoods[n % len(neighborhoods)],
                    latitude=f"{42.30 + rng.random() / 10:.6f}",
                    longitude=f"{-71.10 + rng.random() / 10:.6f}",
                    is_demo=True,
                )
                for n in range(LOCATIONS)
            ]
        )
        services = []
        for n in range(SERVICES):
            topic, place = n % 12, PLACES[(n // 12) % len(PLACES)]
            text = {}
            for lang in LANGUAGES:
                text[localized("name", lang)] = f"{TOPICS[lang][topic]} · {place} {n}"
                text[localized("description", lang)] = SENTENCES[lang].format(topic=TOPICS[lang][topic], place=place)
                text[localized("eligibility_description", lang)] = ELIGIBILITY[lang]
                text[localized("fees_description", lang)] = FEES[lang]
                text[localized("application_process", lang)] = HOW_TO_APPLY[lang]
            service = models.Service(
                slug=f"{PREFIX}service-{n}",
                organization=organizations[n % ORGANIZATIONS],
                name=text["name_en"],
                description=text["description_en"],
                status=models.Service.Status.ACTIVE,
                regardless_of_status=rng.random() < 0.6,
                no_id_required=rng.random() < 0.5,
                free_interpretation=rng.random() < 0.5,
                is_free=rng.random() < 0.7,
                walk_in=rng.random() < 0.5,
                by_phone=rng.random() < 0.6,
                online=rng.random() < 0.3,
                is_demo=True,
                **text,
            )
            service.english_fingerprint = service.english_fingerprint_compute()
            services.append(service)
        services = models.Service.objects.bulk_create(services, batch_size=500)
        through = models.Service.taxonomy_terms.through
        through.objects.bulk_create(
            [through(service_id=s.pk, taxonomyterm_id=terms[n % 12].pk) for n, s in enumerate(services)]
            + [
                through(service_id=s.pk, taxonomyterm_id=terms[(n + 5) % 12].pk)
                for n, s in enumerate(services)
                if n % 3 == 0
            ],
            batch_size=2000,
        )
        models.ServiceAtLocation.objects.bulk_create(
            [
                models.ServiceAtLocation(service=s, location=locations[(n * 7) % LOCATIONS])
                for n, s in enumerate(services)
            ],
            batch_size=2000,
        )
        models.Phone.objects.bulk_create(
            [models.Phone(service=s, number=f"617-555-{n % 10000:04d}") for n, s in enumerate(services)],
            batch_size=2000,
        )
        models.Schedule.objects.bulk_create(
            [
                models.Schedule(
                    service=s, byday="MO,TU,WE,TH,FR", opens_at=datetime.time(9), closes_at=datetime.time(17)
                )
                for s in services
            ],
            batch_size=2000,
        )
        models.Language.objects.bulk_create(
            [
                models.Language(service=s, code=code)
                for n, s in enumerate(services)
                for code in ("en", LANGUAGES[1 + n % 11])
            ],
            batch_size=2000,
        )
        models.ServiceTranslationReview.objects.bulk_create(
            [
                models.ServiceTranslationReview(service=s, language=lang, source_version=1)
                for s in services
                for lang in LANGUAGES[1:]
            ],
            batch_size=5000,
        )
        log(f"  rows inserted in {time.monotonic() - started:.0f} s; building search documents")
        services_search_index_rebuild(queryset=models.Service.objects.filter(slug__startswith=PREFIX))
    log(f"seeded {SERVICES} services in {time.monotonic() - started:.0f} s")


def analyze() -> None:
    """What autovacuum does to a real site's tables within minutes of a bulk load, done now: fresh
    planner statistics (right after the load PostgreSQL still believes the tables are empty and picks
    nested loops that make a list page take 0.5 s instead of 50 ms) and no dead rows."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def seed_if_needed(force: bool) -> None:
    from directory import models

    have = models.Service.objects.filter(slug__startswith=PREFIX).count()
    documents = models.ServiceSearchDocument.objects.filter(service__slug__startswith=PREFIX).count()
    if not force and have == SERVICES and documents == SERVICES * len(LANGUAGES):
        log(f"{SERVICES} benchmark services already seeded")
        return
    log(f"seeding {SERVICES} services in {len(LANGUAGES)} languages")
    seed()


# ------------------------------------------------------------------------------
# Serving and measuring
# ------------------------------------------------------------------------------
def production_env(tmp: Path, *, page_cache_seconds: int) -> dict[str, str]:
    redis_url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/10")
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench_settings",
        "PYTHONPATH": f"{tmp}:{ROOT}",
        "DJANGO_ENV": "production",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECRET_KEY": "benchmark-only-" + "x" * 50,
        "FIELD_ENCRYPTION_KEYS": "benchmark-only-key",
        "REDIS_URL": redis_url,
        "CELERY_BROKER_URL": os.environ.get("CELERY_BROKER_URL", redis_url),
        "PUBLIC_PAGE_CACHE_SECONDS": str(page_cache_seconds),
        # wrk is one client asking thousands of times a second: the API's per-client limit would
        # answer 429 and the benchmark would time the refusal, not the API.
        "HSDS_API_RATE": "100000000/m",
        "DJANGO_TESTING": "",
    }


def write_settings(tmp: Path) -> None:
    """Production settings with STATIC_ROOT in a temporary folder (the checkout stays untouched)."""
    (tmp / "bench_settings.py").write_text(
        f"from moia.settings import *  # noqa: F403\n\nSTATIC_ROOT = {str(tmp / 'static')!r}\n"
    )


def collectstatic(tmp: Path) -> None:
    env = production_env(tmp, page_cache_seconds=300)
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )


class Gunicorn:
    def __init__(
        self,
        tmp: Path,
        port: int,
        *,
        page_cache_seconds: int = 300,
        app: str = "moia.wsgi:application",
        cwd: Path = ROOT,
        env: dict | None = None,
        probe: str = "/robots.txt",
        name: str = "",
    ):
        self.url = f"http://127.0.0.1:{port}"
        logs = ROOT / "benchmarks" / "out"
        logs.mkdir(exist_ok=True)
        self.log = open(logs / f"gunicorn-{name or f'cache-{page_cache_seconds}'}.log", "w")  # noqa: SIM115
        self.process = subprocess.Popen(
            [str(Path(sys.executable).with_name("gunicorn")), app, "--bind", f"127.0.0.1:{port}", "--workers", "2"],
            cwd=cwd,
            env=env or production_env(tmp, page_cache_seconds=page_cache_seconds),
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and self.process.poll() is None:
            try:
                with urllib.request.urlopen(self.url + probe, timeout=2) as response:  # noqa: S310 (our loopback URL)
                    # Another program on the port (someone's runserver) must not be measured by mistake.
                    if response.status == 200 and response.headers.get("Server", "").startswith("gunicorn"):
                        return
            except OSError:
                pass
            time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"gunicorn did not start; see {self.log.name}")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.log.close()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def drain(base: str, probe: str = "/robots.txt") -> None:
    """Wait until gunicorn has worked through the requests wrk left queued, so scenarios do not overlap."""
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        started = time.monotonic()
        check(base + probe)
        if time.monotonic() - started < 0.2:
            return
        time.sleep(1)


def check(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=120) as response:  # noqa: S310 (our loopback URL)
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def wrk(base: str, paths: list[str], *, tmp: Path, duration: int, connections: int) -> dict:
    paths_file = tmp / "paths.txt"
    paths_file.write_text("\n".join(paths) + "\n")
    script = tmp / "rotate.lua"
    script.write_text(LUA)
    completed = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--timeout", "30s", "-s", str(script), base],
        env={**os.environ, "PATHS_FILE": str(paths_file)},
        capture_output=True,
        text=True,
        check=True,
    )
    line = next(line for line in completed.stdout.splitlines() if line.startswith("RESULT "))
    result = json.loads(line.removeprefix("RESULT "))
    result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
    return result


def scenarios() -> dict[str, tuple[list[str], bool]]:
    """The paths each scenario rotates through, and whether they are requested once before measuring.

    Warmed scenarios show the steady state of pages many residents open (the cache answers);
    the others rotate through more pages than can be cached within a run."""
    rng = random.Random(SEED)
    list_paths = [f"/{lang}/directory/?page={page}" for page in range(1, 4) for lang in LANGUAGES]
    search_paths = [f"/{lang}/directory/?q={quote(query)}" for lang, query in search_queries()]
    rng.shuffle(search_paths)
    # Unique queries (a query and a place name), none repeated in a run: no cached page can answer.
    cold = [
        f"/{lang}/directory/?q={quote(query + ' ' + place)}" for lang, query in search_queries() for place in PLACES
    ]
    rng.shuffle(cold)
    details = [f"/{lang}/directory/{PREFIX}service-{n}/" for n in range(SERVICES) for lang in LANGUAGES]
    rng.shuffle(details)
    popular = details[:240]
    from directory.models import Service

    ids = [
        str(pk) for pk in Service.objects.filter(slug__startswith=PREFIX).order_by("slug").values_list("pk", flat=True)
    ]
    api_details = [f"/api/hsds/services/{pk}?lang={lang}" for pk in ids for lang in LANGUAGES]
    rng.shuffle(api_details)
    return {
        "trivial": (["/robots.txt"], False),
        "list": (list_paths, True),
        "search": (search_paths, False),
        "search (unique queries)": (cold, False),
        "detail (warmed: 240 popular)": (popular, True),
        "detail": (details, False),
        # The open-data API (directory/HSDS.md): no target in the issue, measured for reference.
        "api: services 50 a page (warmed)": (
            [f"/api/hsds/services?page={page}&lang={lang}" for page in range(1, 4) for lang in LANGUAGES],
            True,
        ),
        "api: service (shuffled)": (api_details, False),
    }


def run_pass(
    tmp: Path, port: int, *, page_cache_seconds: int, duration: int, connections: int, only: set[str]
) -> dict[str, dict]:
    from directory.caching import directory_cache_invalidate

    paths = {name: value for name, value in scenarios().items() if not only or name in only or name == "trivial"}
    # The trivial view again at the end: the machine's speed drifts over a run, and every ratio
    # is taken against the mean of both measurements rather than one that may be an outlier.
    paths["trivial (end)"] = paths["trivial"]
    server = Gunicorn(tmp, port, page_cache_seconds=page_cache_seconds)
    results: dict[str, dict] = {}
    try:
        for name, (scenario_paths, warm) in paths.items():
            drain(server.url)
            for path in scenario_paths[:3]:
                status = check(server.url + path)
                if status != 200:
                    raise RuntimeError(f"{path} answered {status}")
            # Warm processes, as a server that has been up a while has: both workers' database
            # connections and query plans, PostgreSQL's buffers. The pages this fills are then
            # dropped, so the measured run still starts with nothing cached.
            wrk(server.url, scenario_paths, tmp=tmp, duration=WARM_UP_SECONDS, connections=connections)
            drain(server.url)
            directory_cache_invalidate()  # every scenario starts with a cold page cache...
            if warm and page_cache_seconds:
                for path in scenario_paths:  # ...except the warmed ones, requested once first
                    check(server.url + path)
            log(f"  {name}: {len(scenario_paths)} paths{' (warmed)' if warm and page_cache_seconds else ''}")
            results[name] = wrk(server.url, scenario_paths, tmp=tmp, duration=duration, connections=connections)
            results[name]["paths"] = len(scenario_paths)
            # Other work on the machine skews the figures; the load average says how much.
            results[name]["load_1min"] = os.getloadavg()[0]
    finally:
        server.stop()
    return results


# ------------------------------------------------------------------------------
# Second baseline: a minimal Django project
# ------------------------------------------------------------------------------
# What any Django page costs on this machine: startproject's own settings (its middleware, no
# database query), one view rendering a 50-line template, served by the same gunicorn. The
# directory's cached pages are compared with it, which the trivial view (no template, none of
# the portal's middleware) does not show.
MINIMAL_VIEW = """
from django.shortcuts import render
from django.urls import path


def page(request):
    return render(request, "page.html", {"items": range(20), "title": "Minimal"})


urlpatterns = [path("", page)]
"""
MINIMAL_TEMPLATE = "\n".join(
    [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '  <meta charset="utf-8">',
        "  <title>{{ title }}</title>",
        "</head>",
        "<body>",
        "  <h1>{{ title }}</h1>",
        "  <ul>",
        "  {% for item in items %}",
        "    <li>Item {{ item }}</li>",
        "  {% endfor %}",
        "  </ul>",
        *(f"  <p>Paragraph {n} of a page of about fifty lines, as a small site's page is.</p>" for n in range(34)),
        "  <footer>{{ title|upper }}</footer>",
        "</body>",
        "</html>",
    ]
)


def minimal_project(tmp: Path) -> tuple[Path, dict[str, str]]:
    """`django-admin startproject minimal`, its settings kept but for DEBUG and the host, with one view."""
    folder = tmp / "minimal-project"
    folder.mkdir()
    subprocess.run([sys.executable, "-m", "django", "startproject", "minimal", str(folder)], check=True)
    settings_file = folder / "minimal" / "settings.py"
    text = settings_file.read_text().replace("DEBUG = True", "DEBUG = False")
    text = text.replace("ALLOWED_HOSTS = []", 'ALLOWED_HOSTS = ["127.0.0.1"]')
    text = text.replace("'DIRS': [],", "'DIRS': [BASE_DIR / 'templates'],")
    settings_file.write_text(text)
    (folder / "minimal" / "urls.py").write_text(MINIMAL_VIEW)
    (folder / "templates").mkdir()
    (folder / "templates" / "page.html").write_text(MINIMAL_TEMPLATE + "\n")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "minimal.settings", "PYTHONPATH": str(folder)}
    env.pop("DATABASE_URL", None)
    return folder, env


def run_minimal(tmp: Path, port: int, *, duration: int, connections: int) -> dict:
    folder, env = minimal_project(tmp)
    server = Gunicorn(tmp, port, app="minimal.wsgi:application", cwd=folder, env=env, probe="/", name="minimal")
    try:
        wrk(server.url, ["/"], tmp=tmp, duration=WARM_UP_SECONDS, connections=connections)
        drain(server.url, "/")
        result = wrk(server.url, ["/"], tmp=tmp, duration=duration, connections=connections)
        result["paths"] = 1
        result["load_1min"] = os.getloadavg()[0]
        return result
    finally:
        server.stop()


def minimal_ratios(results: dict[str, dict], minimal: dict) -> list[str]:
    """Cached list and detail pages as a share of the minimal Django project's requests/s."""
    lines = [f"minimal Django project (startproject, one 50-line template): {minimal['rps']:.1f} req/s"]
    for name in ("list", "detail (warmed: 240 popular)"):
        if name in results:
            share = results[name]["rps"] / minimal["rps"]
            verdict = "met" if share >= MINIMAL_TARGET else "MISSED"
            lines.append(f"  {name:<34}{results[name]['rps']:>9.1f} req/s = {share:.0%} of it  {verdict} (>= 50%)")
    return lines


MINIMAL_TARGET = 0.5


def baseline_rps(results: dict[str, dict]) -> float:
    """Requests/s of the trivial view: the mean of its runs at the start and the end of the pass."""
    runs = [results[name]["rps"] for name in ("trivial", "trivial (end)") if name in results]
    return sum(runs) / len(runs)


def table(results: dict[str, dict], *, cached: bool) -> list[str]:
    trivial = baseline_rps(results)
    lines = [
        f"{'scenario':<36}{'paths':>7}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'errors':>8}{'vs trivial':>12}"
        f"{'load':>6}  target",
        "-" * 116,
    ]
    for name, r in results.items():
        ratio = r["rps"] / trivial
        key = name if name in TARGETS else "search" if name.startswith("search") else name
        verdict = ""
        if key in TARGETS and cached:
            share, p99 = TARGETS[key]
            ok = ratio >= share and r["p99_us"] / 1000 < p99
            verdict = f"{'met' if ok else 'MISSED'} (>= {share:.0%}, p99 < {p99} ms)"
        lines.append(
            f"{name:<36}{r['paths']:>7}{r['rps']:>9.1f}{r['p50_us'] / 1000:>9.1f}{r['p99_us'] / 1000:>9.1f}"
            f"{r['errors']:>8}{ratio:>11.0%}{r['load_1min']:>7.1f}  {verdict}"
        )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--duration", type=int, default=10, help="seconds per scenario (default 10)")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--port", type=int, default=0, help="loopback port (default: a free one)")
    parser.add_argument("--reseed", action="store_true", help="seed again even if the data is there")
    parser.add_argument("--only-cached", action="store_true", help="skip the pass without the page cache")
    parser.add_argument(
        "--scenarios", default="", help="comma-separated scenario names to run (default: all; trivial always runs)"
    )
    args = parser.parse_args()

    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL database (this benchmark seeds 5,000 services into it).")
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install wrk")
    os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/10")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "moia.settings")
    import django
    from django.core.management import call_command

    django.setup()
    log("migrating")
    call_command("migrate", "--noinput", verbosity=0)
    seed_if_needed(args.reseed)
    analyze()

    port = args.port or free_port()
    with tempfile.TemporaryDirectory(prefix="directory-bench-") as name:
        tmp = Path(name)
        write_settings(tmp)
        log("collecting static files into a temporary STATIC_ROOT")
        collectstatic(tmp)
        passes = {"page cache on (production default)": 300}
        if not args.only_cached:
            passes["page cache off (PUBLIC_PAGE_CACHE_SECONDS=0)"] = 0
        report = {
            "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
            "machine": (
                f"{platform.node()} · {os.cpu_count()} CPUs · {platform.platform()}"
                f" · Python {platform.python_version()}"
            ),
            "duration_s": args.duration,
            "connections": args.connections,
            "passes": {},
        }
        printed = []
        for title, seconds in passes.items():
            log(f"pass: {title}")
            results = run_pass(
                tmp,
                port,
                page_cache_seconds=seconds,
                duration=args.duration,
                connections=args.connections,
                only={name.strip() for name in args.scenarios.split(",") if name.strip()},
            )
            report["passes"][title] = results
            printed += ["", f"== {title}", *table(results, cached=seconds > 0)]
            if seconds > 0:
                log("minimal Django project")
                minimal = run_minimal(tmp, port, duration=args.duration, connections=args.connections)
                report["minimal_django"] = minimal
                printed += ["", *minimal_ratios(results, minimal)]
    print("\n".join(printed))
    out = ROOT / "benchmarks" / "out"
    out.mkdir(exist_ok=True)
    path = out / f"directory-{datetime.datetime.now():%Y%m%d-%H%M%S}.json"
    path.write_text(json.dumps(report, indent=2))
    print(f"\n{report['machine']}\nwrk -t2 -c{args.connections} -d{args.duration}s; JSON in {path}")


if __name__ == "__main__":
    main()
