from celery.schedules import crontab
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgramsConfig(AppConfig):
    name = "programs"
    verbose_name = _("Programmes and intakes")
    # Database content whose translations staff review (moia/l10n/content.py): the admin shows each
    # language\'s status, residents see a notice while theirs is not reviewed.
    reviewed_content = ("programs.Program", "programs.ServiceType", "programs.CaseType")
    # Which permissions each staff role gets (applied after migrate by moia.accounts.roles).
    # Program staff work intakes, but only of the programmes they are assigned to (selectors.intakes_for).
    role_permissions = {
        "Program staff": [
            "programs.view_program",
            "programs.view_servicetype",
            "programs.view_casetype",
            "programs.view_programcapacity",
            "programs.add_programcapacity",
            "programs.change_programcapacity",
            "programs.view_intake",
            "programs.add_intake",
            "programs.change_intake",
            "programs.view_servicerecord",
            "programs.add_servicerecord",
            "programs.change_servicerecord",
            "programs.delete_servicerecord",
            "programs.view_activity",
            "programs.add_activity",
            "programs.change_activity",
        ],
        # The annual report needs every programme's figures, never a person's details.
        "Report editors": [
            "programs.view_deidentified_intake",
            "programs.view_intake",
            "programs.view_servicerecord",
            "programs.view_program",
            "programs.view_servicetype",
            "programs.view_casetype",
            "programs.view_programcapacity",
            "programs.view_activity",
        ],
    }
    home_section = "programs.selectors.home_section"
    # What a staff member's "My access" page says this app shows them (moia.accounts.selectors).
    staff_scope = "programs.selectors.staff_scope"
    beat_schedule = {
        "programs-purge-expired-pii": {
            "task": "programs.tasks.purge_expired_pii_task",
            "schedule": crontab(hour=3, minute=17),
        },
    }
