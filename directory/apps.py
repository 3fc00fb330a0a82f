from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "directory"
    verbose_name = _("Resource directory")
    # Which permissions each staff role gets (applied after migrate by moia.accounts.roles).
    role_permissions = {
        "Directory editors": [
            "directory.*",
            "pghistory.view_events",
            "pghistory.view_middlewareevents",
        ]
    }
    home_section = "directory.selectors.home_section"

    def ready(self) -> None:
        from . import signals

        signals.connect()
