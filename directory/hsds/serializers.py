"""Directory rows as HSDS 3.0 JSON objects, field by field as mapping.py declares them.

Text fields are given in the active language (English where a translation is missing),
and every translatable field also travels in every language under the `translations`
extension (directory/HSDS.md). Empty optional fields are left out, since HSDS types them
as strings, numbers or URIs and has no null.
"""

from typing import Any

from directory import models

from . import mapping
from .common import FLAGS, FREE_OPTION_FIELD, Flag, label_translations, languages


def organization_summary(organization: models.Organization) -> dict[str, Any]:
    return mapping.ORGANIZATION.json_object(organization, translations=mapping.ORGANIZATION.translations(organization))


def organization_detail(organization: models.Organization, *, full_service: bool = False) -> dict[str, Any]:
    data = organization_summary(organization)
    data["phones"] = [phone_json(phone) for phone in organization.phones.all()]
    data["locations"] = [location_json(location) for location in organization.locations.all()]
    data["services"] = [
        service_detail(service) if full_service else service_summary(service) for service in organization.services.all()
    ]
    return data


def service_summary(service: models.Service) -> dict[str, Any]:
    """The one-to-one fields of a service (HSDS service_list) with its organization."""
    return mapping.SERVICE.json_object(
        service,
        organization=organization_summary(service.organization),
        translations=mapping.SERVICE.translations(service),
    )


def service_minimal(service: models.Service) -> dict[str, Any]:
    """What the specification's `minimal` listing asks for, to see what changed since last time."""
    return {
        "id": str(service.id),
        "name": service.name,
        "status": service.status,
        "last_modified": service.updated_at.isoformat(),
    }


def service_detail(service: models.Service) -> dict[str, Any]:
    """A fully nested HSDS service: locations with addresses and hours, phones, languages, documents,
    categories and flags as attributes, and "free of charge" as a cost option."""
    data = service_summary(service)
    data.update(
        {
            "service_at_locations": [service_at_location_json(sal) for sal in service.service_at_locations.all()],
            "phones": [phone_json(phone) for phone in service.phones.all()],
            "schedules": [schedule_json(schedule) for schedule in service.schedules.all()],
            "languages": [language_json(language) for language in service.languages.all()],
            "required_documents": [required_document_json(doc) for doc in service.required_documents.all()],
            "cost_options": cost_options_of(service),
            "attributes": service_attributes(service),
        }
    )
    return data


def service_at_location_json(sal: models.ServiceAtLocation) -> dict[str, Any]:
    return mapping.SERVICE_AT_LOCATION.json_object(sal, location=location_json(sal.location))


def location_json(location: models.Location) -> dict[str, Any]:
    address = mapping.ADDRESS.json_object(location) if mapping.has_address(location) else None
    accessibility = (
        mapping.ACCESSIBILITY.json_object(location, translations=mapping.ACCESSIBILITY.translations(location))
        if mapping.has_accessibility(location)
        else None
    )
    return mapping.LOCATION.json_object(
        location,
        addresses=[address] if address else [],
        accessibility=[accessibility] if accessibility else [],
        phones=[phone_json(phone) for phone in location.phones.all()],
        schedules=[schedule_json(schedule) for schedule in location.schedules.all()],
    )


def phone_json(phone: models.Phone) -> dict[str, Any]:
    return mapping.PHONE.json_object(phone, translations=mapping.PHONE.translations(phone))


def schedule_json(schedule: models.Schedule) -> dict[str, Any]:
    return mapping.SCHEDULE.json_object(schedule, translations=mapping.SCHEDULE.translations(schedule))


def language_json(language: models.Language) -> dict[str, Any]:
    return mapping.LANGUAGE.json_object(language)


def required_document_json(document: models.RequiredDocument) -> dict[str, Any]:
    return mapping.REQUIRED_DOCUMENT.json_object(
        document, translations=mapping.REQUIRED_DOCUMENT.translations(document)
    )


def cost_options_of(service: models.Service) -> list[dict[str, Any]]:
    if not getattr(service, FREE_OPTION_FIELD):
        return []
    return [
        mapping.COST_OPTION.json_object(
            service, translations=_label_translations_object(("option",), FREE_OPTION_FIELD)
        )
    ]


def _label_translations_object(keys: tuple[str, ...], field: str) -> dict[str, dict[str, str | None]]:
    labels = label_translations(field)
    return {language: dict.fromkeys(keys, labels.get(language)) for language in languages()}


def service_attributes(service: models.Service) -> list[dict[str, Any]]:
    return [
        mapping.ATTRIBUTE.json_object(
            link, taxonomy_term=flag_term_json(term) if isinstance(term, Flag) else taxonomy_term_json(term)
        )
        for link, term in mapping.service_links(service, FLAGS)
    ]


def _taxonomy_detail(name: str) -> dict[str, Any]:
    return mapping.TAXONOMY.json_object(name)


def taxonomy_term_json(term: models.TaxonomyTerm) -> dict[str, Any]:
    return mapping.TAXONOMY_TERM.json_object(
        term, taxonomy_detail=_taxonomy_detail(term.taxonomy), translations=mapping.TAXONOMY_TERM.translations(term)
    )


def flag_term_json(flag: Flag) -> dict[str, Any]:
    return mapping.FLAG_TERM.json_object(
        flag,
        taxonomy_detail=_taxonomy_detail(mapping.FLAG_TAXONOMY),
        translations=_label_translations_object(("name", "description"), flag.field),
    )
