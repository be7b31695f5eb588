"""Conflicts: two planned instructions of different proposals that cannot apply together, and why.

Two proposals conflict when they change the same words, insert at the same place, delete or replace a
provision the other changes, or renumber the same provision, or when one inserts into a list whose
provisions the other renumbers (each numbers against the base, so their numbers would collide).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import combinations, repeat

from lxml import etree

from cahtool.amend.instructions import Conflict
from cahtool.amend.plan import Action, Planned
from cahtool.model import Instruction


def contains(outer: etree._Element, inner: etree._Element) -> bool:
    node: etree._Element | None = inner
    while node is not None:
        if node is outer:
            return True
        node = node.getparent()
    return False


def clash(a: Planned, b: Planned) -> tuple[str, str]:
    """Why two planned operations cannot both apply in either order, and where ('' when they can)."""
    if a.kind is Action.TEXT and b.kind is Action.TEXT:
        where = a.element.get("eId", "")
        if a.segment != b.segment:
            return "", ""
        (s1, e1), (s2, e2) = a.span, b.span
        if s1 < e2 and s2 < e1:
            return "both change the same words", where
        if a.start == a.end and b.start == b.end and a.start == b.start:
            return "both insert words at the same place", where
        for x, y in ((a, b), (b, a)):
            if x.start == x.end and y.start < x.start < y.end:
                return "one inserts words inside words the other changes", where
        return "", ""
    for x, y in ((a, b), (b, a)):
        if x.kind in (Action.REMOVE, Action.REPLACE):
            where = x.element.get("eId", "")
            if y.kind in (Action.REMOVE, Action.REPLACE) and x.element is y.element:
                return "both delete or replace the same provision", where
            if y.kind is not Action.INSERT and contains(x.element, y.element):
                return "one deletes or replaces a provision the other changes", where
            if y.kind is Action.INSERT and contains(x.element, y.element):
                return "one deletes or replaces a provision next to which the other inserts", where
            if y.kind is Action.RENUMBER and any(contains(x.element, t) for t in y.targets):
                return "one deletes a provision the other renumbers", where
    if a.kind is Action.INSERT and b.kind is Action.INSERT and a.slot == b.slot:
        parent = a.element.getparent()
        return "both insert a provision at the same place", parent.get("eId", "") if parent is not None else ""
    if a.kind is Action.RENUMBER and b.kind is Action.RENUMBER:
        theirs = {id(u) for u in b.targets}  # b.targets holds them: their ids stay theirs
        common = [t for t in a.targets if id(t) in theirs]
        if common:
            return RENUMBER_SAME, common[0].get("eId", "")
    for x, y in ((a, b), (b, a)):
        # Each proposal numbers against the base: an insertion next to provisions another proposal
        # renumbers takes a number the renumbering also gives out ((l) after (k), and (k) -> (l)).
        # Within one proposal, an insertion and its renumbering are one coordinated act.
        if (x.kind is Action.INSERT and y.kind is Action.RENUMBER and x.ins.proposal != y.ins.proposal
                and any(t.getparent() is x.slot[0] for t in y.targets)):
            parent = x.slot[0]
            return (INSERT_INTO_RENUMBERED, parent.get("eId", "") if parent is not None else "")
    return "", ""


def candidates(ops: Sequence[Planned], *, one_proposal_apart: bool = True) -> list[tuple[int, int]]:
    """The pairs (i < j, in order) of operations that ``clash`` may find in conflict: every other pair it
    finds compatible. Each reason of ``clash`` needs the two to share something (a stretch of text, a place,
    a renumbered provision, the list an insertion goes into, or a provision inside one that is deleted or
    replaced), so the operations are indexed by what they touch instead of compared two by two (quadratic in
    a proposal that edits a whole treaty).

    Without ``one_proposal_apart``, an insertion into a list and a renumbering of its provisions are a pair
    even when one proposal makes both (``clash`` finds them compatible): what the pairs are then depends on
    nothing of an operation but what ``clash`` reads of it besides its proposal (``conflicting``).
    """
    n = len(ops)
    pairs: set[int] = set()  # the pair (i, j) as i * n + j: numbers sort many times faster than tuples

    def add(i: int, j: int) -> None:
        if i != j:
            pairs.add(i * n + j if i < j else j * n + i)

    segments: dict[tuple[etree._Element | None, str], list[int]] = {}
    slots: dict[tuple[etree._Element | None, int], list[int]] = {}
    # Insertions by the list they go into, and by proposal: within one proposal, an insertion and the
    # renumbering it needs are one act (clash never pairs them), and a proposal may insert all along a list.
    into: dict[etree._Element | None, dict[str, list[int]]] = {}
    renumbered: dict[etree._Element, list[int]] = {}
    removed: dict[etree._Element, list[int]] = {}
    for i, op in enumerate(ops):
        if op.kind is Action.TEXT:
            segments.setdefault(op.segment, []).append(i)
        elif op.kind is Action.INSERT:
            slots.setdefault(op.slot, []).append(i)
            into.setdefault(op.slot[0], {}).setdefault(op.ins.proposal if one_proposal_apart else "", []).append(i)
        elif op.kind is Action.RENUMBER:
            for target in op.targets:
                renumbered.setdefault(target, []).append(i)
        if op.kind in (Action.REMOVE, Action.REPLACE):
            removed.setdefault(op.element, []).append(i)
    for group in (*segments.values(), *slots.values(), *renumbered.values()):
        pairs.update(i * n + j for i, j in combinations(group, 2) if i != j)  # each group is in order: i <= j
    for i, op in enumerate(ops):
        if op.kind is Action.RENUMBER:
            for parent in {target.getparent() for target in op.targets}:
                for proposal, inserting in into.get(parent, {}).items():
                    if proposal != op.ins.proposal or not one_proposal_apart:
                        for j in inserting:
                            add(i, j)
    if removed:
        for j, op in enumerate(ops):
            # The elements the operation acts on and every element they lie in (each walked up once).
            around: set[etree._Element] = set()
            for node in (op.element, *op.targets):
                above: etree._Element | None = node
                while above is not None and above not in around:
                    around.add(above)
                    above = above.getparent()
            for above in around:
                for i in removed.get(above, ()):
                    add(i, j)
    return [divmod(pair, n) for pair in sorted(pairs)]


def clashes_as(op: Planned) -> tuple[object, ...]:
    """All of an operation that ``clash`` reads, but its proposal (which only says whether two are one's)."""
    return (op.kind, op.element, op.segment, op.span, op.start, op.end, op.slot, tuple(op.targets))


def conflicting(ops: Sequence[Planned]) -> list[tuple[int, int, str, str]]:
    """Every pair (i < j, in order) of operations that ``clash`` finds in conflict, with its reason and place:
    ``clash`` on each of ``candidates``' pairs, as many times faster as proposals repeat one change.

    Operations alike in all that ``clash`` reads (``clashes_as``) are one kind, and clash alike: many proposals
    often table the same change. Which kinds may clash is found once, on one operation of each (``candidates``
    taking every insertion and renumbering of one list as a pair, whoever makes them, which only adds pairs
    ``clash`` finds compatible); ``clash`` is asked once for each two kinds (in the order met) and whether the
    two are one proposal's. The pairs are then taken a whole kind at a time where they can be: a hundred
    proposals that replace the same words conflict in 4,950 pairs, and are 100 lists to slice.
    """
    number: dict[tuple[object, ...], int] = {}
    kind = [number.setdefault(clashes_as(op), len(number)) for op in ops]
    members: list[list[int]] = [[] for _ in number]
    for i, k in enumerate(kind):
        members[k].append(i)
    near: list[list[int]] = [[k] for k in range(len(members))]  # a kind may clash with itself
    for a, b in candidates([ops[m[0]] for m in members], one_proposal_apart=False):
        near[a].append(b)
        near[b].append(a)
    proposal = [op.ins.proposal for op in ops]
    proposals_of = [{proposal[i] for i in m} for m in members]
    width = len(members)
    found: dict[int, tuple[str, str]] = {}  # by the two kinds (in order) and whether the two are one proposal's

    def answer(i: int, j: int, same: bool) -> tuple[str, str]:
        key = (kind[i] * width + kind[j]) * 2 + same
        hit = found.get(key)
        if hit is None:
            hit = found[key] = clash(ops[i], ops[j])
        return hit

    distinct = [len(p) == len(m) for p, m in zip(proposals_of, members, strict=True)]
    out: list[tuple[int, int, str, str]] = []
    for i, k in enumerate(kind):
        mine: list[tuple[int, int, str, str]] = []
        for other in near[k]:
            m = members[other]
            later = m[bisect_right(m, i):]
            if not later:
                continue
            if distinct[k] if other == k else proposal[i] not in proposals_of[other]:
                reason, where = answer(i, later[0], False)  # none of them this proposal's: one answer for all
                if reason:
                    mine.extend(zip(repeat(i), later, repeat(reason), repeat(where)))
                continue
            for j in later:
                reason, where = answer(i, j, proposal[i] == proposal[j])
                if reason:
                    mine.append((i, j, reason, where))
        if len(near[k]) > 1:
            mine.sort()  # by j: the pairs of each kind come in order, not those of several
        out.extend(mine)
    return out


RENUMBER_SAME = "both renumber the same provision"
INSERT_INTO_RENUMBERED = ("one inserts a provision into a list whose provisions the other renumbers: "
                          "their numbers collide")


def one_report_per_collision(conflicts: list[Conflict]) -> list[Conflict]:
    """Two proposals that each insert into a list and renumber the same provision collide once: report
    that renumbering, not also each insertion next to the other's renumbered provisions."""
    renumbering = {frozenset(c.proposals) for c in conflicts if c.reason == RENUMBER_SAME}
    return [c for c in conflicts if not (c.reason == INSERT_INTO_RENUMBERED and frozenset(c.proposals) in renumbering)]


# -- conflicts a class of alike proposals at a time ------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Blocks:
    """Every conflict of some proposals, without a pair for each: a hundred proposals that table one change
    conflict with each other in 4,950 pairs, and here in one block.

    Proposals are **alike** when their operations are alike, one by one, in all that ``clash`` reads
    (``clashes_as``): then ``clash`` answers the same for any two of them, and for each of them with any other
    proposal. ``alike`` holds each such class (proposal ids, in the order of their operations; a proposal's
    operations are ``own[id]``, in order). A block ``(c, t, d, u) -> (reason, where)`` says that the ``t``-th
    operation of every proposal of class ``c`` conflicts with the ``u``-th of every *other* proposal of class
    ``d`` (``c <= d``; for ``c == d``, ``t <= u``). The pairs of all blocks are exactly the pairs of
    ``one_report_per_collision`` over ``conflicting`` of the same operations (``pairs`` lists them).
    """

    instructions: tuple[Instruction, ...]  # by operation
    alike: tuple[tuple[str, ...], ...]
    own: dict[str, tuple[int, ...]]
    blocks: dict[tuple[int, int, int, int], tuple[str, str]]

    def unit(self, c: int, t: int) -> tuple[int, ...]:
        """The ``t``-th operation of every proposal of class ``c``, in order."""
        return tuple(self.own[p][t] for p in self.alike[c])

    def block_pairs(self, key: tuple[int, int, int, int]) -> list[tuple[int, int]]:
        """The pairs (i < j) of operations of one block, in order."""
        c, t, d, u = key
        if c != d:
            return sorted((min(i, j), max(i, j)) for i in self.unit(c, t) for j in self.unit(d, u))
        pairs = {(self.own[p][t], self.own[q][u]) for p in self.alike[c] for q in self.alike[c] if p != q}
        return sorted({(min(i, j), max(i, j)) for i, j in pairs})

    def pairs(self) -> list[tuple[int, int, str, str]]:
        """Every pair (i < j, in order) with its reason and place: what the blocks stand for."""
        return sorted((i, j, reason, where) for key, (reason, where) in self.blocks.items()
                      for i, j in self.block_pairs(key))


def blocks(ops: Sequence[Planned], same_proposal: Callable[[int, int, str, str], None]) -> Blocks:
    """The conflicts of these operations as ``Blocks``, found on two proposals of each class of alike proposals
    (``conflicting`` on them, not on all). ``same_proposal(i, j, reason, where)`` is called on the first pair
    (in order) of one proposal's own operations that clash, as ``conflicting`` of all of them would meet it
    first: the first proposal of each class comes before the others, and they clash alike."""
    number: dict[tuple[object, ...], int] = {}
    kind = [number.setdefault(clashes_as(op), len(number)) for op in ops]
    own: dict[str, list[int]] = {}
    for i, op in enumerate(ops):
        own.setdefault(op.ins.proposal, []).append(i)
    classes: dict[tuple[int, ...], list[str]] = {}
    for p, mine in own.items():
        classes.setdefault(tuple(kind[i] for i in mine), []).append(p)
    alike = tuple(tuple(members) for members in classes.values())
    class_of = {p: c for c, members in enumerate(alike) for p in members}
    place = {i: t for mine in own.values() for t, i in enumerate(mine)}
    chosen = sorted(i for members in alike for p in members[:2] for i in own[p])
    found: dict[tuple[int, int, int, int], tuple[str, str]] = {}
    renumbering: set[tuple[int, int]] = set()
    for a, b, reason, where in conflicting([ops[i] for i in chosen]):
        i, j = chosen[a], chosen[b]
        p, q = ops[i].ins.proposal, ops[j].ins.proposal
        if p == q:
            same_proposal(i, j, reason, where)
            continue
        c, d = class_of[p], class_of[q]
        if c != d and (p != alike[c][0] or q != alike[d][0]):
            continue  # the first two of each class stand for all of it: these two once
        t, u = place[i], place[j]
        key = (c, t, d, u) if (c, t) <= (d, u) else (d, u, c, t)
        found.setdefault(key, (reason, where))
        if reason == RENUMBER_SAME:
            renumbering.add((min(c, d), max(c, d)))
    # One report per collision: two proposals that renumber one provision also insert into each other's list.
    kept = {key: value for key, value in found.items()
            if not (value[0] == INSERT_INTO_RENUMBERED and (key[0], key[2]) in renumbering)}
    return Blocks(tuple(op.ins for op in ops), alike, {p: tuple(mine) for p, mine in own.items()}, kept)
