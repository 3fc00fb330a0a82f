"""The consistency rules every translated text must keep; one implementation for tests and packets."""

from __future__ import annotations

import re
from collections import Counter

from . import glossary

# Python/Django placeholders (%(name)s, %s, %d), str.format and template variables, HTML tags.
_PLACEHOLDER = re.compile(r"%\([^)]+\)[sdfi]|%[sdfi]|\{[A-Za-z0-9_.]*\}|\{\{[^}]+\}\}")
_TAG = re.compile(r"</?([A-Za-z][A-Za-z0-9]*)\b[^>]*>")


def missing_terms(*, english: str, language: str, text: str, required_only: bool = True) -> list[glossary.Term]:
    """Glossary terms the English uses whose approved rendering the translation lacks.

    Advisory terms (everyday words such as "phone") are listed to reviewers but do not fail a text.
    """
    return [
        term
        for term in glossary.terms_in(english)
        if (term.required or not required_only) and not term.rendered_in(language, text)
    ]


def register_breaks(*, language: str, text: str) -> list[str]:
    found = []
    for rule in glossary.register_rules():
        if rule.language == language:
            found += [m.group(0) for m in rule.pattern.finditer(glossary.normalise(text))]
    return found


def spelling_breaks(*, language: str, text: str) -> list[str]:
    """Words spelt other than the language's one spelling (placeholders and tags are not words)."""
    prose = _PLACEHOLDER.sub(" ", _TAG.sub(" ", text))
    return [
        f"{avoid} (use {use})"
        for pattern, avoid, use in glossary.spelling_rules().get(language, ())
        if pattern.search(prose)
    ]


def script_breaks(*, language: str, text: str) -> list[str]:
    foreign = glossary.foreign_script_characters().get(language, frozenset())
    found = sorted({c for c in text if c in foreign})
    found += [avoid for avoid, _use in glossary.regional_vocabulary().get(language, ()) if avoid in text]
    return found


def markup_breaks(*, english: str, text: str, plural: bool = False) -> list[str]:
    """Placeholders or HTML tags that differ between the English and the translation.

    Plural entries hold a different number of forms per language, so only the sets are compared.
    """
    problems = []
    source, target = Counter(_PLACEHOLDER.findall(english)), Counter(_PLACEHOLDER.findall(text))
    if plural:
        source, target = Counter(set(source)), Counter(set(target))
    if source != target:
        problems.append(f"placeholders {sorted(source.elements())} != {sorted(target.elements())}")
    source_tags = Counter(t.lower() for t in _TAG.findall(english))
    target_tags = Counter(t.lower() for t in _TAG.findall(text))
    if plural:
        source_tags, target_tags = Counter(set(source_tags)), Counter(set(target_tags))
    if source_tags != target_tags:
        problems.append(f"tags {sorted(source_tags.elements())} != {sorted(target_tags.elements())}")
    return problems
