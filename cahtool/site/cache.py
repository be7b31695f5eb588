"""The build cache: what a build of the site computed that the next build can take again, kept beside the site.

``cahtool build --out site`` keeps ``.site.cache/`` next to ``site/`` (beside it, as the lock file: the site is
swapped in whole and publishes nothing of it). An entry is named by the SHA-256 of everything it was made
from: the bytes of the documents it is about (and their paths), cahtool's own code and templates, the templates
override and the baseline. A changed document, another cahtool, other templates or another baseline give other
names, so nothing is invalidated in place: an entry is found or it is not.

What is kept is what costs most and depends on a few texts only: each proposal's consolidated text (named by the
proposal's file and its base's text: ``Corpus.keep``), the alignment of two documents, their
comparison, a comparison attributed along a chain of texts, and the pages and data of each comparison (which show
the comparison and, of the site, only whether it has rolling texts and the baseline's id: ``write.Renderer.kept``
renders them with nothing else of the site in sight). Everything else (histories, synopses, compilations, the
other pages) is made again from them, so the site a cached build writes is byte for byte the site a clean build
writes.

Entries are rows of one SQLite database (``Store``): a page as its text, anything else as plain JSON, each with
its name, the cache's format and the SHA-256 of the payload. A page or data file of the site is kept as a second
name of the file the build wrote (a hard link in ``pages/``), its row holding only its digest: the site's pages
are most of what a build writes, and a copy of each in the database doubled that (the convention's 266 MB of pages,
1.5 s of the build's 30). An entry that cannot be read, is truncated or corrupt,
is of another format, or does not fit the documents (a provision that is not there) is ignored and made again:
nothing in the cache is code (no pickle), so an entry put there can at worst show its own words, as a page put in
the site itself could; the cache is as trusted as the directory it sits in. At the end of a build the entries it
did not use are removed, so the cache holds one site's worth.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
from collections.abc import Iterable, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

from cahtool import __version__
from cahtool.model import Change, ChangeClass, Comparison, Document, Op, OpKind, Pair, Part, Provision, Status
from cahtool.reports import Alignments, Step

#: The envelope's first line names the format: a cache of another format (or anything else) is not read.
FORMAT = "cahtool-build-cache/3"
#: The cache directory's database of the entries.
DATABASE = "entries.sqlite"
#: The cache directory's folder of the pages kept as files: each a second name (a hard link) of the site's file.
PAGES = "pages"
#: The ``text`` column of an entry kept as a file in ``PAGES`` (0: JSON; 1: a text in the row).
IN_FILE = 2
#: Entries are committed once this many bytes are written since the last commit (and at the end).
COMMIT_BYTES = 64 * 1024 * 1024


def cache_directory(site: Path) -> Path:
    """Where the cache of the site in ``site`` lives: ``.NAME.cache`` beside it."""
    return site.parent / f".{site.name}.cache"


def code_fingerprint(templates: str | Path | None) -> str:
    """What cahtool's output depends on besides the documents: its version, its own code and shipped templates,
    and the templates override. Made from the files' bytes, so an edited module is a new cahtool too."""
    digest = hashlib.sha256(f"{FORMAT}\0{__version__}\0".encode())
    package = Path(str(resources.files("cahtool")))
    from cahtool.render import jinja

    roots = [package, *jinja.template_dirs(templates)]
    for root in roots:
        for path in sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            if path.suffix in (".pyc", ".pyo"):
                continue
            try:
                data = path.read_bytes()
            except OSError:
                data = b"unreadable"
            digest.update(f"{path.relative_to(root).as_posix()}\0{len(data)}\0".encode())
            digest.update(data)
        digest.update(b"\1")
    return digest.hexdigest()


class Store:
    """The cache's entries: ``get`` and ``put`` by name (a hex digest), ``finish`` removes what no one used.

    The entries are rows of one SQLite database in the cache directory (``DATABASE``), not a file each: a site of
    a hundred proposals keeps thousands of entries, and on a disk where creating a file is slow (ext4, in the
    minute after many files were deleted, as the last build's were) a file each cost a fifth of the build and made
    it grow faster than the site (measured: the ×30 corpus's 7,335 entries took 4.7 s of 22 s; the ×10 corpus's
    2,423 took 1.2 s of 7.4 s). SQLite is in Python's standard library, so this needs nothing new. A page of the
    site is the exception (``put`` with its ``file``): it is kept as a hard link in ``PAGES`` to the file the build
    wrote, a new name for a file that exists, not a new file (no inode is made, which is what was slow), and its
    row holds its digest only; copying it into the database wrote each page twice (measured on the convention:
    the build's system time went from 3.5 to 4.6 s down to 2.1 to 2.6 s, the cache from 454 to 93 MB).
    Entries are committed every ``COMMIT_BYTES`` and at the end (an
    entry is right whenever it was written: its name says what it was made from), so a build stopped half-way
    keeps what it made for the next one. A database that cannot be opened, read or written (corrupt, locked, a
    full disk) is only a slower build: the entries are made again, and a corrupt database is replaced at the end.
    """

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.used: set[str] = set()
        self.hits = 0
        self.misses = 0
        self._db: Any = None
        self._broken = False
        self._pending = 0  # bytes written since the last commit
        #: Whether the database held no entry when opened (a first build, or one after the cache was removed), and
        #: the names put since: then nothing else is there to look for, and a build of thousands of comparisons
        #: asks SQLite for none of them.
        self._fresh = False
        self._written: set[str] = set()
        #: Whether pages may still be kept as links (False once the file system refused one: copies from then on),
        #: and whether their folder is made (once a build, not asked for again at every page).
        self._links = True
        self._folder = False

    def _open(self) -> Any:
        """The database, opened (and the directory made) on first use; None when it cannot be (or when this Python
        was built without SQLite: then there is no cache, as with ``--no-cache``)."""
        if self._db is None and not self._broken:
            try:
                import sqlite3  # here: a build without a cache (and every other command) does not load it
            except ImportError:
                self._broken = True
                return None
            try:
                self.directory.mkdir(parents=True, exist_ok=True)
                db = sqlite3.connect(self.directory / DATABASE, isolation_level=None)
                db.execute("PRAGMA synchronous = OFF")  # a cache: what a crash tears fails its digest, or is not read
                # A table with row ids: a page of 600 KB is read five times faster from one than from a table
                # without (whose rows are meant to be small: measured, 0.4 s against 1.9 s for the convention's).
                db.execute("CREATE TABLE IF NOT EXISTS entries (name TEXT PRIMARY KEY, format TEXT, sha256 TEXT,"
                           " text INTEGER, payload BLOB)")
                db.execute("BEGIN")
                self._fresh = db.execute("SELECT NOT EXISTS (SELECT 1 FROM entries)").fetchone()[0] == 1
            except (OSError, sqlite3.Error):
                self._broken = True
                return None
            self._db = db
        return self._db

    def get(self, name: str, *, counted: bool = True) -> Any:
        """The payload kept under ``name``, or None (never there, or unreadable, corrupt or foreign); ``counted``:
        whether it counts among the entries taken or made again (``hits``, ``misses``: what the build reports)."""
        hits, misses = self.hits, self.misses
        found = self._get(name)
        if not counted:
            self.hits, self.misses = hits, misses
        return found

    def _get(self, name: str) -> Any:
        db = self._open()
        if db is None:
            self.misses += 1
            return None
        if self._fresh and name not in self._written:
            self.misses += 1
            return None
        import sqlite3

        try:
            row = db.execute("SELECT format, sha256, text, payload FROM entries WHERE name = ?", (name,)).fetchone()
            if row is None:
                raise ValueError("not kept")
            kind, digest, text, payload = row
            if text == IN_FILE:
                payload, text = self._file(name), 1
            if kind != FORMAT or not isinstance(payload, bytes) or digest != hashlib.sha256(payload).hexdigest():
                raise ValueError("not an entry of this cache")
            # A page is kept as its text (no JSON to escape and read back), anything else as JSON.
            data = payload.decode("utf-8") if text == 1 else json.loads(payload)
        except (sqlite3.Error, ValueError, UnicodeDecodeError, RecursionError, OSError) as exc:
            if isinstance(exc, sqlite3.DatabaseError) and not isinstance(exc, sqlite3.OperationalError):
                self._broken = True  # not a database (or a corrupt one): replaced by ``finish``
            self.misses += 1
            return None
        self.used.add(name)
        self.hits += 1
        return data

    def _file(self, name: str) -> bytes:
        """The bytes of the page kept as the file ``name`` (a regular file, never a link followed: OSError)."""
        flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
        handle = os.open(self.directory / PAGES / name, flags)
        with os.fdopen(handle, "rb") as file:
            if not stat.S_ISREG(os.fstat(file.fileno()).st_mode):
                raise OSError("not a file")
            return file.read()

    def keep(self, name: str) -> None:
        """Take the entry ``name`` as used without reading it (what it holds is in use elsewhere: a page of the
        last site, linked into the new one), so that ``finish`` keeps it."""
        if self._open() is not None:
            self.used.add(name)
            self.hits += 1

    def reject(self, name: str) -> None:
        """An entry read but found not to fit its documents: not taken after all (and made again)."""
        if name in self.used:
            self.used.discard(name)
            self.hits -= 1
            self.misses += 1

    def put(self, name: str, data: Any, *, file: Path | None = None) -> None:
        """Keep ``data`` (a text, as ``str`` or as its UTF-8 ``bytes``, or plain JSON) under ``name``; a cache that
        cannot be written is only a slower next build. ``file``: the file of the site just written with these
        bytes, kept as a second name of it rather than copied (a copy where the file system makes no links)."""
        db = self._open()
        if db is None:
            return
        import sqlite3

        text = int(isinstance(data, (str, bytes)))
        if isinstance(data, bytes):  # a page encoded once for the site and the cache (``get`` gives it as ``str``)
            payload = data
        elif isinstance(data, str):
            payload = data.encode("utf-8")
        else:
            payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        digest = hashlib.sha256(payload).hexdigest()
        if file is not None and text and self._linked(name, file):
            payload, text = b"", IN_FILE
        try:
            db.execute("INSERT OR REPLACE INTO entries VALUES (?, ?, ?, ?, ?)", (name, FORMAT, digest, text, payload))
            if self._fresh:
                self._written.add(name)
            self._pending += len(payload)
            if self._pending > COMMIT_BYTES:
                db.execute("COMMIT")
                db.execute("BEGIN")
                self._pending = 0
        except sqlite3.Error as exc:
            if isinstance(exc, sqlite3.DatabaseError) and not isinstance(exc, sqlite3.OperationalError):
                self._broken = True
            return
        self.used.add(name)

    def _linked(self, name: str, file: Path) -> bool:
        """Whether ``file`` is now in the cache as the page ``name`` too (a hard link: no byte copied)."""
        if not self._links:
            return False
        pages = self.directory / PAGES
        try:
            if not self._folder:
                pages.mkdir(exist_ok=True)
                self._folder = True
            try:
                os.link(file, pages / name, follow_symlinks=False)
            except FileExistsError:  # kept before, and made again (it did not fit its digest): replaced
                os.unlink(pages / name)
                os.link(file, pages / name, follow_symlinks=False)
        except OSError:
            self._links = False  # no links here (another file system, or none): a copy in the database
            return False
        return True

    def finish(self) -> None:
        """Keep what this build used and nothing else: the entries it did not use, and any other file in the cache
        directory (a stray file, the files of an older cache), are removed, so the cache holds one site's worth."""
        try:
            import sqlite3
        except ImportError:
            return  # no SQLite here: nothing was kept, and what another Python kept is left as it is

        db, self._db = self._db, None
        files: set[str] | None = None  # the pages kept as files that are still entries (None: not known)
        if db is not None:
            try:
                db.execute("CREATE TEMP TABLE used (name TEXT PRIMARY KEY) WITHOUT ROWID")
                db.executemany("INSERT OR IGNORE INTO used VALUES (?)", ((n,) for n in self.used))
                db.execute("DELETE FROM entries WHERE name NOT IN (SELECT name FROM used)")
                db.execute("COMMIT")
                files = {row[0] for row in db.execute("SELECT name FROM entries WHERE text = ?", (IN_FILE,))}
                free, pages = (db.execute(f"PRAGMA {what}").fetchone()[0] for what in ("freelist_count", "page_count"))
                if free * 2 > pages:  # more than half of the file is what earlier builds no longer use
                    db.execute("VACUUM")
            except sqlite3.Error as exc:
                if isinstance(exc, sqlite3.DatabaseError) and not isinstance(exc, sqlite3.OperationalError):
                    self._broken = True
            finally:
                db.close()
        if self._broken:
            files = set()
        folders = [(self.directory, set() if self._broken else {DATABASE})]
        if files is not None:
            folders.append((self.directory / PAGES, files))
        for folder, keep in folders:
            try:
                names = list(os.scandir(folder))
            except OSError:
                continue
            for entry in names:
                if entry.name not in keep and not entry.is_dir(follow_symlinks=False):
                    with contextlib.suppress(OSError):
                        os.unlink(entry.path)

    def close(self) -> None:
        """Keep what a build that did not finish wrote (the entries it did not use stay too, until a build finishes)."""
        db, self._db = self._db, None
        if db is not None:
            with contextlib.suppress(Exception):
                db.execute("COMMIT")
            db.close()


class _Invalid(ValueError):
    """A cache entry that does not fit the documents it is said to be about."""


class Texts:
    """The documents of a build, each named by a digest of its path and bytes, and its provisions by position."""

    def __init__(self, fingerprint: str) -> None:
        self.fingerprint = fingerprint
        self._keys: dict[int, tuple[Document, str]] = {}
        self._by_tuple: dict[int, Document] = {}
        self._walks: dict[int, tuple[list[Provision], dict[int, int]]] = {}
        self._same: dict[tuple[int, int], Change] = {}
        #: ``Pair(p, p)`` by the identity of ``p``, for the alignments read back (``_pairs``).
        self.kept_pairs: dict[int, Pair] = {}

    def add(self, doc: Document, name: str) -> None:
        """A document of the build and what it is made of (``Corpus.name``: a digest of its file, or of a
        proposal's file and its base's); a document without a name ('') names nothing."""
        if not name:
            return
        digest = hashlib.sha256(f"{doc.path}\0{doc.id}\0{name}".encode())
        self._keys[id(doc)] = (doc, digest.hexdigest())
        self._by_tuple[id(doc.provisions)] = doc

    def key(self, doc: Document) -> str | None:
        hit = self._keys.get(id(doc))
        return hit[1] if hit is not None and hit[0] is doc else None

    def document_of(self, provisions: Sequence[Provision]) -> Document | None:
        """The document whose provisions these are (an alignment of whole documents), if it is one of the build's."""
        doc = self._by_tuple.get(id(provisions))
        return doc if doc is not None and doc.provisions is provisions else None

    def name(self, kind: str, *docs: Document, extra: Iterable[str] = ()) -> str | None:
        """The name of an entry about these documents (None when one of them is not the build's)."""
        keys = [self.key(d) for d in docs]
        if any(k is None for k in keys):
            return None
        text = "\0".join([self.fingerprint, kind, *(k for k in keys if k), "\1", *extra])
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def _walk(self, doc: Document) -> tuple[list[Provision], dict[int, int]]:
        hit = self._walks.get(id(doc))
        if hit is None:
            provisions = list(doc.walk())
            hit = self._walks[id(doc)] = (provisions, {id(p): i for i, p in enumerate(provisions)})
        return hit

    def ref(self, doc: Document, p: Provision | None) -> int:
        """A provision of a document as its position in reading order (-1 for none)."""
        if p is None:
            return -1
        index = self._walk(doc)[1].get(id(p))
        if index is None:
            raise _Invalid(f"a provision that is not in {doc.id}")
        return index

    def same(self, old: Provision, new: Provision) -> Change:
        """The change of two provisions that read the same (as ``compare`` reports it), made once for the
        comparisons read back that have it: a hundred proposals' comparisons with the baseline repeat its
        revisions' provisions, as a clean build's comparisons share ``pair_changes``'."""
        key = (id(old), id(new))
        hit = self._same.get(key)
        if hit is None or hit.old is not old or hit.new is not new:
            hit = self._same[key] = Change(Status.UNCHANGED, ChangeClass.NONE, Part.TEXT, old, new,
                                           (Op(OpKind.EQUAL, old.text),))
        return hit

    def walk(self, doc: Document) -> list[Provision]:
        """A document's provisions in reading order (positions in it stand for provisions in the cache)."""
        return self._walk(doc)[0]


# -- alignments, comparisons: as plain data and back ----------------------------------------------------

def _pairs_data(texts: Texts, old: Document, new: Document, pairs: tuple[Pair, ...]) -> list[int]:
    out: list[int] = []
    for pair in pairs:
        out += [texts.ref(old, pair.old), texts.ref(new, pair.new), pair.moved + 2 * pair.own_only]
    return out


def _pairs(texts: Texts, old: Document, new: Document, data: object) -> tuple[Pair, ...]:
    if type(data) is not list or len(data) % 3:
        raise _Invalid("not an alignment")
    olds, news = texts.walk(old), texts.walk(new)
    out = []
    kept = texts.kept_pairs
    for k in range(0, len(data), 3):
        flags = data[k + 2]
        if type(flags) is not int or not 0 <= flags <= 3:
            raise _Invalid("not an alignment")
        mine, theirs = _at(olds, data[k]), _at(news, data[k + 1])
        if flags == 0 and mine is theirs and mine is not None:
            # A provision paired with itself (a text that shares it with the one it is aligned with: most of a
            # proposal's pairs with its base): one ``Pair`` for all the alignments read back that have it.
            hit = kept.get(id(mine))
            if hit is None or hit.old is not mine:
                hit = kept[id(mine)] = Pair(mine, mine)
            out.append(hit)
        else:
            out.append(Pair(mine, theirs, bool(flags & 1), bool(flags & 2)))
    return tuple(out)


_KINDS = {k.value: k for k in OpKind}
_STATUSES = {s.value: s for s in Status}
_CLASSES = {c.value: c for c in ChangeClass}
_PARTS = {p.value: p for p in Part}


def _strings(value: object) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _Invalid("not a list of strings")
    return tuple(value)


def _comparison_data(texts: Texts, c: Comparison) -> dict[str, Any]:
    return {"changes": [_change_data(texts, c.old, c.new, change) for change in c.changes], "notes": list(c.notes)}


def _change_data(texts: Texts, old: Document, new: Document, change: Change) -> list[Any]:
    """A change of a provision of ``old`` into one of ``new``, as plain data (``_change`` reads it back)."""
    own = None
    if change.old is not None and change.new is not None:
        own = change.old.heading if change.part is Part.HEADING else change.old.text
    ops_made = change.ops
    if own and len(ops_made) == 1 and ops_made[0].kind is OpKind.EQUAL and ops_made[0].text == own \
            and ops_made[0].by == "" and ops_made[0].also == ():  # ``== (Op(OpKind.EQUAL, own),)``, made no Op
        if change.status is Status.UNCHANGED and change.change_class is ChangeClass.NONE \
                and change.part is Part.TEXT and not change.rules and not change.moved and not change.own_only:
            # A provision that reads the same (most of a comparison with a revision or a proposal): its two
            # positions, read back as ``Texts.same`` makes it.
            return [texts.ref(old, change.old), texts.ref(new, change.new)]
        ops: object = 0  # the old side's words, kept whole: the bulk of a comparison of two long texts
    else:
        ops = [[op.kind.value, op.text, op.by, list(op.also)] for op in change.ops]
    return [change.status.value, change.change_class.value, change.part.value, texts.ref(old, change.old),
            texts.ref(new, change.new), ops, list(change.rules), change.moved, change.own_only]


def _at(provisions: list[Provision], ref: object) -> Provision | None:
    """The provision at a position of a reading order (-1: none); any other value is invalid."""
    if type(ref) is int and 0 <= ref < len(provisions):
        return provisions[ref]
    if ref == -1 and type(ref) is int:
        return None
    raise _Invalid(f"no provision {ref!r}")


def _comparison(texts: Texts, old: Document, new: Document, layers: tuple[Document, ...], data: object) -> Comparison:
    if not isinstance(data, dict) or not isinstance(data.get("changes"), list):
        raise _Invalid("not a comparison")
    olds, news = texts.walk(old), texts.walk(new)
    changes = tuple(_change(texts, olds, news, item) for item in data["changes"])
    return Comparison(old, new, changes, layers=layers, notes=_strings(data.get("notes")))


def _change(texts: Texts, olds: list[Provision], news: list[Provision], item: object) -> Change:
    """``_change_data`` read back, on the provisions of the two texts in reading order."""
    if type(item) is list and len(item) == 2:
        mine, theirs = _at(olds, item[0]), _at(news, item[1])
        if mine is None or theirs is None:
            raise _Invalid("the same words without two sides")
        return texts.same(mine, theirs)
    if type(item) is not list or len(item) != 9:
        raise _Invalid("not a change")
    status, klass, part, old_ref, new_ref, ops_data, rules, moved, own_only = item
    if status not in _STATUSES or klass not in _CLASSES or part not in _PARTS or type(moved) is not bool \
            or type(own_only) is not bool:
        raise _Invalid("not a change")
    mine, theirs = _at(olds, old_ref), _at(news, new_ref)
    if type(ops_data) is int:
        if ops_data != 0 or mine is None or theirs is None:
            raise _Invalid("kept words without two sides")
        ops: tuple[Op, ...] = (Op(OpKind.EQUAL, mine.heading if _PARTS[part] is Part.HEADING else mine.text),)
    elif type(ops_data) is list:
        built = []
        for op in ops_data:
            if type(op) is not list or len(op) != 4 or op[0] not in _KINDS or type(op[1]) is not str \
                    or type(op[2]) is not str:
                raise _Invalid("not an op")
            built.append(Op(_KINDS[op[0]], op[1], op[2], _strings(op[3]) if op[3] else ()))
        ops = tuple(built)
    else:
        raise _Invalid("not the ops of a change")
    return Change(_STATUSES[status], _CLASSES[klass], _PARTS[part], mine, theirs, ops,
                  _strings(rules) if rules else (), moved, own_only)


class CachedAlignments(Alignments):
    """``Alignments`` whose alignments and comparisons of whole documents are kept in the build cache."""

    def __init__(self, store: Store, texts: Texts) -> None:
        super().__init__()
        self.store = store
        self.texts = texts
        #: Pairs of documents (by identity, each kept with its two) whose flat comparison is made only on the way to
        #: one attributed along a chain of texts, which ``layered`` keeps: not kept itself (nor looked for), since a
        #: build that finds the attributed one never asks for it. The proposals' comparisons with the baseline are
        #: a tenth of the cache, and writing them twice a tenth of the build.
        self.passing: dict[tuple[int, int], tuple[Document, Document]] = {}

    def __call__(self, old: Sequence[Provision], new: Sequence[Provision]) -> tuple[Pair, ...]:
        if self.known(old, new):
            return super().__call__(old, new)
        a, b = self.texts.document_of(old), self.texts.document_of(new)
        name = self.texts.name("alignment", a, b) if a is not None and b is not None else None
        if a is None or b is None or name is None:
            return super().__call__(old, new)
        kept = self.store.get(name)
        if kept is not None:
            try:
                return self.remember(old, new, _pairs(self.texts, a, b, kept))
            except _Invalid:
                self.store.reject(name)
        pairs = super().__call__(old, new)
        with contextlib.suppress(_Invalid):
            self.store.put(name, _pairs_data(self.texts, a, b, pairs))
        return pairs

    def main_line(self, start_doc: Document, start: Provision, mainline: Sequence[Document]) -> list[Step]:
        """A provision's history through the texts of the main line, kept: named by those texts, the one it
        starts from and its place there; each step as the place of the provision in its text (-1: none), how it
        was found, and its changes."""
        texts = self.texts
        try:
            name = texts.name("main line", start_doc, *mainline, extra=[start.eid, str(texts.ref(start_doc, start))])
        except _Invalid:
            name = None
        if name is None:
            return super().main_line(start_doc, start, mainline)
        kept = self.store.get(name)
        if kept is not None:
            try:
                return _steps(texts, mainline, kept)
            except _Invalid:
                self.store.reject(name)
        made = super().main_line(start_doc, start, mainline)
        with contextlib.suppress(_Invalid):
            data: list[Any] = []
            before: Document | None = None
            for step in made:
                data.append([texts.ref(step.document, step.provision), step.match,
                             [_change_data(texts, before, step.document, c) for c in step.changes]
                             if before is not None else []])
                before = step.document
            self.store.put(name, data)
        return made

    def follow(self, src: Document, p: Provision, dst: Document) -> tuple[Provision | None, str]:
        """Where a provision of one text is in another, and how it was found, kept: named by the two texts and the
        provision's place; as its place in the other text (-1: none) and how."""
        texts = self.texts
        try:
            name = texts.name("follow", src, dst, extra=[p.eid, str(texts.ref(src, p))])
        except _Invalid:
            name = None
        if name is None:
            return super().follow(src, p, dst)
        kept = self.store.get(name)
        if kept is not None:
            try:
                if type(kept) is not list or len(kept) != 2 or kept[1] not in _MATCHES:
                    raise _Invalid("not where a provision was followed to")
                found = _at(texts.walk(dst), kept[0])
                if (found is None) != (kept[1] == "absent"):
                    raise _Invalid("not where a provision was followed to")
                return found, kept[1]
            except _Invalid:
                self.store.reject(name)
        q, how = super().follow(src, p, dst)
        with contextlib.suppress(_Invalid):
            self.store.put(name, [texts.ref(dst, q), how])
        return q, how

    def comparison(self, old: Document, new: Document) -> Comparison:
        if self.compared(old, new):
            return super().comparison(old, new)
        passing = self.passing.get((id(old), id(new)))
        if passing is not None and passing[0] is old and passing[1] is new:
            return super().comparison(old, new)
        name = self.texts.name("comparison", old, new)
        if name is not None:
            kept = self.store.get(name)
            if kept is not None:
                try:
                    return self.remember_comparison(_comparison(self.texts, old, new, (), kept))
                except _Invalid:
                    self.store.reject(name)
        made = super().comparison(old, new)
        if name is not None:
            with contextlib.suppress(_Invalid):
                self.store.put(name, _comparison_data(self.texts, made))
        return made


def _steps(texts: Texts, mainline: Sequence[Document], data: object) -> list[Step]:
    """``CachedAlignments.main_line``'s data read back."""
    if type(data) is not list or len(data) != len(mainline):
        raise _Invalid("not the steps of a main line")
    steps: list[Step] = []
    before: Document | None = None
    for doc, item in zip(mainline, data, strict=True):
        if type(item) is not list or len(item) != 3 or item[1] not in _MATCHES or type(item[2]) is not list:
            raise _Invalid("not a step")
        provision = _at(texts.walk(doc), item[0])
        if before is None:
            if item[2]:
                raise _Invalid("changes in a first step")
            changes: tuple[Change, ...] = ()
        else:
            olds, news = texts.walk(before), texts.walk(doc)
            changes = tuple(_change(texts, olds, news, c) for c in item[2])
        steps.append(Step(doc, provision, before.id if before is not None else "", changes, item[1]))
        before = doc
    return steps


#: How a history finds a provision in a text.
_MATCHES = frozenset({"start", "aligned", "structure", "wording", "absent"})


def layered(store: Store, texts: Texts, old: Document, new: Document, chain: Sequence[Document], note: str,
            make: Any) -> Comparison:
    """``make()`` (``compare_layers`` of ``old`` and ``new`` through ``chain``), kept in the cache by the texts of
    the chain and the note it carries."""
    name = texts.name("layers", old, new, *chain, extra=[note])
    if name is not None:
        kept = store.get(name)
        if kept is not None:
            try:
                positions = kept.get("layers") if isinstance(kept, dict) else None
                if not isinstance(positions, list) or not all(type(i) is int and 0 <= i < len(chain)
                                                              for i in positions):
                    raise _Invalid("not the layers of a chain")
                return _comparison(texts, old, new, tuple(chain[i] for i in positions), kept)
            except _Invalid:
                store.reject(name)
    made: Comparison = make()
    if name is not None:
        by_id = {id(d): i for i, d in enumerate(chain)}
        if all(id(d) in by_id for d in made.layers):
            with contextlib.suppress(_Invalid):
                store.put(name, {**_comparison_data(texts, made), "layers": [by_id[id(d)] for d in made.layers]})
    return made
