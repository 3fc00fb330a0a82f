from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OfficeConfig(AppConfig):
    name = "moia.office"
    label = "office"
    verbose_name = _("Office profile")
    role_permissions = {"Report editors": ["office.change_officeprofile", "office.view_officeprofile"]}
