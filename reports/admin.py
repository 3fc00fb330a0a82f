from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin
from modeltranslation.admin import TabbedTranslationAdmin, TranslationTabularInline

from moia.admin_inlines import RecordInline
from moia.admin_pages import admin_page
from moia.csvio import csv_download
from moia.l10n.admin import ContentTranslationReviewAdminMixin

from .acs import ACS_TABLES
from .models import (
    AnnualReport,
    DepartmentFigure,
    DepartmentRequest,
    DepartmentRequestEvent,
    PopulationStatistic,
    Recommendation,
    ReportNarrative,
    ReportNarrativeReview,
)
from .resources import PopulationStatisticResource
from .selectors import (
    DEPARTMENT_STANDINGS,
    department_request_link,
    department_request_rows,
    department_request_standing,
    department_requests_listed,
    department_requests_with_standing,
    narrative_review_state,
    narrative_texts,
    office_today,
    report_missing,
)
from .services import (
    department_request_send,
    department_request_withdraw,
    narrative_review,
    population_acs_import,
    recommendation_status_set,
    report_build_request,
    report_publish,
)


class BuildReportForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000)
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES, initial="en")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year - 1
        self.fields["year"].max_value = timezone.localdate().year


@admin.register(AnnualReport)
class AnnualReportAdmin(admin.ModelAdmin):
    list_display = ("year", "language", "version", "status", "built_at", "published_at", "download", "missing")
    list_filter = ("status", "language", "year")
    readonly_fields = [f.name for f in AnnualReport._meta.fields] + ["download"]
    actions = ["publish_selected"]
    change_list_template = "admin/reports/annualreport/change_list.html"

    def has_add_permission(self, request):
        return False  # reports are built, not typed in: see "Build a report"

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("PDF"))
    def download(self, obj: AnnualReport):
        if not obj.pdf:
            return obj.error or "—"
        url = reverse("admin:reports_annualreport_pdf", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, obj.pdf_filename)

    @admin.display(description=_("What is missing before publication"))
    def missing(self, obj: AnnualReport):
        if obj.status != AnnualReport.Status.READY:
            return "—"
        missing = report_missing(year=obj.year, language=obj.language)
        return format_html_join(mark_safe("<br>"), "{}", ((m,) for m in missing)) if missing else _("Ready")

    def get_urls(self):
        return [
            path("build/", self.admin_site.admin_view(self.build_view), name="reports_annualreport_build"),
            path("<int:pk>/pdf/", self.admin_site.admin_view(self.pdf_view), name="reports_annualreport_pdf"),
            *super().get_urls(),
        ]

    def build_view(self, request):
        if not request.user.has_perm("reports.add_annualreport"):
            return redirect("admin:index")
        form = BuildReportForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                report = report_build_request(
                    year=form.cleaned_data["year"], language=form.cleaned_data["language"], by=request.user
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(
                    request,
                    _("Report %(report)s is queued; its status below changes to Ready when it is built.")
                    % {"report": report},
                )
                return redirect("admin:reports_annualreport_changelist")
        return admin_page(self, request, "admin/reports/annualreport/build.html", _("Build a report"), form=form)

    def pdf_view(self, request, pk: int):
        from .views import _file_response

        report = AnnualReport.objects.filter(pk=pk).first()
        if report is None or not self.has_view_permission(request, report):
            return redirect("admin:reports_annualreport_changelist")
        return _file_response(report.pdf, report.pdf_filename, "application/pdf")

    @admin.action(description=_("Publish the selected reports"), permissions=["publish"])
    def publish_selected(self, request, queryset):
        for report in queryset:
            try:
                report_publish(report=report, by=request.user)
            except ValidationError as exc:
                messages.error(request, f"{report}: {' '.join(exc.messages)}")
            else:
                messages.success(request, _("Published %(report)s.") % {"report": report})

    def has_publish_permission(self, request):
        return request.user.has_perm("reports.add_annualreport")


class AcsImportForm(forms.Form):
    table = forms.ChoiceField(
        label=_("ACS table"), choices=[(key, f"{key}: {name}") for key, (_t, name) in ACS_TABLES.items()]
    )
    vintage = forms.RegexField(label=_("Vintage"), regex=r"^\d{4}-\d{4}$", help_text=_("For example 2019-2023."))
    year = forms.IntegerField(label=_("Year"), min_value=2000, help_text=_("The last year of the vintage."))
    file = forms.FileField(label=_("CSV downloaded from data.census.gov"))


@admin.register(PopulationStatistic)
class PopulationStatisticAdmin(ContentTranslationReviewAdminMixin, ImportExportMixin, TabbedTranslationAdmin):
    # Labels and sources are translated: one tab per language, not twelve boxes of each.
    resource_classes = [PopulationStatisticResource]
    list_display = (
        "year",
        "topic",
        "dimension",
        "geography",
        "value",
        "unit",
        "margin_of_error",
        "source",
        "is_demo",
        "translations_reviewed",
    )
    list_filter = ("year", "topic", "unit", "is_demo")
    search_fields = ("dimension", "geography", "source")
    # import-export draws its own change list around this one (import/export buttons); naming it
    # change_list_template instead made the page extend itself.
    import_export_change_list_template = "admin/reports/populationstatistic/change_list.html"

    def get_urls(self):
        return [
            path("acs/", self.admin_site.admin_view(self.acs_view), name="reports_populationstatistic_acs"),
            *super().get_urls(),
        ]

    def acs_view(self, request):
        """Import one American Community Survey 5-year table download."""
        if not self.has_add_permission(request):
            return redirect("admin:index")
        form = AcsImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            try:
                count = population_acs_import(
                    content=form.cleaned_data["file"].read(),
                    table_id=form.cleaned_data["table"],
                    vintage=form.cleaned_data["vintage"],
                    year=form.cleaned_data["year"],
                    by=request.user,
                )
            except ValidationError as exc:
                form.add_error("file", exc)
            else:
                messages.success(request, _("%(count)s figures imported.") % {"count": count})
                return redirect("admin:reports_populationstatistic_changelist")
        return admin_page(
            self,
            request,
            "admin/reports/populationstatistic/acs.html",
            _("Import an American Community Survey table"),
            form=form,
        )


@admin.register(ReportNarrative)
class ReportNarrativeAdmin(TabbedTranslationAdmin):
    list_display = ("year", "updated_at", "languages_ready")
    readonly_fields = ("publication_readiness",)

    @admin.display(description=_("languages ready to publish"))
    def languages_ready(self, obj: ReportNarrative) -> str:
        ready = [code for code in settings.LANGUAGE_CODES if not report_missing(year=obj.year, language=code)]
        return ", ".join(ready) or "—"

    @admin.display(description=_("What is missing before publication"))
    def publication_readiness(self, obj: ReportNarrative):
        """Per language: its review status, what stops publication, and the button to record a review."""
        if obj.pk is None:
            return "—"
        rows = []
        for code, name in settings.LANGUAGES:
            missing = report_missing(year=obj.year, language=code)
            state = ReportNarrativeReview.Status(narrative_review_state(obj, code)).label
            url = reverse("admin:reports_reportnarrative_review", args=[obj.pk, code])
            rows.append(
                format_html(
                    '<tr><th scope="row">{}</th><td>{}</td><td>{}</td><td><a href="{}">{}</a></td></tr>',
                    name,
                    state,
                    format_html_join(mark_safe("<br>"), "{}", ((m,) for m in missing)) if missing else _("Ready"),
                    url,
                    _("Mark reviewed"),
                )
            )
        return format_html(
            '<table><thead><tr><th scope="col">{}</th><th scope="col">{}</th><th scope="col">{}</th>'
            "<td></td></tr></thead><tbody>{}</tbody></table>",
            _("Language"),
            _("Review"),
            _("What is missing"),
            mark_safe("".join(rows)),  # noqa: S308 - every row was built with format_html
        )

    def get_urls(self):
        return [
            path(
                "<int:pk>/review/<str:language>/",
                self.admin_site.admin_view(self.review_view),
                name="reports_reportnarrative_review",
            ),
            *super().get_urls(),
        ]

    def review_view(self, request, pk: int, language: str):
        """Confirm, then record, that a person reviewed the year's texts in one language."""
        narrative = ReportNarrative.objects.filter(pk=pk).first()
        if narrative is None or not self.has_change_permission(request, narrative):
            return redirect("admin:index")
        change_url = reverse("admin:reports_reportnarrative_change", args=[pk])
        if request.method == "POST":
            try:
                narrative_review(narrative=narrative, language=language, by=request.user)
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                messages.success(
                    request,
                    _("The %(year)s texts in %(language)s are marked reviewed.")
                    % {"year": narrative.year, "language": dict(settings.LANGUAGES).get(language, language)},
                )
            return redirect(change_url)
        return admin_page(
            self,
            request,
            "admin/reports/reportnarrative/review.html",
            _("Mark the texts reviewed"),
            narrative=narrative,
            language_name=dict(settings.LANGUAGES).get(language, language),
            texts=[
                (ReportNarrative._meta.get_field(field).verbose_name, text)
                for field, text in narrative_texts(narrative, language).items()
            ],
            change_url=change_url,
        )


class DepartmentFigureInline(TranslationTabularInline):
    model = DepartmentFigure
    fields = ("order", "label", "definition", "section", "unit", "value")
    readonly_fields = ("value",)
    extra = 1


class DepartmentRequestEventInline(RecordInline, admin.TabularInline):
    """Who sent, answered or withdrew the request, and each reminder the portal sent: written by
    the services, never typed."""

    model = DepartmentRequestEvent
    fields = ("at", "action", "who", "reminded_for_due_on")
    readonly_fields = fields
    extra = 0

    @admin.display(description=_("by"))
    def who(self, obj: DepartmentRequestEvent):
        if obj.by_id:
            return str(obj.by)
        return obj.by_name or _("The portal (scheduled reminder)")


class DepartmentStandingFilter(admin.SimpleListFilter):
    """Answered, waiting (due date not passed), overdue, draft or withdrawn, as of the office's today."""

    title = _("status")
    parameter_name = "standing"

    def lookups(self, request, model_admin):
        return DEPARTMENT_STANDINGS

    def queryset(self, request, queryset):
        if self.value():
            return department_requests_with_standing(queryset, standing=self.value(), today=office_today())
        return queryset


@admin.register(DepartmentRequest)
class DepartmentRequestAdmin(ContentTranslationReviewAdminMixin, TabbedTranslationAdmin):
    """Ask a City department for its figures; its status changes only through the actions."""

    list_display = (
        "year",
        "department",
        "standing",
        "due_on",
        "sent_at",
        "last_reminder",
        "reminder_count",
        "answered_at",
        "answered_by_name",
        "translations_reviewed",
    )
    list_filter = (DepartmentStandingFilter, "year")
    search_fields = ("department", "contact_name")
    readonly_fields = (
        "status",
        "answer_link",
        "link_expires_at",
        "sent_at",
        "answered_at",
        "answered_by_name",
        "answered_by_role",
        "answer_note",
    )
    inlines = [DepartmentFigureInline, DepartmentRequestEventInline]
    actions = ["send_selected", "withdraw_selected", "download_csv"]

    def get_queryset(self, request):
        # Counts each request's reminders in the list's own query.
        return department_requests_listed()

    @admin.display(description=_("status"), ordering="status")
    def standing(self, obj: DepartmentRequest) -> str:
        return department_request_standing(obj, today=office_today())

    @admin.display(description=_("last reminder sent"), ordering="last_reminder_at")
    def last_reminder(self, obj):
        return obj.last_reminder_at

    @admin.display(description=_("reminders sent"), ordering="reminders_sent")
    def reminder_count(self, obj):
        return obj.reminders_sent

    @admin.action(description=_("Download as CSV"), permissions=["view"])
    def download_csv(self, request, queryset):
        today = office_today()
        return csv_download(department_request_rows(queryset, today=today), filename=f"department-requests-{today}.csv")

    @admin.display(description=_("answer link"))
    def answer_link(self, obj: DepartmentRequest):
        if obj.pk is None or obj.status != DepartmentRequest.Status.SENT:
            return "—"
        url = settings.SITE_URL + department_request_link(obj)
        return format_html('<a href="{}">{}</a>', url, _("The department's link (sent by email)"))

    @admin.action(description=_("Send the selected requests (a new link each; earlier links stop working)"))
    def send_selected(self, request, queryset):
        for data_request in queryset:
            try:
                department_request_send(request=data_request, by=request.user)
            except ValidationError as exc:
                messages.error(request, f"{data_request}: {' '.join(exc.messages)}")
            else:
                messages.success(request, _("Sent %(request)s.") % {"request": data_request})

    @admin.action(description=_("Withdraw the selected requests"))
    def withdraw_selected(self, request, queryset):
        for data_request in queryset:
            department_request_withdraw(request=data_request, by=request.user)
        messages.success(request, _("Withdrawn: their links no longer work and their figures leave the report."))


@admin.register(Recommendation)
class RecommendationAdmin(ContentTranslationReviewAdminMixin, TabbedTranslationAdmin):
    """A year's recommendations; next year, what came of each (status and note) is set here and
    printed in that year's report. The status is saved through its service, which records who."""

    list_display = ("year", "order", "short_text", "status", "status_set_by", "status_set_at", "translations_reviewed")
    list_filter = ("year", "status")
    readonly_fields = ("status_set_by", "status_set_at")

    @admin.display(description=_("recommendation"))
    def short_text(self, obj: Recommendation) -> str:
        return obj.text[:80]

    def save_model(self, request, obj, form, change):
        from modeltranslation.utils import build_localized_fieldname

        note_fields = {code: build_localized_fieldname("note", code) for code in settings.LANGUAGE_CODES}
        followed_up = bool(set(form.changed_data) & {"status", *note_fields.values()})
        status = form.cleaned_data.get("status", "")
        notes = {code: form.cleaned_data.get(field) or "" for code, field in note_fields.items()}
        # The text is saved here; the status and notes only through the service, which records who.
        current = Recommendation.objects.filter(pk=obj.pk).first() if change else None
        obj.status = current.status if current else ""
        for field in note_fields.values():
            setattr(obj, field, getattr(current, field) if current else "")
        super().save_model(request, obj, form, change)
        if followed_up:
            recommendation_status_set(recommendation=obj, status=status, notes=notes, by=request.user)
