"""Reads for the self-help tools: the card to print and in which languages, and the numbers a
family plan prints."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import get_language
from modeltranslation.utils import build_localized_fieldname

from moia.l10n.selectors import content_reviewed_languages

from .models import KnowYourRightsCard

# The directory entries whose phone numbers every family plan prints beside the office's own
# (the seeds: the Massachusetts Behavioral Health Help Line, 24/7, free, 200+ languages). An
# entry that is missing or inactive (another city's data) is simply left out.
PLAN_DIRECTORY_SERVICES = ("massachusetts-behavioral-health-help-line",)


def card_current() -> KnowYourRightsCard | None:
    """The published card residents print (the first in the office's order), or None."""
    return KnowYourRightsCard.objects.filter(is_published=True).order_by("order", "pk").first()


def card_languages(card: KnowYourRightsCard) -> list[str]:
    """The languages the card is offered in: those whose text a person reviewed (English included)."""
    return content_reviewed_languages(card)


@dataclass(frozen=True)
class CardText:
    language: str  # the language the front is printed in
    title: str
    rights: list[str]
    officer_statement: str
    is_demo: bool

    @property
    def lang(self) -> str:
        from reports.rendering import html_lang

        return html_lang(self.language)

    @property
    def dir(self) -> str:
        from django.utils.translation import get_language_info

        return "rtl" if get_language_info(self.language)["bidi"] else "ltr"


def card_text(card: KnowYourRightsCard, language: str) -> CardText:
    """The card's front in `language` exactly as stored (no fallback to another language)."""

    def field(name: str) -> str:
        return getattr(card, build_localized_fieldname(name, language)) or ""

    rights = [line.strip() for line in field("rights").splitlines() if line.strip()]
    return CardText(language, field("title"), rights, card.officer_statement, card.is_demo)


def card_essentials(language: str | None = None) -> CardText | None:
    """The card's points for a page in `language`: in that language if reviewed, else the English."""
    card = card_current()
    if card is None:
        return None
    language = language or get_language()
    offered = card_languages(card)
    return card_text(card, language if language in offered else settings.MODELTRANSLATION_DEFAULT_LANGUAGE)


@dataclass(frozen=True)
class HelpNumber:
    name: str
    number: str
    note: str
    url: str


def plan_help_numbers() -> list[HelpNumber]:
    """The numbers printed on every plan: the office's constituent services, then the help lines."""
    from directory.models import Service
    from moia.office.selectors import office_profile_current

    office = office_profile_current()
    numbers = []
    if office.phone or office.email:
        numbers.append(HelpNumber(office.name, office.phone, office.email, office.website))
    services = (
        Service.objects.filter(slug__in=PLAN_DIRECTORY_SERVICES, status=Service.Status.ACTIVE)
        .prefetch_related("phones")
        .order_by("slug")
    )
    for service in services:
        phone = next(iter(service.phones.all()), None)
        if phone is not None:
            numbers.append(HelpNumber(service.name, phone.number, phone.description or "", service.get_absolute_url()))
    return numbers


def home_section() -> dict | None:
    """The home page's offer of the tools (always shown: the plan needs nothing from the office)."""
    card = card_current()
    return {"template": "tools/_home_section.html", "context": {"card": card}}
