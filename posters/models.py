"""Free City of Belonging posters: what can be ordered (a poster in a language, with its stock),
residents' orders, and every state change of an order with who made it.

The recipient's name, contact details and delivery address are personal data: encrypted at rest
(as programs' Intake), never logged, and blanked 90 days after the order is fulfilled
(posters.services.poster_orders_purge_addresses, run by beat)."""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from encrypted_fields.fields import EncryptedCharField, EncryptedEmailField

from moia.fields import acting_user_field


class Poster(models.Model):
    """A poster design, offered in every language it has stock in."""

    slug = models.SlugField(_("slug"), unique=True, max_length=80)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    size = models.CharField(_("printed size"), max_length=40, blank=True, help_text=_("For example 11 x 17 in."))
    # The print-it-yourself files are the library's: one place for artwork in every language.
    artwork = models.ForeignKey(
        "library.Document",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="posters",
        verbose_name=_("artwork to print yourself"),
    )
    active = models.BooleanField(_("can be ordered"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "slug"]
        verbose_name = _("poster")
        verbose_name_plural = _("posters")

    def __str__(self) -> str:
        return self.title


class PosterStock(models.Model):
    """How many printed copies of a poster in one language are left to send."""

    poster = models.ForeignKey(Poster, on_delete=models.CASCADE, related_name="stock", verbose_name=_("poster"))
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    quantity = models.PositiveIntegerField(_("copies in stock"), default=0)
    # Residents who asked for more than was left: staff see the demand they could not meet.
    unmet_requests = models.PositiveIntegerField(_("orders refused for lack of stock"), default=0, editable=False)

    class Meta:
        ordering = ["poster", "language"]
        constraints = [
            models.UniqueConstraint(fields=["poster", "language"], name="posters_one_stock_per_language"),
            models.CheckConstraint(condition=models.Q(quantity__gte=0), name="posters_stock_not_negative"),
        ]
        verbose_name = _("stock")
        verbose_name_plural = _("stock")

    def __str__(self) -> str:
        return f"{self.poster.slug} ({self.language}): {self.quantity}"


def reference_generate() -> str:
    # No 0/O or 1/I: read out over the phone.
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "P-" + "".join(secrets.choice(alphabet) for _ in range(6))


class PosterOrder(models.Model):
    class Status(models.TextChoices):
        NEW = "new", _("New")
        PACKED = "packed", _("Packed")
        SENT = "sent", _("Sent")
        PICKED_UP = "picked_up", _("Picked up")
        CANCELLED = "cancelled", _("Cancelled")

    class Recipient(models.TextChoices):
        HOME = "home", _("A home")
        STOREFRONT = "storefront", _("A storefront or business")
        ORGANIZATION = "organization", _("An organization")

    class Delivery(models.TextChoices):
        MAIL = "mail", _("Mail them to an address")
        PICKUP = "pickup", _("I will pick them up at City Hall")

    # Where each status may go; sent and picked up close the order.
    TRANSITIONS = {
        Status.NEW: {Status.PACKED, Status.CANCELLED},
        Status.PACKED: {Status.SENT, Status.PICKED_UP, Status.CANCELLED},
        Status.SENT: set(),
        Status.PICKED_UP: set(),
        Status.CANCELLED: set(),
    }
    FULFILLED = {Status.SENT, Status.PICKED_UP, Status.CANCELLED}
    # The recipient's personal data (see above): what staff see under "Recipient", what is blanked.
    ADDRESS_FIELDS = ("address_line1", "address_line2", "city", "state", "postal_code")
    PERSONAL_FIELDS = ("name", "organization_name", "email", "phone", *ADDRESS_FIELDS)

    reference = models.CharField(_("reference"), max_length=12, unique=True, editable=False)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.NEW, editable=False)
    recipient_type = models.CharField(_("for"), max_length=12, choices=Recipient.choices)
    delivery = models.CharField(_("delivery"), max_length=8, choices=Delivery.choices)
    language = models.CharField(_("resident's language"), max_length=10, choices=settings.LANGUAGES, default="en")
    # Personal data, encrypted at rest; NULL once purged.
    name = EncryptedCharField(_("name"), max_length=200, blank=True, null=True)
    organization_name = EncryptedCharField(_("organization or business"), max_length=200, blank=True, null=True)
    email = EncryptedEmailField(_("email"), blank=True, null=True)
    phone = EncryptedCharField(_("phone"), max_length=40, blank=True, null=True)
    address_line1 = EncryptedCharField(_("street address"), max_length=200, blank=True, null=True)
    address_line2 = EncryptedCharField(_("apartment, suite, floor"), max_length=200, blank=True, null=True)
    city = EncryptedCharField(_("city or town"), max_length=100, blank=True, null=True)
    state = EncryptedCharField(_("state"), max_length=40, blank=True, null=True)
    postal_code = EncryptedCharField(_("ZIP code"), max_length=20, blank=True, null=True)
    created_at = models.DateTimeField(_("ordered at"), auto_now_add=True)
    fulfilled_at = models.DateTimeField(_("fulfilled at"), null=True, blank=True, editable=False)
    addresses_purged_at = models.DateTimeField(_("personal data removed at"), null=True, blank=True, editable=False)
    # One token per form shown: a double click orders once.
    submission_token = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "created_at"])]
        verbose_name = _("poster order")
        verbose_name_plural = _("poster orders")

    def __str__(self) -> str:
        return self.reference


class PosterOrderLine(models.Model):
    order = models.ForeignKey(PosterOrder, on_delete=models.CASCADE, related_name="lines", verbose_name=_("order"))
    poster = models.ForeignKey(Poster, on_delete=models.PROTECT, related_name="+", verbose_name=_("poster"))
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    quantity = models.PositiveIntegerField(_("copies"))

    class Meta:
        ordering = ["order", "poster", "language"]
        verbose_name = _("order line")
        verbose_name_plural = _("order lines")

    def __str__(self) -> str:
        return f"{self.quantity} x {self.poster.slug} ({self.language})"


class PosterOrderEvent(models.Model):
    """One state change of an order, with who made it (posters.services.poster_order_transition)."""

    order = models.ForeignKey(PosterOrder, on_delete=models.CASCADE, related_name="events", verbose_name=_("order"))
    from_status = models.CharField(_("from"), max_length=12, choices=PosterOrder.Status.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=12, choices=PosterOrder.Status.choices)
    by = acting_user_field(_("by"))
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        ordering = ["order", "at", "pk"]
        verbose_name = _("order status change")
        verbose_name_plural = _("order status changes")

    def __str__(self) -> str:
        return f"{self.order.reference}: {self.from_status or '-'} → {self.to_status}"
