from celery.schedules import crontab
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Annual report")
    # Which permissions each staff role gets (applied after migrate by moia.accounts.roles).
    role_permissions = {"Report editors": ["reports.*"]}
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
