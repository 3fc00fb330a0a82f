from django import template
from django.utils.translation import get_language_info

from events.selectors import seats_left as _seats_left

register = template.Library()


@register.filter
def language_names(codes) -> str:
    """Language codes as names in the reader's language ("Spanish, Haitian Creole")."""
    names = []
    for code in codes or []:
        try:
            names.append(str(get_language_info(code)["name_translated"]))
        except KeyError:
            names.append(code)
    return ", ".join(names)


@register.filter
def seats_left(session) -> int:
    return _seats_left(session)


@register.filter
def bring_items(text: str) -> list[str]:
    return [line.strip(" -•\t") for line in (text or "").splitlines() if line.strip(" -•\t")]


@register.filter
def duration_minutes(session) -> int:
    return int((session.ends_at - session.starts_at).total_seconds() // 60)


@register.inclusion_tag("events/_program_sessions.html")
def program_sessions(program) -> dict:
    """A programme page's next dates and the way to sign up (programs/detail.html)."""
    from events.selectors import program_next_sessions

    return {"program": program, "sessions": program_next_sessions(program)}


@register.inclusion_tag("events/_service_events.html")
def service_events(service) -> dict:
    """A directory entry that is an event links to its dates (directory/detail.html)."""
    from events.selectors import service_events as events_of

    return {"events": events_of(service)}
