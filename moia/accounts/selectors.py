"""Reads for accounts: what a staff member can see, and whom to ask for more."""

from django.apps import apps
from django.db.models import Q, QuerySet
from django.utils.module_loading import import_string

from .models import User
from .roles import ROLES

# Who may invite staff (and so give roles): the services check it, the "ask" lists follow it.
INVITE_PERMISSION = "accounts.add_staffinvitation"


def staff_administrators() -> QuerySet[User]:
    """Active people who can invite staff and give roles: the ones a staff member asks for access."""
    app_label, codename = INVITE_PERMISSION.split(".")
    by_group = Q(groups__permissions__content_type__app_label=app_label, groups__permissions__codename=codename)
    direct = Q(user_permissions__content_type__app_label=app_label, user_permissions__codename=codename)
    return (
        User.objects.filter(is_active=True, is_staff=True)
        .filter(Q(is_superuser=True) | by_group | direct)
        .distinct()
        .order_by("full_name", "email")
    )


def staff_access(user) -> dict:
    """A staff member's own view of their access: roles with what each allows, and what each app
    shows them (apps declare a `staff_scope` function on their AppConfig, as they declare
    `role_permissions`), so nobody has to guess why a list is empty."""
    groups = sorted(user.groups.filter(name__in=ROLES).values_list("name", flat=True))
    scopes = []
    for config in apps.get_app_configs():
        dotted = getattr(config, "staff_scope", None)
        if dotted:
            lines = import_string(dotted)(user)
            if lines:
                scopes.append({"app": config.verbose_name, "lines": lines})
    return {
        "is_superuser": user.is_superuser,
        "roles": [{"name": name, "description": ROLES[name]} for name in groups],
        "scopes": scopes,
        "administrators": list(staff_administrators().exclude(pk=user.pk)[:5]),
    }
