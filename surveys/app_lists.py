"""The choice lists the portal supplies to country, language, neighbourhood and yes/no questions.

Babel is not available, so country and language names are translated through this app's own
gettext catalogue. The country list is the most common countries of birth of Boston's
immigrant residents (American Community Survey), plus the United States and "other".
"""

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

COUNTRIES = [
    ("do", _("Dominican Republic")),
    ("ht", _("Haiti")),
    ("cn", _("China")),
    ("sv", _("El Salvador")),
    ("vn", _("Vietnam")),
    ("cv", _("Cabo Verde")),
    ("jm", _("Jamaica")),
    ("co", _("Colombia")),
    ("br", _("Brazil")),
    ("in", _("India")),
    ("gt", _("Guatemala")),
    ("hn", _("Honduras")),
    ("mx", _("Mexico")),
    ("so", _("Somalia")),
    ("et", _("Ethiopia")),
    ("er", _("Eritrea")),
    ("ng", _("Nigeria")),
    ("ke", _("Kenya")),
    ("ug", _("Uganda")),
    ("gh", _("Ghana")),
    ("sd", _("Sudan")),
    ("cm", _("Cameroon")),
    ("sn", _("Senegal")),
    ("lr", _("Liberia")),
    ("sl", _("Sierra Leone")),
    ("cd", _("Democratic Republic of the Congo")),
    ("ma", _("Morocco")),
    ("eg", _("Egypt")),
    ("ec", _("Ecuador")),
    ("pe", _("Peru")),
    ("ve", _("Venezuela")),
    ("bo", _("Bolivia")),
    ("ar", _("Argentina")),
    ("cl", _("Chile")),
    ("ni", _("Nicaragua")),
    ("cu", _("Cuba")),
    ("tt", _("Trinidad and Tobago")),
    ("bb", _("Barbados")),
    ("gy", _("Guyana")),
    ("ca", _("Canada")),
    ("ru", _("Russia")),
    ("ua", _("Ukraine")),
    ("pl", _("Poland")),
    ("al", _("Albania")),
    ("ie", _("Ireland")),
    ("gb", _("United Kingdom")),
    ("it", _("Italy")),
    ("pt", _("Portugal")),
    ("gr", _("Greece")),
    ("de", _("Germany")),
    ("fr", _("France")),
    ("tr", _("Turkey")),
    ("ir", _("Iran")),
    ("iq", _("Iraq")),
    ("sy", _("Syria")),
    ("lb", _("Lebanon")),
    ("af", _("Afghanistan")),
    ("pk", _("Pakistan")),
    ("bd", _("Bangladesh")),
    ("np", _("Nepal")),
    ("kr", _("South Korea")),
    ("jp", _("Japan")),
    ("ph", _("Philippines")),
    ("tw", _("Taiwan")),
    ("hk", _("Hong Kong")),
    ("kh", _("Cambodia")),
    ("th", _("Thailand")),
    ("id", _("Indonesia")),
    ("us", _("United States")),
    ("other", pgettext_lazy("country", "Another country")),
]

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
