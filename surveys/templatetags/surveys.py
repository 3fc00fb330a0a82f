from django import template

from moia.disclosure import published_text, suppressed_reason

register = template.Library()


@register.filter
def suppression(value) -> str:
    """Why a published count is hidden: "primary" (a small count), "complementary" (hidden so that
    a small count cannot be worked out), or "" when it is shown."""
    return suppressed_reason(value) or ""


@register.filter
def published_count(value):
    """A planned count as the public sees it: the number, "fewer than N+1" or "—"."""
    return published_text(value)
