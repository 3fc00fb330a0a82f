"""Every account page and password rule reads in the resident's language.

allauth has no catalogue for Vietnamese, Somali or Cabo Verdean Creole, and Django none for
Somali or either Creole: the project's catalogues carry those strings. A page is checked against
its English twin: no sentence may come through untranslated (a word that is the same in both
languages, such as "Email", may).
"""

import re
from html.parser import HTMLParser

import pytest

from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db

LANGUAGES = ["vi", "kea", "so", "ht"]
PAGES = [
    ("accounts/login/", False),
    ("accounts/signup/", False),
    ("accounts/password/reset/", False),
    ("accounts/password/reset/done/", False),
    ("accounts/confirm-email/", False),
    ("accounts/logout/", True),
    ("accounts/password/change/", True),
    ("accounts/reauthenticate/", True),
]


class _Texts(HTMLParser):
    """The visible sentences of <main>, and the placeholders and labels read aloud."""

    def __init__(self):
        super().__init__()
        self.texts, self._in_main, self._skip = [], 0, 0

    def handle_starttag(self, tag, attrs):
        self._in_main += tag == "main"
        self._skip += tag in ("script", "style")
        if self._in_main:
            self.texts += [v for k, v in attrs if k in ("placeholder", "aria-label", "title") and v]

    def handle_endtag(self, tag):
        self._in_main -= tag == "main"
        self._skip -= tag in ("script", "style")

    def handle_data(self, data):
        if self._in_main and not self._skip and data.strip():
            self.texts.append(" ".join(data.split()))


def _sentences(html: str) -> set[str]:
    parser = _Texts()
    parser.feed(html)
    # A sentence, not a single word or an address: "Email" is Vietnamese too.
    return {t for t in parser.texts if len(t) >= 12 and re.search("[A-Za-z]{3}", t) and "@" not in t}


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("path", "signed_in"), PAGES)
def test_account_page_has_no_english_sentence_left(client, office, language, path, signed_in):
    if signed_in:
        client.force_login(UserFactory())
    english = _sentences(client.get("/en/" + path).content.decode())
    assert english, path
    translated = _sentences(client.get(f"/{language}/{path}").content.decode())
    assert not translated & english, translated & english


@pytest.mark.parametrize("language", LANGUAGES)
def test_password_rules_and_sign_up_errors_are_in_the_residents_language(client, office, language):
    english = _sentences(
        client.post("/en/accounts/signup/", {"email": "", "password1": "1234", "password2": "12345"}).content.decode()
    )
    assert any("password" in t.lower() for t in english)
    page = client.post(f"/{language}/accounts/signup/", {"email": "", "password1": "1234", "password2": "12345"})
    assert not _sentences(page.content.decode()) & english
