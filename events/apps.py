"""Events, sessions and bookable time slots the office runs, and residents' registrations for them:
capacity and waitlist, reminders, check-in at the door and attendance for the programme metrics.
Owns registrants' contact details and their retention."""

from celery.schedules import crontab
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Events and appointments")
    # Staff-written content whose translations are reviewed (moia/l10n/content.py).
    reviewed_content = ("events.Event",)
    # Which permissions each staff role gets (applied after migrate by moia.accounts.roles).
    role_permissions = {
        # The office's events team: everything about events, registrations included.
        "Event staff": [
            "events.view_event",
            "events.add_event",
            "events.change_event",
            "events.view_session",
            "events.add_session",
            "events.change_session",
            "events.view_registration",
            "events.add_registration",
            "events.change_registration",
            "events.view_registrationoutcome",
        ],
        # Volunteer lawyers never reach the admin: their pages are /<lang>/events/host/, which
        # show only their own sessions (events.selectors_staff.host_registrations_for). The role
        # itself is what those pages check; it carries no admin permission.
        "Session hosts": [],
    }
    home_section = "events.selectors.home_section"
    staff_scope = "events.selectors_staff.staff_scope"
    beat_schedule = {
        # Late afternoon: "tomorrow" is unambiguous and a text at 4 pm wakes nobody.
        "events-remind-tomorrow": {
            "task": "events.tasks.registrations_remind_task",
            "schedule": crontab(hour=16, minute=5),
        },
        # Same hour band as the intakes' purge: one retention rule for all personal data.
        "events-purge-expired-pii": {
            "task": "events.tasks.registrations_purge_expired_task",
            "schedule": crontab(hour=3, minute=27),
        },
    }
