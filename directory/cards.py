"""Result cards: each service's card rendered once per language, then reused until staff edit.

A list or search page shows 20 cards, and building them was most of the page's cost. The same
card appears on every list, category and search page that shows the service, so a search nobody
has typed before still finds most of its cards ready. Keys carry the directory's version, which
every staff edit increases.

The card is written in Python rather than a template: twenty template renders (an include,
nine translated badges, a filter each) cost more than the rest of the page; this is a tenth of it.
The badges are the ones `_badges.html` shows on the service's own page, with the same wording.
"""

from html import escape

from django.conf import settings
from django.core.cache import cache
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .selectors import directory_cache_version, service_cards

BADGES = (
    ("is_free", gettext_lazy("Free of charge")),
    ("regardless_of_status", gettext_lazy("Regardless of immigration status")),
    ("no_id_required", gettext_lazy("No ID required")),
    ("free_interpretation", gettext_lazy("Free interpretation")),
    ("confidential", gettext_lazy("Confidential")),
    ("walk_in", gettext_lazy("Walk-in")),
    ("by_phone", gettext_lazy("By phone")),
    ("online", gettext_lazy("Online")),
    ("is_demo", gettext_lazy("Demo data")),
)
CARD = (
    '<li class="directory-result">\n'
    '  <h3 class="directory-result__title"><a href="{url}">{name}</a></h3>\n'
    '  <p class="directory-result__org portal-muted">{organization}{places}</p>\n'
    "  <p>{description}</p>\n"
    '  <ul class="directory-badges" aria-label="{badges_label}">{badges}</ul>\n'
    "</li>\n"
)


def result_cards(ids: list, *, language: str, version: int | None = None) -> list[SafeString]:
    """The cards of these services, in this order, in the active language."""
    seconds = settings.DIRECTORY_FRAGMENT_CACHE_SECONDS
    version = version or directory_cache_version()
    keys = {pk: f"directory:card:{version}:{language}:{pk}" for pk in ids}
    cards = cache.get_many(list(keys.values())) if seconds > 0 and ids else {}
    missing = [pk for pk in ids if keys[pk] not in cards]
    if missing:
        # The ids were already filtered (status, filters, search): only what the cards show is loaded.
        badges = [(flag, str(label)) for flag, label in BADGES]
        built = {keys[card["pk"]]: card_html(card, badges) for card in service_cards(missing, language=language)}
        if seconds > 0:
            cache.set_many(built, seconds)
        cards |= built
    return [mark_safe(cards[keys[pk]]) for pk in ids if keys[pk] in cards]  # noqa: S308 (built by card_html)


def card_html(card: dict, badges: list[tuple[str, str]]) -> str:
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
            f'<li class="usa-tag{" directory-demo" if flag == "is_demo" else ""}">{escape(label)}</li>'
            for flag, label in badges
            if card[flag]
        ),
    )
