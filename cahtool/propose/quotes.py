"""Quoting: the plainest instruction for one word edit, quoting just enough words to be found once.

An edit of a line (a range of the base text replaced by new words, from the word diff) becomes a repeal of
the deleted words, an insertion after (or before) anchor words, or a substitution of a stretch that holds
the edit. Each candidate is checked by simulating it with ``amend``'s own rules (``repeal_span``,
``spaced``); quotations grow a word at a time on each side until the words are found once in the
provision, and never cross formatting (amend edits one stretch of text at a time).
"""

from __future__ import annotations

import re

from cahtool.amend import repeal_span, spaced
from cahtool.diff import word_diff
from cahtool.model import Instruction, OpKind
from cahtool.text import tokenize

#: Words of context a quotation may grow by, on each side, to be found once.
MAX_CONTEXT = 40


def split_at(hunks: list[tuple[int, int, str]], cuts: list[int], text: str) -> list[tuple[int, int, str]]:
    """Hunks cut where formatting starts or ends (amend edits one stretch of text at a time).

    A space at a boundary is left where it is: the loader reads a space on either side of formatting as
    the one space between the words, so a quotation need not end (or begin) with it.
    """
    out = []
    for s, e, r in hunks:
        inner = [c for c in cuts if s < c < e]
        points = [s, *inner, e]
        pieces = [(points[0], points[1], r)] + [(x, y, "") for x, y in zip(points[1:], points[2:], strict=False)]
        for x, y, new in pieces:
            if y in cuts and y > x and text[y - 1] == " " and not new.endswith(" "):
                y -= 1
            if x in cuts and y > x and text[x] == " " and not new.startswith(" "):
                x += 1
            out.append((x, y, new))
    return out


def choose_within(t: str, words_all: str, hunk: tuple[int, int, str],
                   stretches: list[tuple[int, int]]) -> tuple[Instruction | None, tuple[int, int], int | None]:
    """``_choose`` on the stretch of text that holds the hunk (an insertion at a boundary: either side)."""
    s, e, r = hunk
    result: tuple[Instruction | None, tuple[int, int], int | None] = (None, (s, e), None)
    for g0, g1 in stretches:
        if g0 <= s and e <= g1:
            edit, (a, b), point = _choose(t[g0:g1], words_all, s - g0, e - g0, r, set())
            result = (edit, (a + g0, b + g0), None if point is None else point + g0)
            if edit is not None:
                return result
    return result


def hunks_of(a: str, b: str) -> list[tuple[int, int, str]]:
    """The word diff of two texts as replacements of ranges of the first: (start, end, new words)."""
    out: list[tuple[int, int, str]] = []
    pos = 0
    start: int | None = None
    inserted = ""
    for op in word_diff(a, b, phrases=False):  # the fewest words changed, not whole phrases
        if op.kind is OpKind.EQUAL:
            if start is not None:
                out.append((start, pos, inserted))
                start, inserted = None, ""
            pos += len(op.text)
            continue
        if start is None:
            start = pos
        if op.kind is OpKind.DELETE:
            pos += len(op.text)
        else:
            inserted += op.text
    if start is not None:
        out.append((start, pos, inserted))
    return out


def _count(haystack: str, needle: str) -> int:
    return len(re.findall(f"(?={re.escape(needle)})", haystack)) if needle else 0


def _bounds(text: str) -> tuple[list[int], list[int]]:
    """Where a quotation may start (a non-space token) and end (after a non-space token)."""
    starts, ends, pos = [], [], 0
    for token in tokenize(text):
        if not token.isspace():
            starts.append(pos)
            ends.append(pos + len(token))
        pos += len(token)
    return starts, ends


def _choose(t: str, words_all: str, s: int, e: int, r: str,
            marks: set[int]) -> tuple[Instruction | None, tuple[int, int], int | None]:
    """The plainest instruction that turns ``t[s:e]`` into ``r``, checked against amend's own rules."""
    goal = t[:s] + r + t[e:]

    def ok(a: int, b: int) -> bool:
        quoted = t[a:b]
        return bool(quoted.strip()) and "\n" not in quoted and _count(words_all, quoted) == 1 \
            and not any(a < m < b for m in marks) and quoted == quoted.strip()

    deleted = t[s:e]
    if deleted and not r.strip():
        w = deleted.strip()
        ws = s + len(deleted) - len(deleted.lstrip())
        if w and ok(ws, ws + len(w)):
            a, b = repeal_span(t, ws, ws + len(w))
            if t[:a] + t[b:] == goal:
                return Instruction("repeal", "", old=w), (a, b), None
    starts, ends = _bounds(t)
    if not deleted and r.strip():
        w = r.strip()
        for anchor_end in (x for x in ends if x <= s and not t[x:s].strip()):
            for a in reversed([x for x in starts if x < anchor_end][-MAX_CONTEXT:]):
                if ok(a, anchor_end):
                    if t[:anchor_end] + spaced(t, anchor_end, w) + t[anchor_end:] == goal:
                        return (Instruction("insertion", "", pos="after", old=t[a:anchor_end], new=(w,)),
                                (a, anchor_end), anchor_end)
                    break
            break
        for anchor_start in (x for x in starts if x >= e and not t[e:x].strip()):
            for b in [x for x in ends if x > anchor_start][:MAX_CONTEXT]:
                if ok(anchor_start, b):
                    if t[:anchor_start] + spaced(t, anchor_start, w) + t[anchor_start:] == goal:
                        return (Instruction("insertion", "", pos="before", old=t[anchor_start:b], new=(w,)),
                                (anchor_start, b), anchor_start)
                    break
            break
    lefts = [x for x in starts if x <= s][::-1][:MAX_CONTEXT] or [0]
    rights = [x for x in ends if x >= e][:MAX_CONTEXT] or [len(t)]
    for width in range(len(lefts) + len(rights)):
        for i in range(min(width, len(lefts) - 1) + 1):
            j = width - i
            if j >= len(rights):
                continue
            a, b = lefts[i], rights[j]
            if a <= s and b >= e and ok(a, b):
                return Instruction("substitution", "", old=t[a:b], new=(t[a:s] + r + t[e:b],)), (a, b), None
    return None, (s, e), None


def first_clash(chosen: list[tuple[Instruction | None, tuple[int, int], int | None]]) -> tuple[int, int] | None:
    """The first two instructions that amend would find overlapping (they are then merged into one)."""
    for i in range(len(chosen)):
        for j in range(i + 1, len(chosen)):
            (_, (a1, b1), p1), (_, (a2, b2), p2) = chosen[i], chosen[j]
            if a1 < b2 and a2 < b1:
                return i, j
            if p1 is not None and p1 == p2:
                return i, j
            if (p1 is not None and a2 < p1 < b2) or (p2 is not None and a1 < p2 < b1):
                return i, j
    return None
