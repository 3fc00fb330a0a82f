"""The read-only HSDS 3.0 API (Open Referral API specification) and the datapackage download.

Query strings are never trusted: unknown parameters are ignored, page and per_page are
clamped, a malformed id or date filter is ignored, and an unknown language falls back to
the browser's language and then English.
"""

import functools
import hashlib
import math
from collections.abc import Callable, Sequence
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.views.decorators.http import require_safe
from django_ratelimit.core import is_ratelimited

from directory import selectors as directory_selectors
from directory.caching import cache_for_version, cached_for_version
from moia.ratelimit import client_key

from . import selectors, serializers, tabular
from .common import FLAGS, HSDS_VERSION, Flag, language_choose

DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 200
MAX_PER_PAGE_MINIMAL = 10_000
OPENAPI_URL = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/openapi.json"
TRUE_VALUES = {"1", "true", "yes", "on"}


def _language(request: HttpRequest) -> str:
    return (
        language_choose(request.GET.get("lang"))
        or language_choose(translation.get_language_from_request(request, check_path=False))
        or "en"
    )


def _flag(request: HttpRequest, name: str) -> bool:
    return request.GET.get(name, "").strip().lower() in TRUE_VALUES


def _int(value: str | None, *, default: int, low: int, high: int) -> int:
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return default
    return max(low, min(high, number))


def _json(data: Any, *, language: str, status: int = 200) -> JsonResponse:
    return _headers(JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False}), language=language)


def _headers(response: HttpResponse, *, language: str) -> HttpResponse:
    response["Content-Language"] = language
    # The language comes from ?lang=, else the Accept-Language header or the language cookie.
    patch_vary_headers(response, ["Accept-Language", "Cookie"])
    patch_cache_control(response, public=True, max_age=60)
    return response


# What an API answer depends on. A cache key is built from these alone, each normalised the way
# the views read it, so `?junk=N` or `?page=01` cannot make a new key (each one held a whole
# answer, up to 1.5 MB): an anonymous client could otherwise fill the cache.
def _cache_params(request: HttpRequest) -> list[tuple[str, str]]:
    get = request.GET.get
    ids = ("taxonomy_term_id", "taxonomy_id", "organization_id", "parent_id")
    params = {
        "search": directory_selectors.clean_text(get("search", "")),
        "page": str(_int(get("page"), default=1, low=1, high=10**9)),
        "per_page": str(_int(get("per_page"), default=DEFAULT_PER_PAGE, low=1, high=MAX_PER_PAGE_MINIMAL)),
        "modified_after": str(selectors.datetime_or_none(get("modified_after")) or ""),
        **{name: "1" for name in ("minimal", "full", "full_service", "top_only") if _flag(request, name)},
        **{name: str(selectors.uuid_or_none(get(name)) or "") for name in ids},
    }
    return sorted((name, value) for name, value in params.items() if value)


def _cached(request: HttpRequest, language: str, build: Callable[[], JsonResponse]) -> HttpResponse:
    """Answers are cached per path, normalised parameters and language, until staff change anything.

    The directory bumps its cache version on every edit (directory/signals.py), so a cached
    answer is never stale; PUBLIC_PAGE_CACHE_SECONDS=0 turns this off. Every answer, cached or
    not, counts towards the client's rate limit (HSDS_API_RATE).
    """
    if is_ratelimited(request, group="directory-hsds-api", key=client_key, rate=settings.HSDS_API_RATE, increment=True):
        response = _json({"error": "rate_limited"}, language=language, status=429)
        response["Retry-After"] = "60"
        return response
    seconds = settings.PUBLIC_PAGE_CACHE_SECONDS
    if seconds <= 0:
        return build()
    identity = repr((request.path, _cache_params(request)))
    digest = hashlib.sha256(identity.encode("utf-8", "surrogatepass")).hexdigest()
    key = f"directory:hsds:api:{language}:{digest}"
    version, cached = cached_for_version(key)
    if cached is not None:
        status, content = cached
        return _headers(HttpResponse(content, status=status, content_type="application/json"), language=language)
    response = build()
    cache_for_version(key, version, (response.status_code, response.content), seconds)
    return response


def _not_found(language: str) -> JsonResponse:
    return _json({"error": "not_found"}, language=language, status=404)


def _page(
    request: HttpRequest,
    items: QuerySet | Sequence,
    serialize: Callable[[Any], dict],
    *,
    max_per_page: int = MAX_PER_PAGE,
) -> dict[str, Any]:
    """One page in the HSDS API's envelope; out-of-range page numbers are clamped to the nearest page."""
    per_page = _int(request.GET.get("per_page"), default=DEFAULT_PER_PAGE, low=1, high=max_per_page)
    total_items = items.count() if isinstance(items, QuerySet) else len(items)
    total_pages = max(1, math.ceil(total_items / per_page))
    page_number = _int(request.GET.get("page"), default=1, low=1, high=total_pages)
    start = (page_number - 1) * per_page
    contents = [serialize(item) for item in items[start : start + per_page]]
    return {
        "total_items": total_items,
        "total_pages": total_pages,
        "page_number": page_number,
        "size": len(contents),
        "first_page": page_number == 1,
        "last_page": page_number == total_pages,
        "empty": not contents,
        "contents": contents,
    }


@require_safe
def api_root_view(request: HttpRequest) -> JsonResponse:
    return _json({"version": HSDS_VERSION, "openapi_url": OPENAPI_URL}, language="en")


def _api_view(build: Callable[..., dict[str, Any] | None]) -> Callable[..., HttpResponse]:
    """A read-only API view: `build(request, language, **url_kwargs)` makes the answer's data in
    the client's language (None: not found), cached as _cached says."""

    @require_safe
    @functools.wraps(build)
    def view(request: HttpRequest, **kwargs: str) -> HttpResponse:
        language = _language(request)

        def answer() -> JsonResponse:
            with translation.override(language):
                data = build(request, language, **kwargs)
            return _not_found(language) if data is None else _json(data, language=language)

        return _cached(request, language, answer)

    return view


@_api_view
def services_view(request: HttpRequest, language: str) -> dict[str, Any]:
    full = _flag(request, "full")
    services = selectors.hsds_services(
        language=language,
        search=request.GET.get("search", ""),
        taxonomy_term_id=request.GET.get("taxonomy_term_id"),
        taxonomy_id=request.GET.get("taxonomy_id"),
        organization_id=request.GET.get("organization_id"),
        modified_after=request.GET.get("modified_after"),
        full=full,
    )
    if _flag(request, "minimal"):
        # The specification asks minimal lists to fit in one page, so they may be long.
        minimal = selectors.services_minimal(services, language=language)
        return _page(request, minimal, serializers.service_minimal, max_per_page=MAX_PER_PAGE_MINIMAL)
    return _page(request, services, serializers.service_detail if full else serializers.service_summary)


@_api_view
def service_detail_view(request: HttpRequest, language: str, service_id: str) -> dict[str, Any] | None:
    service = selectors.hsds_service(service_id=service_id)
    return None if service is None else serializers.service_detail(service)


@_api_view
def organizations_view(request: HttpRequest, language: str) -> dict[str, Any]:
    organizations = selectors.hsds_organizations(language=language, search=request.GET.get("search", ""))
    return _page(request, organizations, serializers.organization_summary)


@_api_view
def organization_detail_view(request: HttpRequest, language: str, organization_id: str) -> dict[str, Any] | None:
    full_service = _flag(request, "full_service")
    organization = selectors.hsds_organization(organization_id=organization_id, full_service=full_service)
    return None if organization is None else serializers.organization_detail(organization, full_service=full_service)


@_api_view
def taxonomy_terms_view(request: HttpRequest, language: str) -> dict[str, Any]:
    """The directory's categories, then the service flags' terms that attributes point to."""
    parent_id = request.GET.get("parent_id")
    terms: list[Any] = list(selectors.hsds_taxonomy_terms(parent_id=parent_id, top_only=_flag(request, "top_only")))
    if not parent_id:
        terms += list(FLAGS)
    wanted_taxonomy = request.GET.get("taxonomy_id", "").strip()
    items = [
        serializers.flag_term_json(term) if isinstance(term, Flag) else serializers.taxonomy_term_json(term)
        for term in terms
    ]
    if wanted_taxonomy:
        items = [item for item in items if item["taxonomy_id"] == wanted_taxonomy.lower()]
    return _page(request, items, lambda item: item)


@require_safe
def datapackage_view(request: HttpRequest) -> HttpResponse:
    """The whole directory as an HSDS tabular datapackage (zip), rebuilt when the data changes."""
    response = HttpResponse(tabular.datapackage_cached(), content_type="application/zip")
    response["Content-Disposition"] = 'attachment; filename="hsds-datapackage.zip"'
    patch_cache_control(response, public=True, max_age=300)
    return response
