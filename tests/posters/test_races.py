"""On PostgreSQL: two residents ordering the last copies at the same moment (one gets them, the
other is told they are gone; stock never goes below zero), and the confirmation email sent by
a real Celery worker in the resident's language."""

import os
import subprocess
import sys
import threading
import time

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection

from moia.celery import app as celery_app
from posters.models import PosterOrder, PosterStock
from posters.services import poster_order_place
from tests.factories.posters import MAILED, poster_with_stock

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_two_orders_racing_for_the_last_copies_one_wins_the_other_is_told(office):
    poster = poster_with_stock({"so": 5})
    start = threading.Barrier(2)
    outcomes = []

    def order(name: str):
        try:
            start.wait()
            placed = poster_order_place(lines=[(poster, "so", 4)], data={**MAILED, "name": name}, language="so")
            outcomes.append(("ordered", placed.reference))
        except ValidationError as exc:
            outcomes.append(("refused", " ".join(exc.messages)))
        finally:
            connection.close()

    threads = [threading.Thread(target=order, args=(f"Resident {n}",)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(kind for kind, _text in outcomes) == ["ordered", "refused"]
    stock = PosterStock.objects.get()
    assert stock.quantity == 1
    assert stock.unmet_requests == 1
    assert PosterOrder.objects.count() == 1


def test_many_orders_racing_never_oversell(office):
    poster = poster_with_stock({"en": 10})
    start = threading.Barrier(6)

    def order():
        try:
            start.wait()
            poster_order_place(lines=[(poster, "en", 3)], data=MAILED, language="en")
        except ValidationError:
            pass
        finally:
            connection.close()

    threads = [threading.Thread(target=order) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert PosterOrder.objects.count() == 3
    assert PosterStock.objects.get().quantity == 1


def _database_url() -> str:
    db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.mark.worker
def test_the_confirmation_is_sent_by_a_real_worker_in_the_residents_language(office, tmp_path):
    log = tmp_path / "worker.log"
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "CELERY_TASK_ALWAYS_EAGER": "0",
        "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
    }
    no_site = ["-S"] if sys.flags.no_site else []  # the same interpreter flags as this run
    with open(log, "wb") as out:
        worker = subprocess.Popen(
            [sys.executable, *no_site, "-m", "celery", "-A", "moia", "worker", "--pool=solo", "-Q", "moia",
             "--without-gossip", "--without-mingle", "--without-heartbeat", "-l", "warning"],
            cwd=settings.BASE_DIR, env=env, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
    celery_app.conf.task_always_eager = False
    try:
        poster = poster_with_stock({"vi": 5}, title="Everyone belongs here", title_vi="Ai cũng thuộc về nơi đây")
        order = poster_order_place(lines=[(poster, "vi", 2)], data=MAILED, language="vi")  # autocommit: queued now
        deadline = time.monotonic() + 90
        text = ""
        while time.monotonic() < deadline and order.reference not in text:
            time.sleep(0.2)
            text = log.read_text(encoding="utf-8", errors="replace")
        assert order.reference in text, text[-2000:]
        assert "To: nadifa.warsame@example.org" in text
        assert "Ai c" in text  # the poster's Vietnamese title, in a Vietnamese email
    finally:
        celery_app.conf.task_always_eager = settings.CELERY_TASK_ALWAYS_EAGER
        worker.terminate()
        try:
            worker.wait(timeout=15)
        except subprocess.TimeoutExpired:
            worker.kill()
        with celery_app.connection_for_write() as conn:
            conn.default_channel.queue_purge("moia")
