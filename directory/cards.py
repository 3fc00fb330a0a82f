"""Result cards: each service's card rendered once per language, then reused until staff edit.

A list or search page shows 20 cards, and building them was most of the page's cost. The same
card appears on every list, category and search page that shows the service, so a search nobody
has typed before still finds most of its cards ready. Each card carries its service's stamp
(directory/caching.py): an edit to one service rebuilds its card only.

The card is written in Python rather than a template: twenty template renders (an include,
nine translated badges, a filter each) cost more than the rest of the page; this is a tenth of it.
The badges are the ones `_badges.html` shows on the service's own page (both from directory/flags.py).
"""

from html import escape

from django.conf import settings
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from .caching import cached_per_service
from .flags import badges
from .selectors import service_cards

CARD = (
    '<li class="directory-result">\n'
    '  <h3 class="directory-result__title"><a href="{url}">{name}</a></h3>\n'
    '  <p class="directory-result__org portal-muted">{organization}{places}</p>\n'
    "  <p>{description}</p>\n"
    '  <ul class="directory-badges" aria-label="{badges_label}">{badges}</ul>\n'
    "</li>\n"
)


def result_cards(ids: list, *, language: str, ping: str = "") -> list[SafeString]:
    """The cards of these services, in this order, in the active language; with `ping`, each
    title link also tells that URL when it is opened (`<a ping>`, added to the cached card)."""

    def build(missing: list) -> dict:
        # The ids were already filtered (status, filters, search): only what the cards show is loaded.
        return {card["pk"]: card_html(card) for card in service_cards(missing, language=language)}

    seconds = settings.DIRECTORY_FRAGMENT_CACHE_SECONDS
    cards = cached_per_service(f"directory:card:{language}", ids, build, seconds)
    if ping:
        link = f'<a ping="{escape(ping)}" href="'
        return [mark_safe(cards[pk].replace('<a href="', link, 1)) for pk in ids if pk in cards]  # noqa: S308
    return [mark_safe(cards[pk]) for pk in ids if pk in cards]  # noqa: S308 (built by card_html)


def card_html(card: dict) -> str:
    # str.format with html.escape (what django.utils.html.escape does, without its lazy-string
    # wrapper): every value from the database is escaped, the markup is ours.
    places = ", ".join(card["neighborhoods"])
    return CARD.format(
        url=escape(card["url"]),
        name=escape(card["name"]),
        organization=escape(card["organization_name"]),
        places=escape(f" · {places}") if places else "",
        description=escape(Truncator(card["description"]).words(30)),
        badges_label=escape(_("Good to know")),
        badges="".join(
            f'<li class="{escape(" ".join(filter(None, ("usa-tag", flag.badge_class))))}">{escape(label)}</li>'
            for flag, label in badges(card)
        ),
    )
