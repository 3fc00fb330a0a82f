"""Survey managers' admin: building, translating and copying surveys, partner links with QR
codes, paper data entry with double entry, results and exports. Thin: the work is done in
services.py and selectors.py."""

import datetime as dt
import io

import segno
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from modeltranslation.admin import TabbedTranslationAdmin, TranslationStackedInline, TranslationTabularInline

from moia import csvio
from moia.admin_pages import admin_page
from moia.l10n.admin import ContentTranslationReviewAdminMixin

from . import selectors, services
from .forms import PaperEntryForm, PoImportForm, ResultsFilterForm, SurveyCopyForm
from .models import Choice, Collector, PaperEntry, Question, Response, Section, Survey


def collector_short_url(collector: Collector) -> str:
    return settings.SITE_URL + reverse("survey_short_link", kwargs={"code": collector.code})


class SectionInline(TranslationStackedInline):
    model = Section
    extra = 0
    fields = ("order", "code", "title", "description")


class ChoiceInline(TranslationTabularInline):
    model = Choice
    extra = 0
    fields = ("order", "code", "label")


@admin.register(Survey)
class SurveyAdmin(ContentTranslationReviewAdminMixin, TabbedTranslationAdmin):
    list_display = ("title", "slug", "opens_at", "closes_at", "response_count", "staff_links", "translations_reviewed")
    search_fields = ("slug", "title")
    readonly_fields = ("translation_completeness", "current_version_number")
    inlines = [SectionInline]
    actions = ["copy_survey"]
    fieldsets = (
        (None, {"fields": ("slug", "title", "introduction", "opens_at", "closes_at", "estimated_minutes")}),
        (gettext_lazy("Paper"), {"fields": ("double_entry",)}),
        (gettext_lazy("Translations and versions"), {"fields": ("translation_completeness", "current_version_number")}),
    )

    def get_queryset(self, request):
        return selectors.surveys_for(request.user).annotate(n_responses=Count("responses"))

    @admin.display(description=gettext_lazy("responses"), ordering="n_responses")
    def response_count(self, obj):
        return obj.n_responses

    @admin.display(description=gettext_lazy("tools"))
    def staff_links(self, obj):
        links = [
            ("surveys_survey_results", _("Results")),
            ("surveys_survey_partners", _("Partners")),
            ("surveys_survey_entry", _("Paper entry")),
            ("surveys_survey_translations", _("Translations")),
        ]
        return format_html_join(
            " · ", '<a href="{}">{}</a>', ((reverse(f"admin:{n}", args=[obj.pk]), t) for n, t in links)
        )

    @admin.display(description=gettext_lazy("translation completeness"))
    def translation_completeness(self, obj):
        if not obj.pk:
            return "—"
        rows = selectors.survey_completeness(survey=obj)
        return format_html(
            "<table><thead><tr><th>{}</th><th>{}</th></tr></thead><tbody>{}</tbody></table>",
            _("Language"),
            _("Texts translated"),
            format_html_join(
                "", "<tr><td>{}</td><td>{} / {} ({}%)</td></tr>",
                ((r["name"], r["translated"], r["total"], r["percent"]) for r in rows),
            ),
        )  # fmt: skip

    @admin.display(description=gettext_lazy("current text version"))
    def current_version_number(self, obj):
        version = obj.current_version if obj.pk else None
        return version.number if version else "—"

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Lists the portal supplies (neighbourhoods may have been added since) are refreshed here.
        for question in form.instance.questions.filter(kind__in=Question.APP_LIST_KINDS):
            services.question_choices_sync(question=question)
        # Text edited after people answered becomes a new version; answered versions stay as they were.
        services.survey_version_sync(survey=form.instance)

    @admin.action(description=gettext_lazy("Copy to start next year's survey"))
    def copy_survey(self, request, queryset):
        survey = queryset.first()
        return redirect("admin:surveys_survey_copy", survey.pk)

    def get_urls(self):
        view = self.admin_site.admin_view
        urls = [
            path("<int:pk>/results/", view(self.results_view), name="surveys_survey_results"),
            path("<int:pk>/export/<str:kind>.csv", view(self.export_view), name="surveys_survey_export"),
            path("<int:pk>/partners/", view(self.partners_view), name="surveys_survey_partners"),
            path("<int:pk>/translations/", view(self.translations_view), name="surveys_survey_translations"),
            path("<int:pk>/po/<str:language>.po", view(self.po_export_view), name="surveys_survey_po"),
            path("<int:pk>/paper/<str:language>.pdf", view(self.paper_pdf_view), name="surveys_survey_paper"),
            path("<int:pk>/entry/", view(self.entry_view), name="surveys_survey_entry"),
            path("<int:pk>/verify/", view(self.verify_list_view), name="surveys_survey_verify"),
            path("<int:pk>/verify/<int:response_pk>/", view(self.resolve_view), name="surveys_survey_resolve"),
            path("<int:pk>/copy/", view(self.copy_view), name="surveys_survey_copy"),
        ]
        return urls + super().get_urls()

    def _survey(self, request, pk: int) -> Survey:
        if not self.has_view_permission(request):
            raise PermissionDenied
        return get_object_or_404(self.get_queryset(request), pk=pk)

    def results_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        survey = self._survey(request, pk)
        form = ResultsFilterForm(request.GET or None, survey=survey)
        filters = form.filters()
        return admin_page(
            self,
            request,
            "admin/surveys/results.html",
            _("Results"),
            survey=survey,
            form=form,
            results=selectors.survey_results(survey=survey, filters=filters),
            open_texts=selectors.survey_open_texts(survey=survey, filters=filters, limit=200),
            total=selectors.survey_response_total(survey=survey, filters=filters),
            duration=selectors.survey_duration_summary(survey=survey, filters=filters),
            query=request.GET.urlencode(),
            languages=settings.LANGUAGES,
        )

    def export_view(self, request: HttpRequest, pk: int, kind: str) -> HttpResponse:
        survey = self._survey(request, pk)
        filters = ResultsFilterForm(request.GET or None, survey=survey).filters()
        if kind == "wide":
            return csvio.csv_download(
                selectors.export_wide_rows(survey=survey, filters=filters), filename=f"{survey.slug}-wide.csv"
            )
        if kind == "long":
            return csvio.csv_download(
                selectors.export_long_rows(survey=survey, filters=filters), filename=f"{survey.slug}-long.csv"
            )
        if kind.startswith("codebook-") and kind.removeprefix("codebook-") in settings.LANGUAGE_CODES:
            language = kind.removeprefix("codebook-")
            rows = selectors.export_codebook_rows(survey=survey, language=language)
            return csvio.csv_download(rows, filename=f"{survey.slug}-codebook-{language}.csv")
        raise Http404

    def partners_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        survey = self._survey(request, pk)
        collectors = survey.collectors.select_related("organization").annotate(n=Count("responses"))
        rows = [{"collector": c, "url": collector_short_url(c)} for c in collectors]
        return admin_page(
            self,
            request,
            "admin/surveys/partners.html",
            _("Responses by partner"),
            survey=survey,
            table=selectors.responses_by_partner(survey=survey),
            collectors=rows,
        )

    def translations_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        survey = self._survey(request, pk)
        report = None
        if request.method == "POST":
            if not self.has_change_permission(request):
                raise PermissionDenied
            form = PoImportForm(request.POST, request.FILES)
            if form.is_valid():
                try:
                    report = services.survey_po_import(
                        survey=survey, language=form.cleaned_data["language"], content=form.cleaned_data["po_file"]
                    )
                except ValidationError as exc:
                    form.add_error("po_file", exc)
        else:
            form = PoImportForm()
        return admin_page(
            self,
            request,
            "admin/surveys/translations.html",
            _("Translations"),
            survey=survey,
            form=form,
            report=report,
            completeness=selectors.survey_completeness(survey=survey),
        )

    def po_export_view(self, request: HttpRequest, pk: int, language: str) -> HttpResponse:
        survey = self._survey(request, pk)
        if language not in settings.LANGUAGE_CODES:
            raise Http404
        content = services.survey_po_export(survey=survey, language=language)
        response = HttpResponse(content, content_type="text/x-gettext-translation; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{survey.slug}-{language}.po"'
        return response

    def paper_pdf_view(self, request: HttpRequest, pk: int, language: str) -> HttpResponse:
        from .paper import paper_questionnaire_pdf

        survey = self._survey(request, pk)
        if language not in settings.LANGUAGE_CODES:
            raise Http404
        try:
            first = max(0, int(request.GET.get("first", "0")))
            copies = min(max(1, int(request.GET.get("copies", "1"))), 200)
        except ValueError:
            first, copies = 0, 1
        pdf = paper_questionnaire_pdf(survey=survey, language=language, first_number=first, copies=copies)
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{survey.slug}-{language}.pdf"'
        return response

    def entry_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        survey = self._survey(request, pk)
        if not request.user.has_perm("surveys.add_response"):
            raise PermissionDenied
        questions = selectors.survey_questions(survey=survey)
        if request.method == "POST":
            form = PaperEntryForm(request.POST, questions=questions)
            if form.is_valid():
                try:
                    response = services.paper_response_enter(
                        survey=survey,
                        form_number=form.cleaned_data["form_number"],
                        language=form.cleaned_data["language"],
                        data=form.answers(),
                        by=request.user,
                    )
                except ValidationError as exc:
                    for field, errors in exc.message_dict.items():
                        form.add_error(field if field in form.fields else None, errors)
                else:
                    if response.status == Response.Status.COMPLETE:
                        messages.success(
                            request, _("Form %(number)s is saved and counted.") % {"number": response.form_number}
                        )
                    else:
                        messages.info(
                            request,
                            _("Form %(number)s is saved; it counts once verified.") % {"number": response.form_number},
                        )
                    return redirect(
                        f"{reverse('admin:surveys_survey_entry', args=[pk])}?language={form.cleaned_data['language']}"
                    )
        else:
            language = request.GET.get("language", "en")
            form = PaperEntryForm(
                questions=questions, initial={"language": language if language in settings.LANGUAGE_CODES else "en"}
            )
        pending = survey.responses.filter(status=Response.Status.PENDING_VERIFICATION).count()
        return admin_page(
            self, request, "admin/surveys/entry.html", _("Paper data entry"), survey=survey, form=form, pending=pending
        )

    def verify_list_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        survey = self._survey(request, pk)
        pending = (
            survey.responses.filter(status=Response.Status.PENDING_VERIFICATION)
            .annotate(passes=Count("paper_entries"))
            .order_by("form_number")
        )
        return admin_page(
            self,
            request,
            "admin/surveys/verify_list.html",
            _("Sheets waiting for verification"),
            survey=survey,
            pending=pending,
        )

    def resolve_view(self, request: HttpRequest, pk: int, response_pk: int) -> HttpResponse:
        survey = self._survey(request, pk)
        if not self.has_change_permission(request):
            raise PermissionDenied
        response = get_object_or_404(survey.responses, pk=response_pk, status=Response.Status.PENDING_VERIFICATION)
        differences = services.paper_entry_differences(response=response)
        error = None
        if request.method == "POST":
            picks = {d["code"]: request.POST.get(f"pick_{d['code']}", "") for d in differences}
            try:
                services.paper_entry_resolve(response=response, picks=picks, by=request.user)
            except ValidationError as exc:
                error = " ".join(exc.messages)
            else:
                messages.success(
                    request, _("Form %(number)s is verified and counted.") % {"number": response.form_number}
                )
                return redirect("admin:surveys_survey_verify", pk)
        entries = list(response.paper_entries.select_related("entered_by"))
        return admin_page(
            self,
            request,
            "admin/surveys/resolve.html",
            _("Resolve differences"),
            survey=survey,
            response=response,
            differences=differences,
            entries=entries,
            error=error,
        )

    def copy_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        survey = self._survey(request, pk)
        if not self.has_add_permission(request):
            raise PermissionDenied
        if request.method == "POST":
            form = SurveyCopyForm(request.POST)
            if form.is_valid():
                try:
                    copy = services.survey_copy(survey=survey, **form.cleaned_data)
                except ValidationError as exc:
                    form.add_error("slug", exc.message_dict.get("slug"))
                else:
                    messages.success(request, _("The survey was copied."))
                    return redirect("admin:surveys_survey_change", copy.pk)
        else:
            year = dt.timedelta(days=365)
            form = SurveyCopyForm(
                initial={
                    "slug": f"{survey.slug}-next",
                    "opens_at": survey.opens_at + year,
                    "closes_at": survey.closes_at + year,
                }
            )
        return admin_page(self, request, "admin/surveys/copy.html", _("Copy survey"), survey=survey, form=form)


@admin.register(Question)
class QuestionAdmin(ContentTranslationReviewAdminMixin, TabbedTranslationAdmin):
    list_display = ("code", "text", "kind", "section", "required", "report_section", "survey", "translations_reviewed")
    list_filter = ("survey", "kind", "report_section")
    search_fields = ("code", "text")
    inlines = [ChoiceInline]
    autocomplete_fields = ("show_if_question",)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .filter(survey__in=selectors.surveys_for(request.user))
            .select_related("section", "survey")
        )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.question_choices_sync(question=form.instance)
        services.survey_version_sync(survey=form.instance.survey)


@admin.register(Collector)
class CollectorAdmin(admin.ModelAdmin):
    list_display = ("__str__", "survey", "channel", "code", "short_link", "qr_code", "response_count")
    list_filter = ("survey", "channel")
    search_fields = ("code", "label", "organization__name")
    readonly_fields = ("short_link", "qr_code")

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .filter(survey__in=selectors.surveys_for(request.user))
            .select_related("survey", "organization")
            .annotate(n=Count("responses"))
        )

    @admin.display(description=gettext_lazy("responses"), ordering="n")
    def response_count(self, obj):
        return getattr(obj, "n", "—")

    @admin.display(description=gettext_lazy("short link"))
    def short_link(self, obj):
        if not obj.pk:
            return "—"
        url = collector_short_url(obj)
        return format_html('<a href="{}">{}</a>', url, url)

    @admin.display(description=gettext_lazy("QR code"))
    def qr_code(self, obj):
        if not obj.pk:
            return "—"
        svg = reverse("admin:surveys_collector_qr", args=[obj.pk, "svg"])
        png = reverse("admin:surveys_collector_qr", args=[obj.pk, "png"])
        return format_html('<a href="{}">SVG</a> · <a href="{}">PNG</a>', svg, png)

    def get_urls(self):
        return [
            path("<int:pk>/qr.<str:fmt>", self.admin_site.admin_view(self.qr_view), name="surveys_collector_qr"),
            *super().get_urls(),
        ]

    def qr_view(self, request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
        """A QR code of the short link, to print on flyers."""
        if not self.has_view_permission(request) or fmt not in {"svg", "png"}:
            raise Http404
        collector = get_object_or_404(self.get_queryset(request), pk=pk)
        qr = segno.make(collector_short_url(collector), error="m")
        buffer = io.BytesIO()
        qr.save(buffer, kind=fmt, scale=10, border=2)
        response = HttpResponse(buffer.getvalue(), content_type="image/svg+xml" if fmt == "svg" else "image/png")
        response["Content-Disposition"] = f'inline; filename="survey-{collector.code}.{fmt}"'
        return response


@admin.register(Response)
class ResponseAdmin(admin.ModelAdmin):
    """Read-only: responses come from residents or the paper entry screen, never typed here."""

    list_display = (
        "pk",
        "survey",
        "status",
        "channel",
        "language",
        "collector",
        "form_number",
        "finished_at",
        "duration_seconds",
    )
    list_filter = ("survey", "status", "channel", "language")
    search_fields = ("form_number",)
    list_select_related = ("survey", "collector__organization")
    readonly_fields = [f.name for f in Response._meta.fields]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(survey__in=selectors.surveys_for(request.user))

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(PaperEntry)
class PaperEntryAdmin(admin.ModelAdmin):
    list_display = ("response", "pass_number", "entered_by", "created_at")
    readonly_fields = ("response", "pass_number", "entered_by", "data", "created_at")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
