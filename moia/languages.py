"""Naming a language to the reader, in the page's language.

settings.LANGUAGES holds each language's name as a label ("Inglés", "Anglais"), the form a list or
a menu shows. Inside a sentence ("PDF en inglés", "les textes en anglais") these languages write
language names in lower case, as CLDR's display names do; Arabic, Chinese and Somali have no such
change. The language selector names each language in its own script instead (templates/base.html).
"""

from django.conf import settings
from django.utils.translation import get_language

# The page languages whose spelling starts a language name with a small letter mid-sentence.
LOWER_CASE_IN_SENTENCE = frozenset({"es", "fr", "pt-br", "ru", "vi", "ht", "kea"})


def language_label(code: str) -> str:
    """The name of `code` in the active language, as a label: "Inglés"."""
    return str(dict(settings.LANGUAGES).get(code, code))


def language_in_sentence(code: str) -> str:
    """The name of `code` in the active language, to put inside a sentence: "inglés"."""
    name = language_label(code)
    if (get_language() or "") in LOWER_CASE_IN_SENTENCE and name[:1].isupper():
        return name[:1].lower() + name[1:]
    return name
