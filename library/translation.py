from modeltranslation.translator import TranslationOptions, register

from .models import Document


@register(Document)
class DocumentTranslation(TranslationOptions):
    fields = ("title", "description")
