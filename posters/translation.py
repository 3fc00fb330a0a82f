from modeltranslation.translator import TranslationOptions, register

from .models import Poster


@register(Poster)
class PosterTranslation(TranslationOptions):
    fields = ("title", "description")
