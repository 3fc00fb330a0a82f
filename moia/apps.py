from celery.schedules import crontab
from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class MoiaConfig(AppConfig):
    name = "moia"
    verbose_name = _("Portal")
    beat_schedule = {
        "outbox-flush": {"task": "moia.tasks.outbox_flush_task", "schedule": crontab(minute="*")},
    }

    def ready(self) -> None:
        from moia.accounts.roles import role_permissions_sync

        # Runs after every app's migrate so each role ends with the permissions its apps declare.
        post_migrate.connect(role_permissions_sync, dispatch_uid="moia.role_permissions_sync")
