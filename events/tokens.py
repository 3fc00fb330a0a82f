"""The private link to a registration: a signed reference, so no account is needed and the
reference alone (read out over the phone, printed on a list at the door) opens nothing.

Deterministic (no timestamp): the link in the confirmation, the reminder and the page is the
same one, and it stops working when the personal data is purged (selectors.registration_for_token)."""

from django.core import signing

SALT = "events.registration"


def registration_token(registration) -> str:
    return signing.Signer(salt=SALT).sign(registration.reference)


def registration_token_read(token: str) -> str | None:
    try:
        return signing.Signer(salt=SALT).unsign(token)
    except signing.BadSignature:
        return None
