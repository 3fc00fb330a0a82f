import logging
import time

from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.db import connection
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from pghistory.middleware import HistoryMiddleware as PghistoryMiddleware

logger = logging.getLogger("moia.request")


class RequestLogMiddleware:
    """One structured log line per request: method, route, status and duration.

    The path is logged without its query string, which can carry what a resident typed.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        logger.info(
            "request",
            extra={
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
            },
        )
        return response


class StaffMFARequiredMiddleware:
    """Staff reach the admin only after setting up two-factor authentication.

    allauth asks for the second factor at login once one exists; this closes the gap
    before that, when a staff account has only a password.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and user.is_staff
            and request.path.startswith(reverse("admin:index"))
            and not is_mfa_enabled(user)
        ):
            messages.warning(request, _("Set up two-factor authentication before you use the staff admin."))
            return redirect("mfa_activate_totp")
        return self.get_response(request)


class HistoryContextMiddleware(PghistoryMiddleware):
    """Tags every database change made during a request with who made it and where (django-pghistory).

    pghistory's context travels in PostgreSQL session variables; the embedded SQLite mode
    keeps no trigger-based history, so the middleware steps aside there.
    """

    def __call__(self, request):
        if connection.vendor != "postgresql":
            return self.get_response(request)
        return super().__call__(request)


class DatabaseUnavailableMiddleware:
    """While PostgreSQL is unreachable, answer 503 with Retry-After instead of a 500.

    The page is the translated error page, which needs no database; one log line per
    request rather than a traceback, since every request fails the same way.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from django.db.utils import InterfaceError, OperationalError
        from django.shortcuts import render

        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logging.getLogger("moia.database").error("database unavailable", extra={"path": request.path})
        response = render(request, "500.html", status=503)
        response["Retry-After"] = "30"
        return response
