from modeltranslation.translator import TranslationOptions, register

from .models import FundingStream, GrantCycle, RubricCriterion


@register(GrantCycle)
class GrantCycleTranslation(TranslationOptions):
    fields = ("title", "summary", "eligibility", "required_documents", "scoring_criteria")


@register(FundingStream)
class FundingStreamTranslation(TranslationOptions):
    fields = ("title", "description")


@register(RubricCriterion)
class RubricCriterionTranslation(TranslationOptions):
    fields = ("name",)
