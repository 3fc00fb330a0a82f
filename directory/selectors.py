"""Reads of the resource directory: who sees which services, search, filters, home section."""

import datetime
import re
import unicodedata
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.postgres.search import TrigramWordSimilarity
from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    F,
    FloatField,
    Func,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Lower, NullIf
from django.utils import timezone
from django.utils.translation import get_language_info

from .models import (
    Language,
    Neighborhood,
    Phone,
    Service,
    ServiceAtLocation,
    ServiceSearchDocument,
    ServiceTranslationReview,
    TaxonomyTerm,
)
from .services import field_suffix, text_search_config

MAX_QUERY_LENGTH = 200
MAX_QUERY_WORDS = 12
# Han, Hiragana/Katakana and Hangul: PostgreSQL's parser does not split these into words.
CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
CJK_LANGUAGES = ["zh-hans", "zh-hant"]
WORD = re.compile(r"[^\W_]+")
CONTROL = re.compile(r"[\x00-\x1f\x7f]")


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
class _Unaccent(Func):
    function = "unaccent"
    output_field = TextField()


class _ToTsQuery(Func):
    # to_tsquery(config::regconfig, text): each document row carries its own language's configuration.
    template = "to_tsquery(%(expressions)s)"
    arg_joiner = "::regconfig, "
    output_field = TextField()


class _Matches(Func):
    template = "(%(expressions)s)"
    arg_joiner = " @@ "
    output_field = BooleanField()


class _Rank(Func):
    function = "ts_rank"
    output_field = FloatField()


def _search_languages(language: str) -> list[str]:
    return list(dict.fromkeys([language, settings.LANGUAGE_CODE]))


def _postgres_matches(query: str, words: list[str], language: str, languages: list[str] | None):
    raw = " & ".join(f"{word}:*" for word in words)
    needle = _Unaccent(Lower(Value(query)))
    configs = {text_search_config(code) for code in (languages or settings.LANGUAGE_CODES)}
    # One branch per configuration with a constant tsquery, so each can use the GIN index
    # (a tsquery built from the row's own config column could not).
    match = Q(title__trigram_word_similar=needle)
    for config in sorted(configs):
        match |= Q(config=config) & Q(_Matches(F("vector"), _ToTsQuery(Value(config), _Unaccent(Value(raw)))))
    if CJK.search(query):
        # `simple` does not split Chinese into words: a substring match finds 律师 inside a sentence.
        # Only Chinese text can contain it, so only the Chinese documents are scanned.
        match |= Q(language__in=CJK_LANGUAGES, document__contains=query.lower())
    documents = ServiceSearchDocument.objects.filter(match)
    if languages:
        documents = documents.filter(language__in=languages)
    weight = Case(
        When(language=language, then=Value(1.0)),
        When(language=settings.LANGUAGE_CODE, then=Value(0.9)),
        default=Value(0.7),
        output_field=FloatField(),
    )
    tsquery = _ToTsQuery(F("config"), _Unaccent(Value(raw)))
    score = (_Rank(F("vector"), tsquery) * Value(2.0) + TrigramWordSimilarity(needle, "title")) * weight
    ranks = documents.filter(service=OuterRef("pk")).annotate(score=score).order_by("-score").values("score")[:1]
    return documents.values("service_id"), Subquery(ranks, output_field=FloatField())


def _simple_matches(query: str, words: list[str], languages: list[str] | None):
    documents = ServiceSearchDocument.objects.all()
    for word in words:
        documents = documents.filter(document__contains=word.lower())
    if languages:
        documents = documents.filter(language__in=languages)
    return documents.values("service_id"), None


def service_search(*, services: QuerySet[Service], query: str, language: str) -> QuerySet[Service]:
    """Services matching the query, best first: the page's language and English, else every language."""
    query = clean_text(query)
    words = WORD.findall(query)[:MAX_QUERY_WORDS]
    if not words:
        return services
    on_postgres = connection.vendor == "postgresql"
    result = services
    for languages in (_search_languages(language), None):
        if on_postgres:
            ids, rank = _postgres_matches(query, words, language, languages)
        else:
            ids, rank = _simple_matches(query, words, languages)
        result = services.filter(pk__in=ids)
        if rank is not None:
            result = result.annotate(search_rank=rank).order_by("-search_rank", "pk")
        if languages is None or result.exists():
            break
    return result


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
    return Coalesce(NullIf(F(f"name_{field_suffix(language)}"), Value("")), F("name_en"))


def service_list(*, user, filters: ServiceFilters, language: str) -> QuerySet[Service]:
    """The services a resident is looking for, with what a result card shows, in a fixed number of queries."""
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
    services = services.order_by(localized_name_order(language), "pk")
    if filters.query:
        services = service_search(services=services, query=filters.query, language=language)
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


def service_detail(*, user, slug: str) -> Service | None:
    """One service with everything its page shows, or None."""
    return (
        services_for(user)
        .select_related("organization", "assurer")
        .prefetch_related(
            "phones",
            "schedules",
            "languages",
            "required_documents",
            Prefetch("taxonomy_terms", queryset=TaxonomyTerm.objects.order_by("order")),
            Prefetch(
                "service_at_locations",
                queryset=ServiceAtLocation.objects.select_related("location__neighborhood"),
            ),
        )
        .filter(slug=slug)
        .first()
    )


def organization_other_services(*, service: Service, limit: int = 10) -> list[Service]:
    return list(
        Service.objects.filter(organization_id=service.organization_id, status=Service.Status.ACTIVE)
        .exclude(pk=service.pk)
        .only("slug", *(f"name_{field_suffix(code)}" for code in settings.LANGUAGE_CODES), "name")
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


def filter_choices() -> dict:
    """Options of the filter form (two queries, whatever the number of services)."""
    return {
        "categories": list(TaxonomyTerm.objects.order_by("order", "code")),
        "neighborhoods": list(Neighborhood.objects.all()),
    }


def language_choices() -> list[tuple[str, str]]:
    """Languages a resident can ask for, each named in its own script."""
    return [(code, get_language_info(code)["name_local"]) for code in settings.LANGUAGE_CODES]


def home_section() -> dict | None:
    """The home page's shortcuts to the most-used categories."""
    categories = [c for c in categories_with_counts().order_by("-service_count", "order")[:8] if c.service_count]
    if not categories:
        return None
    return {"template": "directory/_home_section.html", "context": {"categories": categories}}
