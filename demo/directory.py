"""Demo data for the directory, loaded from the JSON files the content writers keep in demo/data.

Boston: boston/directory.json (resources the seed documents name, with their real details) and
boston/directory_partners.json (realistic partner services); Baltimore: baltimore/directory.json. Translatable
values are objects keyed by language code. Services marked "demo" are labelled as such and
left unverified, so nobody mistakes an invented phone number for a real listing.
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils.text import slugify
from modeltranslation.utils import build_localized_fieldname

from demo.loading import read
from directory.caching import directory_cache_invalidate
from directory.models import (
    Language,
    Location,
    Neighborhood,
    Organization,
    Phone,
    RequiredDocument,
    Schedule,
    SearchConcept,
    Service,
    ServiceAtLocation,
    ServiceTranslationReview,
    TaxonomyTerm,
)
from directory.search_concepts import search_concepts_seed
from directory.services import services_search_index_rebuild
from directory.signals import indexing_suspended

FILES = {
    "boston": ["directory", "directory_partners"],
    "baltimore": ["directory"],
}
SERVICE_TEXT = {
    "name": "name",
    "description": "description",
    "eligibility": "eligibility_description",
    "eligibility_description": "eligibility_description",
    "fees": "fees_description",
    "fees_description": "fees_description",
    "application_process": "application_process",
    "interpretation_services": "interpretation_services",
}
FLAGS = {
    "free": "is_free",
    "is_free": "is_free",
    "regardless_of_status": "regardless_of_status",
    "no_id_required": "no_id_required",
    "interpretation": "free_interpretation",
    "free_interpretation": "free_interpretation",
    "confidential": "confidential",
    "walk_in": "walk_in",
    "by_phone": "by_phone",
    "online": "online",
}


def _translations(value) -> dict[str, str]:
    """A translatable value as {language: text}; a plain string is English."""
    if isinstance(value, dict):
        return {code: str(value.get(code) or "") for code in settings.LANGUAGE_CODES}
    text = "" if value is None else str(value)
    return {code: (text if code == settings.LANGUAGE_CODE else "") for code in settings.LANGUAGE_CODES}


def _localized_defaults(field: str, value, *, max_length: int | None = None) -> dict[str, str]:
    texts = _translations(value)
    defaults = {build_localized_fieldname(field, code): text[:max_length] for code, text in texts.items()}
    defaults[field] = texts[settings.LANGUAGE_CODE][:max_length]
    return defaults


def _time(value: str | None) -> datetime.time | None:
    return datetime.time.fromisoformat(value) if value else None


def _neighborhoods(office: str, names: set[str]) -> dict[str, Neighborhood]:
    base = read(office, "directory")["neighborhoods"]
    ordered = list(dict.fromkeys([*base, *sorted(n for n in names if n)]))
    result = {}
    for order, name in enumerate(ordered):
        place, _created = Neighborhood.objects.update_or_create(
            slug=slugify(name), defaults={"name": name, "order": order}
        )
        result[name] = place
    return result


def _categories(definitions: list[dict]) -> dict[str, TaxonomyTerm]:
    result = {}
    for order, item in enumerate(definitions):
        term, _created = TaxonomyTerm.objects.update_or_create(
            code=item["slug"],
            defaults={
                **_localized_defaults("name", item.get("name") or item["slug"], max_length=255),
                **_localized_defaults("description", item.get("description", "")),
                "order": order,
            },
        )
        result[term.code] = term
    return result


def _organization(item: dict) -> Organization:
    organization, _created = Organization.objects.update_or_create(
        slug=item["slug"],
        defaults={
            **_localized_defaults("name", item["name"], max_length=255),
            **_localized_defaults("description", item.get("description", "")),
            "alternate_name": item.get("alternate_name", ""),
            "email": item.get("email", ""),
            "website": item.get("website", ""),
            "is_demo": bool(item.get("demo", False)),
        },
    )
    return organization


def _location(item: dict, neighborhoods: dict[str, Neighborhood], organizations: dict) -> Location:
    location, _created = Location.objects.update_or_create(
        slug=item["slug"],
        defaults={
            "name": item.get("name", item["slug"]),
            "address_1": item.get("address_1", ""),
            "address_2": item.get("address_2", ""),
            "city": item.get("city", ""),
            "state_province": item.get("state_province", ""),
            "postal_code": item.get("postal_code", ""),
            "neighborhood": neighborhoods.get(item.get("neighborhood") or ""),
            "organization": organizations.get(item.get("organization") or ""),
            "latitude": item.get("latitude"),
            "longitude": item.get("longitude"),
            **_localized_defaults("accessibility", item.get("accessibility", "")),
            "is_demo": bool(item.get("demo", False)),
        },
    )
    return location


def _site_url(url: str) -> str:
    return settings.SITE_URL.rstrip("/") + url if url.startswith("/") else url


def _service(item: dict, organizations: dict, locations: dict, categories: dict) -> Service:
    defaults = {
        "organization": organizations[item["organization"]],
        "alternate_name": item.get("alternate_name", ""),
        # A path ("/en/tools/family-plan/") is a page of the portal itself, wherever it is served.
        "url": _site_url(item.get("url", "") or ""),
        "email": item.get("email", "") or "",
        "accreditations": item.get("accreditations", "") or "",
        "is_demo": bool(item.get("demo", False)),
        "status": Service.Status.ACTIVE,
    }
    for key, field in SERVICE_TEXT.items():
        if key in item:
            defaults.update(_localized_defaults(field, item[key], max_length=255 if field == "name" else None))
    for key, field in FLAGS.items():
        if key in item:
            defaults[field] = bool(item[key])
    if defaults["is_demo"]:
        # Invented details are never "verified": only a person's check may set these.
        defaults.update({"assured_date": None, "assurer": None})
    service, _created = Service.objects.update_or_create(slug=item["slug"], defaults=defaults)
    service.taxonomy_terms.set([categories[code] for code in item.get("categories", []) if code in categories])
    _children_sync(service, item, locations)
    return service


def _children_sync(service: Service, item: dict, locations: dict) -> None:
    """Create what is missing and update what changed, a few bulk queries per service (fast on PostgreSQL)."""
    linked = set(ServiceAtLocation.objects.filter(service=service).values_list("location_id", flat=True))
    ServiceAtLocation.objects.bulk_create(
        ServiceAtLocation(service=service, location=locations[slug])
        for slug in dict.fromkeys(item.get("locations", []))
        if slug in locations and locations[slug].pk not in linked
    )
    spoken = set(Language.objects.filter(service=service).values_list("code", flat=True))
    Language.objects.bulk_create(
        Language(service=service, code=code) for code in dict.fromkeys(item.get("languages", [])) if code not in spoken
    )
    _rows_sync(
        Phone,
        service,
        {
            phone["number"]: {
                "number": phone["number"],
                "type": phone.get("type", Phone.Type.VOICE),
                "order": order,
                **_localized_defaults("description", phone.get("description", ""), max_length=255),
            }
            for order, phone in enumerate(item.get("phones", []))
        },
        key=lambda row: row.number,
    )
    _rows_sync(
        Schedule,
        service,
        {
            (schedule.get("byday", ""), _time(schedule.get("opens_at"))): {
                "byday": schedule.get("byday", ""),
                "opens_at": _time(schedule.get("opens_at")),
                "closes_at": _time(schedule.get("closes_at")),
                **_localized_defaults("description", schedule.get("description", ""), max_length=255),
            }
            for schedule in item.get("schedules", [])
        },
        key=lambda row: (row.byday, row.opens_at),
    )
    _rows_sync(
        RequiredDocument,
        service,
        {
            order: {"order": order, **_localized_defaults("document", document, max_length=500)}
            for order, document in enumerate(item.get("required_documents", []))
        },
        key=lambda row: row.order,
    )


def _rows_sync(model, service: Service, wanted: dict, *, key) -> None:
    existing = {key(row): row for row in model.objects.filter(service=service)}
    create, update, fields = [], [], set()
    for natural_key, values in wanted.items():
        row = existing.get(natural_key)
        if row is None:
            create.append(model(service=service, **values))
            continue
        changed = {name: value for name, value in values.items() if getattr(row, name) != value}
        if changed:
            for name, value in changed.items():
                setattr(row, name, value)
            update.append(row)
            fields.update(changed)
    model.objects.bulk_create(create)
    if update:
        model.objects.bulk_update(update, sorted(fields))


def seed(*, office: str, stdout) -> None:
    """Load the office's directory (idempotent: update_or_create by slug or natural key)."""
    data = [read(office, name, missing={}) for name in FILES.get(office, [])]
    # Category names are shared between offices: any file may define one another file uses.
    definitions = {}
    for source in [*data, *(read(o, n, missing={}) for o, files in FILES.items() for n in files)]:
        for item in source.get("categories", []):
            definitions.setdefault(item["slug"], item)
    with transaction.atomic(), indexing_suspended():
        categories = _categories(list(definitions.values()))
        neighborhood_names = {item.get("neighborhood", "") for d in data for item in d.get("locations", [])}
        neighborhoods = _neighborhoods(office, neighborhood_names)
        organizations = {item["slug"]: _organization(item) for d in data for item in d.get("organizations", [])}
        organizations.update({o.slug: o for o in Organization.objects.filter(slug__in=_referenced_orgs(data))})
        locations = {
            item["slug"]: _location(item, neighborhoods, organizations) for d in data for item in d.get("locations", [])
        }
        services = [
            _service(item, organizations, locations, categories)
            for d in data
            for item in d.get("services", [])
            if item.get("organization") in organizations
        ]
        # Demo translations were machine-made: each waits for a person's review.
        for service in services:
            ServiceTranslationReview.objects.filter(service=service).exclude(
                status=ServiceTranslationReview.Status.REVIEWED
            ).update(status=ServiceTranslationReview.Status.MACHINE_DRAFT, source_version=service.english_version)
    services_search_index_rebuild(queryset=Service.objects.filter(pk__in=[s.pk for s in services]))
    # Migration 0012 seeds them too; a database flushed since (tests, a reset) gets them back here.
    search_concepts_seed(SearchConcept)
    directory_cache_invalidate()
    stdout.write(
        f"  directory: {len(categories)} categories, {len(organizations)} organizations, {len(services)} services"
    )


def _referenced_orgs(data: list[dict]) -> set[str]:
    return {item.get("organization", "") for d in data for item in d.get("services", [])}
