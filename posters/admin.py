"""The staff side: posters and their stock, and the fulfilment queue (new → packed → sent /
picked up). An order's status is never a form field: it changes only through the actions
below, which call posters.services.poster_order_transition and so record who did it."""

from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TabbedTranslationAdmin

from moia.admin_inlines import RecordInline
from moia.csvio import csv_download
from moia.l10n.admin import ContentTranslationReviewAdminMixin

from . import selectors, services
from .models import Poster, PosterOrder, PosterOrderEvent, PosterOrderLine, PosterStock

Status = PosterOrder.Status


class PosterStockInline(admin.TabularInline):
    model = PosterStock
    extra = 0
    fields = ("language", "quantity", "unmet_requests")
    readonly_fields = ("unmet_requests",)


@admin.register(Poster)
class PosterAdmin(ContentTranslationReviewAdminMixin, TabbedTranslationAdmin):
    list_display = ("title", "slug", "size", "active", "stock_left", "translations_reviewed")
    list_filter = ("active",)
    prepopulated_fields = {"slug": ("title",)}
    inlines = [PosterStockInline]
    autocomplete_fields = ("artwork",)

    @admin.display(description=_("copies in stock"))
    def stock_left(self, obj) -> str:
        return ", ".join(f"{row.language}: {row.quantity}" for row in obj.stock.all()) or "—"


@admin.register(PosterStock)
class PosterStockAdmin(admin.ModelAdmin):
    list_display = ("poster", "language", "quantity", "unmet_requests", "out_of_stock")
    list_filter = ("poster", "language")
    list_editable = ("quantity",)
    readonly_fields = ("unmet_requests",)

    @admin.display(boolean=True, description=_("out of stock"))
    def out_of_stock(self, obj) -> bool:
        return obj.quantity == 0


class PosterOrderLineInline(RecordInline, admin.TabularInline):
    """What the resident ordered."""

    model = PosterOrderLine
    extra = 0
    fields = ("poster", "language", "quantity")
    readonly_fields = fields


class PosterOrderEventInline(RecordInline, admin.TabularInline):
    """Each status change and who made it (the actions below, through the services)."""

    model = PosterOrderEvent
    extra = 0
    fields = ("at", "from_status", "to_status", "by")
    readonly_fields = fields


@admin.register(PosterOrder)
class PosterOrderAdmin(admin.ModelAdmin):
    list_display = ("reference", "created_at", "status", "delivery", "recipient_type", "contents", "language")
    list_filter = ("status", "delivery", "recipient_type", "language")
    search_fields = ("reference",)
    date_hierarchy = "created_at"
    inlines = [PosterOrderLineInline, PosterOrderEventInline]
    actions = ["mark_packed", "mark_sent", "mark_picked_up", "mark_cancelled", "export_mailing"]
    readonly_fields = (
        "reference",
        "status",
        "created_at",
        "fulfilled_at",
        "addresses_purged_at",
        "language",
        "recipient_type",
        "delivery",
    )
    fieldsets = (
        (
            None,
            {"fields": ("reference", "status", "created_at", "fulfilled_at", "language", "recipient_type", "delivery")},
        ),
        (
            _("Recipient (deleted 90 days after fulfilment)"),
            {"fields": (*PosterOrder.PERSONAL_FIELDS, "addresses_purged_at")},
        ),
    )

    def has_add_permission(self, request):
        return False  # orders come from residents

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("lines__poster")

    @admin.display(description=_("posters"))
    def contents(self, obj) -> str:
        return ", ".join(f"{line.quantity} x {line.poster.slug} ({line.language})" for line in obj.lines.all())

    def _transition(self, request, queryset, to_status: str) -> None:
        changed, refused = services.poster_orders_bulk_transition(orders=queryset, to_status=to_status, by=request.user)
        if changed:
            self.message_user(
                request,
                ngettext("%(count)d order is now “%(status)s”.", "%(count)d orders are now “%(status)s”.", changed)
                % {"count": changed, "status": Status(to_status).label},
                messages.SUCCESS,
            )
        if refused:
            self.message_user(
                request,
                ngettext(
                    "%(count)d order could not be changed from its status (see the workflow).",
                    "%(count)d orders could not be changed from their status (see the workflow).",
                    refused,
                )
                % {"count": refused},
                messages.WARNING,
            )

    @admin.action(description=_("Mark as packed"), permissions=["change"])
    def mark_packed(self, request, queryset):
        self._transition(request, queryset, Status.PACKED)

    @admin.action(description=_("Mark as sent (mailed)"), permissions=["change"])
    def mark_sent(self, request, queryset):
        self._transition(request, queryset, Status.SENT)

    @admin.action(description=_("Mark as picked up"), permissions=["change"])
    def mark_picked_up(self, request, queryset):
        self._transition(request, queryset, Status.PICKED_UP)

    @admin.action(description=_("Cancel (copies go back to stock)"), permissions=["change"])
    def mark_cancelled(self, request, queryset):
        self._transition(request, queryset, Status.CANCELLED)

    @admin.action(description=_("Export mailing addresses (CSV)"), permissions=["change"])
    def export_mailing(self, request, queryset):
        stamp = timezone.localdate().isoformat()
        return csv_download(selectors.mailing_rows(queryset), filename=f"poster-mailing-{stamp}.csv")
