"""Single-use link tokens (invitations): only a digest is stored, so a copy of the database
holds no working link. The raw token exists in the email alone."""

import hashlib
import secrets


def token_digest(raw: str) -> str:
    """The SHA-256 of a token: what the database keeps and what a lookup compares."""
    return hashlib.sha256(raw.encode()).hexdigest()


def token_new() -> tuple[str, str]:
    """A fresh token for a link and the digest to store."""
    raw = secrets.token_urlsafe(32)
    return raw, token_digest(raw)
