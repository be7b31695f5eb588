"""The data model: frozen value types passed between pipeline stages (no I/O, no lxml, no click).

The negotiation's values (rolling texts, brackets, options, positions: ``negotiation.py``) are defined on first use:
a frozen dataclass costs about a millisecond to define, and a diff or a check reads no rolling text.
"""

from __future__ import annotations

import enum
import importlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cahtool.model.negotiation import (
        Bracket,
        BracketKind,
        Clause,
        NegotiationStatus,
        Option,
        Position,
        RollingText,
        Stance,
        Wording,
        plain,
    )


class Status(enum.Enum):
    """What happened to a provision between two documents."""

    MODIFIED = "modified"
    INSERTED = "inserted"
    DELETED = "deleted"
    MOVED = "moved"
    RENUMBERED = "renumbered"
    UNCHANGED = "unchanged"


class ChangeClass(enum.Enum):
    """Whether a change alters meaning (substantive), only form (editorial), or nothing (none)."""

    SUBSTANTIVE = "substantive"
    EDITORIAL = "editorial"
    NONE = "none"


class Part(enum.Enum):
    """Which part of a provision a change is about."""

    TEXT = "text"
    HEADING = "heading"


class OpKind(enum.Enum):
    """A word-diff operation, as in diff-match-patch."""

    EQUAL = "equal"
    DELETE = "delete"
    INSERT = "insert"


@dataclass(frozen=True, slots=True)
class Op:
    """One run of a word diff: text kept, deleted or inserted.

    In a comparison attributed by layer (``Comparison.layers``), ``by`` is the id of the text that made the
    edit (the one that inserted the words, or deleted them); '' when not attributed, and on kept words.
    ``also`` names the other texts that changed this place in between, by words that neither compared text
    has (put in by one, taken out by a later one), when no other mark of the place shows them.
    """

    kind: OpKind
    text: str
    by: str = ""
    also: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Mark:
    """A formatting span (``i``, ``b``, ``u``, ``sup``, ``sub``) over a provision's text."""

    tag: str
    start: int
    end: int


#: Provisions that are a part of a document rather than a unit of its body: the parts around the body (cover page,
#: preface, preamble, conclusions), annexes and schedules (``attachment``), the documents of a collection.
PART_TAGS = frozenset({"coverPage", "preface", "preamble", "conclusions", "header", "attachment", "component",
                       "amendmentHeading", "amendmentContent", "amendmentReference", "amendmentJustification"})
#: Provisions quoted in the text (an amendment's new words), not the document's own.
QUOTED_TAGS = frozenset({"quotedStructure", "embeddedStructure"})


@dataclass(frozen=True, slots=True)
class Provision:
    """One unit of structure (article, paragraph, point...) with its own text and its children.

    ``text`` is the provision's own text: the content of a leaf, or the intro and wrap-up of a
    provision with children, blocks separated by a line break. Headings and children are excluded.
    """

    eid: str
    tag: str
    num: str
    heading: str
    text: str
    label: str
    children: tuple[Provision, ...] = ()
    marks: tuple[Mark, ...] = ()
    omitted: bool = False
    wrap_up: str = ""

    def walk(self) -> Iterator[Provision]:
        """Yield this provision and all its descendants, in reading order."""
        yield self
        for child in self.children:
            yield from child.walk()

    @property
    def intro(self) -> str:
        """The text before the children: the whole text unless the provision has a wrap-up."""
        if self.wrap_up and self.text.endswith(self.wrap_up):
            return self.text[: len(self.text) - len(self.wrap_up)].rstrip("\n")
        return self.text

    @property
    def has_children(self) -> bool:
        """True when the provision contains other provisions (its text is a chapeau)."""
        return bool(self.children)

    @property
    def is_part(self) -> bool:
        """True for a part of the document (preamble, annex...) rather than a unit of its body."""
        return self.tag in PART_TAGS

    @property
    def is_quoted(self) -> bool:
        """True for provisions quoted in the text (an amendment's new words): not the document's own."""
        return self.tag in QUOTED_TAGS


@dataclass(frozen=True, slots=True)
class Party:
    """An author, proponent or supporter: a TLCOrganization or TLCPerson of ``<references>``."""

    eid: str
    name: str
    href: str = ""
    kind: str = "organization"


@dataclass(frozen=True, slots=True)
class Document:
    """A draft, instrument or consolidated proposal, as loaded from Akoma Ntoso."""

    id: str
    path: str
    kind: str
    name: str
    uri: str
    work_uri: str
    title: str
    date: str
    authors: tuple[Party, ...]
    symbol: str
    source: str
    verification: str
    verification_note: str
    status: str
    status_date: str
    provisions: tuple[Provision, ...]
    base: str = ""
    provenance: str = ""
    proponents: tuple[Party, ...] = ()
    supporters: tuple[Party, ...] = ()

    def walk(self) -> Iterator[Provision]:
        """Yield every provision of the document in reading order."""
        for provision in self.provisions:
            yield from provision.walk()

    def find(self, eid: str) -> Provision | None:
        """Return the document's own provision with this eId (quoted provisions are not its own), or None."""
        return _find(self.provisions, eid)

    def trail(self, eid: str) -> tuple[Provision, ...]:
        """The provision with this eId and its ancestors, outermost first; () when there is none."""
        return _trail(self.provisions, eid, ())

    @property
    def is_proposal(self) -> bool:
        """True for an amendment proposal (or its consolidated text)."""
        return bool(self.base)


def _find(provisions: tuple[Provision, ...], eid: str) -> Provision | None:
    """``Document.find`` among these provisions (functions of their own, not closures that call themselves: each
    call would leave a cycle for the garbage collector; ``tests/test_cycles.py``)."""
    for p in provisions:
        if p.eid == eid:
            return p
        if not p.is_quoted:
            found = _find(p.children, eid)
            if found is not None:
                return found
    return None


def _trail(provisions: tuple[Provision, ...], eid: str, above: tuple[Provision, ...]) -> tuple[Provision, ...]:
    """``Document.trail`` among these provisions, under ``above``."""
    for p in provisions:
        if p.eid == eid:
            return (*above, p)
        found = _trail(p.children, eid, (*above, p))
        if found:
            return found
    return ()


class ModType(enum.StrEnum):
    """What an amendment instruction does (``textualMod/@type``)."""

    SUBSTITUTION = "substitution"
    INSERTION = "insertion"
    REPEAL = "repeal"
    RENUMBERING = "renumbering"


@dataclass(frozen=True, slots=True)
class Instruction:
    """One operation of an amendment (a ``textualMod``): what to do, where in the base, with which words.

    ``propose`` makes instructions from an edited text and writes them; ``amend`` reads them back from a
    proposal, where they also carry where they come from (``proposal``, the ``textualMod`` ``eid``, the
    ``mod`` that says it in words and those words as ``text``, the ``line``). ``new`` holds new words, or
    new numbers for a renumbering, or for new provisions their printed lines; ``structure`` holds the new
    provisions themselves. ``up_to`` ends a run of siblings (a renumbering of several provisions).
    """

    type: str
    destination: str
    pos: str = ""
    old: str = ""
    new: tuple[str, ...] = ()
    structure: tuple[Provision, ...] = ()
    up_to: str = ""
    proposal: str = ""
    eid: str = ""
    mod: str = ""
    text: str = ""
    line: int = 0

    @property
    def eids(self) -> tuple[str, ...]:
        """The base eIds the instruction names (destination, and the end of a renumbered run)."""
        return (self.destination, self.up_to) if self.up_to else (self.destination,)


@dataclass(frozen=True, slots=True)
class Pair:
    """Two aligned provisions; either side is None for an insertion or a deletion.

    ``own_only`` marks an inserted (or deleted) provision whose children are paired one by one, with a
    list one level up on the other side: the change is its own text, not its whole subtree.
    """

    old: Provision | None
    new: Provision | None
    moved: bool = False
    own_only: bool = False


@dataclass(frozen=True, slots=True)
class Change:
    """One entry of a comparison: a status, a class and the word diff of one part of a pair."""

    status: Status
    change_class: ChangeClass
    part: Part
    old: Provision | None
    new: Provision | None
    ops: tuple[Op, ...]
    rules: tuple[str, ...] = ()
    moved: bool = False
    own_only: bool = False  # an inserted/deleted container whose children are compared one by one

    @property
    def old_text(self) -> str:
        """The old text, rebuilt from the ops (equal + delete)."""
        return "".join(op.text for op in self.ops if op.kind is not OpKind.INSERT)

    @property
    def new_text(self) -> str:
        """The new text, rebuilt from the ops (equal + insert)."""
        return "".join(op.text for op in self.ops if op.kind is not OpKind.DELETE)

    @property
    def renumbered(self) -> bool:
        """True when both sides exist and their numbers differ."""
        return (
            self.old is not None
            and self.new is not None
            and normalise_num(self.old.num) != normalise_num(self.new.num)
        )


@dataclass(frozen=True, slots=True)
class Comparison:
    """The result of comparing two documents: every aligned pair, as changes in reading order.

    ``layers`` are the texts between ``old`` and ``new`` that the changes are attributed to, oldest first,
    ``new`` last (empty for a flat redline): each op's ``by`` names one of them. ``notes`` say what a
    reader must know about the attribution (a change it could not follow, a chain it could not make); a
    flat comparison with notes is one whose edits are not all the new text's.
    """

    old: Document
    new: Document
    changes: tuple[Change, ...]
    layers: tuple[Document, ...] = ()
    notes: tuple[str, ...] = ()
    #: ``stats``, counted once (a site's pages ask for them of each comparison again and again).
    _counts: dict[str, int] | None = field(default=None, init=False, repr=False, compare=False, hash=False)

    def layer_number(self, doc_id: str) -> int:
        """The number of a layer in the legend (1 for the oldest), 0 when the id is not a layer."""
        for n, layer in enumerate(self.layers, 1):
            if layer.id == doc_id:
                return n
        return 0

    @property
    def stats(self) -> dict[str, int]:
        """Counts of changes by class (substantive, editorial) and by status (the rest), as in the JSON."""
        if self._counts is None:
            counts = dict.fromkeys(STAT_KEYS, 0)
            for change in self.changes:
                if change.change_class is not ChangeClass.NONE:
                    counts[change.change_class.value] += 1
                if change.status is not Status.MODIFIED:
                    counts[change.status.value] += 1
            object.__setattr__(self, "_counts", counts)
        assert self._counts is not None
        return dict(self._counts)  # a copy: the caller may change it

    def visible(self, *, include_unchanged: bool = False, substantive_only: bool = False) -> tuple[Change, ...]:
        """The changes a reader asked for (unchanged pairs only with ``include_unchanged``)."""
        out = []
        for change in self.changes:
            if change.status is Status.UNCHANGED and not include_unchanged:
                continue
            if substantive_only and change.change_class is not ChangeClass.SUBSTANTIVE:
                continue
            out.append(change)
        return tuple(out)


@dataclass(frozen=True, slots=True)
class Finding:
    """One result of a ``cahtool check`` rule."""

    rule: str
    severity: str
    path: str
    line: int
    message: str
    eid: str = ""
    column: int = 0


#: How long work says how far it has come: ``progress(stage, done, total)`` ("comparing", 12, 40), each stage counted
#: from 0 to its total; the command line shows it as a bar on a terminal (and nothing elsewhere).
Progress = Callable[[str, int, int], None]

STAT_KEYS = ("substantive", "editorial", "unchanged", "inserted", "deleted", "moved", "renumbered")


def normalise_num(num: str) -> str:
    """A number as compared: ``Article 7.`` → ``article 7``, ``(h)`` → ``(h)``."""
    return " ".join(num.split()).rstrip(".").casefold()


#: The names ``negotiation.py`` gives, loaded on first use.
_NEGOTIATION = ("Bracket", "BracketKind", "Clause", "NegotiationStatus", "Option", "Position", "RollingText", "Stance",
                "Wording", "plain")


def __getattr__(name: str) -> Any:
    if name not in _NEGOTIATION:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    loaded = importlib.import_module(f"{__name__}.negotiation")
    globals().update({own: getattr(loaded, own) for own in _NEGOTIATION})
    return globals()[name]


__all__ = ["Bracket", "BracketKind", "Change", "ChangeClass", "Clause", "Comparison", "Document", "Finding",
           "Instruction", "Mark", "ModType", "NegotiationStatus", "normalise_num", "Op", "OpKind", "Option", "Pair",
           "Part", "PART_TAGS", "Party", "plain", "Position", "Progress", "Provision", "QUOTED_TAGS", "RollingText",
           "Stance", "STAT_KEYS", "Status", "Wording"]
