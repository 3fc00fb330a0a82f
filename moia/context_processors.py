from django.conf import settings
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language, get_language_bidi, get_language_info


def site(request):
    """The office profile, the current language's direction and the language switcher."""
    from moia.office.selectors import office_profile_current

    code = get_language() or settings.LANGUAGE_CODE
    return {
        "office": SimpleLazyObject(office_profile_current),
        "LANGUAGE_DIR": "rtl" if get_language_bidi() else "ltr",
        "html_lang": code,
        "site_languages": [
            {"code": lang, "name_local": get_language_info(lang)["name_local"]} for lang in settings.LANGUAGE_CODES
        ],
        "site_url": settings.SITE_URL,
    }
