"""The service flags: what each yes/no property of a listing is called, where it shows and how
it travels in HSDS. Everything that lists flags (the filter form and its query string, result
cards and the detail page's badges, the HSDS API, package and import, the admin and its
spreadsheet import) reads this table, so a new flag is one row here plus its model field.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from moia.languages import per_language


@dataclass(frozen=True)
class Flag:
    field: str  # the Service model's BooleanField
    label: str  # the badge's and the filter's wording
    # The HSDS attribute's term code; None where HSDS carries it otherwise (free of charge is a
    # cost option with amount 0) or not at all (demo data).
    hsds_code: str | None
    filter: bool  # residents can narrow the directory by it
    badge_class: str = ""


# In the order badges and filters show them.
FLAGS = (
    Flag("is_free", _("Free of charge"), None, filter=True),
    Flag(
        "regardless_of_status", _("Regardless of immigration status"), "regardless-of-immigration-status", filter=True
    ),
    Flag("no_id_required", _("No ID required"), "no-id-required", filter=True),
    Flag("free_interpretation", _("Free interpretation"), "free-interpretation", filter=False),
    Flag("confidential", _("Confidential"), "confidential", filter=False),
    Flag("walk_in", _("Walk-in"), "walk-in", filter=True),
    Flag("by_phone", _("By phone"), "by-phone", filter=True),
    Flag("online", _("Online"), "online", filter=True),
    Flag("is_demo", _("Demo data"), None, filter=False, badge_class="directory-demo"),
)
FIELDS = tuple(flag.field for flag in FLAGS)
FILTER_FIELDS = tuple(flag.field for flag in FLAGS if flag.filter)


@per_language
def _labels() -> tuple[str, ...]:
    # In FLAGS order. A result card is built with its badges: translating nine lazy labels again
    # for every card was a fifth of building it.
    return tuple(str(flag.label) for flag in FLAGS)


def badges(values) -> list[tuple[Flag, str]]:
    """The badges a service shows, as (flag, label in the active language); `values` is the
    service or a dict of its flag fields."""
    get = values.get if isinstance(values, dict) else lambda name: getattr(values, name)
    return [(flag, label) for flag, label in zip(FLAGS, _labels(), strict=True) if get(flag.field)]
