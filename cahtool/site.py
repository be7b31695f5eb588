"""The static negotiation-tracker site: every document and comparison of the corpus, rendered with Jinja2.

``build(corpus, out)`` compares every document with the baseline (Rome Statute art. 7), every proposal
with its base and every draft with its predecessor, compiles the proposals on each base (as ``cahtool
compile``) and follows each baseline provision across the corpus (as ``cahtool history``), then writes
pages with relative links only, so the site works from ``file://``, a sub-path or any static host. The
same input gives a byte-identical site; two pages written to one path stop the build (Pelican's
``FileOverwriteFailedError`` idea).
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import Any

from cahtool.compare import compare, pair_changes
from cahtool.compilation import Compilation, Slot, compile_proposals
from cahtool.compilation import Entry as CompiledEntry
from cahtool.corpus import Corpus
from cahtool.errors import CahtoolError, InputError, UnknownDocumentError
from cahtool.history import Step, Thread, history
from cahtool.model import Change, ChangeClass, Comparison, Document, Pair, Provision, Status
from cahtool.render.compilation import to_json as compilation_json
from cahtool.render.json import comparison_dict
from cahtool.templating import anchor, asset_source, environment, relative, static_assets

DEFAULT_BASELINE = "rome-statute-art7"
#: A file in the output directory that marks it as ours: only such a directory is ever emptied.
MARKER = ".cahtool-site"
#: The comparison views: (all changes or substantive only) × (inline or side by side).
VIEWS = (("inline", False), ("side", False), ("inline", True), ("side", True))


_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def slug(name: str) -> str:
    """A file-name-safe form of a document id or eId (no path separators, no leading dots)."""
    text = _UNSAFE.sub("-", name).strip("-.")
    return text or "_"


# -- what the site shows --------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Entry:
    """One comparison of the site, with the roles it plays (vs baseline, vs base, vs predecessor)."""

    comparison: Comparison
    roles: tuple[str, ...]

    @property
    def slug(self) -> str:
        """The file name stem of its pages: ``old--new``."""
        return f"{slug(self.comparison.old.id)}--{slug(self.comparison.new.id)}"

    def page(self, view: str = "inline", substantive: bool = False) -> str:
        """The site path of one view of the comparison."""
        suffix = (".side" if view == "side" else "") + (".substantive" if substantive else "")
        return f"compare/{self.slug}{suffix}.html"

    @property
    def data(self) -> str:
        """The site path of the comparison JSON."""
        return f"data/{self.slug}.json"


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

#: How the history of a provision found it in a document, in words for the reader ({source}: the version it
#: was traced from, in the next text for those older than the baseline, else in the previous one).
MATCHES = {
    "start": "This is the provision the page follows.",
    "aligned": "Corresponds directly to {source}: same place in the structure, or the same words under another "
               "number or in another place.",
    "structure": "Found through the structure: this text lists the acts at a different level (directly under the "
                 "article rather than in a numbered paragraph, or the reverse); this is the item of that list that "
                 "corresponds to {source}.",
    "wording": "Found by its wording only: nothing here stands in the place of {source}, but this provision "
               "contains most of its words. Read it before relying on the match.",
    "absent": "No corresponding provision in this text.",
}


@dataclass(frozen=True, slots=True)
class StepView:
    """One step of a provision's history as the site shows it: a badge, the words of what happened, how found."""

    state: str  # a badge class: first, unchanged, editorial, substantive, inserted, deleted, renumbered, moved, absent
    words: str
    how: str = ""  # how it was found, when not directly (structure, wording)


def traced_from(thread: Thread, step: Step) -> Step | None:
    """The version a step was found from: the nearest present one on the way back to the thread's start."""
    steps = list(thread.steps)
    if step not in steps:
        return None
    i = steps.index(step)
    k = next((j for j, s in enumerate(steps) if s.match == "start"), i)
    towards = range(i + 1, k + 1) if i < k else range(i - 1, k - 1, -1)
    return next((steps[j] for j in towards if steps[j].provision is not None), None)


def step_view(step: Step, thread: Thread | None = None, before: Step | None = None) -> StepView:
    """What a history step did, in words (``substantive change``, ``renumbered (h) → (i)``, ``first appears here``),
    and how it was found when that was not direct. ``before`` is the previous step of the main line: a change
    of number is only called a renumbering when both versions were found directly."""
    how = ""
    if step.match in ("structure", "wording") and step.provision is not None and thread is not None:
        source = traced_from(thread, step)
        where = f"{source.provision.label} of {source.document.id}" if source and source.provision else "it"
        how = MATCHES[step.match].format(source=where)
    if step.provision is None:
        if step.changes:
            return StepView("deleted", "no longer in this text")
        return StepView("absent", "no corresponding provision")
    if not step.changes:
        return StepView("first", "earliest text" if not step.previous else "first appears here", how)
    change = step.changes[0]
    direct = step.match in ("aligned", "start") and (before is None or before.match in ("aligned", "start"))
    if change.status is Status.INSERTED:
        return StepView("inserted", "first appears here", how)
    if change.status is Status.UNCHANGED or (change.status is Status.RENUMBERED and not direct):
        return StepView("unchanged", "same words", how)
    if change.status is Status.RENUMBERED and change.old is not None and change.new is not None:
        return StepView("renumbered", f"renumbered {change.old.num} → {change.new.num}, same words", how)
    if change.status is Status.MOVED:
        return StepView("moved", "moved, same words", how)
    cls = step.change_class
    words = f"{cls.value} change" if cls is not ChangeClass.NONE else str(change.status.value)
    if direct and change.moved:
        words += ", moved"
    elif direct and change.renumbered and change.old is not None and change.new is not None:
        words += f", renumbered {change.old.num} → {change.new.num}"
    return StepView(cls.value if cls is not ChangeClass.NONE else "editorial", words, how)


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
    _by_pair: dict[tuple[str, str], Entry] = field(default_factory=dict, repr=False)

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
            self._by_pair = {(e.comparison.old.id, e.comparison.new.id): e for e in self.entries}
        return self._by_pair.get((old, new))

    def entries_of(self, doc: Document) -> list[Entry]:
        """Every comparison a document takes part in."""
        return [e for e in self.entries if doc.id in (e.comparison.old.id, e.comparison.new.id)]

    def change_href(self, old: str, new: str, provision: Provision | None, *, side: str = "new") -> str:
        """The site path of a comparison, at the change of one provision (on the ``new`` or ``old`` side) if any."""
        entry = self.entry(old, new)
        if entry is None:
            return ""
        for change in entry.comparison.changes:
            mine = change.new if side == "new" else change.old
            if provision is not None and mine is not None and mine.eid == provision.eid \
                    and change.status is not Status.UNCHANGED:
                return f"{entry.page()}#{anchor(change)}"
        return entry.page()

    def compiled_href(self, proposal: Document, provision: Provision | None, *, inserted: bool = False) -> str:
        """The site path of a proposal's entry in the compiled text of its base where it changes ``provision`` of
        the base (or, ``inserted``, where it inserts ``provision``); the compiled page if not found; '' if none."""
        c = self.compilation(proposal.base)
        if c is None:
            return ""
        for slot, entry in c.entries_of(proposal.id):
            for change in entry.changes:
                side = change.new if inserted and change.old is None else None if inserted else change.old
                if provision is not None and side is not None and side.eid == provision.eid:
                    return compiled_entry(c, slot, proposal.id)
        return compiled_page(c.base.id)

    def compilation(self, base: str) -> Compilation | None:
        """The compiled proposals on a base, if it has any."""
        return next((c for c in self.compilations if c.base.id == base), None)

    def predecessor(self, doc: Document) -> Document | None:
        """The draft or instrument before this one in date order (proposals have a base instead)."""
        chain = [d for d in self.documents if not d.is_proposal]
        index = next((i for i, d in enumerate(chain) if d.id == doc.id), 0)
        return chain[index - 1] if index > 0 else None

    def cell(self, doc: Document, eid: str) -> Cell:
        """What became of a baseline provision in a document."""
        entry = self.entry(self.baseline.id, doc.id)
        assert entry is not None
        own = tuple(c for c in entry.comparison.changes if c.old is not None and c.old.eid == eid)
        state = max((_state(c) for c in own), key=_RANK.__getitem__) if own else "deleted"
        if state == "deleted":
            found = self._from_history(doc, eid)
            if found is not None:
                return found
        if not own:  # inside a deleted subtree: the deletion is reported once, at its root
            for change in entry.comparison.changes:
                if change.status is Status.DELETED and change.old and eid.startswith(change.old.eid + "__"):
                    return Cell("deleted", "", f"{entry.page()}#{anchor(change)}", (change,),
                                via=change.old.label)
            return Cell("deleted", "", entry.page(), ())
        new = own[0].new
        if state == "unchanged" and new is not None:
            href = f"documents/{slug(doc.id)}.html#{new.eid}"
        else:
            href = f"{entry.page()}#{anchor(next(c for c in own if _state(c) == state))}"
        return Cell(state, new.label if new else "", href, own)

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
        changes = pair_changes(Pair(base, step.provision))
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


def plan(corpus: Corpus, baseline: str = DEFAULT_BASELINE) -> Site:
    """Load the corpus and make every comparison, compilation and provision history the site shows.

    A proposal is any document with a base; the corpus gives it already consolidated (its full text).
    Everything is made in a fixed order, so the same corpus gives the same site.
    """
    documents = sorted(corpus.documents(), key=lambda d: (d.date, d.id))
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
    for (old, new), why in roles.items():
        site.entries.append(Entry(compare(by_id[old], by_id[new]), tuple(why)))
    # Compilations need amendment instructions: a consolidated text that merely names its base has none.
    amendments = {p.id for p in corpus.proposals()}
    for base in [d for d in documents if any(p.base == d.id and p.id in amendments for p in documents)]:
        site.compilations.append(compile_proposals(corpus, base.id))
    for doc_id in sorted(amendments):
        # One sentence (a <mod>) may make several operations (insert, then renumber): each sentence once.
        site.instructions[doc_id] = tuple(dict.fromkeys(ins.text for ins in corpus.amendment(doc_id).instructions))
    for provision in site.baseline.walk():
        found = history(corpus, provision.eid, document=baseline, baseline=baseline)
        site.threads[provision.eid] = thread = found.threads[0]
        if thread.restorations:
            site.restorations[provision.eid] = thread.restorations
    return site


def compiled_page(base: str) -> str:
    """The site path of the compiled proposals on a base."""
    return f"compiled/{slug(base)}.html"


def compiled_data(base: str) -> str:
    """The site path of a compilation as JSON (schema ``cahtool.compilation/1``)."""
    return f"data/compiled-{slug(base)}.json"


def slot_id(slot: Slot) -> str:
    """The fragment id of a place of a compilation: the base eId, or ``new-after-EID`` for a gap."""
    if slot.is_gap:
        return f"new-after-{slot.after}" if slot.after else "new-at-start"
    return slot.eid


def compiled_entry(c: Compilation, slot: Slot, proposal: str) -> str:
    """The site path of one proposal's entry at one place of a compilation (``compiled/B.html#EID--pN``)."""
    number = next(n for n, p in enumerate(c.proposals, 1) if p.id == proposal)
    return f"{compiled_page(c.base.id)}#{slot_id(slot)}--p{number}"


def proposal_places(c: Compilation, proposal: str) -> tuple[list[tuple[Slot, CompiledEntry]],
                                                            list[tuple[Slot, CompiledEntry]]]:
    """Where a proposal changes its base: the places it changes, then those it only renumbers."""
    places = list(c.entries_of(proposal))
    return ([(s, e) for s, e in places if not renumbered_only(e)], [(s, e) for s, e in places if renumbered_only(e)])


def renumbered_only(entry: CompiledEntry) -> bool:
    """True when a proposal only renumbers a provision (a consequence of an insertion or deletion elsewhere)."""
    return all(change.status is Status.RENUMBERED for change in entry.changes)


@dataclass(frozen=True, slots=True)
class Row:
    """One place of a compiled text as the page lays it out."""

    slot: Slot
    closing: tuple[Provision, ...] = ()  # provisions whose closing words (wrap-up) follow this place
    quiet: bool = False  # only renumbered, without conflict: one short line per proposal
    depth: int = 0  # indentation: the provision's, or for a gap that of the provisions inserted there
    new: tuple[str, ...] = ()  # for a gap: the citations of the provisions inserted there


def compiled_rows(c: Compilation) -> list[Row]:
    """The places of a compilation in reading order, as the compiled page lays them out."""
    closing: dict[str, list[Provision]] = {}
    for slot in c.slots:
        p = slot.provision
        if p is not None and p.wrap_up:
            closing.setdefault(list(p.walk())[-1].eid, []).insert(0, p)  # the innermost closes first
    rows: list[Row] = []
    pending: list[Provision] = []
    for slot in c.slots:
        if slot.provision is not None and pending:
            rows[-1] = replace(rows[-1], closing=tuple(pending))
            pending = []
        quiet = bool(slot.entries) and all(renumbered_only(e) and not e.conflicts for e in slot.entries)
        inserted = [ch.new for e in slot.entries for ch in e.changes if ch.old is None and ch.new is not None]
        depth = min((n.eid.count("__") for n in inserted), default=slot.depth) if slot.is_gap else slot.depth
        labels = dict.fromkeys(n.label for n in sorted(inserted, key=lambda n: n.eid))
        rows.append(Row(slot, (), quiet, depth, tuple(labels)))
        if slot.provision is not None:
            pending.extend(closing.get(slot.eid, ()))
    if pending:
        rows[-1] = replace(rows[-1], closing=tuple(pending))
    return rows


# -- writing --------------------------------------------------------------------------------------

class Writer:
    """Writes files under the output directory, refusing a second write to one path."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.written: dict[str, str] = {}

    def write(self, path: str, data: str | bytes, what: str) -> None:
        """Write one file (site path, forward slashes); ``what`` names it in errors."""
        if path in self.written:
            raise CahtoolError(f"two pages would be written to {path}: {self.written[path]} and {what}",
                               path=str(self.out))
        target = (self.out / path).resolve()
        if self.out.resolve() not in target.parents:
            raise CahtoolError(f"refusing to write outside the site: {path}", path=str(self.out))
        self.written[path] = what
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)


def prepare(out: Path) -> None:
    """Empty a previous site in ``out`` (only if it carries our marker) or create the directory."""
    if out.exists():
        if not out.is_dir():
            raise InputError("the site output is not a directory", path=str(out))
        if any(out.iterdir()):
            if not (out / MARKER).is_file():
                raise InputError(f"refusing to overwrite a directory that is not a cahtool site (no {MARKER})",
                                 path=str(out))
            shutil.rmtree(out)
    out.mkdir(parents=True, exist_ok=True)
    (out / MARKER).write_text("This directory is written by `cahtool build` and emptied by the next build.\n",
                              encoding="utf-8")


def timeline() -> dict[str, Any]:
    """The negotiation timeline shipped with cahtool (a copy of the project's reference notes)."""
    text = resources.files("cahtool").joinpath("data/timeline.json").read_text(encoding="utf-8")
    return json.loads(text)  # type: ignore[no-any-return]


def _json(data: Any) -> str:
    return json.dumps(data, sort_keys=True, ensure_ascii=False, indent=2) + "\n"


@dataclass(frozen=True, slots=True)
class Report:
    """What a build wrote."""

    out: Path
    pages: tuple[str, ...]
    comparisons: int
    search: bool


class Renderer:
    """Renders the site's pages with one Jinja2 environment."""

    def __init__(self, site: Site, writer: Writer, templates: str | Path | None = None) -> None:
        self.site = site
        self.writer = writer
        self.env = environment(templates)

    def page(self, path: str, template: str, title: str, **context: Any) -> None:
        """Render one page at a site path."""
        def to(target: str) -> str:
            return relative(target, path)

        html = self.env.get_template(template).render(
            site=self.site, page=path, title=title, to=to, slug=slug, anchor=anchor, views=VIEWS, matches=MATCHES,
            step_view=step_view, compiled=compiled_page, slot_id=slot_id, renumbered_only=renumbered_only,
            compiled_entry=compiled_entry, proposal_places=proposal_places,
            **context)
        self.writer.write(path, html, f"{template} ({title})")

    def assets(self) -> None:
        """Copy the static assets (through the loader, so overrides apply)."""
        for name in static_assets(self.env):
            self.writer.write(name, asset_source(self.env, name), f"asset {name}")

    def all(self) -> None:
        """Every page of the site."""
        site = self.site
        self.assets()
        self.page("index.html", "home.html", "Crimes against humanity: drafts and proposals",
                  timeline=timeline())
        for doc in site.documents:
            self.page(f"documents/{slug(doc.id)}.html", "document.html", doc.title, doc=doc,
                      entries=site.entries_of(doc))
        for entry in site.entries:
            for view, substantive in VIEWS:
                c = entry.comparison
                self.page(entry.page(view, substantive), "comparison.html", f"{c.old.title} → {c.new.title}",
                          entry=entry, view=view, substantive=substantive,
                          changes=c.visible(substantive_only=substantive))
            self.writer.write(entry.data, _json(comparison_dict(entry.comparison)), f"data of {entry.slug}")
        for compilation in site.compilations:
            base = compilation.base
            self.page(compiled_page(base.id), "compilation.html", f"Proposals on {base.title}", c=compilation,
                      numbers={p.id: n for n, p in enumerate(compilation.proposals, 1)},
                      rows=compiled_rows(compilation), data=compiled_data(base.id))
            self.writer.write(compiled_data(base.id), compilation_json(compilation), f"compilation data of {base.id}")
        others = [d for d in site.documents if d.id != site.baseline.id]
        for provision in site.baseline.walk():
            self.page(f"provisions/{slug(provision.eid)}.html", "provision.html",
                      f"{provision.label} across the drafts", provision=provision,
                      thread=site.threads[provision.eid])
        self.page("concordance.html", "concordance.html", f"Concordance of {site.baseline.title}",
                  rows=[(p, [site.cell(d, p.eid) for d in others]) for p in site.baseline.walk()],
                  columns=others)
        self.page("search.html", "search.html", "Search the texts")
        index = [{"old": e.comparison.old.id, "new": e.comparison.new.id, "roles": list(e.roles),
                  "data": e.data, "page": e.page(), "stats": e.comparison.stats} for e in site.entries]
        compilations = [{"base": c.base.id, "proposals": [p.id for p in c.proposals], "page": compiled_page(c.base.id),
                         "data": compiled_data(c.base.id)} for c in site.compilations]
        self.writer.write("data/index.json", _json({"schema": "cahtool.site/1", "comparisons": index,
                                                    "compilations": compilations}), "data index")


def provision_records(site: Site) -> Iterable[dict[str, Any]]:
    """One search record per provision with text: its URL is ``documents/ID.html#eId``.

    A proposal's consolidated text repeats its base's: only the provisions it words differently are indexed,
    so a search finds each wording once (the base's, and each proposal's own).
    """
    by_id = {d.id: d for d in site.documents}
    for doc in site.documents:
        base = by_id.get(doc.base) if doc.is_proposal else None
        same = {(p.heading, p.text) for p in base.walk()} if base is not None else set()
        for p in doc.walk():
            words = " ".join(x for x in (p.heading, p.text) if x)
            if not words or p.omitted or (p.heading, p.text) in same:
                continue
            yield {
                "url": f"documents/{slug(doc.id)}.html#{p.eid}",
                "content": words,
                "meta": {"title": f"{p.label} — {doc.title}", "citation": p.label, "document": doc.title,
                         "date": doc.date, "verification": doc.verification or doc.provenance or ""},
            }


def build(corpus: Corpus, out: str | Path, *, baseline: str = DEFAULT_BASELINE,
          templates: str | Path | None = None, search: bool = True) -> Report:
    """Build the whole site into ``out`` (emptied first if it holds a previous build)."""
    site = plan(corpus, baseline)
    out = Path(out)
    writer = Writer(out)
    renderer = Renderer(site, writer, templates)  # templates are found before anything is emptied
    prepare(out)
    renderer.all()
    if search:
        from cahtool.search import index_records

        index_records(list(provision_records(site)), out / "pagefind")
    return Report(out, tuple(sorted(writer.written)), len(site.entries), search)


__all__ = ["build", "plan", "Site", "Entry", "Cell", "Report", "slug", "anchor", "compiled_page", "step_view",
           "StepView", "MATCHES"]
