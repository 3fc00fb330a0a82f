"""Naming a language to the reader, in the page's language.

language_name is the one place a language code becomes a name in the page's language, as a label
("Inglés", "Anglais"), the form a list or a menu shows. Django names every language it knows in
English (LANG_INFO, with settings.EXTRA_LANG_INFO for ht, kea and so) and its catalogues translate
those names; it has none for ht, kea and so, so the project catalogues (locale/) carry, under the
same English msgids, the name of every language the portal and its directory data use. The labels
of settings.LANGUAGES are those msgids too, so the two never disagree.

Inside a sentence ("PDF en inglés", "les textes en anglais") these languages write language names
in lower case, as CLDR's display names do; Arabic, Chinese and Somali have no such change. The
language selector names each language in its own script instead (templates/base.html).

path_in_language is the one place a page's address becomes the same page in another language (the
language menu, the notices' "original in English" links).
"""

from collections.abc import Callable
from functools import wraps
from typing import TypeVar

from django.core.signals import setting_changed
from django.urls import translate_url
from django.utils.translation import get_language, get_language_info

T = TypeVar("T")
_PER_LANGUAGE_MEMOS: list[dict] = []
# The settings a translated constant depends on; tests change them with override_settings.
_TRANSLATION_SETTINGS = frozenset({"LANGUAGES", "LANGUAGE_CODE", "LANGUAGES_BIDI", "LANGUAGE_CODES", "LOCALE_PATHS"})


def per_language(build: Callable[[], T]) -> Callable[[], T]:
    """`build`'s answer kept per active language. For what every page shows and only the
    catalogues decide (labels, language names): the catalogues do not change while a process
    runs, and translating the same strings again on every request was a measurable share of a
    directory page. Forgotten when a translation setting changes (tests)."""
    memo: dict[str | None, T] = {}
    _PER_LANGUAGE_MEMOS.append(memo)

    @wraps(build)
    def kept() -> T:
        language = get_language()
        if language not in memo:
            memo[language] = build()
        return memo[language]

    return kept


def _forget_per_language(*, setting: str, **kwargs) -> None:
    if setting in _TRANSLATION_SETTINGS:
        for memo in _PER_LANGUAGE_MEMOS:
            memo.clear()


setting_changed.connect(_forget_per_language)

# The page languages whose spelling starts a language name with a small letter mid-sentence.
LOWER_CASE_IN_SENTENCE = frozenset({"es", "fr", "pt-br", "ru", "vi", "ht", "kea"})


def language_name(code: str, default: str = "") -> str:
    """The name of `code` in the active language, as a label: "Inglés" on a Spanish page.

    A code Django does not know (an HSDS import may bring any) is named `default`, the name stored
    with it, or else the code itself: something to show rather than nothing."""
    try:
        name = str(get_language_info(code.lower())["name_translated"])
    except KeyError:
        return default or code
    return name[:1].upper() + name[1:]


def own_script_name(code: str) -> str:
    """The name of `code` in its own language and script ("العربيّة"), to follow language_name so a
    resident recognises their language; "" where it would only repeat that name ("español" on a
    Spanish page) or the code is unknown."""
    try:
        own = get_language_info(code.lower())["name_local"]
    except KeyError:
        return ""
    return "" if own.casefold() == language_name(code).casefold() else own


def language_in_sentence(code: str) -> str:
    """The name of `code` in the active language, to put inside a sentence: "inglés"."""
    name = language_name(code)
    if (get_language() or "") in LOWER_CASE_IN_SENTENCE and name[:1].isupper():
        return name[:1].lower() + name[1:]
    return name


def path_in_language(path: str, code: str) -> str:
    """`path` of this portal in language `code`. Our URL patterns differ between languages only by
    their prefix, so swapping it gives what translate_url() would, without resolving the path (on
    every page, for twelve languages)."""
    prefix = f"/{get_language()}/"
    if path.startswith(prefix):
        return f"/{code}/{path[len(prefix) :]}"
    return _outside_path_in(path, code)


def _outside_path_in(path: str, code: str) -> str:
    """A path without a language prefix, in another language; a path that is not one of ours
    becomes that language's home page. `//evil.example/x` must never become a link: a browser
    reads it as another host."""
    translated = translate_url(path, code)
    if translated == path or not translated.startswith("/") or translated.startswith("//"):
        return f"/{code}/"
    return translated
