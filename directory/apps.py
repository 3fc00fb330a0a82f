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

    def ready(self) -> None:
        from . import signals

        signals.connect()
