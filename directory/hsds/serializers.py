"""Directory rows as HSDS 3.0 JSON objects.

Text fields are given in the active language (English where a translation is missing),
and every translatable field also travels in every language under the `translations`
extension (directory/HSDS.md). Empty optional fields are left out, since HSDS types them
as strings, numbers or URIs and has no null.
"""

from typing import Any

from django.utils import translation

from directory.models import (
    Language,
    Location,
    Organization,
    Phone,
    RequiredDocument,
    Schedule,
    Service,
    ServiceAtLocation,
    TaxonomyTerm,
)

from .common import (
    CATEGORY_TAXONOMY_DESCRIPTION,
    FLAG_TAXONOMY,
    FLAG_TAXONOMY_DESCRIPTION,
    FLAGS,
    FREE_OPTION_FIELD,
    Flag,
    derived_id,
    label_in_current_language,
    label_translations,
    languages,
    localized,
    taxonomy_id,
    translated_fields,
)

HSDS_SCHEDULE_FREQ = {"WEEKLY", "MONTHLY"}


def _compact(data: dict[str, Any], *, keep: tuple[str, ...] = ()) -> dict[str, Any]:
    return {key: value for key, value in data.items() if key in keep or value not in (None, "", [])}


def _str(value: Any) -> str | None:
    return None if value is None else str(value)


def translations_of(obj: Any) -> dict[str, dict[str, str | None]]:
    """Each translatable field in each language as stored, without fallback (null = not translated)."""
    fields = translated_fields(type(obj))
    return {
        language: {field: getattr(obj, localized(field, language)) or None for field in fields}
        for language in languages()
    }


def _number(value: Any) -> int | float | None:
    if value is None or value == "":
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return int(number) if number.is_integer() else number


def organization_summary(organization: Organization) -> dict[str, Any]:
    return _compact(
        {
            "id": str(organization.id),
            "name": organization.name,
            "alternate_name": organization.alternate_name,
            "description": organization.description or "",
            "email": organization.email,
            "website": organization.website,
            "tax_status": organization.tax_status,
            # No tax_id: the EIN is applicant data grants checks eligibility with, not open data.
            "year_incorporated": organization.year_incorporated,
            "legal_status": organization.legal_status,
            # Only a published parent is named (selectors annotate it); an organization embedded in
            # a service carries no annotation and leaves the parent to its own endpoint.
            "parent_organization_id": _str(getattr(organization, "published_parent_id", None)),
            "translations": translations_of(organization),
            "x_demo": organization.is_demo,
        },
        keep=("description", "x_demo"),
    )


def organization_detail(organization: Organization, *, full_service: bool = False) -> dict[str, Any]:
    data = organization_summary(organization)
    data["phones"] = [phone_json(phone) for phone in organization.phones.all()]
    data["locations"] = [location_json(location) for location in organization.locations.all()]
    data["services"] = [
        service_detail(service) if full_service else service_summary(service) for service in organization.services.all()
    ]
    return data


def service_summary(service: Service) -> dict[str, Any]:
    """The one-to-one fields of a service (HSDS service_list) with its organization."""
    return _compact(
        {
            "id": str(service.id),
            "organization_id": str(service.organization_id),
            "name": service.name,
            "alternate_name": service.alternate_name,
            "description": service.description,
            "url": service.url,
            "email": service.email,
            "status": service.status,
            "interpretation_services": service.interpretation_services,
            "application_process": service.application_process,
            "fees_description": service.fees_description,
            "accreditations": service.accreditations,
            "eligibility_description": service.eligibility_description,
            "assured_date": service.assured_date.isoformat() if service.assured_date else None,
            "last_modified": service.updated_at.isoformat() if service.updated_at else None,
            "organization": organization_summary(service.organization),
            "translations": translations_of(service),
            "x_demo": service.is_demo,
        },
        keep=("x_demo",),
    )


def service_minimal(service: Service) -> dict[str, Any]:
    """What the specification's `minimal` listing asks for, to see what changed since last time."""
    return {
        "id": str(service.id),
        "name": service.name,
        "status": service.status,
        "last_modified": service.updated_at.isoformat(),
    }


def service_detail(service: Service) -> dict[str, Any]:
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


def service_at_location_json(sal: ServiceAtLocation) -> dict[str, Any]:
    return _compact(
        {
            "id": str(sal.id),
            "service_id": str(sal.service_id),
            "location_id": str(sal.location_id),
            "description": sal.description,
            "location": location_json(sal.location),
        }
    )


def address_of(location: Location) -> dict[str, Any] | None:
    """The location's physical address; HSDS requires street, city, state, ZIP and country."""
    if not (location.address_1 and location.city and location.state_province and location.postal_code):
        return None
    return _compact(
        {
            "id": str(derived_id("address", location.id)),
            "location_id": str(location.id),
            "address_1": location.address_1,
            "address_2": location.address_2,
            "city": location.city,
            "state_province": location.state_province,
            "postal_code": location.postal_code,
            "country": location.country or "US",
            "address_type": "physical",
        }
    )


def accessibility_of(location: Location) -> dict[str, Any] | None:
    if not location.accessibility:
        return None
    return {
        "id": str(derived_id("accessibility", location.id)),
        "location_id": str(location.id),
        "description": location.accessibility,
        "translations": {
            language: {"description": getattr(location, localized("accessibility", language)) or None}
            for language in languages()
        },
    }


def location_json(location: Location) -> dict[str, Any]:
    address = address_of(location)
    accessibility = accessibility_of(location)
    return _compact(
        {
            "id": str(location.id),
            "location_type": "physical",
            "organization_id": _str(location.organization_id),
            "name": location.name,
            "alternate_name": location.alternate_name,
            "description": location.description,
            "transportation": location.transportation,
            "latitude": _number(location.latitude),
            "longitude": _number(location.longitude),
            "addresses": [address] if address else [],
            "accessibility": [accessibility] if accessibility else [],
            "phones": [phone_json(phone) for phone in location.phones.all()],
            "schedules": [schedule_json(schedule) for schedule in location.schedules.all()],
            "x_demo": location.is_demo,
        },
        keep=("x_demo",),
    )


def phone_json(phone: Phone) -> dict[str, Any]:
    return _compact(
        {
            "id": str(phone.id),
            "service_id": _str(phone.service_id),
            "location_id": _str(phone.location_id),
            "organization_id": _str(phone.organization_id),
            "number": phone.number,
            # HSDS types the extension as a number; anything else stays out rather than break the type.
            "extension": int(phone.extension) if phone.extension.isdigit() else None,
            "type": phone.type,
            "description": phone.description,
            "translations": translations_of(phone),
        }
    )


def schedule_json(schedule: Schedule) -> dict[str, Any]:
    return _compact(
        {
            "id": str(schedule.id),
            "service_id": _str(schedule.service_id),
            "location_id": _str(schedule.location_id),
            "valid_from": schedule.valid_from.isoformat() if schedule.valid_from else None,
            "valid_to": schedule.valid_to.isoformat() if schedule.valid_to else None,
            "freq": schedule.freq if schedule.freq in HSDS_SCHEDULE_FREQ else None,
            "byday": schedule.byday,
            "opens_at": schedule.opens_at.strftime("%H:%M") if schedule.opens_at else None,
            "closes_at": schedule.closes_at.strftime("%H:%M") if schedule.closes_at else None,
            "description": schedule.description,
            "translations": translations_of(schedule),
            # HSDS `timezone` is a UTC offset, which daylight saving time makes wrong half the year.
            "x_timezone": schedule.timezone,
        }
    )


def language_json(language: Language) -> dict[str, Any]:
    return _compact(
        {
            "id": str(language.id),
            "service_id": str(language.service_id),
            "name": language.name or _language_name(language.code),
            "code": language.code,
            "note": language.note,
        }
    )


def _language_name(code: str) -> str:
    try:
        return translation.get_language_info(code)["name"]
    except KeyError:
        return ""


def required_document_json(document: RequiredDocument) -> dict[str, Any]:
    return _compact(
        {
            "id": str(document.id),
            "service_id": str(document.service_id),
            "document": document.document,
            "uri": document.uri,
            "translations": translations_of(document),
        }
    )


def cost_options_of(service: Service) -> list[dict[str, Any]]:
    if not getattr(service, FREE_OPTION_FIELD):
        return []
    return [
        {
            "id": str(derived_id("cost-option", "free", service.id)),
            "service_id": str(service.id),
            "option": label_in_current_language(FREE_OPTION_FIELD),
            "amount": 0,
            "currency": "USD",
            "translations": _label_translations_object("option", FREE_OPTION_FIELD),
        }
    ]


def _label_translations_object(key: str, field: str) -> dict[str, dict[str, str | None]]:
    labels = label_translations(field)
    return {language: {key: labels.get(language)} for language in languages()}


def service_attributes(service: Service) -> list[dict[str, Any]]:
    attributes = [
        {
            "id": str(derived_id("attribute", service.id, term.id)),
            "link_id": str(service.id),
            "link_type": "category",
            "link_entity": "service",
            "taxonomy_term_id": str(term.id),
            "taxonomy_term": taxonomy_term_json(term),
        }
        for term in service.taxonomy_terms.all()
    ]
    attributes += [
        {
            "id": str(derived_id("attribute", service.id, flag.term_id)),
            "link_id": str(service.id),
            "link_type": "flag",
            "link_entity": "service",
            "taxonomy_term_id": str(flag.term_id),
            "value": "true",
            "taxonomy_term": flag_term_json(flag),
        }
        for flag in FLAGS
        if getattr(service, flag.field)
    ]
    return attributes


def taxonomy_term_json(term: TaxonomyTerm) -> dict[str, Any]:
    return _compact(
        {
            "id": str(term.id),
            "code": term.code,
            "name": term.name,
            # HSDS requires a description; a category without one is described by its name.
            "description": term.description or term.name,
            "parent_id": _str(term.parent_id),
            "taxonomy": term.taxonomy,
            "taxonomy_id": str(taxonomy_id(term.taxonomy)),
            "taxonomy_detail": {
                "id": str(taxonomy_id(term.taxonomy)),
                "name": term.taxonomy,
                "description": CATEGORY_TAXONOMY_DESCRIPTION,
            },
            "translations": translations_of(term),
        },
        keep=("description",),
    )


def flag_term_json(flag: Flag) -> dict[str, Any]:
    labels = label_translations(flag.field)
    return {
        "id": str(flag.term_id),
        "code": flag.code,
        "name": flag.label(),
        "description": flag.label(),
        "taxonomy": FLAG_TAXONOMY,
        "taxonomy_id": str(taxonomy_id(FLAG_TAXONOMY)),
        "taxonomy_detail": {
            "id": str(taxonomy_id(FLAG_TAXONOMY)),
            "name": FLAG_TAXONOMY,
            "description": FLAG_TAXONOMY_DESCRIPTION,
        },
        "translations": {
            language: {"name": labels.get(language), "description": labels.get(language)} for language in languages()
        },
    }
