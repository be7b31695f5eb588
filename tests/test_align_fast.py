"""The fast paths of the alignment give exactly what the steps they skip would give (issue 13).

- Subtree keys are numbers, one per distinct shape (hash-consing): two subtrees get one number exactly when
  the strings the keys used to be (tag, comparable heading and text, the children's keys) are equal.
- Sibling lists with the same subtrees in the same order, each once, pair in place without the anchor, gap and
  move steps, and two identical subtrees whose every list has each subtree once pair one by one all the way down
  without a step at each level: on random trees (small vocabularies, so that duplicates, near-duplicates,
  renumberings, moves and lists one level apart abound) the alignment is the one the full steps give.
- A gap whose provisions of the same numbers pair in order, cover one side and are alike enough is settled by
  them without the dynamic programme: on random runs of long articles edited by a word or a few (some dropped,
  inserted, renumbered, moved, numbered twice) the alignment is the one the programme gives.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from cahtool.diff import align
from cahtool.diff.alignment import _Aligner, _Measures
from cahtool.model import Provision
from cahtool.text import comparable

WORDS = ["the", "State", "state", "shall", "crime", "humanity", "torture", "murder", "gender", "apartheid"]
TEXTS = st.lists(st.sampled_from([*WORDS, "Murder;", "murder.", "“attack”", '"attack"']), max_size=6).map(" ".join)
NUMS = st.sampled_from(["", "(a)", "(b)", "(c)", "1.", "2.", "Article 1", "Article 2"])


@st.composite
def trees(draw: st.DrawFn, depth: int = 3, prefix: str = "p") -> tuple[Provision, ...]:
    """A list of sibling provisions with their subtrees."""
    count = draw(st.integers(0, 4 if depth > 1 else 3))
    out = []
    for k in range(count):
        eid = f"{prefix}_{k}"
        tag = draw(st.sampled_from(["article", "paragraph", "point"][3 - depth:] or ["point"]))
        children = draw(trees(depth - 1, eid)) if depth > 1 and draw(st.booleans()) else ()
        out.append(Provision(eid=eid, tag=tag, num=draw(NUMS), heading=draw(TEXTS) if tag == "article" else "",
                             text=draw(TEXTS), label=eid, children=children))
    return tuple(out)


@st.composite
def edited(draw: st.DrawFn, olds: tuple[Provision, ...], prefix: str = "n") -> tuple[Provision, ...]:
    """The same list, as often as not unchanged, else with siblings repeated, dropped, swapped or reworded."""
    news = list(olds)
    if draw(st.booleans()):
        for _ in range(draw(st.integers(1, 3))):
            op = draw(st.sampled_from(["repeat", "drop", "swap", "reword", "renumber", "flatten"]))
            if not news:
                break
            k = draw(st.integers(0, len(news) - 1))
            p = news[k]
            if op == "repeat":
                news.insert(k, p)
            elif op == "drop":
                del news[k]
            elif op == "swap":
                news.insert(draw(st.integers(0, len(news) - 1)), news.pop(k))
            elif op == "reword":
                news[k] = Provision(eid=p.eid, tag=p.tag, num=p.num, heading=p.heading, text=draw(TEXTS),
                                    label=p.label, children=p.children)
            elif op == "renumber":
                news[k] = Provision(eid=p.eid, tag=p.tag, num=draw(NUMS), heading=p.heading, text=p.text,
                                    label=p.label, children=p.children)
            elif p.children:
                news[k:k + 1] = p.children
    out = []
    for k, p in enumerate(news):
        children = draw(edited(p.children, f"{prefix}_{k}")) if p.children and draw(st.booleans()) else p.children
        out.append(Provision(eid=f"{prefix}_{k}", tag=p.tag, num=p.num, heading=p.heading, text=p.text,
                             label=p.label, children=children))
    return tuple(out)


@st.composite
def pairs(draw: st.DrawFn) -> tuple[tuple[Provision, ...], tuple[Provision, ...]]:
    olds = draw(trees())
    return olds, draw(edited(olds))


def _outcome(old: tuple[Provision, ...], new: tuple[Provision, ...]) -> list[tuple[str | None, str | None, bool, bool]]:
    return [(p.old.eid if p.old else None, p.new.eid if p.new else None, p.moved, p.own_only) for p in align(old, new)]


def _without(method: str, answer: object, old: tuple[Provision, ...], new: tuple[Provision, ...],
             owner: type = _Aligner) -> list[tuple[str | None, str | None, bool, bool]]:
    """``_outcome`` with one fast path of ``owner`` taken away (it gives ``answer``: the full steps run)."""
    fast = getattr(owner, method)
    try:
        setattr(owner, method, lambda self, *args: answer)
        return _outcome(old, new)
    finally:
        setattr(owner, method, fast)


@settings(max_examples=400, deadline=None)
@given(pairs())
def test_identical_lists_pair_in_place_as_the_full_steps_would(pair) -> None:
    old, new = pair
    assert _outcome(old, new) == _without("identical", False, old, new)


@settings(max_examples=400, deadline=None)
@given(pairs())
def test_identical_subtrees_pair_one_by_one_as_level_by_level(pair) -> None:
    old, new = pair
    assert _outcome(old, new) == _without("one_by_one", False, old, new, _Measures)


def test_a_subtree_with_a_list_that_repeats_a_subtree_is_not_paired_one_by_one() -> None:
    """Two equal points under one article: the article's list is not all anchors, so not one by one below it."""
    point = Provision(eid="a", tag="point", num="(a)", heading="", text="murder", label="a")
    twice = (point, Provision(eid="b", tag="point", num="(b)", heading="", text="murder", label="b"))
    article = Provision(eid="art_1", tag="article", num="1", heading="", text="", label="1", children=twice)
    measures = _Measures()
    assert measures.one_by_one(point) and not measures.one_by_one(article)
    assert measures.one_by_one(Provision(eid="art_2", tag="article", num="2", heading="", text="", label="2",
                                         children=twice[:1]))


def _string_key(p: Provision) -> str:
    """The key as it was: the subtree's tags and comparable texts joined in one string."""
    inner = "\x1d".join(_string_key(c) for c in p.children)
    return f"{p.tag}\x1e{comparable(p.heading)}\x1e{comparable(p.text)}\x1d{inner}"


@settings(max_examples=200, deadline=None)
@given(pairs())
def test_shape_numbers_are_equal_exactly_when_the_string_keys_are(pair) -> None:
    old, new = pair
    provisions = [q for root in (*old, *new) for q in root.walk()]
    measures = _Measures()
    for a in provisions:
        for b in provisions:
            assert (measures.key(a) == measures.key(b)) == (_string_key(a) == _string_key(b))


def test_identical_siblings_that_repeat_take_the_full_steps() -> None:
    """Two equal subtrees among the siblings are not anchors: the fast path leaves them to the gap steps."""
    point = Provision(eid="a", tag="point", num="(a)", heading="", text="murder", label="a")
    twice = (point, Provision(eid="b", tag="point", num="(b)", heading="", text="murder", label="b"))
    assert not _Aligner().identical(twice, twice)
    assert _Aligner().identical(twice[:1], twice[1:])


def test_weights_from_a_sample_count_no_side_s_words(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Beyond ``IDF_SAMPLE`` texts the weights come from a sample: neither document's words are split and counted
    whole for them (they were, and then thrown away), and the alignment is the one the counting gave."""
    import cahtool.diff.alignment as alignment

    def article(k: int, extra: str) -> Provision:
        points = tuple(Provision(eid=f"art_{k}__point_{j}", tag="point", num=f"({j})", heading="",
                                 text=f"{WORDS[(k + j) % len(WORDS)]} point {k} {j} {extra}", label="",
                                 children=()) for j in range(3))
        return Provision(eid=f"art_{k}", tag="article", num=f"Article {k}", heading=f"Heading {k}",
                         text="", label="", children=points)

    old = tuple(article(k, "old") for k in range(12))
    new = tuple(article(k, "new" if k % 3 else "old") for k in (*range(5), *range(6, 12)))
    monkeypatch.setattr(alignment, "IDF_SAMPLE", 10)
    counted = align(old, new)

    def refused(self, roots):  # type: ignore[no-untyped-def]
        raise AssertionError("a side's words counted for a sampled pair")

    monkeypatch.setattr(_Measures, "_side", refused)
    assert align(old, new) == counted


LONG_WORDS = [f"w{k}" for k in range(60)]


@st.composite
def numbered_runs(draw: st.DrawFn) -> tuple[tuple[Provision, ...], tuple[Provision, ...]]:
    """Articles with long texts, as often as not edited by a word or two (so alike enough to settle a gap), some
    dropped, inserted, renumbered, swapped or given a number twice: gaps of several articles of the same numbers."""
    count = draw(st.integers(1, 7))
    texts = [draw(st.lists(st.sampled_from(LONG_WORDS), min_size=12, max_size=40)) for _ in range(count)]
    nums = [f"Article {k + 1}" for k in range(count)]
    olds = tuple(Provision(eid=f"o{k}", tag="article", num=nums[k], heading="", text=" ".join(texts[k]), label="")
                 for k in range(count))
    news = []
    for k in range(count):
        words = list(texts[k])
        for _ in range(draw(st.sampled_from([0, 1, 1, 1, 2, 4]))):
            words[draw(st.integers(0, len(words) - 1))] = draw(st.sampled_from(LONG_WORDS))
        op = draw(st.sampled_from(["keep"] * 12 + ["drop", "insert", "renumber", "twice", "unnumber"]))
        num = nums[k]
        if op == "drop":
            continue
        if op == "insert":
            news.append(("Article 99", " ".join(draw(st.lists(st.sampled_from(LONG_WORDS), min_size=5, max_size=20)))))
        elif op == "renumber":
            num = f"Article {k + 2}"
        elif op == "twice":
            num = nums[0]
        elif op == "unnumber":
            num = ""
        news.append((num, " ".join(words)))
    if len(news) > 1 and draw(st.integers(0, 3)) == 0:
        k = draw(st.integers(0, len(news) - 1))
        news.insert(draw(st.integers(0, len(news) - 1)), news.pop(k))
    return olds, tuple(Provision(eid=f"n{k}", tag="article", num=num, heading="", text=text, label="")
                       for k, (num, text) in enumerate(news))


@settings(max_examples=400, deadline=None)
@given(numbered_runs())
def test_a_gap_settled_by_its_numbers_is_the_one_the_programme_finds(pair) -> None:
    old, new = pair
    assert _outcome(old, new) == _without("settled", None, old, new)


def test_a_run_of_edited_articles_is_settled_by_its_numbers() -> None:
    """Five articles each edited by a word: five measures, not twenty-five, and the five pairs of the same number."""
    texts = [" ".join(LONG_WORDS[k * 10:k * 10 + 30]) for k in range(5)]
    old = tuple(Provision(eid=f"o{k}", tag="article", num=f"Article {k + 1}", heading="", text=t, label="")
                for k, t in enumerate(texts))
    new = tuple(Provision(eid=f"n{k}", tag="article", num=f"Article {k + 1}", heading="", text=t + " w59", label="")
                for k, t in enumerate(texts))
    aligner = _Aligner((*old, *new), sides=(old, new))
    measured = []
    measure = aligner.m._measure
    aligner.m._measure = lambda a, b, pair: measured.append((a.eid, b.eid)) or measure(a, b, pair)  # type: ignore[method-assign]
    assert aligner.gap(old, new, list(range(5)), list(range(5))) == [(k, k) for k in range(5)]
    assert measured == [(f"o{k}", f"n{k}") for k in range(5)]


@settings(max_examples=200, deadline=None)
@given(pairs())
def test_the_lesser_weighted_count_is_the_weight_of_the_lesser_count(pair) -> None:
    """A diff sums the lesser of two weighted counts; a run (a site) the weight times the lesser count, which it
    keeps for every pair of documents: the same floats, so the same similarities to the last bit."""
    from cahtool.diff.lexicon import Lexicon

    old, new = pair
    roots = (*old, *new)
    alone, in_a_run = _Measures(roots, sides=(old, new)), _Measures(roots, lexicon=Lexicon(run=True), sides=(old, new))
    provisions = [q for root in roots for q in root.walk()]
    for a in provisions:
        for b in provisions:
            assert alone.dice(a, b) == in_a_run.dice(a, b)
