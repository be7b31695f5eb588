"""A run that shares its lexicon (``diff.sharing``: the site build) answers exactly as separate calls do (issue 13).

Within ``sharing()``, alignments keep words, subtree numbers and bags of words, word diffs and composed layers for
the run; nothing of it may change an answer: the same pairs, ops and attributed comparisons as calls made one by
one, on random trees, on every pair of the frozen corpus, and on the layers of a chain.
"""

from __future__ import annotations

from itertools import permutations

from hypothesis import given, settings

from cahtool.diff import align, compare, sharing, word_diff
from cahtool.diff.lexicon import shared
from cahtool.reports import compare_layers
from tests.test_align_fast import pairs


def _pairs(old, new):
    return [(p.old.eid if p.old else None, p.new.eid if p.new else None, p.moved, p.own_only)
            for p in align(old, new)]


@settings(max_examples=200, deadline=None)
@given(pairs(), pairs())
def test_shared_alignments_are_the_alignments_made_alone(first, second) -> None:
    alone = [_pairs(*first), _pairs(*second), _pairs(first[0], second[1]), _pairs(*first)]
    with sharing():
        together = [_pairs(*first), _pairs(*second), _pairs(first[0], second[1]), _pairs(*first)]
    assert together == alone


def test_every_pair_of_the_corpus_compares_alike_shared_or_not(corpus) -> None:
    docs = corpus.documents()
    alone = {(a.id, b.id): compare(a, b) for a, b in permutations(docs, 2)}
    with sharing():
        together = {(a.id, b.id): compare(a, b) for a, b in permutations(docs, 2)}
        again = {(a.id, b.id): compare(a, b) for a, b in permutations(docs, 2)}
    assert together == alone
    assert again == alone


def test_layers_and_word_diffs_alike_shared_or_not(corpus) -> None:
    old, new = corpus.get("rome-statute-art7"), corpus.get("gender-definition-restored")
    alone = compare_layers(corpus, old, new)
    with sharing() as lexicon:
        assert shared() is lexicon
        with sharing() as inner:  # an enclosing run's lexicon is the one used
            assert inner is lexicon
        first = compare_layers(corpus, old, new)
        second = compare_layers(corpus, old, new)
        assert lexicon.diffs and lexicon.composed and lexicon.steps
        kept = word_diff("the crime of", "a crime of")
        assert word_diff("the crime of", "a crime of") is kept  # asked again: the answer kept
    assert shared() is None  # dropped with the run
    assert first == alone and second == alone
    assert first.layers and any(op.by for change in first.changes for op in change.ops)
    assert word_diff("the crime of", "a crime of") == kept
