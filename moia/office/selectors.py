from django.conf import settings
from django.core.cache import cache

from .models import OfficeProfile

CACHE_KEY = "office-profile:{key}"


def office_profile_current() -> OfficeProfile:
    """The profile of the office this deployment serves (cached; saving a profile clears it).
    `migrate` creates it from the office's preset (moia/office/apps.py)."""
    key = settings.OFFICE_PROFILE
    profile = cache.get(CACHE_KEY.format(key=key))
    if profile is None:
        profile = OfficeProfile.objects.get(key=key)
        cache.set(CACHE_KEY.format(key=key), profile, 3600)
    return profile
