"""Who a rate limit counts: the one client-address rule for every limit of the portal (intake
requests, survey submissions, emailed directory lists, and allauth's login, signup and
password-reset limits through the account adapter).

Behind the documented TLS proxy every request comes from the proxy's address, so keying on
REMOTE_ADDR would put the whole city in one bucket (six intakes in ten minutes would block
everyone, failed logins would lock out all staff). The client's address is then read from the
header the proxy sets, but only when settings say how many proxies to trust: the right-most
entries of X-Forwarded-For are written by our proxies, anything to their left by the client,
who can forge it. Off by default (TRUSTED_PROXY_HOPS = 0): the header is ignored.
"""

import hashlib
import hmac
import ipaddress
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django_ratelimit.core import is_ratelimited


def client_address(request: HttpRequest) -> str:
    """The address of the client as the outermost trusted proxy saw it, or REMOTE_ADDR."""
    hops = settings.TRUSTED_PROXY_HOPS
    remote = request.META.get("REMOTE_ADDR", "")
    if hops <= 0:
        return remote
    entries = [entry.strip() for entry in request.headers.get(settings.TRUSTED_PROXY_HEADER, "").split(",")]
    entries = [entry for entry in entries if entry]
    if len(entries) < hops:
        # Not (or not entirely) through our proxies: the header proves nothing.
        return remote
    candidate = entries[-hops]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote


def client_key(group: str, request: HttpRequest) -> str:
    """A short-lived, hashed stand-in for the client address, for rate limiting only (a
    django-ratelimit key function).

    The address is hashed with a salt that changes every day and the hash lives only in the
    cache (django-ratelimit's counter): neither the address nor the hash is ever stored with an
    intake, a survey response or an emailed list."""
    day = timezone.now().date().isoformat()
    salt = hmac.new(settings.SECRET_KEY.encode(), f"rate-limit:{day}".encode(), hashlib.sha256).digest()
    return hashlib.sha256(salt + client_address(request).encode()).hexdigest()


def public_post_over_limit(request: HttpRequest, form, *, group: str, rate: str) -> bool:
    """The one rule for a public form's POST (help requests, registrations, orders, sign-ups):
    True when this client has sent more than `rate`; the form is then bound and validated anyway,
    so the page shown with the warning keeps everything the resident typed and marks what is wrong.
    Every POST counts, valid or not, so a script cannot probe the form for free."""
    if not is_ratelimited(request, group=group, key=client_key, rate=rate, method="POST", increment=True):
        return False
    form.is_valid()
    return True


def public_form_page(
    request: HttpRequest,
    form,
    template: str,
    context: dict,
    *,
    group: str,
    rate: str,
    on_valid: Callable[[], HttpResponse | None],
    on_bot: Callable[[], HttpResponse] | None = None,
    conflict_status: int = 409,
) -> HttpResponse:
    """The one flow of a public form page (a help request, a registration, an order, a sign-up).

    A GET shows the form. A POST over the rate limit shows it again with `rate_limited` (429); an
    invalid one shows the problems (400). A valid one from a bot (the honeypot filled in) gets
    `on_bot()`, made to look like a success; any other valid one gets `on_valid()`: the
    confirmation redirect, or None after it put its own error on the form. A ValidationError it
    raises (the service refused) goes on the form as a whole; either way the form is shown again
    with `conflict_status`. The template gets `context` and the form as `form`."""
    status = 200
    if request.method == "POST":
        if public_post_over_limit(request, form, group=group, rate=rate):
            context["rate_limited"] = True
            status = 429
        elif form.is_valid():
            if on_bot is not None and form.is_bot:
                return on_bot()
            try:
                response = on_valid()
            except ValidationError as exc:
                form.add_error(None, exc)
                response = None
            if response is not None:
                return response
            status = conflict_status
        else:
            status = 400
    context["form"] = form
    return render(request, template, context, status=status)
