from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GrantsConfig(AppConfig):
    name = "grants"
    verbose_name = _("Grants")
    home_section = "grants.selectors.home_section"
    # Which permissions each staff role gets (applied after migrate by moia.accounts.roles).
    # Reviewers read what they are assigned and write only their own scores; the admin's
    # querysets (grants.selectors) narrow "view" down to their assignments.
    role_permissions = {
        "Grant managers": ["grants.*"],
        "Grant reviewers": [
            "grants.view_application",
            "grants.view_budgetline",
            "grants.view_document",
            "grants.view_reviewassignment",
            "grants.change_reviewassignment",
            "grants.view_rubriccriterion",
        ],
    }
