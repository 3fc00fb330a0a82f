"""Writes: a resident's poster order (stock taken atomically), the fulfilment workflow, and the
purge of personal data after fulfilment."""

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _

from moia.accounts.models import User
from moia.services import audited, each_changed, email_send

from .models import Poster, PosterOrder, PosterOrderEvent, PosterOrderLine, PosterStock, reference_generate

logger = logging.getLogger(__name__)

Status = PosterOrder.Status
# Addresses are kept this long after an order is sent, picked up or cancelled (a lost parcel is
# asked about within weeks), then blanked.
ADDRESS_RETENTION_DAYS = 90
MAX_COPIES_PER_LINE = 50

# What a resident's order form may set: who it is for, how it comes, and the recipient's details.
ORDER_FIELDS = {"recipient_type", "delivery", *PosterOrder.PERSONAL_FIELDS}


class _ShortOfStock(Exception):
    def __init__(self, poster: Poster, language: str, wanted: int):
        self.poster, self.language, self.wanted = poster, language, wanted


def _short_of_stock_message(short: _ShortOfStock, available: int) -> str:
    language = get_language_info(short.language)["name_local"]
    if available <= 0:
        return _("“%(poster)s” in %(language)s is out of stock. Choose another language or print it yourself.") % {
            "poster": short.poster.title,
            "language": language,
        }
    return _("Only %(available)d copies of “%(poster)s” in %(language)s are left. Ask for %(available)d or fewer.") % {
        "available": available,
        "poster": short.poster.title,
        "language": language,
    }


@audited
def poster_order_place(
    *, lines: list[tuple[Poster, str, int]], data: dict, language: str = "en", submission_token: str = ""
) -> PosterOrder:
    """Record an order and take its copies from stock in one transaction: if any line has
    too few copies left, nothing is ordered and the message says how many are left (staff see
    the refused demand on the stock row). A confirmation is emailed in the resident's language."""
    if submission_token:
        # The same form sent twice (a double click, a retry after a slow answer): one order.
        existing = PosterOrder.objects.filter(submission_token=submission_token).first()
        if existing is not None:
            return existing
    if not lines:
        raise ValidationError(_("Choose at least one poster and one language."))
    if any(quantity < 1 or quantity > MAX_COPIES_PER_LINE for _poster, _language, quantity in lines):
        raise ValidationError(
            _("Ask for between 1 and %(most)d copies of each poster.") % {"most": MAX_COPIES_PER_LINE}
        )
    fields = {name: (value or None) for name, value in data.items() if name in ORDER_FIELDS}
    if fields.get("delivery") == PosterOrder.Delivery.PICKUP:
        # Never keep an address nobody needs.
        fields.update(dict.fromkeys(PosterOrder.ADDRESS_FIELDS))
    try:
        with transaction.atomic():
            order = _order_insert(fields=fields, language=language, submission_token=submission_token)
            for poster, line_language, quantity in lines:
                # One UPDATE ... WHERE quantity >= n: the row lock makes a second order for the
                # last copies wait for the first and then find too few (no read-then-write race).
                taken = PosterStock.objects.filter(
                    poster=poster, language=line_language, quantity__gte=quantity
                ).update(quantity=F("quantity") - quantity)
                if not taken:
                    raise _ShortOfStock(poster, line_language, quantity)
                PosterOrderLine.objects.create(order=order, poster=poster, language=line_language, quantity=quantity)
            PosterOrderEvent.objects.create(order=order, from_status="", to_status=Status.NEW)
            if order.email:
                _confirmation_queue(order=order)
    except _ShortOfStock as short:
        # The order rolled back; what staff learn is only that demand went unmet, not who asked.
        PosterStock.objects.filter(poster=short.poster, language=short.language).update(
            unmet_requests=F("unmet_requests") + 1
        )
        available = PosterStock.objects.filter(poster=short.poster, language=short.language).first()
        raise ValidationError(
            _short_of_stock_message(short, available.quantity if available else 0), code="out_of_stock"
        ) from None
    except IntegrityError:
        # Sent at the same moment by another request with the same token: answer with its order.
        existing = PosterOrder.objects.filter(submission_token=submission_token).first() if submission_token else None
        if existing is not None:
            return existing
        raise
    return order


def _order_insert(*, fields: dict, language: str, submission_token: str) -> PosterOrder:
    for _attempt in range(5):
        order = PosterOrder(
            reference=reference_generate(), language=language, submission_token=submission_token or None, **fields
        )
        # The encrypted fields are checked by the form: their clean() keeps state on the field
        # object, shared by every thread of a worker, and fails when two orders clean at once.
        order.full_clean(exclude=["reference", "submission_token", *PosterOrder.PERSONAL_FIELDS])
        try:
            with transaction.atomic():
                order.save()
        except IntegrityError:
            if submission_token and PosterOrder.objects.filter(submission_token=submission_token).exists():
                raise
            continue  # a reference collision: draw another
        return order
    raise ValidationError(_("Your order could not be saved. Please try again."))


def _confirmation_queue(*, order: PosterOrder) -> None:
    email_send(
        template="posters/email/confirmation",
        context={
            "order": order,
            "lines": list(order.lines.select_related("poster")),
            "retention_days": ADDRESS_RETENTION_DAYS,
        },
        to=[order.email],
        language=order.language or settings.LANGUAGE_CODE,
    )


@audited
@transaction.atomic
def poster_order_transition(*, order: PosterOrder, to_status: str, by: User | None = None) -> PosterOrder:
    """Move an order along new → packed → sent (mailed) or picked up (pick-up), or cancel it
    before it leaves (its copies go back to stock); each change is recorded with who made it."""
    locked = PosterOrder.objects.select_for_update().get(pk=order.pk)
    allowed = PosterOrder.TRANSITIONS.get(locked.status, set())  # type: ignore[call-overload]  # str-valued Status
    if to_status == Status.SENT and locked.delivery != PosterOrder.Delivery.MAIL:
        allowed = set()
    if to_status == Status.PICKED_UP and locked.delivery != PosterOrder.Delivery.PICKUP:
        allowed = set()
    if to_status not in allowed:
        raise ValidationError(
            _("Order %(reference)s cannot go from “%(from)s” to “%(to)s”.")
            % {"reference": locked.reference, "from": Status(locked.status).label, "to": Status(to_status).label}
        )
    if to_status == Status.CANCELLED:
        for line in locked.lines.all():
            PosterStock.objects.filter(poster_id=line.poster_id, language=line.language).update(
                quantity=F("quantity") + line.quantity
            )
    from_status = locked.status
    locked.status = to_status
    update = ["status"]
    if to_status in PosterOrder.FULFILLED:
        locked.fulfilled_at = timezone.now()
        update.append("fulfilled_at")
    locked.save(update_fields=update)
    PosterOrderEvent.objects.create(order=locked, from_status=from_status, to_status=to_status, by=by)
    order.status, order.fulfilled_at = locked.status, locked.fulfilled_at
    return locked


@audited
def poster_orders_bulk_transition(*, orders, to_status: str, by: User | None = None) -> tuple[int, int]:
    """Apply one status change to many orders through the workflow; returns (changed, refused)."""
    return each_changed(orders, lambda order: poster_order_transition(order=order, to_status=to_status, by=by))


@transaction.atomic
def poster_orders_purge_addresses(*, now: datetime | None = None) -> int:
    """Blank the name, contact details and address of orders fulfilled more than
    ADDRESS_RETENTION_DAYS ago; what was ordered stays (stock and demand figures). Returns how many."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=ADDRESS_RETENTION_DAYS)
    expired = PosterOrder.objects.filter(
        status__in=PosterOrder.FULFILLED, fulfilled_at__lt=cutoff, addresses_purged_at__isnull=True
    )
    blank = dict.fromkeys(PosterOrder.PERSONAL_FIELDS)
    purged = expired.update(**blank, addresses_purged_at=now)
    logger.info("purged personal data of fulfilled poster orders", extra={"count": purged})
    return purged
