from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings


class AccountAdapter(DefaultAccountAdapter):
    """Sends allauth's emails through Celery so a slow mail server never blocks a request."""

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        from moia.services import email_queue

        msg = self.render_mail(template_prefix, email, context)
        email_queue(
            subject=msg.subject,
            body=msg.body,
            to=list(msg.to),
            html_body=next((content for content, mime in getattr(msg, "alternatives", []) if mime == "text/html"), ""),
        )

    def is_open_for_signup(self, request) -> bool:
        return getattr(settings, "ACCOUNT_ALLOW_SIGNUP", True)
