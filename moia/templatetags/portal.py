import re

from django import template
from django.conf import settings
from django.core.signals import setting_changed
from django.urls import translate_url
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, get_language_info

from moia.forms import error_title_prefix, form_problems, is_left_to_right
from moia.languages import path_in_language, per_language

register = template.Library()

# The sections of the primary navigation (base.html marks the one the page is in).
NAV_SECTIONS = ("directory", "programs", "events", "grants", "surveys", "reports")


@per_language
def _languages_shown() -> tuple[tuple[str, str, str], ...]:
    # (code, name in its own script, direction) of every portal language: the same on every page.
    return tuple(
        (code, get_language_info(code)["name_local"], "rtl" if code in settings.LANGUAGES_BIDI else "ltr")
        for code in settings.LANGUAGE_CODES
    )


@register.simple_tag(takes_context=True)
def language_links(context) -> list[dict]:
    """This page in every portal language, each named in its own script."""
    request = context.get("request")
    path = request.get_full_path() if request else "/"
    current = get_language()
    return [
        {"code": code, "name_local": name, "url": path_in_language(path, code), "current": code == current, "dir": dir_}
        for code, name, dir_ in _languages_shown()
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
        bool(user is not None and user.is_staff),  # signed-in nonprofits get "My dashboard", staff do not
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


# A run of Latin-script data inside other text: it starts and ends with a Latin letter or a digit,
# holds at least one Latin letter, and may contain the spaces and punctuation of an address.
_LATIN_RUN = re.compile(r"[0-9A-Za-z\u00c0-\u024f](?:[0-9A-Za-z\u00c0-\u024f .,#'/&()@+-]*[0-9A-Za-z\u00c0-\u024f])?")
_HAS_LATIN_LETTER = re.compile(r"[A-Za-z\u00c0-\u024f]")


@register.filter
def bdi_latin(text) -> SafeString:
    """Text with its Latin-script runs (a street address, an English name) each in a <bdi>, so in a
    right-to-left page "1 City Hall Square" keeps its street number in front (WCAG 1.3.2)."""
    text = str(text or "")
    parts, last = [], 0
    for match in _LATIN_RUN.finditer(text):
        if not _HAS_LATIN_LETTER.search(match.group()):
            continue
        parts.append(escape(text[last : match.start()]))
        parts.append(format_html("<bdi>{}</bdi>", match.group()))
        last = match.end()
    parts.append(escape(text[last:]))
    return format_html_join("", "{}", ((part,) for part in parts))


@register.simple_tag
def fallback_lang(obj, field: str) -> SafeString:
    """' lang="en"' when `obj.field` is shown in English because it has no text in the page's
    language (modeltranslation's fallback), so a screen reader reads it with English rules (WCAG 3.1.2);
    on a right-to-left page also ' dir="ltr"', so the English sentence's punctuation and order are not reversed."""
    from modeltranslation.utils import build_localized_fieldname

    language = get_language()
    if language == settings.LANGUAGE_CODE or not getattr(obj, field, ""):
        return SafeString("")
    if getattr(obj, build_localized_fieldname(field, language), None):
        return SafeString("")
    if language in settings.LANGUAGES_BIDI:
        return format_html(' lang="{}" dir="ltr"', settings.LANGUAGE_CODE)
    return format_html(' lang="{}"', settings.LANGUAGE_CODE)


@register.filter
def in_reading_language(url: str) -> str:
    """A link to a page of this portal (under SITE_URL) in the language being read, e.g. a
    directory entry's link to one of the portal's tools; any other link is returned unchanged."""
    site = settings.SITE_URL.rstrip("/")
    if not url or not url.startswith(site + "/"):
        return url
    return translate_url(url, get_language())


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


@register.simple_tag
def form_error_summary(form) -> dict:
    """The error summary of a form or formset (templates/includes/form_errors.html)."""
    problems = form_problems(form)
    return {"problems": problems, "heading": error_title_prefix(form).removesuffix(" · ")}


@register.simple_tag(takes_context=True)
def page_error_prefix(context) -> str:
    """What base.html puts before the page title: "Error: 2 problems · " after a refused submit.

    Views hand their form to the template as `form` (a formset as `formset`)."""
    return error_title_prefix(context.get("form"), context.get("formset"))


@register.inclusion_tag("includes/field.html")
def form_field(field, hint: str = ""):
    """One form field the USWDS way: label, hint, error message tied by aria-describedby.

    An invalid input is marked aria-invalid; the error summary above the form is the one live
    message. Phone, email, web and number inputs are left to right inside right-to-left pages.
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
    if is_left_to_right(widget):
        attrs["dir"] = "ltr"
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
