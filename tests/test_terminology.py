"""One voice per language: every shipped translation keeps the glossary, one register and one script.

Reads every catalogue and every translated demo/seed content file (moia/l10n/sources.py); the
rules and their data live in locale/glossary/ (see its README).
"""

import csv
import re
from collections import defaultdict

import pytest
from django.conf import settings

from moia.l10n import audit, checks, glossary
from moia.l10n.sources import all_units, target_languages

LANGUAGES = target_languages()


@pytest.fixture(scope="module")
def units():
    return list(all_units())


@pytest.fixture(scope="module")
def findings_by_language(units):
    found = defaultdict(list)
    for finding in audit.findings(units):
        found[finding.language].append(finding)
    return found


def _report(found, rule):
    lines = [str(f) for f in found if f.rule == rule]
    return f"{len(lines)} finding(s):\n" + "\n".join(lines[:40])


def test_glossary_has_eighty_terms_rendered_in_every_language():
    terms = glossary.terms()
    assert len(terms) >= 80
    assert len({t.id for t in terms}) == len(terms)
    for term in terms:
        for language in LANGUAGES:
            assert term.approved(language), (term.id, language)
        if term.do_not_translate:
            # A name kept as it is must be kept letter for letter.
            assert all(term.approved(language) == term.en for language in LANGUAGES), term.id


def test_the_promises_the_issue_names_are_in_the_glossary():
    english = {t.en.casefold() for t in glossary.terms()}
    for term in [
        "immigration status",
        "anonymous",
        "confidential",
        "lawyer",
        "legal help",
        "consultation",
        "help request",
        "programme",
        "grant",
        "fiscal sponsor",
        "eligibility",
        "know your rights",
        "city of belonging",
        "mayor's office for immigrant advancement",
        "neighbourhood",
        "appointment",
        "waitlist",
        "emergency plan",
        "annual report",
        "suppressed",
    ]:
        assert term in english, term


def test_every_source_is_read(units):
    origins = {u.origin for u in units}
    # Every catalogue directory and every shipped content file with translations.
    assert {"locale", "directory", "programs", "grants", "surveys", "reports"} <= {o.split("/")[0] for o in origins}
    assert "demo/data/boston/programs.json" in origins
    assert "demo/data/boston/surveys.json" in origins
    assert sum(len(u.translations) for u in units) > 20000


def test_a_missing_or_wrong_rendering_is_caught():
    # The rule itself, on the finding the issue reported: Somali "qarsoodi" (secret) for "anonymous".
    english = "Answer an anonymous survey."
    wrong = checks.missing_terms(english=english, language="so", text="Ka jawaab sahan qarsoodi ah.")
    right = checks.missing_terms(english=english, language="so", text="Ka jawaab sahan magac la'aan ah.")
    assert [t.id for t in wrong] == ["anonymous"]
    assert right == []
    assert checks.register_breaks(language="vi", text="Bạn có thể gọi cho chúng tôi.")
    assert not checks.register_breaks(language="vi", text="Quý vị có thể gọi cho chúng tôi.")
    assert checks.script_breaks(language="zh-hant", text="請重新加載頁面")
    assert checks.script_breaks(language="zh-hant", text="请重新載入頁面")
    assert not checks.script_breaks(language="zh-hant", text="請重新載入頁面")
    assert checks.markup_breaks(english="<b>%(name)s</b> applied", text="%(nom)s a postulé")
    assert checks.spelling_breaks(language="kea", text="Pidi ajuda na bu lingua.")
    assert not checks.spelling_breaks(language="kea", text="Pidi djuda na bu língua.")


@pytest.mark.parametrize("language", LANGUAGES)
def test_glossary_terms_keep_their_approved_rendering(findings_by_language, language):
    found = findings_by_language[language]
    assert not [f for f in found if f.rule == "glossary"], _report(found, "glossary")


@pytest.mark.parametrize("language", LANGUAGES)
def test_one_register_per_language(findings_by_language, language):
    found = findings_by_language[language]
    assert not [f for f in found if f.rule == "register"], _report(found, "register")


@pytest.mark.parametrize("language", LANGUAGES)
def test_one_spelling_per_word(findings_by_language, language):
    # kea: the catalogues mixed ALUPEC with Portuguese and Spanish-style spellings (ajuda, muitu, y).
    found = findings_by_language[language]
    assert not [f for f in found if f.rule == "spelling"], _report(found, "spelling")


@pytest.mark.parametrize("language", ["zh-hans", "zh-hant"])
def test_one_chinese_script_and_region(findings_by_language, language):
    found = findings_by_language[language]
    assert not [f for f in found if f.rule == "script"], _report(found, "script")


@pytest.mark.parametrize("language", LANGUAGES)
def test_placeholders_and_tags_are_intact(findings_by_language, language):
    found = findings_by_language[language]
    assert not [f for f in found if f.rule == "markup"], _report(found, "markup")


def test_register_and_vocabulary_files_name_real_languages():
    with open(glossary.glossary_dir() / "register.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            assert row["language"] in settings.LANGUAGE_CODES
            re.compile(row["forbidden"])
    for language in glossary.regional_vocabulary():
        assert language in settings.LANGUAGE_CODES


def test_english_never_promises_what_the_city_does_not(units):
    # The seeds: the City "cannot guarantee the sufficiency, accuracy, or confidentiality of any
    # information shared during consultation"; and a lawyer *may* represent you.
    city_consultations = [
        u
        for u in units
        if re.search(r"\bconsultations?\b", u.source, re.I)
        and re.search(r"\bconfidential", u.source, re.I)
        and re.search(r"phone|City|MOIA", u.source)
    ]
    assert city_consultations, "the phone consultation texts are read"
    for unit in city_consultations:
        assert "cannot guarantee" in unit.source, unit.key
    promises = [u.key for u in units if re.search(r"\b(lawyer|attorney)s? (can|will) represent", u.source, re.I)]
    assert promises == []


def test_a_glossary_pattern_with_alternatives_is_one_rendering():
    # Russian's help_request pattern with alternatives was once split at its "|" and never matched.
    from moia.l10n.glossary import Rendering, renderings_split

    cell = r"request for help|/request\w* (for|of) help/|/appeal\w* for help/"
    parts = renderings_split(cell)
    assert parts == ["request for help", r"/request\w* (for|of) help/", r"/appeal\w* for help/"]
    assert Rendering(parts[1]).found_in("the requests of help you enter")
