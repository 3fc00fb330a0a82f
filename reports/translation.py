from modeltranslation.translator import TranslationOptions, register

from .models import DepartmentFigure, DepartmentRequest, PopulationStatistic, Recommendation, ReportNarrative


@register(ReportNarrative)
class ReportNarrativeTranslation(TranslationOptions):
    fields = ("director_letter", "needs_commentary", "barriers_commentary", "recommendations")


# Category labels and sources are printed in the report: a language's report is complete only
# when they are translated (reports.selectors.report_missing).
@register(PopulationStatistic)
class PopulationStatisticTranslation(TranslationOptions):
    fields = ("dimension", "source")


# The department's name and the figures' labels are printed in the report, in its language.
@register(DepartmentRequest)
class DepartmentRequestTranslation(TranslationOptions):
    fields = ("department",)


@register(DepartmentFigure)
class DepartmentFigureTranslation(TranslationOptions):
    fields = ("label", "definition")


# Last year's recommendations and what came of them are printed in this year's report.
@register(Recommendation)
class RecommendationTranslation(TranslationOptions):
    fields = ("text", "note")
