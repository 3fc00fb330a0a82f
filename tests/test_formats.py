"""Dates and times read as they are written in each language, and no sentence ends in "a.m..".

Django has no locale data for Haitian Creole, Cabo Verdean Creole or Somali: their pages showed
"March 1, 2027" and "6:59 a.m." until the project's format modules (moia/formats).
"""

import datetime as dt

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

MOMENT = timezone.make_aware(dt.datetime(2027, 3, 1, 6, 59))


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "March 1, 2027, 6:59 AM"),
        ("ht", "1 mas 2027, 06:59"),
        ("kea", "1 di marsu di 2027, 06:59"),
        ("so", "1 Maarso 2027, 06:59"),
    ],
)
def test_a_date_and_time_is_written_the_languages_way(language, expected):
    with translation.override(language):
        rendered = Template('{{ when|date:"DATETIME_FORMAT" }}').render(Context({"when": MOMENT}))
    assert rendered == expected


@pytest.mark.parametrize("language", ["en", "ht", "kea", "so", "es", "fr"])
def test_a_sentence_ending_in_a_time_has_one_period(language):
    template = Template(
        '{% load i18n %}{% blocktranslate with when=when|date:"DATETIME_FORMAT" %}'
        "Thank you. Your report was received on {{ when }}.{% endblocktranslate %}"
    )
    with translation.override(language):
        assert ".." not in template.render(Context({"when": MOMENT}))
