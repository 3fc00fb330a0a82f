"""Fault: PostgreSQL restarted during load. Errors only while it is down; recovery without restarting the app.

    .venv/bin/python benchmarks/faults_postgres.py [--seconds 30] [--stop-at 8] [--down 3]

Never touches the shared PostgreSQL server: it creates a PRIVATE cluster in a temporary folder
(`initdb -A trust` run as the `postgres` OS user, a free loopback port, its own socket folder),
migrates it and seeds the demo directory (`seed_demo --only directory`), starts gunicorn with
production settings (2 sync workers, page cache off so every page reads the database) and runs
a steady GET load (4 threads: directory list, search, detail pages and /healthz). At --stop-at
seconds it stops PostgreSQL (`pg_ctl stop -m fast`), waits --down seconds and starts it again;
gunicorn is left alone. Per second it records successful and failed requests, then checks that:

- every failed request ended between the stop and a short grace period after the restart;
- requests succeed again after the restart (the persistent connections were dead; Django's
  CONN_HEALTH_CHECKS notices and reconnects);
- gunicorn's master and workers are the same processes as before (nothing restarted the app).

Then stops gunicorn and the private cluster and deletes the temporary folder. Prints a
per-second timeline; exits 1 if a check fails. Needs root (to run initdb as `postgres`).
"""

import argparse
import datetime
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:] = [str(ROOT)] + [p for p in sys.path if Path(p or ".").resolve() != ROOT / "benchmarks"]

from benchmarks.load import free_port, gunicorn_start, gunicorn_stop, production_env  # noqa: E402

PG_BIN = Path("/usr/lib/postgresql/15/bin")
GRACE = 2.0  # seconds after the restart during which a request that began in the outage may still fail
PATHS = [
    "/en/directory/",
    "/es/directory/?page=2",
    "/en/directory/?q=legal",
    "/fr/directory/?q=citoyennet%C3%A9",
    "/healthz",
]


def log(message: str) -> None:
    print(f"[{datetime.datetime.now(datetime.UTC):%H:%M:%S}] {message}", flush=True)


def as_postgres(*command: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(["runuser", "-u", "postgres", "--", *command], check=True, **kwargs)


class Cluster:
    """A throwaway PostgreSQL 15 cluster, owned by the postgres OS user, on its own port."""

    def __init__(self, folder: Path, port: int):
        self.folder, self.port = folder, port
        self.data, self.sockets, self.logfile = folder / "data", folder / "sockets", folder / "postgres.log"
        self.sockets.mkdir()
        shutil.chown(folder, "postgres", "postgres")
        shutil.chown(self.sockets, "postgres", "postgres")
        as_postgres(
            str(PG_BIN / "initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres", "--no-sync",
            stdout=subprocess.DEVNULL,
        )  # fmt: skip

    def pg_ctl(self, *args: str) -> None:
        options = f"-p {self.port} -k {self.sockets} -c listen_addresses=127.0.0.1 -c fsync=off"
        as_postgres(
            str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-l", str(self.logfile), "-o", options, "-w", *args,
            stdout=subprocess.DEVNULL,
        )  # fmt: skip

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/moia_fault"


def gunicorn_processes(master: int) -> set[int]:
    children = subprocess.run(["ps", "-o", "pid=", "--ppid", str(master)], capture_output=True, text=True).stdout
    return {master, *(int(pid) for pid in children.split())}


def load(base: str, until: float, seed: int, samples: list, lock: threading.Lock) -> None:
    rng = random.Random(seed)
    while time.time() < until:
        path = rng.choice(PATHS)
        started = time.time()
        try:
            with urllib.request.urlopen(base + path, timeout=15) as response:  # noqa: S310 (our loopback URL)
                response.read()
                status = response.status
        except urllib.error.HTTPError as exc:
            status = exc.code
        except OSError as exc:
            status = type(exc).__name__
        with lock:
            samples.append((started, time.time(), status))
        if status != 200:
            time.sleep(0.05)  # a failing request returns at once; do not flood the log


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=30, help="length of the load (default 30)")
    parser.add_argument("--stop-at", type=float, default=8, help="second at which PostgreSQL stops (default 8)")
    parser.add_argument("--down", type=float, default=3, help="seconds PostgreSQL stays down (default 3)")
    parser.add_argument("--threads", type=int, default=4)
    args = parser.parse_args()
    if os.geteuid() != 0:
        sys.exit("Run as root: initdb and pg_ctl run as the postgres OS user through runuser.")

    folder = Path(tempfile.mkdtemp(prefix="moia-pgfault-"))
    out = ROOT / "benchmarks" / "out"
    out.mkdir(exist_ok=True)
    cluster = None
    running = False
    server = None
    failures: list[str] = []
    try:
        cluster = Cluster(folder, free_port())
        cluster.pg_ctl("start")
        running = True
        log(f"private PostgreSQL cluster on 127.0.0.1:{cluster.port} in {folder}")
        subprocess.run(
            ["createdb", "-h", "127.0.0.1", "-p", str(cluster.port), "-U", "postgres", "moia_fault"], check=True
        )
        os.environ.update(
            DATABASE_URL=cluster.url,
            REDIS_URL=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/6"),
            PUBLIC_PAGE_CACHE_SECONDS="0",
        )
        os.environ.setdefault("CELERY_BROKER_URL", os.environ["REDIS_URL"])
        log("migrating and seeding the demo directory")
        manage = [sys.executable, "manage.py"]
        subprocess.run([*manage, "migrate", "--noinput", "-v", "0"], cwd=ROOT, check=True)
        subprocess.run([*manage, "seed_demo", "--only", "directory"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
        env = production_env(folder)
        (folder / "load_settings.py").write_text(
            f"from moia.settings import *  # noqa: F403\n\nSTATIC_ROOT = {str(folder / 'static')!r}\n"
        )
        subprocess.run(
            [*manage, "collectstatic", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
        )
        port = free_port()
        server = gunicorn_start(env, port, out / "gunicorn-faults-postgres.log")
        base = f"http://127.0.0.1:{port}"
        for path in PATHS:  # every path works before the fault (and each worker has a connection)
            with urllib.request.urlopen(base + path, timeout=60) as response:  # noqa: S310
                assert response.status == 200, path
        before = gunicorn_processes(server.pid)

        samples: list[tuple[float, float, object]] = []
        lock = threading.Lock()
        start = time.time()
        until = start + args.seconds
        threads = [
            threading.Thread(target=load, args=(base, until, n, samples, lock), daemon=True)
            for n in range(args.threads)
        ]
        for thread in threads:
            thread.start()
        log(f"load running for {args.seconds:.0f} s against gunicorn on {base}")
        time.sleep(max(0.0, start + args.stop_at - time.time()))
        down_at = time.time()
        cluster.pg_ctl("stop", "-m", "fast")
        running = False
        stopped_at = time.time()
        log(f"PostgreSQL stopped at +{stopped_at - start:.1f} s (pg_ctl stop -m fast)")
        time.sleep(args.down)
        cluster.pg_ctl("start")
        running = True
        up_at = time.time()
        log(f"PostgreSQL accepting connections again at +{up_at - start:.1f} s")
        for thread in threads:
            thread.join(args.seconds + 60)
        after = gunicorn_processes(server.pid)
    finally:
        if server is not None:
            gunicorn_stop(server)
        if cluster is not None and running:
            cluster.pg_ctl("stop", "-m", "fast")
        shutil.rmtree(folder, ignore_errors=True)
        log(f"gunicorn and the private cluster stopped; {folder} deleted")

    # Timeline: requests counted in the second they ended.
    seconds = int(max(end for _, end, _ in samples) - start) + 1
    ok = [0] * seconds
    bad = [0] * seconds
    kinds: list[set] = [set() for _ in range(seconds)]
    for _, end, status in samples:
        second = int(end - start)
        if status == 200:
            ok[second] += 1
        else:
            bad[second] += 1
            kinds[second].add(str(status))
    down_s, up_s = down_at - start, up_at - start
    print(f"\nPostgreSQL down from +{down_s:.1f} s to +{up_s:.1f} s (stop took {stopped_at - down_at:.1f} s)")
    print(f"{'second':>6} {'ok':>5} {'errors':>7}  state")
    for second in range(seconds):
        state = "DOWN" if down_s < second + 1 and second < up_s else ""
        detail = f"  ({', '.join(sorted(kinds[second]))})" if kinds[second] else ""
        print(f"{second:>6} {ok[second]:>5} {bad[second]:>7}  {state}{detail}")

    errors = [(begin, end, status) for begin, end, status in samples if status != 200]
    outside = [e for e in errors if e[1] < down_at or e[1] > up_at + GRACE]
    after_ok = [s for s in samples if s[0] > up_at + GRACE and s[2] == 200]
    after_all = [s for s in samples if s[0] > up_at + GRACE]
    print(
        f"\nrequests: {len(samples)}, errors: {len(errors)} "
        f"(all {'inside' if not outside else 'NOT only inside'} the outage + {GRACE:.0f} s grace); "
        f"after recovery: {len(after_ok)}/{len(after_all)} succeeded"
    )
    first_ok = min((end for begin, end, status in samples if begin >= up_at and status == 200), default=None)
    if first_ok is not None:
        print(f"first success after the restart: {first_ok - up_at:.2f} s after PostgreSQL was back")
    if outside:
        failures.append(f"{len(outside)} errors outside the outage, e.g. {outside[:3]}")
    if not errors:
        failures.append("no error at all while PostgreSQL was down: the fault did not reach the app")
    if not after_all or len(after_ok) != len(after_all):
        failures.append(f"after recovery only {len(after_ok)}/{len(after_all)} requests succeeded")
    if before != after:
        failures.append(f"gunicorn processes changed: {sorted(before)} -> {sorted(after)}")
    else:
        print(f"gunicorn master and workers unchanged: {sorted(before)}")
    if failures:
        print("FAILED:\n  " + "\n  ".join(failures))
        sys.exit(1)
    print("PASSED: errors only while PostgreSQL was down; the app recovered without a restart")


if __name__ == "__main__":
    main()
