"""Word-level diff on diff-match-patch: the only module that imports it.

Each distinct token is mapped to one private-use character (diff-match-patch's own
lines-to-chars trick, applied to words), the character strings are diffed with ``Diff_Timeout = 0``
so the result never depends on machine speed, semantic cleanup merges the confetti of small
equalities, and the characters are mapped back to tokens. An edit therefore never splits a word.
"""

from __future__ import annotations

from collections.abc import Iterator

from diff_match_patch import diff_match_patch

from cahtool.model import Op, OpKind
from cahtool.text import tokenize

_KINDS = {0: OpKind.EQUAL, -1: OpKind.DELETE, 1: OpKind.INSERT}


def _code_points() -> Iterator[int]:
    """Code points to stand for tokens: the private-use areas first, then the rest of Unicode."""
    yield from range(0xE000, 0xF900)
    yield from range(0xF0000, 0xFFFFE)
    yield from range(0x100000, 0x10FFFE)
    # Beyond 137,000 distinct tokens in one provision (hostile input only), any non-surrogate will do:
    # the mapping stays one-to-one, which is all correctness needs.
    yield from range(0x20, 0xD800)
    yield from range(0xF900, 0xF0000)


def _encode(tokens: list[str], table: dict[str, str], points: Iterator[int]) -> str:
    """Map each token to its character, extending the table with new tokens."""
    chars = []
    for token in tokens:
        char = table.get(token)
        if char is None:
            char = table[token] = chr(next(points))
        chars.append(char)
    return "".join(chars)


def word_diff(old: str, new: str) -> tuple[Op, ...]:
    """The word diff of two texts: ops whose equal+delete give ``old`` and equal+insert ``new``."""
    if old == new:
        return (Op(OpKind.EQUAL, old),) if old else ()
    if not old:
        return (Op(OpKind.INSERT, new),)
    if not new:
        return (Op(OpKind.DELETE, old),)
    table: dict[str, str] = {}
    points = _code_points()
    chars_old = _encode(tokenize(old), table, points)
    chars_new = _encode(tokenize(new), table, points)
    tokens = {char: token for token, char in table.items()}

    engine = diff_match_patch()
    engine.Diff_Timeout = 0  # deterministic: optimal diff, whatever the machine's speed
    diffs = engine.diff_main(chars_old, chars_new, False)
    engine.diff_cleanupSemantic(diffs)

    runs = [(_KINDS[op], "".join(tokens[c] for c in chars)) for op, chars in diffs]
    return _merge(runs)


def _merge(runs: list[tuple[OpKind, str]]) -> tuple[Op, ...]:
    """Join adjacent runs of one kind, and put each deletion before the insertion next to it."""
    out: list[Op] = []
    deleted: list[str] = []
    inserted: list[str] = []

    def flush() -> None:
        if deleted:
            out.append(Op(OpKind.DELETE, "".join(deleted)))
            deleted.clear()
        if inserted:
            out.append(Op(OpKind.INSERT, "".join(inserted)))
            inserted.clear()

    for kind, text in runs:
        if not text:
            continue
        if kind is OpKind.DELETE:
            deleted.append(text)
        elif kind is OpKind.INSERT:
            inserted.append(text)
        else:
            flush()
            if out and out[-1].kind is OpKind.EQUAL:
                out[-1] = Op(OpKind.EQUAL, out[-1].text + text)
            else:
                out.append(Op(OpKind.EQUAL, text))
    flush()
    return tuple(out)
