from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgramsConfig(AppConfig):
    name = "programs"
    verbose_name = _("Programmes and intakes")
    # Which permissions each staff role gets (applied after migrate by moia.accounts.roles).
    role_permissions = {"Program staff": []}
