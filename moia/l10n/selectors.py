"""Reads for language quality: review state per language and per text, packet rows."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models

from moia.cache import shared_and_local

from . import checks, glossary
from .content import REVIEWED, english_fingerprint, status_of
from .models import ContentTranslationReview, LanguageReview, ReviewedText, source_hash
from .sources import Unit, all_units


def _status_cache_key(language: str) -> str:
    return "l10n:language-review:" + language


def language_review_status(*, language: str) -> str:
    """A language's review status; no row means not reviewed (English, the source, always is).

    Read on every page, so it is cached per language: each language costs one query when its
    cache entry is cold, English included, so no language's pages cost more than another's.
    """

    def load() -> str:
        row = LanguageReview.objects.filter(language=language).values_list("status", flat=True).first()
        return row or (LanguageReview.Status.REVIEWED if language == "en" else LanguageReview.Status.UNREVIEWED)

    return shared_and_local(_status_cache_key(language), load, seconds=3600)


@dataclass(frozen=True)
class PacketRow:
    key: str
    origin: str
    context: str
    english: str
    translation: str
    terms: str  # the glossary terms in the English with their approved rendering
    problems: str  # what the consistency rules find in the current translation
    status: str
    source_hash: str


def text_status(*, unit: Unit, language: str, reviewed: ReviewedText | None, language_status: str) -> str:
    """reviewed, edited after review, English changed since review, or the language's own status."""
    if reviewed is not None:
        if reviewed.source_hash != source_hash(unit.source):
            return "outdated"
        if reviewed.text != unit.translations.get(language, ""):
            return "edited"
        return "reviewed"
    return language_status


def packet_rows(*, language: str, units: list[Unit] | None = None) -> list[PacketRow]:
    """Every text and content field translated into a language, with what a reviewer needs beside it."""
    from .audit import unit_findings

    reviewed = {r.key: r for r in ReviewedText.objects.filter(language=language)}
    language_status = language_review_status(language=language)
    rows = []
    for unit in all_units() if units is None else units:
        if language not in unit.translations:
            continue
        terms = "; ".join(f"{term.en} = {term.approved(language)}" for term in glossary.terms_in(unit.source))
        problems = "; ".join(f.rule + ": " + f.detail for f in unit_findings(unit, language))
        advisory = checks.missing_terms(
            english=unit.source, language=language, text=unit.translations[language], required_only=False
        )
        if advisory:
            problems = "; ".join(
                filter(None, [problems, "check: " + ", ".join(t.approved(language) for t in advisory)])
            )
        rows.append(
            PacketRow(
                key=unit.key,
                origin=unit.origin,
                context=unit.context,
                english=unit.source,
                translation=unit.translations[language],
                terms=terms,
                problems=problems,
                status=text_status(
                    unit=unit, language=language, reviewed=reviewed.get(unit.key), language_status=language_status
                ),
                source_hash=source_hash(unit.source),
            )
        )
    return rows


@dataclass(frozen=True)
class LanguageFigures:
    language: str
    status: str
    texts: int
    reviewed: int
    outdated: int  # reviewed against English that has since changed
    edited: int  # changed after review, not yet reviewed again
    unreviewed: int
    words_to_review: int  # English words of every text not reviewed as it stands: the next round's cost
    words_outdated: int


def language_dashboard(*, units: list[Unit] | None = None) -> list[LanguageFigures]:
    """Per language, how many texts a person has reviewed and how many English words still wait."""
    from .sources import target_languages

    units = list(all_units()) if units is None else units
    reviewed: dict[str, dict[str, ReviewedText]] = {}
    for text in ReviewedText.objects.all():
        reviewed.setdefault(text.language, {})[text.key] = text
    statuses = dict(LanguageReview.objects.values_list("language", "status"))
    hashes = {unit.key: source_hash(unit.source) for unit in units}
    figures = []
    for language in target_languages():
        counts = {"reviewed": 0, "outdated": 0, "edited": 0, "unreviewed": 0}
        words_to_review = words_outdated = 0
        records = reviewed.get(language, {})
        for unit in units:
            if language not in unit.translations:
                continue
            record = records.get(unit.key)
            if record is None:
                state = "unreviewed"
            elif record.source_hash != hashes[unit.key]:
                state = "outdated"
            elif record.text != unit.translations[language]:
                state = "edited"
            else:
                state = "reviewed"
            counts[state] += 1
            if state != "reviewed":
                words = len(unit.source.split())
                words_to_review += words
                words_outdated += words if state == "outdated" else 0
        figures.append(
            LanguageFigures(
                language=language,
                status=statuses.get(language, LanguageReview.Status.UNREVIEWED),
                texts=sum(counts.values()),
                words_to_review=words_to_review,
                words_outdated=words_outdated,
                **counts,
            )
        )
    return figures


# ------------------------------------------------------------------------------
# Database content (moia/l10n/content.py says what each status means)
# ------------------------------------------------------------------------------
def _reviews_for(objs: list[models.Model]) -> dict[tuple[int, str, str], ContentTranslationReview]:
    if not objs:
        return {}
    by_type: dict[int, list[str]] = {}
    for obj in objs:
        by_type.setdefault(ContentType.objects.get_for_model(obj).pk, []).append(str(obj.pk))
    query = models.Q()
    for type_id, ids in by_type.items():
        query |= models.Q(content_type_id=type_id, object_id__in=ids)
    return {(r.content_type_id, r.object_id, r.language): r for r in ContentTranslationReview.objects.filter(query)}


def content_translation_statuses(objs) -> dict[tuple[str, str], str]:
    """{(str(pk), language): status} for every object (all of one model) and portal language, in one query."""
    objs = list(objs)
    if len({type(obj) for obj in objs}) > 1:
        raise ValueError("content_translation_statuses() takes objects of one model")
    reviews = _reviews_for(objs)
    statuses = {}
    for obj in objs:
        type_id = ContentType.objects.get_for_model(obj).pk
        fingerprint = english_fingerprint(obj)
        for language in settings.LANGUAGE_CODES:
            review = reviews.get((type_id, str(obj.pk), language))
            statuses[(str(obj.pk), language)] = status_of(obj, language, review, fingerprint)
    return statuses


def content_translation_status(obj: models.Model, language: str) -> str:
    return content_translation_statuses([obj])[(str(obj.pk), language)]


def content_reviewed_languages(obj: models.Model) -> list[str]:
    """The portal languages whose text of `obj` is reviewed against today's English (English included)."""
    statuses = content_translation_statuses([obj])
    return [code for code in settings.LANGUAGE_CODES if statuses[(str(obj.pk), code)] == REVIEWED]


def reviewed_content_models() -> list[type[models.Model]]:
    """The models every app declares as `reviewed_content` in its AppConfig: what the admin shows a
    review status for, the dashboard counts and demo data is recorded as reviewed in.

    Every model registered with modeltranslation is either here, a part of one of these
    (`reviewed_content_parts`), or exempted with a reason (`translation_review_exempt`); a test
    (tests/l10n/test_content_coverage.py) fails on a translated model that is none of the three.
    """
    from django.apps import apps

    return [
        apps.get_model(label) for config in apps.get_app_configs() for label in getattr(config, "reviewed_content", ())
    ]


def reviewed_content_parts() -> dict[str, tuple[str, ...]]:
    """{model label: accessors of the translated objects edited inline on its admin page, whose
    text is reviewed with it}, from every app's AppConfig `reviewed_content_parts`."""
    from django.apps import apps

    parts: dict[str, tuple[str, ...]] = {}
    for config in apps.get_app_configs():
        parts.update(getattr(config, "reviewed_content_parts", {}))
    return parts


def translation_review_exempt() -> dict[str, str]:
    """{model label: why its translations have no review status here}, from every app's AppConfig."""
    from django.apps import apps

    exempt: dict[str, str] = {}
    for config in apps.get_app_configs():
        exempt.update(getattr(config, "translation_review_exempt", {}))
    return exempt


@dataclass(frozen=True)
class ContentFigures:
    language: str
    items: int
    reviewed: int
    outdated: int
    unreviewed: int
    missing: int
    words_to_translate: int  # English words of every item not reviewed as it stands: the next round's cost


def content_dashboard() -> list[ContentFigures]:
    """Per language, the database content staff wrote (programmes, rounds, surveys, events, cards…):
    how much is reviewed, out of date or missing, and how many English words wait."""
    from .content import ENGLISH, MACHINE_DRAFT, MISSING, OUT_OF_DATE, english_words, review_parts

    per_model = []
    for model in reviewed_content_models():
        objs = list(model._default_manager.prefetch_related(*review_parts(model)))
        words = {obj.pk: english_words(obj) for obj in objs}
        per_model.append((objs, content_translation_statuses(objs), words))
    figures = []
    for language in settings.LANGUAGE_CODES:
        if language == ENGLISH:
            continue
        counts = {REVIEWED: 0, OUT_OF_DATE: 0, MACHINE_DRAFT: 0, MISSING: 0}
        waiting = 0
        for objs, statuses, words in per_model:
            for obj in objs:
                status = statuses[(str(obj.pk), language)]
                counts[status] += 1
                if status != REVIEWED:
                    waiting += words[obj.pk]
        figures.append(
            ContentFigures(
                language=language,
                items=sum(len(objs) for objs, _statuses, _words in per_model),
                reviewed=counts[REVIEWED],
                outdated=counts[OUT_OF_DATE],
                unreviewed=counts[MACHINE_DRAFT],
                missing=counts[MISSING],
                words_to_translate=waiting,
            )
        )
    return figures
