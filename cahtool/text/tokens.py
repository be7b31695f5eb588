"""Tokens: the words, spaces and punctuation of a text, for alignment, word diff and similarity.

Tokens are words (letters, digits and combining marks, joined by internal apostrophes and hyphens, and
numbers with internal separators), runs of whitespace, and single other characters. Han and kana are
one token per character, since those scripts do not separate words with spaces. Concatenating the
tokens always gives back the text exactly.
"""

from __future__ import annotations

import functools
import re

from cahtool.text.marks import MARKS

_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f\U00020000-\U0003134f"
_LETTER = rf"(?:[^\W{_CJK}]|[{MARKS}])"
# Without Han or kana in the text (nearly all of it), a letter is one character class, ``\w`` or a
# combining mark, which the regex engine tests at once instead of trying an alternation.
_LETTER_NO_CJK = rf"[\w{MARKS}]"
_JOINER = r"(?:['’\-‐‑]|(?<=\d)[.,](?=\d))"


@functools.cache
def _patterns(kind: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The token and word patterns, for ASCII text, for other text without Han and kana, and for text with.

    Compiled on first use: the 771 ranges of combining marks make each cost milliseconds of start-up, which
    ASCII text (no combining mark, no Han or kana, so a letter is a word character) does without.
    Possessive quantifiers (``++``, ``*+``) match exactly what greedy ones would here (what follows a
    word can always match empty, so the engine never backtracks into one), without saving a backtrack
    point per character.
    """
    letter = {"ascii": r"\w", "plain": _LETTER_NO_CJK, "cjk": _LETTER}[kind]
    cjk_char = f"[{_CJK}]|" if kind == "cjk" else ""
    word = rf"{cjk_char}{letter}++(?:{_JOINER}{letter}++)*+"
    return re.compile(rf"{word}|\s+|.", re.DOTALL), re.compile(word)


@functools.cache
def _cjk() -> re.Pattern[str]:
    """Han and kana (compiled on first use: ASCII text never asks, and the astral range costs 2 ms)."""
    return re.compile(rf"[{_CJK}]")


def _kind(text: str) -> str:
    """Which patterns a text needs (see ``_patterns``)."""
    if text.isascii():
        return "ascii"
    return "cjk" if _cjk().search(text) is not None else "plain"


def tokenize(text: str) -> list[str]:
    """Split text into word, space and punctuation tokens whose concatenation is the text."""
    return _patterns(_kind(text))[0].findall(text)


def words(text: str) -> list[str]:
    """The words of a text, case-folded, for similarity measures (punctuation and spaces dropped)."""
    text = text.casefold()
    kind = _kind(text)
    if kind == "cjk":
        return _patterns(kind)[1].findall(text)
    # No word spans whitespace, so the pattern can run piece by piece; a piece of letters and digits
    # only is one word as it stands. Two and a half times faster than one findall over the text.
    pattern = _patterns(kind)[1]
    out: list[str] = []
    for piece in text.split():
        if piece.isalnum():
            out.append(piece)
        else:
            out += pattern.findall(piece)
    return out
