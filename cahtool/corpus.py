"""The corpus: the documents of a drafts directory, addressed by short id or path, proposals consolidated.

A proposal (an ``<amendment>`` file) is a document like any other: ``get("slave-trade")`` returns its
consolidated text (the base with the proposal applied), carrying the proposal's id, title, date,
proponents, supporters, provenance, source and ``base``. So every command that takes a document takes a
proposal too (``cahtool diff ilc-2019 slave-trade``).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from cahtool.akn import Subtrees, load_bytes, parse_bytes, read_bytes
from cahtool.errors import AmendmentError, InputError, UnknownDocumentError
from cahtool.model import Document, Progress

if TYPE_CHECKING:  # the amendment engine loads when a proposal is first applied: most commands read drafts only
    from cahtool.amend import Amendment, Conflict, Moved

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
    search bundle): a payload by name, or None."""

    def get(self, name: str) -> Any: ...

    def put(self, name: str, data: Any) -> None: ...


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
    #: The last bases proposals were applied to, parsed (by path): a hundred proposals on one base parse it once.
    _parsed: dict[str, Any] = field(default_factory=dict)
    #: Provisions by their markup, once ``share`` is asked: a consolidated proposal takes its base's, a revision its
    #: predecessor's.
    _subtrees: Subtrees | None = None

    def __post_init__(self) -> None:
        self.root = Path(self.root)  # a str is as good a directory name as a Path

    def keep(self, keeper: Keeper, fingerprint: str) -> None:
        """Take each proposal's consolidated text from ``keeper`` when it holds it, and keep it there when made.

        The text is named by the SHA-256 of the proposal's file (path and bytes), its base's text and
        ``fingerprint`` (which cahtool made it): a changed proposal, base or cahtool gives another name, so what
        is found is what applying the proposal again would give, byte for byte (a build after one new proposal
        applies that proposal only). Only texts of one proposal that renumbers nothing in turn are kept.
        """
        self._keeper, self._fingerprint = keeper, fingerprint

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
            self._documents[raw.path] = load_bytes(self.xml(raw.path), raw.path, self._subtrees)
        return self._documents[raw.path]

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
            bases = {p.base for p in proposals}
            if len(bases) > 1:
                listed = ", ".join(f"{p.id} on {p.base}" for p in proposals)
                raise AmendmentError(f"proposals on different bases cannot apply together ({listed})")
            if key in self._applying:
                raise AmendmentError(f"proposal {proposals[0].id} is, through its bases, based on itself",
                                     path=proposals[0].path)
            self._applying.add(key)
            from cahtool.amend import apply_amendments

            try:
                base = self._base(proposals[0])
                base_xml = self.xml(base.path)
                name = self._kept_name(proposals, base_xml)
                kept = self._keeper.get(name) if self._keeper is not None and name else None
                if isinstance(kept, str):
                    self._consolidated[key], self._moved[key] = kept.encode("utf-8"), ()
                else:
                    applied = apply_amendments([(self._data[p.path], p.path) for p in proposals],
                                               self._parsed_base(base.path, base_xml), base.path)
                    self._consolidated[key], self._moved[key] = applied.data, applied.moved
                    if self._keeper is not None and name and not applied.moved:
                        try:
                            self._keeper.put(name, applied.data.decode("utf-8"))
                        except UnicodeDecodeError:
                            pass  # not kept: only a text that reads back byte for byte is
            finally:
                self._applying.discard(key)
        return self._consolidated[key]

    def _parsed_base(self, path: str, data: bytes) -> Any:
        """A base's text parsed (an lxml tree, which ``apply_amendments`` copies), kept for the next proposals."""
        tree = self._parsed.get(path)
        if tree is None:
            if len(self._parsed) >= PARSED_BASES:
                del self._parsed[next(iter(self._parsed))]
            tree = self._parsed[path] = parse_bytes(data, path)
        return tree

    def _kept_name(self, proposals: Sequence[Document], base_xml: bytes) -> str:
        """The name of one proposal's consolidated text in the keeper ("" for several proposals: not kept)."""
        if len(proposals) != 1:
            return ""
        digest = hashlib.sha256(f"{self._fingerprint}\0consolidated\0{proposals[0].path}\0".encode())
        data = self._data[proposals[0].path]
        digest.update(f"{len(data)}\0".encode())
        digest.update(data)
        base = self._digests.get(proposals[0].base)
        if base is None:
            base = self._digests[proposals[0].base] = hashlib.sha256(base_xml).hexdigest()
        digest.update(f"\1{base}".encode())
        return digest.hexdigest()

    def moved(self, refs: Sequence[str]) -> tuple[Moved, ...]:
        """The provisions numbered otherwise than a proposal said, when these proposals renumber one list in turn."""
        self.consolidated_xml(refs)
        return self._moved[tuple(self._proposal(ref).path for ref in refs)]

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
        proposals = [self._proposal(ref) for ref in refs]
        if not proposals:
            return ()
        base = self._base(proposals[0])
        from cahtool.amend import find_conflicts_bytes

        return find_conflicts_bytes([(self._data[p.path], p.path) for p in proposals if p.base == base.id],
                                    self.xml(base.path), base.path)

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


