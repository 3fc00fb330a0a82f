"""Mixed load on loopback: directory browsing and search, and survey completions, for a fixed time.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/moia_load REDIS_URL=redis://127.0.0.1:6379/6 \
      .venv/bin/python benchmarks/load.py [--seconds 30] [--browsers 8] [--respondents 4]

Steps: migrate the database and seed the demo directory and surveys (`seed_demo --only directory
surveys`, idempotent); collect static files into a temporary STATIC_ROOT; start gunicorn with
production settings (2 sync workers) on a free loopback port; then run, from two separate
processes, for --seconds:

- browsers (threads): a random mix of directory list pages (12 languages, pages 1-3, categories),
  searches (200 queries in the 12 languages, rotated) and service detail pages (every demo
  service in 6 languages);
- respondents (threads): real survey completions, as a browser without JavaScript does them:
  GET the intro and each page, parse the CSRF token and the form's fields, POST an answer for
  every field, follow the redirect to the next page, up to the thank-you page.

Each completion comes from its own loopback address (127.B.x.y, B random per run): the portal
limits submissions to 20 an hour per client address, and 127.0.0.1 alone would hit that limit
after 20 completions. Requests carry `X-Forwarded-Proto: https`, as behind the TLS proxy, so the
secure `__Host-` cookies and the CSRF origin check work as in production.

Prints throughput, p50/p99 latency and errors per scenario (an error: an exception, a status
other than 2xx/3xx, or a survey page that re-displays with form errors) and counts the survey
responses saved meanwhile; exits 1 on any error or if that count differs from the completions.
Raw figures go to benchmarks/out/load.json, the server log to benchmarks/out/gunicorn-load.log.
"""

import argparse
import concurrent.futures
import datetime
import http.client
import http.cookies
import json
import os
import platform
import random
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path[:] = [str(ROOT)] + [p for p in sys.path if Path(p or ".").resolve() != ROOT / "benchmarks"]

from benchmarks.directory_vocabulary import LANGUAGES, search_queries  # noqa: E402

SEED = 20261122
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/moia_load"
DEFAULT_REDIS = "redis://127.0.0.1:6379/6"
SURVEY_LANGUAGES = ["en", "es", "zh-hans", "ht", "vi", "pt-br", "ar", "so"]


def log(message: str) -> None:
    print(f"[{datetime.datetime.now(datetime.UTC):%H:%M:%S}] {message}", flush=True)


# ------------------------------------------------------------------------------
# Server
# ------------------------------------------------------------------------------
def production_env(tmp: Path) -> dict[str, str]:
    redis_url = os.environ["REDIS_URL"]
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "load_settings",
        "PYTHONPATH": f"{tmp}:{ROOT}",
        "DJANGO_ENV": "production",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECRET_KEY": "load-benchmark-only-" + "x" * 50,
        "FIELD_ENCRYPTION_KEYS": "x",
        "REDIS_URL": redis_url,
        "CELERY_BROKER_URL": os.environ.get("CELERY_BROKER_URL", redis_url),
        "DJANGO_TESTING": "",
    }


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def gunicorn_start(env: dict[str, str], port: int, log_path: Path, workers: int = 2) -> subprocess.Popen:
    log_file = open(log_path, "w")  # noqa: SIM115 (closed with the process)
    process = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "moia.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--timeout",
            "60",
        ],
        cwd=ROOT,
        env=env,
        stdout=log_file,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/robots.txt", timeout=2) as response:
                # Someone else's server on the port must not be measured by mistake.
                if response.status == 200 and response.headers.get("Server", "").startswith("gunicorn"):
                    return process
        except OSError:
            pass
        time.sleep(0.3)
    gunicorn_stop(process)
    raise RuntimeError(f"gunicorn did not start; see {log_path}")


def gunicorn_stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


# ------------------------------------------------------------------------------
# A small HTTP client with cookies (one per virtual user)
# ------------------------------------------------------------------------------
class FormParser(HTMLParser):
    """The fields of the page's POST form: text inputs, radios, checkboxes, selects, textareas."""

    def __init__(self):
        super().__init__()
        self.in_form = False
        self.fields: dict[str, dict] = {}
        self.select: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and (a.get("method") or "").lower() == "post":
            self.in_form = True
        if not self.in_form:
            return
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in ("submit", "button"):
            field = self.fields.setdefault(name, {"type": a.get("type", "text"), "options": [], "attrs": a})
            if field["type"] in ("radio", "checkbox"):
                field["options"].append(a.get("value", "on"))
        elif tag == "textarea" and name:
            self.fields[name] = {"type": "textarea", "options": [], "attrs": a}
        elif tag == "select" and name:
            self.fields[name] = {"type": "select", "options": [], "attrs": a}
            self.select = name
        elif tag == "option" and self.select:
            self.fields[self.select]["options"].append(a.get("value", ""))

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_form = False
        elif tag == "select":
            self.select = None


def form_answers(html: str, rng: random.Random) -> list[tuple[str, str]]:
    """What a resident would send: an answer for every question, the honeypot left empty."""
    parser = FormParser()
    parser.feed(html)
    data: list[tuple[str, str]] = []
    for name, field in parser.fields.items():
        kind, attrs, options = field["type"], field["attrs"], [o for o in field["options"] if o]
        if name == "website":
            data.append((name, ""))
        elif kind == "hidden":
            data.append((name, attrs.get("value", "")))
        elif kind in ("radio", "select") and options:
            data.append((name, rng.choice(options)))
        elif kind == "checkbox" and options:
            data += [(name, value) for value in rng.sample(options, k=min(len(options), rng.randint(1, 2)))]
        elif kind == "number":
            low, high = int(attrs.get("min") or 0), int(attrs.get("max") or 99)
            data.append((name, str(rng.randint(low, high))))
        elif kind == "textarea":
            data.append((name, "Load test: more evening hours and interpreters, please. Merci, gracias."))
        else:
            data.append((name, "Load test answer"))
    return data


def form_errors(html: str) -> str:
    match = re.search(r'class="usa-error-message"[^>]*>(.*?)<', html, re.S)
    return match.group(1).strip() if match else "form re-displayed"


class Client:
    def __init__(self, port: int, source: str = "127.0.0.1"):
        self.port = port
        self.origin = f"https://127.0.0.1:{port}"
        self.cookies: dict[str, str] = {}
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60, source_address=(source, 0))

    def request(self, method: str, path: str, data: list[tuple[str, str]] | None = None, referer: str = ""):
        headers = {"X-Forwarded-Proto": "https", "User-Agent": "moia-load/1"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urlencode(data)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = self.origin
            headers["Referer"] = self.origin + (referer or path)
        try:
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
            text = response.read().decode("utf-8", "replace")
        except (OSError, http.client.HTTPException):
            self.conn.close()  # the next request opens a fresh connection
            raise
        for header in response.msg.get_all("Set-Cookie") or []:
            cookie = http.cookies.SimpleCookie()
            cookie.load(header)
            for key, morsel in cookie.items():
                self.cookies[key] = morsel.value
        location = response.getheader("Location") or ""
        return (
            response.status,
            urlsplit(location).path + ("?" + urlsplit(location).query if urlsplit(location).query else ""),
            text,
        )

    def close(self):
        self.conn.close()


# ------------------------------------------------------------------------------
# Virtual users
# ------------------------------------------------------------------------------
class Recorder:
    def __init__(self):
        self.lock = threading.Lock()
        self.samples: dict[str, list[tuple[float, float, bool]]] = {}
        self.errors: list[str] = []

    def add(self, scenario: str, started: float, ok: bool, error: str = ""):
        ended = time.time()
        with self.lock:
            self.samples.setdefault(scenario, []).append((ended, ended - started, ok))
            if not ok and len(self.errors) < 30:
                self.errors.append(f"{scenario}: {error}")


def browse(port: int, paths: dict[str, list[str]], until: float, seed: int, recorder: Recorder):
    rng = random.Random(seed)
    client = Client(port)
    weights = {"list": 3, "search": 4, "detail": 3}
    while time.time() < until:
        scenario = rng.choices(list(weights), weights=list(weights.values()))[0]
        path = rng.choice(paths[scenario])
        started = time.time()
        try:
            status, _, _ = client.request("GET", path)
            recorder.add(scenario, started, 200 <= status < 400, f"{status} {path}")
        except Exception as exc:  # every failure is counted, none stops the run
            recorder.add(scenario, started, False, f"{type(exc).__name__}: {exc} {path}")


def respond(port: int, surveys: list[str], until: float, seed: int, base: int, recorder: Recorder):
    """Complete surveys page by page until time is up; each completion from a new loopback address."""
    rng = random.Random(seed)
    number = 0
    while time.time() < until:
        number += 1
        source = f"127.{base}.{(seed % 16) * 16 + number // 250}.{number % 250 + 2}"
        client = Client(port, source)
        slug, language = rng.choice(surveys), rng.choice(SURVEY_LANGUAGES)
        began = time.time()
        ok, problem = True, ""
        try:
            started = time.time()
            status, _, _ = client.request("GET", f"/{language}/surveys/{slug}/")
            recorder.add("survey: GET page", started, status == 200, f"{status} intro {slug}")
            path = f"/{language}/surveys/{slug}/page/1/"
            for _ in range(30):
                started = time.time()
                status, _, html = client.request("GET", path)
                recorder.add("survey: GET page", started, status == 200, f"{status} {path}")
                if status != 200:
                    ok, problem = False, f"GET {path} answered {status}"
                    break
                started = time.time()
                status, location, html = client.request("POST", path, [*form_answers(html, rng), ("action", "next")])
                good = status == 302
                recorder.add("survey: POST page", started, good, f"{status} {path} {form_errors(html)[:80]}")
                if not good:
                    ok, problem = False, f"POST {path} answered {status}"
                    break
                path = location
                if path.endswith("/thank-you/"):
                    started = time.time()
                    status, _, _ = client.request("GET", path)
                    recorder.add("survey: GET page", started, status == 200, f"{status} {path}")
                    ok = status == 200
                    break
            else:
                ok, problem = False, "more than 30 pages"
        except Exception as exc:  # counted as a failed completion
            ok, problem = False, f"{type(exc).__name__}: {exc}"
        finally:
            client.close()
        recorder.add("survey: completion", began, ok, problem)


def run_group(kind: str, port: int, threads: int, seconds: float, payload, base: int) -> dict:
    """One load-generating process: `threads` virtual users of one kind."""
    recorder = Recorder()
    until = time.time() + seconds
    workers = []
    for n in range(threads):
        if kind == "browse":
            args = (port, payload, until, SEED + n, recorder)
            target = browse
        else:
            args = (port, payload, until, n, base, recorder)
            target = respond
        workers.append(threading.Thread(target=target, args=args, daemon=True))
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(seconds + 120)
    return {"samples": recorder.samples, "errors": recorder.errors}


# ------------------------------------------------------------------------------
# Setup and report
# ------------------------------------------------------------------------------
def prepare(tmp: Path, env: dict[str, str], seed: bool) -> None:
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=os.environ, check=True)
    if seed:
        subprocess.run(
            [*manage, "seed_demo", "--only", "directory", "surveys"],
            cwd=ROOT,
            env=os.environ,
            check=True,
            stdout=subprocess.DEVNULL,
        )
    (tmp / "load_settings.py").write_text(
        f"from moia.settings import *  # noqa: F403\n\nSTATIC_ROOT = {str(tmp / 'static')!r}\n"
    )
    subprocess.run(
        [*manage, "collectstatic", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
    )


def paths_and_surveys() -> tuple[dict[str, list[str]], list[str]]:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "moia.settings")
    django.setup()
    from directory.models import Service, TaxonomyTerm
    from surveys.selectors import surveys_open

    rng = random.Random(SEED)
    queries = search_queries()
    rng.shuffle(queries)
    slugs = list(Service.objects.filter(status=Service.Status.ACTIVE).values_list("slug", flat=True))
    categories = list(TaxonomyTerm.objects.values_list("code", flat=True))
    paths = {
        "list": [f"/{lang}/directory/?page={page}" for lang in LANGUAGES for page in (1, 2, 3)]
        + [f"/{lang}/directory/category/{code}/" for lang in LANGUAGES[:4] for code in categories],
        "search": [f"/{lang}/directory/?q={quote(query)}" for lang, query in queries[:200]],
        "detail": [f"/{lang}/directory/{slug}/" for slug in slugs for lang in LANGUAGES[:6]],
    }
    return paths, list(surveys_open().values_list("slug", flat=True))


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--browsers", type=int, default=8, help="directory virtual users (threads)")
    parser.add_argument("--respondents", type=int, default=4, help="survey virtual users (threads)")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--no-seed", action="store_true", help="skip seed_demo (data already there)")
    args = parser.parse_args()

    os.environ.setdefault("DATABASE_URL", DEFAULT_DATABASE)
    os.environ.setdefault("REDIS_URL", DEFAULT_REDIS)
    os.environ.setdefault("CELERY_BROKER_URL", os.environ["REDIS_URL"])
    if not os.environ["DATABASE_URL"].startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL database.")
    out = ROOT / "benchmarks" / "out"
    out.mkdir(exist_ok=True)
    port = args.port or free_port()
    with tempfile.TemporaryDirectory(prefix="moia-load-") as name:
        tmp = Path(name)
        env = production_env(tmp)
        log("migrating, seeding the demo directory and surveys, collecting static files")
        prepare(tmp, env, seed=not args.no_seed)
        paths, surveys = paths_and_surveys()
        if not surveys:
            sys.exit("No open survey: seed_demo --only surveys should have created some.")
        log(
            f"{len(paths['list'])} list, {len(paths['search'])} search, {len(paths['detail'])} detail paths; "
            f"surveys {', '.join(surveys)}"
        )
        server = gunicorn_start(env, port, out / "gunicorn-load.log")
        try:
            # One request per list and detail path first: a resident's steady state, not a cold cache.
            for path in paths["list"] + paths["detail"]:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=60) as response:
                    if response.status != 200:
                        raise RuntimeError(f"{path} answered {response.status}")
            log(
                f"running {args.seconds:.0f} s: {args.browsers} browsers, {args.respondents} respondents, "
                f"gunicorn on 127.0.0.1:{port}"
            )
            from surveys.models import Response

            responses_before = Response.objects.count()
            base = random.randint(1, 254)
            started = time.time()
            with concurrent.futures.ProcessPoolExecutor(max_workers=2) as pool:
                jobs = [
                    pool.submit(run_group, "browse", port, args.browsers, args.seconds, paths, base),
                    pool.submit(run_group, "survey", port, args.respondents, args.seconds, surveys, base),
                ]
                results = [job.result() for job in jobs]
            elapsed = time.time() - started
            saved = Response.objects.count() - responses_before
        finally:
            gunicorn_stop(server)

    samples: dict[str, list] = {}
    errors: list[str] = []
    for result in results:
        samples.update(result["samples"])
        errors += result["errors"]
    lines = [
        f"{'scenario':<22}{'requests':>9}{'per s':>8}{'p50 ms':>9}{'p99 ms':>9}{'errors':>8}",
        "-" * 65,
    ]
    summary = {}
    order = ["list", "search", "detail", "survey: GET page", "survey: POST page", "survey: completion"]
    for name in [n for n in order if n in samples]:
        rows = samples[name]
        latencies = [latency for _, latency, _ in rows]
        bad = sum(1 for *_, ok in rows if not ok)
        summary[name] = {
            "requests": len(rows),
            "per_second": len(rows) / elapsed,
            "p50_ms": percentile(latencies, 0.50) * 1000,
            "p99_ms": percentile(latencies, 0.99) * 1000,
            "errors": bad,
        }
        s = summary[name]
        lines.append(
            f"{name:<22}{s['requests']:>9}{s['per_second']:>8.1f}{s['p50_ms']:>9.0f}{s['p99_ms']:>9.0f}{bad:>8}"
        )
    http_rows = [n for n in summary if n != "survey: completion"]
    total = sum(summary[n]["requests"] for n in http_rows)
    total_errors = sum(summary[n]["errors"] for n in http_rows)
    lines.append("-" * 65)
    lines.append(f"{'all HTTP requests':<22}{total:>9}{total / elapsed:>8.1f}{'':>18}{total_errors:>8}")
    print("\n".join(lines))
    completed = summary.get("survey: completion", {})
    finished = completed.get("requests", 0) - completed.get("errors", 0)
    print(f"survey responses saved in the database: {saved} (completions that reached the thank-you page: {finished})")
    if errors:
        print("First errors:\n  " + "\n  ".join(errors[:15]))
    (out / "load.json").write_text(
        json.dumps(
            {
                "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
                "machine": f"{os.cpu_count()} CPUs, {platform.platform()}, load {os.getloadavg()[0]:.1f}",
                "seconds": elapsed,
                "browsers": args.browsers,
                "respondents": args.respondents,
                "scenarios": summary,
                "responses_saved": saved,
                "errors": errors,
            },
            indent=2,
        )
    )
    log(f"1-minute load average at the end: {os.getloadavg()[0]:.1f}")
    sys.exit(1 if total_errors or completed.get("errors") or saved != finished else 0)


if __name__ == "__main__":
    main()
