"""Database access the ORM does not give: a cursor whose values are bound on the server.

Django's psycopg backend binds values into the statement's text on the client, which lets
PostgreSQL prepare nothing: every statement is parsed and planned again. That is right for the
ORM's many small statements, but the directory's search ranking is one large statement whose
planning took a third of its time (1.2-1.7 ms of 5 on 5,000 services). Bound on the server, it
is prepared once per connection and shape, and with `plan_cache_mode = force_generic_plan` (set
in settings.py with `prepare_threshold`) PostgreSQL keeps one plan for it instead of planning it
per search. Behind a pooler that cannot keep prepared statements, DATABASE_PREPARED_STATEMENTS=false
turns preparing off; the cursor then still binds on the server, and the statement is planned
each time as before.
"""

from typing import Any

from django.db import connection
from django.db.backends.utils import CursorDebugWrapper, CursorWrapper


class _ServerBoundDebugWrapper(CursorDebugWrapper):
    """Logs the statement as written, with its placeholders: the backend reads the executed text
    from the client-side binding, which a cursor bound on the server does not have."""

    def debug_sql(self, sql=None, params=None, use_last_executed_query=False, many=False):
        return super().debug_sql(sql, params, use_last_executed_query=False, many=many)


def prepared_cursor() -> CursorWrapper:
    """A cursor of the default connection that binds values on the server (PostgreSQL only).

    It is wrapped as `connection.cursor()` is, so query logging, `execute_wrapper` hooks and
    the tests' query counts see its statements. A statement run through it must be a single one
    and, on a request that writes, start with SELECT (pghistory prefixes the others with one of
    its own)."""
    if connection.vendor != "postgresql":
        raise RuntimeError("prepared_cursor() is for PostgreSQL")
    from django.db.backends.postgresql.base import ServerBindingCursor

    connection.ensure_connection()
    connection.validate_thread_sharing()
    # django-stubs describe the psycopg 2 classes; this is psycopg 3's Cursor, which takes the connection.
    cursor: Any = ServerBindingCursor(connection.connection)  # type: ignore[call-arg]
    return _ServerBoundDebugWrapper(cursor, connection) if connection.queries_logged else connection.make_cursor(cursor)
