from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Annual report")
    # Which permissions each staff role gets (applied after migrate by moia.accounts.roles).
    role_permissions = {"Report editors": ["reports.*"]}
