"""The project: settings, URLs, Celery, accounts (custom user, allauth with MFA), the office profile
and its presets (Boston, Baltimore), the layout and the cross-cutting rules every app shares
(outbox for tasks, logging, rate-limit keys)."""

from .celery import app as celery_app

__all__ = ("celery_app",)
