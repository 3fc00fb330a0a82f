"""On PostgreSQL: two residents ordering the last copies at the same moment (one gets them, the
other is told they are gone; stock never goes below zero), and the confirmation email sent by
a real Celery worker in the resident's language."""

import contextlib

import pytest
from django.core.exceptions import ValidationError

from posters.models import PosterOrder, PosterStock
from posters.services import poster_order_place
from tests.concurrency import at_once
from tests.factories.posters import MAILED, poster_with_stock
from tests.workers import tasks_to_workers, wait_for, worker_database_url, worker_start

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_two_orders_racing_for_the_last_copies_one_wins_the_other_is_told(office):
    poster = poster_with_stock({"so": 5})
    outcomes = []

    def order(n: int):
        try:
            placed = poster_order_place(
                lines=[(poster, "so", 4)], data={**MAILED, "name": f"Resident {n}"}, language="so"
            )
            outcomes.append(("ordered", placed.reference))
        except ValidationError as exc:
            outcomes.append(("refused", " ".join(exc.messages)))

    at_once(order, 2)
    assert sorted(kind for kind, _text in outcomes) == ["ordered", "refused"]
    stock = PosterStock.objects.get()
    assert stock.quantity == 1
    assert stock.unmet_requests == 1
    assert PosterOrder.objects.count() == 1


def test_many_orders_racing_never_oversell(office):
    poster = poster_with_stock({"en": 10})

    def order(_n: int):
        with contextlib.suppress(ValidationError):
            poster_order_place(lines=[(poster, "en", 3)], data=MAILED, language="en")

    at_once(order, 6)
    assert PosterOrder.objects.count() == 3
    assert PosterStock.objects.get().quantity == 1


@pytest.mark.worker
def test_the_confirmation_is_sent_by_a_real_worker_in_the_residents_language(office, tmp_path):
    log = tmp_path / "worker.log"
    env = {"DATABASE_URL": worker_database_url(), "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    with tasks_to_workers() as workers, open(log, "wb") as out:
        workers.append(worker_start(env=env, output=out))
        poster = poster_with_stock({"vi": 5}, title="Everyone belongs here", title_vi="Ai cũng thuộc về nơi đây")
        order = poster_order_place(lines=[(poster, "vi", 2)], data=MAILED, language="vi")  # autocommit: queued now

        def logged() -> str:
            text = log.read_text(encoding="utf-8", errors="replace")
            return text if order.reference in text else ""

        text = wait_for(logged, timeout=90, interval=0.2) or log.read_text(encoding="utf-8", errors="replace")
        assert order.reference in text, text[-2000:]
        assert "To: nadifa.warsame@example.org" in text
        assert "Ai c" in text  # the poster's Vietnamese title, in a Vietnamese email
