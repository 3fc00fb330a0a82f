from celery.schedules import crontab
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsletterConfig(AppConfig):
    name = "newsletter"
    verbose_name = _("Newsletter")
    # Staff-written content whose translations are reviewed (moia/l10n/content.py).
    reviewed_content = ("newsletter.Issue",)
    # Staff who write and send issues; subscribers' addresses are never shown to them, only counts.
    role_permissions = {
        "Newsletter editors": [
            "newsletter.view_issue",
            "newsletter.add_issue",
            "newsletter.change_issue",
            "newsletter.view_subscriber",
        ],
    }
    home_section = "newsletter.selectors.home_section"
    beat_schedule = {
        # A sending whose worker died goes on by itself within a few minutes.
        "newsletter-resume-sending": {
            "task": "newsletter.tasks.issue_sending_resume_task",
            "schedule": 60.0,
        },
        "newsletter-purge-unconfirmed": {
            "task": "newsletter.tasks.subscribers_purge_unconfirmed_task",
            "schedule": crontab(minute=41),
        },
    }

    def ready(self) -> None:
        from anymail.signals import tracking

        from .signals import tracking_received

        tracking.connect(tracking_received, dispatch_uid="newsletter.tracking_received")
