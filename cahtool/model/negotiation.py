"""The negotiation's state, as frozen values: rolling texts, their brackets, options and status, and who stands where.

Imported through ``cahtool.model``, which loads this module when one of its names is first asked for.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator
from dataclasses import dataclass

from cahtool.model import Document, Party


class Stance(enum.StrEnum):
    """Where a delegation stands on bracketed words, an option or a proposal."""

    PROPONENT = "proponent"
    SUPPORTER = "supporter"
    OPPOSED = "opposed"
    OPEN = "open to"


class NegotiationStatus(enum.StrEnum):
    """How far a provision of a rolling text has come (pending until a step of the negotiation says more)."""

    PENDING = "pending"
    INFORMALLY_AGREED = "informally agreed"
    AGREED_AD_REFERENDUM = "agreed ad referendum"
    DELETED = "deleted"


class BracketKind(enum.StrEnum):
    """What bracketed words are: words proposed to be added, words of the text proposed for deletion, or
    words contested without a proposal (bracketed at someone's request)."""

    ADDITION = "addition"
    DELETION = "deletion"
    CONTESTED = "contested"


@dataclass(frozen=True, slots=True)
class Position:
    """One delegation's stance (proponent, supporter, opposed, open to)."""

    party: Party
    stance: Stance


def _who(positions: tuple[Position, ...], stance: Stance) -> tuple[Party, ...]:
    return tuple(p.party for p in positions if p.stance is stance)


@dataclass(frozen=True, slots=True)
class Bracket:
    """Words in square brackets: not agreed. ``words`` are the words inside the brackets; ``note`` the number
    of the footnote naming the delegations (0: none); ``proposals`` the ids of the proposals they come from."""

    words: str
    kind: BracketKind
    positions: tuple[Position, ...] = ()
    proposals: tuple[str, ...] = ()
    note: int = 0

    def parties(self, stance: Stance) -> tuple[Party, ...]:
        """The delegations that take this stance on the words."""
        return _who(self.positions, stance)


#: A run of a rolling text's words: plain text (``\n`` between blocks) and bracketed words, in reading order.
Wording = tuple["str | Bracket", ...]


def plain(wording: Wording, *, resolve: str = "keep") -> str:
    """A wording as text: brackets shown (``resolve="show"``), their words kept (``"keep"``) or dropped (``"drop"``)."""
    out = []
    for part in wording:
        if isinstance(part, str):
            out.append(part)
        elif resolve == "show":
            out.append(f"[{part.words}]")
        elif resolve == "keep":
            out.append(part.words)
    text = "".join(out)
    if resolve == "drop":  # words left out leave their spaces behind: one space between words, none at the ends
        lines = []
        for line in text.split("\n"):
            while "  " in line:
                line = line.replace("  ", " ")
            lines.append(line.strip())
        text = "\n".join(lines)
    return text


@dataclass(frozen=True, slots=True)
class Option:
    """One alternative wording of a provision (``Option 1``, ``Option 2``...), with who proposed it."""

    number: int
    wording: Wording
    positions: tuple[Position, ...] = ()
    proposals: tuple[str, ...] = ()
    note: int = 0
    eid: str = ""

    def parties(self, stance: Stance) -> tuple[Party, ...]:
        """The delegations that take this stance on the option."""
        return _who(self.positions, stance)


@dataclass(frozen=True, slots=True)
class Clause:
    """A provision of a rolling text: its own words (with brackets), its options, its status, its children.

    ``wording`` is the text before the children (the whole text of a leaf), ``wrap_up`` the text after them;
    a provision with ``options`` is worded by them instead. ``status_date`` is the date of the step that set
    the status ('' while pending).
    """

    eid: str
    tag: str
    num: str
    heading: str
    label: str
    wording: Wording = ()
    wrap_up: Wording = ()
    options: tuple[Option, ...] = ()
    children: tuple[Clause, ...] = ()
    status: NegotiationStatus = NegotiationStatus.PENDING
    status_date: str = ""
    name: str = ""  # an hcontainer's name

    def walk(self) -> Iterator[Clause]:
        """This provision and its descendants, in reading order."""
        yield self
        for child in self.children:
            yield from child.walk()

    def brackets(self) -> Iterator[Bracket]:
        """Every bracket of the provision's own words and of its options (children excluded)."""
        for part in (*self.wording, *(p for o in self.options for p in o.wording), *self.wrap_up):
            if isinstance(part, Bracket):
                yield part


@dataclass(frozen=True, slots=True)
class RollingText:
    """A negotiating text with its negotiation state: a document of the corpus (``document`` holds its metadata
    and plain provisions), its ``clauses``, the basis of negotiation it was compiled on, and the rolling text
    it revises (``revises``, '' for the first) with its ``version`` (``Rev.1``)."""

    document: Document
    clauses: tuple[Clause, ...]
    basis: str = ""
    revises: str = ""
    version: str = ""

    def walk(self) -> Iterator[Clause]:
        """Every provision in reading order."""
        for clause in self.clauses:
            yield from clause.walk()

    def find(self, eid: str) -> Clause | None:
        """The provision with this eId, or None."""
        return next((c for c in self.walk() if c.eid == eid), None)

    def parties(self) -> tuple[Party, ...]:
        """Every delegation named in a position, in order of first mention."""
        seen: dict[str, Party] = {}
        for clause in self.walk():
            holders: list[Bracket | Option] = [*clause.brackets(), *clause.options]
            for holder in holders:
                for position in holder.positions:
                    seen.setdefault(position.party.eid, position.party)
        return tuple(seen.values())
