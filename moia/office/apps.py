from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _office_profile_ensure(sender, using="default", **kwargs) -> None:
    """Every deployment migrates on start (the web container does): that is when the configured
    office's profile is made from its preset, so reading it (moia.office.selectors) never writes."""
    from django.db import connections

    from .models import OfficeProfile
    from .services import office_profile_ensure

    if OfficeProfile._meta.db_table in connections[using].introspection.table_names():
        office_profile_ensure()


class OfficeConfig(AppConfig):
    name = "moia.office"
    label = "office"
    verbose_name = _("Office profile")
    # Database content whose translations staff review (moia/l10n/content.py): the admin shows each
    # language\'s status, residents see a notice while theirs is not reviewed.
    reviewed_content = ("office.OfficeProfile",)
    # The strategic priorities are edited inline on the profile's page: reviewed with it.
    reviewed_content_parts = {"office.OfficeProfile": ("priorities",)}
    role_permissions = {"Report editors": ["office.change_officeprofile", "office.view_officeprofile"]}

    def ready(self) -> None:
        post_migrate.connect(_office_profile_ensure, sender=self, dispatch_uid="office_profile_ensure")
