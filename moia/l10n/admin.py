"""Staff admin: each language's review status, its review packet (download) and the import of a reviewed one."""

from django import forms
from django.contrib import admin, messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from ..admin_pages import admin_page
from .models import LanguageReview, ReviewedText
from .packets import PacketError, packet_workbook
from .selectors import content_dashboard, language_dashboard, packet_rows
from .services import language_review_set, returned_file_import
from .xliff import xliff_export

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class PacketUploadForm(forms.Form):
    packet = forms.FileField(label=_("Reviewed packet (.xlsx) or vendor file (XLIFF 2.0)"))
    mark_reviewed = forms.BooleanField(
        label=_("The whole language has now been reviewed"),
        required=False,
        help_text=_("Removes the notice residents see on pages in this language."),
    )


@admin.register(LanguageReview)
# The admin serves only signed-in staff, so request.user is a User where it is passed as `by`
# (django-stubs types it as possibly anonymous: hence the arg-type ignores below).
class LanguageReviewAdmin(admin.ModelAdmin):
    list_display = ["language", "status", "note", "reviewed_by", "updated_at"]
    list_filter = ["status"]
    # The status changes only through the actions below, which record who changed it.
    readonly_fields = ["language", "status", "reviewed_by", "updated_at"]
    fields = ["language", "status", "note", "reviewed_by", "updated_at"]
    actions = ["download_packet", "download_xliff", "mark_reviewed", "mark_machine"]
    change_form_template = "admin/l10n/languagereview/change_form.html"
    change_list_template = "admin/l10n/languagereview/change_list.html"

    def changelist_view(self, request, extra_context=None):
        # The cost of the next round of translation, per language, above the list.
        return super().changelist_view(
            request,
            {**(extra_context or {}), "dashboard": language_dashboard(), "content_dashboard": content_dashboard()},
        )

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Download the review packet (XLSX)"), permissions=["view"])
    def download_packet(self, request: HttpRequest, queryset):
        if queryset.count() != 1:
            self.message_user(request, _("Choose one language: a packet holds one language."), messages.WARNING)
            return None
        return self._packet_response(queryset.get().language)

    @admin.action(description=_("Download for a translation vendor (XLIFF 2.0)"), permissions=["view"])
    def download_xliff(self, request: HttpRequest, queryset):
        if queryset.count() != 1:
            self.message_user(request, _("Choose one language: a packet holds one language."), messages.WARNING)
            return None
        language = queryset.get().language
        response = HttpResponse(
            xliff_export(language=language, rows=packet_rows(language=language)), content_type="application/xliff+xml"
        )
        response["Content-Disposition"] = f'attachment; filename="portal-{language}.xlf"'
        return response

    @admin.action(description=_("Mark as reviewed by a native speaker"), permissions=["change"])
    def mark_reviewed(self, request: HttpRequest, queryset):
        for review in queryset:
            language_review_set(language=review.language, status=LanguageReview.Status.REVIEWED, by=request.user)  # type: ignore[arg-type]
        self.message_user(request, _("Marked as reviewed."), messages.SUCCESS)

    @admin.action(description=_("Mark as machine translation, not reviewed"), permissions=["change"])
    def mark_machine(self, request: HttpRequest, queryset):
        for review in queryset:
            language_review_set(language=review.language, status=LanguageReview.Status.MACHINE, by=request.user)  # type: ignore[arg-type]
        self.message_user(request, _("Marked as machine translation."), messages.SUCCESS)

    def _packet_response(self, language: str) -> HttpResponse:
        with translation.override(language):
            data = packet_workbook(language=language, rows=packet_rows(language=language))
        response = HttpResponse(data, content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="review-{language}.xlsx"'
        return response

    def get_urls(self):
        return [
            path(
                "<int:pk>/import/",
                self.admin_site.admin_view(self.import_view),
                name="l10n_languagereview_import",
            ),
            *super().get_urls(),
        ]

    def import_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        review = get_object_or_404(LanguageReview, pk=pk)
        if not self.has_change_permission(request, review):
            return HttpResponse(status=403)
        form = PacketUploadForm(request.POST or None, request.FILES or None)
        report = error = None
        if request.method == "POST" and form.is_valid():
            try:
                report = returned_file_import(
                    data=form.cleaned_data["packet"].read(),
                    language=review.language,
                    by=request.user,  # type: ignore[arg-type]
                )
            except PacketError as exc:
                error = str(exc)
            else:
                if form.cleaned_data["mark_reviewed"]:
                    language_review_set(
                        language=review.language,
                        status=LanguageReview.Status.REVIEWED,
                        by=request.user,  # type: ignore[arg-type]
                    )
        return admin_page(
            self,
            request,
            "admin/l10n/languagereview/import.html",
            _("Import a reviewed packet: %(language)s") % {"language": review},
            original=review,
            form=form,
            report=report,
            error=error,
        )


@admin.register(ReviewedText)
class ReviewedTextAdmin(admin.ModelAdmin):
    list_display = ["key", "language", "reviewed_by", "reviewed_at"]
    list_filter = ["language"]
    search_fields = ["key", "text"]
    readonly_fields = ["language", "key", "source_hash", "text", "reviewed_by", "reviewed_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ContentTranslationReviewAdminMixin:
    """For a ModelAdmin of a translated model: the change page gets a "Reviewed translations"
    checkbox per language, each labelled with its status today (reviewed, out of date because the
    English changed, not reviewed, not translated), and the change list a translation column
    (name "translations_reviewed" in list_display). The text reviewed includes the parts edited
    inline on the page (the app's `reviewed_content_parts`).

    Ticking a language records that the person saving has read that language's text against the
    English as saved; editing the English later makes it out of date without anyone unticking it.
    """

    translation_review_field = "reviewed_translations"

    def get_form(self, request, obj=None, change=False, **kwargs):
        from django.conf import settings
        from django.utils.translation import gettext as gettext_now

        from .content import ENGLISH, MISSING, REVIEWED, STATUS_LABELS
        from .selectors import content_translation_statuses

        statuses = content_translation_statuses([obj]) if obj is not None and obj.pk else {}
        names = dict(settings.LANGUAGES)
        choices, initial = [], []
        for code in settings.LANGUAGE_CODES:
            if code == ENGLISH:
                continue
            status = statuses.get((str(obj.pk), code), MISSING) if statuses else MISSING
            choices.append((code, f"{names[code]} ({gettext_now(STATUS_LABELS[status])})"))
            if status == REVIEWED:
                initial.append(code)
        field = forms.MultipleChoiceField(
            label=_("Reviewed translations"),
            choices=choices,
            initial=initial,
            required=False,
            widget=forms.CheckboxSelectMultiple,
            help_text=_(
                "Tick a language once a person who reads it has checked its text against the English above. "
                "Changing the English later marks it out of date."
            ),
        )
        # Declared on the form class before the admin builds it, so the admin's field list may name it.
        base = kwargs.get("form", self.form)
        kwargs["form"] = type("ReviewedTranslationsForm", (base,), {self.translation_review_field: field})
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        named = [name for _title, options in fieldsets for name in options.get("fields", ())]
        if self.translation_review_field not in named:
            fieldsets.append((_("Translation review"), {"fields": [self.translation_review_field]}))
        return fieldsets

    def save_related(self, request, form, formsets, change):
        # After the inlines: a part's text (a rubric criterion edited on the round's page) is
        # reviewed with the object, so the English recorded must be the one with the parts saved.
        super().save_related(request, form, formsets, change)
        obj = form.instance
        from .services import content_translation_review_set

        # Only a box the person changed is a statement: one left ticked while the English was
        # edited must not re-approve the old translation against the new English.
        field = form.fields[self.translation_review_field]
        was = set(field.initial or [])
        ticked = set(form.cleaned_data.get(self.translation_review_field) or [])
        for code, _label in field.choices:
            if code in ticked - was:
                content_translation_review_set(obj=obj, language=code, reviewed=True, by=request.user)
            elif code in was - ticked:
                content_translation_review_set(obj=obj, language=code, reviewed=False, by=request.user)

    def get_changelist_instance(self, request):
        # The translation column of a whole page in one query (and its parts in one each), not per row.
        from django.conf import settings

        from .content import ENGLISH, REVIEWED, review_parts
        from .selectors import content_translation_statuses

        changelist = super().get_changelist_instance(request)
        changelist.result_list = changelist.result_list.prefetch_related(*review_parts(self.model))
        rows = list(changelist.result_list)
        statuses = content_translation_statuses(rows)
        for obj in rows:
            obj._translations_reviewed = [
                code
                for code in settings.LANGUAGE_CODES
                if code != ENGLISH and statuses[(str(obj.pk), code)] == REVIEWED
            ]
        return changelist

    @admin.display(description=_("Translations reviewed"))
    def translations_reviewed(self, obj) -> str:
        from .selectors import content_reviewed_languages

        reviewed = getattr(obj, "_translations_reviewed", None)
        if reviewed is None:
            reviewed = [code for code in content_reviewed_languages(obj) if code != "en"]
        return ", ".join(reviewed) or "—"
