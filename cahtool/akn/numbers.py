"""Numbers and eIds of provisions: bare tokens, the AKN naming convention, citations, and list sequences.

Pure functions over the strings of ``<num>`` elements and eIds (no XML): the loader names and cites
provisions with them, ``amend`` numbers and renames what it inserts and renumbers, ``propose`` counts
on from a number, and ``check`` tells whether a list runs in sequence. Lists run (a), (b) … (z), (aa);
1, 2, 3; i, ii, iii; with inserted numbers (5A, (2A), (aa) after (a), 7 bis, 7 ter …) in between.
"""

from __future__ import annotations

import re

#: Abbreviations used in citations, as lawyers cite (art. 7(1)(h)).
_CITATION_PREFIX = {
    "article": "art. ", "chapter": "chap. ", "part": "part ", "section": "sec. ", "title": "title ",
    "book": "book ", "rule": "rule ", "division": "div. ",
}
#: Levels cited as a bracketed suffix of their parent: 7(1)(h).
_CITATION_SUFFIX = frozenset({
    "paragraph", "subparagraph", "point", "clause", "subclause", "alinea", "indent", "subsection",
    "level", "subrule", "proviso",
})


#: The words a ``<num>`` may open with before its number.
_NUM_WORD = re.compile(r"(?:article|art\.|chapter|part|section|rule|title)\s+", re.IGNORECASE)


def num_token(num: str) -> str:
    """The bare number of a ``<num>``: ``Article 7`` → ``7``, ``1.`` → ``1``, ``(h)`` → ``h``.

    Not cached: a bounded cache missed every time on a list of more numbers than it held (each number of a list
    of 16,000 points asked for once a pass, in order), at twice the cost of working it out; most numbers open with
    no word, and are only stripped."""
    text = " ".join(num.split())
    if text[:1].isalpha():
        word = _NUM_WORD.match(text)
        if word:
            text = text[word.end():]
    return text.strip().strip(".").strip("()[]").strip()


#: AKN naming convention abbreviations (Akoma Ntoso Naming Convention 1.0, eId prefixes); others: tag.
EID_PREFIX = {
    "alinea": "al", "article": "art", "chapter": "chp", "clause": "cl", "division": "dvs",
    "paragraph": "para", "section": "sec", "subchapter": "subchp", "subclause": "subcl",
    "subdivision": "subdvs", "subparagraph": "subpara", "subsection": "subsec",
}


def eid_component(tag: str, num: str, position: int) -> str:
    """The eId component of a provision, per the AKN naming convention (``para_1``, ``point_h``)."""
    prefix = EID_PREFIX.get(tag, tag)
    token = re.sub(r"[^0-9A-Za-z-]+", "-", num_token(num)).strip("-") if num else ""
    return f"{prefix}_{token or position}"


def citation(parent_label: str, tag: str, num: str, eid: str) -> str:
    """A human citation built from the parent's: ``art. 7`` + point ``(h)`` → ``art. 7(h)``."""
    token = num_token(num) or eid.rpartition("__")[2].partition("_")[2]
    if tag in _CITATION_PREFIX:
        # An article restarts the citation: chapters are not cited in "art. 7(1)(h)".
        return f"{_CITATION_PREFIX[tag]}{token}"
    if tag in _CITATION_SUFFIX:
        return f"{parent_label}({token})" if parent_label else f"({token})"
    if tag == "list":
        return parent_label
    return f"{parent_label} {tag} {token}".strip()


_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def next_number(num: str) -> str | None:
    """The number after ``num`` in its style: ``(k)`` → ``(l)``, ``3.`` → ``4.``; None when unsure."""
    m = re.fullmatch(r"(\W*)([a-z]|[A-Z]|\d+)(\W*)", num.strip())
    if m is None:
        m2 = re.fullmatch(r"(?i)(article\s+)(\d+)(\W*)", num.strip())
        if m2 is None:
            return None
        return f"{m2.group(1)}{int(m2.group(2)) + 1}{m2.group(3)}"
    lead, token, trail = m.groups()
    if token.isdigit():
        return f"{lead}{int(token) + 1}{trail}"
    if token.lower() == "z":
        return None
    following = _LETTERS[_LETTERS.index(token.lower()) + 1]
    return f"{lead}{following.upper() if token.isupper() else following}{trail}"


def dressed(num: str, like: str) -> str:
    """A bare new number (``l``) dressed as another number is (``(k)`` → ``(l)``); a dressed one as it is."""
    if not re.fullmatch(r"[0-9A-Za-z]+", num):
        return num
    m = re.fullmatch(r"(.*?)([0-9A-Za-z]+)(\W*)", like)
    return f"{m.group(1)}{num}{m.group(3)}" if m else num


# -- sequences -----------------------------------------------------------------------------------

#: Latin ordinals of inserted provisions (7 bis, 7 ter ...), in order.
SUFFIXES = ("bis", "ter", "quater", "quinquies", "sexies", "septies", "octies", "novies", "decies")
_ROMAN = re.compile(r"^(?=[ivxlc]+$)c{0,3}(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})$")


def token_key(token: str) -> str:
    """A token as compared: punctuation, spaces and case aside (``B-bis`` → ``bbis``)."""
    return re.sub(r"[\W_]+", "", token).casefold()


def roman(token: str) -> int | None:
    """The value of a roman numeral (``iv`` → 4), or None."""
    if not token or not _ROMAN.match(token.lower()):
        return None
    values = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}
    total = 0
    lower = token.lower()
    for index, char in enumerate(lower):
        value = values[char]
        total += -value if index + 1 < len(lower) and values[lower[index + 1]] > value else value
    return total


def split_suffix(token: str) -> tuple[str, str]:
    """A number and its Latin ordinal: ``7 bis`` → (``7``, ``bis``); (token, '') without one."""
    match = re.fullmatch(r"(.+?)[\s_-]*(" + "|".join(SUFFIXES) + r")", token, flags=re.IGNORECASE)
    return (match.group(1), match.group(2).lower()) if match else (token, "")


def numbering(tokens: list[str]) -> str | None:
    """The numbering of a list: arabic, alpha (a, b... z, aa) or roman, from its first number.

    A list is roman when it starts at i (or ii, iv...) and every number is roman: (i), (j) is alpha.
    """
    first = split_suffix(tokens[0])[0]
    if first.isdecimal():
        return "arabic"
    if (roman(first) is not None and (first.lower() == "i" or len(first) > 1)
            and all(roman(split_suffix(t)[0]) is not None for t in tokens)):
        return "roman"
    if re.fullmatch(r"[A-Za-z]+", first):
        return "alpha"
    return None


def list_position(token: str, kind: str) -> tuple[int | None, str]:
    """The position a number stands for in a list of its numbering, and its Latin ordinal."""
    base, suffix = split_suffix(token)
    if kind == "arabic":
        return (int(base) if base.isdecimal() else None), suffix
    if kind == "roman":
        return roman(base), suffix
    if re.fullmatch(r"[a-z]+|[A-Z]+", base) and len(set(base.lower())) == 1:
        # a..z, then aa, bb... (doubled letters), as treaty lists run on
        return (ord(base[0].lower()) - 96) + 26 * (len(base) - 1), suffix
    return None, suffix


def written(num: str, position: int, kind: str) -> str:
    """The number at ``position`` written in the style of ``num``: (c), 3., iv)."""
    token = num_token(num)
    if kind == "arabic":
        text = str(position)
    elif kind == "roman":
        digits = [(100, "c"), (90, "xc"), (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]
        text = ""
        for amount, letters in digits:
            while position >= amount:
                text, position = text + letters, position - amount
    else:
        text = chr(96 + (position - 1) % 26 + 1) * ((position - 1) // 26 + 1)
    if token[:1].isupper():
        text = text.upper()
    return num.replace(token, text, 1) if token else text


_INSERTED = re.compile(r"(\d+)[\s_.-]*[A-Za-z]{1,2}")


def shape(num: str) -> str:
    """The shape of a number, its value blanked: ``(a)`` and ``(k)`` → ``(x)``, ``1.`` → ``0.``.

    An inserted number has the shape of the one it follows: ``7 bis`` and ``7``, ``(2A)`` and ``(2)``.
    """
    token = num_token(num)
    base = split_suffix(token)[0]
    inserted = _INSERTED.fullmatch(base)
    if inserted:
        base = inserted.group(1)
    blank = "0" if base.isdecimal() else ("X" if base[:1].isupper() else "x")
    return num.replace(token, blank, 1) if token else num
