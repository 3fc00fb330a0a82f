"""The terminology base (locale/glossary/): approved renderings, register and script rules.

Data, not code: a reviewer edits the CSV files and the consistency test and the review packets
follow. See locale/glossary/README.md for how each file is read.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings

# Arabic short vowels and tanwin are optional in running text: "محامٍ" and "محام" are one word.
_ARABIC_MARKS = re.compile("[\u064b-\u0652\u0670]")
_PLACEHOLDERS = re.compile(r"%\([^)]+\)[sdfi]|\{[A-Za-z0-9_.]*\}|\{\{[^}]+\}\}")


def glossary_dir() -> Path:
    return Path(settings.BASE_DIR) / "locale" / "glossary"


def normalise(text: str) -> str:
    """The form renderings are compared in: NFC, one apostrophe, no Arabic vowel marks, case-folded."""
    text = unicodedata.normalize("NFC", text).replace("\u2019", "'").replace("\u00a0", " ")
    return _ARABIC_MARKS.sub("", text).casefold()


@dataclass(frozen=True)
class Rendering:
    text: str

    @property
    def is_pattern(self) -> bool:
        return len(self.text) > 2 and self.text.startswith("/") and self.text.endswith("/")

    def found_in(self, normalised_text: str) -> bool:
        if self.is_pattern:
            return re.search(normalise(self.text[1:-1]), normalised_text) is not None
        return normalise(self.text) in normalised_text


@dataclass(frozen=True)
class Term:
    id: str
    en: str
    en_pattern: re.Pattern
    kind: str  # term, promise, name, dnt (do not translate)
    required: bool  # required: the test fails without it; advisory: shown to reviewers only
    note: str
    renderings: dict[str, tuple[Rendering, ...]]

    @property
    def do_not_translate(self) -> bool:
        return self.kind == "dnt"

    def approved(self, language: str) -> str:
        """The first rendering listed is the approved one; the rest are allowed inflections."""
        return self.renderings[language][0].text

    def in_english(self, text: str) -> bool:
        # "%(program)s" names a placeholder, not the word: only the prose counts.
        return self.en_pattern.search(_PLACEHOLDERS.sub(" ", text)) is not None

    def rendered_in(self, language: str, text: str) -> bool:
        normalised = normalise(text)
        return any(r.found_in(normalised) for r in self.renderings.get(language, ()))


# A cell lists renderings separated by "|"; a /pattern/ may itself hold "|" ("(a|b)"), so it
# is taken whole up to its closing slash.
_RENDERING = re.compile(r"\s*(/[^/]+/|[^|]+?)\s*(?:\||$)")


def renderings_split(cell: str) -> list[str]:
    return [match.group(1) for match in _RENDERING.finditer(cell) if match.group(1).strip()]


@cache
def terms() -> tuple[Term, ...]:
    with open(glossary_dir() / "terms.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    languages = [code for code in settings.LANGUAGE_CODES if code != "en"]
    return tuple(
        Term(
            id=row["id"],
            en=row["en"],
            en_pattern=re.compile(row["en_pattern"], re.IGNORECASE),
            kind=row["kind"],
            required=row["check"] == "required",
            note=row["note"],
            renderings={code: tuple(Rendering(text) for text in renderings_split(row[code])) for code in languages},
        )
        for row in rows
    )


def terms_in(english: str) -> list[Term]:
    return [term for term in terms() if term.in_english(english)]


@dataclass(frozen=True)
class RegisterRule:
    language: str
    pattern: re.Pattern
    note: str


@cache
def register_rules() -> tuple[RegisterRule, ...]:
    """Markers of the register a language must not use (the portal speaks one register per language)."""
    with open(glossary_dir() / "register.csv", encoding="utf-8", newline="") as handle:
        return tuple(
            RegisterRule(row["language"], re.compile(row["forbidden"], re.IGNORECASE), row["note"])
            for row in csv.DictReader(handle)
        )


def _characters(name: str) -> frozenset[str]:
    lines = (glossary_dir() / name).read_text(encoding="utf-8").splitlines()
    return frozenset("".join(line.strip() for line in lines if not line.startswith("#")))


@cache
def foreign_script_characters() -> dict[str, frozenset[str]]:
    """Characters that belong only to the other Chinese script."""
    return {"zh-hant": _characters("simplified_only.txt"), "zh-hans": _characters("traditional_only.txt")}


@cache
def regional_vocabulary() -> dict[str, tuple[tuple[str, str], ...]]:
    """Words in the right characters but the wrong region (mainland words in Taiwan/Hong Kong text)."""
    with open(glossary_dir() / "regional_vocabulary.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    result: dict[str, list[tuple[str, str]]] = {}
    for row in rows:
        result.setdefault(row["language"], []).append((row["avoid"], row["use"]))
    return {language: tuple(pairs) for language, pairs in result.items()}


@cache
def spelling_rules() -> dict[str, tuple[tuple[re.Pattern, str, str], ...]]:
    """Whole words a language spells one way only (kea ALUPEC: one spelling per word)."""
    with open(glossary_dir() / "spelling.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    result: dict[str, list[tuple[re.Pattern, str, str]]] = {}
    for row in rows:
        pattern = re.compile(r"(?<![\w-])" + re.escape(row["avoid"]) + r"(?![\w-])", re.IGNORECASE)
        result.setdefault(row["language"], []).append((pattern, row["avoid"], row["use"]))
    return {language: tuple(rules) for language, rules in result.items()}
