"""The editorial rules: the one table that says when two texts differ only in form.

A change is *editorial* when the two texts are equal once every rule of ``RULES`` is applied, in the
order of the table; anything else is *substantive*. ``diff`` classifies changes with it and ``check``
finds documents uploaded twice with it, so a rule added here counts everywhere at once. Each rule is a
name, a sentence and a function; ``rules_needed`` says which rules made a change editorial.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

# -- normalisers: each is one declared editorial rule of RULES ---------------------------------

_QUOTES = str.maketrans({
    "“": '"', "”": '"', "„": '"', "‟": '"', "«": '"', "»": '"', "″": '"', "＂": '"',
    "‘": "'", "’": "'", "‚": "'", "‛": "'", "‹": "'", "›": "'", "′": "'", "＇": "'",
})
_DASHES = str.maketrans({c: "-" for c in "‐‑‒–—―−﹘﹣－"})
_OPENING = "\"'“‘«‹„"
_INITIAL = re.compile(rf"(^|[{re.escape(_OPENING)}]|\n)(\w)")
_AFTER_INITIAL = re.compile(rf"[{re.escape(_OPENING)}\n]")
_END_CHARS = ";.,:"
#: What ``strip_end_punctuation`` strips at once (the rest of the whitespace, rarer, one character at a time).
_END_STRIPPED = _END_CHARS + " \t\n\r\x0b\x0c"


def nfc(text: str) -> str:
    """Unicode canonical composition (an accent typed apart from its letter is the same text)."""
    return unicodedata.normalize("NFC", text)


_NOTE_NUMBER = re.compile(r"(^|\n)\[\d+\] ")


def fold_note_numbers(text: str) -> str:
    """A footnote's number (the ``[3]`` that opens its line) becomes ``[#]``: it counts the notes before it."""
    return _NOTE_NUMBER.sub(r"\1[#] ", text) if "] " in text else text


def collapse_whitespace(text: str) -> str:
    """Runs of whitespace (spaces, tabs, line breaks) become one space; none at either end."""
    # A printable text has no whitespace but the space (every other whitespace character is a separator or a
    # control character, which isprintable refuses): with no two together and none at an end, it is its own answer
    # (most texts a loader gives, found in C at a fraction of splitting and joining them).
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text
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
    # In ASCII the only opening marks are the straight quotes: looked for as characters, not by a pattern.
    if ('"' not in text and "'" not in text and "\n" not in text) if text.isascii() else (
            _AFTER_INITIAL.search(text) is None):
        # No quotation mark and no line break: only the very first character can be an initial
        # (``\w`` is ``isalnum()`` or ``_``).
        first = text[:1]
        if first.isalnum() or first == "_":
            lower = first.lower()
            return text if lower == first else lower + text[1:]
        return text
    return _INITIAL.sub(lambda m: m.group(1) + m.group(2).lower(), text)


def strip_end_punctuation(text: str) -> str:
    """The punctuation that closes a list item (``;``, ``.``, ``,``, ``:``) is dropped."""
    # The trailing run of whitespace and ; . , : (what the regex [\s;.,:]+$ removes), found from the
    # end rather than by a regex that tries every run of spaces in the text; in C for the usual whitespace.
    text = text.rstrip(_END_STRIPPED)
    end = len(text)
    while end and (text[end - 1] in _END_CHARS or text[end - 1].isspace()):
        end -= 1
    return text[:end]


@dataclass(frozen=True, slots=True)
class Rule:
    """A declared normalisation: two texts equal after it differ only editorially."""

    id: str
    description: str
    normalise: Callable[[str], str]


RULES: tuple[Rule, ...] = (
    Rule("unicode-nfc", "Unicode canonical composition (NFC): the same letters, encoded differently", nfc),
    Rule("note-number", "the number of a footnote ([3] Proposed by …): its place among the notes, not its words",
         fold_note_numbers),
    Rule("whitespace", "runs of spaces, tabs and line breaks count as one space; none at the ends",
         collapse_whitespace),
    Rule("quotes", "curly, angled and straight quotation marks and apostrophes are the same", fold_quotes),
    Rule("dashes", "hyphens, en and em dashes and minus signs are the same", fold_dashes),
    Rule("initial-case", "the case of the first letter of an item or of a quoted defined term", fold_initial_case),
    Rule("end-punctuation", "the punctuation closing an item (; . , :), as when a list grows or shrinks",
         strip_end_punctuation),
)

#: Not a text normalisation: inline formatting (italic, bold, underline, super/subscript).
FORMATTING = Rule("formatting", "inline formatting (italic, bold, underline, superscript, subscript)",
                  lambda text: text)
#: Not a text normalisation: a heading is a caption. The ILC's commentary lists the changes of substance
#: from Rome art. 7 without the heading it changed, and treaties' headings carry no obligations.
HEADING = Rule("heading", "article headings are captions: a changed heading is reported, as editorial",
               lambda text: text)

ALL_RULES: tuple[Rule, ...] = (*RULES, FORMATTING, HEADING)


def normalise(text: str, rules: tuple[Rule, ...] = RULES) -> str:
    """Apply rules in table order."""
    for rule in rules:
        text = rule.normalise(text)
    return text


def comparable(text: str) -> str:
    """The key under which two texts are editorially equal (every rule of the table applied)."""
    return normalise(text) if text else text  # most headings are empty: no rule changes ""


def rules_needed(old: str, new: str) -> tuple[str, ...]:
    """The rules without which two editorially equal texts would differ."""
    needed = []
    for rule in RULES:
        others = tuple(r for r in RULES if r is not rule)
        if normalise(old, others) != normalise(new, others):
            needed.append(rule.id)
    return tuple(needed)
