from django import template
from django.utils.translation import get_language

from moia.languages import path_in_language

register = template.Library()

# Directory categories whose pages give legal information (rights, immigration law, citizenship).
LEGAL_INFORMATION_CATEGORIES = frozenset({"legal", "citizenship", "know-your-rights"})


@register.inclusion_tag("l10n/language_notice.html", takes_context=True)
def language_review_notice(context) -> dict:
    """The notice on every page of a language no native speaker has reviewed yet."""
    from moia.l10n.selectors import language_review_status

    language = get_language() or "en"
    status = language_review_status(language=language)
    request = context.get("request")
    return {
        "status": status,
        "show": status != "reviewed",
        "english_url": path_in_language(request.get_full_path(), "en") if request else "/",
    }


@register.filter
def gives_legal_information(obj) -> bool:
    """A directory service in a legal category, or a programme offering a legal service."""
    if hasattr(obj, "taxonomy_terms"):
        return any(term.code in LEGAL_INFORMATION_CATEGORIES for term in obj.taxonomy_terms.all())
    if hasattr(obj, "service_types"):
        return any(service.is_legal for service in obj.service_types.all())
    return False


@register.inclusion_tag("l10n/content_notice.html", takes_context=True)
def content_review_notice(context, obj, anchor: str = "") -> dict:
    """On staff-written content (a programme, a poster, a document, a survey…): tells the resident
    when its text in their language is not one a person has checked against today's English, or is
    not translated at all, as the directory does for each service. The language's own notice
    (language_review_notice) speaks of the portal's wording; this one of the text beside it.
    `anchor`: the card, in a list of them, the notice is on (it speaks of "this text", not "this
    page", and its "original in English" link lands on the card)."""
    from moia.l10n.selectors import content_translation_status

    language = get_language() or "en"
    if obj is None or language == "en":
        return {"show": False}
    status = content_translation_status(obj, language)
    request = context.get("request")
    english_url = path_in_language(request.get_full_path(), "en") if request else "/"
    return {
        "status": status,
        "show": status != "reviewed",
        "english_url": f"{english_url}#{anchor}" if anchor else english_url,
        "card": bool(anchor),
    }
