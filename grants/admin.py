"""Staff side of grants: cycles, review queue, ranking, decisions, awards and reports.

Every queryset goes through grants.selectors, so a reviewer sees only what is assigned to them.
"""

import json

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils.dateparse import parse_datetime
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from modeltranslation.admin import TabbedTranslationAdmin, TranslationTabularInline

from moia.accounts.admin_queues import EmptyQueueExplainedMixin
from moia.accounts.roles import GRANT_REVIEWERS
from moia.admin_inlines import RecordInline
from moia.admin_pages import admin_page
from moia.csvio import csv_download
from moia.l10n.admin import ContentTranslationReviewAdminMixin
from moia.languages import language_name

from . import opendata, selectors, services
from .models import (
    Application,
    ApplicationSnapshot,
    Award,
    BudgetLine,
    Decision,
    Document,
    FundingStream,
    GrantCycle,
    GranteeReport,
    Invitation,
    OrganizationMembership,
    OrganizationProfile,
    Payment,
    ReportReminder,
    ReportServiceCount,
    ReviewAssignment,
    RubricCriterion,
    Score,
)


class StreamInline(TranslationTabularInline):
    model = FundingStream
    extra = 0
    prepopulated_fields = {"slug": ("title",)}


class CriterionInline(TranslationTabularInline):
    model = RubricCriterion
    extra = 0


@admin.register(GrantCycle)
class GrantCycleAdmin(ContentTranslationReviewAdminMixin, TabbedTranslationAdmin):
    list_display = [
        "title",
        "office",
        "year",
        "opens_at",
        "closes_at",
        "total_pool",
        "is_published",
        "translations_reviewed",
    ]
    list_filter = ["office", "year", "is_published"]
    search_fields = ["title", "slug"]
    inlines = [StreamInline, CriterionInline]


class BudgetLineInline(RecordInline, admin.TabularInline):
    """The budget as the applicant wrote it."""

    model = BudgetLine
    extra = 0
    fields = ["category", "description", "amount"]
    readonly_fields = fields


class DocumentInline(RecordInline, admin.TabularInline):
    """The files the applicant uploaded, each a link to its checked download."""

    model = Document
    extra = 0
    fields = ["kind", "download", "size", "uploaded_at"]
    readonly_fields = fields

    @admin.display(description=gettext_lazy("file"))
    def download(self, obj):
        return format_html('<a href="{}">{}</a>', reverse("grants:document_download", args=[obj.pk]), obj.original_name)


class ApplicationChoiceField(forms.ModelChoiceField):
    """Applications by title and organization, not "Application #3"."""

    def label_from_instance(self, obj) -> str:
        return obj.label


class ApplicationLabelsMixin:
    """A form whose `application` field lists applications by title and organization."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("application")
        if field is not None:
            self.fields["application"] = ApplicationChoiceField(
                queryset=field.queryset.select_related("organization"),
                label=field.label,
                required=field.required,
                help_text=field.help_text,
            )


@admin.display(description=gettext_lazy("application"), ordering="application__title")
def application_label(obj) -> str:
    """A list column: the application by title and organization."""
    return obj.application.label


class AssignmentForm(ApplicationLabelsMixin, forms.ModelForm):
    class Meta:
        model = ReviewAssignment
        fields = ["reviewer"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "reviewer" in self.fields:
            self.fields["reviewer"].queryset = self.fields["reviewer"].queryset.filter(
                groups__name=GRANT_REVIEWERS, is_active=True
            )


class AssignmentInline(admin.TabularInline):
    """Grant managers assign reviewers here; conflict answers are the reviewers' own."""

    model = ReviewAssignment
    form = AssignmentForm
    extra = 1
    fields = ["reviewer", "conflict_declared", "declared_at"]
    readonly_fields = ["conflict_declared", "declared_at"]

    def has_view_permission(self, request, obj=None):
        return selectors.is_grant_manager(request.user)

    def has_add_permission(self, request, obj=None):
        return selectors.is_grant_manager(request.user)

    def has_change_permission(self, request, obj=None):
        return selectors.is_grant_manager(request.user)


class _GrantManagersReadOnlyInline(RecordInline):
    """A record only grant managers read (scores, snapshots): it carries every reviewer's scores."""

    def has_view_permission(self, request, obj=None):
        return selectors.is_grant_manager(request.user)


class SnapshotInline(_GrantManagersReadOnlyInline, admin.StackedInline):
    """What was decided, frozen at each decision (services.decision_record): shown, never edited."""

    model = ApplicationSnapshot
    extra = 0
    fields = ["outcome", "decided_at", "created_at", "content"]
    readonly_fields = fields

    @admin.display(description=gettext_lazy("as decided"))
    def content(self, obj):
        # Read as an auditor reads it: labelled tables, with the exact stored record beneath.
        data = obj.data
        field = Application._meta.get_field
        kinds = dict(Document.Kind.choices)
        return render_to_string(
            "admin/grants/application_snapshot.html",
            {
                "data": data,
                "answers": [
                    (field(name).verbose_name, language_name(value) if name == "language" else value)
                    for name, value in data.get("application", {}).get("answers", {}).items()
                ],
                "documents": [
                    {
                        **d,
                        "kind": kinds.get(d.get("kind"), d.get("kind")),
                        "uploaded_at": parse_datetime(d["uploaded_at"]) if d.get("uploaded_at") else None,
                    }
                    for d in data.get("documents", [])
                ],
                "outcome": dict(Decision.Outcome.choices).get(obj.outcome, obj.outcome),
                "labels": {
                    "category": BudgetLine._meta.get_field("category").verbose_name,
                    "description": BudgetLine._meta.get_field("description").verbose_name,
                    "amount": BudgetLine._meta.get_field("amount").verbose_name,
                    "kind": Document._meta.get_field("kind").verbose_name,
                    "file_name": Document._meta.get_field("original_name").verbose_name,
                    "weight": RubricCriterion._meta.get_field("weight").verbose_name,
                    "max_score": RubricCriterion._meta.get_field("max_score").verbose_name,
                    "score": Score._meta.get_field("value").verbose_name,
                    "decision": Decision._meta.verbose_name,
                    "outcome": Decision._meta.get_field("outcome").verbose_name,
                    "reason": Decision._meta.get_field("reason").verbose_name,
                },
                "json": json.dumps(data, ensure_ascii=False, indent=2),
            },
        )


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ["__str__", "cycle", "stream", "status", "language", "submitted_at", "review_count"]
    list_filter = ["cycle", "status", "language", "stream"]
    search_fields = ["title"]
    # The status changes only through the services (submission, assignment, decision), which
    # check the workflow and are audited; it is never a field to type into.
    readonly_fields = [
        "status",
        "cycle",
        "stream",
        "organization",
        "language",
        *Application.ANSWER_FIELDS,
        "version",
        "last_saved_at",
        "last_saved_by",
        "submitted_at",
    ]
    fields = readonly_fields
    inlines = [BudgetLineInline, DocumentInline, AssignmentInline, SnapshotInline]
    actions = ["notify_decisions"]

    def get_queryset(self, request):
        return selectors.applications_for_staff(request.user).annotate(
            reviews=Count("assignments", filter=Q(assignments__conflict_declared=False), distinct=True)
        )

    @admin.display(description=gettext_lazy("reviews"), ordering="reviews")
    def review_count(self, obj):
        return obj.reviews

    def has_add_permission(self, request):
        return False  # applications come from applicants

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # A reviewer who has not answered the conflict question is sent to that question, not
        # told the application does not exist (the queryset hides it from them until then).
        if not selectors.is_grant_manager(request.user) and str(object_id).isdigit():
            assignment = selectors.assignment_undeclared(request.user, application_id=int(object_id))
            if assignment is not None:
                return redirect("admin:grants_reviewassignment_review", pk=assignment.pk)
        return super().change_view(request, object_id, form_url, extra_context)

    def save_formset(self, request, form, formset, change):
        if formset.model is not ReviewAssignment:
            return super().save_formset(request, form, formset, change)
        # Assignments go through the service (reviewer group check, status change); the
        # admin's change message reads these three lists.
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for inline_form in formset.forms:
            if inline_form in formset.deleted_forms or inline_form.instance.pk or not inline_form.has_changed():
                continue
            reviewer = inline_form.cleaned_data.get("reviewer")
            if reviewer is None:
                continue
            try:
                assignment = services.review_assign(application=form.instance, reviewer=reviewer, by=request.user)
            except (ValidationError, PermissionDenied) as exc:
                messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
            else:
                formset.new_objects.append(assignment)
        for deleted in formset.deleted_forms:
            if deleted.instance.pk:
                formset.deleted_objects.append(deleted.instance)
                deleted.instance.delete()
        return None

    @admin.action(description=gettext_lazy("Send decision emails to the selected applicants"))
    def notify_decisions(self, request, queryset):
        sent = services.decisions_notify(decisions=Decision.objects.filter(application__in=queryset), by=request.user)
        self.message_user(request, _("%(count)d notification(s) queued.") % {"count": sent})

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "is_grant_manager": selectors.is_grant_manager(request.user)}
        return super().changelist_view(request, extra_context=extra_context)

    def get_urls(self):
        return [
            path("ranking/", self.admin_site.admin_view(self.ranking_view), name="grants_application_ranking"),
            *super().get_urls(),
        ]

    def ranking_view(self, request):
        if not selectors.is_grant_manager(request.user):
            raise PermissionDenied
        cycles = GrantCycle.objects.order_by("-opens_at")
        cycle_id = request.GET.get("cycle", "")
        cycle = cycles.filter(pk=int(cycle_id)).first() if cycle_id.isdigit() else cycles.first()
        rows = selectors.ranking_for(cycle=cycle) if cycle else []
        return admin_page(
            self, request, "admin/grants/ranking.html", _("Ranking"), cycles=cycles, cycle=cycle, rows=rows
        )


class ScoreForm(forms.Form):
    comment = forms.CharField(label=gettext_lazy("Comment"), widget=forms.Textarea, required=False)

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        for criterion in criteria:
            self.fields[f"c{criterion.pk}"] = forms.IntegerField(
                # "weight" in the staff member's language (the field's translated name), not English.
                label=f"{criterion.name} ({RubricCriterion._meta.get_field('weight').verbose_name} {criterion.weight})",
                min_value=0,
                max_value=criterion.max_score,
            )
        # Scores first, in the rubric's order; the comment after them.
        self.order_fields([*(f"c{criterion.pk}" for criterion in criteria), "comment"])


class ScoreInline(_GrantManagersReadOnlyInline, admin.TabularInline):
    """Individual scores, for grant managers only: a reviewer scores on the review page."""

    model = Score
    extra = 0
    fields = ["criterion", "value"]
    readonly_fields = fields


@admin.register(ReviewAssignment)
class ReviewAssignmentAdmin(EmptyQueueExplainedMixin, admin.ModelAdmin):
    inlines = [ScoreInline]
    list_display = [
        "__str__",
        application_label,
        "reviewer",
        "cycle",
        "conflict_declared",
        "declared_at",
        "review_link",
    ]
    list_select_related = ["application__organization", "application__cycle", "reviewer"]
    list_filter = ["conflict_declared", "application__cycle"]
    form = AssignmentForm
    fields = ["application", "reviewer", "conflict_declared", "declared_at", "comment"]
    readonly_fields = ["conflict_declared", "declared_at", "comment"]

    def get_queryset(self, request):
        return selectors.assignments_for(request.user)

    def empty_queue_reason(self, request):
        return selectors.review_queue_empty_reason(request.user)

    def get_readonly_fields(self, request, obj=None):
        if obj is not None:
            return self.fields
        return self.readonly_fields

    def has_add_permission(self, request):
        return selectors.is_grant_manager(request.user)

    def save_model(self, request, obj, form, change):
        if change:
            return
        try:
            assignment = services.review_assign(application=obj.application, reviewer=obj.reviewer, by=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return
        obj.pk = assignment.pk

    @admin.display(description=gettext_lazy("cycle"))
    def cycle(self, obj):
        return obj.application.cycle

    @admin.display(description=gettext_lazy("review"))
    def review_link(self, obj):
        return format_html(
            '<a href="{}">{}</a>', reverse("admin:grants_reviewassignment_review", args=[obj.pk]), _("Review")
        )

    def get_urls(self):
        return [
            path(
                "<int:pk>/review/", self.admin_site.admin_view(self.review_view), name="grants_reviewassignment_review"
            ),
            *super().get_urls(),
        ]

    def review_view(self, request, pk: int):
        """Conflict declaration first; only after "no conflict" the rubric and scores appear."""
        assignment = get_object_or_404(ReviewAssignment.objects.filter(reviewer=request.user), pk=pk)
        criteria = list(assignment.application.cycle.criteria.all())
        form = None
        if request.method == "POST" and "conflict" in request.POST:
            try:
                services.review_conflict_declare(
                    assignment=assignment, by=request.user, has_conflict=request.POST["conflict"] == "yes"
                )
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            return redirect("admin:grants_reviewassignment_review", pk=pk)
        if assignment.may_score:
            initial = {f"c{s.criterion_id}": s.value for s in assignment.scores.all()}
            initial["comment"] = assignment.comment
            form = ScoreForm(request.POST or None, criteria=criteria, initial=initial)
            if request.method == "POST" and form.is_valid():
                values = {c.pk: form.cleaned_data[f"c{c.pk}"] for c in criteria}
                services.review_score(
                    assignment=assignment, by=request.user, values=values, comment=form.cleaned_data["comment"]
                )
                messages.success(request, _("Your scores were saved."))
                return redirect("admin:grants_reviewassignment_review", pk=pk)
        return admin_page(
            self,
            request,
            "admin/grants/review.html",
            _("Review"),
            assignment=assignment,
            application=assignment.application if assignment.conflict_declared is False else None,
            conflict_facts=selectors.conflict_facts(application=assignment.application)
            if assignment.conflict_declared is None
            else None,
            form=form,
        )


class DecisionForm(ApplicationLabelsMixin, forms.ModelForm):
    class Meta:
        model = Decision
        fields = ["application", "outcome", "amount", "reason"]


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):
    form = DecisionForm
    list_display = ["__str__", application_label, "outcome", "amount", "decided_at", "notified_at"]
    list_select_related = ["application__organization"]
    list_filter = ["outcome", "application__cycle", "notified_at"]
    actions = ["notify"]

    def get_queryset(self, request):
        return Decision.objects.filter(application__in=selectors.applications_for_staff(request.user))

    def save_model(self, request, obj, form, change):
        try:
            decision = services.decision_record(
                application=obj.application,
                by=request.user,
                outcome=obj.outcome,
                amount=obj.amount,
                reason=obj.reason,
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return
        obj.pk = decision.pk

    @admin.action(description=gettext_lazy("Send decision emails to the selected applicants"))
    def notify(self, request, queryset):
        sent = services.decisions_notify(decisions=queryset, by=request.user)
        self.message_user(request, _("%(count)d notification(s) queued.") % {"count": sent})


class PaymentInline(admin.TabularInline):
    """The schedule comes with the award; staff record only when each installment was paid."""

    model = Payment
    extra = 0
    fields = ["due_on", "amount", "paid_on"]
    readonly_fields = ["due_on", "amount"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class ReportInline(admin.TabularInline):
    model = GranteeReport
    extra = 0
    fields = ["due_on", "submitted_at"]
    readonly_fields = ["submitted_at"]


REMINDER_FIELDS = ["remind_days_before", "remind_on_due_date", "remind_overdue_every_days", "remind_overdue_max"]


class AwardForm(forms.ModelForm):
    """The reminder settings are checked by the same rules the service applies, so a refusal
    shows next to the field instead of after the save."""

    class Meta:
        model = Award
        fields = REMINDER_FIELDS

    def clean(self):
        cleaned = super().clean()
        if all(name in self.fields for name in REMINDER_FIELDS) and not self.errors:
            try:
                services.award_reminders_check(**{name: cleaned.get(name) for name in REMINDER_FIELDS})
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    self.add_error(field, errors)
        return cleaned


@admin.register(Award)
class AwardAdmin(admin.ModelAdmin):
    form = AwardForm
    list_display = ["__str__", "application", "amount", "award_date"]
    list_filter = ["application__cycle"]
    inlines = [PaymentInline, ReportInline]
    # An award is made by recording a decision (DecisionAdmin → services.decision_record); only
    # when its grantee is reminded of reports may a grant manager change here.
    fields = ["application", "amount", "award_date", *REMINDER_FIELDS]
    readonly_fields = ["application", "amount", "award_date"]
    actions = ["export_360giving"]

    def get_readonly_fields(self, request, obj=None):
        if selectors.is_grant_manager(request.user):
            return self.readonly_fields
        return self.fields

    def has_add_permission(self, request):
        return False

    def save_model(self, request, obj, form, change):
        # Never obj.save(): the settings change only through the service, which checks the
        # manager and records who changed them.
        if change and set(REMINDER_FIELDS) & set(form.changed_data):
            services.award_reminders_update(
                award=obj, by=request.user, **{name: form.cleaned_data[name] for name in REMINDER_FIELDS}
            )

    def save_formset(self, request, form, formset, change):
        if formset.model is not Payment:
            return super().save_formset(request, form, formset, change)
        formset.new_objects, formset.deleted_objects = [], []
        formset.changed_objects = []
        for payment_form in formset.forms:
            if payment_form.instance.pk and "paid_on" in payment_form.changed_data:
                services.payment_record(
                    payment=payment_form.instance, by=request.user, paid_on=payment_form.cleaned_data["paid_on"]
                )
                formset.changed_objects.append((payment_form.instance, ["paid_on"]))
        return None

    @admin.action(description=gettext_lazy("Export the selected awards in the 360Giving format (JSON)"))
    def export_360giving(self, request, queryset):
        package = {"version": "1.4", "grants": opendata.grant_records(queryset)}
        response = HttpResponse(json.dumps(package, ensure_ascii=False, indent=1), content_type="application/json")
        response["Content-Disposition"] = 'attachment; filename="grants-360giving.json"'
        return response

    def get_queryset(self, request):
        return Award.objects.filter(application__in=selectors.applications_for_staff(request.user))


class ServiceCountInline(admin.TabularInline):
    model = ReportServiceCount
    extra = 0


class ReminderInline(RecordInline, admin.TabularInline):
    """The reminders the beat task sent about a report: a record, never edited."""

    model = ReportReminder
    extra = 0
    fields = ["kind", "sent_on"]
    readonly_fields = fields


class ReportStatusFilter(admin.SimpleListFilter):
    """Overdue, due soon, submitted or not yet due, as of today in the office's time zone."""

    title = gettext_lazy("Status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return selectors.REPORT_STATUSES

    def queryset(self, request, queryset):
        if self.value():
            return selectors.reports_with_status(queryset, status=self.value(), today=selectors.office_today())
        return queryset


@admin.register(GranteeReport)
class GranteeReportAdmin(admin.ModelAdmin):
    """The staff's "reports due" list: where each report stands and how often its grantee was reminded."""

    list_display = [
        "organization",
        "award",
        "due_on",
        "status",
        "last_reminder",
        "reminder_count",
        "submitted_at",
    ]
    list_filter = [ReportStatusFilter, "award__application__cycle"]
    ordering = ["due_on", "pk"]
    inlines = [ServiceCountInline, ReminderInline]
    actions = ["download_csv"]

    def get_queryset(self, request):
        # selectors.reports_for_staff narrows to selectors.applications_for_staff and counts the
        # reminders in the same query.
        return selectors.reports_for_staff(request.user)

    @admin.display(description=gettext_lazy("organization"), ordering="award__application__organization__name")
    def organization(self, obj):
        return obj.award.application.organization.name

    @admin.display(description=gettext_lazy("status"), ordering="due_on")
    def status(self, obj):
        return selectors.report_status_text(obj, today=selectors.office_today())

    @admin.display(description=gettext_lazy("last reminder sent"), ordering="last_reminder_on")
    def last_reminder(self, obj):
        return obj.last_reminder_on

    @admin.display(description=gettext_lazy("reminders sent"), ordering="reminders_sent")
    def reminder_count(self, obj):
        return obj.reminders_sent

    @admin.action(description=gettext_lazy("Download as CSV"), permissions=["view"])
    def download_csv(self, request, queryset):
        today = selectors.office_today()
        return csv_download(selectors.report_rows(queryset, today=today), filename=f"grantee-reports-{today}.csv")


@admin.register(OrganizationProfile)
class OrganizationProfileAdmin(admin.ModelAdmin):
    list_display = ["__str__", "organization", "eligibility_path", "city", "sponsor_signoff_at"]
    list_filter = ["eligibility_path"]


@admin.register(OrganizationMembership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["__str__", "organization", "role"]
    raw_id_fields = ["user", "organization"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    # No token here: only its digest is stored, and the emailed link is its one copy.
    list_display = ["__str__", "organization", "role", "expires_at", "accepted_at"]
