import logging
import time

from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.db import connection
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from pghistory.middleware import HistoryMiddleware as PghistoryMiddleware

from .log_redaction import path_for_log

logger = logging.getLogger("moia.request")


class RequestLogMiddleware:
    """One structured log line per request: method, route, status and duration.

    The path is logged without its query string, which can carry what a resident typed, and
    without the keys of password-reset and confirmation links (moia.log_redaction).
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
                "path": path_for_log(request),
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
        logging.getLogger("moia.database").error("database unavailable", extra={"path": path_for_log(request)})
        response = render(request, "500.html", status=503)
        response["Retry-After"] = "30"
        return response


class PrivatePagesNoStoreMiddleware:
    """Pages shown to a signed-in person carry their data (applications, intakes, documents):
    no browser or proxy may keep a copy, e.g. on a shared library computer after sign-out.

    Anonymous pages that show personal data say so themselves (@never_cache).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        return response


STAFF_LAST_SEEN = "moia:staff-last-seen"


class StaffIdleTimeoutMiddleware:
    """A staff session ends after STAFF_SESSION_IDLE_MINUTES without a request; residents' and
    applicants' sessions keep Django's lifetime. Staff sessions open the admin and personal data,
    often on shared office computers."""

    # The time is written back at most this often, so an active session is not saved on every request.
    resolution_seconds = 60

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.is_staff:
            now = time.time()
            last_seen = request.session.get(STAFF_LAST_SEEN)
            if last_seen is not None and now - last_seen > settings.STAFF_SESSION_IDLE_MINUTES * 60:
                logout(request)  # the request carries on signed out: the admin asks to sign in
            elif last_seen is None or now - last_seen > self.resolution_seconds:
                request.session[STAFF_LAST_SEEN] = now
        return self.get_response(request)


class AdminLanguageMiddleware:
    """The staff admin in English for a language Django has no admin catalogue for (Haitian
    Creole, Kabuverdianu, Somali): our own strings would be translated and Django's not, a mix
    that is harder to work in than either. `request.admin_language_unavailable` keeps the language
    asked for, so the admin can say why it is in English."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        asked = getattr(request, "LANGUAGE_CODE", "")
        if request.path.startswith("/admin/") and asked in settings.ADMIN_UNTRANSLATED_LANGUAGES:
            request.admin_language_unavailable = asked
            translation.activate("en")
            request.LANGUAGE_CODE = "en"
        return self.get_response(request)
