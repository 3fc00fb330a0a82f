"""Reads of the resource directory: who sees which services, search, filters, home section."""

import datetime
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.cache import cache
from django.db import connection
from django.db.models import (
    Count,
    Exists,
    F,
    Func,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    UUIDField,
    Value,
)
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language_info
from modeltranslation.translator import translator

from .models import (
    Language,
    Location,
    Neighborhood,
    Organization,
    Phone,
    RequiredDocument,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceSearchDocument,
    ServiceTranslationReview,
    TaxonomyTerm,
    name_in_language,
)
from .services import CACHE_VERSION_KEY, field_suffix, text_search_config

MAX_QUERY_LENGTH = 200
MAX_QUERY_WORDS = 12
# Han, Hiragana/Katakana and Hangul: PostgreSQL's parser does not split these into words.
CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
CJK_LANGUAGES = ["zh-hans", "zh-hant"]
WORD = re.compile(r"[^\W_]+")
CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def directory_cache_version() -> int:
    """The number in every cached directory page, card and export's key; staff edits increase it."""
    return cache.get_or_set(CACHE_VERSION_KEY, 1, None)


def cached_for_version(key: str) -> tuple[int, Any]:
    """The directory's current version, and what is cached under `key` for that version (None if
    nothing is, or it was built before the last staff edit). One round trip to the cache: for a
    cached page or API answer, that read is most of what serving it costs."""
    found = cache.get_many([CACHE_VERSION_KEY, key])
    version = found.get(CACHE_VERSION_KEY) or directory_cache_version()
    entry = found.get(key)
    return version, entry[1] if entry is not None and entry[0] == version else None


def cache_for_version(key: str, version: int, value: Any, seconds: int) -> None:
    """Keep `value` under `key`, valid until the directory's version moves past `version`."""
    cache.set(key, (version, value), seconds)


def services_for(user) -> QuerySet[Service]:
    """Directory editors see every service; everyone else sees the active ones."""
    if user is not None and user.is_authenticated and user.has_perm("directory.view_service"):
        return Service.objects.all()
    return Service.objects.filter(status=Service.Status.ACTIVE)


def services_needing_verification(*, today: datetime.date | None = None) -> QuerySet[Service]:
    """Services never verified, or last verified more than 12 months ago."""
    today = today or timezone.localdate()
    try:
        cutoff = today.replace(year=today.year - 1)
    except ValueError:  # 29 February
        cutoff = today.replace(year=today.year - 1, day=28)
    return Service.objects.filter(Q(assured_date__isnull=True) | Q(assured_date__lt=cutoff))


def clean_text(value: str, *, limit: int = MAX_QUERY_LENGTH) -> str:
    """What a resident typed, made safe to search: no control characters, bounded length, NFC."""
    value = CONTROL.sub(" ", unicodedata.normalize("NFC", value or ""))
    return " ".join(value.split())[:limit]


# ------------------------------------------------------------------------------
# Search
# ------------------------------------------------------------------------------
def _search_languages(language: str) -> list[str]:
    return list(dict.fromkeys([language, settings.LANGUAGE_CODE]))


# Each score is weighted by the document's language: the page's language first, then English,
# then the rest (the all-languages fallback).
_FULL_TEXT = (
    "SELECT d.service_id, ts_rank(d.vector, to_tsquery(%(config_{i})s, directory_unaccent(%(tsquery)s)))"
    " * CASE d.language WHEN %(language)s THEN 1.0 WHEN %(english)s THEN 0.9 ELSE 0.7 END AS score"
    " FROM directory_servicesearchdocument d"
    " WHERE d.config = %(config_{i})s AND d.language = ANY(%(languages)s)"
    " AND d.vector @@ to_tsquery(%(config_{i})s, directory_unaccent(%(tsquery)s))"
)
_CHINESE_SUBSTRING = (
    "SELECT d.service_id, CASE WHEN d.title LIKE %(substring)s THEN 1.0 ELSE 0.5 END"
    " * CASE d.language WHEN %(language)s THEN 1.0 WHEN %(english)s THEN 0.9 ELSE 0.7 END AS score"
    " FROM directory_servicesearchdocument d"
    " WHERE d.language = ANY(%(chinese)s) AND d.document LIKE %(substring)s"
)
_TITLE_TRIGRAMS = (
    "SELECT d.service_id, word_similarity(n.needle, d.title)"
    " * CASE d.language WHEN %(language)s THEN 1.0 WHEN %(english)s THEN 0.9 ELSE 0.7 END AS score"
    " FROM directory_servicesearchdocument d, n"
    " WHERE d.title %%> n.needle AND d.language = ANY(%(languages)s)"
)
_RANKED = (
    "WITH n AS (SELECT directory_unaccent(lower(%(query)s)) AS needle)"
    " SELECT m.service_id, max(m.score) AS score FROM ({matches}) m WHERE m.service_id IN ({services})"
    " GROUP BY m.service_id ORDER BY score DESC, m.service_id"
)


def _postgres_ranked(query: str, words: list[str], language: str, languages: list[str] | None, services) -> list[tuple]:
    """(service id, score), best first: full text in each language's own configuration, plus a
    substring match for Chinese; title trigrams (typos) only when that finds nothing.

    Written in SQL because its shape is what makes it fast: each configuration's tsquery is built
    once and matched as `config = X AND vector @@ query`, which the GIN index answers; the ranking
    runs only over matching rows, grouped per service, so pagination needs no second COUNT query.
    The statements are assembled from the constant fragments above; every value is a parameter."""
    codes = languages or list(settings.LANGUAGE_CODES)
    configs = sorted({text_search_config(code) for code in codes})
    services_sql, services_params = services.order_by().values("pk").query.sql_with_params()
    params = {
        "query": query,
        "tsquery": " & ".join(f"{word}:*" for word in words),
        "language": language,
        "english": settings.LANGUAGE_CODE,
        "languages": codes,
        **{f"config_{i}": config for i, config in enumerate(configs)},
    }
    matches = " UNION ALL ".join(_FULL_TEXT.format(i=i) for i in range(len(configs)))
    chinese = [code for code in codes if code in CJK_LANGUAGES]
    if CJK.search(query) and chinese:
        # `simple` does not split Chinese into words: a substring finds 律师 inside a sentence
        # (the trigram index answers LIKE). Only Chinese text can contain it.
        matches += " UNION ALL " + _CHINESE_SUBSTRING
        params |= {"chinese": chinese, "substring": f"%{_like_escape(query.lower())}%"}
    found = _ranked_rows(matches, params, services_sql, services_params)
    if found:
        return found
    # Nothing in the dictionary: a typo ("citizenshp") still resembles a service's name.
    return _ranked_rows(_TITLE_TRIGRAMS, params, services_sql, services_params)


def _ranked_rows(matches: str, params: dict, services_sql: str, services_params: tuple) -> list[tuple]:
    sql, values = _positional(_RANKED.format(matches=matches, services=services_sql), params, services_params)
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        return cursor.fetchall()


_PLACEHOLDER = re.compile(r"%(%|s|\((\w+)\)s)")


def _positional(sql: str, named: dict, positional: tuple) -> tuple[str, list]:
    """The statement with `%s` placeholders only, and its values in order.

    The fragments above name their values; the ORM's services subquery uses `%s`. Drivers refuse a
    mix, and pghistory prefixes the statements of a request that writes with `%s` ones of its own."""
    values: list = []
    remaining = iter(positional)

    def replace(match: re.Match) -> str:
        if match[1] == "%":
            return "%%"
        values.append(named[match[2]] if match[2] else next(remaining))
        return "%s"

    return _PLACEHOLDER.sub(replace, sql), values


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _simple_matches(words: list[str], languages: list[str] | None):
    documents = ServiceSearchDocument.objects.all()
    for word in words:
        documents = documents.filter(document__contains=word.lower())
    if languages:
        documents = documents.filter(language__in=languages)
    return documents.values("service_id")


def service_search_ranking(*, services: QuerySet[Service], query: str, language: str) -> list[tuple] | None:
    """(service id, score) of the services matching the query, best first; None when the query has no
    words to search for. The page's language and English are searched first, every language if they
    find nothing. On SQLite (the embedded default) a plain substring match, in the list's order."""
    query = clean_text(query)
    words = WORD.findall(query)[:MAX_QUERY_WORDS]
    if not words:
        return None
    for languages in (_search_languages(language), None):
        if connection.vendor == "postgresql":
            ranked = _postgres_ranked(query, words, language, languages, services)
        else:
            matching = services.filter(pk__in=_simple_matches(words, languages)).values_list("pk", flat=True)
            ranked = [(pk, None) for pk in matching]
        if ranked:
            return ranked
    return []


def service_search(*, services: QuerySet[Service], query: str, language: str) -> QuerySet[Service]:
    """The services matching the query as a queryset, best first (for callers that filter further)."""
    ranking = service_search_ranking(services=services, query=query, language=language)
    if ranking is None:
        return services
    ids = [pk for pk, _score in ranking]
    found = services.filter(pk__in=ids)
    if connection.vendor != "postgresql":
        return found
    position = Func(Value(ids, output_field=ArrayField(UUIDField())), F("pk"), function="array_position")
    return found.order_by(position)


class RankedServices(Sequence):
    """Search results in rank order, fetched a page at a time.

    The ranking (ids only) is computed once; the Paginator counts it with len() and slices it, and
    only the services of the page shown are loaded, with what their cards need."""

    def __init__(self, ranking: list[tuple], queryset: QuerySet[Service]):
        self.ids = [pk for pk, _score in ranking]
        self._queryset = queryset.order_by()

    def __len__(self) -> int:
        return len(self.ids)

    def __getitem__(self, index):
        ids = self.ids[index] if isinstance(index, slice) else [self.ids[index]]
        found = {service.pk: service for service in self._queryset.filter(pk__in=ids)} if ids else {}
        services = [found[pk] for pk in ids if pk in found]
        return services if isinstance(index, slice) else services[0]


# ------------------------------------------------------------------------------
# Lists and pages
# ------------------------------------------------------------------------------
@dataclass
class ServiceFilters:
    """The filters a resident chose; unknown values are simply absent."""

    query: str = ""
    categories: list[str] = field(default_factory=list)
    neighborhood: str = ""
    language: str = ""
    is_free: bool = False
    no_id_required: bool = False
    regardless_of_status: bool = False
    walk_in: bool = False
    by_phone: bool = False
    online: bool = False

    FLAGS = ("is_free", "no_id_required", "regardless_of_status", "walk_in", "by_phone", "online")

    def any_filter(self) -> bool:
        return bool(self.categories or self.neighborhood or self.language or any(getattr(self, f) for f in self.FLAGS))


def localized_name_order(language: str):
    return name_in_language(field_suffix(language))


def _filtered_services(*, user, filters: ServiceFilters, language: str) -> QuerySet[Service]:
    services = services_for(user)
    if filters.categories:
        services = services.filter(
            Exists(
                Service.taxonomy_terms.through.objects.filter(
                    service_id=OuterRef("pk"), taxonomyterm__code__in=filters.categories
                )
            )
        )
    if filters.neighborhood:
        services = services.filter(
            Exists(
                ServiceAtLocation.objects.filter(
                    service_id=OuterRef("pk"), location__neighborhood__slug=filters.neighborhood
                )
            )
        )
    if filters.language:
        services = services.filter(Exists(Language.objects.filter(service_id=OuterRef("pk"), code=filters.language)))
    for flag in ServiceFilters.FLAGS:
        if getattr(filters, flag):
            services = services.filter(**{flag: True})
    return services.order_by(localized_name_order(language), "pk")


def service_list(*, user, filters: ServiceFilters, language: str) -> "QuerySet[Service] | RankedServices":
    """The services a resident is looking for, with what the printed list and the email show, in a
    fixed number of queries: a queryset in name order, or, for a search, the ranked results."""
    services = _filtered_services(user=user, filters=filters, language=language)
    ranking = service_search_ranking(services=services, query=filters.query, language=language)
    services = with_card_details(services, language=language)
    return services if ranking is None else RankedServices(ranking, services)


def service_ids(*, user, filters: ServiceFilters, language: str) -> "Sequence":
    """The ids of the services a resident is looking for, in display order, to paginate: a list page
    needs no more, its cards come from directory/cards.py (mostly from the cache)."""
    services = _filtered_services(user=user, filters=filters, language=language)
    ranking = service_search_ranking(services=services, query=filters.query, language=language)
    if ranking is None:
        return services.values_list("pk", flat=True)
    return [pk for pk, _score in ranking]


CARD_FLAGS = (*ServiceFilters.FLAGS, "free_interpretation", "confidential", "is_demo")


def service_cards(ids: list, *, language: str) -> list[dict]:
    """What the result cards of these services show, in this order, as plain values.

    One query (two on SQLite) and no model objects: building a hundred model instances with their
    translated fields cost more than the queries themselves. Empty translations fall back to
    English, as django-modeltranslation does on the models."""
    own, english = field_suffix(language), field_suffix(settings.LANGUAGE_CODE)
    localized = [f"{field}_{suffix}" for field in ("name", "description") for suffix in {own, english}]
    organization = [f"organization__name_{suffix}" for suffix in {own, english}]
    if connection.vendor == "postgresql":
        rows = _card_rows_postgres(ids, own, english)
    else:
        fields = ("pk", "slug", *CARD_FLAGS, *localized, *organization)
        rows = {row["pk"]: row | {"neighborhoods": []} for row in Service.objects.filter(pk__in=ids).values(*fields)}
        for service_id, place in ServiceAtLocation.objects.filter(
            service_id__in=ids, location__neighborhood__isnull=False
        ).values_list("service_id", "location__neighborhood__name"):
            rows[service_id]["neighborhoods"].append(place)
    # One reverse() for all cards: only the slug differs between their URLs.
    url = reverse("directory:detail", kwargs={"slug": "-slug-"})
    return [
        {
            "pk": pk,
            "url": url.replace("-slug-", row["slug"]),
            "name": row[f"name_{own}"] or row[f"name_{english}"],
            "description": row[f"description_{own}"] or row[f"description_{english}"],
            "organization_name": row[f"organization__name_{own}"] or row[f"organization__name_{english}"],
            "neighborhoods": row["neighborhoods"],
            **{flag: row[flag] for flag in CARD_FLAGS},
        }
        for pk in ids
        if (row := rows.get(pk))
    ]


# A card's row with its neighbourhoods, in one statement. Written in SQL because compiling the
# equivalent queryset (translated columns, a join, an array subquery) took as long as running it,
# on every page with cards to build. {own} and {english} are column suffixes of the portal's
# languages (checked against settings.LANGUAGE_CODES), never request input.
_CARD_ROWS = (
    "SELECT s.id, s.slug, {flags},"
    " s.name_{own}, s.name_{english}, s.description_{own}, s.description_{english},"
    " o.name_{own}, o.name_{english},"
    " ARRAY(SELECT n.name FROM directory_serviceatlocation sal"
    " JOIN directory_location l ON l.id = sal.location_id"
    " JOIN directory_neighborhood n ON n.id = l.neighborhood_id"
    " WHERE sal.service_id = s.id ORDER BY sal.id)"
    " FROM directory_service s JOIN directory_organization o ON o.id = s.organization_id"
    " WHERE s.id = ANY(%s)"
)


def _card_rows_postgres(ids: list, own: str, english: str) -> dict:
    suffixes = {field_suffix(code) for code in settings.LANGUAGE_CODES}
    if own not in suffixes or english not in suffixes:
        raise ValueError(f"not a portal language: {own!r}")
    names = ["pk", "slug", *CARD_FLAGS, f"name_{own}", f"name_{english}", f"description_{own}"]
    names += [f"description_{english}", f"organization__name_{own}", f"organization__name_{english}", "neighborhoods"]
    with connection.cursor() as cursor:
        flags = ", ".join(f"s.{flag}" for flag in CARD_FLAGS)
        cursor.execute(_CARD_ROWS.format(flags=flags, own=own, english=english), [list(ids)])
        # Where the page language is English both suffixes are "en": the dict keeps one of each.
        return {row[0]: dict(zip(names, row, strict=True)) for row in cursor.fetchall()}


def with_card_details(services: QuerySet[Service], *, language: str) -> QuerySet[Service]:
    """Services with what the printed list and the email show (four queries)."""
    return (
        services.select_related("organization")
        .only(*_list_fields(language))
        .prefetch_related(
            Prefetch("taxonomy_terms", queryset=TaxonomyTerm.objects.order_by("order")),
            Prefetch("phones", queryset=Phone.objects.order_by("order", "number")),
            Prefetch(
                "service_at_locations",
                queryset=ServiceAtLocation.objects.select_related("location__neighborhood"),
            ),
        )
    )


def _list_fields(language: str) -> list[str]:
    """Only what a result card, the printed list and the email show: rows stay narrow to sort and send."""
    localized = {field_suffix(language), field_suffix(settings.LANGUAGE_CODE)}
    return [
        "slug",
        "status",
        "organization_id",
        *ServiceFilters.FLAGS,
        "free_interpretation",
        "confidential",
        "is_demo",
        *(f"{field}_{suffix}" for field in ("name", "description") for suffix in localized),
        *(f"organization__name_{suffix}" for suffix in localized),
        "organization__slug",
    ]


def unshown_translations(model, language: str, prefix: str = "") -> list[str]:
    """The columns of `model` that hold languages a page in `language` never shows: neither its
    own nor English, the fallback. A service's page loads seven models in twelve languages; leaving
    the other ten unloaded means the ORM compiles and reads a fifth of the columns, which was most
    of what building the page cost."""
    if model not in translator.get_registered_models():
        return []
    shown = {field_suffix(language), field_suffix(settings.LANGUAGE_CODE)}
    return [
        f"{prefix}{name}_{suffix}"
        for name in translator.get_options_for_model(model).get_field_names()
        for suffix in (field_suffix(code) for code in settings.LANGUAGE_CODES)
        if suffix not in shown
    ]


def service_detail(*, user, slug: str, language: str | None = None) -> Service | None:
    """One service with everything its page shows, or None; only the page's languages are loaded
    when `language` is given (the page in that language, with English as the fallback)."""

    def shown(queryset: QuerySet, *related: tuple[type, str]) -> QuerySet:
        """The queryset without the columns of unshown languages, its own and its joined models'."""
        if language is None:
            return queryset
        models = [(queryset.model, ""), *related]
        return queryset.defer(*(f for model, prefix in models for f in unshown_translations(model, language, prefix)))

    return (
        shown(services_for(user).select_related("organization", "assurer"), (Organization, "organization__"))
        .prefetch_related(
            Prefetch("phones", queryset=shown(Phone.objects.all())),
            Prefetch("schedules", queryset=shown(Schedule.objects.all())),
            "languages",
            Prefetch("required_documents", queryset=shown(RequiredDocument.objects.all())),
            Prefetch("taxonomy_terms", queryset=shown(TaxonomyTerm.objects.order_by("order"))),
            Prefetch(
                "service_at_locations",
                queryset=shown(
                    ServiceAtLocation.objects.select_related("location__neighborhood"), (Location, "location__")
                ),
            ),
        )
        .filter(slug=slug)
        .first()
    )


def organization_other_services(*, service: Service, limit: int = 10, language: str | None = None) -> list[Service]:
    codes = [language, settings.LANGUAGE_CODE] if language else settings.LANGUAGE_CODES
    return list(
        Service.objects.filter(organization_id=service.organization_id, status=Service.Status.ACTIVE)
        .exclude(pk=service.pk)
        .only("slug", *{f"name_{field_suffix(code)}" for code in codes}, "name")
        .order_by("name_en")[:limit]
    )


def translation_review_for(*, service: Service, language: str) -> ServiceTranslationReview | None:
    if language == settings.LANGUAGE_CODE:
        return None
    return ServiceTranslationReview.objects.filter(service=service, language=language).first()


def categories_with_counts() -> QuerySet[TaxonomyTerm]:
    """Categories with how many active services each has."""
    return TaxonomyTerm.objects.annotate(
        service_count=Count("services", filter=Q(services__status=Service.Status.ACTIVE), distinct=True)
    ).order_by("order", "code")


def filter_choices(*, version: int | None = None) -> dict:
    """Options of the filter form: two queries, then from the cache until staff change the directory."""
    key = f"directory:filter-choices:{version or directory_cache_version()}"
    return cache.get_or_set(
        key,
        lambda: {
            "categories": list(TaxonomyTerm.objects.order_by("order", "code")),
            "neighborhoods": list(Neighborhood.objects.all()),
        },
        settings.DIRECTORY_FRAGMENT_CACHE_SECONDS,
    )


def filter_codes(*, version: int | None = None) -> dict[str, set[str]]:
    """The category codes and neighbourhood slugs a query string may name (to validate filters)
    without loading the options themselves, which only the (cached) filter form shows."""

    def codes() -> dict[str, set[str]]:
        choices = filter_choices(version=version)
        return {
            "categories": {term.code for term in choices["categories"]},
            "neighborhoods": {place.slug for place in choices["neighborhoods"]},
        }

    key = f"directory:filter-codes:{version or directory_cache_version()}"
    return cache.get_or_set(key, codes, settings.DIRECTORY_FRAGMENT_CACHE_SECONDS)


def language_choices() -> list[tuple[str, str]]:
    """Languages a resident can ask for, each named in its own script."""
    return [(code, get_language_info(code)["name_local"]) for code in settings.LANGUAGE_CODES]


def home_section() -> dict | None:
    """The home page's shortcuts to the most-used categories."""
    categories = [c for c in categories_with_counts().order_by("-service_count", "order")[:8] if c.service_count]
    if not categories:
        return None
    return {"template": "directory/_home_section.html", "context": {"categories": categories}}
