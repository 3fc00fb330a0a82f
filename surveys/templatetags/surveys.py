from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def is_suppressed(count: int, threshold: int) -> bool:
    """Counts from 1 to the threshold could identify someone in a small group."""
    return 1 <= int(count) <= int(threshold)


@register.filter
def suppressed(count: int, threshold: int) -> str:
    """A published count: small cells become "fewer than N+1" (as in the annual report)."""
    if is_suppressed(count, threshold):
        return _("fewer than %(n)s") % {"n": int(threshold) + 1}
    return str(count)
