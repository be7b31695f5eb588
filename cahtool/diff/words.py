"""Word-level diff on diff-match-patch: the only module that imports it.

Each distinct token is mapped to one private-use character (diff-match-patch's own
lines-to-chars trick, applied to words), the character strings are diffed with ``Diff_Timeout = 0``
so the result never depends on machine speed, semantic cleanup merges the confetti of small
equalities, and the characters are mapped back to tokens. An edit therefore never splits a word.

Then rewrites read as one change, as Word Compare and legal blacklines show them: where one to
``GLUE_MAX`` short kept words (``GLUE``: the, of, a, or...) stand between two edits, one of which
replaces words, the two edits and the words between become one deletion and one insertion of the whole
phrase (``or [-any crime within the jurisdiction of the Court-]{+in connection with the crime of genocide
or war crimes+}`` rather than five fragments). A single edit with nothing near it stays as it is.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from diff_match_patch import diff_match_patch

from cahtool.diff.lexicon import shared
from cahtool.model import Op, OpKind
from cahtool.text import tokenize

_KINDS = {0: OpKind.EQUAL, -1: OpKind.DELETE, 1: OpKind.INSERT}
#: Short words that, kept between two edits, read as part of one rewrite (compared case-insensitively).
GLUE = frozenset("a an and any as at by for from in into of on or the to with".split())
#: At most this many glue words between two edits for them to read as one rewrite.
GLUE_MAX = 2


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


def word_diff(old: str, new: str, *, phrases: bool = True) -> tuple[Op, ...]:
    """The word diff of two texts: ops whose equal+delete give ``old`` and equal+insert ``new``.

    ``phrases``: edits separated only by short kept words read as one rewrite (``merge_phrases``); off
    for ``propose``, which wants the fewest words changed.
    """
    if old == new:
        return (Op(OpKind.EQUAL, old),) if old else ()
    if not old:
        return (Op(OpKind.INSERT, new),)
    if not new:
        return (Op(OpKind.DELETE, old),)
    lexicon = shared()
    if lexicon is None:
        return _word_diff(old, new, phrases)
    found = lexicon.diffs.get((old, new, phrases))  # a site diffs the baseline's texts with every draft's
    if found is None:
        found = lexicon.diffs[old, new, phrases] = _word_diff(old, new, phrases)
    return found


def _word_diff(old: str, new: str, phrases: bool) -> tuple[Op, ...]:
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
    ops = _merge(runs)
    return merge_phrases(ops) if phrases else ops


def _is_glue(text: str) -> bool:
    """True for kept words that may join two edits into one: 1 to GLUE_MAX glue words, spaces, one line."""
    if "\n" in text:
        return False
    count = 0
    for token in tokenize(text):
        if token.isspace():
            continue
        if token.casefold() not in GLUE:
            return False
        count += 1
    return 1 <= count <= GLUE_MAX


def _edits(group: Sequence[Op]) -> tuple[str, str]:
    """The old and the new words of a run of edits."""
    return ("".join(op.text for op in group if op.kind is OpKind.DELETE),
            "".join(op.text for op in group if op.kind is OpKind.INSERT))


def merge_phrases(ops: Sequence[Op]) -> tuple[Op, ...]:
    """Join two edits and the glue words between them into one deletion and one insertion (see above).

    Only edits by one layer join (same ``by`` and ``also``), and only when one of them replaces words: two
    bare insertions around "the" stay two insertions. Equal+delete and equal+insert still give both texts.
    """
    # The ops as alternating runs: a kept run (one EQUAL op) or a group of edits.
    runs: list[list[Op]] = []
    for op in ops:
        if runs and (op.kind is OpKind.EQUAL) == (runs[-1][0].kind is OpKind.EQUAL):
            runs[-1].append(op)
        else:
            runs.append([op])
    out: list[list[Op]] = []
    k = 0
    while k < len(runs):
        run = runs[k]
        if (run[0].kind is OpKind.EQUAL and out and out[-1][0].kind is not OpKind.EQUAL and k + 1 < len(runs)
                and len(run) == 1 and _is_glue(run[0].text) and _joinable(out[-1], runs[k + 1])):
            before, after = out.pop(), runs[k + 1]
            old_a, new_a = _edits(before)
            old_b, new_b = _edits(after)
            glue, who = run[0].text, before[0]
            out.append([Op(kind, text, who.by, who.also) for kind, text in (
                (OpKind.DELETE, old_a + glue + old_b), (OpKind.INSERT, new_a + glue + new_b))])
            k += 2
            continue
        out.append(run)
        k += 1
    return tuple(op for run in out for op in run)


def _joinable(a: Sequence[Op], b: Sequence[Op]) -> bool:
    """Two groups of edits by one layer, one of which replaces words (has both a deletion and an insertion)."""
    layers = {(op.by, op.also) for op in (*a, *b)}
    if len(layers) != 1:
        return False
    return any(all(_edits(g)) for g in (a, b))


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
