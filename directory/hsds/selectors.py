"""Reads for the HSDS API: every queryset prefetches what its serializer touches, so a
page of 10 or 200 services costs the same handful of queries."""

import uuid
from datetime import datetime, time

from django.db.models import OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from directory import selectors as directory_selectors
from directory.models import Location, Organization, Service, ServiceAtLocation, TaxonomyTerm

from .common import localized
from .common import taxonomy_id as taxonomy_id_of


def uuid_or_none(value: str | None) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value).strip())
    except (TypeError, ValueError, AttributeError):
        return None


def datetime_or_none(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        parsed = parse_datetime(value.strip())
        if parsed is None:
            day = parse_date(value.strip())
            parsed = datetime.combine(day, time.min) if day else None
    except ValueError:
        return None
    if parsed is not None and timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    return parsed


def _locations_prefetch(prefix: str) -> list:
    return [f"{prefix}phones", f"{prefix}schedules"]


def hsds_services(
    *,
    language: str,
    search: str = "",
    taxonomy_term_id: str | None = None,
    taxonomy_id: str | None = None,
    organization_id: str | None = None,
    modified_after: str | None = None,
    full: bool = False,
) -> QuerySet[Service]:
    """Every published service (inactive ones too: HSDS carries the status), filtered as the API asks;
    malformed filter values are ignored rather than refused."""
    # The plugin types a modeltranslation manager's queryset as unknown; later steps return QuerySet[Service].
    services = Service.objects.select_related("organization").order_by("name_en", "id")
    if (search or "").strip():
        # The directory's own multilingual search (full text and trigrams on PostgreSQL), best match first.
        services = directory_selectors.service_search(services=services, query=search, language=language)  # type: ignore[assignment]
    if term := uuid_or_none(taxonomy_term_id):
        services = services.filter(taxonomy_terms__id=term)
    if taxonomy := uuid_or_none(taxonomy_id):
        names = TaxonomyTerm.objects.values_list("taxonomy", flat=True).distinct()
        matching = [name for name in names if taxonomy_id_of(name) == taxonomy]
        services = services.filter(taxonomy_terms__taxonomy__in=matching)
    if organization := uuid_or_none(organization_id):
        services = services.filter(organization_id=organization)
    if since := datetime_or_none(modified_after):
        services = services.filter(updated_at__gte=since)
    if term or taxonomy:
        services = services.distinct()
    if full:
        services = services_with_details(services)  # type: ignore[assignment]
    return services


def services_minimal(services: QuerySet[Service], *, language: str) -> QuerySet[Service]:
    """Only what a minimal listing shows: id, name (page language and English), status, last change."""
    return services.select_related(None).only(
        "id", "status", "updated_at", localized("name", "en"), localized("name", language)
    )


def services_with_details(services: QuerySet[Service]) -> QuerySet[Service]:
    """The prefetches a fully nested HSDS service needs."""
    return services.prefetch_related(
        "phones",
        "schedules",
        "languages",
        "required_documents",
        "taxonomy_terms",
        Prefetch(
            "service_at_locations",
            queryset=ServiceAtLocation.objects.select_related("location").prefetch_related(
                *_locations_prefetch("location__")
            ),
        ),
    )


def hsds_service(*, service_id: str) -> Service | None:
    if (pk := uuid_or_none(service_id)) is None:
        return None
    return services_with_details(Service.objects.select_related("organization").filter(pk=pk)).first()


def _published(organizations: QuerySet[Organization]) -> QuerySet[Organization]:
    """Published organizations with `published_parent_id`: the parent only where it is published too,
    so no row points at an organization open data leaves out."""
    published = directory_selectors.organizations_published()
    return published.filter(pk__in=organizations.values("pk")).annotate(
        published_parent_id=Subquery(published.filter(pk=OuterRef("parent_organization_id")).values("pk")[:1])
    )


def hsds_organizations(*, language: str, search: str = "") -> QuerySet[Organization]:
    organizations = _published(Organization.objects.all()).order_by("name_en", "id")
    # Control characters (NUL among them) are dropped: PostgreSQL refuses them in text.
    search = directory_selectors.clean_text(search or "")
    if search:
        organizations = organizations.filter(
            Q(**{f"{localized('name', 'en')}__icontains": search})
            | Q(**{f"{localized('name', language)}__icontains": search})
        )
    return organizations


def hsds_organization(*, organization_id: str, full_service: bool = False) -> Organization | None:
    if (pk := uuid_or_none(organization_id)) is None:
        return None
    services = Service.objects.select_related("organization").order_by("name_en", "id")
    if full_service:
        services = services_with_details(services)  # type: ignore[assignment]
    return (
        _published(Organization.objects.filter(pk=pk))
        .prefetch_related(
            "phones",
            Prefetch("locations", queryset=Location.objects.prefetch_related(*_locations_prefetch(""))),
            Prefetch("services", queryset=services),
        )
        .first()
    )


def hsds_taxonomy_terms(*, parent_id: str | None = None, top_only: bool = False) -> QuerySet[TaxonomyTerm]:
    terms = TaxonomyTerm.objects.order_by("taxonomy", "order", "code")
    if parent := uuid_or_none(parent_id):
        terms = terms.filter(parent_id=parent)
    if top_only:
        terms = terms.filter(parent__isnull=True)
    return terms
