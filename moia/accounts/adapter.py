from types import SimpleNamespace
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.utils.crypto import get_random_string
from django.utils.translation import get_language

from moia.ratelimit import client_key


def _on_site(url: str) -> str:
    parts = urlsplit(url)
    return settings.SITE_URL + parts.path + ("?" + parts.query if parts.query else "")


class AccountAdapter(DefaultAccountAdapter):
    """Sends allauth's emails through Celery so a slow mail server never blocks a request."""

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        from moia.emails import email_context, email_wrap
        from moia.services import email_queue

        # allauth names the sender after django.contrib.sites' Site, which nobody fills in: the
        # office profile is where this deployment's name lives. Account emails are rendered in
        # the language of the page the person is using (allauth sends them from that request).
        office_site = SimpleNamespace(name=email_context()["office"].name, domain=settings.SITE_URL)
        msg = self.render_mail(
            template_prefix, email, email_context({"email": email, **context, "current_site": office_site})
        )
        html = next((content for content, mime in getattr(msg, "alternatives", []) if mime == "text/html"), "")
        email_queue(
            subject=msg.subject,
            body=msg.body,
            to=list(msg.to),
            html_body=html or email_wrap(subject=msg.subject, text=msg.body, context=email_context()),
        )

    # Links in emails point at SITE_URL, the address people know, not whatever Host the request
    # arrived with (behind a proxy that is an internal name, and a forged Host must not reach an inbox).
    def get_email_confirmation_url(self, request, emailconfirmation) -> str:
        return _on_site(super().get_email_confirmation_url(request, emailconfirmation))

    def get_reset_password_from_key_url(self, key: str) -> str:
        return _on_site(super().get_reset_password_from_key_url(key))

    def save_user(self, request, user, form, commit=True):
        # Later emails sent without a request (reminders, decisions) use the language they signed up in.
        user.preferred_language = get_language() or settings.LANGUAGE_CODE
        return super().save_user(request, user, form, commit=commit)

    def get_client_ip(self, request) -> str:
        """allauth's rate limits (login, sign-up, password reset) count per client with the
        portal's own key: the same client address as every other limit, hashed, so the cache
        never holds an IP address."""
        return client_key("accounts", request)

    def send_account_already_exists_mail(self, email: str) -> None:
        # A new sign-up hashes its password, which is most of the time the request takes; an
        # address that already has an account skipped that, so the answer came back faster and
        # told anyone timing it that the address is registered. Both paths now hash once.
        make_password(get_random_string(32))
        super().send_account_already_exists_mail(email)

    def is_open_for_signup(self, request) -> bool:
        return getattr(settings, "ACCOUNT_ALLOW_SIGNUP", True)
