"""Orders for free City of Belonging posters: stock per poster and language, the staff fulfilment
queue, and purge of delivery addresses after fulfilment."""

from celery.schedules import crontab
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PostersConfig(AppConfig):
    name = "posters"
    verbose_name = _("Poster orders")
    # Staff-written content whose translations are reviewed (moia/l10n/content.py).
    reviewed_content = ("posters.Poster",)
    # Outreach staff pack and send orders and keep the stock; the state of an order changes only
    # through the admin's actions (posters.services.poster_order_transition).
    role_permissions = {
        "Outreach staff": [
            "posters.view_poster",
            "posters.add_poster",
            "posters.change_poster",
            "posters.view_posterstock",
            "posters.add_posterstock",
            "posters.change_posterstock",
            "posters.view_posterorder",
            "posters.change_posterorder",
            "posters.view_posterorderline",
            "posters.view_posterorderevent",
        ],
    }
    home_section = "posters.selectors.home_section"
    beat_schedule = {
        "posters-purge-fulfilled-addresses": {
            "task": "posters.tasks.purge_fulfilled_addresses_task",
            "schedule": crontab(hour=3, minute=37),
        },
    }
