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

from .models import ContentTranslationReview, source_hash

REVIEWED = "reviewed"
OUT_OF_DATE = "outdated"
MACHINE_DRAFT = "draft"
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


def text_in(obj: models.Model, language: str) -> str:
    return "\n\u241e\n".join(
        str(getattr(obj, build_localized_fieldname(name, language), "") or "") for name in translated_fields(type(obj))
    )


def english_words(obj: models.Model) -> int:
    """How many English words the object's translatable text has (what a translation round costs)."""
    return sum(
        len(str(getattr(obj, build_localized_fieldname(name, ENGLISH), "") or "").split())
        for name in translated_fields(type(obj))
    )


def english_fingerprint(obj: models.Model) -> str:
    """A fingerprint of the object's English text: a changed word changes it, whitespace does not."""
    return source_hash(text_in(obj, ENGLISH))


def _has_text(obj: models.Model, language: str) -> bool:
    return any(
        str(getattr(obj, build_localized_fieldname(name, language), "") or "").strip()
        for name in translated_fields(type(obj))
    )


def status_of(obj: models.Model, language: str, review: ContentTranslationReview | None, fingerprint: str) -> str:
    if language == ENGLISH:
        return REVIEWED  # the English is the text staff wrote and approved
    if not _has_text(obj, language):
        return MISSING
    if review is None or review.status != ContentTranslationReview.Status.REVIEWED:
        return MACHINE_DRAFT
    return REVIEWED if review.source_hash == fingerprint else OUT_OF_DATE
