"""Translation review of database content (what staff write in the admin, not the .po catalogues).

One mechanism for every app whose models are registered with modeltranslation: a language's text
of an object is *reviewed* (a person read it against the English of today), *out of date* (it
was reviewed, then the English changed), a *machine draft*, or *missing* (no text in that
language at all). Residents are offered only reviewed languages where a wrong word could do harm
(Know Your Rights cards, newsletter issues); elsewhere the status is shown to staff as a to-do.

This module holds the rule (what each status means); the reads are in moia/l10n/selectors.py
(`content_translation_status`, `content_reviewed_languages`, `content_translation_statuses`),
the one write in moia/l10n/services.py (`content_translation_review_set`: who reviewed, against
which English) and the admin side in moia/l10n/admin.py (`ContentTranslationReviewAdminMixin`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from modeltranslation.translator import translator
from modeltranslation.utils import build_localized_fieldname

from .models import ContentTranslationReview, TranslationReviewStatus, source_hash

# The stored vocabulary (TranslationReviewStatus), and "missing" for a language with no text at all.
REVIEWED = TranslationReviewStatus.REVIEWED.value
OUT_OF_DATE = TranslationReviewStatus.OUT_OF_DATE.value
MACHINE_DRAFT = TranslationReviewStatus.MACHINE_DRAFT.value
MISSING = "missing"
STATUS_LABELS = {
    REVIEWED: _("Reviewed"),
    OUT_OF_DATE: _("Out of date: the English changed after review"),
    MACHINE_DRAFT: _("Not reviewed"),
    MISSING: _("Not translated"),
}
ENGLISH = settings.MODELTRANSLATION_DEFAULT_LANGUAGE


def translated_fields(model: type[models.Model]) -> list[str]:
    """The model's fields registered for translation, in a stable order."""
    return sorted(translator.get_options_for_model(model).get_field_names())


def review_parts(model: type[models.Model]) -> tuple[str, ...]:
    """The related objects (by accessor) whose text is reviewed as part of a `model` object's:
    what staff edit inline on its admin page (a funding round's streams and rubric criteria…).
    Declared by the app as `reviewed_content_parts` (moia/l10n/selectors.py reads it)."""
    from .selectors import reviewed_content_parts

    return reviewed_content_parts().get(model._meta.label, ())


def _pieces(obj: models.Model) -> list[models.Model]:
    """The object, then each part in a stable order (prefetched parts are used as they are)."""
    pieces = [obj]
    for accessor in review_parts(type(obj)):
        pieces.extend(sorted(getattr(obj, accessor).all(), key=lambda part: str(part.pk)))
    return pieces


def _field_texts(obj: models.Model, language: str) -> list[str]:
    return [
        str(getattr(piece, build_localized_fieldname(name, language), "") or "")
        for piece in _pieces(obj)
        for name in translated_fields(type(piece))
    ]


def text_in(obj: models.Model, language: str) -> str:
    # An object without parts joins exactly as it did before parts existed, so the fingerprints
    # recorded then still match; one with parts was never reviewed with them, and is out of date.
    return "\n\u241e\n".join(_field_texts(obj, language))


def english_words(obj: models.Model) -> int:
    """How many English words the object's translatable text has, its parts' included (what a
    translation round costs)."""
    return sum(len(text.split()) for text in _field_texts(obj, ENGLISH))


def english_fingerprint(obj: models.Model) -> str:
    """A fingerprint of the object's English text: a changed word changes it, whitespace does not."""
    return source_hash(text_in(obj, ENGLISH))


def _has_text(obj: models.Model, language: str) -> bool:
    return any(text.strip() for text in _field_texts(obj, language))


def status_of(obj: models.Model, language: str, review: ContentTranslationReview | None, fingerprint: str) -> str:
    if language == ENGLISH:
        return REVIEWED  # the English is the text staff wrote and approved
    if not _has_text(obj, language):
        return MISSING
    if review is None or review.status != ContentTranslationReview.Status.REVIEWED:
        return MACHINE_DRAFT
    return REVIEWED if review.source_hash == fingerprint else OUT_OF_DATE
