from celery.schedules import crontab
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Annual report")
    # Which permissions each staff role gets (applied after migrate by moia.accounts.roles).
    role_permissions = {"Report editors": ["reports.*"]}
    # Database content whose translations staff review (moia/l10n/content.py): the admin shows each
    # language\'s status, residents see a notice while theirs is not reviewed.
    reviewed_content = ("reports.PopulationStatistic", "reports.DepartmentRequest", "reports.Recommendation")
    # A department's figures are edited inline on its request's page: reviewed with it.
    reviewed_content_parts = {"reports.DepartmentRequest": ("figures",)}
    translation_review_exempt = {
        # Until it is folded into the generic review (issue 14).
        "reports.ReportNarrative": "reviewed per language by ReportNarrativeReview, which publishing requires",
    }
    beat_schedule = {
        # The ordinance's report covers the previous calendar year: a draft is ready mid-January.
        "annual-report-draft": {
            "task": "reports.tasks.report_draft_last_year_task",
            "schedule": crontab(minute=0, hour=6, day_of_month=15, month_of_year=1),
        },
        # Morning, like the grantees' reminders, so it arrives in office hours on the day it is about.
        "department-requests-remind": {
            "task": "reports.tasks.department_requests_remind_task",
            "schedule": crontab(hour=8, minute=20),
        },
    }
