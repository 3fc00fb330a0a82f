# ruff: noqa: RUF001, RUF002  (full-width and Arabic characters are the point of these tests)
"""Whatever a resident or a script types into a search box, every search answers (never a 500).

Characters that Unicode normalisation turns into tsquery syntax (`⑴` is `(1)`, `！` is `!`,
full-width `：＊`), NUL and other controls, right-to-left marks, emoji, 10 kB queries: the
directory list, the printable list, "email me this list" and the HSDS API's `search` parameter."""

from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.factories.directory import ServiceFactory, TaxonomyTermFactory

pytestmark = pytest.mark.django_db

NASTY = [
    "⑴",
    "⑴⑵ ⒜",
    "(",
    ")",
    "!",
    "！",
    ":*",
    "：＊",
    "&|",
    "a & b | !c :* <->",
    "'",
    "''",
    "\\",
    "\x00",
    "abogado\x00",
    "\u200f\u202eمحامي\u202c",
    "😀" * 50,
    "x" * 10_000,
    "ⅰⅱ ﬁ ㈱ ㍿",
    "%_",
    "律師" * 400,
    "%ED%A0%80",  # sent raw below: a lone surrogate, as bytes no UTF-8 decoder accepts
    "%FF%FE",
]


def _search_everywhere(client, q: str, language: str) -> None:
    encoded = q if q.startswith("%") else quote(q)
    for url in (f"/{language}/directory/", f"/{language}/directory/print/", f"/{language}/directory/email/"):
        response = client.get(f"{url}?q={encoded}")
        assert response.status_code == 200, (url, q)
    response = client.post(f"/{language}/directory/email/?q={encoded}", {"email": "not an address"})
    assert response.status_code == 200, ("email", q)
    response = client.get(f"/api/hsds/services?lang={language}&search={encoded}")
    assert response.status_code == 200, ("api", q)
    assert response.json()["size"] <= 200


@pytest.fixture
def listed(office):
    legal = TaxonomyTermFactory(code="legal", name_en="Legal help", name_zh_hans="法律帮助")
    ServiceFactory(name_en="Immigration lawyer (1)", name_es="Abogado de inmigración", categories=[legal])


@pytest.mark.parametrize("q", NASTY)
def test_characters_that_normalise_to_query_syntax_never_fail(client, listed, q):
    _search_everywhere(client, q, "en")


@settings(max_examples=60, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    q=st.text(st.characters(codec="utf-8"), max_size=400) | st.sampled_from(NASTY),
    language=st.sampled_from(["en", "es", "zh-hant", "ar", "vi", "so"]),
)
@example(q="⑴", language="zh-hans")
def test_any_unicode_query_in_any_language_is_answered(client, listed, q, language):
    _search_everywhere(client, q, language)
