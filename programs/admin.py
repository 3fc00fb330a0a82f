"""The staff side: programmes, and the intake queue with object-level access.

Who sees what is decided in programs.selectors (intakes_for, intake_personal_visible) and
enforced here in querysets, field lists and forms, so a hidden field is never in the form
at all. Status changes, screening and assignment go through programs.services.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportModelAdmin, ImportMixin
from modeltranslation.admin import TabbedTranslationAdmin

from moia.accounts.admin_queues import EmptyQueueExplainedMixin
from moia.admin_pages import admin_page
from moia.l10n.admin import ContentTranslationReviewAdminMixin
from moia.services import each_changed

from . import selectors, services
from .models import (
    Activity,
    CaseType,
    Intake,
    IntakeEvent,
    IntakeView,
    PartnerMembership,
    Program,
    ProgramCapacity,
    ProgramStaff,
    ServiceRecord,
    ServiceRecordEvent,
    ServiceType,
)
from .resources import ActivityImportResource, IntakeDeidentifiedResource, IntakeImportResource

Status = Intake.Status


@admin.register(ServiceType)
class ServiceTypeAdmin(ContentTranslationReviewAdminMixin, TabbedTranslationAdmin):
    list_display = ("name", "slug", "is_legal", "order", "translations_reviewed")
    list_filter = ("is_legal",)
    prepopulated_fields = {"slug": ("name",)}


@admin.register(CaseType)
class CaseTypeAdmin(ContentTranslationReviewAdminMixin, TabbedTranslationAdmin):
    list_display = ("name", "slug", "lsc_problem_code", "order", "translations_reviewed")
    prepopulated_fields = {"slug": ("name",)}


class ProgramStaffInline(admin.TabularInline):
    model = ProgramStaff
    extra = 0
    autocomplete_fields = ("user",)


class ProgramCapacityInline(admin.TabularInline):
    model = ProgramCapacity
    extra = 0


class MetricsFilterForm(forms.Form):
    """Which year and programme the ordinance figures page shows; bad values fall back to defaults."""

    year = forms.TypedChoiceField(label=_("Year"), coerce=int, choices=())
    program = forms.ModelChoiceField(label=_("Programme"), queryset=Program.objects.none(), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        this_year = timezone.localdate().year
        self.fields["year"].choices = [(year, year) for year in range(this_year, this_year - 6, -1)]
        self.fields["program"].queryset = Program.objects.order_by("name")
        self.fields["program"].empty_label = _("All programmes")


@admin.register(Program)
class ProgramAdmin(ContentTranslationReviewAdminMixin, TabbedTranslationAdmin):
    list_display = (
        "name",
        "strategic_priority",
        "intake_open",
        "public_form_enabled",
        "asks_immigration_status",
        "translations_reviewed",
    )
    list_filter = ("intake_open", "public_form_enabled", "strategic_priority")
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    filter_horizontal = ("service_types", "partners")
    inlines = (ProgramStaffInline, ProgramCapacityInline)
    change_list_template = "programs/admin/program_change_list.html"

    def get_urls(self):
        from django.urls import path

        return [
            path("metrics/", self.admin_site.admin_view(self.metrics_view), name="programs_program_metrics"),
            *super().get_urls(),
        ]

    def metrics_view(self, request):
        """The ordinance 12-19.4(2)(d) figures, as the annual report will state them."""
        from django.core.exceptions import PermissionDenied

        if not self.has_view_permission(request):
            raise PermissionDenied
        form = MetricsFilterForm(request.GET or None)
        year, program = timezone.localdate().year - 1, None
        if form.is_bound and form.is_valid():
            year, program = form.cleaned_data["year"], form.cleaned_data["program"]
        else:
            # Unknown or malformed parameters are ignored: the page shows last year for all programmes.
            form = MetricsFilterForm(initial={"year": year})
        return admin_page(
            self,
            request,
            "programs/admin/metrics.html",
            gettext("Ordinance figures"),
            form=form,
            metrics=selectors.program_metrics(year=year, program=program),
            program=program,
        )


@admin.register(PartnerMembership)
class PartnerMembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "organization")
    autocomplete_fields = ("user",)
    list_select_related = ("user", "organization")


# ------------------------------------------------------------------------------
# The intake queue
# ------------------------------------------------------------------------------
class AssignedToMeFilter(admin.SimpleListFilter):
    title = _("assigned to me")
    parameter_name = "mine"

    def lookups(self, request, model_admin):
        return [("yes", _("Assigned to me")), ("nobody", _("Not assigned"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(assigned_to=request.user)
        if self.value() == "nobody":
            return queryset.filter(assigned_to__isnull=True)
        return queryset


class ServiceRecordInline(admin.TabularInline):
    model = ServiceRecord
    extra = 0
    fields = ("service_type", "case_type", "opened_on", "closed_on", "outcome", "disposition", "referred_to")
    autocomplete_fields = ()

    def _may_work(self, request, obj) -> bool:
        return obj is not None and selectors.intake_personal_visible(user=request.user, intake=obj)

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and self._may_work(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._may_work(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._may_work(request, obj)


DEIDENTIFIED_FIELDS = (
    "program",
    "channel",
    "preferred_language",
    "topic",
    "call_time",
    "neighborhood",
    "age_range",
    "country_of_birth",
    "gender",
    "household_size",
)


class IntakeAdminForm(forms.ModelForm):
    """The intake form plus the workflow controls, which are applied through the services."""

    next_status = forms.ChoiceField(label=_("Move to status"), required=False, choices=())
    screening_decision = forms.ChoiceField(
        label=_("Screening result"),
        required=False,
        choices=[("", "---------"), ("eligible", _("Eligible")), ("not-eligible", _("Not eligible"))],
    )
    screening_note = forms.CharField(label=_("Screening reason"), required=False, max_length=300)

    class Meta:
        model = Intake
        # The real field list comes from IntakeAdmin.get_form, per user and intake.
        fields = DEIDENTIFIED_FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "next_status" in self.fields:
            allowed = Intake.TRANSITIONS.get(self.instance.status, set()) if self.instance.pk else set()
            self.fields["next_status"].choices = [("", "---------")] + [
                (value, label) for value, label in Status.choices if value in allowed
            ]
        if "assigned_to" in self.fields and self.instance.pk:
            self.fields["assigned_to"].queryset = selectors.staff_assignable_for(program=self.instance.program)

    def clean(self):
        cleaned = super().clean()
        if not self.instance.pk and cleaned.get("program"):
            # Refused here, with the form shown again, rather than in save_model after the fact.
            services.intake_acceptance_check(program=cleaned["program"], public=False)
        return cleaned


WORKFLOW_READONLY = (
    "reference",
    "received_at",
    "status",
    "screening_eligible",
    "screening_reason",
    "screened_at",
    "closed_at",
    "entered_by",
    "partner_organization",
    "client_consent",
    "pii_purged_at",
)


@admin.register(Intake)
class IntakeAdmin(EmptyQueueExplainedMixin, ImportMixin, admin.ModelAdmin):
    form = IntakeAdminForm
    resource_classes = [IntakeImportResource]
    list_display = (
        "reference",
        "program",
        "status",
        "channel",
        "preferred_language",
        "topic",
        "call_time",
        "received_at",
        "assigned_to",
    )
    list_filter = (
        "program",
        "status",
        "channel",
        "preferred_language",
        ("received_at", admin.DateFieldListFilter),
        AssignedToMeFilter,
    )
    # Reference numbers only: searching by name would let anyone probe for a person.
    search_fields = ("=reference",)
    date_hierarchy = "received_at"
    inlines = (ServiceRecordInline,)
    actions = (
        "action_to_screening",
        "action_to_served",
        "action_to_referred",
        "action_close",
        "action_assign_to_me",
        "action_export_deidentified",
    )
    list_per_page = 50
    list_select_related = ("program", "assigned_to", "topic")

    # --- access -----------------------------------------------------------------
    def get_queryset(self, request):
        return selectors.intakes_for(request.user)

    def empty_queue_reason(self, request):
        return selectors.intake_queue_empty_reason(request.user)

    def _personal(self, request, obj) -> bool:
        if obj is None:
            # A new intake is entered by someone who works on programmes (or a superuser).
            return request.user.is_superuser or bool(selectors.assigned_program_ids(request.user))
        return selectors.intake_personal_visible(user=request.user, intake=obj)

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        return obj is None or self._personal(request, obj)

    def has_add_permission(self, request):
        return super().has_add_permission(request) and self._personal(request, None)

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_import_permission(self, request):
        return self.has_add_permission(request)

    def get_fields(self, request, obj=None):
        fields = list(DEIDENTIFIED_FIELDS)
        if self._personal(request, obj):
            fields[1:1] = Intake.PERSONAL_FIELDS
        if obj is not None:
            fields += list(WORKFLOW_READONLY)
            if self.has_change_permission(request, obj):
                fields += ["assigned_to", "next_status", "screening_decision", "screening_note"]
            else:
                fields += ["assigned_to"]
        return fields

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ()
        if not self.has_change_permission(request, obj):
            return self.get_fields(request, obj)
        return WORKFLOW_READONLY

    def get_form(self, request, obj=None, change=False, **kwargs):
        # The form is built from get_fields, so fields someone may not see are not in it at all.
        kwargs["fields"] = [
            name for name in self.get_fields(request, obj) if name not in self.get_readonly_fields(request, obj)
        ]
        return super().get_form(request, obj, change=change, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "program" and not request.user.is_superuser:
            kwargs["queryset"] = Program.objects.filter(pk__in=selectors.assigned_program_ids(request.user))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_list_display(self, request):
        # The person column is built per request: the admin instance is shared between requests.
        @admin.display(description=_("person"))
        def person(obj):
            if obj.pii_purged_at:
                return gettext("(removed)")
            if selectors.intake_personal_visible(user=request.user, intake=obj):
                return obj.name or "-"
            return gettext("(de-identified)")

        return ("reference", person, *self.list_display[1:])

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        if request.method == "GET" and response.status_code == 200:
            obj = getattr(response, "context_data", {}).get("original")
            if obj is not None and selectors.intake_personal_visible(user=request.user, intake=obj):
                services.intake_view_record(intake=obj, user=request.user)
        return response

    # --- writes through the services --------------------------------------------
    def save_model(self, request, obj, form, change):
        if not change:
            # A new intake is created by the same service as a resident's request (reference,
            # validation, no unasked immigration status, confirmation email); the admin then
            # carries on with the saved row.
            fields = {name: value for name, value in form.cleaned_data.items() if name != "program"}
            intake = services.intake_submit(
                program=form.cleaned_data["program"],
                data=fields,
                channel=fields.get("channel") or Intake.Channel.PHONE,
                language=fields.get("preferred_language") or get_language(),
                entered_by=request.user,
                public=False,
            )
            obj.pk = intake.pk
            obj.refresh_from_db()
            obj._state.adding = False
            return
        super().save_model(request, obj, form, change)
        data = form.cleaned_data
        try:
            if "assigned_to" in form.changed_data:
                services.intake_assign(intake=obj, assignee=data.get("assigned_to"), by=request.user)
            if data.get("screening_decision"):
                services.intake_screen(
                    intake=obj,
                    eligible=data["screening_decision"] == "eligible",
                    reason=data.get("screening_note", ""),
                    by=request.user,
                )
            elif data.get("next_status"):
                services.intake_transition(intake=obj, to_status=data["next_status"], by=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))

    def _bulk(self, request, queryset, to_status):
        # Only intakes the user may work on; each change is checked against the workflow.
        workable = [obj for obj in queryset if self._personal(request, obj)]
        changed, refused = services.intakes_bulk_transition(intakes=workable, to_status=to_status, by=request.user)
        refused += len(queryset) - len(workable)
        self.message_user(
            request,
            gettext("%(changed)d intakes changed, %(refused)d left as they were.")
            % {"changed": changed, "refused": refused},
            messages.SUCCESS if not refused else messages.WARNING,
        )

    @admin.action(description=_("Move to screening"), permissions=["change"])
    def action_to_screening(self, request, queryset):
        self._bulk(request, queryset, Status.SCREENING)

    @admin.action(description=_("Mark as served"), permissions=["change"])
    def action_to_served(self, request, queryset):
        self._bulk(request, queryset, Status.SERVED)

    @admin.action(description=_("Mark as referred"), permissions=["change"])
    def action_to_referred(self, request, queryset):
        self._bulk(request, queryset, Status.REFERRED)

    @admin.action(description=_("Close"), permissions=["change"])
    def action_close(self, request, queryset):
        self._bulk(request, queryset, Status.CLOSED)

    @admin.action(description=_("Assign to me"), permissions=["change"])
    def action_assign_to_me(self, request, queryset):
        done, _refused = each_changed(
            queryset, lambda intake: services.intake_assign(intake=intake, assignee=request.user, by=request.user)
        )
        self.message_user(request, gettext("%(count)d intakes assigned to you.") % {"count": done})

    @admin.action(description=_("Export de-identified CSV"), permissions=["export"])
    def action_export_deidentified(self, request, queryset):
        dataset = IntakeDeidentifiedResource().export(queryset.select_related("program", "neighborhood"))
        response = HttpResponse(dataset.csv, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="intakes-deidentified.csv"'
        return response

    def has_export_permission(self, request):
        # Program staff (assigned to a programme) and superusers.
        return request.user.is_superuser or bool(selectors.assigned_program_ids(request.user))


@admin.register(Activity)
class ActivityAdmin(ImportExportModelAdmin):
    resource_classes = [ActivityImportResource]
    list_display = ("date", "program", "service_type", "title", "attendance")
    list_filter = ("program", "service_type", ("date", admin.DateFieldListFilter))
    date_hierarchy = "date"

    def get_queryset(self, request):
        qs = super().get_queryset(request).select_related("program", "service_type")
        if request.user.is_superuser or request.user.has_perm(selectors.VIEW_ALL_DEIDENTIFIED):
            return qs
        return qs.filter(program_id__in=selectors.assigned_program_ids(request.user))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "program" and not request.user.is_superuser:
            kwargs["queryset"] = Program.objects.filter(pk__in=selectors.assigned_program_ids(request.user))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_import_permission(self, request):
        return self.has_add_permission(request)


@admin.register(ProgramCapacity)
class ProgramCapacityAdmin(admin.ModelAdmin):
    list_display = ("program", "year", "service_type", "capacity")
    list_filter = ("year", "program", "service_type")


# ------------------------------------------------------------------------------
# Audit: superusers only
# ------------------------------------------------------------------------------
class SuperuserOnlyReadAdmin(admin.ModelAdmin):
    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(IntakeView)
class IntakeViewAdmin(SuperuserOnlyReadAdmin):
    list_display = ("viewed_at", "user", "intake")
    list_filter = (("viewed_at", admin.DateFieldListFilter),)
    search_fields = ("=intake__reference",)
    list_select_related = ("user", "intake")


@admin.register(IntakeEvent)
class IntakeEventAdmin(SuperuserOnlyReadAdmin):
    list_display = ("pgh_created_at", "pgh_label", "pgh_obj", "status", "assigned_to", "pgh_context")
    list_filter = ("pgh_label",)
    search_fields = ("=reference",)
    exclude = Intake.PERSONAL_FIELDS


@admin.register(ServiceRecordEvent)
class ServiceRecordEventAdmin(SuperuserOnlyReadAdmin):
    list_display = ("pgh_created_at", "pgh_label", "pgh_obj", "service_type", "outcome", "disposition", "pgh_context")
    list_filter = ("pgh_label",)
