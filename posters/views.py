from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from moia.office.selectors import office_profile_current
from moia.ratelimit import public_form_page

from . import selectors, services
from .forms import PosterOrderForm

SESSION_ORDER = "posters:last-order"
ORDER_RATE = "5/10m"


def _posters_with_links():
    posters = list(selectors.posters_orderable())
    return posters, [(poster, selectors.print_yourself_links(poster)) for poster in posters]


@require_safe
def index_view(request: HttpRequest) -> HttpResponse:
    posters, with_links = _posters_with_links()
    return render(
        request,
        "posters/index.html",
        {"posters": with_links, "languages": selectors.languages_offered(posters)},
    )


@never_cache
@require_http_methods(["GET", "POST"])
def order_view(request: HttpRequest) -> HttpResponse:
    posters, _with_links = _posters_with_links()
    languages = selectors.languages_offered(posters)
    queryset = selectors.posters_orderable()
    initial = {"languages": [get_language()]} if any(item["code"] == get_language() for item in languages) else {}
    office = office_profile_current()
    form = PosterOrderForm(
        request.POST or None,
        posters=queryset,
        languages=languages,
        initial=initial,
        pickup_address=" ".join(office.address.split()),
    )

    def done(order_id: int | None) -> HttpResponse:
        request.session[SESSION_ORDER] = order_id
        return redirect("posters:order_done")

    def place() -> HttpResponse:
        order = services.poster_order_place(
            lines=form.lines(),
            data=form.order_data(),
            language=get_language(),
            submission_token=form.cleaned_data.get("submission_token", ""),
        )
        return done(order.pk)

    return public_form_page(
        request,
        form,
        "posters/order.html",
        {"posters": posters, "retention_days": services.ADDRESS_RETENTION_DAYS},
        group="posters:order",
        rate=ORDER_RATE,
        on_valid=place,
        # Pretend it worked: a bot learns nothing, staff pack nothing.
        on_bot=lambda: done(None),
    )


@never_cache
@require_safe
def order_done_view(request: HttpRequest) -> HttpResponse:
    if SESSION_ORDER not in request.session:
        return redirect("posters:order")
    order_id = request.session.get(SESSION_ORDER)
    order = selectors.order_confirmation(order_id)
    return render(
        request,
        "posters/order_done.html",
        {"order": order, "retention_days": services.ADDRESS_RETENTION_DAYS, "site_url": settings.SITE_URL},
    )
