"""Staff side of the library: documents with their translated texts, a file per language
(checked by content on upload, stored through library.services), and the to-do list of
documents x languages that still have no file."""

from django import forms
from django.contrib import admin
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin

from moia.admin_pages import admin_page
from moia.l10n.admin import ContentTranslationReviewAdminMixin

from . import selectors, services
from .models import Document, DocumentFile
from .uploads import TYPE_LABELS, upload_check


class DocumentFileForm(forms.ModelForm):
    class Meta:
        model = DocumentFile
        fields = ("language", "file")

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        # Only a new upload is checked; an unchanged row keeps the file it has.
        if upload is not None and "file" in self.changed_data:
            upload_check(upload)
        return upload


class DocumentFileInline(admin.TabularInline):
    model = DocumentFile
    form = DocumentFileForm
    extra = 1
    fields = ("language", "file", "file_type", "size", "page_count", "uploaded_by", "uploaded_at")
    readonly_fields = ("file_type", "size", "page_count", "uploaded_by", "uploaded_at")

    @admin.display(description=_("file type"))
    def file_type(self, obj) -> str:
        return TYPE_LABELS.get(obj.content_type, obj.content_type or "—")


@admin.register(Document)
class DocumentAdmin(ContentTranslationReviewAdminMixin, TabbedTranslationAdmin):
    list_display = ("title", "slug", "kind", "published", "languages_with_file", "translations_reviewed")
    list_filter = ("kind", "published")
    search_fields = ("slug", "title")
    prepopulated_fields = {"slug": ("title",)}
    inlines = [DocumentFileInline]
    change_list_template = "admin/library/document/change_list.html"

    @admin.display(description=_("files"))
    def languages_with_file(self, obj) -> str:
        return ", ".join(obj.files.values_list("language", flat=True)) or "—"

    def save_formset(self, request, form, formset, change):
        if formset.model is not DocumentFile:
            return super().save_formset(request, form, formset, change)
        # The admin's change message reads these lists, which formset.save() would have set.
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for deleted in formset.deleted_forms:
            if deleted.instance.pk:
                deleted.instance.file.delete(save=False)
                deleted.instance.delete()
                formset.deleted_objects.append(deleted.instance)
        for inline_form in formset.forms:
            if not inline_form.has_changed() or inline_form in formset.deleted_forms:
                continue
            data = inline_form.cleaned_data
            is_new = inline_form.instance.pk is None
            if not data or "file" not in inline_form.changed_data:
                if not is_new and "language" in inline_form.changed_data:
                    inline_form.instance.save(update_fields=["language"])
                    formset.changed_objects.append((inline_form.instance, ["language"]))
                continue
            saved = services.document_file_save(
                document=form.instance, language=data["language"], upload=data["file"], by=request.user
            )
            if is_new:
                formset.new_objects.append(saved)
            else:
                formset.changed_objects.append((saved, inline_form.changed_data))
        return None

    def get_urls(self):
        return [
            path(
                "missing/",
                self.admin_site.admin_view(self.missing_view),
                name="library_document_missing",
            ),
            *super().get_urls(),
        ]

    def missing_view(self, request):
        if not self.has_view_permission(request):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        return admin_page(
            self,
            request,
            "admin/library/document/missing.html",
            _("Translations to upload"),
            rows=selectors.documents_missing_languages(),
        )

    def changelist_view(self, request, extra_context=None):
        missing = sum(len(row.missing) for row in selectors.documents_missing_languages())
        link = format_html(
            '<a href="{}">{}</a>', reverse("admin:library_document_missing"), _("Translations to upload")
        )
        return super().changelist_view(request, {**(extra_context or {}), "missing_link": link, "missing": missing})
