import logging

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.utils.translation import get_language_from_request
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)


@require_safe
def home_view(request: HttpRequest) -> HttpResponse:
    from moia.selectors import home_sections

    return render(request, "home.html", {"sections": home_sections()})


@require_safe
def root_redirect_view(request: HttpRequest) -> HttpResponse:
    """`/` sends a visitor to the home page in their browser's (or last chosen) language."""
    return redirect(f"/{get_language_from_request(request, check_path=False)}/")


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return True
    except Exception:
        logger.exception("healthz: database unreachable")
        return False


def _broker_ok() -> bool:
    from celery import current_app
    from kombu import Connection

    if current_app.conf.task_always_eager:
        return True  # embedded mode: tasks run in-process, there is no broker to reach
    try:
        # A fresh connection, so the answer reflects the broker now, not a pooled socket.
        with Connection(current_app.conf.broker_url, connect_timeout=2) as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        return True
    except Exception:
        logger.exception("healthz: broker unreachable")
        return False


@never_cache
@require_safe
def healthz_view(request: HttpRequest) -> JsonResponse:
    checks = {"database": _database_ok(), "broker": _broker_ok()}
    if settings.REDIS_URL:
        cache.set("healthz", "1", 5)
        checks["cache"] = cache.get("healthz") == "1"
    healthy = checks["database"] and checks["broker"]
    return JsonResponse({"status": "ok" if healthy else "unavailable", **checks}, status=200 if healthy else 503)


@require_safe
def robots_view(request: HttpRequest) -> HttpResponse:
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /accounts/",
        "Disallow: /healthz",
        *[f"Disallow: /{code}/accounts/" for code in settings.LANGUAGE_CODES],
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


@require_safe
def favicon_view(request: HttpRequest) -> HttpResponse:
    """Browsers, bookmarks and feed readers ask for /favicon.ico whatever the page says."""
    return redirect(static("vendor/uswds/img/favicons/favicon.ico"), permanent=True)


def page_not_found_view(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error_view(request: HttpRequest) -> HttpResponse:
    return render(request, "500.html", status=500)
