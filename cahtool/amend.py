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
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from cahtool import akn
from cahtool.akn import AKN_NS, NS, local
from cahtool.consolidated import consolidate_meta, consolidated_id
from cahtool.errors import AmendmentError, TargetNotFoundError
from cahtool.instructions import (
    Amendment,
    Conflict,
    Instruction,
    Source,
    alias,
    itertext,
    next_number,
    norm,
    read_amendment,
    read_amendment_bytes,
    read_amendment_file,
    read_source,
    repeal_span,
    spaced,
)
from cahtool.xmlio import document_element, parse_bytes, read_bytes, serialise

_A = f"{{{AKN_NS}}}"


# -- planning: every instruction resolved against the base -------------------------------------

@dataclass
class _Op:
    ins: Instruction
    path: str
    kind: str  # text | insert | remove | replace | renumber
    element: etree._Element
    # text edits: the segment, the replaced range, and the span that must not be touched by others
    segment: tuple[etree._Element | None, str] = (None, "")
    start: int = 0
    end: int = 0
    span: tuple[int, int] = (0, 0)
    replacement: str = ""
    # structure
    slot: tuple[etree._Element | None, int] = (None, 0)
    before: bool = False  # an insertion goes before its anchor (else after)
    new: list[etree._Element] = field(default_factory=list)
    targets: list[etree._Element] = field(default_factory=list)
    nums: list[str] = field(default_factory=list)


def _segments(el: etree._Element, heading: bool = True) -> list[tuple[etree._Element, str]]:
    """The text nodes of a provision's own words (heading, intro, content, wrap-up), in reading order."""
    out: list[tuple[etree._Element, str]] = []

    def walk(node: etree._Element) -> None:
        out.append((node, "text"))
        for child in node:
            tag = local(child.tag)
            if tag and tag not in akn.NOT_TEXT and tag not in akn.LINE_BREAKS:
                walk(child)
            out.append((child, "tail"))

    for container in el:
        if local(container.tag) == "heading":
            if heading:
                walk(container)
        elif local(container.tag) in akn.TEXT_CONTAINERS:
            blocks = [b for b in container if local(b.tag)] or [container]
            for block in blocks:
                walk(block)
    return out


def _get(node: etree._Element, attr: str) -> str:
    return (node.text if attr == "text" else node.tail) or ""


def _set(node: etree._Element, attr: str, value: str) -> None:
    if attr == "text":
        node.text = value
    else:
        node.tail = value


def _flat(el: etree._Element) -> str:
    return "".join(norm(_get(n, a)) for n, a in _segments(el))


class _Planner:
    def __init__(self, base: etree._Element, base_id: str, base_path: str) -> None:
        self.base = base
        self.base_id = base_id
        self.base_path = base_path
        self.by_eid: dict[str, etree._Element] = {}
        body = next((c for c in base if local(c.tag) in ("body", "mainBody", "amendmentBody", "portionBody")),
                    None)
        if body is not None:
            for el in body.iter():
                if local(el.tag) in akn.HIER_ELEMENTS and el.get("eId"):
                    self.by_eid.setdefault(el.get("eId", ""), el)

    def fail(self, ins: Instruction, path: str, problem: str,
             error: type[AmendmentError] = AmendmentError) -> AmendmentError:
        return error(f"proposal {ins.proposal}, instruction {ins.mod} “{ins.text}”: {problem}",
                     path=path, line=ins.line)

    def element(self, ins: Instruction, path: str, eid: str) -> etree._Element:
        el = self.by_eid.get(eid)
        if el is None:
            raise self.fail(ins, path, f"no provision with eId {eid!r} in {self.base_id}", TargetNotFoundError)
        return el

    def find(self, ins: Instruction, path: str, el: etree._Element, words: str,
             pos: str = "") -> tuple[tuple[etree._Element, str], int, int]:
        """The one place of ``words`` in the provision's own text: (segment, start, end).

        ``pos="end"``/``"start"``: the words must close/open the text (they are then found once).
        """
        hits: list[tuple[tuple[etree._Element, str], int, int]] = []
        segments = _segments(el)
        for node, attr in segments:
            text = norm(_get(node, attr))
            if text != _get(node, attr):
                _set(node, attr, text)
        if pos in ("start", "end"):
            filled = [(n, a) for n, a in _segments(el, heading=False) if _get(n, a).strip()]
            if filled:
                node, attr = filled[0] if pos == "start" else filled[-1]
                text = _get(node, attr)
                if pos == "end" and words and text.rstrip().endswith(words):
                    end = len(text.rstrip())
                    hits.append(((node, attr), end - len(words), end))
                elif pos == "start" and words and text.lstrip().startswith(words):
                    begin = len(text) - len(text.lstrip())
                    hits.append(((node, attr), begin, begin + len(words)))
        elif words:
            for node, attr in segments:
                text = _get(node, attr)
                hits.extend(((node, attr), m.start(), m.start() + len(words))
                            for m in re.finditer(f"(?={re.escape(words)})", text))
        where = f"in {el.get('eId')} of {self.base_id}"
        if not hits:
            if pos not in ("start", "end") and words and words in _flat(el):
                raise self.fail(ins, path, f"text “{words}” {where} runs across inline markup or blocks; "
                                           "quote words within one stretch of text", TargetNotFoundError)
            at = {"end": " at the end of the text", "start": " at the start of the text"}.get(pos, "")
            raise self.fail(ins, path, f"text “{words}” not found{at} {where}", TargetNotFoundError)
        if len(hits) > 1:
            raise self.fail(ins, path, f"text “{words}” found {len(hits)} times {where}; quote more words "
                                       "so that it is found once", TargetNotFoundError)
        return hits[0]

    def plan(self, ins: Instruction, path: str, source: Source) -> _Op:
        el = self.element(ins, path, ins.destination)
        structure = source.quoted.get(f"\x00{ins.eid}")
        if ins.type == "renumbering":
            return self.renumbering(ins, path, el)
        if ins.type == "insertion" and structure is not None:
            return self.insert_structure(ins, path, el, structure)
        if ins.type == "insertion":
            return self.insert_words(ins, path, el)
        if ins.type == "repeal" and not ins.old:
            return _Op(ins, path, "remove", el, slot=self.slot(el, "at"))
        if ins.type == "substitution" and structure is not None and not ins.old:
            return _Op(ins, path, "replace", el, slot=self.slot(el, "at"), new=_hier_children(structure))
        if ins.type == "substitution" and not ins.old:
            raise self.fail(ins, path, "a substitution of words needs the <old> words it replaces")
        if len(ins.new) > 1 or structure is not None:
            raise self.fail(ins, path, "words are replaced by one quoted text")
        segment, start, end = self.find(ins, path, el, ins.old, ins.pos if ins.pos in ("start", "end") else "")
        replacement = ins.new[0] if ins.new else ""
        if ins.type == "repeal":
            if ins.new:
                raise self.fail(ins, path, "a repeal of words takes no <new> words")
            start, end = repeal_span(self.segment_text(el, segment), start, end)
        return _Op(ins, path, "text", el, segment=segment, start=start, end=end, span=(start, end),
                   replacement=replacement)

    @staticmethod
    def segment_text(el: etree._Element, key: tuple[etree._Element, str]) -> str:
        return _get(*key)

    def insert_words(self, ins: Instruction, path: str, el: etree._Element) -> _Op:
        if len(ins.new) != 1 or not ins.new[0].strip():
            raise self.fail(ins, path, "an insertion of words needs one <new> quoted text")
        new = ins.new[0]
        if ins.old:
            if ins.pos not in ("after", "before"):
                raise self.fail(ins, path, "words inserted next to <old> words need pos=\"after\" or \"before\"")
            segment, a, b = self.find(ins, path, el, ins.old)
            text = self.segment_text(el, segment)
            point = b if ins.pos == "after" else a
            return _Op(ins, path, "text", el, segment=segment, start=point, end=point, span=(a, b),
                       replacement=spaced(text, point, new))
        if ins.pos not in ("start", "end"):
            raise self.fail(ins, path, "words inserted without <old> anchor words need pos=\"start\" or \"end\"")
        segments = _segments(el, heading=False)
        if not segments:
            raise self.fail(ins, path, f"{el.get('eId')} of {self.base_id} has no text to insert words into")
        node, attr = segments[0] if ins.pos == "start" else segments[-1]
        text = norm(_get(node, attr))
        _set(node, attr, text)
        if ins.pos == "start":
            point = len(text) - len(text.lstrip())
        else:
            point = len(text.rstrip())
        return _Op(ins, path, "text", el, segment=(node, attr), start=point, end=point, span=(point, point),
                   replacement=spaced(text, point, new))

    def insert_structure(self, ins: Instruction, path: str, el: etree._Element, qs: etree._Element) -> _Op:
        new = _hier_children(qs)
        if not new:
            raise self.fail(ins, path, "the quoted structure holds no provision to insert")
        if ins.pos in ("after", "before"):
            return _Op(ins, path, "insert", el, slot=self.slot(el, ins.pos), new=new, before=ins.pos == "before")
        if ins.pos in ("start", "end", "inside", ""):
            kids = [c for c in el if local(c.tag) in akn.HIER_ELEMENTS]
            if not kids:
                raise self.fail(ins, path, f"{el.get('eId')} of {self.base_id} has no list to insert into")
            anchor = kids[0] if ins.pos == "start" else kids[-1]
            where = "before" if ins.pos == "start" else "after"
            return _Op(ins, path, "insert", anchor, slot=self.slot(anchor, where), new=new, before=where == "before")
        raise self.fail(ins, path, f"insertion pos {ins.pos!r} is not one of after, before, start, end")

    def slot(self, el: etree._Element, where: str) -> tuple[etree._Element | None, int]:
        """A place among siblings: (parent, index of the gap) for insertions, (parent, -1-index) for an element."""
        parent = el.getparent()
        kids = [c for c in parent if local(c.tag) in akn.HIER_ELEMENTS] if parent is not None else [el]
        index = kids.index(el)
        if where == "at":
            return parent, -1 - index
        return parent, index + (1 if where == "after" else 0)

    def renumbering(self, ins: Instruction, path: str, el: etree._Element) -> _Op:
        targets = [el]
        if ins.up_to:
            last = self.element(ins, path, ins.up_to)
            parent = el.getparent()
            if parent is None or last.getparent() is not parent:
                raise self.fail(ins, path, f"{ins.destination} and {ins.up_to} are not in the same list")
            kids = [c for c in parent if local(c.tag) in akn.HIER_ELEMENTS]
            i, j = kids.index(el), kids.index(last)
            if j < i:
                raise self.fail(ins, path, f"{ins.up_to} comes before {ins.destination}")
            targets = kids[i:j + 1]
        if not ins.new:
            raise self.fail(ins, path, "a renumbering needs the <new> number")
        if len(ins.new) == len(targets):
            nums = list(ins.new)
        elif len(ins.new) in (1, 2):
            nums = [ins.new[0]]
            while len(nums) < len(targets):
                following = next_number(nums[-1])
                if following is None:
                    raise self.fail(ins, path, f"cannot count on from {nums[-1]!r}; give every new number")
                nums.append(following)
            if len(ins.new) == 2 and nums[-1] != ins.new[1]:
                raise self.fail(ins, path, f"renumbering {len(targets)} provisions from {ins.new[0]} ends at "
                                           f"{nums[-1]}, not {ins.new[1]}")
        else:
            raise self.fail(ins, path, f"{len(ins.new)} new numbers for {len(targets)} provisions")
        return _Op(ins, path, "renumber", el, targets=targets, nums=nums)


def _hier_children(qs: etree._Element) -> list[etree._Element]:
    return [c for c in qs if local(c.tag) in akn.HIER_ELEMENTS]


# -- conflicts ---------------------------------------------------------------------------------

def _contains(outer: etree._Element, inner: etree._Element) -> bool:
    node: etree._Element | None = inner
    while node is not None:
        if node is outer:
            return True
        node = node.getparent()
    return False


def _clash(a: _Op, b: _Op) -> tuple[str, str]:
    """Why two planned operations cannot both apply in either order, and where ('' when they can)."""
    if a.kind == "text" and b.kind == "text":
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
        if x.kind in ("remove", "replace"):
            where = x.element.get("eId", "")
            if y.kind in ("remove", "replace") and x.element is y.element:
                return "both delete or replace the same provision", where
            if y.kind != "insert" and _contains(x.element, y.element):
                return "one deletes or replaces a provision the other changes", where
            if y.kind == "insert" and _contains(x.element, y.element):
                return "one deletes or replaces a provision next to which the other inserts", where
            if y.kind == "renumber" and any(_contains(x.element, t) for t in y.targets):
                return "one deletes a provision the other renumbers", where
    if a.kind == "insert" and b.kind == "insert" and a.slot == b.slot:
        parent = a.element.getparent()
        return "both insert a provision at the same place", parent.get("eId", "") if parent is not None else ""
    if a.kind == "renumber" and b.kind == "renumber":
        common = [t for t in a.targets if any(t is u for u in b.targets)]
        if common:
            return "both renumber the same provision", common[0].get("eId", "")
    for x, y in ((a, b), (b, a)):
        # Each proposal numbers against the base: an insertion next to provisions another proposal
        # renumbers takes a number the renumbering also gives out ((l) after (k), and (k) -> (l)).
        # Within one proposal, an insertion and its renumbering are one coordinated act.
        if (x.kind == "insert" and y.kind == "renumber" and x.ins.proposal != y.ins.proposal
                and any(t.getparent() is x.slot[0] for t in y.targets)):
            parent = x.slot[0]
            return (INSERT_INTO_RENUMBERED, parent.get("eId", "") if parent is not None else "")
    return "", ""


INSERT_INTO_RENUMBERED = ("one inserts a provision into a list whose provisions the other renumbers: "
                          "their numbers collide")


def _one_report_per_collision(conflicts: list[Conflict]) -> list[Conflict]:
    """Two proposals that each insert into a list and renumber the same provision collide once: report
    that renumbering, not also each insertion next to the other's renumbered provisions."""
    renumbering = {frozenset(c.proposals) for c in conflicts if c.reason == "both renumber the same provision"}
    return [c for c in conflicts if not (c.reason == INSERT_INTO_RENUMBERED and frozenset(c.proposals) in renumbering)]


# -- application -------------------------------------------------------------------------------

@dataclass
class _Plan:
    ops: list[_Op]
    conflicts: list[Conflict]


def _plan(sources: Sequence[Source], planner: _Planner) -> _Plan:
    ops: list[_Op] = []
    for source in sources:
        amendment = source.amendment
        if amendment.base != planner.base_id:
            raise AmendmentError(f"proposal {amendment.id} is based on {amendment.base}, not {planner.base_id}",
                                 path=amendment.path)
        ops.extend(planner.plan(ins, amendment.path, source) for ins in amendment.instructions)
    conflicts = []
    for i, a in enumerate(ops):
        for b in ops[i + 1:]:
            reason, where = _clash(a, b)
            if not reason:
                continue
            if a.ins.proposal == b.ins.proposal:
                raise AmendmentError(
                    f"proposal {a.ins.proposal}: instructions {a.ins.mod} “{a.ins.text}” and {b.ins.mod} "
                    f"“{b.ins.text}” overlap at {where}: {reason}", path=a.path, line=b.ins.line)
            conflicts.append(Conflict(where, a.ins, b.ins, reason))
    return _Plan(ops, _one_report_per_collision(conflicts))


def _edit_text(ops: list[_Op]) -> None:
    """Apply word edits per text node, from the end, with positions taken in the base."""
    by_segment: dict[tuple[etree._Element | None, str], list[_Op]] = {}
    for op in ops:
        by_segment.setdefault(op.segment, []).append(op)
    for (node, attr), edits in by_segment.items():
        assert node is not None
        text = _get(node, attr)
        for op in sorted(edits, key=lambda o: (o.start, o.end), reverse=True):
            text = text[:op.start] + op.replacement + text[op.end:]
        _set(node, attr, text)


def _place(op: _Op) -> None:
    new = [copy.deepcopy(el) for el in op.new]
    for el in new:
        el.set("{urn:cahtool:internal}inserted", "1")
    if op.kind == "insert":
        # Where to go was decided against the base: other insertions may have shifted the siblings since.
        anchor = op.element
        if op.before:
            for el in new:
                anchor.addprevious(el)
        else:
            for el in reversed(new):
                anchor.addnext(el)
        return
    parent = op.element.getparent()
    assert parent is not None
    for el in new:
        op.element.addprevious(el)
    tail = op.element.tail
    parent.remove(op.element)
    if new and tail is not None:
        new[-1].tail = tail


def _decorated(el: etree._Element, num: str) -> str:
    """A bare new number (``l``) dressed as the provision's old one (``(k)`` → ``(l)``); a full one as is."""
    if not re.fullmatch(r"[0-9A-Za-z]+", num):
        return num
    found = el.find(f"{_A}num")
    old = " ".join("".join(itertext(found)).split()) if found is not None else ""
    m = re.fullmatch(r"(.*?)([0-9A-Za-z]+)(\W*)", old)
    return f"{m.group(1)}{num}{m.group(3)}" if m else num


def _set_num(el: etree._Element, num: str) -> None:
    found = el.find(f"{_A}num")
    if found is None:
        found = etree.Element(f"{_A}num")
        el.insert(0, found)
    for child in list(found):
        found.remove(child)
    found.text = num


def _rename(el: etree._Element, new_eid: str) -> None:
    """Give a provision a new eId, and its descendants the matching prefix."""
    old = el.get("eId", "")
    el.set("eId", new_eid)
    for node in el.iterdescendants():
        eid = node.get("eId") if isinstance(node.tag, str) else None
        if eid and old and eid.startswith(old + "__"):
            node.set("eId", new_eid + eid[len(old):])


def _component(el: etree._Element) -> str:
    num = el.find(f"{_A}num")
    text = " ".join("".join(itertext(num)).split()) if num is not None else ""
    parent = el.getparent()
    same = [c for c in parent if c.tag == el.tag] if parent is not None else [el]
    return akn.eid_component(local(el.tag), text, same.index(el) + 1)


def _parent_eid(el: etree._Element) -> str:
    node = el.getparent()
    while node is not None and local(node.tag) not in akn.HIER_ELEMENTS:
        node = node.getparent()
    return node.get("eId", "") if node is not None else ""


def _eids_for_inserted(el: etree._Element) -> None:
    """Name an inserted provision and its descendants after their place in the consolidated text."""
    prefix = _parent_eid(el)
    old = el.get("eId", "")
    new_eid = (prefix + "__" if prefix else "") + _component(el)
    el.set("eId", new_eid)
    for child in el:
        if local(child.tag) in akn.HIER_ELEMENTS:
            _eids_for_inserted(child)
        else:
            for node in child.iter():
                eid = node.get("eId") if isinstance(node.tag, str) else None
                if eid and old and eid.startswith(old + "__"):
                    node.set("eId", new_eid + eid[len(old):])
                elif eid:
                    del node.attrib["eId"]


def _apply(plan: _Plan) -> None:
    _edit_text([op for op in plan.ops if op.kind == "text"])
    for op in plan.ops:
        if op.kind in ("insert", "replace"):
            _place(op)
    for op in plan.ops:
        if op.kind == "remove":
            parent = op.element.getparent()
            assert parent is not None
            _keep_tail(op.element)
            parent.remove(op.element)
    for op in plan.ops:
        if op.kind == "renumber":
            for target, num in zip(op.targets, op.nums, strict=True):
                _set_num(target, _decorated(target, num))
    for op in plan.ops:
        if op.kind == "renumber":
            for target in op.targets:
                prefix = _parent_eid(target)
                _rename(target, (prefix + "__" if prefix else "") + _component(target))


def _keep_tail(el: etree._Element) -> None:
    prev = el.getprevious()
    if el.tail and prev is not None and not (prev.tail or "").strip():
        prev.tail = el.tail


def _check_unique(body: etree._Element, sources: Sequence[Source], base_id: str) -> None:
    seen: dict[str, etree._Element] = {}
    for el in body.iter():
        if not isinstance(el.tag, str) or local(el.tag) not in akn.HIER_ELEMENTS:
            continue
        parent = el.getparent()
        if parent is not None and local(parent.tag) in akn.HIER_ELEMENTS:
            kids = [c for c in parent if local(c.tag) in akn.HIER_ELEMENTS]
            if not kids:
                continue
        eid = el.get("eId", "")
        if eid in seen:
            who = ", ".join(s.amendment.id for s in sources)
            num = el.find(f"{_A}num")
            shown = " ".join("".join(itertext(num)).split()) if num is not None else eid
            raise AmendmentError(
                f"{'proposals' if len(sources) > 1 else 'proposal'} {who}: applied to {base_id}, two provisions "
                f"are numbered {shown} (eId {eid}): an insertion collides with an existing provision; "
                "renumber the provisions that follow it", path=sources[0].amendment.path)
        seen[eid] = el
    for parent in body.iter():
        if isinstance(parent.tag, str) and local(parent.tag) in akn.HIER_ELEMENTS:
            has_text = any(local(c.tag) == "content" for c in parent)
            has_kids = any(local(c.tag) in akn.HIER_ELEMENTS for c in parent)
            if not has_text and not has_kids:
                who = ", ".join(s.amendment.id for s in sources)
                raise AmendmentError(f"proposal {who}: applied to {base_id}, {parent.get('eId')} is left "
                                     "with neither text nor provisions; repeal it instead",
                                     path=sources[0].amendment.path)


def _clean(body: etree._Element) -> None:
    for el in body.iter():
        if isinstance(el.tag, str) and "{urn:cahtool:internal}inserted" in el.attrib:
            del el.attrib["{urn:cahtool:internal}inserted"]
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


def find_conflicts(proposals: Sequence[tuple[etree._ElementTree, str]], base: etree._ElementTree,
                   base_path: str) -> tuple[Conflict, ...]:
    """Every pair of instructions of different proposals that cannot apply together (nothing applied)."""
    work = copy.deepcopy(base)
    doc = document_element(work, base_path)
    base_id, uris = _base_identity(doc, base_path)
    return tuple(_plan(_sources(proposals, uris, base_id), _Planner(doc, base_id, base_path)).conflicts)


def apply_amendment_trees(proposals: Sequence[tuple[etree._ElementTree, str]], base: etree._ElementTree,
                          base_path: str) -> etree._ElementTree:
    """The consolidated text: a new tree, the base with every proposal applied (the base is not touched)."""
    work = copy.deepcopy(base)
    doc = document_element(work, base_path)
    base_id, uris = _base_identity(doc, base_path)
    sources = _sources(proposals, uris, base_id)
    plan = _plan(sources, _Planner(doc, base_id, base_path))
    if plan.conflicts:
        first = plan.conflicts[0]
        paths = {s.amendment.id: s.amendment.path for s in sources}
        raise AmendmentError(first.message(), path=paths[first.second.proposal], line=first.second.line)
    _apply(plan)
    body = next(c for c in doc if local(c.tag) in ("body", "mainBody", "portionBody", "amendmentBody"))
    for el in list(body.iter()):
        if isinstance(el.tag, str) and el.get("{urn:cahtool:internal}inserted"):
            _eids_for_inserted(el)
    _clean(body)
    _check_unique(body, sources, base_id)
    consolidate_meta(doc, [s.doc for s in sources], [s.amendment for s in sources], base_id)
    return work


def apply_amendment_bytes(proposals: Sequence[tuple[bytes, str]], base: bytes, base_path: str) -> bytes:
    """Parse proposals and base with the hardened parser; return the consolidated AKN as bytes."""
    trees = [(parse_bytes(data, path), path) for data, path in proposals]
    return serialise(apply_amendment_trees(trees, parse_bytes(base, base_path), base_path))


def apply_amendment_files(proposals: Sequence[str | Path], base: str | Path) -> bytes:
    """Read proposal files and their base file; return the consolidated AKN as bytes."""
    return apply_amendment_bytes([(read_bytes(p), str(p)) for p in proposals], read_bytes(base), str(base))


def find_conflicts_bytes(proposals: Sequence[tuple[bytes, str]], base: bytes,
                         base_path: str) -> tuple[Conflict, ...]:
    """``find_conflicts`` on unparsed proposals and base."""
    trees = [(parse_bytes(data, path), path) for data, path in proposals]
    return find_conflicts(trees, parse_bytes(base, base_path), base_path)


__all__ = [
    "Amendment", "Conflict", "Instruction", "apply_amendment_bytes", "apply_amendment_files",
    "apply_amendment_trees", "consolidated_id", "find_conflicts", "find_conflicts_bytes", "next_number",
    "read_amendment", "read_amendment_bytes", "read_amendment_file", "repeal_span", "spaced",
]
