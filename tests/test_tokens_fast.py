"""The fast paths of the tokeniser and normalisers give exactly what their plain regexes gave.

The reference implementations below are the first versions of the tokeniser and normalisers, kept as oracles:
the faster code (possessive quantifiers, a CJK-free pattern, str.split, rstrip, texts that are their own normal
form) must agree
with them on any text, or alignment, diffs and classes would silently change.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from cahtool.text import rules, tokens
from cahtool.text.marks import MARKS
from cahtool.text.rules import _OPENING
from cahtool.text.tokens import _CJK, _JOINER

_LETTER = rf"(?:[^\W{_CJK}]|[{MARKS}])"
TOKEN = re.compile(rf"[{_CJK}]|{_LETTER}+(?:{_JOINER}{_LETTER}+)*|\s+|.", re.DOTALL)
WORD = re.compile(rf"[{_CJK}]|{_LETTER}+(?:{_JOINER}{_LETTER}+)*")
INITIAL = re.compile(rf"(^|[{re.escape(_OPENING)}]|\n)(\w)")
END_PUNCT = re.compile(r"[\s;.,:]+$")
SPACE = re.compile(r"\s+")

REFERENCE = {
    "tokenize": lambda t: TOKEN.findall(t),
    "words": lambda t: WORD.findall(t.casefold()),
    "collapse_whitespace": lambda t: SPACE.sub(" ", t).strip(),
    "fold_quotes": lambda t: t.translate(rules._QUOTES),
    "fold_dashes": lambda t: t.translate(rules._DASHES),
    "fold_initial_case": lambda t: INITIAL.sub(lambda m: m.group(1) + m.group(2).lower(), t),
    "strip_end_punctuation": lambda t: END_PUNCT.sub("", t),
}

def _function(name: str):
    return getattr(tokens if name in ("tokenize", "words") else rules, name)


# Characters where the fast paths could differ: every kind of space, quotes, dashes, joiners, digits
# with separators, combining marks, Han and kana (and a mark inside the kana block), letters whose
# case changes length or whose lower case is special, underscores.
TRICKY = (
    "aAzZ09_ \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u200a\u2028\u2029\u202f\u205f\u3000"
    "\"'“”„‟«»″＂‘’‚‛‹›′＇-‐‑‒–—―−﹘﹣－.,;:()[]/"
    "\u0301\u0308\u093e\u3099\u309a"
    "漢字かなカナｶﾅ\U00020000"
    "İıßẞǅǄΣσςÉéŉ²½٣"
)
texts = st.text(alphabet=st.sampled_from(TRICKY), max_size=40) | st.text(max_size=40)


@settings(max_examples=400, deadline=None)
@given(texts)
def test_fast_paths_agree_with_the_reference_regexes(text: str) -> None:
    for name, reference in REFERENCE.items():
        assert _function(name)(text) == reference(text), name


def test_fast_paths_agree_on_the_corpus(corpus) -> None:
    for doc in corpus.documents():
        for p in doc.walk():
            for text in (p.heading, p.text, p.num):
                for name, reference in REFERENCE.items():
                    assert _function(name)(text) == reference(text), (doc.id, p.eid, name)


ASCII_TRICKY = "aAzZ09_ \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\"'-.,;:()[]/"


#: Words as a loader gives them, one space apart, some opening quotes, closing punctuation or odd spaces.
SPACED = st.lists(st.sampled_from(["State", "state's", "murder", "Murder;", '"attack"', "\u201cattack\u201d", "(h)",
                                   "\u00e9t\u00e9", "_x", "7.", "\u2014", ";", ":", "\u00a0", "a\tb", "a\nb", ""]),
                  max_size=8).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(ASCII_TRICKY), max_size=60)
       | st.text(alphabet=st.characters(max_codepoint=127)) | SPACED)
def test_the_ascii_patterns_agree_with_the_reference_regexes(text: str) -> None:
    """ASCII text takes patterns without the combining marks (compiled in no time), and normalisers that look for
    straight quotes as characters; a printable text with single spaces is its own collapsed form: the same
    tokens, words and normal forms as the references give."""
    for name, reference in REFERENCE.items():
        assert _function(name)(text) == reference(text), name
