from django.conf import settings
from django.core.cache import cache

from .models import OfficeProfile, StrategicPriority

CACHE_KEY = "office-profile:{key}"


def office_profile_current() -> OfficeProfile:
    """The profile of the office this deployment serves (cached; saving a profile clears it)."""
    key = settings.OFFICE_PROFILE
    profile = cache.get(CACHE_KEY.format(key=key))
    if profile is None:
        profile = OfficeProfile.objects.filter(key=key).first()
        if profile is None:
            from .services import office_profile_ensure

            profile = office_profile_ensure(key=key)
        cache.set(CACHE_KEY.format(key=key), profile, 3600)
    return profile


def strategic_priorities(*, office: OfficeProfile | None = None):
    """Priorities of the current office, top level first then their sub-areas."""
    office = office or office_profile_current()
    return StrategicPriority.objects.filter(office=office).select_related("parent").order_by("parent_id", "order")
