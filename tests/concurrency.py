"""Clients acting at the same moment, each on its own database connection, for the race tests
(pytest.mark.postgres: SQLite serialises every write, so it cannot show a race)."""

import threading
from collections.abc import Callable

from django.db import connection


def at_once(action: Callable[[int], object], count: int) -> None:
    """`action(n)` for n from 0 to count - 1, each in a thread of its own, all released together by
    a barrier; each thread closes its database connection when done. `action` records its outcome."""
    start = threading.Barrier(count)

    def run(n: int) -> None:
        try:
            start.wait()
            action(n)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
