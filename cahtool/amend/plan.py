"""Planning an amendment: every instruction resolved against the base before anything changes.

Each instruction becomes a ``Planned`` action on an element of the base (a word edit inside one stretch of
text, an insertion, removal or replacement of provisions, a renumbering), found by eId and by the quoted
old words, exactly once; positions are taken in the base, so proposals that do not overlap apply in any
order. ``plan`` then pairs the actions of different proposals that ``conflicts.clash`` says cannot apply
together.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field

from lxml import etree

from cahtool.akn import HIER_ELEMENTS, LINE_BREAKS, NOT_TEXT, TEXT_CONTAINERS, local, next_number
from cahtool.amend.instructions import Conflict, Source
from cahtool.amend.spacing import norm, repeal_span, spaced
from cahtool.errors import AmendmentError, TargetNotFoundError
from cahtool.model import Instruction


class Action(enum.Enum):
    """What a planned instruction does to the base tree."""

    TEXT = "text"  # edit words inside one stretch of a provision's text
    INSERT = "insert"  # new provisions after or before an anchor
    REMOVE = "remove"  # a provision deleted
    REPLACE = "replace"  # a provision replaced by new ones
    RENUMBER = "renumber"  # provisions given new numbers


@dataclass
class Planned:
    ins: Instruction
    path: str
    kind: Action
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
    for container in el:
        if local(container.tag) == "heading":
            if heading:
                _text_nodes(container, out)
        elif local(container.tag) in TEXT_CONTAINERS:
            blocks = [b for b in container if local(b.tag)] or [container]
            for block in blocks:
                _text_nodes(block, out)
        elif local(container.tag) == "p":  # a recital's or a block's own paragraphs
            _text_nodes(container, out)
    return out


def _text_nodes(node: etree._Element, out: list[tuple[etree._Element, str]]) -> None:
    """The text nodes of a block and its inline elements, onto ``out`` (a function, not a closure that calls
    itself: that is a cycle, kept with the elements it holds until the garbage collector looks)."""
    out.append((node, "text"))
    for child in node:
        tag = local(child.tag)
        if tag and tag not in NOT_TEXT and tag not in LINE_BREAKS:
            _text_nodes(child, out)
        out.append((child, "tail"))


#: Every element with an eId outside the metadata and outside a quoted structure, in document order, found in C
#: (a loop in Python looked at every element of the base once per proposal: most of applying a short one).
_NAMED = etree.XPath("*[local-name() != 'meta']/descendant-or-self::*[@eId != '']"
                     "[not(ancestor::*[local-name() = 'quotedStructure' or local-name() = 'embeddedStructure'])]")


#: ``_NAMED``'s first element with one eId (``$eid``), found in C without listing the others.
_ONE = etree.XPath("(*[local-name() != 'meta']/descendant-or-self::*[@eId = $eid]"
                   "[not(ancestor::*[local-name() = 'quotedStructure' or local-name() = 'embeddedStructure'])])[1]")
#: eIds looked for one by one before the planner lists every named element of the base (a long proposal names many).
_ONE_BY_ONE = 8


def _named(doc: etree._Element) -> list[etree._Element]:
    found = _NAMED(doc)
    assert isinstance(found, list)
    return found


def get_text(node: etree._Element, attr: str) -> str:
    """The text (``attr="text"``) or tail of a node, never None."""
    return (node.text if attr == "text" else node.tail) or ""


def set_text(node: etree._Element, attr: str, value: str) -> None:
    """Set the text (``attr="text"``) or tail of a node."""
    if attr == "text":
        node.text = value
    else:
        node.tail = value


def _flat(el: etree._Element) -> str:
    return "".join(norm(get_text(n, a)) for n, a in _segments(el))


class Planner:
    def __init__(self, base: etree._Element, base_id: str, base_path: str) -> None:
        self.base = base
        self.base_id = base_id
        self.base_path = base_path
        # Every provision of the base an instruction may name: of the body, and of its preamble, annexes...
        # (a quoted structure's provisions are not the base's, and metadata is not text).
        # Found one by one for the first few (a proposal names a provision or two; listing every element of a long
        # base as Python objects, for each proposal on it, was a third of applying it), then all at once.
        self.by_eid: dict[str, etree._Element] | None = None
        self._looked: dict[str, etree._Element | None] = {}
        # Lists of siblings, by parent and tag (planning moves nothing: they hold until the plan is applied).
        self._siblings: dict[tuple[etree._Element, object],
                             tuple[list[etree._Element], dict[etree._Element, int]]] = {}

    def fail(self, ins: Instruction, path: str, problem: str,
             error: type[AmendmentError] = AmendmentError) -> AmendmentError:
        return error(f"proposal {ins.proposal}, instruction {ins.mod} “{ins.text}”: {problem}",
                     path=path, line=ins.line)

    def named(self, eid: str) -> etree._Element | None:
        """The first element of the base with this eId (outside the metadata and quoted structures), or None."""
        if self.by_eid is None:
            if eid in self._looked:
                return self._looked[eid]
            if len(self._looked) < _ONE_BY_ONE:
                found = _ONE(self.base, eid=eid) if eid else []
                assert isinstance(found, list)
                el = self._looked[eid] = found[0] if found else None
                return el
            self.by_eid = {}
            for el in _named(self.base):
                self.by_eid.setdefault(el.get("eId", ""), el)
        return self.by_eid.get(eid)

    def element(self, ins: Instruction, path: str, eid: str) -> etree._Element:
        el = self.named(eid)
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
            text = norm(get_text(node, attr))
            if text != get_text(node, attr):
                set_text(node, attr, text)
        if pos in ("start", "end"):
            filled = [(n, a) for n, a in _segments(el, heading=False) if get_text(n, a).strip()]
            if filled:
                node, attr = filled[0] if pos == "start" else filled[-1]
                text = get_text(node, attr)
                if pos == "end" and words and text.rstrip().endswith(words):
                    end = len(text.rstrip())
                    hits.append(((node, attr), end - len(words), end))
                elif pos == "start" and words and text.lstrip().startswith(words):
                    begin = len(text) - len(text.lstrip())
                    hits.append(((node, attr), begin, begin + len(words)))
        elif words:
            for node, attr in segments:
                text = get_text(node, attr)
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

    def plan(self, ins: Instruction, path: str, source: Source) -> Planned:
        el = self.element(ins, path, ins.destination)
        structure = source.structures.get(ins.eid)
        if ins.type == "renumbering":
            return self.renumbering(ins, path, el)
        if ins.type == "insertion" and structure is not None:
            return self.insert_structure(ins, path, el, structure)
        if ins.type == "insertion":
            return self.insert_words(ins, path, el)
        if ins.type == "repeal" and not ins.old:
            return Planned(ins, path, Action.REMOVE, el, slot=self.slot(el, "at"))
        if ins.type == "substitution" and structure is not None and not ins.old:
            return Planned(ins, path, Action.REPLACE, el, slot=self.slot(el, "at"), new=hier_children(structure))
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
        return Planned(ins, path, Action.TEXT, el, segment=segment, start=start, end=end, span=(start, end),
                   replacement=replacement)

    @staticmethod
    def segment_text(el: etree._Element, key: tuple[etree._Element, str]) -> str:
        return get_text(*key)

    def insert_words(self, ins: Instruction, path: str, el: etree._Element) -> Planned:
        if len(ins.new) != 1 or not ins.new[0].strip():
            raise self.fail(ins, path, "an insertion of words needs one <new> quoted text")
        new = ins.new[0]
        if ins.old:
            if ins.pos not in ("after", "before"):
                raise self.fail(ins, path, "words inserted next to <old> words need pos=\"after\" or \"before\"")
            segment, a, b = self.find(ins, path, el, ins.old)
            text = self.segment_text(el, segment)
            point = b if ins.pos == "after" else a
            return Planned(ins, path, Action.TEXT, el, segment=segment, start=point, end=point, span=(a, b),
                       replacement=spaced(text, point, new))
        if ins.pos not in ("start", "end"):
            raise self.fail(ins, path, "words inserted without <old> anchor words need pos=\"start\" or \"end\"")
        segments = _segments(el, heading=False)
        if not segments:
            raise self.fail(ins, path, f"{el.get('eId')} of {self.base_id} has no text to insert words into")
        node, attr = segments[0] if ins.pos == "start" else segments[-1]
        text = norm(get_text(node, attr))
        set_text(node, attr, text)
        if ins.pos == "start":
            point = len(text) - len(text.lstrip())
        else:
            point = len(text.rstrip())
        return Planned(ins, path, Action.TEXT, el, segment=(node, attr), start=point, end=point, span=(point, point),
                   replacement=spaced(text, point, new))

    def insert_structure(self, ins: Instruction, path: str, el: etree._Element, qs: etree._Element) -> Planned:
        new = hier_children(qs)
        if not new:
            raise self.fail(ins, path, "the quoted structure holds no provision to insert")
        if ins.pos in ("after", "before"):
            return Planned(ins, path, Action.INSERT, el, slot=self.slot(el, ins.pos), new=new,
                           before=ins.pos == "before")
        if ins.pos in ("start", "end", "inside", ""):
            kids = [c for c in el if local(c.tag) in HIER_ELEMENTS]
            if not kids:
                raise self.fail(ins, path, f"{el.get('eId')} of {self.base_id} has no list to insert into")
            anchor = kids[0] if ins.pos == "start" else kids[-1]
            where = "before" if ins.pos == "start" else "after"
            return Planned(ins, path, Action.INSERT, anchor, slot=self.slot(anchor, where), new=new,
                           before=where == "before")
        raise self.fail(ins, path, f"insertion pos {ins.pos!r} is not one of after, before, start, end")

    def siblings(self, el: etree._Element) -> tuple[list[etree._Element], dict[etree._Element, int]]:
        """``_siblings(el)``, and the place of each in it: counted once per list, not once per instruction."""
        parent = el.getparent()
        if parent is None:
            return [el], {el: 0}
        key = (parent, el.tag)  # what _siblings depends on
        found = self._siblings.get(key)
        if found is None:
            kids = _siblings(el)
            places: dict[etree._Element, int] = {}
            for k, kid in enumerate(kids):
                places.setdefault(kid, k)
            found = self._siblings[key] = (kids, places)
        return found

    def slot(self, el: etree._Element, where: str) -> tuple[etree._Element | None, int]:
        """A place among siblings: (parent, index of the gap) for insertions, (parent, -1-index) for an element."""
        parent = el.getparent()
        index = self.siblings(el)[1][el]
        if where == "at":
            return parent, -1 - index
        return parent, index + (1 if where == "after" else 0)

    def renumbering(self, ins: Instruction, path: str, el: etree._Element) -> Planned:
        targets = [el]
        if ins.up_to:
            last = self.element(ins, path, ins.up_to)
            parent = el.getparent()
            if parent is None or last.getparent() is not parent:
                raise self.fail(ins, path, f"{ins.destination} and {ins.up_to} are not in the same list")
            kids, places = self.siblings(el)
            i, j = places[el], places.get(last, -1)
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
        return Planned(ins, path, Action.RENUMBER, el, targets=targets, nums=nums)


def _siblings(el: etree._Element) -> list[etree._Element]:
    """A provision and the provisions beside it (a recital among recitals, a point among points)."""
    parent = el.getparent()
    if parent is None:
        return [el]
    return [c for c in parent if local(c.tag) in HIER_ELEMENTS or c.tag == el.tag]


def hier_children(qs: etree._Element) -> list[etree._Element]:
    return [c for c in qs if local(c.tag) in HIER_ELEMENTS]


@dataclass
class Plan:
    """Every planned action of the proposals applied together, and the conflicts between proposals."""

    ops: list[Planned]
    conflicts: list[Conflict]
