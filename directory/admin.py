"""Staff admin for Directory editors: translation tabs, filters, bulk actions, history, import/export."""

from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import BigIntegerField, OuterRef, Subquery
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast
from django.http import HttpRequest, HttpResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from import_export.admin import ExportMixin
from import_export.formats.base_formats import CSV, XLSX
from modeltranslation.admin import TabbedTranslationAdmin, TranslationStackedInline, TranslationTabularInline
from modeltranslation.utils import build_localized_fieldname
from pghistory.admin import EventModelAdmin

from moia.admin_inlines import RecordInline
from moia.admin_pages import admin_page
from moia.l10n.admin import ContentTranslationReviewAdminMixin

from . import flags, selectors, services
from .models import (
    Language,
    Location,
    LocationEvent,
    Neighborhood,
    Organization,
    OrganizationEvent,
    Phone,
    RequiredDocument,
    Schedule,
    SearchConcept,
    SearchGap,
    Service,
    ServiceAtLocation,
    ServiceEvent,
    ServiceTranslationReview,
    TaxonomyTerm,
)
from .resources import LocationResource, OrganizationResource, ServiceResource, TaxonomyTermResource, rows_import

EXPORT_FORMATS = [CSV, XLSX]
# Staff paste addresses without a scheme; assume HTTPS (Django 6's default) rather than HTTP.
URL_FORMFIELDS = {models.URLField: {"assume_scheme": "https"}}


# ------------------------------------------------------------------------------
# Filters
# ------------------------------------------------------------------------------
class CategoryFilter(admin.SimpleListFilter):
    title = _("category")
    parameter_name = "category"

    def lookups(self, request, model_admin):
        return [(term.code, term.name) for term in TaxonomyTerm.objects.all()]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(taxonomy_terms__code=self.value()).distinct()
        return queryset


class NeighborhoodFilter(admin.SimpleListFilter):
    title = _("neighbourhood")
    parameter_name = "neighborhood"

    def lookups(self, request, model_admin):
        return [(n.slug, n.name) for n in Neighborhood.objects.all()]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(service_at_locations__location__neighborhood__slug=self.value()).distinct()
        return queryset


class TranslationStatusFilter(admin.SimpleListFilter):
    title = _("translation status")
    parameter_name = "translation"

    def lookups(self, request, model_admin):
        return ServiceTranslationReview.Status.choices

    def queryset(self, request, queryset):
        if self.value() in ServiceTranslationReview.Status.values:
            return queryset.filter(translation_reviews__status=self.value()).distinct()
        return queryset


class VerifiedFilter(admin.SimpleListFilter):
    title = _("last verified")
    parameter_name = "verified"

    def lookups(self, request, model_admin):
        return [
            ("recent", _("In the last 12 months")),
            ("needs", _("Needs verification")),
            ("never", _("Never verified")),
        ]

    def queryset(self, request, queryset):
        needing = selectors.services_needing_verification()
        if self.value() == "recent":
            return queryset.exclude(pk__in=needing.values("pk"))
        if self.value() == "needs":
            return queryset.filter(pk__in=needing.values("pk"))
        if self.value() == "never":
            return queryset.filter(assured_date__isnull=True)
        return queryset


class ReviewQueueFilter(admin.SimpleListFilter):
    """The review queue opens on what needs a person: machine drafts and out-of-date translations."""

    title = _("queue")
    parameter_name = "queue"

    def lookups(self, request, model_admin):
        return [("todo", _("To review")), ("all", _("All"))]

    def value(self):
        return super().value() or "todo"

    def choices(self, changelist):
        for lookup, title in self.lookup_choices:
            yield {
                "selected": self.value() == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request, queryset):
        if self.value() == "all":
            return queryset
        return queryset.exclude(status=ServiceTranslationReview.Status.REVIEWED)


# ------------------------------------------------------------------------------
# Inlines
# ------------------------------------------------------------------------------
class ServiceAtLocationInline(admin.TabularInline):
    model = ServiceAtLocation
    extra = 0
    autocomplete_fields = ["location"]


class PhoneInline(TranslationTabularInline):
    model = Phone
    fk_name = "service"
    extra = 0
    fields = ["number", "extension", "type", "description", "order"]


class ScheduleInline(TranslationTabularInline):
    model = Schedule
    fk_name = "service"
    extra = 0
    fields = ["byday", "opens_at", "closes_at", "description", "valid_from", "valid_to"]


class LanguageInline(admin.TabularInline):
    model = Language
    extra = 0
    fields = ["code", "name", "note"]


class RequiredDocumentInline(TranslationStackedInline):
    formfield_overrides = URL_FORMFIELDS
    model = RequiredDocument
    extra = 0


class TranslationReviewInline(RecordInline, admin.TabularInline):
    """Each language's review state, set by the review actions and the services, never typed here."""

    model = ServiceTranslationReview
    extra = 0
    fields = ["language", "status", "source_version", "reviewed_by", "reviewed_at"]
    readonly_fields = fields


# ------------------------------------------------------------------------------
# Import with a per-row report
# ------------------------------------------------------------------------------
class ImportForm(forms.Form):
    file = forms.FileField(label=_("CSV or XLSX file"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Upload a .csv or .xlsx file."))
        return upload


class RowImportMixin:
    """An import that keeps the good rows and lists each bad row with its errors."""

    import_resource_class = None

    def get_urls(self):
        opts = self.model._meta
        return [
            path(
                "import-rows/",
                self.admin_site.admin_view(self.import_rows_view),
                name=f"{opts.app_label}_{opts.model_name}_import_rows",
            ),
            *super().get_urls(),
        ]

    def import_rows_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_add_permission(request) or not self.has_change_permission(request):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        form = ImportForm(request.POST or None, request.FILES or None)
        report = None
        if request.method == "POST" and form.is_valid():
            report = rows_import(resource=self.import_resource_class(), upload=form.cleaned_data["file"])
            if report.error is None:
                messages.success(
                    request,
                    ngettext("%(count)d row imported.", "%(count)d rows imported.", report.imported)
                    % {"count": report.imported},
                )
        return admin_page(
            self,
            request,
            "admin/directory/import_rows.html",
            _("Import with a report of each row"),
            form=form,
            report=report,
        )


# ------------------------------------------------------------------------------
# Model admins
# ------------------------------------------------------------------------------
@admin.register(Service)
class ServiceAdmin(RowImportMixin, ExportMixin, TabbedTranslationAdmin):
    formfield_overrides = URL_FORMFIELDS
    resource_classes = [ServiceResource]
    import_resource_class = ServiceResource
    formats = EXPORT_FORMATS
    import_export_change_list_template = "admin/directory/service/change_list.html"
    list_display = ["name", "organization", "status", "assured_date", "is_demo", "updated_at"]
    list_filter = [
        CategoryFilter,
        NeighborhoodFilter,
        "status",
        TranslationStatusFilter,
        VerifiedFilter,
        "is_demo",
        "is_free",
        "regardless_of_status",
    ]
    search_fields = [
        *(build_localized_fieldname("name", code) for code in settings.LANGUAGE_CODES),
        "slug",
        "organization__name_en",
        "alternate_name",
    ]
    prepopulated_fields = {"slug": ["name_en"]}
    autocomplete_fields = ["organization"]
    filter_horizontal = ["taxonomy_terms"]
    readonly_fields = ["assured_date", "assurer", "english_version", "updated_at"]
    actions = ["mark_verified_today", "deactivate"]
    inlines = [
        ServiceAtLocationInline,
        PhoneInline,
        ScheduleInline,
        LanguageInline,
        RequiredDocumentInline,
        TranslationReviewInline,
    ]
    fieldsets = [
        (None, {"fields": ["organization", "name", "slug", "alternate_name", "status", "taxonomy_terms"]}),
        (
            _("For residents"),
            {
                "fields": [
                    "description",
                    "eligibility_description",
                    "fees_description",
                    "application_process",
                    "interpretation_services",
                    "url",
                    "email",
                    "accreditations",
                ]
            },
        ),
        (
            _("What matters to immigrants"),
            {
                "fields": [
                    *flags.FIELDS,
                ]
            },
        ),
        (_("Verification"), {"fields": ["assured_date", "assurer", "english_version", "updated_at"]}),
    ]

    def get_queryset(self, request):
        return selectors.services_for(request.user).select_related("organization")

    @admin.action(description=_("Mark verified today"), permissions=["change"])
    def mark_verified_today(self, request, queryset):
        count = services.services_mark_verified(services=queryset, by=request.user)
        self.message_user(
            request,
            ngettext("%(count)d service marked verified.", "%(count)d services marked verified.", count)
            % {"count": count},
        )

    @admin.action(description=_("Deactivate (hide from the public directory)"), permissions=["change"])
    def deactivate(self, request, queryset):
        count = services.services_deactivate(services=queryset)
        self.message_user(
            request,
            ngettext("%(count)d service deactivated.", "%(count)d services deactivated.", count) % {"count": count},
        )

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "import_rows_url": reverse("admin:directory_service_import_rows"),
            "needs_verification_url": reverse("admin:directory_service_changelist") + "?verified=needs",
            "review_queue_url": reverse("admin:directory_servicetranslationreview_changelist"),
        }
        return super().changelist_view(request, extra_context)


@admin.register(ServiceTranslationReview)
class ServiceTranslationReviewAdmin(admin.ModelAdmin):
    """The queue of translations a person should check."""

    list_display = ["service", "language", "status", "source_version", "english_version", "reviewed_by", "reviewed_at"]
    list_filter = [ReviewQueueFilter, "status", "language"]
    search_fields = ["service__name_en", "service__slug"]
    list_select_related = ["service", "reviewed_by"]
    readonly_fields = ["service", "language", "status", "source_version", "reviewed_by", "reviewed_at"]
    actions = ["mark_reviewed"]

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("current English version"))
    def english_version(self, obj):
        return obj.service.english_version

    @admin.action(description=_("Mark reviewed"), permissions=["change"])
    def mark_reviewed(self, request, queryset):
        count = services.translation_reviews_mark_reviewed(reviews=queryset, by=request.user)
        self.message_user(
            request,
            ngettext("%(count)d translation marked reviewed.", "%(count)d translations marked reviewed.", count)
            % {"count": count},
        )


@admin.register(Organization)
class OrganizationAdmin(ContentTranslationReviewAdminMixin, RowImportMixin, ExportMixin, TabbedTranslationAdmin):
    formfield_overrides = URL_FORMFIELDS
    resource_classes = [OrganizationResource]
    import_resource_class = OrganizationResource
    formats = EXPORT_FORMATS
    import_export_change_list_template = "admin/directory/service/change_list.html"
    list_display = ["name", "alternate_name", "email", "is_listed", "is_demo", "translations_reviewed"]
    list_filter = ["is_listed", "is_demo"]
    search_fields = ["name_en", "name_es", "alternate_name", "slug", "tax_id"]
    prepopulated_fields = {"slug": ["name_en"]}

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "import_rows_url": reverse("admin:directory_organization_import_rows"),
        }
        return super().changelist_view(request, extra_context)


@admin.register(Location)
class LocationAdmin(ContentTranslationReviewAdminMixin, RowImportMixin, ExportMixin, TabbedTranslationAdmin):
    resource_classes = [LocationResource]
    import_resource_class = LocationResource
    formats = EXPORT_FORMATS
    import_export_change_list_template = "admin/directory/service/change_list.html"
    list_display = ["name", "address_1", "neighborhood", "is_demo", "translations_reviewed"]
    list_filter = ["neighborhood", "is_demo"]
    search_fields = ["name", "address_1", "postal_code", "slug"]
    prepopulated_fields = {"slug": ["name"]}

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "import_rows_url": reverse("admin:directory_location_import_rows")}
        return super().changelist_view(request, extra_context)


@admin.register(TaxonomyTerm)
class TaxonomyTermAdmin(ContentTranslationReviewAdminMixin, RowImportMixin, ExportMixin, TabbedTranslationAdmin):
    resource_classes = [TaxonomyTermResource]
    import_resource_class = TaxonomyTermResource
    formats = EXPORT_FORMATS
    import_export_change_list_template = "admin/directory/service/change_list.html"
    list_display = ["name", "code", "parent", "order", "translations_reviewed"]
    search_fields = ["name_en", "code"]
    prepopulated_fields = {"code": ["name_en"]}

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "import_rows_url": reverse("admin:directory_taxonomyterm_import_rows"),
        }
        return super().changelist_view(request, extra_context)


@admin.register(SearchConcept)
class SearchConceptAdmin(ContentTranslationReviewAdminMixin, TabbedTranslationAdmin):
    """Words residents use for the same thing; saving one changes the next search (the directory's
    cache version moves, see directory/signals.py)."""

    list_display = ("name", "terms", "updated_at", "translations_reviewed")
    search_fields = ("name", *(build_localized_fieldname("terms", code) for code in settings.LANGUAGE_CODES))
    fields = ("name", "terms")


@admin.register(SearchGap)
class SearchGapAdmin(admin.ModelAdmin):
    """Search gaps, read-only and aggregated: searches that found nothing and searches whose
    results nobody opened; never one day's row, never a query typed on fewer than 3 days. From a
    row, "Add as a synonym" opens a new concept with the words filled in."""

    MIN_DAYS = 3

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def changelist_view(self, request: HttpRequest, extra_context=None) -> HttpResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        add_url = reverse("admin:directory_searchconcept_add")
        rows = selectors.search_gaps(min_days=self.MIN_DAYS)
        not_opened = selectors.search_results_not_opened(min_days=self.MIN_DAYS)
        for row in (*rows, *not_opened):
            terms = build_localized_fieldname("terms", row["language"])
            row["add_url"] = f"{add_url}?{urlencode({'name': row['query'], terms: row['query']})}"
        return admin_page(
            self,
            request,
            "admin/directory/searchgap/change_list.html",
            self.model._meta.verbose_name_plural.capitalize(),
            rows=rows,
            not_opened=not_opened,
            min_days=self.MIN_DAYS,
            can_add_concept=request.user.has_perm("directory.add_searchconcept"),
        )


@admin.register(Neighborhood)
class NeighborhoodAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "order"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


class ChangeHistoryAdmin(EventModelAdmin):
    """Who changed what: each tracked save, with the person the request was made by."""

    list_display = ["pgh_created_at", "pgh_label", "pgh_obj", "changed_by", "url"]
    list_select_related = ["pgh_context"]

    def get_queryset(self, request):
        user_id = Cast(KeyTextTransform("user", "pgh_context__metadata"), BigIntegerField())
        changed_by = get_user_model().objects.filter(pk=OuterRef("_user_id")).values("email")[:1]
        return (
            super()
            .get_queryset(request)
            .annotate(_user_id=user_id)
            .annotate(_changed_by=Subquery(changed_by))
            .order_by("-pgh_created_at")
        )

    @admin.display(description=_("changed by"))
    def changed_by(self, obj):
        return obj._changed_by or "—"

    @admin.display(description=_("page"))
    def url(self, obj):
        return (obj.pgh_context.metadata or {}).get("url", "") if obj.pgh_context else ""


admin.site.register(ServiceEvent, ChangeHistoryAdmin)
admin.site.register(OrganizationEvent, ChangeHistoryAdmin)
admin.site.register(LocationEvent, ChangeHistoryAdmin)
