"""How demo rows are marked and found, written once for every loader.

A row the demo invents carries `is_demo=True` (directory organizations, services and locations,
the Know Your Rights card, population figures): pages label it and the data package exports the
mark, so nobody takes an invented phone number for a real listing. Loaders that need partner
organizations reuse the directory's demo ones, and make their own only when there are none
(`seed_demo --only programs` on an empty directory). Demo people have @example.org addresses,
which no mail reaches, and no password: staff set one through the reset link to try a role.
"""

from django.contrib.auth.models import Group

from directory.models import Organization
from moia.accounts.models import User


def demo_organization_ensure(*, slug: str, name: str, **fields) -> Organization:
    """Create or update one invented organization, marked as demo."""
    defaults = {"name": name, "name_en": name, **fields, "is_demo": True}
    return Organization.objects.update_or_create(slug=slug, defaults=defaults)[0]


def demo_partners(*, limit: int, fallback: list[dict]) -> list[Organization]:
    """The first `limit` demo organizations by slug, or the `fallback` ones made when there are none."""
    existing = list(Organization.objects.filter(is_demo=True).order_by("slug")[:limit])
    return existing or [demo_organization_ensure(slug=item["slug"], name=item["name"]) for item in fallback]


def demo_user_ensure(email: str, *, staff: bool = False, group: str | None = None, full_name: str = "") -> User:
    """A demo account (made without a password if new), in `group` if one is given."""
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email=email, password=None, is_staff=staff, full_name=full_name)
    if group:
        user.groups.add(Group.objects.get_or_create(name=group)[0])
    return user
