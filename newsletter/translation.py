from modeltranslation.translator import TranslationOptions, register

from .models import Issue


@register(Issue)
class IssueTranslation(TranslationOptions):
    fields = ("subject", "body")
