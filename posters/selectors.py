"""Reads: what can be ordered, in which languages, and the staff's mailing list."""

from collections.abc import Iterator

from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.utils.translation import get_language_info

from .models import Poster, PosterOrder, PosterStock


def posters_orderable() -> QuerySet[Poster]:
    """Posters residents may order, with their stock and their print-it-yourself artwork."""
    from library.models import DocumentFile

    return Poster.objects.filter(active=True).prefetch_related(
        Prefetch("stock", queryset=PosterStock.objects.order_by("language")),
        Prefetch("artwork__files", queryset=DocumentFile.objects.exclude(file="")),
    )


def languages_offered(posters) -> list[dict]:
    """The languages any orderable poster is stocked in, in the portal's order, named in their
    own script (a resident finds their language whatever language the page is in)."""
    stocked = {stock.language for poster in posters for stock in poster.stock.all()}
    offered = []
    for code in settings.LANGUAGE_CODES:
        if code in stocked:
            info = get_language_info(code)
            offered.append({"code": code, "name_local": info["name_local"], "bidi": bool(info.get("bidi"))})
    return offered


def stock_available(*, poster: Poster, language: str) -> int:
    """Copies left of a poster in a language (0 when it was never stocked)."""
    row = PosterStock.objects.filter(poster=poster, language=language).values_list("quantity", flat=True).first()
    return row or 0


def print_yourself_links(poster: Poster) -> list:
    """The poster's artwork files from the library, each a FileLink."""
    from library.selectors import file_link

    if poster.artwork is None or not poster.artwork.published:
        return []
    order = {code: index for index, code in enumerate(settings.LANGUAGE_CODES)}
    return sorted((file_link(item) for item in poster.artwork.files.all()), key=lambda link: order[link.language])


MAILING_HEADER = [
    "reference",
    "name",
    "organization",
    "address_line1",
    "address_line2",
    "city",
    "state",
    "postal_code",
    "contents",
]


def mailing_rows(orders: QuerySet[PosterOrder]) -> Iterator[list]:
    """Address labels for the chosen orders that are mailed and still hold an address."""
    yield MAILING_HEADER
    mailed = (
        orders.filter(delivery=PosterOrder.Delivery.MAIL, addresses_purged_at__isnull=True)
        .prefetch_related("lines__poster")
        .order_by("created_at")
    )
    for order in mailed:
        contents = "; ".join(f"{line.quantity} x {line.poster.slug} ({line.language})" for line in order.lines.all())
        yield [
            order.reference,
            order.name or "",
            order.organization_name or "",
            order.address_line1 or "",
            order.address_line2 or "",
            order.city or "",
            order.state or "",
            order.postal_code or "",
            contents,
        ]


def home_section() -> dict | None:
    """The home page's offer of free posters (hidden when none can be ordered)."""
    if not Poster.objects.filter(active=True, stock__quantity__gt=0).exists():
        return None
    return {"template": "posters/_home_section.html", "context": {}}


def order_confirmation(pk: int | None) -> PosterOrder | None:
    """The order a confirmation page shows (its id is only ever taken from the orderer's session)."""
    if not pk:
        return None
    return PosterOrder.objects.filter(pk=pk).prefetch_related("lines__poster").first()
