from modeltranslation.translator import TranslationOptions, register

from .models import CaseType, Program, ServiceType


@register(ServiceType)
class ServiceTypeTranslation(TranslationOptions):
    fields = ("name", "description")


@register(CaseType)
class CaseTypeTranslation(TranslationOptions):
    fields = ("name", "description")


@register(Program)
class ProgramTranslation(TranslationOptions):
    fields = ("name", "description", "form_title", "privacy_notice")
