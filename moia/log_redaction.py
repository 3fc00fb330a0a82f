"""What may reach a log line: never a token, a query string, an email address or a message body.

Logs are read by more people, kept longer and copied further than the database. One filter on
the handler (settings.LOGGING) applies to every logger, Django's, Celery's and ours, so a new
log call cannot leak what an old one was fixed for.
"""

import logging
import re

from django.http import HttpRequest
from django.urls import Resolver404, resolve

# URL parts that are secrets: allauth's password-reset and email-confirmation keys, grants'
# invitation tokens. Whoever reads them in a log can open the form they unlock.
SECRET_URL_KWARGS = frozenset({"key", "token"})
REDACTED = "[redacted]"
EMAIL = re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)+")
# A URL's query string ("?q=…", "?key=…"): what a resident typed, or a collector's code.
QUERY = re.compile(r"\?[^\s'\"<>]*")
# Celery passes a task's arguments (an email's subject, body and recipient) and its return value
# both as the message's format arguments and as `data`; only names, ids and timings are kept.
CELERY_SECRET_KEYS = ("args", "kwargs", "return_value")


def path_for_log(request: HttpRequest) -> str:
    """The request's path, never with its query string, with the secret parts of its URL replaced."""
    path = request.path
    match = getattr(request, "resolver_match", None)
    if match is None:
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return path
    for name, value in match.kwargs.items():
        if name in SECRET_URL_KWARGS and value:
            path = path.replace(str(value), REDACTED)
    return path


def scrub(text: str) -> str:
    return QUERY.sub("?" + REDACTED, EMAIL.sub(REDACTED, text))


def _without_secrets(data: dict) -> dict:
    return {key: (REDACTED if key in CELERY_SECRET_KEYS else value) for key, value in data.items()}


class RedactingFilter(logging.Filter):
    """Rewrites each record before any handler formats it; never drops one."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, dict):
            record.args = _without_secrets(record.args)
        if isinstance(getattr(record, "data", None), dict):
            record.data = _without_secrets(record.data)  # type: ignore[attr-defined]  # set by the caller's extra=
        message = record.getMessage()
        request = getattr(record, "request", None)
        if isinstance(request, HttpRequest):
            # django.request puts the request on the record; its repr is the full path with the query,
            # and its message ("Bad Request: /en/newsletter/preferences/<token>/") the path itself.
            safe_path = path_for_log(request)
            if safe_path != request.path:
                message = message.replace(request.path, safe_path)
            record.request = safe_path
        record.msg = scrub(message)
        record.args = ()
        for name in ("path", "error", "template"):
            value = getattr(record, name, None)
            if isinstance(value, str):
                setattr(record, name, scrub(value))
        if record.exc_info:
            # A mail server's refusal names the address; the traceback is kept, the address is not.
            record.exc_text = scrub(logging.Formatter().formatException(record.exc_info))
            record.exc_info = None
        elif record.exc_text:
            record.exc_text = scrub(record.exc_text)
        return True
