"""Content translated field by field (django-modeltranslation), English as the fallback."""

from modeltranslation.translator import TranslationOptions, register

from .models import Location, Organization, Phone, RequiredDocument, Schedule, SearchConcept, Service, TaxonomyTerm


@register(Organization)
class OrganizationTranslation(TranslationOptions):
    fields = ("name", "description")


@register(Service)
class ServiceTranslation(TranslationOptions):
    fields = Service.ENGLISH_TRACKED_FIELDS


@register(TaxonomyTerm)
class TaxonomyTermTranslation(TranslationOptions):
    fields = ("name", "description")


@register(Location)
class LocationTranslation(TranslationOptions):
    fields = ("accessibility",)


@register(Phone)
class PhoneTranslation(TranslationOptions):
    fields = ("description",)


@register(Schedule)
class ScheduleTranslation(TranslationOptions):
    fields = ("description",)


@register(RequiredDocument)
class RequiredDocumentTranslation(TranslationOptions):
    fields = ("document",)


@register(SearchConcept)
class SearchConceptTranslation(TranslationOptions):
    fields = ("terms",)
