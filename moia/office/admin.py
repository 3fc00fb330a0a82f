from django.contrib import admin
from modeltranslation.admin import TabbedTranslationAdmin, TranslationTabularInline

from moia.cache import shared_forget
from moia.l10n.admin import ContentTranslationReviewAdminMixin

from .models import OfficeProfile, StrategicPriority
from .selectors import CACHE_KEY


class StrategicPriorityInline(TranslationTabularInline):
    model = StrategicPriority
    extra = 0
    fields = ("code", "name", "description", "parent", "order")


@admin.register(OfficeProfile)
class OfficeProfileAdmin(ContentTranslationReviewAdminMixin, TabbedTranslationAdmin):
    list_display = ("name", "short_name", "key", "email", "phone", "translations_reviewed")
    inlines = [StrategicPriorityInline]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        shared_forget(CACHE_KEY.format(key=obj.key))

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        shared_forget(CACHE_KEY.format(key=form.instance.key))
