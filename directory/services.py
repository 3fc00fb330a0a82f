"""Writes of the resource directory: search index, translation review, verification, cache, emails."""

import atexit
import collections
import datetime
import logging
import threading
import time
import uuid

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.utils import timezone
from modeltranslation.utils import build_localized_fieldname

from moia.services import email_send

from . import analysis
from .caching import directory_cache_invalidate
from .models import (
    RequiredDocument,
    SearchGap,
    SearchWord,
    Service,
    ServiceSearchDocument,
    ServiceTranslationReview,
    TaxonomyTerm,
)

logger = logging.getLogger(__name__)


# ------------------------------------------------------------------------------
# Search index
# ------------------------------------------------------------------------------
def _localized(obj, field: str, language: str) -> str:
    return getattr(obj, build_localized_fieldname(field, language), "") or ""


# Every document is stored as the words of directory/analysis.py (folded, Chinese cut into pairs),
# so the index and the query are analysed by the same code on every database. PostgreSQL then
# stems those words with each language's configuration. The service's name is weight A, its
# categories and organization B, the rest D: a match in the name or category ranks higher.
# Written in the INSERT, not in a later UPDATE, so a rebuild leaves no dead rows behind to slow
# searches until a vacuum.
_INSERT_SEARCH_DOCUMENTS = (
    "INSERT INTO directory_servicesearchdocument (service_id, language, config, title, document, vector) VALUES "
)
_SEARCH_DOCUMENT_VALUES = (
    "(%s, %s, %s, %s, %s, setweight(to_tsvector(%s::regconfig, %s), 'A')"
    " || setweight(to_tsvector(%s::regconfig, %s), 'B') || setweight(to_tsvector(%s::regconfig, %s), 'D'))"
)


def _search_documents(service: Service, terms: list[TaxonomyTerm], documents: list[RequiredDocument]) -> list[dict]:
    """A service's search text: one document per language that has text of its own.

    `document` holds three lines of analysed words: the name, the headings (categories and
    organization), the rest; the embedded mode ranks from them, the vocabulary is built from them."""
    organization = service.organization
    rows = []
    for language in settings.LANGUAGE_CODES:
        title = _localized(service, "name", language)
        body = [_localized(service, field, language) for field in Service.ENGLISH_TRACKED_FIELDS[1:]]
        if not title and not any(body):
            continue  # no text in this language: residents see the English text, indexed under "en"
        headings = [
            service.alternate_name if language == "en" else "",
            *(_localized(term, "name", language) for term in terms),
            _localized(organization, "name", language) or organization.name,
            organization.alternate_name,
        ]
        body += [_localized(doc, "document", language) for doc in documents]
        lines = [
            analysis.index_text(title),
            analysis.index_text(" ".join(headings)),
            analysis.index_text(" ".join(body)),
        ]
        rows.append(
            {
                "service_id": service.pk,
                "language": language,
                "config": analysis.text_search_config(language),
                "title": lines[0][:255],
                "document": "\n".join(lines),
            }
        )
    return rows


def _search_documents_write(rows: list[dict]) -> None:
    _search_words_add(rows)
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
                title, headings, body = analysis.document_lines(r["document"])
                values += [r["service_id"], r["language"], r["config"], r["title"], r["document"]]
                values += [r["config"], title, r["config"], headings, r["config"], body]
            cursor.execute(_INSERT_SEARCH_DOCUMENTS + ", ".join([_SEARCH_DOCUMENT_VALUES] * len(batch)), values)


def _search_words_add(rows: list[dict]) -> None:
    """Add the documents' words to the vocabulary typos are corrected against (language by language).

    Words are only added here; a full rebuild (`directory_reindex`) also drops the ones no listing uses."""
    found = {
        (row["language"], word)
        for row in rows
        for word in row["document"].split()
        if SearchWord.MIN_LENGTH <= len(word) <= SearchWord.MAX_LENGTH and not analysis.is_cjk(word)
    }
    SearchWord.objects.bulk_create(
        [SearchWord(language=language, word=word) for language, word in sorted(found)],
        batch_size=2000,
        ignore_conflicts=True,
    )
    # Searches keep the vocabulary per directory version (selectors.search_vocabulary): once these
    # words are committed, a new version makes every process read it again.
    transaction.on_commit(lambda: directory_cache_invalidate(services=[]))


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
        # A values("pk") queryset is a valid subquery for __in; django-stubs expects model instances or ids.
        ServiceSearchDocument.objects.filter(service__in=services.values("pk")).delete()  # type: ignore[misc]
        if queryset is None:
            SearchWord.objects.all().delete()
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
    count, reviewed = 0, set()
    for review in reviews.select_related("service"):
        review.status = ServiceTranslationReview.Status.REVIEWED
        review.source_version = review.service.english_version
        review.reviewed_by = by
        review.reviewed_at = timezone.now()
        review.save(update_fields=["status", "source_version", "reviewed_by", "reviewed_at", "updated_at"])
        reviewed.add((review.service.pk, review.service.slug))
        count += 1
    directory_cache_invalidate(services=reviewed)
    return count


def service_translation_set(
    *,
    service: Service,
    language: str,
    values: dict[str, str],
    status: str = ServiceTranslationReview.Status.MACHINE_DRAFT,
) -> Service:
    """Store a new translation of a service, made from its current English text."""
    for field, value in values.items():
        if field in Service.ENGLISH_TRACKED_FIELDS:
            setattr(service, build_localized_fieldname(field, language), value)
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
    changed = list(services.values_list("pk", "slug"))  # before the update: the filter may depend on it
    count = services.update(assured_date=on or timezone.localdate(), assurer=by)
    directory_cache_invalidate(services=_with_organizations(changed))
    return count


def services_deactivate(*, services) -> int:
    """Take listings off the public directory without deleting them."""
    changed = list(services.values_list("pk", "slug"))  # before the update: the filter may depend on it
    count = services.update(status=Service.Status.INACTIVE)
    directory_cache_invalidate(services=_with_organizations(changed))
    return count


def _with_organizations(changed: list[tuple[uuid.UUID, str]]) -> list[tuple[uuid.UUID, str]]:
    # A service's page lists its organization's other services: theirs change with it.
    organizations = Service.objects.filter(pk__in=[pk for pk, _slug in changed]).values("organization_id")
    return [*changed, *Service.objects.filter(organization_id__in=organizations).values_list("pk", "slug")]


# ------------------------------------------------------------------------------
# "Email me this list"
# ------------------------------------------------------------------------------
def service_list_email(*, to: str, services: list[Service], language: str, list_url: str) -> None:
    """Send a resident the list they found, in their language; the address is used once and not kept."""
    email_send(
        template="directory/email/service_list",
        context={"services": services, "list_url": list_url},
        to=[to],
        language=language,
    )


# ------------------------------------------------------------------------------
# Search gaps
# ------------------------------------------------------------------------------
SEARCH_GAP_DAYS_KEPT = 30
_SEARCH_COUNT = (
    "INSERT INTO directory_searchgap (day, language, query, count, shown, opened) VALUES {rows}"
    " ON CONFLICT (day, language, query) DO UPDATE SET count = directory_searchgap.count + excluded.count,"
    " shown = directory_searchgap.shown + excluded.shown, opened = directory_searchgap.opened + excluded.opened"
)


class _SearchCounts:
    """Search counts kept in this process and written in one statement every few seconds.

    Counting every search (not only those that found nothing) in its own committed statement
    cost 2-4 ms a search on PostgreSQL, as much as serving the cached page; these are
    statistics, so a worker that dies loses at most its last few seconds of counts. Each
    process adds its own counts to the rows (an upsert), so several workers never overwrite
    each other. SEARCH_COUNT_FLUSH_SECONDS = 0 writes at once (tests, embedded mode)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.pending: collections.Counter = collections.Counter()
        self.written_at = time.monotonic()

    def add(self, key: tuple, column: int) -> None:
        with self.lock:
            self.pending[(*key, column)] += 1
            due = time.monotonic() - self.written_at >= settings.SEARCH_COUNT_FLUSH_SECONDS
        if due:
            self.flush()

    def flush(self) -> None:
        with self.lock:
            pending, self.pending = self.pending, collections.Counter()
            self.written_at = time.monotonic()
        rows: dict[tuple, list[int]] = collections.defaultdict(lambda: [0, 0, 0])
        for (day, language, query, column), n in pending.items():
            rows[(day, language, query)][column] += n
        if not rows:
            return
        values = [value for key, counts in sorted(rows.items()) for value in (*key, *counts)]
        statement = _SEARCH_COUNT.format(rows=", ".join(["(%s, %s, %s, %s, %s, %s)"] * len(rows)))
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                if connection.vendor == "postgresql":
                    cursor.execute("SET LOCAL synchronous_commit TO OFF")  # statistics: no wait for the disk
                cursor.execute(statement, values)
        except DatabaseError:
            # A resident's search page never fails because a statistic could not be written.
            logger.warning("search counts not written", extra={"rows": len(rows)}, exc_info=True)


search_counts = _SearchCounts()
atexit.register(search_counts.flush)
_FOUND_NOTHING, _SHOWN, _OPENED = 0, 1, 2


def search_record(*, query: str, language: str, found: bool) -> None:
    """Count one search: its normalised words, the day and the language only (no address,
    session, account or time of day), and whether it found anything."""
    query = query[:200]
    if query:
        search_counts.add((timezone.localdate(), language, query), _SHOWN if found else _FOUND_NOTHING)


def search_result_opened(*, query: str, language: str) -> None:
    """Count one result opened from a search. A query nobody searched for gets a row with only
    an "opened" count, which no list shows: an anonymous caller cannot plant words for editors."""
    query = query[:200]
    if query:
        search_counts.add((timezone.localdate(), language, query), _OPENED)


def search_gaps_purge(*, today: datetime.date | None = None) -> int:
    """Delete the counts older than 30 days. Returns how many rows were deleted."""
    cutoff = (today or timezone.localdate()) - datetime.timedelta(days=SEARCH_GAP_DAYS_KEPT)
    deleted, _by_model = SearchGap.objects.filter(day__lt=cutoff).delete()
    return deleted
