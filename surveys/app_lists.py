"""The choice lists the portal supplies to country, language, neighbourhood and yes/no questions.

Babel is not available, so country and language names are translated through this app's own
gettext catalogue. Countries come from moia/countries.py, shared with the help-request form.
"""

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from moia.countries import COUNTRIES  # noqa: F401 (the survey's country questions read it here)

# Spoken languages beyond the portal's own: the ones Boston's language-access data shows often.
OTHER_LANGUAGES = [
    ("yue", _("Cantonese")),
    ("cmn", _("Mandarin")),
    ("pt", _("Portuguese")),
    ("it", _("Italian")),
    ("pl", _("Polish")),
    ("sq", _("Albanian")),
    ("am", _("Amharic")),
    ("ti", _("Tigrinya")),
    ("om", _("Oromo")),
    ("yo", _("Yoruba")),
    ("sw", _("Swahili")),
    ("ne", _("Nepali")),
    ("bn", _("Bengali")),
    ("hi", _("Hindi")),
    ("ur", _("Urdu")),
    ("pa", _("Punjabi")),
    ("gu", _("Gujarati")),
    ("tl", _("Tagalog")),
    ("ko", _("Korean")),
    ("ja", _("Japanese")),
    ("km", _("Khmer")),
    ("fa", _("Persian (Farsi, Dari)")),
    ("tr", _("Turkish")),
    ("uk", _("Ukrainian")),
    ("other", pgettext_lazy("language", "Another language")),
]

YES_NO = [("yes", _("Yes")), ("no", _("No"))]


def languages() -> list[tuple[str, object]]:
    """The portal's languages first (read at call time), then other common home languages."""
    return [(code, name) for code, name in settings.LANGUAGES] + OTHER_LANGUAGES
