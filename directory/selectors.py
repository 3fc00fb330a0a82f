"""Reads of the resource directory: who sees which services, search, filters, home section."""

import bisect
import datetime
import difflib
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import connection
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    Func,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Sum,
    UUIDField,
    Value,
    When,
)
from django.urls import reverse
from django.utils import timezone
from modeltranslation.translator import translator
from modeltranslation.utils import build_localized_fieldname

from moia.db import prepared_cursor
from moia.languages import language_name, own_script_name, per_language

from . import analysis, flags
from .caching import versioned
from .models import (
    Language,
    Location,
    Neighborhood,
    Organization,
    Phone,
    RequiredDocument,
    Schedule,
    SearchConcept,
    SearchGap,
    SearchWord,
    Service,
    ServiceAtLocation,
    ServiceSearchDocument,
    ServiceTranslationReview,
    TaxonomyTerm,
    name_in_language,
)

MAX_QUERY_LENGTH = 200
MAX_QUERY_WORDS = 12
CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def services_for(user) -> QuerySet[Service]:
    """Directory editors see every service; everyone else sees the active ones."""
    if user is not None and user.is_authenticated and user.has_perm("directory.view_service"):
        return Service.objects.all()
    return Service.objects.filter(status=Service.Status.ACTIVE)


def organizations_published() -> QuerySet[Organization]:
    """The organizations open data may name: those a directory editor listed, and those a service,
    location or phone of the directory points to (those are published and name their organization).
    An organization created only to apply for a grant is in neither and stays out."""
    linked = Q()
    for model in (Service, Location, Phone):
        # Q | Exists is a Q at runtime (Q._combine wraps a conditional expression); django-stubs says Combinable.
        linked |= Exists(model.objects.filter(organization_id=OuterRef("pk")))  # type: ignore[assignment]
    return Organization.objects.filter(Q(is_listed=True) | linked)


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
# How a match is scored, on PostgreSQL and in the embedded mode alike. Coverage dominates: a
# service that matches every part of the query comes before one that matches most, before one
# that matches one. Then a match in the name or a category, the query's words side by side, how
# often they occur (PostgreSQL only), and the page's language before English.
SCORE_COVERAGE = 100.0
SCORE_HEADING = 20.0
SCORE_PHRASE = 10.0
SCORE_DENSITY = 5.0
SCORE_PAGE_LANGUAGE = 3.0
SCORE_ENGLISH = 2.0
# A word of 3 letters or more also finds the longer words it begins (`citizen` finds `citizenship`).
PREFIX_LENGTH = 3
# Languages PostgreSQL does not stem: a word of 6 letters or more also counts from its first
# letters, so `qareenka` (the lawyer) finds `qareen`, `caawinta` finds `caawin`.
LOOSE_LENGTH = 6
_SAFE_WORD = re.compile(rf"[^\W_]+|[{analysis.CJK_CHARACTER}]+")


@dataclass(frozen=True)
class SearchGroup:
    """One thing the resident asked for, and what counts as finding it: the word itself, or a
    phrase of a concept with the concept's other words and phrases (each a sequence of words)."""

    alternatives: tuple[tuple[str, ...], ...]


@dataclass
class SearchQuery:
    """A resident's query, analysed: the groups to match, and how it was corrected."""

    typed: str
    groups: list[SearchGroup]
    # The analysed words searched for, in order (after corrections), for the phrase match.
    words: list[str]
    # What the corrected query reads as ("Showing results for …"), or "" if nothing was corrected.
    corrected: str = ""
    # The typed query's meaningful words, folded: how search gaps are counted.
    normalized: str = ""


@dataclass
class SearchResult:
    ranking: list[tuple]
    query: SearchQuery | None


def _search_languages(language: str) -> list[str]:
    return list(dict.fromkeys([language, settings.LANGUAGE_CODE]))


def search_concepts(*, version: int | None = None) -> dict:
    """The editors' concepts as analysed phrases: {"phrases": {language: {phrase: concept id}},
    "terms": {concept id: {language: [phrase, …]}}}. Cached until the next staff edit (saving a
    concept is one), so an editor's change applies to the next search."""

    def build() -> dict:
        phrases: dict[str, dict[tuple, int]] = {}
        terms: dict[int, dict[str, list[tuple]]] = {}
        fields = [build_localized_fieldname("terms", code) for code in settings.LANGUAGE_CODES]
        for concept in SearchConcept.objects.values("pk", *fields):
            for code in settings.LANGUAGE_CODES:
                stops = analysis.stop_words(_search_languages(code))
                for line in (concept[build_localized_fieldname("terms", code)] or "").splitlines():
                    phrase = tuple(w for w in analysis.words(line) if w not in stops) or tuple(analysis.words(line))
                    if phrase:
                        phrases.setdefault(code, {}).setdefault(phrase, concept["pk"])
                        terms.setdefault(concept["pk"], {}).setdefault(code, []).append(phrase)
        return {"phrases": phrases, "terms": terms}

    return versioned("search-concepts", build, settings.DIRECTORY_FRAGMENT_CACHE_SECONDS, version=version)


def _meaningful_words(query: str, languages: list[str]) -> list[str]:
    """The query's words without the stop words of the page's language and English; all of them
    if that leaves none ("where can I"). At most MAX_QUERY_WORDS, each once."""
    found = [w for w in analysis.words(query) if _SAFE_WORD.fullmatch(w)]
    stops = analysis.stop_words(languages)
    meaningful = [
        w for w in found if w not in stops and not (analysis.is_cjk(w) and all(c in stops for c in w))
    ] or found
    return list(dict.fromkeys(meaningful))[:MAX_QUERY_WORDS]


def _correctable(word: str, concept_words: set[str]) -> bool:
    return len(word) >= 4 and not word.isdigit() and not analysis.is_cjk(word) and word not in concept_words


# For each word: whether any indexed word begins with it (a range of the byte-ordered index of
# migration 0015: `LIKE w || '%'` cannot use an index when w is not a constant), and, only for a
# word none begins with, the closest indexed words (pg_trgm), preferring the page's language and
# English. One statement for all the query's words.
_VOCABULARY = (
    "SELECT q.word, k.known, CASE WHEN k.known THEN NULL ELSE"
    " ARRAY(SELECT CASE WHEN w.language = ANY(%s) THEN '1' ELSE '0' END || w.word"
    " FROM directory_searchword w WHERE w.word %% q.word ORDER BY similarity(w.word, q.word) DESC, w.word LIMIT 8)"
    " END FROM unnest(%s::text[]) AS q(word), LATERAL (SELECT EXISTS (SELECT 1 FROM directory_searchword w"
    " WHERE w.word::text ~>=~ q.word AND w.word::text ~<~ (q.word || chr(1114111))) AS known) k"
)


def _closest(word: str, candidates: list[str]) -> str | None:
    """Of the indexed words that look alike, the one fewest edits away (`citizenshp` is one letter
    from `citizenship`, two from `citizens`, though their trigrams say the opposite), preferring
    the page's language and English. Each candidate starts with 1 if it is in one of them, else 0."""
    if not candidates:
        return None
    best = max(candidates, key=lambda c: difflib.SequenceMatcher(None, word, c[1:]).ratio() + 0.1 * (c[0] == "1"))
    return best[1:]


def search_vocabulary(*, version: int | None = None) -> list[str]:
    """Every word the listings contain, in any language, in code point order: whether an indexed
    word begins with a typed word is then answered in the process (most typed words are known),
    without a round trip to the database. Cached until the next staff edit or reindex."""
    return versioned(
        "search-vocabulary",
        lambda: sorted(set(SearchWord.objects.values_list("word", flat=True))),
        settings.DIRECTORY_FRAGMENT_CACHE_SECONDS,
        version=version,
    )


def _known(word: str, vocabulary: list[str]) -> bool:
    """Some indexed word begins with `word` (or is it)."""
    at = bisect.bisect_left(vocabulary, word)
    return at < len(vocabulary) and vocabulary[at].startswith(word)


def _corrections(words: list[str], languages: list[str], *, version: int | None = None) -> dict[str, str]:
    """{word: correction} for the words no listing contains, in any language; a word that occurs
    (or begins a word that does) is never corrected."""
    vocabulary = search_vocabulary(version=version)
    unknown = [w for w in words if not _known(w, vocabulary)]
    if not unknown:
        return {}
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(_VOCABULARY, [languages, unknown])
            found = {word: _closest(word, candidates) for word, known, candidates in cursor.fetchall() if not known}
        return {word: best for word, best in found.items() if best and best != word}
    found = {
        w: _closest(w, ["1" + c for c in difflib.get_close_matches(w, vocabulary, n=5, cutoff=0.75)]) for w in unknown
    }
    return {w: best for w, best in found.items() if best}


def search_query_parse(
    *, query: str, language: str, correct: bool = True, version: int | None = None
) -> SearchQuery | None:
    """What a resident typed, as groups to match: stop words dropped, unknown words corrected
    against the directory's own vocabulary, concepts expanded in the page's language and English.
    None when there is nothing to search for."""
    typed = clean_text(query)
    languages = _search_languages(language)
    words = _meaningful_words(typed, languages)
    if not words:
        return None
    concepts = search_concepts(version=version)
    own_phrases = [concepts["phrases"].get(code, {}) for code in languages]
    concept_words = {w for phrases in own_phrases for phrase in phrases for w in phrase}
    correctable = [w for w in words if _correctable(w, concept_words)]
    corrections = _corrections(correctable, languages, version=version) if correct else {}
    words = list(dict.fromkeys(corrections.get(w, w) for w in words))
    groups, position = [], 0
    while position < len(words):
        # The longest concept phrase that starts here, in the page's language or English.
        for length in range(min(4, len(words) - position), 0, -1):
            phrase = tuple(words[position : position + length])
            concept = next((p[phrase] for p in own_phrases if phrase in p), None)
            if concept is not None:
                same = concepts["terms"][concept]
                alternatives = [phrase, *(p for code in languages for p in same.get(code, []))]
                groups.append(SearchGroup(tuple(dict.fromkeys(alternatives))))
                position += length
                break
        else:
            groups.append(SearchGroup(((words[position],),)))
            position += 1
    typed_words = _meaningful_words(typed, languages)
    corrected = " ".join(corrections.get(w, w) for w in typed_words) if corrections else ""
    return SearchQuery(
        typed=typed, groups=groups, words=words, corrected=corrected, normalized=" ".join(typed_words)[:200]
    )


def _lexeme(word: str, *, weights: str = "", loose: bool = False) -> str:
    """One word as tsquery text. The word is letters and digits only (_SAFE_WORD), and quoted."""
    pair = analysis.is_cjk(word) and len(word) == 2
    prefix = not pair and (len(word) >= PREFIX_LENGTH or analysis.is_cjk(word))
    label = ("*" if prefix else "") + weights
    term = f"'{word}'" + (f":{label}" if label else "")
    if loose and len(word) >= LOOSE_LENGTH and not analysis.is_cjk(word) and not word.isdigit():
        term = f"({term} | '{word[:-2]}':*{weights})"
    return term


def _group_tsquery(group: SearchGroup, *, weights: str = "", loose: bool = False) -> str:
    return " | ".join(
        "(" + " & ".join(_lexeme(w, weights=weights, loose=loose) for w in alternative) + ")"
        for alternative in group.alternatives
    )


# The density term is ts_rank (how often the words occur), not ts_rank_cd (how close): cover
# density walks every extent of an OR of a dozen expanded alternatives and was a third of the
# statement's time (299 benchmark queries: 12.9 -> 9.5 ms median), for an order the phrase bonus
# and coverage already give.
# One branch per text-search configuration: `config = X AND vector @@ query` is answered by that
# configuration's partial GIN index (migration 0008). Each branch counts the groups a document
# matches (anywhere, then in the name or a category: weights A and B), and scores as above.
# Each configuration's tsqueries are parsed once, in a one-row CTE: written inline, every
# to_tsquery() ran again for every matching row (the text configuration is cast per call), which
# made a query with concepts 50 times slower.
_TSQUERIES = (
    "q{i} AS MATERIALIZED (SELECT to_tsquery('{config}'::regconfig, %(any_{kind})s) AS any_words,"
    " to_tsquery('{config}'::regconfig, %(all_{kind})s) AS all_words,"
    " phraseto_tsquery('{config}'::regconfig, %(phrase)s) AS phrase{groups})"
)
_GROUP_TSQUERY = ", to_tsquery('{config}'::regconfig, %({name}_{j}_{kind})s) AS {name}_{j}"
_BRANCH = (
    "SELECT d.service_id, {coverage} * %(score_coverage)s / %(groups)s"
    " + {heading} * %(score_heading)s / %(groups)s"
    " + CASE WHEN %(groups)s > 1 AND d.vector @@ q{i}.phrase THEN %(score_phrase)s ELSE 0 END"
    " + ts_rank(d.vector, q{i}.any_words, 32) * %(score_density)s"
    " + CASE d.language WHEN %(language)s THEN %(score_page)s WHEN %(english)s THEN %(score_english)s ELSE 0 END"
    " AS score"
    " FROM q{i}, directory_servicesearchdocument d"
    " WHERE d.config = '{config}' AND d.language = ANY(%(languages)s) AND d.vector @@ q{i}.{required}"
)
_MATCHES = "(d.vector @@ q{i}.{name}_{j})::int"
# The matches are CTEs of their own too: inline, a planner without fresh statistics (right after
# an import) ran the whole search once per visible service. The documents that contain every part
# of the query come first; only when they fill less than a page are those that contain some of it
# scored too (PostgreSQL skips that branch otherwise): scoring every service that says "help" or
# "free" cost 0.8 s on 5,000 services, and would only have added results after the complete ones.
# The statement is a SELECT around the WITH: pghistory's middleware prefixes every statement of a
# writing request that does not start with SELECT with one of its own, and a statement bound on the
# server must be a single one.
_RANKED = (
    "SELECT ranked.service_id, ranked.score FROM ("
    "WITH {tsqueries}, every_part AS MATERIALIZED ({every_part}),"
    " some_part AS MATERIALIZED (SELECT * FROM ({some_part}) s"
    " WHERE (SELECT count(DISTINCT e.service_id) FROM every_part e) < %(enough)s),"
    " m AS (SELECT * FROM every_part UNION ALL SELECT * FROM some_part)"
    " SELECT m.service_id, max(m.score) AS score FROM m"
    " WHERE m.service_id IN ({services}) GROUP BY m.service_id"
    ") ranked ORDER BY ranked.score DESC, ranked.service_id"
)
_CONFIG_NAME = re.compile(r"[a-z_]+")
# Complete matches that fill a page of results (directory/views.py PAGE_SIZE).
ENOUGH_COMPLETE_MATCHES = 20


def _postgres_ranked(search: SearchQuery, language: str, languages: list[str] | None, services) -> list[tuple]:
    """(service id, score), best first, in one statement.

    Written in SQL because its shape is what makes it fast: each configuration's tsqueries are
    parsed once and matched as `config = X AND vector @@ query` from its GIN index; the scoring
    runs only over matching rows, grouped per service, so pagination needs no second COUNT query.
    The statement is assembled from the constant fragments above and the configurations' names
    (identifiers from analysis.TEXT_SEARCH_CONFIGS, written into the text so that each branch's
    partial index applies to a plan made once); every other value, including each tsquery's
    text, is a parameter bound on the server (moia.db.prepared_cursor), so PostgreSQL plans each
    shape of the statement once per connection instead of once per search."""
    codes = languages or list(settings.LANGUAGE_CODES)
    configs = sorted({analysis.text_search_config(code) for code in codes})
    if not all(_CONFIG_NAME.fullmatch(config) for config in configs):
        raise ValueError(f"not a text search configuration name: {configs}")
    services_sql, services_params = services.order_by().values("pk").query.sql_with_params()
    params: dict[str, Any] = {
        "language": language,
        "english": settings.LANGUAGE_CODE,
        "languages": codes,
        "groups": len(search.groups),
        "phrase": " ".join(search.words),
        "score_coverage": SCORE_COVERAGE,
        "score_heading": SCORE_HEADING,
        "score_phrase": SCORE_PHRASE,
        "score_density": SCORE_DENSITY,
        "score_page": SCORE_PAGE_LANGUAGE,
        "score_english": SCORE_ENGLISH,
    }
    for kind, loose in (("stem", False), ("loose", True)):
        groups = [_group_tsquery(g, loose=loose) for g in search.groups]
        params[f"any_{kind}"] = " | ".join(f"({g})" for g in groups)
        params[f"all_{kind}"] = " & ".join(f"({g})" for g in groups)
        for j, group in enumerate(search.groups):
            params[f"group_{j}_{kind}"] = groups[j]
            params[f"heading_{j}_{kind}"] = _group_tsquery(group, weights="AB", loose=loose)
    numbers = range(len(search.groups))
    params["enough"] = ENOUGH_COMPLETE_MATCHES
    tsqueries: list[str] = []
    every_part: list[str] = []
    some_part: list[str] = []
    for i, config in enumerate(configs):
        kind = "stem" if config != "simple" else "loose"
        per_group = "".join(
            _GROUP_TSQUERY.format(i=i, j=j, name=name, kind=kind, config=config)
            for name in ("group", "heading")
            for j in numbers
        )
        tsqueries.append(_TSQUERIES.format(i=i, kind=kind, groups=per_group, config=config))
        coverage, heading = (
            "(" + " + ".join(_MATCHES.format(i=i, j=j, name=name) for j in numbers) + ")"
            for name in ("group", "heading")
        )
        for required, found in (("all_words", every_part), ("any_words", some_part)):
            found.append(_BRANCH.format(i=i, coverage=coverage, heading=heading, required=required, config=config))
    sql = _RANKED.format(
        tsqueries=", ".join(tsqueries),
        every_part=" UNION ALL ".join(every_part),
        some_part=" UNION ALL ".join(some_part),
        services=_named(services_sql, services_params, params),
    )
    with prepared_cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


_POSITIONAL = re.compile(r"%(%|s)")


def _named(sql: str, positional: tuple, named: dict) -> str:
    """The ORM's `%s` placeholders of `sql` as named ones, their values added to `named`.

    Drivers refuse a mix of the two styles. Named, each value is sent once however often the
    statement uses it (the page language is used in every branch), which keeps the statement's
    conversion within what psycopg caches (50 values)."""
    remaining = enumerate(positional)

    def replace(match: re.Match) -> str:
        if match[1] == "%":
            return "%%"
        number, value = next(remaining)
        named[f"orm_{number}"] = value
        return f"%(orm_{number})s"

    return _POSITIONAL.sub(replace, sql)


def _word_matches(word: str, words: set[str], prefixes: list[str], *, loose: bool) -> bool:
    if word in words:
        return True
    if analysis.is_cjk(word) and len(word) == 2:
        return False
    if len(word) >= PREFIX_LENGTH or analysis.is_cjk(word):
        stem = word[:-2] if loose and len(word) >= LOOSE_LENGTH and not analysis.is_cjk(word) else word
        return any(w.startswith(stem) for w in prefixes)
    return False


def _python_ranked(search: SearchQuery, language: str, languages: list[str] | None, services) -> list[tuple]:
    """The same scoring in Python over the stored documents, for the embedded SQLite mode: the
    same analysed words, prefixes and loose endings in place of PostgreSQL's stemmers."""
    documents = ServiceSearchDocument.objects.filter(service__in=services.order_by().values("pk"))
    if languages:
        documents = documents.filter(language__in=languages)
    phrase = " ".join(search.words)
    best: dict = {}
    complete: set = set()
    for service_id, code, document in documents.values_list("service_id", "language", "document"):
        lines = analysis.document_lines(document)
        everything = " ".join(lines).split()
        headings = set(f"{lines[0]} {lines[1]}".split())
        every = set(everything)

        def matched(group: SearchGroup, words: set[str]) -> bool:
            return any(all(_word_matches(w, words, list(words), loose=True) for w in alt) for alt in group.alternatives)

        covered = sum(matched(g, every) for g in search.groups)
        if not covered:
            continue
        heading = sum(matched(g, headings) for g in search.groups)
        score = SCORE_COVERAGE * covered / len(search.groups) + SCORE_HEADING * heading / len(search.groups)
        if len(search.groups) > 1 and f" {phrase} " in f" {' '.join(everything)} ":
            score += SCORE_PHRASE
        score += {language: SCORE_PAGE_LANGUAGE, settings.LANGUAGE_CODE: SCORE_ENGLISH}.get(code, 0.0)
        best[service_id] = max(score, best.get(service_id, 0.0))
        if covered == len(search.groups):
            complete.add(service_id)
    if len(complete) >= ENOUGH_COMPLETE_MATCHES:
        best = {pk: score for pk, score in best.items() if pk in complete}
    return sorted(best.items(), key=lambda item: (-item[1], str(item[0])))


def service_search_results(
    *, services: QuerySet[Service], query: str, language: str, correct: bool = True, version: int | None = None
) -> SearchResult:
    """The services matching the query, best first, with the analysed query (None when the query
    has no words to search for). The page's language and English are searched first, every
    language if they find nothing. PostgreSQL ranks with its stemmers and indexes; the embedded
    SQLite mode ranks the same way in Python."""
    search = search_query_parse(query=query, language=language, correct=correct, version=version)
    if search is None:
        return SearchResult(ranking=[], query=None)
    rank = _postgres_ranked if connection.vendor == "postgresql" else _python_ranked
    for languages in (_search_languages(language), None):
        ranked = rank(search, language, languages, services)
        if ranked:
            return SearchResult(ranking=ranked, query=search)
    characters = _chinese_characters(search, language)
    if characters is not None:
        # No pair of characters occurs anywhere: the single characters do, at the start of a pair
        # (房 of 房子 finds 房屋, 房东), as a last resort before saying nothing matched.
        ranked = rank(characters, language, None, services)
        if ranked:
            return SearchResult(ranking=ranked, query=search)
    return SearchResult(ranking=[], query=search)


def _chinese_characters(search: SearchQuery, language: str) -> SearchQuery | None:
    stops = analysis.stop_words(_search_languages(language))
    if not any(analysis.is_cjk(w) and len(w) > 1 for w in search.words):
        return None
    words = [c for w in search.words for c in (w if analysis.is_cjk(w) else [w]) if c not in stops]
    words = list(dict.fromkeys(words))
    if not words:
        return None
    return SearchQuery(typed=search.typed, groups=[SearchGroup(((w,),)) for w in words], words=words)


def service_search_ranking(*, services: QuerySet[Service], query: str, language: str) -> list[tuple] | None:
    """(service id, score) of the services matching the query, best first; None when the query has no
    words to search for."""
    result = service_search_results(services=services, query=query, language=language)
    return None if result.query is None else result.ranking


def service_search(*, services: QuerySet[Service], query: str, language: str) -> QuerySet[Service]:
    """The services matching the query as a queryset, best first (for callers that filter further)."""
    ranking = service_search_ranking(services=services, query=query, language=language)
    if ranking is None:
        return services
    ids = [pk for pk, _score in ranking]
    found = services.filter(pk__in=ids)
    if connection.vendor != "postgresql":
        # The embedded mode's directory is small: the rank order as a CASE keeps a queryset.
        return found.order_by(Case(*(When(pk=pk, then=Value(n)) for n, pk in enumerate(ids)), default=Value(len(ids))))
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
    # "Search instead for …": the words exactly as typed, without typo correction.
    exact: bool = False

    FLAGS = flags.FILTER_FIELDS

    def any_filter(self) -> bool:
        return bool(self.categories or self.neighborhood or self.language or any(getattr(self, f) for f in self.FLAGS))


def localized_name_order(language: str):
    return name_in_language(language)


# Not a django-filter FilterSet: the resident's filters are also written back into every link
# (forms.filters_to_query), keyed in the fragment cache, and reused by the printed and emailed
# lists, and a value that no longer exists (a link shared before a category was removed) is
# dropped, not shown as a form error. A FilterSet would carry this dataclass and its own form
# beside it; these four conditions are the whole rule.
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
    result = service_search_results(
        services=services, query=filters.query, language=language, correct=not filters.exact
    )
    services = with_card_details(services, language=language)
    return services if result.query is None else RankedServices(result.ranking, services)


def service_ids(*, user, filters: ServiceFilters, language: str) -> "Sequence | QuerySet":
    """The ids of the services a resident is looking for, in display order, to paginate: a list page
    needs no more, its cards come from directory/cards.py (mostly from the cache)."""
    return service_results(user=user, filters=filters, language=language)[0]


def service_results(
    *, user, filters: ServiceFilters, language: str, version: int | None = None
) -> "tuple[Sequence | QuerySet, SearchQuery | None]":
    """The ids of the services a resident is looking for, in display order, and the analysed query
    (None without one): what the page says about corrections, or when nothing matched."""
    services = _filtered_services(user=user, filters=filters, language=language)
    result = service_search_results(
        services=services, query=filters.query, language=language, correct=not filters.exact, version=version
    )
    if result.query is None:
        return services.values_list("pk", flat=True), None
    return [pk for pk, _score in result.ranking], result.query


def closest_categories(*, query: str, version: int | None = None, limit: int = 4) -> list[TaxonomyTerm]:
    """The categories whose name (in the active language) looks most like the query, for a search
    that found nothing: a way on instead of a dead end. All of them, in order, if none looks alike."""
    categories = filter_choices(version=version)["categories"]
    words = analysis.words(query)

    def likeness(term: TaxonomyTerm) -> float:
        names = analysis.words(term.name)
        return max((difflib.SequenceMatcher(None, w, n).ratio() for w in words for n in names), default=0.0)

    ranked = sorted(categories, key=likeness, reverse=True)
    close = [term for term in ranked[:limit] if likeness(term) >= 0.5]
    return close or list(categories)


def search_gaps(*, min_days: int = 3) -> list[Mapping[str, Any]]:
    """Searches that found nothing, by normalised query and language, typed on at least `min_days`
    different days: a query someone typed once (perhaps with a name in it) is never shown."""
    return list(
        SearchGap.objects.filter(count__gt=0)
        .values("query", "language")
        .annotate(days=Count("day", distinct=True), searches=Sum("count"), last_day=Max("day"))
        .filter(days__gte=min_days)
        .order_by("-days", "-searches", "query")
    )


def search_results_not_opened(*, min_days: int = 3) -> list[Mapping[str, Any]]:
    """Searches that showed results on at least `min_days` different days and from which nobody
    ever opened one: the listing a resident wanted is missing, or ranked below the first page."""
    return list(
        SearchGap.objects.filter(shown__gt=0)
        .values("query", "language")
        .annotate(days=Count("day", distinct=True), searches=Sum("shown"), opened=Sum("opened"), last_day=Max("day"))
        .filter(days__gte=min_days, opened=0)
        .order_by("-days", "-searches", "query")
    )


CARD_FLAGS = flags.FIELDS
# The translated texts a card shows, in the page's language and in English, the fallback.
_CARD_TEXTS = ("name", "description", "organization__name")


def service_cards(ids: list, *, language: str) -> list[dict]:
    """What the result cards of these services show, in this order, as plain values.

    One query (two on SQLite) and no model objects: building a hundred model instances with their
    translated fields cost more than the queries themselves. Empty translations fall back to
    English, as django-modeltranslation does on the models."""
    shown = (language, settings.LANGUAGE_CODE)
    own, english = ({field: build_localized_fieldname(field, code) for field in _CARD_TEXTS} for code in shown)
    localized = {build_localized_fieldname(field, code) for field in _CARD_TEXTS for code in shown}
    if connection.vendor == "postgresql":
        rows = _card_rows_postgres(ids, language)
    else:
        fields = ("pk", "slug", *CARD_FLAGS, *localized)
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
            "name": row[own["name"]] or row[english["name"]],
            "description": row[own["description"]] or row[english["description"]],
            "organization_name": row[own["organization__name"]] or row[english["organization__name"]],
            "neighborhoods": row["neighborhoods"],
            **{flag: row[flag] for flag in CARD_FLAGS},
        }
        for pk in ids
        if (row := rows.get(pk))
    ]


# A card's row with its neighbourhoods, in one statement. Written in SQL because compiling the
# equivalent queryset (translated columns, a join, an array subquery) took as long as running it,
# on every page with cards to build. {texts} are the translated columns of the portal's languages
# (checked against settings.LANGUAGE_CODES), never request input.
_CARD_ROWS = (
    "SELECT s.id, s.slug, {flags}, {texts},"
    " ARRAY(SELECT n.name FROM directory_serviceatlocation sal"
    " JOIN directory_location l ON l.id = sal.location_id"
    " JOIN directory_neighborhood n ON n.id = l.neighborhood_id"
    " WHERE sal.service_id = s.id ORDER BY sal.id)"
    " FROM directory_service s JOIN directory_organization o ON o.id = s.organization_id"
    " WHERE s.id = ANY(%s)"
)


def _card_rows_postgres(ids: list, language: str) -> dict:
    if language not in settings.LANGUAGE_CODES:
        raise ValueError(f"not a portal language: {language!r}")
    texts = [build_localized_fieldname(f, code) for f in _CARD_TEXTS for code in (language, settings.LANGUAGE_CODE)]
    names = ["pk", "slug", *CARD_FLAGS, *texts, "neighborhoods"]
    # organization__name_xx is the joined table's (o) column name_xx; the others are the service's (s).
    columns = [name.replace("organization__", "o.") if "__" in name else f"s.{name}" for name in texts]
    with connection.cursor() as cursor:
        flags = ", ".join(f"s.{flag}" for flag in CARD_FLAGS)
        cursor.execute(_CARD_ROWS.format(flags=flags, texts=", ".join(columns)), [list(ids)])
        # Where the page language is English, each column is named twice: the dict keeps one of each.
        return {row[0]: dict(zip(names, row, strict=True)) for row in cursor.fetchall()}


def with_card_details(services: QuerySet[Service], *, language: str) -> QuerySet[Service]:
    """Services with what the printed list and the email show (five queries)."""
    return (
        services.select_related("organization")
        .only(*_list_fields(language))
        .prefetch_related(
            Prefetch("taxonomy_terms", queryset=TaxonomyTerm.objects.order_by("order")),
            Prefetch("phones", queryset=Phone.objects.order_by("order", "number")),
            # The printed list is read away from a screen: it needs the hours to know when to go.
            "schedules",
            Prefetch(
                "service_at_locations",
                queryset=ServiceAtLocation.objects.select_related("location__neighborhood"),
            ),
        )
    )


def _list_fields(language: str) -> list[str]:
    """Only what a result card, the printed list and the email show: rows stay narrow to sort and send."""
    shown = (language, settings.LANGUAGE_CODE)
    return [
        "slug",
        "status",
        "organization_id",
        *flags.FIELDS,
        *{build_localized_fieldname(field, code) for field in _CARD_TEXTS for code in shown},
        "organization__slug",
    ]


def unshown_translations(model, language: str, prefix: str = "") -> list[str]:
    """The columns of `model` that hold languages a page in `language` never shows: neither its
    own nor English, the fallback. A service's page loads seven models in twelve languages; leaving
    the other ten unloaded means the ORM compiles and reads a fifth of the columns, which was most
    of what building the page cost."""
    if model not in translator.get_registered_models():
        return []
    shown = {language, settings.LANGUAGE_CODE}
    return [
        prefix + build_localized_fieldname(name, code)
        for name in translator.get_options_for_model(model).get_field_names()
        for code in settings.LANGUAGE_CODES
        if code not in shown
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
        .only("slug", *{build_localized_fieldname("name", code) for code in codes}, "name")
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
    return versioned(
        "filter-choices",
        lambda: {
            "categories": list(TaxonomyTerm.objects.order_by("order", "code")),
            "neighborhoods": list(Neighborhood.objects.all()),
        },
        settings.DIRECTORY_FRAGMENT_CACHE_SECONDS,
        version=version,
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

    return versioned("filter-codes", codes, settings.DIRECTORY_FRAGMENT_CACHE_SECONDS, version=version)


@per_language
def language_choices() -> list[tuple[str, str]]:
    """Languages a resident can ask staff to speak, each named in the page's language and then in
    its own script ("Inglés (English)"), as a service's page names them: the list reads in the
    page's language, and a resident still finds their own language by its look."""
    names = ((code, language_name(code), own_script_name(code)) for code in settings.LANGUAGE_CODES)
    return [(code, f"{name} ({own})" if own else name) for code, name, own in names]


def home_section() -> dict | None:
    """The home page's shortcuts to the most-used categories."""
    # service_count is categories_with_counts' annotation, which django-stubs cannot see.
    ranked = categories_with_counts().order_by("-service_count", "order")  # type: ignore[misc]
    categories = [c for c in ranked[:8] if c.service_count]  # type: ignore[attr-defined]
    if not categories:
        return None
    return {"template": "directory/_home_section.html", "context": {"categories": categories}}
