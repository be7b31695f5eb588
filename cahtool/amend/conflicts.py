"""Conflicts: two planned instructions of different proposals that cannot apply together, and why.

Two proposals conflict when they change the same words, insert at the same place, delete or replace a
provision the other changes, or renumber the same provision, or when one inserts into a list whose
provisions the other renumbers (each numbers against the base, so their numbers would collide).
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import combinations

from lxml import etree

from cahtool.amend.instructions import Conflict
from cahtool.amend.plan import Action, Planned


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


def candidates(ops: Sequence[Planned]) -> list[tuple[int, int]]:
    """The pairs (i < j, in order) of operations that ``clash`` may find in conflict: every other pair it
    finds compatible. Each reason of ``clash`` needs the two to share something (a stretch of text, a place,
    a renumbered provision, the list an insertion goes into, or a provision inside one that is deleted or
    replaced), so the operations are indexed by what they touch instead of compared two by two (quadratic in
    a proposal that edits a whole treaty).
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
            into.setdefault(op.slot[0], {}).setdefault(op.ins.proposal, []).append(i)
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
                    if proposal != op.ins.proposal:
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


RENUMBER_SAME = "both renumber the same provision"
INSERT_INTO_RENUMBERED = ("one inserts a provision into a list whose provisions the other renumbers: "
                          "their numbers collide")


def one_report_per_collision(conflicts: list[Conflict]) -> list[Conflict]:
    """Two proposals that each insert into a list and renumber the same provision collide once: report
    that renumbering, not also each insertion next to the other's renumbered provisions."""
    renumbering = {frozenset(c.proposals) for c in conflicts if c.reason == RENUMBER_SAME}
    return [c for c in conflicts if not (c.reason == INSERT_INTO_RENUMBERED and frozenset(c.proposals) in renumbering)]
