"""Tokeniser and text normalisers shared by alignment, word diff and classification.

Tokens are words (letters, digits and combining marks, joined by internal apostrophes and hyphens, and
numbers with internal separators), runs of whitespace, and single other characters. Han and kana are
one token per character, since those scripts do not separate words with spaces. Concatenating the
tokens always gives back the text exactly.
"""

from __future__ import annotations

import re
import unicodedata

from cahtool._marks import MARKS

_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f\U00020000-\U0003134f"
_LETTER = rf"(?:[^\W{_CJK}]|[{MARKS}])"
_JOINER = r"(?:['’\-‐‑]|(?<=\d)[.,](?=\d))"
_TOKEN = re.compile(rf"[{_CJK}]|{_LETTER}+(?:{_JOINER}{_LETTER}+)*|\s+|.", re.DOTALL)
_WORD = re.compile(rf"[{_CJK}]|{_LETTER}+(?:{_JOINER}{_LETTER}+)*")


def tokenize(text: str) -> list[str]:
    """Split text into word, space and punctuation tokens whose concatenation is the text."""
    return _TOKEN.findall(text)


def words(text: str) -> list[str]:
    """The words of a text, case-folded, for similarity measures (punctuation and spaces dropped)."""
    return _WORD.findall(text.casefold())


# -- normalisers: each is one declared editorial rule of classify.RULES -------------------------

_QUOTES = str.maketrans({
    "“": '"', "”": '"', "„": '"', "‟": '"', "«": '"', "»": '"', "″": '"', "＂": '"',
    "‘": "'", "’": "'", "‚": "'", "‛": "'", "‹": "'", "›": "'", "′": "'", "＇": "'",
})
_DASHES = str.maketrans({c: "-" for c in "‐‑‒–—―−﹘﹣－"})
_OPENING = "\"'“‘«‹„"
_INITIAL = re.compile(rf"(^|[{re.escape(_OPENING)}]|\n)(\w)")
_END_PUNCT = re.compile(r"[\s;.,:]+$")
_SPACE = re.compile(r"\s+")


def nfc(text: str) -> str:
    """Unicode canonical composition (an accent typed apart from its letter is the same text)."""
    return unicodedata.normalize("NFC", text)


def collapse_whitespace(text: str) -> str:
    """Runs of whitespace (spaces, tabs, line breaks) become one space; none at either end."""
    return _SPACE.sub(" ", text).strip()


def fold_quotes(text: str) -> str:
    """Curly, angled and straight quotation marks and apostrophes become straight ones."""
    return text.translate(_QUOTES)


def fold_dashes(text: str) -> str:
    """Hyphens, non-breaking hyphens, en and em dashes and minus signs become a hyphen-minus."""
    return text.translate(_DASHES)


def fold_initial_case(text: str) -> str:
    """The first letter of the text, of a line, and of a quoted term becomes lower case.

    This is the list style that differs between the Rome Statute ("(a) Murder;") and the ILC
    ("(a) murder;"), and between defined terms (“Attack ...” / “attack ...”). Capitals inside a
    sentence (State, Court) are left alone: there, case can carry meaning.
    """
    return _INITIAL.sub(lambda m: m.group(1) + m.group(2).lower(), text)


def strip_end_punctuation(text: str) -> str:
    """The punctuation that closes a list item (``;``, ``.``, ``,``, ``:``) is dropped."""
    return _END_PUNCT.sub("", text)


def comparable(text: str) -> str:
    """Every normaliser at once: the key under which two texts count as editorially equal."""
    text = collapse_whitespace(nfc(text))
    return strip_end_punctuation(fold_initial_case(fold_dashes(fold_quotes(text))))
