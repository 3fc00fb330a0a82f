from django.contrib import admin
from modeltranslation.admin import TabbedTranslationAdmin

from moia.l10n.admin import ContentTranslationReviewAdminMixin

from .models import KnowYourRightsCard


@admin.register(KnowYourRightsCard)
class KnowYourRightsCardAdmin(ContentTranslationReviewAdminMixin, TabbedTranslationAdmin):
    list_display = ["title", "is_published", "is_demo", "translations_reviewed", "updated_at"]
    list_filter = ["is_published", "is_demo"]
    prepopulated_fields = {"slug": ("title_en",)}
    fieldsets = [
        (None, {"fields": ["title", "slug", "rights", "officer_statement"]}),
        (None, {"fields": ["source", "is_demo", "is_published", "order"]}),
    ]
