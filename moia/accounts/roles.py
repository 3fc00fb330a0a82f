"""Staff roles are Django groups. Each app declares, on its AppConfig, which of its
permissions each role gets (`role_permissions`); `role_permissions_sync` applies them after
every migrate, because permissions only exist once post_migrate has run."""

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.utils.translation import gettext_lazy as _

DIRECTORY_EDITORS = "Directory editors"
PROGRAM_STAFF = "Program staff"
GRANT_REVIEWERS = "Grant reviewers"
GRANT_MANAGERS = "Grant managers"
SURVEY_MANAGERS = "Survey managers"
REPORT_EDITORS = "Report editors"
EVENT_STAFF = "Event staff"
SESSION_HOSTS = "Session hosts"

ROLES = {
    DIRECTORY_EDITORS: _("Edit the resource directory and review its translations."),
    PROGRAM_STAFF: _("Screen and serve intakes of the programmes they are assigned to."),
    GRANT_REVIEWERS: _("Score the grant applications assigned to them."),
    GRANT_MANAGERS: _("Run grant cycles: assign reviewers, decide and notify."),
    SURVEY_MANAGERS: _("Build surveys, enter paper responses and read results."),
    REPORT_EDITORS: _("Import population figures, write, build and publish the annual report."),
    EVENT_STAFF: _("Run events: sessions and slots, registrations, messages and check-in at the door."),
    SESSION_HOSTS: _("Volunteer lawyers and other hosts: offer slots, see their own bookings, record outcomes."),
}


def _permissions_for(spec: str):
    """`app_label.codename`, or `app_label.*` for every permission of an app, or
    `app_label.view_*` for one action over every model of an app."""
    app_label, _dot, codename = spec.partition(".")
    qs = Permission.objects.filter(content_type__app_label=app_label)
    if codename == "*":
        return qs
    if codename.endswith("_*"):
        return qs.filter(codename__startswith=codename[:-1])
    return qs.filter(codename=codename)


def role_permissions_sync(**_kwargs) -> None:
    """Give each role exactly the permissions its apps declare."""
    wanted: dict[str, set[int]] = {role: set() for role in ROLES}
    for config in apps.get_app_configs():
        for role, specs in getattr(config, "role_permissions", {}).items():
            for spec in specs:
                wanted.setdefault(role, set()).update(_permissions_for(spec).values_list("pk", flat=True))
    for role, permission_ids in wanted.items():
        group, _created = Group.objects.get_or_create(name=role)
        group.permissions.set(permission_ids)
