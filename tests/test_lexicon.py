"""A run that shares its lexicon (``diff.sharing``: the site build) answers exactly as separate calls do (issue 13).

Within ``sharing()``, alignments keep words, subtree numbers and bags of words, word diffs and composed layers for
the run; nothing of it may change an answer: the same pairs, ops and attributed comparisons as calls made one by
one, on random trees, on every pair of the frozen corpus, and on the layers of a chain.
"""

from __future__ import annotations

from itertools import permutations

from hypothesis import given, settings
from hypothesis import strategies as st

from cahtool.diff import align, compare, sharing, word_diff
from cahtool.diff.lexicon import shared
from cahtool.model import Provision
from cahtool.reports import compare_layers
from tests.test_align_fast import TEXTS, pairs, trees


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


def test_weights_from_each_documents_own_counts_are_the_pairs(corpus, monkeypatch) -> None:
    """``idf`` adds up each document's kept counts of its texts' words: the same weights, to the last bit, as
    counting the pair's texts together; a pair whose weights come from a sample is counted together."""
    from cahtool.diff import alignment

    docs = corpus.documents()
    with sharing() as lexicon:
        for a, b in permutations(docs[:6], 2):
            together = alignment._Measures((*a.provisions, *b.provisions))
            by_sides = alignment._Measures((*a.provisions, *b.provisions), sides=(a.provisions, b.provisions))
            assert by_sides.idf() == together.idf() and by_sides._rare == together._rare
        assert len(lexicon.sides) == 6
    monkeypatch.setattr(alignment, "IDF_SAMPLE", 3)  # every pair sampled: no sums of sides
    a, b = docs[0], docs[1]
    sampled = alignment._Measures((*a.provisions, *b.provisions), sides=(a.provisions, b.provisions))
    assert sampled._by_sides() is None
    assert sampled.idf() == alignment._Measures((*a.provisions, *b.provisions)).idf()


def test_shared_words_kept_or_let_go_answer_alike(corpus, monkeypatch) -> None:
    """The words two subtrees share are kept for the run; past the budget they are let go, and nothing changes."""
    from cahtool.diff.lexicon import Lexicon

    docs = corpus.documents()
    alone = {(a.id, b.id): _pairs(a.provisions, b.provisions) for a, b in permutations(docs, 2)}
    with sharing() as lexicon:
        kept = {(a.id, b.id): _pairs(a.provisions, b.provisions) for a, b in permutations(docs, 2)}
        assert lexicon.shared and lexicon.shared_words
    monkeypatch.setattr(Lexicon, "SHARED_BUDGET", 5)
    with sharing() as lexicon:
        let_go = {(a.id, b.id): _pairs(a.provisions, b.provisions) for a, b in permutations(docs, 2)}
        assert lexicon.shared_words < 5 + max(len(words) for words, _ in lexicon.shared.values())
    assert kept == alone and let_go == alone


@st.composite
def _sharing_roots(draw: st.DrawFn) -> tuple[tuple[Provision, ...], tuple[Provision, ...]]:
    """A list of top provisions, and another that holds some of the very same objects (documents loaded together
    share what they repeat): others reworded, dropped, added or repeated."""
    olds = draw(trees())
    news: list[Provision] = []
    for p in olds:
        fate = draw(st.sampled_from(["same", "same", "same", "reword", "drop", "repeat"]))
        if fate == "reword":
            news.append(Provision(eid=p.eid, tag=p.tag, num=p.num, heading=p.heading, text=draw(TEXTS),
                                  label=p.label, children=p.children))
        elif fate != "drop":
            news.extend([p] * (2 if fate == "repeat" else 1))
    news.extend(draw(trees(prefix="added")))
    return olds, tuple(news)


def _counted(roots: tuple[Provision, ...]) -> tuple[dict[tuple[str, str], int], dict[str, int]]:
    """A side's counts made from nothing (a lexicon of its own)."""
    from cahtool.diff import alignment
    from cahtool.diff.lexicon import Lexicon

    texts, frequency = alignment._Measures(roots, lexicon=Lexicon())._side(roots)
    return dict(texts), dict(frequency)


@settings(max_examples=300, deadline=None)
@given(_sharing_roots(), _sharing_roots())
def test_a_side_counted_from_another_is_the_side_counted_alone(first, second) -> None:
    """``_side`` of top provisions that share objects with a side counted before is that side's counts less and
    plus the roots that differ: the same texts and frequencies (no zero left), and the same alignments."""
    alone = [_pairs(*first), _pairs(*second), _pairs(first[1], second[1])]
    with sharing() as lexicon:
        together = [_pairs(*first), _pairs(*second), _pairs(first[1], second[1])]
        for roots, texts, frequency in lexicon.sides.values():
            assert (dict(texts), dict(frequency)) == _counted(roots)
    assert together == alone


def test_a_text_that_repeats_another_is_counted_from_it() -> None:
    """Three articles, then the same three objects with the last reworded (a proposal loaded with its base): the
    second side is counted from the first, and its counts are those counted alone."""
    from cahtool.diff import alignment

    def article(k: int, text: str) -> Provision:
        return Provision(eid=f"art_{k}", tag="article", num=f"Article {k}", heading="", text=text, label=f"art. {k}")

    base = (article(1, "Each State shall prevent crimes."), article(2, "Murder and enslavement."),
            article(3, "Persecution on political grounds."))
    proposal = (*base[:2], article(3, "Persecution on gender grounds."))
    counted = alignment._Measures._side_from_another
    calls: list[bool] = []

    def spy(self: alignment._Measures, roots: tuple[Provision, ...]) -> object:
        found = counted(self, roots)
        calls.append(found is not None)
        return found

    alone = _pairs(base, proposal)
    with sharing() as lexicon:
        alignment._Measures._side_from_another = spy  # type: ignore[method-assign]
        try:
            together = _pairs(base, proposal)
        finally:
            alignment._Measures._side_from_another = counted  # type: ignore[method-assign]
        assert [(dict(t), dict(f)) for _, t, f in lexicon.sides.values()] == [_counted(base), _counted(proposal)]
    assert calls == [False, True] and together == alone
