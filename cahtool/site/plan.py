"""What the site shows: every comparison, compilation and provision history of the corpus, made once.

``plan(corpus)`` compares every document with the baseline (Rome Statute art. 7), every proposal with its
base and every draft with its predecessor, compiles the proposals on each base (as ``cahtool compile``) and
follows each baseline provision across the corpus (as ``cahtool history``). The pages are rendered from
the ``Site`` it returns, in a fixed order, so the same corpus gives the same site.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field

from cahtool import BASELINE
from cahtool.corpus import Corpus
from cahtool.diff import pair_changes
from cahtool.errors import InputError, UnknownDocumentError
from cahtool.model import (
    STAT_KEYS,
    Change,
    ChangeClass,
    Comparison,
    Document,
    Pair,
    Progress,
    Provision,
    RollingText,
    Status,
)
from cahtool.render import jinja
from cahtool.reports import (
    MAX_COLUMNS,
    Alignments,
    Compilation,
    Positions,
    RevisionDiff,
    Slot,
    Step,
    Synopsis,
    Thread,
    chain_between,
    compare_layers,
    compile_proposals,
    histories,
    lineage,
    revised,
    revision_diff,
    rolling_texts,
    synopses,
    synopsis,
)
from cahtool.reports import Entry as CompiledEntry
from cahtool.reports import positions as positions_of
from cahtool.site.cache import CachedAlignments, Store, Texts, layered
from cahtool.site.urls import comparison_page, compiled_entry, compiled_page, slug, synopsis_page


@dataclass(frozen=True, slots=True)
class Entry:
    """One comparison of the site, with the roles it plays (vs baseline, vs base, vs predecessor).

    The comparison may be read back from the build cache only when first asked for (``load``), its counts known
    at once (``counts``): a build whose pages of a comparison are all kept never reads its changes.
    """

    old: Document
    new: Document
    roles: tuple[str, ...]
    #: what the comparison is made from, as a name in the build cache ('' without one): its pages are kept there
    key: str = ""
    load: Callable[[], Comparison] | None = field(default=None, repr=False, compare=False)
    counts: dict[str, int] | None = field(default=None, repr=False, compare=False)
    _made: list[Comparison] = field(default_factory=list, repr=False, compare=False)

    @classmethod
    def of(cls, comparison: Comparison, roles: tuple[str, ...], key: str = "") -> Entry:
        """The entry of a comparison made."""
        entry = cls(comparison.old, comparison.new, roles, key)
        entry._made.append(comparison)
        return entry

    @property
    def comparison(self) -> Comparison:
        """The comparison (read back, or made, when first asked for)."""
        if not self._made:
            assert self.load is not None
            made = self.load()
            if made.old is not self.old or made.new is not self.new:
                raise AssertionError(f"the comparison of {self.old.id} and {self.new.id} is another's")
            self._made.append(made)
        return self._made[0]

    @property
    def stats(self) -> dict[str, int]:
        """The comparison's counts (``Comparison.stats``), without reading its changes when they are known."""
        return {k: self.counts[k] for k in STAT_KEYS} if self.counts is not None else self.comparison.stats

    @property
    def slug(self) -> str:
        """The file name stem of its pages: ``old--new``."""
        return f"{slug(self.old.id)}--{slug(self.new.id)}"

    def page(self, view: str = "inline", substantive: bool = False) -> str:
        """The site path of one view of the comparison."""
        return comparison_page(self.old.id, self.new.id, view, substantive)

    @property
    def data(self) -> str:
        """The site path of the comparison JSON."""
        return f"data/{self.slug}.json"


@dataclass(frozen=True, slots=True)
class SynopsisPage:
    """A synopsis of the site: an article of the baseline across the drafts, or a proposal with the texts it
    descends from (its base, the drafts before it, from the baseline on).

    The synopsis itself is laid out when first asked for (``make``): a page the build cache holds (``name``: what
    the synopsis is made of, its texts and its place; '' without a cache) is not laid out again.
    """

    key: str  # the article's eId, or the proposal's id
    kind: str  # "article" or "proposal"
    documents: tuple[Document, ...]  # its texts, one a column, in order
    make: Callable[[], Synopsis] = field(repr=False, compare=False)
    name: str = ""
    _made: list[Synopsis] = field(default_factory=list, repr=False, compare=False)

    @property
    def synopsis(self) -> Synopsis:
        """The synopsis, laid out once."""
        if not self._made:
            self._made.append(self.make())
        return self._made[0]

    @property
    def page(self) -> str:
        """The site path of the page."""
        return synopsis_page(self.key)

    @property
    def title(self) -> str:
        """The page's title: the texts, in order."""
        return "Synopsis: " + " → ".join(d.id for d in self.documents)


@dataclass(frozen=True, slots=True)
class Cell:
    """What happened to one baseline provision in one document (a concordance cell).

    Read from the comparison with the baseline; where that comparison finds no counterpart, from the
    provision's history (which follows the ICTY and IMT lists onto the Rome Statute's structure), so the
    concordance and the provision pages say the same thing.
    """

    state: str  # unchanged, editorial, substantive, deleted, renumbered, moved; absent, within (from the history)
    label: str  # the provision's citation in the document ("" when there is none)
    href: str  # site path of the change, or of the provision in the document, or of the history step
    changes: tuple[Change, ...]
    via: str = ""  # citation of the deleted ancestor, when deleted with it
    match: str = ""  # how the history found it, when it did: structure, wording, aligned


_RANK = {"unchanged": 0, "renumbered": 1, "moved": 2, "editorial": 3, "within": 3, "substantive": 4, "deleted": 5,
         "absent": 5}


@dataclass
class Site:
    """Everything the pages are rendered from: documents, comparisons, compilations, provision histories."""

    baseline: Document
    documents: list[Document]
    entries: list[Entry] = field(default_factory=list)
    #: the compiled proposals of each base that has some, in the bases' date order
    compilations: list[Compilation] = field(default_factory=list)
    #: each baseline provision followed across the corpus (``cahtool history EID``), by eId
    threads: dict[str, Thread] = field(default_factory=dict)
    #: proposals that would bring back a baseline provision their base dropped, by eId: steps redlined against
    #: the last text that had it (``cahtool history`` follows only what the base still has)
    restorations: dict[str, tuple[Step, ...]] = field(default_factory=dict)
    #: each proposal's instructions as tabled (the words of its ``<mod>`` elements), by proposal id
    instructions: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: the synopses: each article of the baseline across the drafts, then each proposal with its lineage
    synopses: list[SynopsisPage] = field(default_factory=list)
    #: rolling texts (each revision after the text it revises), what each revision changed, who stands where
    rolling: list[RollingText] = field(default_factory=list)
    revisions: list[RevisionDiff] = field(default_factory=list)
    positions: Positions | None = None
    _by_pair: dict[tuple[str, str], Entry] = field(default_factory=dict, repr=False)
    # Indexes made once, so that no page looks through every comparison or every compilation.
    _by_document: dict[str, list[Entry]] = field(default_factory=dict, repr=False)
    _indexed: int = field(default=-1, repr=False)
    _changes_at: dict[int, tuple[Comparison, dict[str, dict[str, list[Change]]]]] = field(default_factory=dict,
                                                                                             repr=False)
    _deletions: dict[int, tuple[Comparison, list[Change]]] = field(default_factory=dict, repr=False)
    _synopsis_by_key: dict[str, SynopsisPage] = field(default_factory=dict, repr=False)
    _compiled_by_base: dict[str, Compilation] = field(default_factory=dict, repr=False)
    _compiled_places: dict[str, dict[str, list[tuple[Slot, CompiledEntry]]]] = field(default_factory=dict,
                                                                                       repr=False)
    _chain: dict[str, Document | None] = field(default_factory=dict, repr=False)
    #: The documents named by what they are made of (the build cache's names), when the build has a cache.
    texts: Texts | None = field(default=None, repr=False)

    @property
    def drafts(self) -> list[Document]:
        """Instruments and drafts other than the baseline, in date order."""
        return [d for d in self.documents if not d.is_proposal and d.id != self.baseline.id]

    @property
    def proposals(self) -> list[Document]:
        """Amendment proposals (any document with a base), in date order."""
        return [d for d in self.documents if d.is_proposal]

    def entry(self, old: str, new: str) -> Entry | None:
        """The comparison of two documents, if the site has it."""
        if len(self._by_pair) != len(self.entries):
            self._by_pair = {(e.old.id, e.new.id): e for e in self.entries}
        return self._by_pair.get((old, new))

    def entries_of(self, doc: Document) -> list[Entry]:
        """Every comparison a document takes part in."""
        if self._indexed != len(self.entries):
            self._by_document = {}
            for e in self.entries:
                for doc_id in dict.fromkeys((e.old.id, e.new.id)):
                    self._by_document.setdefault(doc_id, []).append(e)
            self._indexed = len(self.entries)
        return list(self._by_document.get(doc.id, ()))

    def changes_at(self, comparison: Comparison, side: str, eid: str) -> list[Change]:
        """The changes of a comparison whose provision on one side (``old`` or ``new``) has this eId, in order."""
        return self._sides(comparison)[side].get(eid, [])

    def _sides(self, comparison: Comparison) -> dict[str, dict[str, list[Change]]]:
        """``changes_at``'s index of a comparison: side → eId → its changes, in order (made once)."""
        hit = self._changes_at.get(id(comparison))
        if hit is None:
            olds: dict[str, list[Change]] = {}
            news: dict[str, list[Change]] = {}
            for change in comparison.changes:
                for index, mine in ((olds, change.old), (news, change.new)):
                    if mine is not None:
                        found = index.get(mine.eid)
                        if found is None:
                            index[mine.eid] = [change]
                        else:
                            found.append(change)
            hit = self._changes_at[id(comparison)] = (comparison, {"old": olds, "new": news})
        return hit[1]

    def change_href(self, old: str, new: str, provision: Provision | None, *, side: str = "new") -> str:
        """The site path of a comparison, at the change of one provision (on the ``new`` or ``old`` side) if any."""
        entry = self.entry(old, new)
        if entry is None:
            return ""
        if provision is not None:
            for change in self.changes_at(entry.comparison, "new" if side == "new" else "old", provision.eid):
                if change.status is not Status.UNCHANGED:
                    return f"{entry.page()}#{jinja.anchor(change)}"
        return entry.page()

    def compiled_href(self, proposal: Document, provision: Provision | None, *, inserted: bool = False) -> str:
        """The site path of a proposal's entry in the compiled text of its base where it changes ``provision`` of
        the base (or, ``inserted``, where it inserts ``provision``); the compiled page if not found; '' if none."""
        c = self.compilation(proposal.base)
        if c is None:
            return ""
        places = self._compiled_places.get(c.base.id)
        if places is None:
            places = self._compiled_places[c.base.id] = {}
            for slot in c.slots:
                for e in slot.entries:
                    places.setdefault(e.proposal.id, []).append((slot, e))
        for slot, entry in places.get(proposal.id, ()):
            for change in entry.changes:
                side = change.new if inserted and change.old is None else None if inserted else change.old
                if provision is not None and side is not None and side.eid == provision.eid:
                    return compiled_entry(c, slot, proposal.id)
        return compiled_page(c.base.id)

    def synopsis_of(self, key: str) -> SynopsisPage | None:
        """The synopsis page of an article of the baseline (by eId) or of a proposal (by id), if the site has it."""
        if len(self._synopsis_by_key) != len(self.synopses):
            self._synopsis_by_key = {}
            for s in self.synopses:
                self._synopsis_by_key.setdefault(s.key, s)
        return self._synopsis_by_key.get(key)

    def compilation(self, base: str) -> Compilation | None:
        """The compiled proposals on a base, if it has any."""
        if len(self._compiled_by_base) != len(self.compilations):
            self._compiled_by_base = {}
            for c in self.compilations:
                self._compiled_by_base.setdefault(c.base.id, c)
        return self._compiled_by_base.get(base)

    def predecessor(self, doc: Document) -> Document | None:
        """The draft or instrument before this one in date order (proposals have a base instead)."""
        if not self._chain:
            chain = [d for d in self.documents if not d.is_proposal]
            for i, d in enumerate(chain):
                self._chain.setdefault(d.id, chain[i - 1] if i > 0 else None)
        return self._chain.get(doc.id)

    def cell(self, doc: Document, eid: str) -> Cell:
        """What became of a baseline provision in a document."""
        entry = self.entry(self.baseline.id, doc.id)
        assert entry is not None
        own = tuple(self.changes_at(entry.comparison, "old", eid))
        state = max((_state(c) for c in own), key=_RANK.__getitem__) if own else "deleted"
        if state == "deleted":
            found = self._from_history(doc, eid)
            if found is not None:
                return found
        if not own:  # inside a deleted subtree: the deletion is reported once, at its root
            for change in self._deleted(entry.comparison):
                if change.old and eid.startswith(change.old.eid + "__"):
                    return Cell("deleted", "", f"{entry.page()}#{jinja.anchor(change)}", (change,),
                                via=change.old.label)
            return Cell("deleted", "", entry.page(), ())
        new = own[0].new
        if state == "unchanged" and new is not None:
            href = f"documents/{slug(doc.id)}.html#{new.eid}"
        else:
            href = f"{entry.page()}#{jinja.anchor(next(c for c in own if _state(c) == state))}"
        return Cell(state, new.label if new else "", href, own)

    def column(self, doc: Document) -> list[Cell]:
        """``cell`` of each provision of the baseline, in reading order: a concordance column, made in one pass.

        A cell whose changes all say one thing (most of them: unchanged) is made here, with the comparison, its
        page and the document's page looked up once for the column (a concordance of a long convention and a
        hundred proposals has a quarter of a million cells); any other is ``cell``'s.
        """
        entry = self.entry(self.baseline.id, doc.id)
        assert entry is not None
        index = self._sides(entry.comparison)["old"]
        here = f"documents/{slug(doc.id)}.html#"
        page = entry.page() + "#"
        out = []
        for p in self.baseline.walk():
            own = index.get(p.eid) or []
            state = _state(own[0]) if own else "deleted"
            if state == "deleted" or (len(own) > 1 and any(_state(c) != state for c in own)):
                out.append(self.cell(doc, p.eid))
                continue
            first = own[0]
            new = first.new
            href = here + new.eid if state == "unchanged" and new is not None else page + jinja.anchor(first)
            out.append(Cell(state, new.label if new else "", href, tuple(own)))
        return out

    def _deleted(self, comparison: Comparison) -> list[Change]:
        """The deletions of a comparison, in order."""
        hit = self._deletions.get(id(comparison))
        if hit is None:
            hit = self._deletions[id(comparison)] = (
                comparison, [c for c in comparison.changes if c.status is Status.DELETED])
        return hit[1]

    def _from_history(self, doc: Document, eid: str) -> Cell | None:
        """The cell as the provision's history sees it, where the comparison found no counterpart.

        A text older than the baseline never "deleted" it: without a counterpart it is ``absent``.
        """
        thread = self.threads.get(eid)
        step = next((s for s in thread.steps if s.document.id == doc.id), None) if thread else None
        if thread is None or step is None:
            return None
        href = f"provisions/{slug(eid)}.html#in-{slug(doc.id)}"
        if step.provision is None:
            older = (doc.date, doc.id) < (self.baseline.date, self.baseline.id)
            return Cell("absent", "", href, ()) if older else None
        if step.match == "wording":
            return Cell("within", step.provision.label, href, (), match="wording")
        base = self.baseline.find(eid)
        assert base is not None
        changes = pair_changes(Pair(base, step.provision))  # within a build, once for the proposals that share it
        state = max((_state(c) for c in changes), key=_RANK.__getitem__, default="unchanged")
        return Cell(state, step.provision.label, href, changes, match=step.match)


def _state(change: Change) -> str:
    if change.status is Status.DELETED:
        return "deleted"
    if change.change_class is not ChangeClass.NONE:
        return str(change.change_class.value)
    if change.status in (Status.RENUMBERED, Status.MOVED):
        return str(change.status.value)
    return "unchanged"


def plan(corpus: Corpus, baseline: str = BASELINE, *, progress: Progress | None = None,
         store: Store | None = None, fingerprint: str = "") -> Site:
    """Load the corpus and make every comparison, compilation and provision history the site shows.

    A proposal is any document with a base; the corpus gives it already consolidated (its full text).
    Everything is made in a fixed order, so the same corpus gives the same site. ``progress`` hears how far
    each stage has come. With a ``store`` (the build cache), the alignments and comparisons of texts an earlier
    build made are taken from it, named by the texts and ``fingerprint`` (what else the site depends on).
    """
    tell = progress or _silent
    corpus.share()  # a proposal's text repeats its base's, a revision most of the one before: loaded once
    if store is not None:  # each proposal's consolidated text as well: a new proposal is the only one applied
        corpus.keep(store, fingerprint)
    documents = sorted(corpus.documents(progress), key=lambda d: (d.date, d.id))
    if not documents:
        raise InputError("no documents to build a site from", path=str(corpus.root))
    by_id = {d.id: d for d in documents}
    if baseline not in by_id:
        raise UnknownDocumentError(f"unknown baseline {baseline!r} (known: {', '.join(sorted(by_id))})")
    site = Site(baseline=by_id[baseline], documents=documents)
    roles: dict[tuple[str, str], list[str]] = {}

    def want(old: str, new: str, role: str) -> None:
        roles.setdefault((old, new), []).append(role)

    for doc in site.documents:
        if doc.id != baseline:
            want(baseline, doc.id, "baseline")
        if doc.is_proposal:
            if doc.base not in by_id:
                raise UnknownDocumentError(f"proposal {doc.id} names an unknown base {doc.base!r}", path=doc.path)
            want(doc.base, doc.id, "base")
        else:
            before = site.predecessor(doc)
            if before is not None:
                want(before.id, doc.id, "predecessor")
    # One alignment of each pair of texts, and one comparison: the comparisons through the drafts, the compilations,
    # the synopses and every provision's history align the same texts.
    texts = Texts(fingerprint)
    if store is not None:
        for doc in documents:
            texts.add(doc, corpus.name(doc.path))
        site.texts = texts
    aligned = CachedAlignments(store, texts) if store is not None else Alignments()
    for done, ((old, new), why) in enumerate(roles.items(), 1):
        # Each edit attributed to the text that made it, where the new text descends from the old through others.
        site.entries.append(_compared(corpus, by_id[old], by_id[new], tuple(why), aligned, store, texts))
        tell("comparing", done, len(roles))
    # Compilations need amendment instructions: a consolidated text that merely names its base has none.
    amendments = {p.id for p in corpus.proposals()}
    bases = {p.base for p in documents if p.id in amendments}
    for base in [d for d in documents if d.id in bases]:
        site.compilations.append(compile_proposals(corpus, base.id, aligned=aligned))
    for doc_id in sorted(amendments):
        # One sentence (a <mod>) may make several operations (insert, then renumber): each sentence once.
        site.instructions[doc_id] = tuple(dict.fromkeys(ins.text for ins in corpus.amendment(doc_id).instructions))
    _synopses(corpus, site, aligned, tell, texts if store is not None else None)
    site.rolling = rolling_texts(corpus)
    if site.rolling:  # the negotiation's pages: only for a corpus that has rolling texts
        site.revisions = [revision_diff(old, new) for old, new in revised(site.rolling)]
        site.positions = positions_of(corpus)
    eids = [p.eid for p in site.baseline.walk()]
    for eid, found in zip(eids, histories(corpus, eids, document=baseline, baseline=baseline, aligned=aligned,
                                          progress=progress), strict=True):
        site.threads[eid] = thread = found.threads[0]
        if thread.restorations:
            site.restorations[eid] = thread.restorations
    return site


def _compared(corpus: Corpus, old: Document, new: Document, roles: tuple[str, ...], aligned: Alignments,
              store: Store | None, texts: Texts) -> Entry:
    """The entry of ``compare_layers(old, new)``, attributed through texts in between, taken from (and kept in)
    the cache, named by all it is made from (the two texts, the chain between them and its note; '' without a
    cache). A comparison attributed through a chain whose counts the cache holds is read back only when asked for:
    a hundred proposals' comparisons with the baseline, whose pages are kept, are not read at all."""
    chain, note = chain_between(corpus, old, new)
    if store is None:
        return Entry.of(compare_layers(corpus, old, new, aligned=aligned), roles)
    key = texts.name("entry", old, new, *chain, extra=[note]) or ""
    if note or len(chain) < 3:  # a flat comparison: the aligner keeps it
        return Entry.of(compare_layers(corpus, old, new, aligned=aligned), roles, key)
    if isinstance(aligned, CachedAlignments):  # the flat comparison on the way is not kept: the attributed one is
        aligned.passing[id(old), id(new)] = (old, new)

    def load() -> Comparison:
        return layered(store, texts, old, new, chain, note, lambda: compare_layers(corpus, old, new, aligned=aligned))

    counted = texts.name("counts", old, new, *chain, extra=[note])
    kept = store.get(counted) if counted is not None else None
    # The entry names itself: counts kept under another name are not taken.
    counts = kept.get("counts") if isinstance(kept, dict) and kept.get("name") == counted else None
    if (isinstance(counts, dict) and sorted(counts) == sorted(STAT_KEYS)
            and all(type(v) is int and v >= 0 for v in counts.values())):
        return Entry(old, new, roles, key, load=load, counts=counts)
    if kept is not None and counted is not None:
        store.reject(counted)
    made = load()
    if counted is not None:
        store.put(counted, {"name": counted, "counts": made.stats})
    return Entry.of(made, roles, key)


def _silent(stage: str, done: int, total: int) -> None:
    """No one to tell how far the work has come."""


def _synopses(corpus: Corpus, site: Site, aligned: Alignments, tell: Progress, texts: Texts | None = None) -> None:
    """The synopses of the site: each article of the baseline through the drafts after it (Rome art. 7 → ILC 2017 →
    ILC 2019), then each proposal with the texts it descends from, from the baseline on (at most MAX_COLUMNS)."""
    baseline = site.baseline
    later = [d for d in site.documents if not d.is_proposal and (d.date, d.id) > (baseline.date, baseline.id)]
    docs = tuple([baseline, *later][:MAX_COLUMNS])

    def name(*parts: str) -> str:
        return (texts.name("synopsis", *docs, extra=parts) or "") if texts is not None else ""

    if len(docs) > 1:
        articles = [p for p in baseline.provisions if p.tag == "article"] or list(baseline.provisions)
        laid_out: list[Synopsis] = []

        def all_articles() -> list[Synopsis]:
            if not laid_out:
                if len(baseline.provisions) > 1:  # each article's rows, the texts aligned and redlined once for all
                    laid_out.extend(synopses(docs, [a.eid for a in articles], aligned=aligned))
                else:
                    laid_out.extend(synopsis(docs, aligned=aligned) for _ in articles)
            return laid_out

        for i, article in enumerate(articles):
            site.synopses.append(SynopsisPage(article.eid, "article", docs, functools.partial(_nth, all_articles, i),
                                              name("article", article.eid, str(i))))
    proposals = site.proposals
    for done, proposal in enumerate(proposals, 1):
        tell("laying out synopses", done, len(proposals))
        line = lineage(corpus, proposal)
        ids = [d.id for d in line]
        if baseline.id in ids:
            chain = tuple(line[ids.index(baseline.id):][-MAX_COLUMNS:])
            named = (texts.name("synopsis", *chain, extra=["proposal"]) or "") if texts is not None else ""
            site.synopses.append(SynopsisPage(proposal.id, "proposal", chain,
                                              functools.partial(_proposal_synopsis, aligned, chain, proposal), named))


def _nth(made: Callable[[], list[Synopsis]], i: int) -> Synopsis:
    return made()[i]


def _proposal_synopsis(aligned: Alignments, chain: tuple[Document, ...], proposal: Document) -> Synopsis:
    """A proposal's synopsis: the articles it changes (all of a text of one provision) through its lineage."""
    within = _touched(aligned, chain[-2], proposal) if len(proposal.provisions) > 1 else []
    return synopsis(chain, within=within, aligned=aligned)


def _touched(aligned: Alignments, base: Document, proposal: Document) -> list[str]:
    """The articles a proposal changes (or, outside articles, the parts of the text at the top): a proposal's
    synopsis shows those, since the whole of a long convention in eight columns is no page anyone can read."""
    out: dict[str, None] = {}
    places: dict[int, dict[str, str]] = {}
    for change in aligned.comparison(base, proposal).visible():
        doc, mine = (proposal, change.new) if change.new is not None else (base, change.old)
        if mine is None:
            continue
        if id(doc) not in places:
            places[id(doc)] = _articles(doc)
        out.setdefault(places[id(doc)].get(mine.eid, mine.eid))
    return list(out)


def _articles(doc: Document) -> dict[str, str]:
    """eId → the eId of the outermost article that holds it (or of the provision at the top, outside articles)."""
    out: dict[str, str] = {}
    for p in doc.provisions:
        _articles_into((p,), p.eid, "", out)
    return out


def _articles_into(provisions: tuple[Provision, ...], top: str, article: str, out: dict[str, str]) -> None:
    """``_articles`` of these provisions, onto ``out``
    (a function of its own, not a closure that calls itself: that is a cycle; ``tests/test_cycles.py``)."""
    for p in provisions:
        here = article or (p.eid if p.tag == "article" else "")
        out.setdefault(p.eid, here or top)
        _articles_into(p.children, top, here, out)
