"""The Celery app. Each Django app keeps its tasks in tasks.py (autodiscovered) and its
periodic jobs in a `beat_schedule` attribute on its AppConfig."""

import os

from celery import Celery, signals

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "moia.settings")

app = Celery("moia", task_cls="celery.contrib.django.task:DjangoTask")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@signals.setup_logging.connect
def use_django_logging(**_kwargs) -> None:
    """Workers log through settings.LOGGING (JSON, and its filter that keeps task arguments such
    as an email's recipient and body out of the log) instead of Celery's own handlers."""
    import logging.config

    from django.conf import settings

    logging.config.dictConfig(settings.LOGGING)


@app.on_after_finalize.connect
def collect_beat_schedules(sender, **_kwargs) -> None:
    from django.apps import apps

    for config in apps.get_app_configs():
        sender.conf.beat_schedule.update(getattr(config, "beat_schedule", {}))
