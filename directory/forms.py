from django import forms
from django.conf import settings
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from moia.forms import AccessibleFormMixin

from .flags import FLAGS
from .selectors import ServiceFilters, clean_text

FLAG_LABELS = {flag.field: flag.label for flag in FLAGS if flag.filter}


def filters_from_query(query: QueryDict, *, category_codes: set[str], neighborhood_slugs: set[str]) -> ServiceFilters:
    """Read the filters from a query string; unknown or malformed values are ignored, never an error."""

    def one(name: str) -> str:
        return clean_text(query.get(name, ""), limit=100)

    categories = list(dict.fromkeys(clean_text(v, limit=100) for v in query.getlist("category")[:20]))
    language = one("language").lower()
    return ServiceFilters(
        query=clean_text(query.get("q", "")),
        categories=[c for c in categories if c in category_codes],
        neighborhood=n if (n := one("neighborhood")) in neighborhood_slugs else "",
        language=language if language in language_codes() else "",
        **{flag: one(flag) in {"1", "on", "true", "yes"} for flag in ServiceFilters.FLAGS},
        exact=one("exact") == "1",
    )


def language_codes() -> list[str]:
    return list(settings.LANGUAGE_CODES)


def filters_to_query(filters: ServiceFilters, *, fixed_category: str = "") -> str:
    """The canonical query string of a filter set (pagination, print and email links keep it)."""
    query = QueryDict(mutable=True)
    if filters.query:
        query["q"] = filters.query
    for code in filters.categories:
        if code != fixed_category:
            query.appendlist("category", code)
    if filters.neighborhood:
        query["neighborhood"] = filters.neighborhood
    if filters.language:
        query["language"] = filters.language
    for flag in ServiceFilters.FLAGS:
        if getattr(filters, flag):
            query[flag] = "1"
    if filters.exact and filters.query:
        query["exact"] = "1"
    return query.urlencode()


class EmailListForm(AccessibleFormMixin, forms.Form):
    email = forms.EmailField(
        label=_("Your email address"),
        max_length=254,
        # The resident's own address: the browser may fill it in (WCAG 1.3.5).
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_("We send the list once and do not keep your address."),
        error_messages={
            "required": _("Enter your email address."),
            "invalid": _("Enter an email address like name@example.com."),
        },
    )
