"""Run every consistency rule over every shipped translation and list what breaks them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from . import checks
from .sources import Unit, all_units


@dataclass(frozen=True)
class Finding:
    key: str
    origin: str
    language: str
    rule: str  # glossary, register, script, markup
    detail: str
    english: str
    text: str

    def __str__(self) -> str:
        return (
            f"{self.origin} [{self.language}] {self.rule}: {self.detail} | EN: {self.english[:90]} | {self.text[:120]}"
        )


def unit_findings(unit: Unit, language: str) -> list[Finding]:
    text = unit.translations.get(language, "")
    if not text:
        return []

    def finding(rule: str, detail: str) -> Finding:
        return Finding(unit.key, unit.origin, language, rule, detail, unit.source, text)

    found = [
        finding("glossary", f"{term.id}: expected {term.approved(language)}")
        for term in checks.missing_terms(english=unit.source, language=language, text=text)
    ]
    found += [finding("register", marker) for marker in checks.register_breaks(language=language, text=text)]
    found += [finding("spelling", marker) for marker in checks.spelling_breaks(language=language, text=text)]
    found += [finding("script", marker) for marker in checks.script_breaks(language=language, text=text)]
    found += [
        finding("markup", problem)
        for problem in checks.markup_breaks(english=unit.source, text=text, plural=unit.plural)
    ]
    return found


def findings(units: Iterable[Unit] | None = None, languages: Iterable[str] | None = None) -> list[Finding]:
    result = []
    for unit in all_units() if units is None else units:
        for language in sorted(unit.translations) if languages is None else languages:
            result += unit_findings(unit, language)
    return result
