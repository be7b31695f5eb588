"""Layers: a redline of OLD → NEW attributed, word by word, to the texts in between that made each change.

Given a chain of texts (Rome art. 7 → ILC 2017 → ILC 2019 → a proposal on ILC 2019), nothing is guessed:

1. *Provisions*: each consecutive pair of documents is aligned (``align``, as ``compare`` does), and each
   provision of a change is followed through those pairs from OLD to NEW. A change whose provision the
   chain does not carry from one end to the other (the alignments disagree with the direct comparison) is
   left unattributed, and a note says so.
2. *Words*: the word diffs of consecutive versions of the provision (``word_diff``, as ``compare`` makes
   them) are composed on one shared sequence of tokens (``compose``): every token remembers the step
   that put it in (0 for OLD's words) and the step that took it out, so every deletion and insertion of
   the composed redline names its layer in ``Op.by``. A word put in by one step and taken out by a later
   one is in neither end text, so it is not in the ops; when nothing else in that place shows those
   layers, the ops of the place name them in ``Op.also``. Where one layer deleted words and a later one
   put the same words back, the composed redline keeps them, unchanged.

The composed ops rebuild OLD's text (equal + delete) and NEW's (equal + insert) exactly, as every word
diff does; and applying only the ops of the steps up to k to OLD gives the k-th text, except where a later
step changed words an earlier one had put in.
"""

from __future__ import annotations

import itertools
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import pairwise

from cahtool.diff.alignment import align
from cahtool.diff.comparison import outline
from cahtool.diff.lexicon import shared
from cahtool.diff.words import merge_phrases, word_diff
from cahtool.model import Change, Comparison, Document, Op, OpKind, Pair, Part, Provision
from cahtool.text import tokenize

Aligner = Callable[[Sequence[Provision], Sequence[Provision]], tuple[Pair, ...]]


@dataclass(frozen=True, slots=True)
class _Token:
    """A token of the shared sequence: its text, the step that put it in and the one that took it out (0: none)."""

    text: str
    born: int
    died: int


def _step(before: Sequence[_Token], ops: Sequence[Op], step: int) -> tuple[_Token, ...]:
    """Apply one step's word diff to the shared sequence: mark deleted tokens, insert new ones.

    The ops consume the living tokens in order (equal and delete by length, splitting a token if an op ends
    inside it, which only unusual tokenisation can cause); dead tokens are carried along in place, and
    inserted tokens go just before the next living token, after any deletion at that place.
    """
    tokens = list(before)  # a token split in two is replaced here, never in the sequence given
    out: list[_Token] = []
    i = 0

    def carry_dead() -> None:
        nonlocal i
        while i < len(tokens) and tokens[i].died:
            out.append(tokens[i])
            i += 1

    for op in ops:
        if op.kind is OpKind.INSERT:
            carry_dead()
            out.extend(_Token(t, step, 0) for t in tokenize(op.text))
            continue
        need = len(op.text)
        died = step if op.kind is OpKind.DELETE else 0
        while need:
            carry_dead()
            token = tokens[i]
            if len(token.text) > need:
                out.append(_Token(token.text[:need], token.born, died))
                tokens[i] = _Token(token.text[need:], token.born, 0)
                need = 0
            else:
                out.append(_Token(token.text, token.born, died) if died else token)
                need -= len(token.text)
                i += 1
    out.extend(tokens[i:])
    if any(not t.died for t in tokens[i:]):
        raise ValueError("a word diff did not consume its old text")  # a bug, not bad input
    return tuple(out)


#: The shared sequence after the steps of a chain of texts, by the texts: comparisons through one chain (the site
#: compares the baseline with every draft after it) share all their steps but the last. Least recently used first.
_STATES: OrderedDict[tuple[str, ...], tuple[_Token, ...]] = OrderedDict()
STATES_KEPT = 4096


def _tokens(texts: tuple[str, ...]) -> tuple[_Token, ...]:
    """The shared sequence of tokens of a chain of texts, every step applied (from the longest chain already made)."""
    start = len(texts) - 1
    while start > 0 and texts[:start + 1] not in _STATES:
        start -= 1
    state = _STATES[texts[:start + 1]] if start else tuple(_Token(t, 0, 0) for t in tokenize(texts[0]))
    for step in range(start + 1, len(texts)):
        a, b = texts[step - 1], texts[step]
        if a != b:  # most provisions pass most texts unchanged: nothing to do
            state = _step(state, word_diff(a, b), step)
        _STATES[texts[:step + 1]] = state
        _STATES.move_to_end(texts[:step + 1])
        if len(_STATES) > STATES_KEPT:
            _STATES.popitem(last=False)
    return state


def _trim(items: list[tuple[OpKind, str, str]], kind: OpKind, size: int, *, front: bool) -> None:
    """Remove ``size`` characters of the ``kind`` items from the front (or back) of a place, in place."""
    order = range(len(items)) if front else range(len(items) - 1, -1, -1)
    for k in order:
        if not size:
            break
        item_kind, text, by = items[k]
        if item_kind is not kind or not text:
            continue
        take = min(size, len(text))
        items[k] = (item_kind, text[take:] if front else text[:len(text) - take], by)
        size -= take
    items[:] = [item for item in items if item[1]]


def _common(a: str, b: str, *, front: bool) -> int:
    """The length of the tokens two texts share at their start (or end)."""
    ta, tb = tokenize(a), tokenize(b)
    if not front:
        ta, tb = ta[::-1], tb[::-1]
    size = 0
    for x, y in zip(ta, tb, strict=False):
        if x != y:
            break
        size += len(x)
    return size


def _place(tokens: list[_Token], layers: Sequence[str]) -> list[Op]:
    """The ops of one place (a run of tokens between kept words): deletions, insertions, named layers.

    Words the two ends share at the edges of the place (deleted by one layer, put back by a later one) are
    kept; layers whose only edits here are in neither end text are named in ``also`` of the place's ops.
    Spaces take the layer of the words edited next to them.
    """
    items: list[tuple[OpKind, str, str]] = []
    passing: list[int] = []
    for t in tokens:
        if t.born and t.died:
            passing.extend((t.born, t.died))
        elif t.died:
            items.append((OpKind.DELETE, t.text, layers[t.died - 1]))
        else:
            items.append((OpKind.INSERT, t.text, layers[t.born - 1]))
    old = "".join(text for kind, text, _ in items if kind is OpKind.DELETE)
    new = "".join(text for kind, text, _ in items if kind is OpKind.INSERT)
    head = _common(old, new, front=True)
    tail = _common(old[head:], new[head:], front=False)
    for kind in (OpKind.DELETE, OpKind.INSERT):
        _trim(items, kind, head, front=True)
        _trim(items, kind, tail, front=False)
    # Spaces are not words anyone proposes: a space edited next to words edited the same way takes their layer
    # (the words before it, else after), so a redline never marks a lone space.
    for k, (kind, text, _) in enumerate(items):
        if text.isspace():
            # The nearest before, else after, met by walking out (not by listing every item for every space).
            around = itertools.chain((items[j] for j in range(k - 1, -1, -1)),
                                     (items[j] for j in range(k + 1, len(items))))
            near = next((x for x in around if x[0] is kind and not x[1].isspace()), None)
            if near is not None:
                items[k] = (kind, text, near[2])
    shown = {by for _, _, by in items}
    also = tuple(dict.fromkeys(layers[s - 1] for s in sorted(passing) if layers[s - 1] not in shown))
    ops = [Op(OpKind.EQUAL, old[:head])] if head else []
    # A run of one layer's edits reads deletion first, then insertion (each side keeps its order, so both
    # texts are rebuilt); runs of different layers stay in the order met.
    runs: list[tuple[str, list[tuple[OpKind, str]]]] = []
    for kind, text, by in items:
        if not runs or runs[-1][0] != by:
            runs.append((by, []))
        runs[-1][1].append((kind, text))
    for by, edits in runs:
        for kind in (OpKind.DELETE, OpKind.INSERT):
            text = "".join(t for k, t in edits if k is kind)
            if text:
                ops.append(Op(kind, text, by, also))
    if tail:
        ops.append(Op(OpKind.EQUAL, old[len(old) - tail:]))
    return ops


def compose(texts: Sequence[str], layers: Sequence[str]) -> tuple[Op, ...]:
    """The redline of ``texts[0]`` → ``texts[-1]``, each edit named by the layer (``layers[k - 1]`` for step k)
    that made it, composed from the word diffs of consecutive texts."""
    if len(layers) != len(texts) - 1:
        raise ValueError("one layer per step: len(layers) must be len(texts) - 1")
    lexicon = shared()
    if lexicon is None:
        return _compose(texts, layers)
    # Within a run, each composition once: the site attributes the baseline's comparison with every draft, and
    # all go through the same steps. A step that changed nothing names no edit, so its layer is not part of
    # the question (the same revisions, then a different proposal that left the provision alone).
    key = (tuple(texts), tuple(layer if a != b else None for layer, (a, b) in zip(layers, pairwise(texts),
                                                                                   strict=True)))
    found = lexicon.composed.get(key)
    if found is None:
        found = lexicon.composed[key] = _compose(texts, layers)
    return found


def _compose(texts: Sequence[str], layers: Sequence[str]) -> tuple[Op, ...]:
    tokens = _tokens(tuple(texts))
    ops: list[Op] = []
    place: list[_Token] = []
    for token in [*tokens, None]:
        if token is not None and (token.born or token.died):
            place.append(token)
            continue
        if place:
            ops.extend(_place(place, layers))
            place = []
        if token is not None:
            ops.append(Op(OpKind.EQUAL, token.text))
    return merge_phrases(_join(ops))


def _join(ops: Sequence[Op]) -> tuple[Op, ...]:
    """Adjacent ops of one kind and one layer as one op."""
    out: list[Op] = []
    for op in ops:
        if out and (out[-1].kind, out[-1].by, out[-1].also) == (op.kind, op.by, op.also):
            out[-1] = Op(op.kind, out[-1].text + op.text, op.by, op.also)
        else:
            out.append(op)
    return tuple(out)


# -- provisions through the chain -------------------------------------------------------------------

def _part_text(change: Change) -> Callable[[Provision], str]:
    """How the change's texts are read from a provision, so every version is read the same way."""
    if change.part is Part.HEADING:
        return lambda p: p.heading
    if change.old is not None and change.new is not None:
        return lambda p: p.text
    if change.own_only:
        return lambda p: "\n".join(x for x in (p.heading, p.text) if x)
    return outline


class _Chain:
    """The alignments of consecutive documents, as maps from each provision to its next and previous version."""

    def __init__(self, chain: Sequence[Document], aligner: Aligner) -> None:
        self.steps = len(chain) - 1
        self.forward: list[dict[str, Provision | None]] = []
        self.backward: list[dict[str, Provision | None]] = []
        lexicon = shared()
        forward: dict[str, Provision | None]
        backward: dict[str, Provision | None]
        for a, b in pairwise(chain):
            pairs = aligner(a.provisions, b.provisions)
            # Within a run whose aligner gives the same pairs for the same texts (the site's), each step's maps
            # once: a hundred proposals on the last revision go through the same revisions.
            known = lexicon.steps.get(id(pairs)) if lexicon is not None else None
            if known is not None and known[0] is pairs:
                forward, backward = known[1], known[2]
            else:
                forward, backward = {}, {}
                for pair in pairs:
                    if pair.old is not None:
                        forward[pair.old.eid] = pair.new
                    if pair.new is not None:
                        backward[pair.new.eid] = pair.old
                if lexicon is not None:
                    lexicon.steps[id(pairs)] = (pairs, forward, backward)
            self.forward.append(forward)
            self.backward.append(backward)

    def path(self, change: Change) -> list[Provision | None] | None:
        """The versions of the change's provision in each document of the chain; None when the chain does not
        lead from the change's old provision to its new one."""
        old, new = change.old, change.new
        if old is not None:
            path: list[Provision | None] = [old]
            for k in range(self.steps):
                here = path[-1]
                path.append(self.forward[k].get(here.eid) if here is not None else None)
            end = path[-1]
            if new is None:
                return path if end is None else None
            return path if end is not None and end.eid == new.eid and None not in path else None
        assert new is not None
        back: list[Provision | None] = [new]
        for k in range(self.steps - 1, -1, -1):
            here = back[-1]
            back.append(self.backward[k].get(here.eid) if here is not None else None)
        return back[::-1] if back[-1] is None else None


def attribute(comparison: Comparison, chain: Sequence[Document], *, aligner: Aligner = align) -> Comparison:
    """The comparison with each change's ops composed through ``chain`` (OLD first, NEW last) and attributed.

    Statuses and classes stay those of the direct comparison; only the ops change, and they still rebuild
    both texts. Changes the chain cannot follow keep their flat ops and are named in a note.
    """
    if len(chain) < 2 or chain[0].id != comparison.old.id or chain[-1].id != comparison.new.id:
        raise ValueError("a chain runs from the comparison's old document to its new one")
    links = _Chain(chain, aligner)
    layers = [d.id for d in chain[1:]]
    changes: list[Change] = []
    lost: list[str] = []
    # Within a run, each change attributed once along the same versions of its provision by the same layers (a
    # hundred proposals' comparisons with the baseline have the same change objects, ``compare``, through the
    # same revisions): kept with the change, by its identity and the versions' (the layers that changed nothing
    # there left out, as ``compose`` does).
    lexicon = shared()
    edited: dict[int, tuple[Change, bool]] = lexicon.edited if lexicon is not None else {}
    made: dict[tuple[object, ...], tuple[Change, tuple[Provision | None, ...], Change | None]] = (
        lexicon.attributed if lexicon is not None else {})
    for change in comparison.changes:
        known = edited.get(id(change))
        if known is None or known[0] is not change:
            known = edited[id(change)] = (change, change.old_text != change.new_text)
        if not known[1]:  # no edit to attribute (an unchanged, moved or renumbered pair)
            changes.append(change)
            continue
        path = links.path(change)
        result: Change | None = None
        if path is not None:
            read = _part_text(change)
            texts = [read(p) if p is not None else "" for p in path]
            named = tuple(layer if a != b else None for layer, (a, b) in zip(layers, pairwise(texts), strict=True))
            key = (id(change), *map(id, path), named)
            hit = made.get(key)
            if hit is None or hit[0] is not change:
                ops = compose(texts, layers)
                if "".join(o.text for o in ops if o.kind is not OpKind.INSERT) != change.old_text \
                        or "".join(o.text for o in ops if o.kind is not OpKind.DELETE) != change.new_text:
                    attributed = None  # the versions read differ from the compared texts: never show a wrong redline
                else:
                    attributed = _with_ops(change, ops)
                hit = made[key] = (change, tuple(path), attributed)
            result = hit[2]
        if result is None:
            lost.append(" → ".join(dict.fromkeys(p.label for p in (change.old, change.new) if p is not None)))
            changes.append(change)
        else:
            changes.append(result)
    notes = list(comparison.notes)
    if lost:
        notes.append(f"not attributed by layer (the texts in between do not carry the provision from "
                     f"{comparison.old.id} to {comparison.new.id}): {'; '.join(dict.fromkeys(lost))}")
    return Comparison(comparison.old, comparison.new, tuple(changes), layers=tuple(chain[1:]), notes=tuple(notes))


def _with_ops(change: Change, ops: tuple[Op, ...]) -> Change:
    return Change(change.status, change.change_class, change.part, change.old, change.new, ops, change.rules,
                  change.moved, change.own_only)
