"""History: one provision followed across every document in date order, each step redlined against the last.

The instruments (IMT Charter 1945 → ICTY Statute 1993 → Rome Statute 1998 → ILC 2017 → ILC 2019) form the
main line; each proposal branches off its base and is redlined against it. A provision is followed from one
document to the next in three steps, each reported so a reader knows how far to trust it:

1. ``aligned``: the aligner paired it (same place, or renumbered, or moved);
2. ``structure``: the structures differ by one level, as when the ICTY and IMT list the acts directly under
   the article where the Rome Statute lists them in paragraph 1: the paragraph is followed to the article,
   and its points to the article's points;
3. ``wording``: no provision in a corresponding place, but one (and only one) whose wording contains most of
   its content words (the IMT lists every crime against humanity in the single point 6(c)).

Otherwise the provision is ``absent`` from that document. Provisions whose text the corpus does not
reproduce (``Provision.omitted``, IMT 6(a) and (b)) are never matched.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from cahtool import BASELINE
from cahtool.akn import Citations, looks_like_citation, resolve_provision
from cahtool.corpus import Corpus
from cahtool.diff import align, compare, pair_changes
from cahtool.errors import CahtoolError
from cahtool.model import (
    Change,
    ChangeClass,
    Comparison,
    Document,
    Op,
    OpKind,
    Pair,
    Part,
    Progress,
    Provision,
    Status,
)
from cahtool.text import words

SCHEMA = "cahtool.history/1"
#: Share of the shorter text's content words found in the other, from which wording matches.
CONTAINMENT = 0.6
#: Words that say nothing about which provision a text is.
STOP = frozenset("""a an and any are as at be by for from in into is it its not of on or shall such that the
their them these they this those to under was were which who whom with""".split())
#: An eId in the AKN naming convention: looked up, never searched for as a term.
_EID = re.compile(r"^[a-z]+_[0-9A-Za-z-]+(__[a-zA-Z]+_[0-9A-Za-z-]+)*$")


@dataclass(frozen=True, slots=True)
class Step:
    """One document's version of the provision, and its redline against the previous version.

    ``previous`` is the id of the document compared with ('' for the first step); ``changes`` are
    empty when there is nothing to compare (first step, or absent from both); ``match`` says how the
    provision was found: ``start``, ``aligned``, ``structure``, ``wording`` or ``absent``.
    """

    document: Document
    provision: Provision | None
    previous: str
    changes: tuple[Change, ...]
    match: str

    @property
    def status(self) -> Status | None:
        """What changed since the previous version (None for the first step or when absent twice)."""
        return self.changes[0].status if self.changes else None

    @property
    def change_class(self) -> ChangeClass:
        """The strongest class of the step's changes."""
        order = (ChangeClass.NONE, ChangeClass.EDITORIAL, ChangeClass.SUBSTANTIVE)
        return max((c.change_class for c in self.changes), key=order.index, default=ChangeClass.NONE)


@dataclass(frozen=True, slots=True)
class Thread:
    """One provision's life: the main line in date order, then the proposals that would change it."""

    eid: str
    label: str
    origin: str
    steps: tuple[Step, ...]
    proposals: tuple[Step, ...]
    #: Proposals that would bring back a provision their base no longer has (Nigeria's proposal brings
    #: back the definition of "gender", Rome art. 7(3), which the ILC dropped): each redlined against the
    #: last text that had it.
    restorations: tuple[Step, ...] = ()


@dataclass(frozen=True, slots=True)
class History:
    """What was asked (an eId or a term) and the threads found."""

    query: str
    kind: str
    threads: tuple[Thread, ...]


# -- following a provision from one document to the next -------------------------------------------

def _stem(word: str) -> str:
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def _content(p: Provision) -> Counter[str]:
    return Counter(_stem(w) for w in words(f"{p.heading} {p.text}") if w not in STOP)


class _Wording:
    """The provisions of one document by their content words, to find the ones that may contain a text's words.

    A provision holds at least ``CONTAINMENT`` of a text's content words only if it has one of the words that
    make up the rest: the text's rarest words (in this document) are enough to find every candidate, so a
    provision is measured only against the few provisions that share a rare word with it, never against every
    provision of the document.
    """

    def __init__(self, doc: Document, content: Callable[[Provision], Counter[str]]) -> None:
        self.provisions = [q for q in doc.walk() if not q.omitted and q.text]
        self.postings: dict[str, list[int]] = {}
        for index, q in enumerate(self.provisions):
            for word in content(q):
                self.postings.setdefault(word, []).append(index)

    def candidates(self, x: Counter[str]) -> list[Provision]:
        """Every provision that can contain ``CONTAINMENT`` of the words of ``x``, in reading order."""
        total = x.total()
        rest = total
        found: set[int] = set()
        # The rarest words first (a word the document lacks costs nothing), until the words left out could not
        # make up CONTAINMENT of the text on their own: a provision with none of the words taken is below it.
        for word in sorted(x, key=lambda w: (len(self.postings.get(w, ())), w)):
            if rest / total < CONTAINMENT:
                break
            found.update(self.postings.get(word, ()))
            rest -= x[word]
        return [self.provisions[i] for i in sorted(found)]


class Alignments:
    """The alignments, comparisons and word bags made while following provisions, kept for the life of one
    history (or one site build).

    The same lists of provisions are aligned many times (each document with the next, for every provision
    followed; each pair of texts for its comparison, its compilation and its synopsis). Provision tuples are
    frozen, so an alignment is looked up by the identity of the two tuples; the cache holds the tuples
    themselves, so an identity is never reused while the cache lives. The same holds for the comparisons (by
    the two documents), the changes of a pair of provisions and the content words of a provision.
    """

    def __init__(self) -> None:
        self._pairs: dict[tuple[int, int], tuple[Sequence[Provision], Sequence[Provision], tuple[Pair, ...]]] = {}
        self._partners: dict[tuple[int, int, bool], dict[str, Provision]] = {}
        self._unpaired: dict[tuple[int, int, None], frozenset[str]] = {}
        self._comparisons: dict[tuple[int, int], tuple[Document, Document, Comparison]] = {}
        self._changes: dict[tuple[int, int, bool, bool], tuple[Pair, tuple[Change, ...]]] = {}
        self._contents: dict[tuple[str, str], Counter[str]] = {}
        self._wording: dict[int, tuple[Document, _Wording]] = {}
        self._common: dict[tuple[int, int], int] = {}
        #: What ``reports.synopsis`` lays out once for several synopses (the rows of a chain of texts that the
        #: proposals on one text share, each text's depths), by the ids of the texts, each kept with its texts.
        self.layouts: dict[tuple[object, ...], tuple[Any, ...]] = {}

    def main_line(self, start_doc: Document, start: Provision, mainline: Sequence[Document]) -> list[Step]:
        """``main_line`` of a provision (the site's build cache keeps it)."""
        return main_line(self, start_doc, start, mainline)

    def follow(self, src: Document, p: Provision, dst: Document) -> tuple[Provision | None, str]:
        """``follow`` forward (the site's build cache keeps it: a proposal that inserts provisions is searched by
        wording for each provision its base dropped)."""
        return follow(src, p, dst, aligned=self)

    def __call__(self, old: Sequence[Provision], new: Sequence[Provision]) -> tuple[Pair, ...]:
        """``align(old, new)``, made once."""
        hit = self._pairs.get((id(old), id(new)))
        if hit is None:
            hit = self._pairs[id(old), id(new)] = (old, new, align(old, new))
        return hit[2]

    def known(self, old: Sequence[Provision], new: Sequence[Provision]) -> bool:
        """True when the alignment of these two lists is made."""
        return (id(old), id(new)) in self._pairs

    def remember(self, old: Sequence[Provision], new: Sequence[Provision], pairs: tuple[Pair, ...]) -> tuple[Pair, ...]:
        """Take ``pairs`` as ``align(old, new)`` (kept from an earlier build of the same texts)."""
        self._pairs[id(old), id(new)] = (old, new, pairs)
        return pairs

    def compared(self, old: Document, new: Document) -> bool:
        """True when the comparison of these two documents is made."""
        return (id(old), id(new)) in self._comparisons

    def remember_comparison(self, comparison: Comparison) -> Comparison:
        """Take ``comparison`` as ``compare(old, new)`` of its documents (kept from an earlier build)."""
        old, new = comparison.old, comparison.new
        self._comparisons[id(old), id(new)] = (old, new, comparison)
        self._remember_changes(comparison)
        return comparison

    def partners(self, old: Sequence[Provision], new: Sequence[Provision], forward: bool) -> dict[str, Provision]:
        """eId on the source side → provision paired with it on the other side (do not change the dict)."""
        key = (id(old), id(new), forward)
        out = self._partners.get(key)
        if out is None:
            out = {}
            for pair in self(old, new):
                if pair.old is not None and pair.new is not None:
                    src, dst = (pair.old, pair.new) if forward else (pair.new, pair.old)
                    out[src.eid] = dst
            self._partners[key] = out
        return out

    def unpaired(self, old: Sequence[Provision], new: Sequence[Provision]) -> frozenset[str]:
        """The eIds of the provisions of ``new`` (all levels) that the alignment pairs with none of ``old``."""
        key = (id(old), id(new), None)
        out = self._unpaired.get(key)
        if out is None:
            kept = {p.eid for p in self.partners(old, new, True).values()}
            out = self._unpaired[key] = frozenset(q.eid for p in new for q in p.walk()) - kept
        return out

    def comparison(self, old: Document, new: Document) -> Comparison:
        """``compare(old, new)`` (flat, whole documents), made once, on the alignment made once."""
        hit = self._comparisons.get((id(old), id(new)))
        if hit is None:
            hit = self._comparisons[id(old), id(new)] = (old, new, compare(old, new, aligner=self))
            self._remember_changes(hit[2])
        return hit[2]

    def _remember_changes(self, comparison: Comparison) -> None:
        """The changes of each pair of a comparison, as ``changes`` would make them: ``compare`` made them with
        ``pair_changes`` of the very pair (a pair's changes are consecutive and share its two provisions)."""
        changes, known = comparison.changes, self._changes
        k, n = 0, len(changes)
        while k < n:
            first = changes[k]
            old, new = first.old, first.new
            end = k + 1
            while end < n and changes[end].old is old and changes[end].new is new:
                end += 1
            if old is not None and new is not None:
                key = (id(old), id(new), first.moved, first.own_only)
                if key not in known:  # a pair met in an earlier comparison (most of them) is not made again
                    known[key] = (Pair(old, new, first.moved, first.own_only), tuple(changes[k:end]))
            k = end

    def changes(self, pair: Pair) -> tuple[Change, ...]:
        """``pair_changes(pair)``, made once for the same two provisions."""
        key = (id(pair.old), id(pair.new), pair.moved, pair.own_only)
        hit = self._changes.get(key)
        if hit is None:
            hit = self._changes[key] = (pair, pair_changes(pair))
        return hit[1]

    def content(self, p: Provision) -> Counter[str]:
        """The content words of a provision's heading and text (stemmed, stop words left out), counted once for
        each wording (a text and the proposals on it share most of theirs). Do not change the Counter."""
        hit = self._contents.get((p.heading, p.text))
        if hit is None:
            hit = self._contents[p.heading, p.text] = _content(p)
        return hit

    def common(self, x: Counter[str], y: Counter[str]) -> int:
        """How many content words two of ``content``'s Counters share, counted once for each two wordings (the
        proposals on one text meet the same wordings in every document they are followed through)."""
        key = (id(x), id(y))  # both are kept in ``_contents`` for the life of this object: an id is never reused
        hit = self._common.get(key)
        if hit is None:
            hit = self._common[key] = sum((x & y).values())
        return hit

    def wording(self, p: Provision, dst: Document) -> Provision | None:
        """The provision of ``dst`` whose wording holds most of ``p``'s content words (``_best`` over ``dst``)."""
        hit = self._wording.get(id(dst))
        if hit is None:
            hit = self._wording[id(dst)] = (dst, _Wording(dst, self.content))
        x = self.content(p)
        if not x or p.omitted:
            return None
        return _best(self, p, hit[1].candidates(x), symmetric=False)


def _pairs(aligned: Alignments, a: Sequence[Provision], b: Sequence[Provision]) -> int:
    """How many provisions of two lists pair up; 0 unless it is at least two and half the shorter list,
    so that one coincidence (two points (c)) never makes two lists correspond."""
    n = sum(1 for pair in aligned(a, b) if pair.old is not None and pair.new is not None)
    return n if n >= max(2, min(len(a), len(b)) / 2) else 0


def _structure(aligned: Alignments, src: Document, p: Provision, dst: Document,
               paired: dict[str, Provision]) -> Provision | None:
    """Follow across one level of difference under the nearest paired ancestor (a list under the article)."""
    path = list(src.trail(p.eid)) or [p]
    for i in range(len(path) - 2, -1, -1):
        b = paired.get(path[i].eid)
        if b is None:
            continue
        a, below = path[i], path[i + 1:]
        x = below[0]
        b_tags = {c.tag for c in b.children}
        if x.tag in b_tags or not b.children:
            return None
        if {c.tag for c in x.children} & b_tags:
            # The source has one level more (paragraph 1 ↔ the article): the best such child maps up.
            candidates = [c for c in a.children if {g.tag for g in c.children} & b_tags]
            best = max(candidates, key=lambda c: _pairs(aligned, c.children, b.children))
            if best is not x or not _pairs(aligned, x.children, b.children):
                return None
            if len(below) == 1:
                return b
            return _in_list(aligned, p, x.children, b.children)
        # The destination has one level more (the article's points ↔ paragraph 1's points).
        candidates = [c for c in b.children if x.tag in {g.tag for g in c.children}]
        if not candidates:
            return None
        best = max(candidates, key=lambda c: _pairs(aligned, a.children, c.children))
        if not _pairs(aligned, a.children, best.children):
            return None
        return _in_list(aligned, p, a.children, best.children)
    return None


def _in_list(aligned: Alignments, p: Provision, mine: Sequence[Provision],
             theirs: Sequence[Provision]) -> Provision | None:
    """``p`` (one of ``mine``) in a corresponding list: aligned, else by wording among the unpaired."""
    pairs = aligned(mine, theirs)
    for pair in pairs:
        if pair.old is not None and pair.old.eid == p.eid:
            if pair.new is not None:
                return pair.new
            break
    taken = {pair.new.eid for pair in pairs if pair.new is not None and pair.old is not None}
    free = [q for q in theirs if q.eid not in taken]
    return _best(aligned, p, free, symmetric=True) if any(q.eid == p.eid for q in mine) else None


def _best(aligned: Alignments, p: Provision, candidates: Sequence[Provision], symmetric: bool) -> Provision | None:
    """The one candidate whose wording holds most of ``p``'s content words (or, ``symmetric``, of the shorter).

    Measured from ``p`` anywhere in a document, so that a short provision ("other inhumane acts") is not
    taken for a long one that happens to use its words; from the shorter of the two only within a list
    that corresponds to ``p``'s list. Ties, and one word found in several provisions, match nothing.
    """
    x = aligned.content(p)
    if not x or p.omitted:
        return None
    scored = []
    for q in candidates:
        if q.omitted or not q.text:
            continue
        y = aligned.content(q)
        common = aligned.common(x, y)
        base = min(x.total(), y.total()) if symmetric else x.total()
        if not base or not y:
            continue
        containment = common / base
        if containment >= CONTAINMENT:
            scored.append((containment, 2 * common / (x.total() + y.total()), base, q))
    if not scored:
        return None
    scored.sort(key=lambda s: (s[0], s[1]), reverse=True)
    best = scored[0]
    if len(scored) > 1 and scored[1][:2] == best[:2]:
        return None
    if best[2] < 2 and sum(1 for s in scored if s[0] == 1.0) > 1:
        return None
    return best[3]


def follow(src: Document, p: Provision, dst: Document, *, forward: bool = True,
           aligned: Alignments | None = None) -> tuple[Provision | None, str]:
    """The provision of ``dst`` that corresponds to ``p`` of ``src``, and how it was found."""
    aligned = aligned if aligned is not None else Alignments()
    old, new = (src.provisions, dst.provisions) if forward else (dst.provisions, src.provisions)
    paired = aligned.partners(old, new, forward)
    if p.eid in paired:
        return paired[p.eid], "aligned"
    found = _structure(aligned, src, p, dst, paired)
    if found is not None:
        return found, "structure"
    found = aligned.wording(p, dst)
    if found is not None:
        return found, "wording"
    return None, "absent"


def _changes(aligned: Alignments, old: Provision | None, new: Provision | None) -> tuple[Change, ...]:
    """The redline of one step: the provision's own text (and heading), as ``compare`` reports a pair."""
    if old is None and new is None:
        return ()
    if old is not None and new is not None:
        return aligned.changes(Pair(old, new))
    side = new if old is None else old
    assert side is not None
    kind, status = (OpKind.INSERT, Status.INSERTED) if old is None else (OpKind.DELETE, Status.DELETED)
    return (Change(status, ChangeClass.SUBSTANTIVE, Part.TEXT, old, new,
                   (Op(kind, side.text),) if side.text else ()),)


# -- threads --------------------------------------------------------------------------------------

def _same(old: Provision, new: Provision) -> bool:
    """True when a pair (not moved) is unchanged for ``pair_changes``: the same heading, text, marks and number.

    Exactly its test: ``classify_text`` and ``classify_heading`` find nothing in equal strings and marks, and
    ``status_of`` then says unchanged unless the numbers differ.
    """
    return old.text == new.text and old.heading == new.heading and old.num == new.num and old.marks == new.marks


def _mainline(corpus: Corpus) -> list[Document]:
    return [d for d in corpus.documents() if not d.is_proposal]


def main_line(aligned: Alignments, start_doc: Document, start: Provision, mainline: Sequence[Document]) -> list[Step]:
    """A provision of a text of the main line followed through every other text of it (forward to the later ones,
    back to the earlier), each version redlined against the one before: a thread's ``steps``. Made of the texts
    of the main line alone (``Alignments.main_line`` may keep it)."""
    found: dict[str, tuple[Provision | None, str]] = {}
    k = next(i for i, d in enumerate(mainline) if d.id == start_doc.id)
    found[start_doc.id] = (start, "start")
    for direction, indices in ((True, range(k + 1, len(mainline))), (False, range(k - 1, -1, -1))):
        src_doc, src = start_doc, start
        for i in indices:
            q, how = follow(src_doc, src, mainline[i], forward=direction, aligned=aligned)
            found[mainline[i].id] = (q, how)
            if q is not None:
                src_doc, src = mainline[i], q
    steps: list[Step] = []
    previous: tuple[Document, Provision | None] | None = None
    for doc in mainline:
        q, how = found[doc.id]
        changes = _changes(aligned, previous[1], q) if previous else ()
        steps.append(Step(doc, q, previous[0].id if previous else "", changes, how))
        previous = (doc, q)
    return steps


def _thread(aligned: Alignments, start_doc: Document, start: Provision, mainline: list[Document],
            proposals: list[Document]) -> Thread:
    found: dict[str, tuple[Provision | None, str]] = {}
    steps: list[Step] = []
    if start_doc.is_proposal:
        found = {d.id: (None, "absent") for d in mainline}
    else:
        steps = aligned.main_line(start_doc, start, mainline)
        found = {s.document.id: (s.provision, s.match) for s in steps}
    branch: list[Step] = []
    restorations: list[Step] = []
    by_id = {d.id: d for d in mainline}
    for prop in proposals:
        if prop.id == start_doc.id:
            base = by_id.get(prop.base)
            branch.append(Step(prop, start, prop.base, _changes(aligned, None, start) if base else (), "start"))
            continue
        base_provision = found.get(prop.base, (None, ""))[0]
        if base_provision is None:
            restored = _restoration(aligned, prop, steps, mainline)
            if restored is not None:
                restorations.append(restored)
            continue
        q = aligned.partners(by_id[prop.base].provisions, prop.provisions, True).get(base_provision.eid)
        if q is not None and _same(base_provision, q):
            continue  # what _changes would find unchanged (most provisions of most proposals), without asking it
        changes = _changes(aligned, base_provision, q)
        if changes and changes[0].status is not Status.UNCHANGED:
            branch.append(Step(prop, q, prop.base, changes, "aligned" if q is not None else "absent"))
    return Thread(start.eid, start.label, start_doc.id, tuple(steps), tuple(branch), tuple(restorations))


def _restoration(aligned: Alignments, prop: Document, steps: list[Step], mainline: list[Document]) -> Step | None:
    """The provision a proposal inserts into its base that the last text before the base had, or None.

    The last version before the base is followed into the proposal, as from one text to the next; the
    match counts only if the proposal inserts that provision (it has no partner in the base).
    """
    position = next((i for i, s in enumerate(steps) if s.document.id == prop.base), None)
    if position is None:
        return None
    last = next((s for s in reversed(steps[:position]) if s.provision is not None), None)
    if last is None or last.provision is None:
        return None
    base_doc = mainline[position]
    inserted = aligned.unpaired(base_doc.provisions, prop.provisions)
    if not inserted:  # a proposal that inserts nothing restores nothing: no need to follow the text into it
        return None
    q, how = aligned.follow(last.document, last.provision, prop)
    if q is None or q.eid not in inserted:
        return None
    return Step(prop, q, last.document.id, _changes(aligned, last.provision, q), how)


def _covered(thread: Thread) -> set[tuple[str, str]]:
    return {(s.document.id, s.provision.eid) for s in (*thread.steps, *thread.proposals) if s.provision is not None}


def _ordered(corpus: Corpus, baseline: str) -> tuple[list[Document], list[Document], list[Document]]:
    mainline = _mainline(corpus)
    proposals = [d for d in corpus.documents() if d.is_proposal and any(m.id == d.base for m in mainline)]
    first = [d for d in mainline if d.id == baseline]
    return mainline, proposals, first + [d for d in mainline if d.id != baseline] + proposals


def _hits(doc: Document, term: str) -> Iterator[Provision]:
    needle = " ".join(term.casefold().split())
    for p in doc.walk():
        if needle in " ".join(f"{p.heading} {p.text}".casefold().split()):
            yield p


def _origin(aligned: Alignments, doc: Document, p: Provision, mainline: list[Document]) -> tuple[Document, Provision]:
    """Where a provision found in a proposal comes from: its base's provision, if the proposal keeps one."""
    base = next((d for d in mainline if d.id == doc.base), None) if doc.is_proposal else None
    if base is None:
        return doc, p
    back = aligned.partners(base.provisions, doc.provisions, False).get(p.eid)
    return (base, back) if back is not None else (doc, p)


def history(corpus: Corpus, query: str, *, document: str | None = None, baseline: str = BASELINE,
            aligned: Alignments | None = None) -> History:
    """Follow a provision (an eId, looked for in ``document`` or the baseline first) or every provision
    whose words contain a term, across the corpus in date order (``aligned``: alignments to reuse).
    """
    return histories(corpus, [query], document=document, baseline=baseline, aligned=aligned)[0]


def histories(corpus: Corpus, queries: Sequence[str], *, document: str | None = None, baseline: str = BASELINE,
              aligned: Alignments | None = None, progress: Progress | None = None) -> list[History]:
    """``history`` of each query, the corpus put in order once for all (``progress`` hears of each)."""
    aligned = aligned if aligned is not None else Alignments()
    ordered = _ordered(corpus, baseline)
    # The documents searched, their eIds and citations indexed once for all the queries (the site asks of each
    # provision of the baseline: walking the whole baseline for each was quadratic in its size).
    citations = Citations([corpus.get(document)] if document else ordered[2])
    out = []
    for done, query in enumerate(queries, 1):
        out.append(_history(corpus, query, document, aligned, ordered, citations))
        if progress is not None:
            progress("following provisions", done, len(queries))
    return out


def _history(corpus: Corpus, query: str, document: str | None, aligned: Alignments,
             ordered: tuple[list[Document], list[Document], list[Document]],
             citations: Citations | None = None) -> History:
    mainline, proposals, search = ordered
    if document:
        search = [corpus.get(document)]
    # An eId or a citation (art. 7(1)(h), 7(2)(h), para. 3) names one provision: follow it from its document.
    cited = (citations or Citations(search)).find(query)
    if cited is not None:
        doc, p = cited
        origin, q = _origin(aligned, doc, p, mainline)
        return History(query, "eid", (_thread(aligned, origin, q, mainline, proposals),))
    where = search[0].id if document else "any document"
    if _EID.match(query):
        resolve_provision(search, query, where=where)  # raises: no such eId, and the closest citations
    if not query.strip():
        raise CahtoolError("give an eId (art_7__para_1__point_h), a citation (art. 7(1)(h)) or a term to look for "
                           "(apartheid)")
    threads: list[Thread] = []
    covered: set[tuple[str, str]] = set()
    for doc in search:
        for p in _hits(doc, query):
            if (doc.id, p.eid) in covered:
                continue
            origin, q = _origin(aligned, doc, p, mainline)
            if (origin.id, q.eid) in covered:
                continue
            thread = _thread(aligned, origin, q, mainline, proposals)
            covered |= _covered(thread)
            threads.append(thread)
    if not threads:
        if looks_like_citation(query):
            resolve_provision(search, query, where=where)  # raises, with the citations it comes closest to
        raise CahtoolError(f"no provision mentions {query!r} in any document")
    return History(query, "term", tuple(threads))


