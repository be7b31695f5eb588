"""The static negotiation-tracker site: every document and comparison of the corpus, rendered with Jinja2.

``build(corpus, out)`` compares every document with the baseline (Rome Statute art. 7), every proposal
with its base and every draft with its predecessor, then writes pages with relative links only, so the
site works from ``file://``, a sub-path or any static host. The same input gives a byte-identical site;
two pages written to one path stop the build (Pelican's ``FileOverwriteFailedError`` idea).
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Protocol

from cahtool.compare import compare
from cahtool.errors import CahtoolError, InputError, UnknownDocumentError
from cahtool.model import Change, ChangeClass, Comparison, Document, Status
from cahtool.render.json import comparison_dict
from cahtool.templating import anchor, asset_source, environment, relative, static_assets

DEFAULT_BASELINE = "rome-statute-art7"
#: A file in the output directory that marks it as ours: only such a directory is ever emptied.
MARKER = ".cahtool-site"
#: The comparison views: (all changes or substantive only) × (inline or side by side).
VIEWS = (("inline", False), ("side", False), ("inline", True), ("side", True))


class Documents(Protocol):
    """What the site needs of a corpus (``cahtool.Corpus``): its documents, proposals consolidated."""

    root: Path

    def documents(self) -> list[Document]: ...


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
    """What happened to one baseline provision in one document (a concordance cell)."""

    state: str  # unchanged, editorial, substantive, deleted, renumbered, moved
    label: str  # the provision's citation in the document ("" when deleted)
    href: str  # site path of the change, or of the provision in the document
    changes: tuple[Change, ...]
    via: str = ""  # citation of the deleted ancestor, when deleted with it


_RANK = {"unchanged": 0, "renumbered": 1, "moved": 2, "editorial": 3, "substantive": 4, "deleted": 5}


@dataclass
class Site:
    """Everything the pages are rendered from: documents, the comparisons and their roles."""

    baseline: Document
    documents: list[Document]
    entries: list[Entry] = field(default_factory=list)
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
        if not own:  # inside a deleted subtree: the deletion is reported once, at its root
            for change in entry.comparison.changes:
                if change.status is Status.DELETED and change.old and eid.startswith(change.old.eid + "__"):
                    return Cell("deleted", "", f"{entry.page()}#{anchor(change)}", (change,),
                                via=change.old.label)
            return Cell("deleted", "", entry.page(), ())
        state = max((_state(c) for c in own), key=_RANK.__getitem__)
        new = own[0].new
        if state == "unchanged" and new is not None:
            href = f"documents/{slug(doc.id)}.html#{new.eid}"
        else:
            href = f"{entry.page()}#{anchor(next(c for c in own if _state(c) == state))}"
        return Cell(state, new.label if new else "", href, own)


def _state(change: Change) -> str:
    if change.status is Status.DELETED:
        return "deleted"
    if change.change_class is not ChangeClass.NONE:
        return str(change.change_class.value)
    if change.status in (Status.RENUMBERED, Status.MOVED):
        return str(change.status.value)
    return "unchanged"


def plan(corpus: Documents, baseline: str = DEFAULT_BASELINE) -> Site:
    """Load the corpus and make every comparison the site shows (in a fixed order).

    A proposal is any document with a base; the corpus gives it already consolidated (its full text).
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
    return site


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
            site=self.site, page=path, title=title, to=to, slug=slug, anchor=anchor, views=VIEWS, **context)
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
        others = [d for d in site.documents if d.id != site.baseline.id]
        for provision in site.baseline.walk():
            self.page(f"provisions/{slug(provision.eid)}.html", "provision.html",
                      f"{provision.label} across the drafts", provision=provision,
                      cells=[(d, site.cell(d, provision.eid)) for d in others])
        self.page("concordance.html", "concordance.html", f"Concordance of {site.baseline.title}",
                  rows=[(p, [site.cell(d, p.eid) for d in others]) for p in site.baseline.walk()],
                  columns=others)
        self.page("search.html", "search.html", "Search the texts")
        index = [{"old": e.comparison.old.id, "new": e.comparison.new.id, "roles": list(e.roles),
                  "data": e.data, "page": e.page(), "stats": e.comparison.stats} for e in site.entries]
        self.writer.write("data/index.json", _json({"schema": "cahtool.site/1", "comparisons": index}),
                          "data index")


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


def build(corpus: Documents, out: str | Path, *, baseline: str = DEFAULT_BASELINE,
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


__all__ = ["build", "plan", "Site", "Entry", "Cell", "Report", "slug", "anchor"]
