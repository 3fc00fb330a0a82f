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

from django.conf import settings
from django.http import HttpRequest
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
