"""The lexicon of a run: what the alignments and word diffs of one run (a site build) may share.

``align`` and ``word_diff`` are pure functions of their texts; a site asks them the same questions again and
again (the baseline against a hundred drafts, the same revisions in every chain). Within ``sharing()``, the
answers that do not depend on the pair of documents are kept for the run and dropped with it; outside, nothing
is kept beyond one call.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from cahtool.model import Change, ChangeClass, Mark, Op, Pair, Provision

_Map = dict[str, Provision | None]
_Class = tuple[ChangeClass, tuple[str, ...]]
_Changes = tuple[Provision | None, Provision | None, tuple[Change, ...]]


class Lexicon:
    """What the alignments of one run may share: facts of a text or a subtree that no pair of documents changes.

    The comparable form and the words of each text, the words of a document's texts for the weights, each
    subtree's number (its shape) and its bag of words. ``align`` makes one for each call unless a run shares one
    (``sharing``): the site aligns the baseline with a hundred drafts, each pair once, and would otherwise split
    and count the baseline's words a hundred times. A subtree is known by its identity, so the lexicon keeps
    every subtree it has seen alive (an identity is never reused while it is known); a shared lexicon is
    dropped with the run. Bags are the bulk: past ``BAG_BUDGET`` words counted, the kept bags are let go.
    """

    BAG_BUDGET = 4_000_000
    SHARED_BUDGET = 4_000_000

    def __init__(self, *, run: bool = False) -> None:
        #: Shared by a run (``sharing``): bags are kept by content, for the subtrees of other documents; for one
        #: alignment, by identity (numbering contents would cost more than it saves).
        self.run = run
        self.comparable: dict[str, str] = {}
        self.own_words: dict[tuple[str, str], list[str]] = {}
        self.word_sets: dict[tuple[str, str], set[str]] = {}
        self.texts: dict[int, tuple[Provision, Counter[tuple[str, str]]]] = {}
        self.keys: dict[int, tuple[Provision, int]] = {}
        self.shapes: dict[tuple[str, str, str, tuple[int, ...]], int] = {}
        # Whether every list of children under a shape has each subtree once (``_Measures.one_by_one``).
        self.one_by_one: dict[int, bool] = {}
        # Each distinct content of a subtree, numbered (tag, heading, text, children's numbers: the words as
        # written), so that equal subtrees of different documents share one bag.
        self.contents: dict[int, tuple[Provision, int]] = {}
        self.content_shapes: dict[tuple[str, str, str, tuple[int, ...]], int] = {}
        self.bags: dict[int, tuple[Counter[str], int]] = {}
        self.bagged = 0
        # The words two bags share, with the lesser count of each (by their contents' numbers, in the order the
        # weights are summed): most pairs of subtrees are met again in the next alignment, only the weights
        # change. Let go past ``SHARED_BUDGET`` words, as the bags are.
        self.shared: dict[tuple[int, int], tuple[tuple[str, ...], tuple[int, ...]]] = {}
        self.shared_words = 0
        # The texts of one side of an alignment (its top provisions, kept alive) and, for each word, how many of
        # them it is in: the baseline is one side of a hundred alignments.
        self.sides: dict[tuple[int, ...], tuple[tuple[Provision, ...], Counter[tuple[str, str]], Counter[str]]] = {}
        # The last side counted that each top provision is in (by identity), and each top provision's own word
        # frequencies: a side that shares most of its top provisions with one counted is counted from it.
        self.side_of: dict[int, tuple[int, ...]] = {}
        self.root_frequencies: dict[int, tuple[Provision, Counter[str]]] = {}
        # For the layers (diff/layers.py): the maps of an alignment (by the identity of its pairs, kept with
        # them), and the redlines composed through a chain.
        self.steps: dict[int, tuple[tuple[Pair, ...], _Map, _Map]] = {}
        self.composed: dict[tuple[tuple[str, ...], tuple[str | None, ...]], tuple[Op, ...]] = {}
        # Whether a change has an edit to attribute, and each change attributed along the versions of its provision
        # (by identities, each kept with what it names).
        self.edited: dict[int, tuple[Change, bool]] = {}
        self.attributed: dict[tuple[object, ...], tuple[Change, tuple[Provision | None, ...], Change | None]] = {}
        # For the word diffs (diff/words.py): each pair of texts once.
        self.diffs: dict[tuple[str, str, bool], tuple[Op, ...]] = {}
        # For the comparisons (diff/comparison.py, ``pair_changes``): the changes of each pair of provisions (by the
        # identities of its two sides, kept with them, and its flags), made once for every comparison that pairs them.
        self.pairs: dict[tuple[int, int, bool, bool], _Changes] = {}
        # For the classes of changes (diff/comparison.py): each pair of texts and their formatting once.
        self.classes: dict[tuple[str, str, tuple[Mark, ...], tuple[Mark, ...]], _Class] = {}


_SHARED: ContextVar[Lexicon | None] = ContextVar("cahtool_alignment_lexicon", default=None)


def shared() -> Lexicon | None:
    """The lexicon of the run this call is part of (``sharing``), if any."""
    return _SHARED.get()


@contextmanager
def sharing() -> Iterator[Lexicon]:
    """Within the block, every ``align`` shares one lexicon (a run that aligns the same documents many times)."""
    lexicon = _SHARED.get()
    if lexicon is not None:  # already shared by an enclosing run
        yield lexicon
        return
    lexicon = Lexicon(run=True)
    token = _SHARED.set(lexicon)
    try:
        yield lexicon
    finally:
        _SHARED.reset(token)
