from django.db import models
from django.utils.translation import gettext_lazy as _


class KnowYourRightsCard(models.Model):
    """The text of a wallet card residents print: their rights in their language on the front,
    a statement in English for an officer on the back.

    Staff enter the office's approved wording; a language is printed only once a person has
    reviewed its text against today's English (moia/l10n/content.py), because a wrong word on
    this card can do harm."""

    slug = models.SlugField(_("slug"), unique=True)
    title = models.CharField(_("title"), max_length=80, help_text=_("The heading on the front of the card."))
    rights = models.TextField(
        _("rights"),
        help_text=_("One point per line, short: the card is 3.5 x 2 inches."),
    )
    # The back is read by an officer, in English whatever the front's language: not translated.
    officer_statement = models.TextField(
        _("statement for the officer (English)"),
        help_text=_("Printed on the back in English for the officer, whatever the language of the front."),
    )
    source = models.CharField(
        _("source of the wording"),
        max_length=200,
        blank=True,
        help_text=_("Who approved this wording, e.g. the office's legal counsel."),
    )
    is_demo = models.BooleanField(
        _("demo text"),
        default=False,
        help_text=_("Marks every printed card and the page as demo until the office enters its approved wording."),
    )
    is_published = models.BooleanField(_("published"), default=False)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    updated_at = models.DateTimeField(_("last modified"), auto_now=True)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("Know Your Rights card")
        verbose_name_plural = _("Know Your Rights cards")

    def __str__(self) -> str:
        return self.title

    def rights_list(self) -> list[str]:
        return [line.strip() for line in (self.rights or "").splitlines() if line.strip()]
