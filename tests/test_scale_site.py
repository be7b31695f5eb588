"""The site's shortcuts against their plain definitions: wording matched through an index of rare words, the rows of
many provisions of a synopsis in one pass, a proposal's steps from its comparison, the site's indexed lookups."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cahtool.diff import pair_changes
from cahtool.model import Document, Pair
from cahtool.reports import Alignments, synopses, synopsis
from cahtool.reports.synopsis import Row
from cahtool.reports.threads import CONTAINMENT, _best, _content, _Wording
from cahtool.site import plan
from tests.conftest import FROZEN


def plain_best(p, candidates, symmetric):  # the definition before the index: every candidate measured
    return _best(Alignments(), p, candidates, symmetric)


def test_wording_through_the_index_is_wording_against_every_provision(corpus) -> None:
    docs = corpus.documents()
    aligned = Alignments()
    for src in docs:
        for p in src.walk():
            for dst in docs:
                assert aligned.wording(p, dst) == plain_best(p, list(dst.walk()), symmetric=False), (src.id, p.eid,
                                                                                                   dst.id)


@dataclass
class Fake:
    """A provision as the index sees it: its content words, nothing else."""

    words: Counter[str]
    omitted: bool = False
    text: str = "words"


class FakeDocument:
    def __init__(self, provisions: list[Fake]) -> None:
        self.provisions = provisions

    def walk(self):
        return iter(self.provisions)


bags = st.lists(st.sampled_from("abcdefghij"), min_size=0, max_size=12).map(Counter)


@settings(max_examples=300, deadline=None)
@given(st.lists(bags, min_size=0, max_size=12), bags)
def test_the_candidates_hold_every_provision_that_can_contain_the_words(provisions: list[Counter[str]],
                                                                        x: Counter[str]) -> None:
    doc = FakeDocument([Fake(bag) for bag in provisions])
    index = _Wording(doc, lambda q: q.words)  # type: ignore[arg-type]
    if not x:
        return
    found = {id(q) for q in index.candidates(x)}
    for q in doc.provisions:
        common = sum((x & q.words).values())
        if common / x.total() >= CONTAINMENT:
            assert id(q) in found
    assert [q for q in doc.provisions if id(q) in found] == index.candidates(x)  # in reading order


def plain_within(rows: list[Row], eid: str) -> list[Row]:
    """The rows of one provision, as ``synopsis`` first defined them: a cell's eId is a counterpart's, or starts
    with it and ``__``."""
    roots: list[set[str]] = [set() for _ in rows[0].cells] if rows else []
    for row in rows:
        if any(c.provision is not None and c.provision.eid == eid for c in row.cells):
            for k, c in enumerate(row.cells):
                if c.provision is not None:
                    roots[k].add(c.provision.eid)

    def inside(k: int, cell) -> bool:
        e = cell.provision.eid if cell.provision is not None else ""
        return bool(e) and any(e == r or e.startswith(r + "__") for r in roots[k])

    return [row for row in rows if any(inside(k, c) for k, c in enumerate(row.cells))]


@pytest.mark.parametrize("ids", [("rome-statute-art7", "ilc-2017", "ilc-2019", "slave-trade"),
                                 ("imt-charter-art6", "icty-art5", "rome-statute-art7"),
                                 ("ilc-2019", "gender-apartheid-new-crime", "rolling-ilc-2019",
                                  "rolling-ilc-2019-rev1")])
def test_the_rows_of_many_provisions_at_once_are_each_ones_rows(corpus, ids: tuple[str, ...]) -> None:
    docs = [corpus.get(i) for i in ids]
    whole = synopsis(docs)
    eids = sorted({p.eid for d in docs for p in d.walk()})
    made = synopses(docs, eids)
    for eid, one in zip(eids, made, strict=True):
        assert one == synopsis(docs, provision=eid)
        assert list(one.rows) == plain_within(list(whole.rows), eid), eid
    some = eids[::3]
    union = {id(r) for eid in some for r in plain_within(list(whole.rows), eid)}
    assert list(synopsis(docs, within=some).rows) == [r for r in whole.rows if id(r) in union]


def test_a_proposals_steps_from_its_comparison_are_its_pair_changes(corpus) -> None:
    aligned = Alignments()
    for proposal in corpus.proposals():
        base = corpus.get(proposal.base)
        aligned.comparison(base, proposal)
        for pair in aligned(base.provisions, proposal.provisions):
            if pair.old is not None and pair.new is not None:
                assert aligned.changes(Pair(pair.old, pair.new)) == pair_changes(Pair(pair.old, pair.new))


def test_the_content_words_of_equal_wordings_are_counted_once(corpus) -> None:
    aligned = Alignments()
    for doc in corpus.documents():
        for p in doc.walk():
            assert aligned.content(p) == _content(p)


def test_the_sites_lookups_are_their_plain_definitions() -> None:
    from cahtool import Corpus

    site = plan(Corpus(FROZEN))
    for doc in site.documents:
        assert site.entries_of(doc) == [e for e in site.entries
                                        if doc.id in (e.comparison.old.id, e.comparison.new.id)]
        chain = [d for d in site.documents if not d.is_proposal]
        index = next((i for i, d in enumerate(chain) if d.id == doc.id), 0)
        assert site.predecessor(doc) == (chain[index - 1] if index > 0 else None)
        assert site.compilation(doc.id) == next((c for c in site.compilations if c.base.id == doc.id), None)
        assert site.synopsis_of(doc.id) == next((s for s in site.synopses if s.key == doc.id), None)
    for entry in site.entries:
        c = entry.comparison
        for side in ("old", "new"):
            for doc in (c.old, c.new):
                for p in doc.walk():
                    expected = [x for x in c.changes if (x.new if side == "new" else x.old) is not None
                                and (x.new if side == "new" else x.old).eid == p.eid]
                    assert site.changes_at(c, side, p.eid) == expected
    for proposal in site.proposals:
        compiled = site.compilation(proposal.base)
        if compiled is None:
            continue
        for p in [*site.baseline.walk(), *proposal.walk()]:
            for inserted in (False, True):
                assert site.compiled_href(proposal, p, inserted=inserted) == plain_compiled_href(
                    site, proposal, p, inserted)


def plain_compiled_href(site, proposal: Document, provision, inserted: bool) -> str:
    from cahtool.site import compiled_page
    from cahtool.site.urls import compiled_entry

    c = site.compilation(proposal.base)
    for slot, entry in c.entries_of(proposal.id):
        for change in entry.changes:
            side = change.new if inserted and change.old is None else None if inserted else change.old
            if provision is not None and side is not None and side.eid == provision.eid:
                return compiled_entry(c, slot, proposal.id)
    return compiled_page(c.base.id)
