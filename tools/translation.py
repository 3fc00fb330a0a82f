from modeltranslation.translator import TranslationOptions, register

from .models import KnowYourRightsCard


@register(KnowYourRightsCard)
class KnowYourRightsCardTranslation(TranslationOptions):
    # The officer's statement stays English: it is the side an officer reads.
    fields = ("title", "rights")
