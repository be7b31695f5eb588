"""Who stands where: each delegation's stance on each proposal and on each provision, as the documents record it.

Two sources, both data of the corpus: the proposals (their proponents and supporters, ``cah:proponent`` and
``cah:supporter``), and the rolling texts (who proposed, supports, opposes or is open to each bracket and
option, ``cah:proposedBy``... on the words themselves). A rolling text speaks for the state of the negotiation
when it was issued: of a text and its revisions, only the latest is read. Nothing is inferred: a delegation
that no document names has no position here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from cahtool.corpus import Corpus
from cahtool.model import Clause, Document, Party, Position, RollingText, Stance, plain
from cahtool.reports.revisions import rolling_texts

SCHEMA = "cahtool.positions/1"
#: The order stances are listed in (and the strongest first, when one delegation is named twice).
STANCES = (Stance.PROPONENT, Stance.SUPPORTER, Stance.OPPOSED, Stance.OPEN)


@dataclass(frozen=True, slots=True)
class Stand:
    """One recorded position: who, which stance, on what (a proposal, a provision's words), and where it is
    recorded (a proposal's metadata, or a rolling text)."""

    party: Party
    stance: Stance
    proposal: str  # the proposal the position is about ('' for words of a rolling text no proposal names)
    document: str  # where it is recorded: the proposal's id, or the rolling text's
    eid: str = ""  # the provision ('' for a proposal as a whole)
    label: str = ""
    words: str = ""  # the bracketed words, or the option's wording


@dataclass(frozen=True, slots=True)
class Positions:
    """Every recorded position, the delegations, the proposals, and the rolling texts read."""

    parties: tuple[Party, ...]
    proposals: tuple[Document, ...]
    stands: tuple[Stand, ...]
    rolling: tuple[str, ...]
    # The stances by delegation and proposal, made on first use (the matrix asks for every delegation × proposal).
    _stances: dict[tuple[str, str], set[Stance]] = field(default_factory=dict, init=False, repr=False,
                                                         compare=False)

    def of(self, party: Party) -> tuple[Stand, ...]:
        """Every position of one delegation."""
        return tuple(s for s in self.stands if s.party.eid == party.eid)

    def cell(self, party: Party, proposal: str) -> tuple[Stance, ...]:
        """The stances one delegation takes on one proposal (as a whole or on its words), strongest first."""
        if not self._stances and self.stands:
            for s in self.stands:
                self._stances.setdefault((s.party.eid, s.proposal), set()).add(s.stance)
        found = self._stances.get((party.eid, proposal), set())
        return tuple(s for s in STANCES if s in found)

    def by_provision(self) -> list[tuple[str, str, str, list[Stand]]]:
        """(eId, label, words, stands) for each bracket or option that names delegations, in reading order."""
        rows: dict[tuple[str, str], tuple[str, list[Stand]]] = {}
        for s in self.stands:
            if s.eid:
                rows.setdefault((s.eid, s.words), (s.label, []))[1].append(s)
        return [(eid, label, words, stands) for (eid, words), (label, stands) in rows.items()]

    @property
    def loose(self) -> bool:
        """True when some position is on words no proposal names (a column of their own in the matrix)."""
        return any(not s.proposal for s in self.stands)


def _from_rolling(rt: RollingText) -> list[Stand]:
    out = []

    def record(clause: Clause, holder_positions: tuple[Position, ...], proposals: tuple[str, ...], words: str) -> None:
        for position in holder_positions:
            for proposal in proposals or ("",):
                out.append(Stand(position.party, position.stance, proposal, rt.document.id, clause.eid,
                                 clause.label, words))

    for clause in rt.walk():
        for bracket in clause.brackets():
            record(clause, bracket.positions, bracket.proposals, f"[{bracket.words}]")
        for option in clause.options:
            record(clause, option.positions, option.proposals,
                   f"Option {option.number}: {plain(option.wording, resolve='show')}")
    return out


def positions(corpus: Corpus) -> Positions:
    """Every position the corpus records: proposals' proponents and supporters, and the latest rolling texts."""
    proposals = tuple(corpus.proposals())
    stands: list[Stand] = []
    for doc in proposals:
        stands.extend(Stand(p, Stance.PROPONENT, doc.id, doc.id) for p in doc.proponents)
        stands.extend(Stand(p, Stance.SUPPORTER, doc.id, doc.id) for p in doc.supporters)
    texts = rolling_texts(corpus)
    revised = {t.revises for t in texts}
    latest = [t for t in texts if t.document.id not in revised]
    for rt in latest:
        stands.extend(_from_rolling(rt))
    # One record of each position (a rolling text repeats what the proposals say, at each provision).
    unique = list(dict.fromkeys(stands))
    parties: dict[str, Party] = {}
    for s in unique:
        parties.setdefault(s.party.eid, s.party)
    ordered = tuple(sorted(parties.values(), key=lambda p: p.name.casefold()))
    return Positions(ordered, proposals, tuple(unique), tuple(t.document.id for t in latest))
