"""Signed links in newsletter emails: confirm (expires), unsubscribe and preferences (do not).

A token carries the subscriber's number and their `token_key`; signing (SECRET_KEY) stops anyone
from making one, and the key retires every old link when the subscriber leaves or starts again.
The address itself is never in a link.
"""

from django.conf import settings
from django.core import signing

CONFIRM = "newsletter.confirm"
MANAGE = "newsletter.manage"  # unsubscribe and preferences: one link, valid as long as the subscription


def token_make(subscriber, purpose: str) -> str:
    return signing.dumps([subscriber.pk, subscriber.token_key], salt=purpose, compress=False)


def token_read(token: str, purpose: str) -> tuple[int, str] | None:
    """(subscriber number, key), or None for a forged, altered or (confirmation) expired token."""
    max_age = settings.NEWSLETTER_UNCONFIRMED_DAYS * 86400 if purpose == CONFIRM else None
    try:
        pk, key = signing.loads(token, salt=purpose, max_age=max_age)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if not isinstance(pk, int) or not isinstance(key, str):
        return None
    return pk, key
