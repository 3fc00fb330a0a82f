"""Self-help tools residents use without leaving data behind: the Family Emergency Preparedness
Plan (built from the request, never stored) and printable Know Your Rights cards."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ToolsConfig(AppConfig):
    name = "tools"
    verbose_name = _("Self-help tools")
    # Staff-written content whose translations are reviewed (moia/l10n/content.py).
    reviewed_content = ("tools.KnowYourRightsCard",)
    # The card's wording is content, kept by the people who keep the directory's.
    role_permissions = {"Directory editors": ["tools.*"]}
    home_section = "tools.selectors.home_section"
