from modeltranslation.translator import TranslationOptions, register

from .models import ReportNarrative


@register(ReportNarrative)
class ReportNarrativeTranslation(TranslationOptions):
    fields = ("director_letter", "needs_commentary", "barriers_commentary", "recommendations")
