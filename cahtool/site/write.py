"""Writing the site: every page and data file of a ``Site``, rendered with the one Jinja2 environment.

``build(corpus, out)`` plans the site, renders every page (relative links only) and the search index, and
writes them into a fresh directory that replaces ``out`` only when complete (under a lock: one build at a
time). The same input gives a byte-identical site; two pages written to one path stop the build (Pelican's
``FileOverwriteFailedError`` idea); only a directory that holds a previous cahtool site is ever replaced.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import stat
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from cahtool import BASELINE
from cahtool.corpus import Corpus
from cahtool.diff import sharing
from cahtool.errors import CahtoolError, InputError
from cahtool.jsontext import indented_in
from cahtool.model import Change, Comparison, Document, Op, Progress, Provision
from cahtool.output import BuildLock, fresh_directory, leftovers, remove_tree, replace_directory
from cahtool.render import common, dumps, jinja
from cahtool.render import compilation as compiled_json
from cahtool.render import json as comparison_json
from cahtool.render import synopsis as render_synopsis
from cahtool.reports import Thread
from cahtool.site import negotiation, views
from cahtool.site.cache import Store, cache_directory, code_fingerprint
from cahtool.site.plan import Entry, Site, plan
from cahtool.site.urls import VIEWS, compiled_data, compiled_entry, compiled_page, slot_id, slug
from cahtool.text import json_safe

#: A file in the output directory that marks it as ours: only such a directory is ever emptied.
MARKER = ".cahtool-site"



class Writer:
    """Writes files under the output directory, refusing a second write to one path.

    The directory is the build's own fresh one (``output.fresh_directory``: private to the build, swapped in whole
    once complete), so a page is written once, directly, not through a temporary file renamed into place: a
    site of thousands of pages spends its time on its pages, not on temporary names.
    """

    def __init__(self, out: Path) -> None:
        self.out = out
        self.written: dict[str, str] = {}
        self._directories: set[str] = set()

    def write(self, path: str, data: str | bytes, what: str) -> Path:
        """Write one file (site path, forward slashes); ``what`` names it in errors. Gives the file written."""
        target = self._place(path, what)
        try:
            # "x": a file that is somehow there already (or a link put in its place) is an error, never followed.
            with open(target, "xb") as handle:
                handle.write(data.encode("utf-8") if isinstance(data, str) else data)
        except OSError as exc:
            raise CahtoolError(f"cannot write page {path}: {exc.strerror or exc}", path=str(target)) from None
        return target

    def link(self, path: str, source: Path, what: str) -> bool:
        """Put ``source`` (a file of the last site, the same bytes) at ``path`` as a second name of it, not a copy;
        False when the file system will not (the caller writes the page instead)."""
        target = self._place(path, what)
        try:
            os.link(source, target, follow_symlinks=False)
        except OSError:
            del self.written[path]
            return False
        return True

    def _place(self, path: str, what: str) -> Path:
        """Where ``path`` goes, its directory made: a second write to a path, or a path outside the site, refused."""
        if path in self.written:
            raise CahtoolError(f"two pages would be written to {path}: {self.written[path]} and {what}",
                               path=str(self.out))
        parts = path.split("/")
        if not path or path.startswith("/") or "\\" in path or any(p in ("", ".", "..") for p in parts):
            raise CahtoolError(f"refusing to write outside the site: {path}", path=str(self.out))
        self.written[path] = what
        folder = "/".join(parts[:-1])
        target = self.out.joinpath(*parts)
        if folder not in self._directories:
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise CahtoolError(f"cannot create a directory of the site: {exc.strerror or exc}",
                                   path=str(target.parent)) from None
            self._directories.add(folder)
        return target


def site_directory(out: str | Path) -> Path:
    """Where the site goes: ``out``, or the directory a symbolic link ``out`` points to (even a dangling one).

    A link is followed rather than replaced, so a web server's ``/var/www/tracker -> /srv/site`` keeps
    working; the site is swapped in at the link's target.
    """
    out = Path(out)
    target = Path(os.path.realpath(out))
    if target.exists() and not target.is_dir():
        raise InputError("the site output is not a directory", path=str(out))
    if target.is_dir() and any(target.iterdir()) and not (target / MARKER).is_file():
        raise InputError(f"refusing to overwrite a directory that is not a cahtool site (no {MARKER})",
                         path=str(out))
    return target


def prepare(out: Path) -> None:
    """Mark a fresh output directory as ours (only a directory with the marker is ever replaced)."""
    (out / MARKER).write_text("This directory is written by `cahtool build` and emptied by the next build.\n",
                              encoding="utf-8")


def timeline() -> dict[str, Any]:
    """The negotiation timeline shipped with cahtool (a copy of the project's reference notes)."""
    text = resources.files("cahtool").joinpath("data/timeline.json").read_text(encoding="utf-8")
    return json.loads(text)  # type: ignore[no-any-return]


@dataclass(frozen=True, slots=True)
class Report:
    """What a build wrote."""

    out: Path
    pages: tuple[str, ...]
    comparisons: int
    search: bool
    skipped: tuple[str, ...] = ()  # static assets not published (symbolic links), with the reason
    cache: tuple[int, int] = (0, 0)  # entries of the build cache taken, and looked for in vain (made again)


#: Characters of fragments that ``Renderer``'s ``once`` keeps (the least recently used let go beyond): the changes of
#: the last few comparisons, so that the next comparison through the same texts finds its fragments made.
ONCE_BUDGET = 32_000_000


class Renderer:
    """Renders the site's pages with one Jinja2 environment."""

    def __init__(self, site: Site, writer: Writer, templates: str | Path | None = None, *,
                 store: Store | None = None, fingerprint: str = "", previous: Path | None = None) -> None:
        self.site = site
        self.writer = writer
        self.templates = templates
        self.store = store
        self.fingerprint = fingerprint
        # The kept pages of the last site (``previous``, the site being replaced): each file it wrote for a kept
        # page, by path, with the name of the page and what the file system said of the file once the site was in
        # place (device, inode, size, modification and change times). A file that still answers the same is the
        # page as it was written (any write or change of it moves its change time), so it is linked into the new
        # site, not read from the cache and written again.
        self.previous = previous
        self.files_entry = _digest(fingerprint, "files") if store is not None else ""
        found = store.get(self.files_entry, counted=False) if store is not None and previous is not None else None
        self.last_files: dict[str, list[object]] = found if isinstance(found, dict) else {}
        self.kept_files: dict[str, str] = {}  # path → page name, of this build
        self.env = jinja.environment(templates)
        self.skipped: list[str] = []
        # Fragments that many pages repeat (the same provision in a text and in every proposal on it, the same
        # redline in four views of a comparison and in every comparison through the same drafts): made once.
        self.fragments: dict[object, str] = {}  # Markup, never escaped again
        self.shapes: dict[int, tuple[Provision, tuple[object, ...]]] = {}
        redline = self.env.filters["redline"]

        def remembered_redline(ops: Iterable[Op], side: str = "both", inline_style: bool = False,
                               numbers: dict[str, int] | None = None) -> str:
            ops = tuple(ops)
            key = ("redline", ops, side, inline_style, _layers_named(ops, numbers or {}))
            hit = self.fragments.get(key)
            if hit is None:
                hit = self.fragments[key] = redline(ops, side, inline_style, numbers)
            return hit

        self.env.filters["redline"] = remembered_redline
        # The fragments that the views of a comparison repeat, and the comparisons through the same texts (a
        # change is named by what it is made of: ``_argument``): ``once``. The arguments are kept with what they
        # made, so that no identity in a name is taken by another object; the least recently used are let go past
        # ``ONCE_BUDGET`` characters.
        self.repeated = _Recent()

        def once(name: str, macro: Callable[..., str], *args: object) -> str:
            key = (name, *map(_argument, args))
            hit = self.repeated.get(key)
            return hit if hit is not None else self.repeated.put(key, macro(*args), args)

        self.env.globals.update(once=once, once_each=jinja.each(once))
        # The site's helpers, registered once for every page (a page passes only what is its own).
        self.env.globals.update(remember=self.remember,
            site=site, slug=slug, anchor=jinja.anchor, views=VIEWS, matches=views.MATCHES, step_view=views.step_view,
            compiled=compiled_page, slot_id=slot_id, renumbered_only=views.renumbered_only,
            compiled_entry=compiled_entry, proposal_places=views.proposal_places, caption=render_synopsis.caption)

    def shape(self, p: Provision) -> tuple[object, ...]:
        """Everything a provision's HTML is made of, as one value, made once per provision (hashing a frozen
        provision hashes its whole subtree every time): equal for the same provision in a text and in a proposal
        that leaves it as it was."""
        hit = self.shapes.get(id(p))
        if hit is None:
            value = (p.eid, p.tag, p.num, p.heading, p.text, p.label, p.marks, p.omitted, p.wrap_up,
                     tuple(self.shape(c) for c in p.children))
            hit = self.shapes[id(p)] = (p, value)
        return hit[1]

    def remember(self, name: str, macro: Callable[..., str], *args: object) -> str:
        """``macro(*args)``, made once for equal arguments (a provision by its shape): for a template's macros
        that depend on their arguments alone, ``name`` naming the macro (``document.html:provision``)."""
        key = (name, *(self.shape(a) if isinstance(a, Provision) else a for a in args))
        hit = self.fragments.get(key)
        if hit is None:
            hit = self.fragments[key] = macro(*args)
        return hit

    def comparison_json(self, c: Comparison) -> str:
        """``dumps(comparison_dict(c))``, the text of each change made once for the comparisons that have it
        (named as ``once`` names it): a hundred proposals' comparisons with the baseline repeat the revisions'
        changes."""
        parts: list[str] = []

        def each(change: Change) -> None:
            key = ("json", _argument(change))
            hit = self.repeated.get(key)
            if hit is None:
                made = indented_in(comparison_json.change_dict(change), 2)
                if made is None:  # what the quick encoder leaves to json.dumps: the whole comparison by dumps
                    raise _Whole
                hit = self.repeated.put(key, json_safe(made), (change,))
            parts.append(hit)

        try:
            data = comparison_json.comparison_dict(c, each=each)
        except _Whole:
            return dumps(comparison_json.comparison_dict(c))
        data["changes"] = []
        text = dumps(data)
        head = '{\n  "changes": []'
        if not parts:
            return text
        if not text.startswith(head):  # never: the keys are sorted, and the changes are the first
            return dumps(comparison_json.comparison_dict(c))
        return '{\n  "changes": [\n    ' + ",\n    ".join(parts) + "\n  ]" + text[len(head):]

    def page(self, path: str, template: str, title: str, **context: Any) -> None:
        """Render one page at a site path."""
        def to(target: str) -> str:
            return jinja.relative(target, path)

        html = jinja.render(self.env, template, page=path, title=title, to=to, **context)
        self.writer.write(path, html, f"{template} ({title})")

    def kept(self, key: str, path: str, template: str, title: str, **context: Any) -> None:
        """A page that shows its context and two facts of the site (whether it has rolling texts, the baseline's
        id) and nothing else: taken from the build cache when ``key`` (a name for what the context is made of)
        says it is there, else rendered with only those two facts of the site in sight, and kept. A template
        (an override) that reads more of the site is rendered as any page, and not kept. A value of the context
        that is a ``functools.partial`` is made only when the page is rendered."""
        if self.store is None or not key:
            self.page(path, template, title, **_made(context))
            return
        facts = _Facts(rolling=_Truth(bool(self.site.rolling)), baseline=_Facts(id=self.site.baseline.id))
        name = _digest(self.fingerprint, "page", key, path, template, title, str(bool(self.site.rolling)),
                       self.site.baseline.id)
        what = f"{template} ({title})"
        if self._taken(name, path, what):
            return

        def to(target: str) -> str:
            return jinja.relative(target, path)

        context = _made(context)
        try:
            html = self.env.get_template(template).render(page=path, title=title, to=to, site=facts, **context)
        except Exception:  # more of the site read (or any other error): as any page, which reports errors
            self.page(path, template, title, **context)
            return
        data = html.encode("utf-8")  # once, for the cache and the site
        self.store.put(name, data, file=self.writer.write(path, data, what))  # the site's file, kept as it is
        self.kept_files[path] = name  # only a page made from what its name says: one that read more is not

    def recorded(self, key: str, path: str, template: str, title: str, **context: Any) -> None:
        """A page that shows its context (named by ``key``) and asks the site where to link (``change_href``,
        ``compiled_href``): kept in the build cache with the questions it asked and the answers it got, and taken
        again when the site gives the same answers now. A provision's page links into comparisons and compiled
        texts; a new proposal leaves most of those links as they were, and the pages then as they were.

        The page reads of the site only those two questions, the baseline's id and title, whether the site has
        rolling texts, and the restorations of its own provision (its thread's); a template (an override) that
        reads more is rendered as any page, and not kept.
        """
        if self.store is None or not key:
            self.page(path, template, title, **context)
            return
        site = self.site
        thread = context.get("thread")
        restored = getattr(thread, "restorations", ())
        eid = getattr(thread, "eid", "")
        name = _digest(self.fingerprint, "recorded", key, path, template, title, str(bool(site.rolling)),
                       site.baseline.id, site.baseline.title)
        what = f"{template} ({title})"
        asked = self.store.get(name)
        if isinstance(asked, list):
            answers = _answers(site, asked)
            if answers is not None:
                if self._taken(_digest(name, json.dumps(answers, ensure_ascii=False)), path, what):
                    return
            else:
                self.store.reject(name)
        calls: list[list[object]] = []
        facts = _Facts(rolling=_Truth(bool(site.rolling)),
                       baseline=_Facts(id=site.baseline.id, title=site.baseline.title),
                       change_href=_recording(calls, "change_href", site.change_href),
                       compiled_href=_recording(calls, "compiled_href", site.compiled_href),
                       restorations=_Only(eid, tuple(restored)) if restored else _Only(eid, None))

        def to(target: str) -> str:
            return jinja.relative(target, path)

        try:
            html = self.env.get_template(template).render(page=path, title=title, to=to, site=facts, **context)
        except Exception:  # more of the site read (or any other error): as any page, which reports errors
            self.page(path, template, title, **context)
            return
        data = html.encode("utf-8")
        page = _digest(name, json.dumps([call[-1] for call in calls], ensure_ascii=False))
        self.store.put(name, calls)
        self.store.put(page, data, file=self.writer.write(path, data, what))
        self.kept_files[path] = page

    def kept_data(self, key: str, path: str, what: str, make: Callable[..., str], *args: object) -> None:
        """A data file, ``make(*args)``, from what ``key`` names alone: taken from the build cache, or made and kept."""
        if self.store is None or not key:
            self.writer.write(path, make(*args), what)
            return
        name = _digest(self.fingerprint, "data", key, path)
        if self._linked(name, path, what):
            return
        found = self.store.get(name)
        data = found if isinstance(found, str) else make(*args).encode("utf-8")  # once, for the cache and the site
        written = self.writer.write(path, data, what)
        if not isinstance(found, str):
            self.store.put(name, data, file=written)
        self.kept_files[path] = name

    def _taken(self, name: str, path: str, what: str) -> bool:
        """Whether the page kept as ``name`` is now at ``path``: linked from the last site, or written from the
        cache."""
        if self._linked(name, path, what):
            return True
        assert self.store is not None
        found = self.store.get(name)
        if not isinstance(found, str):
            return False
        self.writer.write(path, found, what)
        self.kept_files[path] = name
        return True

    def _linked(self, name: str, path: str, what: str) -> bool:
        """Whether the last site's file for the page ``name`` at ``path`` is still as it was written, and is now
        linked into the new site (the cache's entry for it taken as used, unread)."""
        if self.store is None or self.previous is None:
            return False
        last = self.last_files.get(path)
        if not isinstance(last, list) or len(last) != 6 or last[0] != name:
            return False
        source = self.previous.joinpath(*path.split("/"))
        try:
            found = os.lstat(source)
        except (OSError, ValueError):
            return False
        if not stat.S_ISREG(found.st_mode) or last[1:] != _identity(found):
            return False
        if not self.writer.link(path, source, what):
            self.previous = None  # links refused here (another file system, or none): every page written
            return False
        self.store.keep(name)
        self.kept_files[path] = name
        return True

    def record(self, site: Path) -> None:
        """Remember the kept pages' files of the site now in place (``site``), for the next build to link them."""
        if self.store is None:
            return
        files: dict[str, list[object]] = {}
        for path, name in self.kept_files.items():
            try:
                found = os.lstat(site.joinpath(*path.split("/")))
            except OSError:
                continue
            files[path] = [name, *_identity(found)]
        self.store.put(self.files_entry, files)

    def concordance_column(self, doc: Document, provisions: list[Provision], mainline: str | None) -> list[str]:
        """The concordance's cells of one document, a line each (``views.concordance_cell``), in the baseline's
        reading order: taken from the build cache, or made and kept. A column is made of the document's comparison
        with the baseline (its key names both texts) and, where that comparison finds no counterpart, of the
        provisions' histories through the texts that are not proposals (``mainline``: their ids and the keys of
        their comparisons with the baseline; None when one of them has no key, and then no column is kept): a new
        proposal makes its own column, and takes the others from the cache.
        """
        site = self.site
        entry = site.entry(site.baseline.id, doc.id)
        name = ""
        if self.store is not None and entry is not None and entry.key and mainline is not None:
            name = _digest(self.fingerprint, "concordance", entry.key, doc.id, site.baseline.id, mainline,
                           str(len(provisions)))
            found = self.store.get(name)
            if isinstance(found, str):
                cells = found.split("\0")  # no cell holds a NUL: no XML text can
                if len(cells) == len(provisions):
                    return cells
                self.store.reject(name)
        cells = [views.concordance_cell(c.state, c.label, c.via, c.match, p.label,
                                        jinja.relative(c.href, "concordance.html"))
                 for p, c in zip(provisions, site.column(doc), strict=True)]
        if name:  # kept as text, as a page is: HTML, its cells one after the other
            self.store.put(name, "\0".join(cells))  # type: ignore[union-attr]
        return cells

    def assets(self) -> None:
        """Copy the static assets, byte for byte (an override wins); a symbolic link is not published."""
        files, skipped = jinja.static_files(self.templates)
        for name, source in files.items():
            try:
                data = source.read_bytes()
            except OSError as exc:
                raise InputError(f"cannot read a static asset: {exc.strerror or exc}", path=str(source)) from None
            self.writer.write(name, data, f"asset {name}")
        self.skipped.extend(skipped)

    def all(self, progress: Progress | None = None) -> None:
        """Every page of the site (``progress`` hears of each document, comparison, compilation, synopsis and
        provision written)."""
        site = self.site
        provisions = list(site.baseline.walk())
        total = len(site.documents) + len(site.entries) + len(site.compilations) + len(site.synopses) + len(provisions)
        done = 0

        def step() -> None:
            nonlocal done
            done += 1
            if progress is not None:
                progress("writing pages", done, total)

        self.assets()
        self.page("index.html", "home.html", "Crimes against humanity: drafts and proposals",
                  timeline=timeline())
        for doc in site.documents:
            self.page(f"documents/{slug(doc.id)}.html", "document.html", doc.title, doc=doc,
                      entries=site.entries_of(doc))
            step()
        for entry in site.entries:
            for view, substantive in VIEWS:
                # The comparison (its key names the texts), its roles and the view: all its page shows of the site.
                key = _digest(entry.key, *entry.roles, view, str(substantive)) if entry.key else ""
                self.kept(key, entry.page(view, substantive), "comparison.html",
                          f"{entry.old.title} → {entry.new.title}", entry=entry, view=view, substantive=substantive,
                          changes=functools.partial(_visible, entry, substantive))
            self.kept_data(entry.key, entry.data, f"data of {entry.slug}", _comparison_json, self, entry)
            step()
        for compiled in site.compilations:
            base = compiled.base
            self.page(compiled_page(base.id), "compilation.html", f"Proposals on {base.title}", c=compiled,
                      numbers=compiled.numbers,
                      rows=views.compiled_rows(compiled), data=compiled_data(base.id))
            self.writer.write(compiled_data(base.id), compiled_json.to_json(compiled), f"compilation data of {base.id}")
            step()
        for synopsis in site.synopses:
            # A synopsis is made of its texts and its place (its name says which) and shows nothing else of the site:
            # a page kept in the build cache is not laid out again.
            self.kept(synopsis.name, synopsis.page, "synopsis.html", synopsis.title, entry=synopsis)
            step()
        others = [d for d in site.documents if d.id != site.baseline.id]
        for provision in provisions:
            thread = site.threads[provision.eid]
            self.recorded(_thread_name(site, provision, thread), f"provisions/{slug(provision.eid)}.html",
                          "provision.html", f"{provision.label} across the drafts", provision=provision,
                          thread=thread)
            step()
        # The texts that are not proposals, named by their comparisons with the baseline (None: one is not named).
        drafts = [(d.id, site.entry(site.baseline.id, d.id)) for d in site.drafts]
        named = [(i, e.key) for i, e in drafts if e is not None and e.key]
        mainline = "\0".join(f"{i}\0{key}" for i, key in named) if len(named) == len(drafts) else None
        columns = [self.concordance_column(d, provisions, mainline) for d in others]
        rows = ([jinja.Markup("".join(cells)) for cells in zip(*columns, strict=True)] if columns
                else [jinja.Markup("")] * len(provisions))
        self.page("concordance.html", "concordance.html", f"Concordance of {site.baseline.title}",
                  rows=list(zip(provisions, rows, strict=True)), columns=others, symbols=views.CONCORDANCE_SYMBOLS)
        self.page("search.html", "search.html", "Search the texts")
        negotiation.pages(self.page, self.writer.write, site)
        index = [
            {
                "old": e.old.id,
                "new": e.new.id,
                "roles": list(e.roles),
                "data": e.data,
                "page": e.page(),
                "stats": e.stats,
            }
            for e in site.entries
        ]
        compilations = [
            {
                "base": c.base.id,
                "proposals": [p.id for p in c.proposals],
                "page": compiled_page(c.base.id),
                "data": compiled_data(c.base.id),
            }
            for c in site.compilations
        ]
        self.writer.write(
            "data/index.json",
            dumps({"schema": "cahtool.site/1", "comparisons": index, "compilations": compilations}),
            "data index",
        )


class _Eid:
    """A provision as a question to the site names it (by its eId alone): asked again, an answer that needs more
    of it fails, and the page is made again."""

    __slots__ = ("eid",)

    def __init__(self, eid: str) -> None:
        self.eid = eid


def _recording(calls: list[list[object]], method: str, ask: Callable[..., str]) -> Callable[..., str]:
    """``ask`` (``Site.change_href`` or ``Site.compiled_href``), each question and its answer noted in ``calls``
    as plain data: documents by id, provisions by eId."""

    def asked(*args: object, **options: object) -> str:
        answer = ask(*args, **options)
        plain: list[object] = [method]
        for arg in args:
            if isinstance(arg, Document):
                plain.append(["document", arg.id])
            elif isinstance(arg, Provision):
                plain.append(["provision", arg.eid])
            elif arg is None or isinstance(arg, str):
                plain.append(arg)
            else:
                raise _NotKept(f"a question about {type(arg).__name__}")
        for option, value in sorted(options.items()):
            if not isinstance(value, (str, bool)):
                raise _NotKept(f"a question about {type(value).__name__}")
            plain.append(["option", option, value])
        calls.append([*plain, answer])
        return answer

    return asked


def _answers(site: Site, calls: list[object]) -> list[str] | None:
    """The answers the site gives now to the questions a kept page asked; None when one cannot be asked again
    (or the noted questions are not such)."""
    by_id = {d.id: d for d in site.documents}
    methods = {"change_href": site.change_href, "compiled_href": site.compiled_href}
    out: list[str] = []
    for call in calls:
        if type(call) is not list or len(call) < 2 or call[0] not in methods or type(call[-1]) is not str:
            return None
        args: list[object] = []
        options: dict[str, object] = {}
        for item in call[1:-1]:
            if item is None or type(item) is str:
                args.append(item)
            elif type(item) is list and len(item) == 2 and item[0] == "document" and item[1] in by_id:
                args.append(by_id[item[1]])
            elif type(item) is list and len(item) == 2 and item[0] == "provision" and type(item[1]) is str:
                args.append(_Eid(item[1]))
            elif (type(item) is list and len(item) == 3 and item[0] == "option" and type(item[1]) is str
                  and type(item[2]) in (str, bool)):
                options[item[1]] = item[2]
            else:
                return None
        try:
            answer = methods[call[0]](*args, **options)  # type: ignore[operator]
        except (AttributeError, TypeError):
            return None
        if answer != call[-1]:
            return None
        out.append(answer)
    return out


def _thread_name(site: Site, provision: Provision, thread: object) -> str:
    """A name for all a provision's page shows of its history: each step's text and place, how it was found,
    what it is compared with and the places its changes join ('' when something is not the build's). A change is
    made of the two provisions it joins (``pair_changes``), so naming their places names it."""
    texts = site.texts
    if texts is None or not isinstance(thread, Thread):
        return ""
    by_id = {d.id: d for d in site.documents}
    parts = [thread.eid, thread.label, thread.origin, provision.eid, texts.key(site.baseline) or "",
             str(texts.ref(site.baseline, provision)) if provision.eid else ""]
    try:
        for kind, steps in (("steps", thread.steps), ("proposals", thread.proposals),
                            ("restorations", thread.restorations)):
            parts.append(kind)
            for s in steps:
                key = texts.key(s.document)
                if key is None:
                    return ""
                parts += [key, str(texts.ref(s.document, s.provision)), s.previous, s.match, str(len(s.changes))]
                before = by_id.get(s.previous)
                for c in s.changes:
                    if c.old is not None and before is None:
                        return ""
                    parts += [c.status.value, c.change_class.value, c.part.value,
                              str(texts.ref(before, c.old)) if before is not None else "-1",
                              str(texts.ref(s.document, c.new)), str(c.moved), str(c.own_only), str(len(c.ops))]
    except ValueError:  # a provision not in its document (the cache's _Invalid): no name
        return ""
    return _digest(*parts)


def _made(context: dict[str, Any]) -> dict[str, Any]:
    """A page's context with each ``functools.partial`` in it made (what only a page rendered needs)."""
    return {k: v() if isinstance(v, functools.partial) else v for k, v in context.items()}


def _visible(entry: Entry, substantive: bool) -> tuple[Change, ...]:
    """What a view of a comparison lists: every change, or the substantive ones."""
    return entry.comparison.visible(substantive_only=substantive)


def _comparison_json(renderer: Renderer, entry: Entry) -> str:
    return renderer.comparison_json(entry.comparison)


def _identity(found: os.stat_result) -> list[object]:
    """What says a file is the one written: its device and inode, size, and modification and change times."""
    return [found.st_dev, found.st_ino, found.st_size, found.st_mtime_ns, found.st_ctime_ns]


def _layers_named(ops: tuple[Op, ...], numbers: dict[str, int]) -> object:
    """``common.named_numbers`` as part of a name: all a redline reads of the layer numbers (a proposal's comparison
    with the baseline numbers the drafts in between as every other proposal's does, and shares their redlines)."""
    return tuple(sorted(common.named_numbers(ops, numbers).items()))


def _argument(value: object) -> object:
    """A macro's argument as part of the name of what it makes: a plain value as itself (with its type: ``False``
    is not ``0``), a mapping by its items, a change by what it is made of (its provisions and ops by identity: the
    same change in a hundred proposals' comparisons with the baseline, each made anew), anything else by its
    identity."""
    if value is None or isinstance(value, (str, int, float, bool)):
        return (type(value), value)
    if isinstance(value, dict):
        return (dict, tuple(sorted(value.items())))
    if isinstance(value, Change):
        return (Change, value.status, value.change_class, value.part, id(value.old), id(value.new), id(value.ops),
                value.rules, value.moved, value.own_only)
    return (object, id(value))


def _digest(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()


class _Whole(Exception):
    """A change the quick JSON encoder leaves to ``json.dumps``: its comparison is written whole."""


class _Recent:
    """Fragments by name, each kept with the arguments it was made from (so that no identity in a name is taken by
    another object), the least recently used let go beyond ``ONCE_BUDGET`` characters."""

    def __init__(self) -> None:
        self._made: OrderedDict[object, tuple[str, tuple[object, ...]]] = OrderedDict()
        self._size = 0

    def get(self, key: object) -> str | None:
        hit = self._made.get(key)
        if hit is None:
            return None
        self._made.move_to_end(key)
        return hit[0]

    def put(self, key: object, text: str, args: tuple[object, ...]) -> str:
        self._made[key] = (text, args)
        self._size += len(text)
        while self._size > ONCE_BUDGET:
            self._size -= len(self._made.popitem(last=False)[1][0])
        return text


class _NotKept(Exception):
    """A page read more of the site than a kept page may: it is rendered as any page, and not kept."""


class _Facts:
    """What a kept page may read of the site (and of the baseline): the names given, nothing else."""

    def __init__(self, **facts: object) -> None:
        self._facts = facts

    def __getattr__(self, name: str) -> object:
        if name.startswith("__") or name not in self._facts:
            raise _NotKept(name)
        return self._facts[name]


class _Only:
    """The restorations of one provision, and of no other (a mapping by eId that answers for that one only)."""

    def __init__(self, eid: str, steps: tuple[object, ...] | None) -> None:
        self._eid = eid
        self._steps = steps

    def get(self, eid: str, default: object = None) -> object:
        if eid != self._eid:
            raise _NotKept("another provision's restorations")
        return self._steps if self._steps is not None else default

    def __getitem__(self, eid: str) -> object:
        if eid != self._eid or self._steps is None:
            raise _NotKept("another provision's restorations")
        return self._steps

    def __contains__(self, eid: str) -> bool:
        if eid != self._eid:
            raise _NotKept("another provision's restorations")
        return self._steps is not None

    def __getattr__(self, name: str) -> object:
        raise _NotKept(name)


class _Truth:
    """Whether the site has something (rolling texts), and nothing more: a page may test it, never show or count it."""

    __slots__ = ("value",)

    def __init__(self, value: bool) -> None:
        self.value = value

    def __bool__(self) -> bool:
        return self.value

    def __getattr__(self, name: str) -> object:
        raise _NotKept(name)

    def __str__(self) -> str:
        raise _NotKept("str")

    def __iter__(self) -> Iterator[object]:
        raise _NotKept("iter")

    def __len__(self) -> int:
        raise _NotKept("len")


def provision_records(site: Site, *, proposals: bool | None = None) -> Iterable[dict[str, Any]]:
    """One search record per wording of a provision: its URL is ``documents/ID.html#eId``.

    A proposal's consolidated text repeats its base's: only the provisions it words differently are indexed, so a
    search finds each wording once (the base's, and each proposal's own). The texts that are not proposals (the
    drafts and their revisions) keep most of the text before them: a provision worded alike in several of them,
    at the same place (eId and citation) and of the same standing (``search_rank``), is one record, that of the
    latest text, and says which earlier texts have it too (``also``). A search for a word of a convention in five
    revisions finds each wording it had once, with the texts that had it. ``proposals``: only the records of the
    proposals (True) or of the other documents (False).
    """
    by_id = {d.id: d for d in site.documents}
    # The texts, latest first: the first met of a wording is its record, the others are named in it.
    texts = [d for d in reversed(site.documents) if not d.is_proposal] if proposals is not True else []
    earlier: dict[tuple[str, str, str, str, int], list[Document]] = {}
    for doc in texts:
        rank = search_rank(doc)
        for p in doc.walk():
            if (p.heading or p.text) and not p.omitted:
                alike = earlier.setdefault((p.eid, p.label, p.heading, p.text, rank), [])
                if not alike or alike[-1] is not doc:  # a text that has it twice (an eId given twice) once
                    alike.append(doc)
    for doc in site.documents:
        if proposals is not None and doc.is_proposal != proposals:
            continue
        base = by_id.get(doc.base) if doc.is_proposal else None
        same = {(p.heading, p.text) for p in base.walk()} if base is not None else set()
        rank = search_rank(doc)
        for p in doc.walk():
            words = " ".join(x for x in (p.heading, p.text) if x)
            if not words or p.omitted or (p.heading, p.text) in same:
                continue
            also = ""
            if not doc.is_proposal:
                alike = earlier[p.eid, p.label, p.heading, p.text, rank]
                if alike[0] is not doc:
                    continue  # a later text words it alike: found there
                also = "; ".join(f"{d.title} ({d.date})" if d.date else d.title for d in reversed(alike[1:]))
            yield {
                "url": f"documents/{slug(doc.id)}.html#{p.eid}",
                "content": words,
                "meta": {"title": f"{p.label} — {doc.title}", "citation": p.label, "document": doc.title,
                         "date": doc.date, "verification": doc.verification or doc.provenance or "",
                         "rank": str(rank), "also": also},
            }


def search_rank(doc: Document) -> int:
    """Where a document's provisions stand among equally relevant results: the texts themselves first, then the
    proposals whose words are documented, then whatever is illustrative (cahtool's wording or compilation, no
    one's: an illustrative rolling text too)."""
    if (doc.provenance or "").startswith("illustrative"):
        return 2
    return 1 if doc.is_proposal else 0


def build(corpus: Corpus, out: str | Path, *, baseline: str = BASELINE,
          templates: str | Path | None = None, search: bool = True, progress: Progress | None = None,
          cache: bool = True) -> Report:
    """Build the whole site into ``out``, replacing a previous build only once the new one is complete.

    The pages are rendered into a fresh directory beside ``out`` and swapped in at the end: an error,
    Ctrl-C or a full disk leaves the previous site whole. A lock beside ``out`` makes a second build of
    the same site stop at once with "build in progress" (exit 2) instead of mixing two sites.

    With ``cache``, what the build compares is kept beside ``out`` (``cache.cache_directory``) and taken again by
    the next build of texts that have not changed; the site is the same byte for byte.
    """
    target = site_directory(out)
    jinja.template_dirs(templates)  # a missing templates directory stops the build before anything is written
    # The lock first: a second build stops at once, before it spends seconds comparing. Every alignment of the
    # build shares one lexicon (the baseline's words are split and counted once, not once per draft).
    with BuildLock(target), sharing():
        target = site_directory(out)  # again, now that no other build can change it
        store = Store(cache_directory(target)) if cache else None
        fingerprint = f"{code_fingerprint(templates)}\0{baseline}" if cache else ""
        try:
            site = plan(corpus, baseline, progress=progress, store=store, fingerprint=fingerprint)
            for stale in leftovers(target):
                remove_tree(stale)  # a build killed before it could clean up
            fresh = fresh_directory(target)
            try:
                writer = Writer(fresh)
                prepare(fresh)
                renderer = Renderer(site, writer, templates, store=store, fingerprint=fingerprint,
                                    previous=target if (target / MARKER).is_file() else None)
                renderer.all(progress)
                keep: list[str] = []
                if search:
                    from cahtool.site.search import index_site

                    if progress is not None:
                        progress("indexing for search", 0, 1)
                    keep = index_site(list(provision_records(site, proposals=False)),
                                      list(provision_records(site, proposals=True)), fresh, target, store, fingerprint)
                    if progress is not None:
                        progress("indexing for search", 1, 1)
                replace_directory(fresh, target, keep)
            except BaseException:
                remove_tree(fresh)
                raise
            renderer.record(target)
        except BaseException:
            if store is not None:
                store.close()  # what it made is kept for the next build
            raise
        if store is not None:
            store.finish()
    return Report(Path(out), tuple(sorted(writer.written)), len(site.entries), search, tuple(renderer.skipped),
                  (store.hits, store.misses) if store is not None else (0, 0))
