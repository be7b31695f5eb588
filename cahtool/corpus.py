"""The corpus: the documents of a drafts directory, addressed by short id or path, proposals consolidated.

A proposal (an ``<amendment>`` file) is a document like any other: ``get("slave-trade")`` returns its
consolidated text (the base with the proposal applied), carrying the proposal's id, title, date,
proponents, supporters, provenance, source and ``base``. So every command that takes a document takes a
proposal too (``cahtool diff ilc-2019 slave-trade``).
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from cahtool.akn import Subtrees, load_bytes, load_tree, parse_bytes, read_bytes, serialise
from cahtool.errors import AmendmentError, InputError, UnknownDocumentError
from cahtool.model import Document, Mark, Party, Progress, Provision

if TYPE_CHECKING:  # the amendment engine loads when a proposal is first applied: most commands read drafts only
    from cahtool.amend import Amendment, Blocks, Conflict, Moved

#: Where the corpus lives unless ``--drafts`` or ``CAHTOOL_DRAFTS`` says otherwise.
DEFAULT_DRAFTS = "drafts"
#: How many bases are kept parsed while their proposals are applied (each a tree of a whole text).
PARSED_BASES = 4


#: Why a symbolic link in the drafts directory that leads outside it is not read.
OUTSIDE_LINK = ("a symbolic link to a file outside the drafts directory: refused (nothing outside the drafts "
                "directory is read, published or quoted); copy the file in instead")


def escapes(path: str | Path, root: str | Path) -> bool:
    """True when ``path`` lies in the drafts directory ``root`` but leads, through a symbolic link, outside it."""
    try:
        if not Path(os.path.abspath(path)).is_relative_to(os.path.abspath(root)):
            return False  # a file named on the command line, outside the corpus: the user's own choice
        return not Path(os.path.realpath(path)).is_relative_to(os.path.realpath(root))
    except (OSError, ValueError):
        return False


def drafts_dir(option: str | None = None) -> Path:
    """The corpus directory: the ``--drafts`` option, else ``$CAHTOOL_DRAFTS``, else ``drafts/``."""
    return Path(option or os.environ.get("CAHTOOL_DRAFTS") or DEFAULT_DRAFTS)


def corpus_files(root: str | Path) -> list[Path]:
    """The drafts directory's own ``.xml`` files, sorted: in it and in its subdirectories (``proposals/``).

    Hidden directories (``.git``) and links to directories are not entered, so a corpus is what its folder
    holds; a link to a file is listed (``Corpus`` refuses one that leads outside the folder).
    """
    root = Path(root)
    out: list[Path] = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not os.path.islink(os.path.join(folder, d)))
        out.extend(Path(folder, name) for name in files if name.endswith(".xml"))
    return sorted(p for p in out if p.is_file())


class Keeper(Protocol):
    """Somewhere what a run made is kept for the next (the site's build cache: consolidated texts, the files of a
    search bundle): a payload by name, or None; ``reject`` takes back a payload read that proved unfit."""

    def get(self, name: str) -> Any: ...

    def put(self, name: str, data: Any) -> None: ...

    def reject(self, name: str) -> None: ...


@dataclass
class Corpus:
    """The documents of a drafts directory, loaded once each, addressed by short id or by path."""

    root: Path
    _raw: dict[str, Document] = field(default_factory=dict)
    _data: dict[str, bytes] = field(default_factory=dict)
    _errors: dict[str, InputError] = field(default_factory=dict)
    _scanned: bool = False
    _consolidated: dict[tuple[str, ...], bytes] = field(default_factory=dict)
    _moved: dict[tuple[str, ...], tuple[Moved, ...]] = field(default_factory=dict)
    _documents: dict[str, Document] = field(default_factory=dict)
    _applying: set[tuple[str, ...]] = field(default_factory=set)
    _listed: list[str] = field(default_factory=list)
    _ids: dict[str, Document] | None = None
    _drafts: list[Document] | None = None
    _keeper: Keeper | None = None
    _fingerprint: str = ""
    _digests: dict[str, str] = field(default_factory=dict)
    _base_places: dict[str, Places] = field(default_factory=dict)
    #: The last bases proposals were applied to, parsed (by path): a hundred proposals on one base parse it once.
    _parsed: dict[str, Any] = field(default_factory=dict)
    #: Provisions by their markup, once ``share`` is asked: a consolidated proposal takes its base's, a revision its
    #: predecessor's.
    _subtrees: Subtrees | None = None

    def __post_init__(self) -> None:
        self.root = Path(self.root)  # a str is as good a directory name as a Path

    def keep(self, keeper: Keeper, fingerprint: str) -> None:
        """Take each proposal's consolidated text from ``keeper`` when it holds it, and keep it there when made.

        The text is kept as the document it loads as (``document_data``: the provisions it shares with its base
        named by their place in the base, the others whole), under ``name``: the SHA-256 of the proposal's file
        (path and bytes), its base's name and ``fingerprint`` (which cahtool made it). A changed proposal, base or
        cahtool gives another name, so what is found is what applying the proposal again and loading the result
        would give (a build after one new proposal applies and parses that proposal only; the others' texts of a
        long convention are neither applied nor parsed again).
        """
        self._keeper, self._fingerprint = keeper, fingerprint
        self._digests.clear()  # the names of proposals include the fingerprint

    def name(self, ref: str) -> str:
        """What a document is made of, as a digest: its file's bytes; for a proposal, its file's and its base's
        names and the fingerprint ``keep`` was given (its consolidated text is made of these alone). Named
        without applying the proposal; '' for a proposal that is, through its bases, based on itself."""
        return self._name(self.raw(ref), ())

    def _name(self, raw: Document, seen: tuple[str, ...]) -> str:
        hit = self._digests.get(raw.path)
        if hit is not None:
            return hit
        data = self._data[raw.path]
        import hashlib  # here: a diff names no document (and loads no hashing)

        if not _is_amendment(raw):
            hit = hashlib.sha256(data).hexdigest()
        else:
            if raw.path in seen:
                return ""
            base = self._name(self._base(raw), (*seen, raw.path))
            if not base:
                return ""
            digest = hashlib.sha256(f"{self._fingerprint}\0consolidated\0{raw.path}\0{len(data)}\0".encode())
            digest.update(data)
            digest.update(f"\1{base}".encode())
            hit = digest.hexdigest()
        self._digests[raw.path] = hit
        return hit

    def share(self) -> None:
        """Let the documents loaded from now on share the provisions they repeat (``akn.load.Subtrees``).

        For a run that loads many texts that repeat one another (a site: a hundred proposals on one base, each
        revision of a convention). Two texts that differ all through (a ``diff`` of two unrelated documents) would
        only pay for it: hashing every provision's markup costs about a fifth of loading it.
        """
        if self._subtrees is None:
            self._subtrees = Subtrees()

    def files(self) -> list[Path]:
        """Every ``.xml`` file of the drafts directory, sorted (subdirectories such as proposals/ included)."""
        if not self.root.is_dir():
            return []
        return corpus_files(self.root)

    # -- raw files -------------------------------------------------------------------------------
    def _load(self, path: Path) -> Document:
        key = str(path)
        if key not in self._raw:
            if escapes(path, self.root):
                raise InputError(OUTSIDE_LINK, path=key)
            data = read_bytes(path)
            self._raw[key] = load_bytes(data, key, self._subtrees)
            self._data[key] = data
        return self._raw[key]

    def _scan(self) -> None:
        """Read every file of the drafts directory once; a directory that holds no corpus is an error."""
        if self._scanned:
            return
        where = str(self.root)
        if not self.root.exists():
            raise InputError("no such drafts directory: give --drafts DIR (or set CAHTOOL_DRAFTS) to name the "
                             "folder of Akoma Ntoso drafts", path=where)
        if not self.root.is_dir():
            raise InputError("not a directory: --drafts names the folder of Akoma Ntoso drafts", path=where)
        files = self.files()
        if not files:
            raise InputError("the drafts directory holds no .xml file: not a corpus (give --drafts DIR)", path=where)
        for path in files:
            try:
                self._load(path)
                self._listed.append(str(path))
            except InputError as exc:
                self._errors[str(path)] = exc
        if not self._listed:
            # The file's own error leads (its path and line, as for any bad input), then why nothing is left.
            first = next(iter(self._errors.values()))
            which = (f"the only .xml file of {where}, which holds no readable Akoma Ntoso draft" if len(files) == 1
                     else f"none of the {len(files)} .xml files of {where} is a readable Akoma Ntoso draft")
            raise type(first)(f"{first.detail} ({which}: not a corpus)", path=first.path, line=first.line)
        self._scanned = True

    def _raw_ids(self) -> dict[str, Document]:
        """The files of the drafts directory by id (a file opened by path elsewhere is not listed).

        Two files with one short id are an error, whatever the command: which one ``ilc-2019`` meant would
        otherwise depend on the order of a directory listing. Made once: the directory is read once (``_scan``),
        and every lookup by id comes here (a site looks up each proposal's base).
        """
        self._scan()
        if self._ids is not None:
            return self._ids
        out: dict[str, Document] = {}
        for path in sorted(self._listed):
            doc = self._raw[path]
            if doc.id in out:
                raise InputError(f"short id {doc.id!r} is the id of two files, {out[doc.id].path} and {path}: "
                                 "give one of them another id (<FRBRalias name=\"cahtool\">)")
            out[doc.id] = doc
        self._ids = out
        return out

    def raw(self, ref: str) -> Document:
        """The document as its file says: for a proposal, the ``<amendment>`` itself (no provisions)."""
        if ref.endswith(".xml") or os.sep in ref or Path(ref).is_file():
            return self._load(Path(ref))
        docs = self._raw_ids()
        if ref in docs:
            return docs[ref]
        known = ", ".join(sorted(docs)) or "none"
        hint = ""
        if self._errors:
            hint = f"; unreadable: {next(iter(self._errors.values())).format()}"
        raise UnknownDocumentError(f"unknown document id {ref!r} in {self.root}/ (known: {known}){hint}")

    def sources(self, *refs: str) -> list[Path]:
        """The files these documents are read from: each one's own, and for a proposal its base's (and theirs)."""
        out: list[Path] = []
        for ref in refs:
            raw = self.raw(ref)
            while True:
                if Path(raw.path) in out:
                    break
                out.append(Path(raw.path))
                if not _is_amendment(raw):
                    break
                raw = self._base(raw)
        return out

    def loaded(self) -> list[Path]:
        """Every file this corpus has read so far."""
        return [Path(p) for p in self._raw]

    # -- documents (proposals consolidated) -------------------------------------------------------
    def get(self, ref: str) -> Document:
        """The document named by a short id (``ilc-2019``) or by a path; a proposal as consolidated text."""
        raw = self.raw(ref)
        if not _is_amendment(raw):
            return raw
        if raw.path not in self._documents:
            doc = self._kept(raw)
            if doc is None:
                key = (raw.path,)
                if key in self._consolidated:
                    doc = load_bytes(self._consolidated[key], raw.path, self._subtrees)
                else:  # loaded from the tree as applied: its bytes are made only when asked for (``xml``)
                    doc = load_tree(self._applied([raw]), raw.path, self._subtrees)
                self._keep(raw, doc)
            self._documents[raw.path] = doc
        return self._documents[raw.path]

    def _entry(self, raw: Document) -> str:
        """The name of a proposal's document in the keeper ('' when it has none: see ``name``)."""
        name = self.name(raw.path) if self._keeper is not None else ""
        if not name:
            return ""
        import hashlib

        return hashlib.sha256(f"{name}\0document".encode()).hexdigest()

    def _kept(self, raw: Document) -> Document | None:
        """A proposal's consolidated document as the keeper holds it, on its base's provisions; None when it does
        not (or holds what does not read as one)."""
        name = self._entry(raw)
        if self._keeper is None or not name:
            return None
        found = self._keeper.get(name)
        if found is None:
            return None
        try:
            # The entry names itself (a row copied under another name is not taken), and the document it holds is
            # the proposal's, on the proposal's base, as consolidating says (``amend.consolidated``).
            if not isinstance(found, dict) or found.get("name") != name:
                raise ValueError("another entry")
            doc = document_from_data(found, self._places(raw))
            if (doc.id, doc.path, doc.base) != (raw.id, raw.path, raw.base):
                raise ValueError("another document")
            return doc
        except (TypeError, ValueError, IndexError, KeyError, RecursionError):
            self._keeper.reject(name)  # read, but not what it says: made again
            return None

    def _places(self, raw: Document) -> Places:
        """The places of a proposal's base (made once for all the proposals on it)."""
        base = self.get(raw.base)
        hit = self._base_places.get(base.path)
        if hit is None or hit.base is not base:
            hit = self._base_places[base.path] = Places(base)
        return hit

    def _keep(self, raw: Document, doc: Document) -> None:
        """Keep a proposal's document, just made, for the next run."""
        name = self._entry(raw)
        if self._keeper is None or not name:
            return
        try:
            self._keeper.put(name, {**document_data(doc, self._places(raw)), "name": name})
        except (UnicodeEncodeError, ValueError, RecursionError):
            pass  # not kept: only what reads back as it is

    def xml(self, ref: str) -> bytes:
        """The Akoma Ntoso of a document: its file, or for a proposal its consolidated text."""
        raw = self.raw(ref)
        if not _is_amendment(raw):
            return self._data[raw.path]
        return self.consolidated_xml([raw.path])

    def consolidated_xml(self, refs: Sequence[str]) -> bytes:
        """The consolidated text of one or several proposals on one base, as Akoma Ntoso bytes."""
        proposals = [self._proposal(ref) for ref in refs]
        key = tuple(p.path for p in proposals)
        if key not in self._consolidated:
            self._consolidated[key] = serialise(self._applied(proposals))
        return self._consolidated[key]

    def _applied(self, proposals: Sequence[Document]) -> Any:
        """Proposals on one base applied to it: the consolidated text as an lxml tree (what was numbered otherwise
        kept for ``moved``)."""
        key = tuple(p.path for p in proposals)
        bases = {p.base for p in proposals}
        if len(bases) > 1:
            listed = ", ".join(f"{p.id} on {p.base}" for p in proposals)
            raise AmendmentError(f"proposals on different bases cannot apply together ({listed})")
        if key in self._applying:
            raise AmendmentError(f"proposal {proposals[0].id} is, through its bases, based on itself",
                                 path=proposals[0].path)
        self._applying.add(key)
        from cahtool.amend import consolidated_tree

        try:
            base = self._base(proposals[0])
            base_xml = self.xml(base.path)
            tree, self._moved[key] = consolidated_tree([(self._data[p.path], p.path) for p in proposals],
                                                       self._parsed_base(base.path, base_xml), base.path)
        finally:
            self._applying.discard(key)
        return tree

    def _parsed_base(self, path: str, data: bytes) -> Any:
        """A base's text parsed (an lxml tree, which ``apply_amendments`` copies), kept for the next proposals."""
        tree = self._parsed.get(path)
        if tree is None:
            if len(self._parsed) >= PARSED_BASES:
                del self._parsed[next(iter(self._parsed))]
            tree = self._parsed[path] = parse_bytes(data, path)
        return tree

    def moved(self, refs: Sequence[str]) -> tuple[Moved, ...]:
        """The provisions numbered otherwise than a proposal said, when these proposals renumber one list in turn."""
        key = tuple(self._proposal(ref).path for ref in refs)
        if key not in self._moved:
            self.consolidated_xml(refs)
        return self._moved[key]

    def consolidate(self, refs: Sequence[str]) -> Document:
        """Several proposals applied together to their common base (one proposal: same as ``get``)."""
        if len(refs) == 1:
            return self.get(refs[0])
        proposals = [self._proposal(ref) for ref in refs]
        return load_bytes(self.consolidated_xml(refs), proposals[0].path, self._subtrees)

    def amendment(self, ref: str) -> Amendment:
        """A proposal's instructions as plain data."""
        from cahtool.amend import read_amendment_bytes

        raw = self._proposal(ref)
        return read_amendment_bytes(self._data[raw.path], raw.path)

    def conflicts(self, refs: Sequence[str]) -> tuple[Conflict, ...]:
        """Every pair of instructions of these proposals (one base) that cannot apply together."""
        from cahtool.amend import find_conflicts_bytes

        on_base = self._on_one_base(refs)
        return find_conflicts_bytes(*on_base) if on_base is not None else ()

    def conflict_blocks(self, refs: Sequence[str]) -> Blocks:
        """``conflicts`` as ``amend.Blocks``: a class of alike proposals at a time, not a pair at a time."""
        from cahtool.amend import Blocks, find_conflict_blocks_bytes

        on_base = self._on_one_base(refs)
        return find_conflict_blocks_bytes(*on_base) if on_base is not None else Blocks((), (), {}, {})

    def _on_one_base(self, refs: Sequence[str]) -> tuple[list[tuple[bytes, str]], bytes, str] | None:
        """The proposals on the first one's base (their bytes and paths), the base's bytes and path; None for none."""
        proposals = [self._proposal(ref) for ref in refs]
        if not proposals:
            return None
        base = self._base(proposals[0])
        return [(self._data[p.path], p.path) for p in proposals if p.base == base.id], self.xml(base.path), base.path

    def proposals(self, base: str | None = None, progress: Progress | None = None) -> list[Document]:
        """Every proposal (consolidated), or those on one base, sorted by date then id (``progress`` hears of each
        proposal read: each is applied to its base)."""
        out = []
        base_id = self.get(base).id if base else None
        raw = [doc for doc in self._raw_ids().values()
               if _is_amendment(doc) and (base_id is None or doc.base == base_id)]
        for done, doc in enumerate(raw, 1):
            out.append(self.get(doc.path))
            if progress is not None:
                progress("reading", done, len(raw))
        return sorted(out, key=lambda d: (d.date, d.id))

    def _proposal(self, ref: str) -> Document:
        raw = self.raw(ref)
        if not _is_amendment(raw):
            raise AmendmentError(f"{raw.id} is not an amendment proposal (it is <{raw.kind}>)", path=raw.path)
        return raw

    def _base(self, proposal: Document) -> Document:
        try:
            return self.raw(proposal.base)
        except UnknownDocumentError as exc:
            raise UnknownDocumentError(f"proposal {proposal.id} is based on {proposal.base!r}, which is not in "
                                       f"the corpus: {exc.detail}", path=proposal.path) from None

    # -- the whole corpus ---------------------------------------------------------------------------
    def documents(self, progress: Progress | None = None) -> list[Document]:
        """Every document (proposals consolidated), sorted by date then id; unreadable files raise.

        ``progress`` hears of each document as it is read (a proposal is applied to its base to be read).
        """
        self._raw_ids()
        if self._errors:
            raise next(iter(self._errors.values()))
        paths = sorted(self._listed)
        docs = []
        for done, path in enumerate(paths, 1):
            docs.append(self.get(path))
            if progress is not None:
                progress("reading", done, len(paths))
        return sorted(docs, key=lambda d: (d.date, d.id))

    def drafts(self) -> list[Document]:
        """Every readable document that is not a proposal, sorted by date then id (no proposal is applied)."""
        if self._drafts is None:
            self._drafts = sorted((d for d in self._raw_ids().values() if not d.is_proposal),
                                  key=lambda d: (d.date, d.id))
        return list(self._drafts)

    def ids(self) -> dict[str, Document]:
        """Short id → document (proposals consolidated), for every readable document."""
        return {doc_id: self.get(doc.path) for doc_id, doc in self._raw_ids().items()}

    def __iter__(self) -> Iterator[Document]:
        return iter(self.documents())


def _is_amendment(doc: Document) -> bool:
    return doc.kind == "amendment"




# -- a consolidated document as plain data (the build cache keeps proposals' texts so) ------------------------

#: The fields of a document that are text, in order (its parties and provisions follow).
_TEXT_FIELDS = ("id", "path", "kind", "name", "uri", "work_uri", "title", "date", "symbol", "source", "verification",
                "verification_note", "status", "status_date", "base", "provenance")
_PARTIES = ("authors", "proponents", "supporters")


class Places:
    """A base's provisions in reading order, each with where its subtree ends (made once for all the proposals on
    it)."""

    def __init__(self, base: Document) -> None:
        self.base = base
        self.walked: list[Provision] = list(base.walk())
        self.ends: list[int] = [0] * len(self.walked)
        self._fill(base.provisions, 0)
        self._index: dict[int, int] | None = None

    def _fill(self, provisions: tuple[Provision, ...], at: int) -> int:
        """Each subtree's end: the place of the first provision after it in reading order."""
        for p in provisions:
            start = at
            at = self._fill(p.children, at + 1)
            self.ends[start] = at
        return at

    def index(self) -> dict[int, int]:
        """The place of each of the base's provisions, by identity."""
        if self._index is None:
            self._index = {id(p): i for i, p in enumerate(self.walked)}
        return self._index


def document_data(doc: Document, places: Places) -> dict[str, Any]:
    """A document as plain data (JSON), on its base (``places``): a provision that is the base's own (the same
    object: a proposal's text shares with its base what it leaves as it was) is its place in the base's reading
    order, any other its fields, its children so in turn. ``document_from_data`` gives back an equal document whose
    provisions are the base's where this one's are."""
    index = places.index()
    return {
        "text": [getattr(doc, f) for f in _TEXT_FIELDS],
        "parties": [[[x.eid, x.name, x.href, x.kind] for x in getattr(doc, f)] for f in _PARTIES],
        "provisions": [_provision_data(p, index) for p in doc.provisions],
    }


def _provision_data(p: Provision, index: dict[int, int]) -> object:
    """``document_data`` of one provision: its place in the base, or its fields and its children's data (a function
    of its own, not a closure that calls itself: a cycle, which kept the base's index; ``tests/test_cycles.py``)."""
    place = index.get(id(p))
    if place is not None:
        return place
    return [p.eid, p.tag, p.num, p.heading, p.text, p.label, [_provision_data(c, index) for c in p.children],
            [[m.tag, m.start, m.end] for m in p.marks], p.omitted, p.wrap_up]


def document_from_data(data: Any, places: Places) -> Document:
    """``document_data`` read back on the same base; TypeError, ValueError or IndexError for anything else."""
    walked, ends = places.walked, places.ends
    taken: list[tuple[int, int]] = []  # a place of the base is taken once: a position in a document is one provision
    text = _text

    def provision(value: object) -> Provision:
        return _provision_from_data(value, walked, ends, taken)

    if not isinstance(data, dict):
        raise TypeError("not a document")
    fields, parties, provisions = data["text"], data["parties"], data["provisions"]
    if (not isinstance(fields, list) or len(fields) != len(_TEXT_FIELDS) or not isinstance(parties, list)
            or len(parties) != len(_PARTIES) or not isinstance(provisions, list)):
        raise TypeError("not a document")
    made_parties: dict[str, Any] = {}
    for name, listed in zip(_PARTIES, parties, strict=True):
        if not isinstance(listed, list) or not all(isinstance(x, list) and len(x) == 4 for x in listed):
            raise TypeError("not a party")
        made_parties[name] = tuple(Party(*map(text, x)) for x in listed)
    kwargs: dict[str, Any] = {f: text(v) for f, v in zip(_TEXT_FIELDS, fields, strict=True)}
    doc = Document(**kwargs, **made_parties, provisions=tuple(provision(p) for p in provisions))
    taken.sort()
    if any(later[0] < earlier[1] for earlier, later in itertools.pairwise(taken)):
        raise ValueError("a place of the base taken twice")
    return doc


def _text(value: object) -> str:
    """A text of ``document_data``; TypeError for anything else."""
    if not isinstance(value, str):
        raise TypeError("not a text")
    return value


def _provision_from_data(value: object, walked: list[Provision], ends: list[int],
                         taken: list[tuple[int, int]]) -> Provision:
    """``document_from_data`` of one provision (a function of its own, not a closure that calls itself: a cycle,
    which kept the base's provisions; ``tests/test_cycles.py``)."""
    if isinstance(value, int) and not isinstance(value, bool):
        if value < 0:
            raise IndexError("not a place of the base")
        found = walked[value]
        taken.append((value, ends[value]))
        return found
    if not isinstance(value, list) or len(value) != 10:
        raise TypeError("not a provision")
    eid, tag, num, heading, words, label, children, marks, omitted, wrap_up = value
    if not isinstance(children, list) or not isinstance(marks, list) or not isinstance(omitted, bool):
        raise TypeError("not a provision")
    made = []
    for m in marks:
        if (not isinstance(m, list) or len(m) != 3 or type(m[1]) is not int or type(m[2]) is not int):
            raise TypeError("not a mark")
        made.append(Mark(_text(m[0]), m[1], m[2]))
    return Provision(_text(eid), _text(tag), _text(num), _text(heading), _text(words), _text(label),
                     tuple(_provision_from_data(c, walked, ends, taken) for c in children), tuple(made), omitted,
                     _text(wrap_up))
