"""Alignment: pair the provisions of two documents across renumbering, moves, insertions, deletions.

Siblings are aligned in four steps (after patience diff and the French Senate's concordance tables):

1. *Anchors*: provisions whose whole subtree is editorially equal and unique on both sides pair up
   whatever their numbers; the longest run of anchors in the same order (LIS) fixes the skeleton.
2. *Gaps*: between consecutive anchors, the remaining provisions pair by content similarity with an
   order-preserving dynamic programme (a same number is a tie-breaker, never enough on its own).
3. *Sole candidates*: at the top level, one unpaired article on each side pair if they share enough
   words, so two single-article instruments (Rome art. 7, ILC art. 2) are always compared. Then
   near-identical siblings left over in different gaps pair too. The moves are the pairs out of the
   longest in-order run of *all* pairs: when that run drops an anchor of the skeleton, the anchor was
   the provision that moved (past provisions edited a little, so not anchors), and the siblings are
   aligned again around every near-identical pair.
4. *Moves*: after the whole tree is aligned, unpaired provisions anywhere (other parent) that are
   near-identical pair as moves.

A point inserted in the middle of a list therefore yields one insertion; the followers are anchors
whose numbers changed (renumbered), never a cascade of modified points.
"""

from __future__ import annotations

import bisect
import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import chain, pairwise, repeat
from operator import mul
from sys import intern

from cahtool.diff.lexicon import Lexicon, shared
from cahtool.model import Pair, Provision, normalise_num
from cahtool.text import comparable, words

#: Similarity (Dice over idf-weighted word multisets) from which two provisions are the same provision.
THRESHOLD = 0.5
#: With the same number, a lower (weighted) similarity suffices: the OTP rewrite of the "gender"
#: definition (0.22) is still para. 3, while two unrelated paragraphs 3 score 0.12 ...
SAME_NUM_THRESHOLD = 0.2
#: ... or most of the shorter text contained in the longer one, if it has a few words at least.
SAME_NUM_CONTAINMENT = 0.6
CONTAINMENT_MIN_WORDS = 3
#: Similarity from which unpaired provisions in different places are one provision moved.
MOVE_THRESHOLD = 0.75
#: Similarity (or containment) from which the sole unpaired articles of two documents are compared.
SOLE_THRESHOLD = 0.15
#: Weight of a word met nowhere else, until the weights are computed.
_RARE = 5.0
#: Distinct texts from which word weights are computed exactly; beyond, from a sample of this many.
IDF_SAMPLE = 3000
#: Largest gap (cells of the dynamic programme) aligned exhaustively; beyond, numbers split it first.
GAP_LIMIT = 4096
#: Largest number of unpaired provisions compared pairwise in the move pass.
MOVE_LIMIT = 400
#: Similarity above which pairs of the same number settle a gap without the dynamic programme (``_Aligner.settled``):
#: such a pair scores over 1.0 with the same number's bonus, and no other pair can score more than 1.0.
SETTLED = 0.91


@dataclass
class _Entry:
    """A node of the merged tree: a pair, or an inserted or deleted subtree."""

    old: Provision | None
    new: Provision | None
    moved: bool = False
    children: list[_Entry] = field(default_factory=list)
    own_only: bool = False  # one side only, its children paired (a list one level apart)
    #: Two identical subtrees whose every list of children has each subtree once: the steps would pair their
    #: descendants one by one, all the way down (``_Aligner.siblings``), so they are, without an entry each.
    whole: bool = False


class _Measures:
    """Per-provision caches: the comparable key of a subtree and its weighted bag of words.

    Words are weighted by how rare they are among the provisions of the two documents (BM25's inverse
    document frequency): in a treaty every article says "Each State shall take the necessary measures",
    so shared boilerplate must not make two unrelated articles look alike, while a shared "gender" or
    "apartheid" should count for much. What does not depend on the pair (words, shapes, bags) is the
    lexicon's; the weights are the pair's own.
    """

    def __init__(self, roots: Sequence[Provision] = (), lexicon: Lexicon | None = None,
                 sides: tuple[Sequence[Provision], Sequence[Provision]] | None = None) -> None:
        self._roots = tuple(roots)
        #: The top provisions of each document, when ``roots`` are both documents' (``align``).
        self._sides = sides
        self._idf: dict[str, float] | None = None
        self._rare = _RARE
        self.lex = lexicon if lexicon is not None else (shared() or Lexicon())
        self._comparable = self.lex.comparable
        self._own_words = self.lex.own_words
        self._keys = self.lex.keys
        # Every distinct subtree, numbered: (tag, comparable heading, comparable text, children's numbers).
        self._shapes = self.lex.shapes
        self._weights: dict[int, float] = {}
        #: Outside a run, each subtree's bag as its words' counts times their weights (the pair's), its size and its
        #: weight, by the subtree's identity (``_own_bag``), and the words they count.
        self._bags: dict[int, tuple[dict[str, float], int, float]] = {}
        self._bagged = 0
        #: Each pair's Dice and containment, by the two subtrees' numbers (as their bags): an alignment asks for
        #: four pairs in ten again (a gap's pairs re-aligned around near-identical ones, moves, level shifts).
        self._dice: dict[tuple[int, int], tuple[float, float]] = {}

    def comparable(self, text: str) -> str:
        c = self._comparable.get(text)
        if c is None:
            c = self._comparable[text] = comparable(text)
        return c

    def key(self, p: Provision) -> int:
        """The number of a subtree's shape: equal for subtrees editorially equal all the way down.

        Each distinct shape (tag, comparable heading and text, the numbers of its children) is numbered once
        (hash-consing), so identical subtrees pair by one int, however long their text: a whole article is
        compared and hashed as a number, never as a string of its words.
        """
        known = self._keys.get(id(p))
        if known is not None:
            return known[1]
        shape = (p.tag, self.comparable(p.heading), self.comparable(p.text),
                 tuple([self.key(c) for c in p.children]))
        k = self._shapes.setdefault(shape, len(self._shapes))
        self._keys[id(p)] = (p, k)
        return k

    def one_by_one(self, p: Provision) -> bool:
        """True when every list of children in the subtree (its own, its children's ...) has no two subtrees alike:
        aligned with an identical subtree, each list is all anchors in place (``_Aligner.identical``) all the way
        down. Told once for each shape (the subtrees alike share it)."""
        k = self.key(p)
        known = self.lex.one_by_one.get(k)
        if known is None:
            keys = [self.key(c) for c in p.children]
            known = self.lex.one_by_one[k] = (len(set(keys)) == len(keys)
                                              and all(self.one_by_one(c) for c in p.children))
        return known

    def content(self, p: Provision) -> int:
        """The number of a subtree's content as written: equal for subtrees with the same words in the same places."""
        known = self.lex.contents.get(id(p))
        if known is not None:
            return known[1]
        shape = (p.tag, p.heading, p.text, tuple([self.content(c) for c in p.children]))
        k = self.lex.content_shapes.setdefault(shape, len(self.lex.content_shapes))
        self.lex.contents[id(p)] = (p, k)
        return k

    def words(self, p: Provision) -> list[str]:
        """Every word of a subtree, in reading order (lists join faster than Counters add up).

        Not kept: a subtree's words are wanted once, for its bag, and kept for every level of a large
        document they would weigh more than the document.
        """
        w = self.own_words(p)
        if p.children:
            w = list(w)  # the own words' list is shared by every provision with that text: extend a copy
            for child in p.children:
                w.extend(self.words(child))
        return w

    def idf(self) -> dict[str, float]:
        """Inverse document frequency of each word over the provisions of both documents (lazily).

        Beyond ``IDF_SAMPLE`` distinct texts, frequencies are estimated from an evenly spaced sample in
        document order (deterministic): weights need proportions, not every text of a 1,000-article
        treaty. A word outside the sample is rare and weighs as a word seen once.
        """
        if self._idf is None:
            counted = self._by_sides()
            if counted is None:
                items = list(self._all_texts(self._roots).items())
                if len(items) > IDF_SAMPLE:
                    step = len(items) / IDF_SAMPLE
                    items = [items[int(k * step)] for k in range(IDF_SAMPLE)]
                count, frequency = sum(times for _, times in items), self._frequency(items)
            else:
                count, frequency = counted
            self._idf = {w: math.log((count - df + 0.5) / (df + 0.5) + 1) for w, df in frequency.items()}
            self._rare = math.log((count - 0.5) / 1.5 + 1)
        return self._idf

    def _by_sides(self) -> tuple[int, Counter[str]] | None:
        """``idf``'s count of texts and frequency of each word, as the sum of each document's own (kept by the run):
        the texts of two documents taken together are each document's texts, so the frequencies add up. None when
        the weights come from a sample (which depends on the pair), or the documents are not known apart."""
        if self._sides is None:
            return None
        # Whether the weights come from a sample is told by the texts alone: their words are split and counted only
        # when wanted (for the 400,000-word pair they were not, and that was a fifth of aligning it).
        old_texts, new_texts = map(self._side_texts, self._sides)
        if len(old_texts) + len(new_texts) > IDF_SAMPLE and len(old_texts.keys() | new_texts.keys()) > IDF_SAMPLE:
            return None
        count = sum(old_texts.values()) + sum(new_texts.values())
        if not self.lex.run:
            # Nothing to keep each side's counts for: the texts of both, each split once (most are in both).
            texts = old_texts.copy()
            texts.update(new_texts)
            return count, self._frequency(texts.items())
        (old_texts, old_frequency), (new_texts, new_frequency) = map(self._side, self._sides, (old_texts, new_texts))
        frequency = old_frequency.copy()
        frequency.update(new_frequency)
        return count, frequency

    def _side_texts(self, roots: Sequence[Provision]) -> Counter[tuple[str, str]]:
        """``_side``'s texts of one document: as counted with their words if they were, else without them."""
        known = self.lex.sides.get(tuple(map(id, roots)))
        return known[1] if known is not None else self._all_texts(roots)

    def _side(self, roots: Sequence[Provision], texts: Counter[tuple[str, str]] | None = None,
              ) -> tuple[Counter[tuple[str, str]], Counter[str]]:
        """The texts of one document (how many times each) and, for each word, how many of its texts it is in
        (``texts``: the first, when ``_side_texts`` has counted them already)."""
        key = tuple(map(id, roots))
        lex = self.lex
        known = lex.sides.get(key)
        if known is None:
            counted = self._side_from_another(roots) if lex.run else None
            if counted is None:
                texts = texts if texts is not None else self._all_texts(roots)
                counted = (texts, self._frequency(texts.items()))
            known = (tuple(roots), *counted)
            if lex.run:
                lex.sides[key] = known
                for root in roots:
                    lex.side_of[id(root)] = key
        return known[1], known[2]

    def _side_from_another(self, roots: Sequence[Provision]) -> tuple[Counter[tuple[str, str]], Counter[str]] | None:
        """``_side`` of these roots from a side counted before that shares most of them (the same objects: documents
        loaded together share what they repeat, ``akn.Subtrees``): its counts, less those of the roots only it has,
        plus those of the roots only these have. A proposal's text is its base's but for an article or two: counting
        every word of it again was a tenth of aligning it. Counts add up root by root, so they are the same."""
        lex = self.lex
        mine = {id(root) for root in roots}
        if len(mine) != len(roots):
            return None
        votes = Counter(side for side in map(lex.side_of.get, mine) if side is not None)
        if not votes:
            return None
        other_roots, other_texts, other_frequency = lex.sides[votes.most_common(1)[0][0]]
        theirs = {id(root) for root in other_roots}
        gone = [root for root in other_roots if id(root) not in mine]
        came = [root for root in roots if id(root) not in theirs]
        if len(gone) + len(came) > len(roots):  # as much to take away and add as to count: count
            return None
        texts, frequency = other_texts.copy(), other_frequency.copy()
        for root in gone:
            texts.subtract(self._texts(root))
            frequency.subtract(self._root_frequency(root))
        for root in came:
            texts.update(self._texts(root))
            frequency.update(self._root_frequency(root))
        for root in gone:  # what is no longer in the side at all is not in its counts (a Counter keeps zeros)
            for own in self._texts(root):
                if texts[own] <= 0:
                    del texts[own]
            for word in self._root_frequency(root):
                if frequency[word] <= 0:
                    del frequency[word]
        return texts, frequency

    def _root_frequency(self, root: Provision) -> Counter[str]:
        """``_frequency`` of the texts of one top provision, kept for the run."""
        known = self.lex.root_frequencies.get(id(root))
        if known is None:
            known = self.lex.root_frequencies[id(root)] = (root, self._frequency(self._texts(root).items()))
        return known[1]

    def _all_texts(self, roots: Sequence[Provision]) -> Counter[tuple[str, str]]:
        """How many times each (heading, text) is under these roots, in reading order of first appearance."""
        texts: Counter[tuple[str, str]] = Counter()
        for root in roots:
            texts.update(self._texts(root))
        return texts

    def _frequency(self, items: Iterable[tuple[tuple[str, str], int]]) -> Counter[str]:
        """For each word, how many of these texts it is in (a text there ``times`` times counting as many)."""
        # Each word once per text it is in; most texts are in both drafts: split each once, counted in one go.
        return Counter(chain.from_iterable(
            found for own, times in items for found in repeat(self._word_set(own), times)))

    def _texts(self, root: Provision) -> Counter[tuple[str, str]]:
        """How many times each (heading, text) is in a subtree, in reading order of first appearance."""
        known = self.lex.texts.get(id(root))
        if known is None:
            known = self.lex.texts[id(root)] = (root, Counter((p.heading, p.text) for p in root.walk()))
        return known[1]

    def _word_set(self, own: tuple[str, str]) -> set[str]:
        if not self.lex.run:  # asked once per text by one alignment
            return set(self.own_text_words(*own))
        found = self.lex.word_sets.get(own)
        if found is None:
            found = self.lex.word_sets[own] = set(self.own_text_words(*own))
        return found

    def own_words(self, p: Provision) -> list[str]:
        return self.own_text_words(p.heading, p.text)

    def own_text_words(self, heading: str, text: str) -> list[str]:
        """The words of a heading and text, split once however many provisions share them."""
        w = self._own_words.get((heading, text))
        if w is None:
            # One string per distinct word (interned): a long document says "the" fifty thousand times.
            w = self._own_words[heading, text] = list(map(intern, words(heading + " " + text)))
        return w

    def _run_bag(self, p: Provision) -> tuple[Counter[str], int, float]:
        """A subtree's bag in a run (the multiset of its words, kept for the run by the subtree's content), its size,
        and its weight (the pair's)."""
        lex = self.lex
        number = self.content(p)
        known = lex.bags.get(number)
        if known is None:
            w = self.words(p)
            if lex.bagged > lex.BAG_BUDGET:
                lex.bags.clear()
                lex.bagged = 0
            known = lex.bags[number] = (Counter(w), len(w))
            lex.bagged += len(w)
        bag, size = known
        weight = self._weights.get(number)
        if weight is None:
            idf = self.idf()
            weight = self._weights[number] = sum(map(mul, bag.values(), map(idf.get, bag.keys(), repeat(self._rare))))
        return bag, size, weight

    def _own_bag(self, p: Provision) -> tuple[dict[str, float], int, float]:
        """A subtree's bag outside a run: each word's count times its weight (a pair's measure then sums the lesser
        of two weighted counts, not the weight of the lesser count), the size, and the weight: the same products in
        the same order as a run's, so the same sum. Nothing else of the run is there to share the counts with."""
        known = self._bags.get(id(p))
        if known is None:
            w = self.words(p)
            if self._bagged > self.lex.BAG_BUDGET:
                self._bags.clear()
                self._bagged = 0
            counted = Counter(w)
            idf = self.idf()
            products = map(mul, counted.values(), map(idf.get, counted.keys(), repeat(self._rare)))
            weighted = dict(zip(counted, products, strict=True))
            known = self._bags[id(p)] = (weighted, len(w), sum(weighted.values()))
            self._bagged += len(w)
        return known

    def dice(self, a: Provision, b: Provision) -> tuple[float, float]:
        """Weighted Dice coefficient of two word multisets, and containment of the smaller in the larger.

        Containment counts only when the smaller text has ``CONTAINMENT_MIN_WORDS`` words: one word
        ("enslavement") is contained in too many texts to say anything.
        """
        lex = self.lex
        pair = (self.content(a), self.content(b)) if lex.run else (id(a), id(b))
        known = self._dice.get(pair)
        if known is None:
            known = self._dice[pair] = self._measure(a, b, pair)
        return known

    def _measure(self, a: Provision, b: Provision, pair: tuple[int, int]) -> tuple[float, float]:
        lex = self.lex
        if lex.run:
            (x, nx, wx), (y, ny, wy) = self._run_bag(a), self._run_bag(b)
        else:
            (vx, nx, wx), (vy, ny, wy) = self._own_bag(a), self._own_bag(b)
        if not nx and not ny:
            return 1.0, 1.0
        if not nx or not ny or not wx or not wy:
            return 0.0, 0.0
        if lex.run:
            idf = self.idf()
            # The shared words and their lesser counts are the pair's, whatever the weights: kept for the run, in
            # the order the set of shared words gives them (so the sum is the one made below, to the last bit).
            found = lex.shared.get(pair)
            if found is None:
                if lex.shared_words > lex.SHARED_BUDGET:
                    lex.shared.clear()
                    lex.shared_words = 0
                together = tuple(x.keys() & y.keys())
                found = lex.shared[pair] = (together, tuple(map(min, map(x.__getitem__, together),
                                                                  map(y.__getitem__, together))))
                lex.shared_words += len(together)
            together, least = found
            common = sum(map(mul, least, map(idf.get, together, repeat(self._rare))))
        else:
            shared = vx.keys() & vy.keys()
            # In C through map (a generator here was the hottest line of the pipeline): min count × weight, as the
            # lesser of the two weighted counts (a weight is positive and rounding keeps order: the same float).
            common = sum(map(min, map(vx.__getitem__, shared), map(vy.__getitem__, shared)))
        contained = common / min(wx, wy) if min(nx, ny) >= CONTAINMENT_MIN_WORDS else 0.0
        return 2 * common / (wx + wy), contained

    def score(self, a: Provision, b: Provision) -> float | None:
        """How well two provisions pair (higher is better), or None when they must not."""
        if a.tag != b.tag:
            return None
        dice, containment = self.dice(a, b)
        same_num = bool(a.num) and normalise_num(a.num) == normalise_num(b.num)
        bonus = 0.1 if same_num else 0.0
        if dice >= THRESHOLD:
            return dice + bonus
        # A same number lowers the bar, unless both have headings with no word in common: a new
        # heading over a new text is a new article that took the number of one that went.
        if same_num and not self.headings_disjoint(a, b) and (
            dice >= SAME_NUM_THRESHOLD or containment >= SAME_NUM_CONTAINMENT
        ):
            return dice + bonus
        if self.same_head(a, b, same_num):
            return dice + bonus
        return None

    def same_head(self, a: Provision, b: Provision, same_num: bool) -> bool:
        """An item grown into a clause: the shorter's words all in the longer, both opening on one word.

        ICTY "(e) imprisonment;" is Rome "(e) Imprisonment or other severe deprivation of physical
        liberty ...": the name of the act leads both. With the same number any length will do; without,
        three words at least ("other inhumane acts" → Rome 7(1)(k) "Other inhumane acts of a similar
        character ..."), since one word of a list is found in too many items.
        """
        if a.children or b.children:
            return False
        x, y = self.words(a), self.words(b)
        shorter, longer = (x, y) if len(x) <= len(y) else (y, x)
        if not shorter or shorter[0] != longer[0] or not set(shorter) <= set(longer):
            return False
        return same_num or len(shorter) >= CONTAINMENT_MIN_WORDS

    def headings_disjoint(self, a: Provision, b: Provision) -> bool:
        """True when both provisions have headings and these share no word."""
        if not a.heading or not b.heading:
            return False
        return not set(words(a.heading)) & set(words(b.heading))


def _lis(matches: list[tuple[int, int]]) -> set[tuple[int, int]]:
    """The longest subsequence of (old, new) index pairs increasing in both (patience sorting)."""
    ordered = sorted(matches)
    tails: list[int] = []
    tail_at: list[int] = []
    back: list[int] = [-1] * len(ordered)
    for k, (_, j) in enumerate(ordered):
        pos = bisect.bisect_left(tails, j)
        back[k] = tail_at[pos - 1] if pos else -1
        if pos == len(tails):
            tails.append(j)
            tail_at.append(k)
        else:
            tails[pos] = j
            tail_at[pos] = k
    keep: set[tuple[int, int]] = set()
    k = tail_at[-1] if tail_at else -1
    while k >= 0:
        keep.add(ordered[k])
        k = back[k]
    return keep


class _Aligner:
    def __init__(self, roots: Sequence[Provision] = (),
                 sides: tuple[Sequence[Provision], Sequence[Provision]] | None = None) -> None:
        self.m = _Measures(roots, sides=sides)

    # step 1: anchors ---------------------------------------------------------------------------
    def identical(self, olds: Sequence[Provision], news: Sequence[Provision]) -> bool:
        """True when both lists have the same subtrees in the same order, each once: all anchors, in place."""
        if len(olds) != len(news):
            return False
        key = self.m.key
        keys = [key(p) for p in olds]
        return keys == [key(p) for p in news] and len(set(keys)) == len(keys)

    def anchors(self, olds: Sequence[Provision], news: Sequence[Provision]) -> list[tuple[int, int]]:
        old_keys: dict[int, list[int]] = {}
        new_keys: dict[int, list[int]] = {}
        for i, p in enumerate(olds):
            old_keys.setdefault(self.m.key(p), []).append(i)
        for j, p in enumerate(news):
            new_keys.setdefault(self.m.key(p), []).append(j)
        return [(ii[0], new_keys[k][0]) for k, ii in old_keys.items()
                if len(ii) == 1 and len(new_keys.get(k, ())) == 1]

    # step 2: gaps ------------------------------------------------------------------------------
    def gap(self, olds: Sequence[Provision], news: Sequence[Provision],
            go: list[int], gn: list[int]) -> list[tuple[int, int]]:
        if not go or not gn:
            return []
        if len(go) * len(gn) > GAP_LIMIT:
            return self.large_gap(olds, news, go, gn)
        settled = self.settled(olds, news, go, gn)
        if settled is not None:
            return settled
        # Order-preserving matching of maximal total score (Needleman-Wunsch without gap costs).
        rows, cols = len(go), len(gn)
        best = [[0.0] * (cols + 1) for _ in range(rows + 1)]
        for a in range(1, rows + 1):
            for b in range(1, cols + 1):
                take = best[a - 1][b - 1]
                s = self.m.score(olds[go[a - 1]], news[gn[b - 1]])
                value = max(best[a - 1][b], best[a][b - 1])
                if s is not None and take + s > value:
                    value = take + s
                best[a][b] = value
        out: list[tuple[int, int]] = []
        a, b = rows, cols
        while a and b:
            if best[a][b] == best[a - 1][b]:
                a -= 1
            elif best[a][b] == best[a][b - 1]:
                b -= 1
            else:
                out.append((go[a - 1], gn[b - 1]))
                a -= 1
                b -= 1
        return out[::-1]

    def settled(self, olds: Sequence[Provision], news: Sequence[Provision],
                go: list[int], gn: list[int]) -> list[tuple[int, int]] | None:
        """The matching the dynamic programme would find, when the pairs of the same number decide it; else None.

        A run of edited articles 7, 8, 9 on both sides: the programme would measure every article with every other
        (k² measures for k articles) to find 7-7, 8-8, 9-9. When the numbers of the gap are distinct on each side,
        their pairs (same tag, same number) keep their order and take in every provision of one side, and each
        is more alike than ``SETTLED``, no other matching scores as much: a pair of the same number scores its
        similarity plus 0.1, over 1.0; any other pair at most 1.0 (a similarity); and each other pair a matching
        takes uses a provision of the covered side, so leaves out one of those pairs, which scored more. So the
        answer is the same, from k measures.
        """
        def numbers(side: Sequence[Provision], gap: list[int]) -> dict[str, int] | None:
            found: dict[str, int] = {}
            for k in gap:
                num = normalise_num(side[k].num)
                if not num or found.setdefault(num, k) != k:
                    return None  # unnumbered, or a number twice: a pair outside the run could have the bonus
            return found

        old_numbers, new_numbers = numbers(olds, go), numbers(news, gn)
        if old_numbers is None or new_numbers is None:
            return None
        pairs = [(i, new_numbers[num]) for num, i in old_numbers.items()
                 if num in new_numbers and olds[i].tag == news[new_numbers[num]].tag]
        if len(pairs) != min(len(go), len(gn)) or any(b <= a for (_, a), (_, b) in pairwise(pairs)):
            return None  # a side not covered, or pairs out of order (a move): the programme decides
        if any(self.m.dice(olds[i], news[j])[0] <= SETTLED for i, j in pairs):
            return None
        return pairs

    def large_gap(self, olds: Sequence[Provision], news: Sequence[Provision],
                  go: list[int], gn: list[int]) -> list[tuple[int, int]]:
        """A gap too large to align exhaustively: pair same numbers first, then align sub-gaps."""
        by_num: dict[str, int] = {}
        for j in gn:
            by_num.setdefault(normalise_num(news[j].num), j)
        seeds = []
        for i in go:
            same = by_num.get(normalise_num(olds[i].num))
            if same is not None and olds[i].num:
                s = self.m.score(olds[i], news[same])
                if s is not None and s >= THRESHOLD:
                    seeds.append((i, same))
        seeds = sorted(_lis(seeds))
        if not seeds:
            return []
        return seeds + self.fill(olds, news, seeds, set(go), set(gn))

    def fill(self, olds: Sequence[Provision], news: Sequence[Provision], skeleton: list[tuple[int, int]],
             free_old: set[int], free_new: set[int]) -> list[tuple[int, int]]:
        """Align each gap between consecutive pairs of an ordered skeleton."""
        out = []
        bounds = [(-1, -1), *skeleton, (len(olds), len(news))]
        for (i0, j0), (i1, j1) in zip(bounds, bounds[1:], strict=False):
            go = [i for i in range(i0 + 1, i1) if i in free_old]
            gn = [j for j in range(j0 + 1, j1) if j in free_new]
            out.extend(self.gap(olds, news, go, gn))
        return out

    # same-level moves ---------------------------------------------------------------------------
    def local_moves(self, olds: Sequence[Provision], news: Sequence[Provision],
                    matches: set[tuple[int, int]]) -> set[tuple[int, int]]:
        """Pair near-identical siblings left over in different gaps (best first): moves, or the
        neighbours of a provision that moved past them (decided by the order of all pairs)."""
        paired_old, paired_new = {i for i, _ in matches}, {j for _, j in matches}
        left = [i for i in range(len(olds)) if i not in paired_old]
        right = [j for j in range(len(news)) if j not in paired_new]
        if not left or not right:
            return set()
        exhaustive = len(left) * len(right) <= MOVE_LIMIT * MOVE_LIMIT
        by_key: dict[int, list[int]] = {}
        for j in right:
            by_key.setdefault(self.m.key(news[j]), []).append(j)
        candidates: list[tuple[float, int, int]] = []
        for i in left:
            same = by_key.get(self.m.key(olds[i]), [])
            candidates.extend((-2.0, i, j) for j in same)
            if not exhaustive:
                continue
            for j in right:
                if j in same or olds[i].tag != news[j].tag:
                    continue
                dice = self.m.dice(olds[i], news[j])[0]
                if dice >= MOVE_THRESHOLD:
                    candidates.append((-dice, i, j))
        out: set[tuple[int, int]] = set()
        taken_old: set[int] = set()
        taken_new: set[int] = set()
        for _, i, j in sorted(candidates):
            if i not in taken_old and j not in taken_new:
                out.add((i, j))
                taken_old.add(i)
                taken_new.add(j)
        return out

    # siblings ----------------------------------------------------------------------------------
    def match(self, olds: Sequence[Provision], news: Sequence[Provision], fixed: set[tuple[int, int]],
              skeleton: list[tuple[int, int]], top: bool) -> set[tuple[int, int]]:
        """Steps 2 and 3 around fixed pairs and their in-order skeleton: the gaps, the sole articles,
        then near-identical leftovers in different gaps."""
        free_old = set(range(len(olds))) - {i for i, _ in fixed}
        free_new = set(range(len(news))) - {j for _, j in fixed}
        matches = fixed | set(self.fill(olds, news, skeleton, free_old, free_new))

        if top and len(olds) == 1 and len(news) == 1 and not matches:
            # step 3: two single-article instruments (Rome art. 7, ICTY art. 5) are always compared,
            # unless they have nothing in common.
            a, b = olds[0], news[0]
            dice, containment = self.m.dice(a, b)
            if a.tag == b.tag and (dice >= SOLE_THRESHOLD or containment >= THRESHOLD):
                matches.add((0, 0))
        return matches | self.local_moves(olds, news, matches)

    def siblings(self, olds: Sequence[Provision], news: Sequence[Provision], top: bool) -> list[_Entry]:
        if not olds and not news:
            return []
        if self.identical(olds, news):
            # What the steps below give when every sibling is an anchor in place, without their work: the
            # children of two identical subtrees (most of two drafts) pair one by one, all the way down; where each
            # list below has every subtree once, without asking again at every level (``_flatten`` pairs them).
            one_by_one = self.m.one_by_one
            return [_Entry(o, n, whole=True) if one_by_one(o) else
                    _Entry(o, n, children=self.children(o.children, n.children))
                    for o, n in zip(olds, news, strict=True)]
        anchors = set(self.anchors(olds, news))
        skeleton = _lis(list(anchors))
        matches = self.match(olds, news, anchors, sorted(skeleton), top)
        in_order = _lis(list(matches))
        if not skeleton <= in_order:
            # An anchor that looked in order was the one that moved: it moved past provisions edited
            # a little (so not anchors), found only now. Align again around every near-identical pair,
            # so that the gaps between them hold the right provisions.
            strong = {(i, j) for i, j in matches
                      if (i, j) in anchors or self.m.dice(olds[i], news[j])[0] >= MOVE_THRESHOLD}
            matches = self.match(olds, news, strong, sorted(_lis(list(strong))), top)
            in_order = _lis(list(matches))
        moved = matches - in_order
        new_to_old = {j: i for i, j in matches}
        matched_old = {i for i, _ in matches}

        entries: list[_Entry] = []
        # Deleted provisions go right after the in-order pair that precedes them in the old text.
        after: dict[int, list[int]] = {}
        ordered_old = sorted(i for i, _ in in_order)
        for i in range(len(olds)):
            if i in matched_old:
                continue
            pos = bisect.bisect_left(ordered_old, i)
            after.setdefault(ordered_old[pos - 1] if pos else -1, []).append(i)
        entries.extend(_Entry(olds[i], None) for i in after.get(-1, []))
        for j, new in enumerate(news):
            partner = new_to_old.get(j)
            if partner is None:
                entries.append(_Entry(None, new))
                continue
            entry = _Entry(olds[partner], new, moved=(partner, j) in moved)
            entry.children = self.children(olds[partner].children, new.children)
            entries.append(entry)
            if (partner, j) in in_order:
                entries.extend(_Entry(olds[k], None) for k in after.get(partner, []))
        return entries

    def children(self, olds: Sequence[Provision], news: Sequence[Provision]) -> list[_Entry]:
        """The children of a pair: aligned as siblings or, if none pair, one level apart."""
        entries = self.siblings(olds, news, top=False)
        if olds and news and not any(e.old is not None and e.new is not None for e in entries):
            return self.level_shift(olds, news) or entries
        return entries

    # step 5: lists one level apart ---------------------------------------------------------------
    def level_shift(self, olds: Sequence[Provision], news: Sequence[Provision]) -> list[_Entry] | None:
        """Align a list standing under one provision with a list one level down on the other side.

        The ICTY Statute lists the acts under art. 5, the Rome Statute under art. 7(1): the container
        whose children pair best with the flat list is reported inserted (or deleted) for its own text
        only, its children paired one by one; at least half of the shorter list must pair.
        """
        best: tuple[int, bool, int, list[_Entry]] | None = None
        for nested_new, flat, outer in ((True, olds, news), (False, news, olds)):
            tags = {p.tag for p in flat}
            for k, container in enumerate(outer):
                if container.tag in tags or not container.children:
                    continue
                trial = (self.siblings(flat, container.children, top=False) if nested_new
                         else self.siblings(container.children, flat, top=False))
                paired = sum(1 for e in trial if e.old is not None and e.new is not None)
                enough = max(2, (min(len(flat), len(container.children)) + 1) // 2)
                if paired >= enough and (best is None or paired > best[0]):
                    best = (paired, nested_new, k, trial)
        if best is None:
            return None
        _, nested_new, k, trial = best
        out = []
        for index, provision in enumerate(news if nested_new else olds):
            whole = _Entry(None, provision) if nested_new else _Entry(provision, None)
            if index == k:
                whole.own_only, whole.children = True, trial
            out.append(whole)
        return out

    # step 4: moves across gaps and parents -----------------------------------------------------
    def moves(self, roots: list[_Entry]) -> None:
        deleted: list[tuple[list[_Entry], _Entry]] = []
        inserted: list[_Entry] = []
        _unpaired(roots, deleted, inserted)
        if not deleted or not inserted:
            return
        taken: set[int] = set()
        by_key: dict[int, list[int]] = {}
        for k, (_, d) in enumerate(deleted):
            assert d.old is not None
            by_key.setdefault(self.m.key(d.old), []).append(k)
        for ins in inserted:
            assert ins.new is not None
            candidates = [k for k in by_key.get(self.m.key(ins.new), []) if k not in taken]
            best: tuple[float, int] | None = (1.0, candidates[0]) if candidates else None
            if best is None and len(deleted) * len(inserted) <= MOVE_LIMIT * MOVE_LIMIT:
                for k, (_, d) in enumerate(deleted):
                    assert d.old is not None
                    if k in taken or d.old.tag != ins.new.tag:
                        continue
                    dice = self.m.dice(d.old, ins.new)[0]
                    if dice >= MOVE_THRESHOLD and (best is None or dice > best[0]):
                        best = (dice, k)
            if best is None:
                continue
            k = best[1]
            taken.add(k)
            siblings, gone = deleted[k]
            siblings.remove(gone)
            ins.old, ins.moved = gone.old, True
            assert ins.old is not None and ins.new is not None
            ins.children = self.children(ins.old.children, ins.new.children)


def _unpaired(entries: list[_Entry], deleted: list[tuple[list[_Entry], _Entry]], inserted: list[_Entry]) -> None:
    """The deleted subtrees (with the list each stands in) and the inserted ones under ``entries``, in order (a
    function, not a closure that calls itself: that is a cycle, which keeps the alignment until the collector)."""
    for e in entries:
        if e.own_only:
            _unpaired(e.children, deleted, inserted)
        elif e.new is None:
            deleted.append((entries, e))
        elif e.old is None:
            inserted.append(e)
        else:
            _unpaired(e.children, deleted, inserted)


def _flatten(entries: list[_Entry], out: list[Pair]) -> None:
    for e in entries:
        if e.whole:
            assert e.old is not None and e.new is not None
            # Two identical subtrees: the same shape, so their provisions in reading order pair one by one.
            out.extend(map(Pair, e.old.walk(), e.new.walk(), repeat(False), repeat(False)))
            continue
        out.append(Pair(e.old, e.new, e.moved, e.own_only))
        _flatten(e.children, out)


def align(old: Sequence[Provision], new: Sequence[Provision]) -> tuple[Pair, ...]:
    """Pair two provision trees; pairs come in reading order (deletions where they stood)."""
    aligner = _Aligner((*old, *new), sides=(old, new))
    roots = aligner.siblings(old, new, top=True)
    aligner.moves(roots)
    out: list[Pair] = []
    _flatten(roots, out)
    return tuple(out)
