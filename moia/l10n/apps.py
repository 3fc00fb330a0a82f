from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class L10nConfig(AppConfig):
    name = "moia.l10n"
    label = "l10n"
    verbose_name = _("Language quality")
    # Directory editors already review the directory's translations; the packets are the same job.
    role_permissions = {"Directory editors": ["l10n.*"]}
