import hashlib
import re

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from moia.fields import acting_user_field


def source_hash(english: str) -> str:
    """A fingerprint of the English wording: whitespace edits keep it, a changed word does not."""
    return hashlib.sha256(" ".join(english.split()).encode("utf-8")).hexdigest()


class TranslationReviewStatus(models.TextChoices):
    """Where a person's review of a translation stands, in every record of one: a directory
    service's text, any other content's (ContentTranslationReview), a year's report narrative."""

    MACHINE_DRAFT = "draft", _("Machine draft")
    REVIEWED = "reviewed", _("Reviewed by a person")
    OUT_OF_DATE = "outdated", _("Out of date")


class LanguageReview(models.Model):
    """Whether a native speaker has reviewed a language's texts; residents see it when not."""

    class Status(models.TextChoices):
        MACHINE = "machine", _("Machine translation, not reviewed")
        UNREVIEWED = "unreviewed", _("Not yet reviewed by a native speaker")
        REVIEWED = "reviewed", _("Reviewed by a native speaker")

    language = models.CharField(_("language"), max_length=10, unique=True, choices=settings.LANGUAGES)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.UNREVIEWED)
    note = models.CharField(_("note"), max_length=255, blank=True)
    reviewed_by = acting_user_field(_("reviewed by"))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["language"]
        verbose_name = _("language review")
        verbose_name_plural = _("language reviews")

    def __str__(self) -> str:
        return self.get_language_display()

    @property
    def needs_review(self) -> bool:
        return self.status != self.Status.REVIEWED


class ReviewedText(models.Model):
    """A translation a reviewer approved through a review packet, with the English it was read against."""

    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    key = models.TextField(_("text id"))
    source_hash = models.CharField(_("English version"), max_length=64)
    text = models.TextField(_("approved translation"))
    reviewed_by = acting_user_field(_("reviewed by"))
    reviewed_at = models.DateTimeField(_("reviewed at"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["language", "key"], name="l10n_reviewed_text_unique")]
        verbose_name = _("reviewed text")
        verbose_name_plural = _("reviewed texts")

    def __str__(self) -> str:
        return "{} [{}]".format(re.sub(r"\s+", " ", self.key)[:60], self.language)


class ContentTranslationReview(models.Model):
    """The review state of one database object's text (a card, an event, a newsletter issue…) in
    one language, with a fingerprint of the English it was read against.

    "Out of date" is not stored: it is the English having changed since (moia/l10n/content.py
    compares the fingerprint with the English of today), so no edit path can forget to set it.
    """

    Status = TranslationReviewStatus
    # Out of date is worked out, never stored (above): the column holds the other two.
    STORED_STATUSES = [(status.value, status.label) for status in (Status.MACHINE_DRAFT, Status.REVIEWED)]

    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.CASCADE, related_name="+")
    object_id = models.CharField(max_length=64)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    status = models.CharField(_("status"), max_length=10, choices=STORED_STATUSES, default=Status.MACHINE_DRAFT)
    source_hash = models.CharField(_("English version"), max_length=64)
    reviewed_by = acting_user_field(_("reviewed by"))
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "language"], name="l10n_content_translation_review_unique"
            )
        ]
        verbose_name = _("content translation review")
        verbose_name_plural = _("content translation reviews")

    def __str__(self) -> str:
        return f"{self.content_type.model} {self.object_id} [{self.language}]"
