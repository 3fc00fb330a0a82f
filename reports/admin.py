from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportModelAdmin
from modeltranslation.admin import TabbedTranslationAdmin

from .models import AnnualReport, PopulationStatistic, ReportNarrative
from .resources import PopulationStatisticResource
from .services import report_build_request, report_publish


class BuildReportForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000)
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES, initial="en")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year - 1
        self.fields["year"].max_value = timezone.localdate().year


@admin.register(AnnualReport)
class AnnualReportAdmin(admin.ModelAdmin):
    list_display = ("year", "language", "version", "status", "built_at", "published_at", "download")
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
        context = {
            **self.admin_site.each_context(request),
            "form": form,
            "title": _("Build a report"),
            "opts": self.opts,
        }
        return TemplateResponse(request, "admin/reports/annualreport/build.html", context)

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


@admin.register(PopulationStatistic)
class PopulationStatisticAdmin(ImportExportModelAdmin):
    resource_classes = [PopulationStatisticResource]
    list_display = ("year", "topic", "dimension", "geography", "value", "unit", "margin_of_error", "is_demo")
    list_filter = ("year", "topic", "unit", "is_demo")
    search_fields = ("dimension", "geography", "source")


@admin.register(ReportNarrative)
class ReportNarrativeAdmin(TabbedTranslationAdmin):
    list_display = ("year", "updated_at")
