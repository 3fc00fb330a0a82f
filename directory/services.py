"""Writes of the resource directory: search index, translation review, verification, cache, emails."""

import datetime

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from moia.services import email_queue

from .models import RequiredDocument, Service, ServiceSearchDocument, ServiceTranslationReview, TaxonomyTerm

# PostgreSQL stems these languages; the others are indexed word for word ("simple").
TEXT_SEARCH_CONFIGS = {
    "en": "english",
    "es": "spanish",
    "pt-br": "portuguese",
    "fr": "french",
    "ru": "russian",
    "ar": "arabic",
}
CACHE_VERSION_KEY = "directory:cache-version"


def text_search_config(language: str) -> str:
    return TEXT_SEARCH_CONFIGS.get(language, "simple")


def field_suffix(language: str) -> str:
    """`pt-br` -> `pt_br`: the suffix django-modeltranslation gives localized columns."""
    return language.replace("-", "_")


# ------------------------------------------------------------------------------
# Public page cache
# ------------------------------------------------------------------------------
def directory_cache_invalidate() -> None:
    """Make every cached public directory page stale (called when staff change anything)."""
    try:
        cache.incr(CACHE_VERSION_KEY)
    except ValueError:
        cache.set(CACHE_VERSION_KEY, 2, None)


# ------------------------------------------------------------------------------
# Search index
# ------------------------------------------------------------------------------
def _localized(obj, field: str, language: str) -> str:
    return getattr(obj, f"{field}_{field_suffix(language)}", "") or ""


# PostgreSQL computes the vectors and the accent-free text itself, with each language's own
# configuration, so the query side (also unaccented) matches. Written in the INSERT, not in a
# later UPDATE, so a rebuild leaves no dead rows behind to slow searches until a vacuum.
_INSERT_SEARCH_DOCUMENTS = (
    "INSERT INTO directory_servicesearchdocument (service_id, language, config, title, document, vector) VALUES "
)
_SEARCH_DOCUMENT_VALUES = (
    "(%s, %s, %s, lower(directory_unaccent(%s)), lower(directory_unaccent(%s)),"
    " setweight(to_tsvector(%s::regconfig, directory_unaccent(%s)), 'A')"
    " || setweight(to_tsvector(%s::regconfig, directory_unaccent(%s)), 'B'))"
)


def _search_documents(service: Service, terms: list[TaxonomyTerm], documents: list[RequiredDocument]) -> list[dict]:
    """A service's search text: one document per language that has text of its own."""
    organization = service.organization
    rows = []
    for language in settings.LANGUAGE_CODES:
        title = _localized(service, "name", language)
        body = [_localized(service, field, language) for field in Service.ENGLISH_TRACKED_FIELDS[1:]]
        if not title and not any(body):
            continue  # no text in this language: residents see the English text, indexed under "en"
        parts = [
            title,
            service.alternate_name if language == "en" else "",
            _localized(organization, "name", language) or organization.name,
            organization.alternate_name,
            *(_localized(term, "name", language) for term in terms),
            *body,
            *(_localized(doc, "document", language) for doc in documents),
        ]
        rows.append(
            {
                "service_id": service.pk,
                "language": language,
                "config": text_search_config(language),
                "title": title[:255],
                "document": "\n".join(p for p in parts if p).lower(),
            }
        )
    return rows


def _search_documents_write(rows: list[dict]) -> None:
    if connection.vendor != "postgresql":
        ServiceSearchDocument.objects.bulk_create([ServiceSearchDocument(**row) for row in rows], batch_size=500)
        return
    # One multi-row INSERT per batch with positional values, not executemany(): pghistory prefixes
    # the statements of a request that writes with `%s` values of its own, one statement at a time.
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 500):
            batch = rows[start : start + 500]
            values = []
            for r in batch:
                values += [r["service_id"], r["language"], r["config"], r["title"], r["document"]]
                values += [r["config"], r["title"], r["config"], r["document"]]
            cursor.execute(_INSERT_SEARCH_DOCUMENTS + ", ".join([_SEARCH_DOCUMENT_VALUES] * len(batch)), values)


def service_search_index_update(*, service: Service) -> None:
    """Rebuild a service's search documents (after an edit)."""
    rows = _search_documents(
        service,
        list(TaxonomyTerm.objects.filter(services=service)),
        list(RequiredDocument.objects.filter(service=service)),
    )
    with transaction.atomic():
        ServiceSearchDocument.objects.filter(service=service).delete()
        _search_documents_write(rows)


def services_search_index_rebuild(*, queryset=None) -> int:
    """Rebuild the search documents of many services (after a bulk load). Returns how many.

    The documents are written language by language: a search reads one or two languages, and
    finding its rows together on disk (rather than one per page) makes it several times faster."""
    services = (queryset if queryset is not None else Service.objects.all()).select_related("organization")
    rows: list[dict] = []
    count = 0
    for service in services.prefetch_related("taxonomy_terms", "required_documents").iterator(chunk_size=500):
        rows += _search_documents(service, list(service.taxonomy_terms.all()), list(service.required_documents.all()))
        count += 1
    order = {code: position for position, code in enumerate(settings.LANGUAGE_CODES)}
    rows.sort(key=lambda row: (order[row["language"]], str(row["service_id"])))
    with transaction.atomic():
        ServiceSearchDocument.objects.filter(service__in=services.values("pk")).delete()
        _search_documents_write(rows)
    return count


# ------------------------------------------------------------------------------
# Translation review
# ------------------------------------------------------------------------------
def _has_text(service: Service, language: str) -> bool:
    return any(_localized(service, field, language) for field in Service.ENGLISH_TRACKED_FIELDS)


def service_translation_reviews_sync(*, service: Service) -> None:
    """Give each translated language a review row, and mark rows made from older English text out of date."""
    ServiceTranslationReview.objects.filter(service=service, source_version__lt=service.english_version).exclude(
        status=ServiceTranslationReview.Status.OUT_OF_DATE
    ).update(status=ServiceTranslationReview.Status.OUT_OF_DATE)
    existing = set(ServiceTranslationReview.objects.filter(service=service).values_list("language", flat=True))
    missing = [
        ServiceTranslationReview(
            service=service,
            language=language,
            status=ServiceTranslationReview.Status.MACHINE_DRAFT,
            source_version=service.english_version,
        )
        for language in settings.LANGUAGE_CODES
        if language != "en" and language not in existing and _has_text(service, language)
    ]
    ServiceTranslationReview.objects.bulk_create(missing)


def translation_reviews_mark_reviewed(*, reviews, by) -> int:
    """A person has checked these translations against the current English text. Returns how many."""
    count = 0
    for review in reviews.select_related("service"):
        review.status = ServiceTranslationReview.Status.REVIEWED
        review.source_version = review.service.english_version
        review.reviewed_by = by
        review.reviewed_at = timezone.now()
        review.save(update_fields=["status", "source_version", "reviewed_by", "reviewed_at", "updated_at"])
        count += 1
    directory_cache_invalidate()
    return count


def service_translation_set(
    *,
    service: Service,
    language: str,
    values: dict[str, str],
    status: str = ServiceTranslationReview.Status.MACHINE_DRAFT,
) -> Service:
    """Store a new translation of a service, made from its current English text."""
    suffix = field_suffix(language)
    for field, value in values.items():
        if field in Service.ENGLISH_TRACKED_FIELDS:
            setattr(service, f"{field}_{suffix}", value)
    service.save()
    ServiceTranslationReview.objects.update_or_create(
        service=service,
        language=language,
        defaults={"status": status, "source_version": service.english_version},
    )
    return service


# ------------------------------------------------------------------------------
# Verification and status
# ------------------------------------------------------------------------------
def services_mark_verified(*, services, by, on: datetime.date | None = None) -> int:
    """A person confirmed these listings are right today (HSDS assured_date and assurer)."""
    count = services.update(assured_date=on or timezone.localdate(), assurer=by)
    directory_cache_invalidate()
    return count


def services_deactivate(*, services) -> int:
    """Take listings off the public directory without deleting them."""
    count = services.update(status=Service.Status.INACTIVE)
    directory_cache_invalidate()
    return count


# ------------------------------------------------------------------------------
# "Email me this list"
# ------------------------------------------------------------------------------
def service_list_email(*, to: str, services: list[Service], language: str, list_url: str) -> None:
    """Send a resident the list they found, in their language; the address is used once and not kept."""
    with translation.override(language):
        context = {"services": services, "list_url": list_url}
        subject = _("Your list of services")
        body = render_to_string("directory/email/service_list.txt", context)
    email_queue(subject=str(subject), body=body, to=[to])
