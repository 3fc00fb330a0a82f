from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "surveys"
    verbose_name = _("Community surveys")
    # Database content whose translations staff review (moia/l10n/content.py): the admin shows each
    # language\'s status, residents see a notice while theirs is not reviewed.
    reviewed_content = ("surveys.Survey", "surveys.Question")
    # Edited inline on the survey's and the question's page: reviewed as part of their text.
    reviewed_content_parts = {"surveys.Survey": ("sections",), "surveys.Question": ("choices",)}
    # Which permissions each staff role gets (applied after migrate by moia.accounts.roles).
    role_permissions = {"Survey managers": ["surveys.*"]}
    home_section = "surveys.selectors.home_section"
