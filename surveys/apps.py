from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "surveys"
    verbose_name = _("Community surveys")
    # Which permissions each staff role gets (applied after migrate by moia.accounts.roles).
    role_permissions = {"Survey managers": ["surveys.*"]}
    home_section = "surveys.selectors.home_section"
