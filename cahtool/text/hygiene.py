"""Text hygiene: characters that a reader cannot see or that betray a bad copy, found in plain text.

Pure functions over strings (no XML): ``validate`` runs them over the decoded file and turns each
``Blemish`` into a finding with a line. The sets follow Unicode's own lists: Default_Ignorable code
points that render as nothing (zero-width characters, soft hyphen), the bidirectional formatting
characters behind "Trojan Source" (CVE-2021-42574), and characters that only a broken copy produces
(C1 controls, U+FFFD, private-use glyphs from symbol fonts, ligatures from PDFs, mojibake).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

#: Invisible characters with no business in a treaty text (ZWJ/ZWNJ handled apart: scripts need them).
INVISIBLE = frozenset(
    "\u00ad\u034f\u115f\u1160\u17b4\u17b5\u180e\u200b\u2060\u2061\u2062\u2063\u2064\u3164\ufeff\uffa0"
)
#: Zero-width joiners, legitimate inside Arabic, Persian and Indic words, suspect between Latin letters.
JOINERS = frozenset("\u200c\u200d")
#: Bidirectional embeddings, overrides and isolates: they reorder what the reader sees.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
#: Bidirectional marks: invisible, occasionally right in Arabic text, usually pasted by accident.
BIDI_MARKS = frozenset("\u200e\u200f\u061c")
#: Ligatures that PDF copies leave in place of separate letters ("ﬁnal" is not "final" to a search).
LIGATURES = frozenset("\ufb00\ufb01\ufb02\ufb03\ufb04\ufb05\ufb06")
#: A word longer than this is words run together (or a hostile file); URLs excepted.
LONG_WORD = 120

_SUSPECT = re.compile(
    "[" + "".join(sorted(INVISIBLE | JOINERS | BIDI_CONTROLS | BIDI_MARKS | LIGATURES))
    + "\u0080-\u009f\ufffd\ue000-\uf8ff\ufdd0-\ufdef\U000f0000-\U0010ffff]"
)
_CHAR_REF = re.compile(r"&#(?:x([0-9A-Fa-f]{1,8})|([0-9]{1,10}));")
# UTF-8 read as Windows-1252 or Latin-1: "â€™" for ’, "Ã©" for é, "Â " for a no-break space.
_MOJIBAKE = re.compile("â€[\u0080-\u02ff\u2000-\u22ff]|Ã[\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u02c6"
                       "\u02dc\u2013-\u203a\u20ac\u2122]|Â[\u00a0-\u00bf]")
_WORD = re.compile(rf"\S{{{LONG_WORD + 1},}}")


@dataclass(frozen=True, slots=True)
class Blemish:
    """One suspect spot of a text: where it is, which rule it breaks, and what to tell the uploader."""

    offset: int
    rule: str
    message: str


def describe(char: str) -> str:
    """``U+200B ZERO WIDTH SPACE``: how to name a character nobody can see."""
    name = unicodedata.name(char, "")
    return f"U+{ord(char):04X}" + (f" {name}" if name else "")


def _private(code: int) -> bool:
    return 0xE000 <= code <= 0xF8FF or code >= 0xF0000


def _noncharacter(code: int) -> bool:
    return 0xFDD0 <= code <= 0xFDEF or (code & 0xFFFE) == 0xFFFE


def _latin_side(text: str, index: int) -> bool:
    """True when the character at ``index`` has no neighbour from a script that uses joiners."""
    for neighbour in (index - 1, index + 1):
        if 0 <= neighbour < len(text) and ord(text[neighbour]) >= 0x0590:
            return False
    return True


def classify(char: str, text: str = "", index: int = 0) -> tuple[str, str] | None:
    """The hygiene rule a character breaks and the advice, or None when it is harmless here."""
    code = ord(char)
    if char in INVISIBLE or (char in JOINERS and _latin_side(text, index)):
        return "invisible-character", (
            f"invisible character {describe(char)}: delete it (it cannot be seen, but it splits words "
            "for search and comparison)")
    if char in BIDI_CONTROLS:
        return "bidi-control", (
            f"bidirectional control {describe(char)}: delete it (it can make the text display in a "
            "different order from the one stored, so readers and cahtool would see different texts)")
    if char in BIDI_MARKS:
        return "bidi-mark", (
            f"invisible direction mark {describe(char)}: delete it unless this is right-to-left text "
            "that needs it")
    if char in LIGATURES:
        letters = unicodedata.normalize("NFKC", char)
        return "normalisation", (
            f"ligature {char!r} ({describe(char)}), usually left by copying from a PDF: type the separate "
            f"letters {letters!r}")
    if 0x80 <= code <= 0x9F:
        return "control-character", (
            f"control character {describe(char)}, usually a quotation mark or dash from a file saved in "
            "Windows-1252 and read as Latin-1: retype the character")
    if char == "\ufffd":
        return "control-character", (
            "replacement character U+FFFD (�): a character was lost when the text was converted; retype "
            "it from the official text")
    if _private(code):
        return "control-character", (
            f"private-use character {describe(char)} (a symbol-font glyph, often from copying a PDF): replace "
            "it with the real character")
    if _noncharacter(code):
        return "control-character", f"noncharacter {describe(char)}: delete it"
    return None


def blemishes(text: str) -> Iterator[Blemish]:
    """Every suspect character of a text (literal or as a character reference), in order."""
    found: list[Blemish] = []
    for match in _SUSPECT.finditer(text):
        if match.start() == 0 and match.group() == "\ufeff":
            continue  # a byte-order mark at the very start is an encoding signature, not text
        verdict = classify(match.group(), text, match.start())
        if verdict:
            found.append(Blemish(match.start(), *verdict))
    for match in _CHAR_REF.finditer(text):
        code = int(match.group(1), 16) if match.group(1) else int(match.group(2))
        if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF:
            verdict = classify(chr(code))
            if verdict:
                found.append(Blemish(match.start(), verdict[0], f"{verdict[1]} (written as {match.group()})"))
    for match in _MOJIBAKE.finditer(text):
        found.append(Blemish(match.start(), "mojibake", (
            f"{match.group()!r} looks like a character garbled by a wrong encoding (UTF-8 read as "
            "Windows-1252): retype it from the official text")))
    yield from sorted(found, key=lambda b: b.offset)


def not_normalised(text: str) -> Iterator[Blemish]:
    """Spots where the text is not in NFC (a letter and its accent typed apart), one per line."""
    if unicodedata.is_normalized("NFC", text):
        return
    start = 0
    for line in text.split("\n"):
        if not unicodedata.is_normalized("NFC", line):
            for index, char in enumerate(line):
                if unicodedata.combining(char) or unicodedata.normalize("NFC", char) != char:
                    spot = line[max(0, index - 1): index + 1]
                    yield Blemish(start + max(0, index - 1), "normalisation", (
                        f"{spot!r} is written in decomposed form (a letter followed by {describe(char)}): "
                        "retype it, or save the file in Unicode NFC form, so that search and comparison "
                        "see one character"))
                    break
        start += len(line) + 1


def long_words(text: str) -> Iterator[Blemish]:
    """Runs of more than LONG_WORD characters without a space (web addresses excepted)."""
    for match in _WORD.finditer(text):
        word = match.group()
        if "://" in word or word.startswith("www."):
            continue
        yield Blemish(match.start(), "long-word", (
            f"{len(word):,} characters without a space ({word[:24]!r}…): words were probably run together "
            "when the text was copied; restore the spaces"))


#: The longest name of a person, State or organisation cahtool takes from a file (the longest real ones, a
#: mission's full name, are under a hundred characters).
MAX_NAME = 200
#: Characters XML 1.0 cannot hold at all (C0 controls but tab, line feed, carriage return; U+FFFE, U+FFFF).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
#: Rules whose characters are removed from a name: they cannot be seen, or they reorder what is seen.
_REMOVED_FROM_NAMES = frozenset({"invisible-character", "bidi-control", "bidi-mark"})


def not_xml(text: str) -> Iterator[tuple[int, str]]:
    """Offsets and names of the characters XML cannot hold (``U+001B ESCAPE``): text with them cannot be written."""
    for match in _NOT_XML.finditer(text):
        yield match.start(), describe(match.group())


def clean_name(name: str) -> tuple[str, tuple[str, ...]]:
    """A name as ``check`` would accept it, and what was removed to get there.

    Invisible characters, bidirectional controls and marks and control characters are removed (they cannot
    be seen, or make the name read differently from what is stored), whitespace is collapsed and the name
    put in NFC. A name that still breaks a rule (a replacement or private-use character, a name longer
    than MAX_NAME) is returned as it is, for the caller to refuse with ``name_problem``.
    """
    removed: list[str] = []
    kept: list[str] = []
    for index, char in enumerate(name):
        verdict = classify(char, name, index)
        rule = verdict[0] if verdict else ""
        control = _NOT_XML.match(char) is not None or 0x7F <= ord(char) <= 0x9F
        if rule in _REMOVED_FROM_NAMES or control:
            removed.append(describe(char))
            continue
        kept.append(char)
    cleaned = unicodedata.normalize("NFC", " ".join("".join(kept).split()))
    return cleaned, tuple(dict.fromkeys(removed))


def name_problem(name: str) -> str:
    """Why a (cleaned) name cannot be taken as it is, or '' when it can."""
    if len(name) > MAX_NAME:
        return f"a name of {len(name):,} characters (at most {MAX_NAME})"
    for char in name:
        verdict = classify(char, name)
        if verdict:
            return verdict[1].split(":")[0]
    for blemish in long_words(name):
        return blemish.message.split(":")[0]
    return ""
