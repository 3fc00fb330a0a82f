import dataclasses
import hashlib
from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, translate_url
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_ratelimit.core import is_ratelimited

from moia.ratelimit import client_key

from . import caching, flags, selectors, services
from .cards import result_cards
from .forms import FLAG_LABELS, EmailListForm, filters_from_query, filters_to_query
from .models import TaxonomyTerm

PAGE_SIZE = 20
PRINT_LIMIT = 100
EMAIL_LIMIT = 50


def _filter_context(request: HttpRequest, *, fixed_category: str = "", version: int | None = None):
    codes = selectors.filter_codes(version=version)
    filters = filters_from_query(
        request.GET, category_codes=codes["categories"], neighborhood_slugs=codes["neighborhoods"]
    )
    # Loaded only if the filter form is rendered, not when it comes from the fragment cache.
    choices = SimpleLazyObject(lambda: selectors.filter_choices(version=version))
    if fixed_category:
        filters.categories = [fixed_category, *(c for c in filters.categories if c != fixed_category)]
    return filters, choices


def _page_number(request: HttpRequest) -> int:
    raw = request.GET.get("page", "1")
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 7 else 1


def _list_page(request: HttpRequest, version: int, *, category: TaxonomyTerm | None = None) -> HttpResponse:
    language = get_language()
    fixed = category.code if category else ""
    filters, choices = _filter_context(request, fixed_category=fixed, version=version)
    ids, search = selectors.service_results(user=request.user, filters=filters, language=language, version=version)
    # Pages of ids: the cards of the page shown mostly come ready from the cache (directory/cards.py).
    page = Paginator(ids, PAGE_SIZE).get_page(_page_number(request))
    nothing_found = search is not None and not ids
    # A plain search's first page is counted for editors (words, day and language only, see
    # SearchGap); its result links ping back when opened, so results nobody opens show up too.
    counted = search is not None and search.normalized and not filters.any_filter() and page.number == 1
    opened_ping = (
        reverse("directory:search_opened") + "?" + urlencode({"q": search.normalized}) if counted and ids else ""
    )
    query_string = filters_to_query(filters, fixed_category=fixed)
    context = {
        "category": category,
        "filters": filters,
        "choices": choices,
        "flag_labels": [(flag, label, getattr(filters, flag)) for flag, label in FLAG_LABELS.items()],
        "language_options": selectors.language_choices(),
        "page": page,
        "cards": result_cards(list(page.object_list), language=language, ping=opened_ping),
        "query_string": query_string,
        # The page title says a list is narrowed by filters (beyond the search words or the category).
        "filtered": bool(filters_to_query(dataclasses.replace(filters, query=""), fixed_category=fixed)),
        "full_query_string": filters_to_query(filters),
        "search": search,
        "exact_url": "?" + filters_to_query(dataclasses.replace(filters, exact=True), fixed_category=fixed),
        "closest_categories": (
            selectors.closest_categories(query=filters.query, version=version) if nothing_found else []
        ),
        "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
        # Everything the filter panel shows (directory/_filters.html), apart from the search box.
        "fragment_cache_seconds": settings.DIRECTORY_FRAGMENT_CACHE_SECONDS,
        "filters_fragment_key": (
            version,
            language,
            fixed,
            filters_to_query(dataclasses.replace(filters, query="")),
            bool(filters.query),
        ),
    }
    response = render(request, "directory/index.html", context)
    if counted:
        # Counted by _list_page_served on every request, also when the page comes from the cache.
        response.search_count = (search.normalized, language, bool(ids))
    return response


def _list_page_served(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    counted = getattr(response, "search_count", None)
    if counted is not None:
        query, language, found = counted
        services.search_record(query=query, language=language, found=found)
    return response


@csrf_exempt  # a ping cannot carry a token; it only moves a counter that a search made today
@require_POST
def search_opened_view(request: HttpRequest) -> HttpResponse:
    """Where a result link's `ping` goes when a resident opens it from a search (no JavaScript;
    browsers that do not ping simply count nothing)."""
    if not is_ratelimited(request, group="directory-opened", key=client_key, rate="60/10m", increment=True):
        services.search_result_opened(query=request.GET.get("q", ""), language=get_language())
    return HttpResponse(status=204)


@require_safe
def index_view(request: HttpRequest) -> HttpResponse:
    return _list_page_served(request, caching.public_page(request, lambda version: _list_page(request, version)))


@require_safe
def category_view(request: HttpRequest, slug: str) -> HttpResponse:
    def build(version: int) -> HttpResponse:
        category = get_object_or_404(TaxonomyTerm, code=slug)
        return _list_page(request, version, category=category)

    return _list_page_served(request, caching.public_page(request, build))


@require_safe
def detail_view(request: HttpRequest, slug: str) -> HttpResponse:
    def build(version: int) -> HttpResponse:
        language = get_language()
        service = selectors.service_detail(user=request.user, slug=slug, language=language)
        if service is None:
            raise Http404
        review = selectors.translation_review_for(service=service, language=language)
        context = {
            "service": service,
            "badges": flags.badges(service),
            "locations": [sal.location for sal in service.service_at_locations.all()],
            "other_services": selectors.organization_other_services(service=service, language=language),
            "review": review,
            "untranslated": language != settings.LANGUAGE_CODE and review is None,
            "english_url": translate_url(request.path, settings.LANGUAGE_CODE),
        }
        return render(request, "directory/detail.html", context)

    # Cached until an edit to this service (or to what every service's page shows).
    return caching.public_page(request, build, service=slug)


@require_safe
def print_list_view(request: HttpRequest) -> HttpResponse:
    def build(version: int) -> HttpResponse:
        filters, _choices = _filter_context(request, version=version)
        results = selectors.service_list(user=request.user, filters=filters, language=get_language())
        context = {
            "services": list(results[:PRINT_LIMIT]),
            "filters": filters,
            "limit": PRINT_LIMIT,
            "query_string": filters_to_query(filters),
        }
        return render(request, "directory/print_list.html", context)

    return caching.public_page(request, build)


def _email_key(group: str, request: HttpRequest) -> str:
    # Limited per address without keeping the address: only its hash reaches the cache.
    email = request.POST.get("email", "").strip().lower()
    return hashlib.sha256(email.encode("utf-8", "surrogatepass")).hexdigest()


@require_http_methods(["GET", "POST"])
def email_list_view(request: HttpRequest) -> HttpResponse:
    filters, _choices = _filter_context(request)
    query_string = filters_to_query(filters)
    form = EmailListForm(request.POST or None)
    limited = False
    if request.method == "POST" and form.is_valid():
        limited = is_ratelimited(
            request, group="directory-email-address", key=_email_key, rate="5/h", increment=True
        ) or is_ratelimited(request, group="directory-email-ip", key=client_key, rate="20/h", increment=True)
        if not limited:
            results = list(
                selectors.service_list(user=request.user, filters=filters, language=get_language())[:EMAIL_LIMIT]
            )
            list_url = settings.SITE_URL + reverse("directory:index") + (f"?{query_string}" if query_string else "")
            services.service_list_email(
                to=form.cleaned_data["email"], services=results, language=get_language(), list_url=list_url
            )
            return redirect(reverse("directory:email_sent") + (f"?{query_string}" if query_string else ""))
    status = 429 if limited else 200
    context = {"form": form, "limited": limited, "query_string": query_string, "filters": filters}
    return render(request, "directory/email_form.html", context, status=status)


@require_safe
def email_sent_view(request: HttpRequest) -> HttpResponse:
    filters, _choices = _filter_context(request)
    return render(request, "directory/email_sent.html", {"query_string": filters_to_query(filters)})
