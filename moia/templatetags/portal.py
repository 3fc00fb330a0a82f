from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language, get_language_info

register = template.Library()


@register.simple_tag(takes_context=True)
def language_links(context) -> list[dict]:
    """This page in every portal language, each named in its own script."""
    request = context.get("request")
    path = request.get_full_path() if request else "/"
    current = get_language()
    prefix = f"/{current}/"
    return [
        {
            "code": code,
            "name_local": get_language_info(code)["name_local"],
            # Our URL patterns differ between languages only by their prefix, so swapping it gives
            # what translate_url() would, without resolving the path twelve times on every page.
            "url": f"/{code}/{path[len(prefix) :]}" if path.startswith(prefix) else translate_url(path, code),
            "current": code == current,
            "dir": "rtl" if code in settings.LANGUAGES_BIDI else "ltr",
        }
        for code in settings.LANGUAGE_CODES
    ]


@register.simple_tag(takes_context=True)
def nav_active(context, prefix: str) -> str:
    """'usa-current' when the current page sits under the given app's URL prefix."""
    request = context.get("request")
    if request and f"/{prefix}/" in request.path:
        return "usa-current"
    return ""


@register.filter
def tel_href(number: str) -> str:
    """A phone number as a tel: link target (digits and a leading + only)."""
    digits = "".join(ch for ch in str(number) if ch.isdigit() or ch == "+")
    return f"tel:{digits}"


_WIDGET_CLASSES = {
    "textarea": "usa-textarea",
    "select": "usa-select",
    "selectmultiple": "usa-select",
}


@register.inclusion_tag("includes/field.html")
def form_field(field, hint: str = ""):
    """One form field the USWDS way: label, hint, error message tied by aria-describedby.

    Errors are announced (role=alert) and the input is marked aria-invalid, so screen
    readers and sighted users get the same message, in the page's language.
    """
    widget = field.field.widget
    kind = getattr(widget, "input_type", None) or widget.__class__.__name__.lower()
    if widget.__class__.__name__ in {"Textarea"}:
        kind = "textarea"
    elif widget.__class__.__name__ in {"Select", "NullBooleanSelect"}:
        kind = "select"
    elif widget.__class__.__name__ == "SelectMultiple":
        kind = "selectmultiple"
    is_choice_list = widget.__class__.__name__ in {"RadioSelect", "CheckboxSelectMultiple"}
    describedby = []
    hint = hint or field.help_text
    if hint:
        describedby.append(f"{field.auto_id}-hint")
    if field.errors:
        describedby.append(f"{field.auto_id}-error")
    attrs = {}
    if not is_choice_list and kind != "checkbox":
        css = _WIDGET_CLASSES.get(kind, "usa-input")
        if field.errors:
            css += " usa-input--error"
        attrs["class"] = css
    if describedby:
        attrs["aria-describedby"] = " ".join(describedby)
    if field.errors:
        attrs["aria-invalid"] = "true"
    if kind == "checkbox":
        attrs["class"] = "usa-checkbox__input"
    return {
        "field": field,
        "hint": hint,
        "kind": kind,
        "is_choice_list": is_choice_list,
        "is_radio": widget.__class__.__name__ == "RadioSelect",
        "widget_html": field.as_widget(attrs=attrs) if not is_choice_list else "",
    }
