"""Tokeniser and text normalisers shared by alignment, word diff and classification.

Tokens are words (letters, digits and combining marks, joined by internal apostrophes and hyphens, and
numbers with internal separators), runs of whitespace, and single other characters. Han and kana are
one token per character, since those scripts do not separate words with spaces. Concatenating the
tokens always gives back the text exactly.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from cahtool._marks import MARKS

_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f\U00020000-\U0003134f"
_LETTER = rf"(?:[^\W{_CJK}]|[{MARKS}])"
# Without Han or kana in the text (nearly all of it), a letter is one character class, ``\w`` or a
# combining mark, which the regex engine tests at once instead of trying an alternation.
_LETTER_NO_CJK = rf"[\w{MARKS}]"
_JOINER = r"(?:['’\-‐‑]|(?<=\d)[.,](?=\d))"
_HAS_CJK = re.compile(rf"[{_CJK}]")


@functools.cache
def _patterns(cjk: bool) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The token and word patterns, for text with or without Han and kana.

    Compiled on first use: the 771 ranges of combining marks make each cost milliseconds of start-up.
    Possessive quantifiers (``++``, ``*+``) match exactly what greedy ones would here (what follows a
    word can always match empty, so the engine never backtracks into one), without saving a backtrack
    point per character.
    """
    letter = _LETTER if cjk else _LETTER_NO_CJK
    cjk_char = f"[{_CJK}]|" if cjk else ""
    word = rf"{cjk_char}{letter}++(?:{_JOINER}{letter}++)*+"
    return re.compile(rf"{word}|\s+|.", re.DOTALL), re.compile(word)


def _has_cjk(text: str) -> bool:
    return not text.isascii() and _HAS_CJK.search(text) is not None


def tokenize(text: str) -> list[str]:
    """Split text into word, space and punctuation tokens whose concatenation is the text."""
    return _patterns(_has_cjk(text))[0].findall(text)


def words(text: str) -> list[str]:
    """The words of a text, case-folded, for similarity measures (punctuation and spaces dropped)."""
    text = text.casefold()
    if _has_cjk(text):
        return _patterns(True)[1].findall(text)
    # No word spans whitespace, so the pattern can run piece by piece; a piece of letters and digits
    # only is one word as it stands. Two and a half times faster than one findall over the text.
    pattern = _patterns(False)[1]
    out: list[str] = []
    for piece in text.split():
        if piece.isalnum():
            out.append(piece)
        else:
            out += pattern.findall(piece)
    return out


# -- normalisers: each is one declared editorial rule of classify.RULES -------------------------

_QUOTES = str.maketrans({
    "“": '"', "”": '"', "„": '"', "‟": '"', "«": '"', "»": '"', "″": '"', "＂": '"',
    "‘": "'", "’": "'", "‚": "'", "‛": "'", "‹": "'", "›": "'", "′": "'", "＇": "'",
})
_DASHES = str.maketrans({c: "-" for c in "‐‑‒–—―−﹘﹣－"})
_OPENING = "\"'“‘«‹„"
_INITIAL = re.compile(rf"(^|[{re.escape(_OPENING)}]|\n)(\w)")
_AFTER_INITIAL = re.compile(rf"[{re.escape(_OPENING)}\n]")
_END_CHARS = ";.,:"


def nfc(text: str) -> str:
    """Unicode canonical composition (an accent typed apart from its letter is the same text)."""
    return unicodedata.normalize("NFC", text)


def collapse_whitespace(text: str) -> str:
    """Runs of whitespace (spaces, tabs, line breaks) become one space; none at either end."""
    # str.split() and the regex's \s agree on what is whitespace (both Py_UNICODE_ISSPACE).
    return " ".join(text.split())


def fold_quotes(text: str) -> str:
    """Curly, angled and straight quotation marks and apostrophes become straight ones."""
    return text if text.isascii() else text.translate(_QUOTES)  # every mark folded is non-ASCII


def fold_dashes(text: str) -> str:
    """Hyphens, non-breaking hyphens, en and em dashes and minus signs become a hyphen-minus."""
    return text if text.isascii() else text.translate(_DASHES)  # every dash folded is non-ASCII


def fold_initial_case(text: str) -> str:
    """The first letter of the text, of a line, and of a quoted term becomes lower case.

    This is the list style that differs between the Rome Statute ("(a) Murder;") and the ILC
    ("(a) murder;"), and between defined terms (“Attack ...” / “attack ...”). Capitals inside a
    sentence (State, Court) are left alone: there, case can carry meaning.
    """
    if _AFTER_INITIAL.search(text) is None:
        # No quotation mark and no line break: only the very first character can be an initial
        # (``\w`` is ``isalnum()`` or ``_``).
        first = text[:1]
        return first.lower() + text[1:] if first.isalnum() or first == "_" else text
    return _INITIAL.sub(lambda m: m.group(1) + m.group(2).lower(), text)


def strip_end_punctuation(text: str) -> str:
    """The punctuation that closes a list item (``;``, ``.``, ``,``, ``:``) is dropped."""
    # The trailing run of whitespace and ; . , : (what the regex [\s;.,:]+$ removes), found from the
    # end rather than by a regex that tries every run of spaces in the text.
    end = len(text)
    while end and (text[end - 1] in _END_CHARS or text[end - 1].isspace()):
        end -= 1
    return text[:end]


def comparable(text: str) -> str:
    """Every normaliser at once: the key under which two texts count as editorially equal."""
    text = collapse_whitespace(nfc(text))
    return strip_end_punctuation(fold_initial_case(fold_dashes(fold_quotes(text))))
