from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GrantsConfig(AppConfig):
    name = "grants"
    verbose_name = _("Grants")
    # Which permissions each staff role gets (applied after migrate by moia.accounts.roles).
    role_permissions = {"Grant managers": ["grants.*"]}
