# ruff: noqa: RUF001, RUF002  (Cyrillic, Arabic and full-width letters are the point of this file)
"""How directory text becomes search words: the one analyser used to index and to query.

The same function folds a listing when it is indexed and a resident's query when it is searched,
on PostgreSQL and in the embedded SQLite mode, so the two sides always agree:

- NFKC first, so compatibility characters become what they look like (`⑴` is `(1)`, full-width
  `ＳＮＡＰ` is `SNAP`) and can never reach PostgreSQL's tsquery parser as syntax;
- lower case and no accents (`Niñez` = `ninez`, `luật sư` = `luat su`, `đ` = `d`): residents
  often type on keyboards without them;
- Chinese in one script (Traditional folded to Simplified with OpenCC), cut into overlapping
  character pairs as Lucene's CJK analyser does (`申請綠卡` -> `申请 请绿 绿卡`): no spaces are
  needed, and no dictionary can miss a word;
- words are runs of letters and digits only: acronyms and numbers (DACA, TPS, I-130) are kept.
"""

import re
import unicodedata

import opencc

# Han (with compatibility ideographs), Hiragana/Katakana and Hangul: written without spaces.
CJK_CHARACTER = r"\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
_TOKEN = re.compile(rf"[{CJK_CHARACTER}]+|[^\W_{CJK_CHARACTER}]+")
_CJK_RUN = re.compile(rf"[{CJK_CHARACTER}]+")
# Letters NFD does not decompose into a base letter and a mark.
_LETTERS = str.maketrans({"đ": "d", "ø": "o", "ł": "l", "ħ": "h", "ı": "i", "æ": "ae", "œ": "oe", "ŀ": "l"})
_T2S = opencc.OpenCC("t2s")

# PostgreSQL stems these languages; the others are indexed word for word ("simple").
TEXT_SEARCH_CONFIGS = {
    "en": "english",
    "es": "spanish",
    "pt-br": "portuguese",
    "fr": "french",
    "ru": "russian",
    "ar": "arabic",
}


def text_search_config(language: str) -> str:
    """The PostgreSQL text search configuration that stems `language`'s words."""
    return TEXT_SEARCH_CONFIGS.get(language, "simple")


def fold(text: str) -> str:
    """Text as the index keeps it: NFKC, lower case, no accents, Chinese in Simplified script."""
    text = unicodedata.normalize("NFKC", text or "").casefold().translate(_LETTERS)
    text = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    text = unicodedata.normalize("NFC", text)
    if _CJK_RUN.search(text):
        text = _T2S.convert(text)
    return text


# Words that say nothing about what is searched for, in each language (accent-free, lower case).
# PostgreSQL's own lists cover English, Spanish, French, Portuguese and Russian when it stems;
# these are applied to every query so that unstemmed text ("simple") is not matched on them either.
STOP_WORDS: dict[str, frozenset[str]] = {
    code: frozenset(fold(word) for word in words.split())
    for code, words in {
        "en": "a an and are as at be by can could do does for from get got have i i'm in into is it its me "
        "my near need of on or our please some someone that the their them there this to us want we what "
        "where which who with without you your how find looking help am im",
        "es": "a al algo alguien como con de del donde el ella en es esta estoy hay la las lo los me mi mis "
        "necesito para por que quiero se si sin su sus un una uno unos y yo busco buscando puedo",
        "fr": "a au aux avec ce de des du elle en est et je la le les ma mes mon ou ou par pour que qui "
        "sans se son sur un une veux besoin cherche chercher trouver puis",
        "pt-br": "a ao as com como da das de do dos e em eu meu minha na no nos o os para por preciso quero "
        "que se sem um uma procuro posso",
        "ru": "а в во где для и из к как мне мой моя на не нужен нужна нужно о от по с со у что я хочу ищу можно",
        "ar": "في من على الى إلى عن مع أنا انا اريد أريد أحتاج احتاج هل ما و او أو لي",
        "ht": "a ak an bezwen chache de e epi kote la li m mwen nan pou sa se yon ki pa vle kijan konn kouman jwenn",
        "kea": "a ku di e na pa um un mi nha nhas N bu ta sta ki ka kre meste buska",
        "so": "iyo ka ku u waxaan ayaan aan waa oo la iga ii si ah kale doonayaa rabaa raadinayaa sidee xagee halkee",
        "vi": "toi can muon tim cho cua va o la co mot nhung cac de giup khong o dau the nao ban minh",
        "zh-hans": "我 想 要 的 了 在 是 和 找 请 帮 一个 哪里 怎么 可以 需要",
        "zh-hant": "我 想 要 的 了 在 是 和 找 请 帮 一个 哪里 怎么 可以 需要",
    }.items()
}


def _pairs(run: str) -> list[str]:
    return [run] if len(run) == 1 else [run[i : i + 2] for i in range(len(run) - 1)]


def words(text: str) -> list[str]:
    """The searchable words of a text, in order (Chinese and Japanese as overlapping pairs)."""
    found: list[str] = []
    for token in _TOKEN.findall(fold(text)):
        found += _pairs(token) if _CJK_RUN.fullmatch(token) else [token]
    return found


def index_text(text: str) -> str:
    """A text as its words separated by spaces: what PostgreSQL's parser reads, one word each."""
    return " ".join(words(text))


def is_cjk(word: str) -> bool:
    return bool(_CJK_RUN.match(word))


def stop_words(languages: list[str]) -> frozenset[str]:
    return frozenset().union(*(STOP_WORDS.get(code, frozenset()) for code in languages))


def document_lines(document: str) -> tuple[str, str, str]:
    """A stored search document's three lines of words: name, headings, the rest."""
    title, headings, body = [*document.split("\n"), "", "", ""][:3]
    return title, headings, body
