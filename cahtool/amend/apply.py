"""Amendments: apply Akoma Ntoso ``<amendment>`` proposals to their base, returning the consolidated text.

The instructions are read by ``instructions`` (``textualMod`` data, ``mod`` words); only the data is
applied, and the words name the instruction in every error.

The operations (``textualMod/@type``):

- ``substitution``: replace the ``old`` words with the ``new`` ones, inside the destination's own text
  (``pos="end"``/``"start"``: the old words must close/open that text); with a ``new`` structure and no
  ``old``, replace the whole destination.
- ``repeal``: with ``old``, delete those words (and one space that separated them from the text);
  without, delete the destination provision.
- ``insertion``: a ``new`` structure goes ``after``/``before`` the destination, or at the ``start``/``end``
  of its list; ``new`` words go after/before the ``old`` anchor words (``pos``) or at the start/end of the
  destination's text, with one space between them and the text unless they begin (end) with punctuation.
- ``renumbering``: the destination (up to ``upTo``, a run of siblings) takes the ``new`` numbers: one per
  provision, or the first and last, counting on from the first.

Nothing is guessed: old words found nowhere or twice, a missing destination, two proposals touching the
same words or the same place, or two provisions left with one number, are ``AmendmentError``s naming the
proposal, the instruction, the eId and the text looked for. The base tree is deep-copied, never
mutated; positions are resolved against the base, so proposals that do not overlap apply in any order.

The API is a ladder: ``apply_amendment_files`` reads, ``apply_amendment_bytes`` parses, and
``apply_amendment_trees`` works.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from cahtool.akn import (
    AKN,
    HIER_ELEMENTS,
    NS,
    alias,
    body,
    document_element,
    dressed,
    local,
    parse_bytes,
    read_bytes,
    serialise,
    text_of,
)
from cahtool.amend.conflicts import Blocks, blocks, conflicting, one_report_per_collision
from cahtool.amend.consolidated import consolidate_meta
from cahtool.amend.eids import INSERTED, SiblingPlaces, check_unique, marked, name_inserted, renumbered, set_num
from cahtool.amend.instructions import Conflict, Source, read_source
from cahtool.amend.plan import Action, Plan, Planned, Planner, get_text, set_text
from cahtool.amend.sequence import Moved, collides_only_on_numbers, number_on, plan_sequence
from cahtool.errors import AmendmentError


def _planned(sources: Sequence[Source], planner: Planner) -> list[Planned]:
    ops: list[Planned] = []
    for source in sources:
        amendment = source.amendment
        if amendment.base != planner.base_id:
            raise AmendmentError(f"proposal {amendment.id} is based on {amendment.base}, not {planner.base_id}",
                                 path=amendment.path)
        ops.extend(planner.plan(ins, amendment.path, source) for ins in amendment.instructions)
    return ops


def _overlap(ops: list[Planned], i: int, j: int, reason: str, where: str) -> None:
    """Two instructions of one proposal that cannot both apply: the proposal is wrong."""
    a, b = ops[i].ins, ops[j].ins
    raise AmendmentError(f"proposal {a.proposal}: instructions {a.mod} “{a.text}” and {b.mod} “{b.text}” "
                         f"overlap at {where}: {reason}", path=ops[i].path, line=b.line)


def _plan(ops: list[Planned]) -> Plan:
    conflicts = []
    for i, j, reason, where in conflicting(ops):  # in order
        a, b = ops[i].ins, ops[j].ins
        if a.proposal == b.proposal:
            _overlap(ops, i, j, reason, where)
        conflicts.append(Conflict(where, a, b, reason))
    return Plan(ops, one_report_per_collision(conflicts))


def _edit_text(ops: list[Planned]) -> None:
    """Apply word edits per text node, from the end, with positions taken in the base."""
    by_segment: dict[tuple[etree._Element | None, str], list[Planned]] = {}
    for op in ops:
        by_segment.setdefault(op.segment, []).append(op)
    for (node, attr), edits in by_segment.items():
        if node is None:
            continue  # a planned word edit always has its text node; nothing to edit otherwise
        text = get_text(node, attr)
        for op in sorted(edits, key=lambda o: (o.start, o.end), reverse=True):
            text = text[:op.start] + op.replacement + text[op.end:]
        set_text(node, attr, text)


def _place(op: Planned) -> None:
    new = [copy.deepcopy(el) for el in op.new]
    for el in new:
        el.set(INSERTED, "1")
    if op.kind is Action.INSERT:
        # Where to go was decided against the base: other insertions may have shifted the siblings since.
        anchor = op.element
        if op.before:
            for el in new:
                anchor.addprevious(el)
        else:
            for el in reversed(new):
                anchor.addnext(el)
        return
    for el in new:
        op.element.addprevious(el)
    tail = op.element.tail
    _remove(op.element)
    if new and tail is not None:
        new[-1].tail = tail


def _remove(el: etree._Element) -> None:
    parent = el.getparent()
    if parent is not None:  # a planned element is always inside the base's body
        parent.remove(el)


def _apply(plan: Plan) -> None:
    _edit_text([op for op in plan.ops if op.kind is Action.TEXT])
    for op in plan.ops:
        if op.kind in (Action.INSERT, Action.REPLACE):
            _place(op)
    for op in plan.ops:
        if op.kind is Action.REMOVE:
            _keep_tail(op.element)
            _remove(op.element)
    for op in plan.ops:
        if op.kind is Action.RENUMBER:
            for target, num in zip(op.targets, op.nums, strict=True):
                old = target.find(f"{AKN}num")
                set_num(target, dressed(num, text_of(old) if old is not None else ""))
    places = SiblingPlaces()  # the numbers change, not the order: each list is counted once
    for op in plan.ops:
        if op.kind is Action.RENUMBER:
            for target in op.targets:
                renumbered(target, places)


def _keep_tail(el: etree._Element) -> None:
    prev = el.getprevious()
    if el.tail and prev is not None and not (prev.tail or "").strip():
        prev.tail = el.tail


def _clean(body: etree._Element) -> None:
    for el in marked(body):
        del el.attrib[INSERTED]
    etree.cleanup_namespaces(body)


def _base_identity(doc: etree._Element, path: str) -> tuple[str, tuple[str, ...]]:
    ident = "akn:meta/akn:identification/"
    uris = tuple(str(u).rstrip("/") for u in doc.xpath(
        f"{ident}akn:FRBRExpression/akn:FRBRuri/@value | {ident}akn:FRBRWork/akn:FRBRuri/@value", namespaces=NS))
    return alias(doc, path), uris


def _sources(proposals: Sequence[tuple[etree._ElementTree, str]], uris: tuple[str, ...],
             base_id: str) -> list[Source]:
    sources = [read_source(tree, path, uris, base_id) for tree, path in proposals]
    if not sources:
        raise AmendmentError("no proposal to apply")
    seen: set[str] = set()
    for s in sources:
        if s.amendment.id in seen:
            raise AmendmentError(f"proposal {s.amendment.id} given twice", path=s.amendment.path)
        seen.add(s.amendment.id)
    return sources


def _planned_on(proposals: Sequence[tuple[etree._ElementTree, str]], base: etree._ElementTree,
                base_path: str) -> list[Planned]:
    """Every instruction of the proposals planned on a copy of their base (nothing applied)."""
    work = copy.deepcopy(base)
    doc = document_element(work, base_path)
    base_id, uris = _base_identity(doc, base_path)
    return _planned(_sources(proposals, uris, base_id), Planner(doc, base_id, base_path))


def find_conflicts(proposals: Sequence[tuple[etree._ElementTree, str]], base: etree._ElementTree,
                   base_path: str) -> tuple[Conflict, ...]:
    """Every pair of instructions of different proposals that cannot apply together (nothing applied)."""
    return tuple(_plan(_planned_on(proposals, base, base_path)).conflicts)


def find_conflict_blocks(proposals: Sequence[tuple[etree._ElementTree, str]], base: etree._ElementTree,
                         base_path: str) -> Blocks:
    """``find_conflicts`` as ``Blocks``: as many times faster and smaller as proposals repeat one change."""
    ops = _planned_on(proposals, base, base_path)
    return blocks(ops, lambda i, j, reason, where: _overlap(ops, i, j, reason, where))


@dataclass(frozen=True, slots=True)
class Applied:
    """A consolidated text (Akoma Ntoso bytes) and the provisions numbered otherwise than a proposal said."""

    data: bytes
    moved: tuple[Moved, ...] = ()


def _consolidate(proposals: Sequence[tuple[etree._ElementTree, str]], base: etree._ElementTree,
                 base_path: str) -> tuple[etree._ElementTree, tuple[Moved, ...]]:
    work = copy.deepcopy(base)
    doc = document_element(work, base_path)
    base_id, uris = _base_identity(doc, base_path)
    sources = _sources(proposals, uris, base_id)
    plan = _plan(_planned(sources, Planner(doc, base_id, base_path)))
    moved: list[Moved] | None = []
    if plan.conflicts:
        # Proposals that collide only on numbers apply in the order given, the list numbered on as they go.
        sequenced = plan_sequence(plan.ops, plan.conflicts) if collides_only_on_numbers(plan.conflicts) else None
        if sequenced is not None:
            ops, parents = sequenced
            _apply(Plan(ops, []))
            moved = number_on(parents, plan.ops, [s.amendment.id for s in sources])
        if sequenced is None or moved is None:
            first = plan.conflicts[0]
            paths = {s.amendment.id: s.amendment.path for s in sources}
            raise AmendmentError(first.message(), path=paths[first.second.proposal], line=first.second.line)
        places = SiblingPlaces()
        for parent in parents:
            for el in parent:
                if isinstance(el.tag, str) and local(el.tag) in HIER_ELEMENTS and not el.get(INSERTED):
                    renumbered(el, places)
    else:
        _apply(plan)
    main = body(doc)
    if main is None:
        raise AmendmentError(f"{base_id} has no body to amend", path=base_path)
    places = SiblingPlaces()  # naming changes eIds, not the order of the tree
    for el in marked(main):
        name_inserted(el, places)
    _clean(main)
    check_unique(main, sources, base_id)
    try:
        consolidate_meta(doc, [s.doc for s in sources], [s.amendment for s in sources], base_id)
    except AmendmentError as exc:  # the base's metadata is incomplete: name the base's file
        raise AmendmentError(exc.detail, path=exc.path or base_path, line=exc.line) from None
    return work, tuple(moved or ())


def apply_amendment_trees(proposals: Sequence[tuple[etree._ElementTree, str]], base: etree._ElementTree,
                          base_path: str) -> etree._ElementTree:
    """The consolidated text: a new tree, the base with every proposal applied (the base is not touched)."""
    return _consolidate(proposals, base, base_path)[0]


def apply_amendments(proposals: Sequence[tuple[bytes, str]], base: bytes | etree._ElementTree,
                     base_path: str) -> Applied:
    """The consolidated text of proposals applied in the order given, and what was numbered otherwise (``base``: its
    bytes, or the tree they parse to, which is copied, never changed: one parse for every proposal on it)."""
    work, moved = consolidated_tree(proposals, base, base_path)
    return Applied(serialise(work), moved)


def consolidated_tree(proposals: Sequence[tuple[bytes, str]], base: bytes | etree._ElementTree,
                      base_path: str) -> tuple[etree._ElementTree, tuple[Moved, ...]]:
    """``apply_amendments`` before serialising: the consolidated text as a new tree, and what was numbered
    otherwise (a caller that reads the text loads the tree: ``akn.load_tree`` of it is the document its bytes
    load as)."""
    trees = [(parse_bytes(data, path), path) for data, path in proposals]
    return _consolidate(trees, parse_bytes(base, base_path) if isinstance(base, bytes) else base, base_path)


def apply_amendment_bytes(proposals: Sequence[tuple[bytes, str]], base: bytes, base_path: str) -> bytes:
    """Parse proposals and base with the hardened parser; return the consolidated AKN as bytes."""
    return apply_amendments(proposals, base, base_path).data


def apply_amendment_files(proposals: Sequence[str | Path], base: str | Path) -> bytes:
    """Read proposal files and their base file; return the consolidated AKN as bytes."""
    return apply_amendment_bytes([(read_bytes(p), str(p)) for p in proposals], read_bytes(base), str(base))


def find_conflicts_bytes(proposals: Sequence[tuple[bytes, str]], base: bytes,
                         base_path: str) -> tuple[Conflict, ...]:
    """``find_conflicts`` on unparsed proposals and base."""
    trees = [(parse_bytes(data, path), path) for data, path in proposals]
    return find_conflicts(trees, parse_bytes(base, base_path), base_path)


def find_conflict_blocks_bytes(proposals: Sequence[tuple[bytes, str]], base: bytes, base_path: str) -> Blocks:
    """``find_conflict_blocks`` on unparsed proposals and base."""
    trees = [(parse_bytes(data, path), path) for data, path in proposals]
    return find_conflict_blocks(trees, parse_bytes(base, base_path), base_path)
