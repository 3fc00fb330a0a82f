from celery.schedules import crontab
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GrantsConfig(AppConfig):
    name = "grants"
    verbose_name = _("Grants")
    # Database content whose translations staff review (moia/l10n/content.py): the admin shows each
    # language\'s status, residents see a notice while theirs is not reviewed.
    reviewed_content = ("grants.GrantCycle",)
    # Edited inline on the round's page: reviewed as part of the round's text.
    reviewed_content_parts = {"grants.GrantCycle": ("streams", "criteria")}
    home_section = "grants.selectors.home_section"
    staff_scope = "grants.selectors.staff_scope"
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
    beat_schedule = {
        # Morning, so a reminder arrives in office hours on the day it is about.
        "grants-remind-reports": {
            "task": "grants.tasks.grantee_reports_remind_task",
            "schedule": crontab(hour=8, minute=15),
        },
    }
