from celery.schedules import crontab
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "directory"
    verbose_name = _("Resource directory")
    # Which permissions each staff role gets (applied after migrate by moia.accounts.roles).
    # Directory editors read the directory's own history (ServiceEvent etc., in directory.*),
    # never pghistory's site-wide event views, which span intakes too.
    role_permissions = {"Directory editors": ["directory.*"]}
    home_section = "directory.selectors.home_section"
    # Search gaps are kept 30 days at most (directory.services.search_gaps_purge).
    beat_schedule = {
        "directory-purge-search-gaps": {
            "task": "directory.tasks.search_gaps_purge_task",
            "schedule": crontab(hour=3, minute=41),
        },
    }

    def ready(self) -> None:
        from . import signals

        signals.connect()
