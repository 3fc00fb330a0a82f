from modeltranslation.translator import TranslationOptions, register

from .models import OfficeProfile, StrategicPriority


@register(OfficeProfile)
class OfficeProfileTranslation(TranslationOptions):
    fields = ("name", "short_name", "city", "mission", "address")


@register(StrategicPriority)
class StrategicPriorityTranslation(TranslationOptions):
    fields = ("name", "description")
