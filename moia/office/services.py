from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext
from modeltranslation.utils import build_localized_fieldname

from .models import OfficeProfile, StrategicPriority
from .presets import PRESETS


def translated_values(field: str, english: str) -> dict[str, str]:
    """Every language's value of a text marked in the catalogues, keyed by localized field name."""
    values = {}
    for code in settings.LANGUAGE_CODES:
        with translation.override(code):
            values[build_localized_fieldname(field, code)] = gettext(english) if english else ""
    return values


@transaction.atomic
def office_profile_ensure(*, key: str | None = None) -> OfficeProfile:
    """Create the office profile from its preset unless it already exists; never overwrite edits."""
    key = key or settings.OFFICE_PROFILE
    existing = OfficeProfile.objects.filter(key=key).first()
    if existing:
        return existing
    preset = PRESETS[key]
    fields = {"key": key, "email": preset["email"], "phone": preset["phone"], "website": preset["website"]}
    fields["social_links"] = preset["social_links"]
    for name in ("name", "short_name", "city", "mission", "address"):
        fields.update(translated_values(name, preset[name]))
    profile = OfficeProfile.objects.create(**fields)

    def create(items, parent=None):
        for order, item in enumerate(items):
            priority = StrategicPriority.objects.create(
                office=profile,
                parent=parent,
                code=item["code"],
                order=order,
                **translated_values("name", item["name"]),
                **translated_values("description", item["description"]),
            )
            create(item.get("children", []), parent=priority)

    create(preset["priorities"])
    return profile
