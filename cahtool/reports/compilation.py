"""Compilation: the base text with every proposal shown at each provision it touches, attributed.

This is the document a conference negotiates on: the basis of negotiation, provision by provision, and
under each provision every proposal that would change it (who proposed it, how sure we are of its words,
its instruction as tabled, and its redline against the base). Proposals that touch the same words, place
or number are flagged as conflicting, in groups: proposals that every two of them conflict at one place for
one reason are one group (twenty proposals replacing the same words are one conflict of twenty, not 190
pairs), and many that each conflict with each of many others, but not among themselves, are one group of each
with each (``against``). The groups are made a class of alike proposals at a time (``conflict_groups``), so they
and the work grow with the proposals, not with their pairs. The data is plain frozen dataclasses;
``render.compilation`` prints it as text, JSON or Markdown, and the site renders it with its templates.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from cahtool.amend import Blocks, Conflict
from cahtool.corpus import Corpus
from cahtool.diff import compare
from cahtool.errors import AmendmentError
from cahtool.model import Change, ChangeClass, Document, Instruction, Progress, Provision, Status
from cahtool.reports.threads import Alignments

SCHEMA = "cahtool.compilation/2"
#: Up to this many other proposals in conflict with one at one place are named where it is shown; beyond, they are
#: counted and the conflicts list (where they are named, once) is pointed to: forty proposals that replace the same
#: words would otherwise name the thirty-nine others forty times.
NAMED_CONFLICTS = 8
_CLASS_RANK = {ChangeClass.NONE: 0, ChangeClass.EDITORIAL: 1, ChangeClass.SUBSTANTIVE: 2}


@dataclass(frozen=True, slots=True)
class ConflictGroup:
    """Proposals that cannot be adopted together at one place of the base, for one reason: every two of them
    conflict there (most often two; as many as tabled the same kind of change to the same words), or, with
    ``against``, each of them with each of those (many proposals that each collide with every one of many
    others, and not among themselves)."""

    eid: str
    reason: str
    instructions: tuple[Instruction, ...]
    against: tuple[Instruction, ...] = ()

    @property
    def proposals(self) -> tuple[str, ...]:
        """The proposals' ids, one for each instruction."""
        return tuple(i.proposal for i in self.instructions)

    @property
    def against_proposals(self) -> tuple[str, ...]:
        """The ids of the proposals of ``against`` (none: every two of ``proposals`` conflict)."""
        return tuple(i.proposal for i in self.against)

    def others(self, side: int) -> tuple[str, ...]:
        """Whom a proposal on this side (0: ``proposals``, 1: ``against``) is in conflict with in this group
        (with every two in conflict, all of ``proposals``, itself included)."""
        return self.proposals if side == 1 or not self.against else self.against_proposals

    @property
    def wording(self) -> str:
        """The reason, said of this many proposals ("both change the same words", "all change the same words")."""
        if len(self.instructions) > 2 and not self.against and self.reason.startswith("both "):
            return "all " + self.reason.removeprefix("both ")
        return self.reason


def grouped(conflicts: Sequence[Conflict]) -> tuple[ConflictGroup, ...]:
    """The conflicts (pairs of instructions) as groups: every pair in a group, every two members of a group a pair.

    At one place and for one reason that holds both ways ("both change the same words"), the pairs are covered by
    groups in which every two instructions conflict: each pair not yet in a group starts one, which takes in,
    in the order the instructions were met, every instruction that conflicts with all of its members. A group
    therefore never says two proposals conflict when they do not, and the list grows with the proposals, not
    with their pairs. A reason with two roles ("one inserts ..., the other renumbers ...") stays a pair. The
    groups come in the order of the pair that started each: conflicts that are all pairs keep their order.
    """
    position = {id(c): n for n, c in enumerate(conflicts)}
    by_place: dict[tuple[str, str], list[Conflict]] = {}
    for c in conflicts:
        by_place.setdefault((c.eid, c.reason), []).append(c)
    out: list[tuple[int, ConflictGroup]] = []
    for (eid, reason), found in by_place.items():
        if not reason.startswith("both "):
            out.extend((position[id(c)], ConflictGroup(eid, reason, (c.first, c.second))) for c in found)
            continue
        ends = [(id(c.first), id(c.second)) for c in found]
        cliques = _cliques(found, ends)
        if cliques is not None:  # what the loops below make of such pairs, made faster
            out.extend((position[id(found[k])], ConflictGroup(eid, reason, members)) for k, members in cliques)
            continue
        # Each instruction by the order it is first met; what it conflicts with, and the groups it is in, as sets
        # of those numbers in the bits of an int (an intersection is then one operation, not a loop).
        number: dict[int, int] = {}
        met: list[Instruction] = []
        adjacent: list[int] = []
        pairs: list[tuple[int, int]] = []
        for c, (a, b) in zip(found, ends, strict=True):
            x = number.get(a)
            if x is None:
                x = number[a] = len(met)
                met.append(c.first)
                adjacent.append(0)
            y = number.get(b)
            if y is None:
                y = number[b] = len(met)
                met.append(c.second)
                adjacent.append(0)
            adjacent[x] |= 1 << y
            adjacent[y] |= 1 << x
            pairs.append((x, y))
        # The groups each instruction is in: a pair is covered when its two instructions share one.
        groups_of = [0] * len(met)
        made = 0
        for c, (x, y) in zip(found, pairs, strict=True):
            if groups_of[x] & groups_of[y]:
                continue
            members = [x, y]
            common = adjacent[x] & adjacent[y]  # what conflicts with every member so far
            while common:  # the first met of them joins, and what is left must conflict with it too
                w = (common & -common).bit_length() - 1
                members.append(w)
                common &= adjacent[w] & ~(1 << w)
            group = 1 << made
            made += 1
            for m in members:
                groups_of[m] |= group
            if len(members) > 2:  # a group of more than two, in the order its proposals were met
                members.sort()
            out.append((position[id(c)], ConflictGroup(eid, reason, tuple(met[m] for m in members))))
    return tuple(group for _, group in sorted(out, key=lambda item: item[0]))


def _cliques(found: list[Conflict], ends: list[tuple[int, int]]) -> list[tuple[int, tuple[Instruction, ...]]] | None:
    """When these conflicts (pairs of instructions, by id) are cliques with no pair between two of them (so many
    proposals that tabled one change), each clique as ``grouped`` makes it: its first conflict's index in
    ``found``, and its instructions in the order they are met. None for any other shape.

    A clique's instructions, in its first pair, take in every other (each conflicts with all the members), so
    each clique is one group; this finds the same groups with a few passes over the pairs instead of a set
    intersection for each."""
    met: dict[int, int] = {}  # id -> the order in which the instruction is first met
    in_order: list[Instruction] = []
    for c, (a, b) in zip(found, ends, strict=True):
        if a not in met:
            met[a] = len(met)
            in_order.append(c.first)
        if b not in met:
            met[b] = len(met)
            in_order.append(c.second)
    # Each instruction's label: the first met of itself and those it conflicts with. In a clique, all share one.
    label = list(range(len(met)))
    for a, b in ends:
        x, y = met[a], met[b]
        if y < label[x]:
            label[x] = y
        if x < label[y]:
            label[y] = x
    sizes: dict[int, int] = {}
    for lowest in label:
        sizes[lowest] = sizes.get(lowest, 0) + 1
    if len(found) != sum(n * (n - 1) // 2 for n in sizes.values()):
        return None
    starts: dict[int, int] = {}
    for k, (a, b) in enumerate(ends):
        if label[met[a]] != label[met[b]]:
            return None  # a pair between two groups
        starts.setdefault(label[met[a]], k)
    if len({(a, b) if a < b else (b, a) for a, b in ends if a != b}) != len(found):
        return None  # a pair twice (or an instruction in conflict with itself): not as many distinct pairs
    # Each label class now holds every pair it can: it is a clique.
    members: dict[int, list[Instruction]] = {}
    for n, instruction in enumerate(in_order):
        members.setdefault(label[n], []).append(instruction)
    return [(starts[lowest], tuple(found_members)) for lowest, found_members in members.items()]


def conflict_groups(blocks: Blocks) -> tuple[ConflictGroup, ...]:
    """The conflicts of ``blocks`` as groups, made a class of alike proposals at a time (``amend.Blocks``): the
    groups ``grouped`` makes of their pairs, as long as proposals alike in one operation conflict with each
    other there or are alone in their class, and, where many alike proposals that do not conflict with each other
    conflict with others (their pairs a square), one group of each of them with each of those, ``against``.

    Alike proposals are twins to ``grouped``: each conflicts with the same others, and with every other of its
    class or none. Taking pairs in order, a group ``grouped`` starts takes in every twin of each instruction it
    takes in, so a group is whole classes, and the classes are taken in the order their first instruction is met:
    that is done here with one step for each class, not for each instruction. Its groups come in the order of
    the pair that starts each, as ``grouped``'s; a group of ``against`` starts with its first pair.
    """
    ins = blocks.instructions
    by_place: dict[tuple[str, str], list[tuple[int, int, int, int]]] = {}
    for key, (reason, where) in blocks.blocks.items():
        by_place.setdefault((where, reason), []).append(key)
    out: list[tuple[tuple[int, int], ConflictGroup]] = []
    for (where, reason), keys in by_place.items():
        for start, members, against in _place_groups(blocks, keys, reason.startswith("both ")):
            out.append((start, ConflictGroup(where, reason, tuple(ins[i] for i in members),
                                             tuple(ins[j] for j in against))))
    return tuple(group for _, group in sorted(out, key=lambda item: item[0]))


Unit = tuple[int, int]  # (class of alike proposals, the number of the operation in each of them)


def _place_groups(blocks: Blocks, keys: list[tuple[int, int, int, int]],
                  both: bool) -> list[tuple[tuple[int, int], tuple[int, ...], tuple[int, ...]]]:
    """The groups of one place and reason: (first pair, operations, operations ``against``)."""
    units: dict[Unit, tuple[int, ...]] = {}
    complete: set[Unit] = set()
    adjacent: dict[Unit, set[Unit]] = {}
    out: list[tuple[tuple[int, int], tuple[int, ...], tuple[int, ...]]] = []
    for key in keys:
        c, t, d, u = key
        for unit in ((c, t), (d, u)):
            if unit not in units:
                units[unit] = blocks.unit(*unit)
        if c != d:
            adjacent.setdefault((c, t), set()).add((d, u))
            adjacent.setdefault((d, u), set()).add((c, t))
        elif t == u and both:
            complete.add((c, t))
        else:  # one class's two operations (or a reason with two roles, within a class): each pair its own
            out.extend(((i, j), (i, j), ()) for i, j in blocks.block_pairs(key))
    first = {unit: members[0] for unit, members in units.items()}

    def whole(unit: Unit) -> bool:  # a class that can join a group whole: in conflict within, or one proposal
        return unit in complete or len(units[unit]) == 1

    if not both:  # two roles: each two classes' pairs, one group
        for c, t, d, u in keys:
            if c != d:
                one, other = sorted((units[(c, t)], units[(d, u)]))
                if len(one) == len(other) == 1:
                    out.append(((one[0], other[0]), (one[0], other[0]), ()))
                else:
                    out.append(((one[0], other[0]), one, other))
        return out

    def met(op: int, unit: Unit) -> tuple[int, int, bool]:
        """When ``grouped`` first meets an operation: the first pair it is in (with the least other)."""
        partners = [first[w] for w in adjacent.get(unit, ())]
        if unit in complete:
            mine = units[unit]
            partners.append(mine[1] if mine[0] == op else mine[0])
        least = min(partners)
        return (min(op, least), max(op, least), op > least)

    rank = {op: met(op, unit) for unit in units if whole(unit) for op in units[unit]}
    earliest = {unit: min(rank[op] for op in units[unit]) for unit in units if whole(unit)}
    starts = [((units[unit][0], units[unit][1]), unit, unit) for unit in complete]
    starts += [((first[a], first[b]), a, b) for a in units if whole(a) for b in adjacent.get(a, ())
               if whole(b) and first[a] < first[b]]
    groups_of: dict[Unit, set[int]] = {}
    for made, (start, a, b) in enumerate(sorted(starts)):
        if groups_of.get(a, set()) & groups_of.get(b, set()):
            continue  # covered: a group holds both (or, for a class with itself, the class)
        members = [a] if a == b else [a, b]
        common = {w for w in adjacent.get(a, ()) if whole(w)}
        if a != b:
            common &= adjacent.get(b, set())
        while common:  # the first met of them joins, and what is left must conflict with it too
            w = min(common, key=earliest.__getitem__)
            members.append(w)
            common &= adjacent[w]
        for unit in members:
            groups_of.setdefault(unit, set()).add(made)
        ops = [op for unit in members for op in units[unit]]
        out.append((start, tuple(sorted(ops, key=rank.__getitem__)) if len(ops) > 2 else start, ()))
    # Classes of many proposals in conflict with others but not with each other: each of them with each of those.
    done: set[Unit] = set()
    for unit in sorted((u for u in units if not whole(u)), key=first.__getitem__):
        done.add(unit)
        others = sorted(op for w in adjacent.get(unit, ()) if w not in done for op in units[w])
        if others:
            side = units[unit]
            out.append(((min(side[0], others[0]), max(side[0], others[0])), side, tuple(others)))
    return out


@dataclass(frozen=True, slots=True)
class Entry:
    """One proposal at one place of the base: its changes there (redlines) and its instructions."""

    proposal: Document
    changes: tuple[Change, ...]
    instructions: tuple[str, ...]
    #: The other proposals in conflict with this one here, when they are few enough to be named (``conflicts_named``).
    others: tuple[str, ...] = ()
    #: How many other proposals are in conflict with this one here.
    conflict_count: int = 0
    #: The conflicts (numbered from 1 in ``Compilation.conflicts``) this entry's proposal is in at this place.
    conflict_groups: tuple[int, ...] = ()

    @property
    def conflicts_named(self) -> bool:
        """Whether the other proposals in conflict here are few enough to be named here (``NAMED_CONFLICTS``)."""
        return self.conflict_count <= NAMED_CONFLICTS

    @property
    def status(self) -> Status:
        """What the proposal does here: modified, inserted, deleted, moved or renumbered."""
        return self.changes[0].status

    @property
    def change_class(self) -> ChangeClass:
        """The strongest class among the changes (substantive over editorial over none)."""
        return max((c.change_class for c in self.changes), key=_CLASS_RANK.__getitem__)

    @property
    def summary(self) -> str:
        """A cell of the summary table: ``modified (substantive)``, ``renumbered (k) → (l)``, ``inserted (k)``."""
        change = self.changes[0]
        if self.status is Status.RENUMBERED and change.old and change.new:
            return f"renumbered {change.old.num} → {change.new.num}"
        if self.status is Status.INSERTED and change.new:
            return f"inserted {change.new.num}".rstrip()
        if self.status is Status.MODIFIED:
            return f"modified ({self.change_class.value})"
        return str(self.status.value)


@dataclass(frozen=True, slots=True)
class Slot:
    """A place in the base: one of its provisions, or a gap after one where proposals insert provisions.

    ``provision`` is the base provision (None for a gap); ``after`` is, for a gap, the eId of the base
    provision it follows in reading order ('' at the very start); ``depth`` counts ancestors.
    """

    eid: str
    label: str
    provision: Provision | None
    after: str
    depth: int
    entries: tuple[Entry, ...] = ()

    @property
    def is_gap(self) -> bool:
        """True for a place where proposals insert new provisions."""
        return self.provision is None


@dataclass(frozen=True, slots=True)
class Compilation:
    """The base, the proposals on it, every place of the base with the proposals there, and conflicts."""

    base: Document
    proposals: tuple[Document, ...]
    slots: tuple[Slot, ...]
    conflicts: tuple[ConflictGroup, ...]
    #: Each proposal's places and number, made when first asked (a site asks for every proposal's).
    _index: list[tuple[dict[str, list[tuple[Slot, Entry]]], dict[str, int]]] = field(
        default_factory=list, compare=False, repr=False)

    def touched(self) -> tuple[Slot, ...]:
        """The places some proposal touches, in reading order (the rows of the summary table)."""
        return tuple(slot for slot in self.slots if slot.entries)

    def table(self) -> tuple[tuple[Slot, tuple[Entry | None, ...]], ...]:
        """Rows of the summary table: each touched place, with one cell per proposal (None: untouched)."""
        rows = []
        for slot in self.touched():
            by_id = {e.proposal.id: e for e in slot.entries}
            rows.append((slot, tuple(by_id.get(p.id) for p in self.proposals)))
        return tuple(rows)

    def entries_of(self, proposal_id: str) -> Iterator[tuple[Slot, Entry]]:
        """Every place one proposal touches, with its entry there."""
        yield from self._indexed()[0].get(proposal_id, ())

    def number(self, proposal_id: str) -> int:
        """A proposal's number in the compilation (from 1, in the order of ``proposals``)."""
        return self._indexed()[1][proposal_id]

    @property
    def numbers(self) -> dict[str, int]:
        """Every proposal's number (a copy: the caller may change it)."""
        return dict(self._indexed()[1])

    def _indexed(self) -> tuple[dict[str, list[tuple[Slot, Entry]]], dict[str, int]]:
        if not self._index:
            places: dict[str, list[tuple[Slot, Entry]]] = {}
            for slot in self.slots:
                for entry in slot.entries:
                    places.setdefault(entry.proposal.id, []).append((slot, entry))
            numbers: dict[str, int] = {}
            for n, p in enumerate(self.proposals, 1):
                numbers.setdefault(p.id, n)
            self._index.append((places, numbers))
        return self._index[0]


def _walk(provisions: tuple[Provision, ...], depth: int = 0) -> Iterator[tuple[Provision, int]]:
    for p in provisions:
        yield p, depth
        yield from _walk(p.children, depth + 1)


def _run(base: Document, first: str, last: str) -> list[str]:
    """The eIds of a run of siblings from ``first`` to ``last``."""
    for p, _ in _walk(base.provisions):
        eids = [c.eid for c in p.children]
        if first in eids and last in eids:
            return eids[eids.index(first):eids.index(last) + 1]
    return [first, last]


def _covers(base: Document, ins: Instruction, eid: str) -> bool:
    if ins.up_to:
        return eid in _run(base, ins.destination, ins.up_to)
    return ins.destination == eid


def _instructions_at(base: Document, instructions: tuple[Instruction, ...], change: Change) -> list[str]:
    """The words of the instructions that make this change."""
    out: list[str] = []
    for ins in instructions:
        if change.old is not None:
            hit = _covers(base, ins, change.old.eid) and not ins.structure
            hit = hit or (change.status is Status.DELETED and ins.destination == change.old.eid)
        else:
            new = change.new
            printed = f"{new.num} {new.heading or ''} {new.text}".split() if new else []
            hit = bool(ins.structure) and bool(printed) and ins.new[0].split()[:len(printed)] == printed
        if hit and ins.text not in out:
            out.append(ins.text)
    return out


def _places(base: Document, proposal: Document, aligned: Alignments | None) -> dict[tuple[str, str], list[Change]]:
    """The changes of one proposal, keyed by place: ("at", base eId) or ("after", base eId) for insertions."""
    places: dict[tuple[str, str], list[Change]] = {}
    last_old = ""
    comparison = aligned.comparison(base, proposal) if aligned is not None else compare(base, proposal)
    for change in comparison.changes:
        if change.old is not None:
            # A deleted subtree has no pairs for its descendants: what follows it, follows its last one.
            last_old = list(change.old.walk())[-1].eid if change.status is Status.DELETED else change.old.eid
        if change.status is Status.UNCHANGED:
            continue
        key = ("at", change.old.eid) if change.old is not None else ("after", last_old)
        places.setdefault(key, []).append(change)
    return places


def compile_proposals(corpus: Corpus, base: str, proposals: Sequence[str] = (), *,
                      aligned: Alignments | None = None, progress: Progress | None = None) -> Compilation:
    """The compilation of proposals on a base (default: every proposal on that base, by date).

    ``aligned`` shares the comparisons of the base with each proposal (a site makes them for its pages too);
    ``progress`` hears of each proposal compared with the base.
    """
    base_doc = corpus.get(base)
    if proposals:
        docs = [corpus.get(p) for p in proposals]
        for doc in docs:
            if doc.base != base_doc.id:
                raise AmendmentError(f"proposal {doc.id} is based on {doc.base or 'nothing'}, not {base_doc.id}",
                                     path=doc.path)
    else:
        docs = corpus.proposals(base_doc.id, progress)
    ids = [d.id for d in docs]
    groups = conflict_groups(corpus.conflict_blocks(ids))
    # The proposals one is in conflict with at a place are, in each of its groups there, the others of its side (or
    # of the other side, for a group of each with each); never itself: one proposal's instructions that conflict
    # are refused before. Proposals alike are in the same groups: what they are in conflict with is made once.
    member_of: dict[tuple[str, str], list[tuple[int, int]]] = {}
    for number, group in enumerate(groups, 1):
        for side, proposals in enumerate((group.proposals, group.against_proposals)):
            for proposal in proposals:
                member_of.setdefault((group.eid, proposal), []).append((number, side))
    found: dict[tuple[tuple[int, int], ...], frozenset[str]] = {}

    def others_in(marks: tuple[tuple[int, int], ...], proposal: str) -> tuple[int, tuple[str, ...]]:
        """How many proposals these groups put in conflict with ``proposal``, and their ids (sorted) when they are
        few enough to be named (``NAMED_CONFLICTS``)."""
        them = found.get(marks)
        if them is None:
            them = found[marks] = frozenset().union(*(groups[n - 1].others(side) for n, side in marks))
        count = len(them) - (proposal in them)
        return count, (tuple(sorted(them - {proposal})) if count <= NAMED_CONFLICTS else ())

    per_place: dict[tuple[str, str], list[Entry]] = {}
    for done, doc in enumerate(docs, 1):
        if progress is not None:
            progress("comparing proposals", done, len(docs))
        instructions = corpus.amendment(doc.id).instructions
        for key, changes in _places(base_doc, doc, aligned).items():
            words: list[str] = []
            for change in changes:
                words.extend(w for w in _instructions_at(base_doc, instructions, change) if w not in words)
            eids = {key[1]} | {c.new.eid.rpartition("__")[0] for c in changes if c.new is not None}
            marks = tuple(sorted(set().union(*(member_of.get((e, doc.id), ()) for e in eids))))
            count, others = others_in(marks, doc.id) if marks else (0, ())
            numbers = tuple(sorted({n for n, _ in marks}))
            per_place.setdefault(key, []).append(Entry(doc, tuple(changes), tuple(words), others, count, numbers))

    slots: list[Slot] = []

    def gap(after: str, label: str, depth: int) -> None:
        entries = per_place.get(("after", after))
        if entries:
            slots.append(Slot("", f"new, after {label}" if label else "new, at the start", None, after, depth,
                              tuple(entries)))

    gap("", "", 0)
    for p, depth in _walk(base_doc.provisions):
        slots.append(Slot(p.eid, p.label, p, "", depth, tuple(per_place.get(("at", p.eid), ()))))
        gap(p.eid, p.label, depth)
    return Compilation(base_doc, tuple(docs), tuple(slots), groups)


