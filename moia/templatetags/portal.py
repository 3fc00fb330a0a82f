from django import template
from django.conf import settings
from django.core.signals import setting_changed
from django.urls import translate_url
from django.utils.html import format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, get_language_info

register = template.Library()

# The sections of the primary navigation (base.html marks the one the page is in).
NAV_SECTIONS = ("directory", "programs", "grants", "surveys", "reports")


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


def _nav_sections(request) -> tuple[str, ...]:
    path = request.path if request else ""
    return tuple(section for section in NAV_SECTIONS if f"/{section}/" in path)


@register.simple_tag(takes_context=True)
def language_menu(context) -> SafeString:
    """The switcher's list items (written here rather than in a template loop: it is on every page)."""
    return format_html_join(
        "\n",
        '<li><a href="{}" lang="{}" hreflang="{}" dir="{}"{}>{}</a></li>',
        (
            (
                link["url"],
                link["code"],
                link["code"],
                link["dir"],
                mark_safe(' aria-current="true" class="portal-languages__current"') if link["current"] else "",
                link["name_local"],
            )
            for link in language_links(context)
        ),
    )


@register.simple_tag(takes_context=True)
def nav_active(context, prefix: str) -> str:
    """'usa-current' when the current page sits under the given app's URL prefix."""
    return "usa-current" if prefix in _nav_sections(context.get("request")) else ""


# Rendered banner, header and footer, per process. They are the same on every page with the same
# language, section, sign-in state and office profile, and rendering them (two dozen translated
# strings, static and URL tags) was a fifth of an uncached page. Bounded: the key space is small
# (12 languages x 6 sections x 2 states x profile edits), the clear only guards against surprises.
_CHROME: dict[tuple, SafeString] = {}
CHROME_LIMIT = 1024


@register.simple_tag(takes_context=True)
def page_chrome(context, template_name: str) -> SafeString:
    """The include `template_name`, rendered once per language, section, sign-in state and office
    profile version (its `updated_at`), then reused. The template may use nothing else."""
    request = context.get("request")
    user = context.get("user")
    office = context.get("office")
    key = (
        template_name,
        get_language(),
        _nav_sections(request),
        bool(user is not None and user.is_authenticated),
        getattr(office, "pk", None),
        getattr(office, "updated_at", None),
    )
    html = _CHROME.get(key)
    if html is None:
        html = context.template.engine.get_template(template_name).render(context)
        if len(_CHROME) >= CHROME_LIMIT:
            _CHROME.clear()
        _CHROME[key] = html
    return html


def _forget_chrome(**kwargs) -> None:
    # Tests change settings the chrome depends on (static files storage, URLs, office preset).
    _CHROME.clear()


setting_changed.connect(_forget_chrome)


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
