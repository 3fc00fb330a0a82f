from django.conf import settings

from moia.cache import shared_and_local

from .models import OfficeProfile

CACHE_KEY = "office-profile:{key}"


def office_profile_current() -> OfficeProfile:
    """The profile of the office this deployment serves (cached; saving a profile clears it).
    `migrate` creates it from the office's preset (moia/office/apps.py)."""
    key = settings.OFFICE_PROFILE
    return shared_and_local(CACHE_KEY.format(key=key), lambda: OfficeProfile.objects.get(key=key), seconds=3600)
