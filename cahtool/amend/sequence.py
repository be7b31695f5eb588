"""Proposals that renumber one list, applied in the order given: the list numbered on as they go.

Each proposal numbers against its base: Sierra Leone inserts (d) and renumbers (d)–(k) as (e)–(l); the gender
apartheid proposal inserts (k) after (j) and renumbers (k) as (l). Alone, each is exact. Together their
numbers collide, although their words do not: read one after the other (the second on the text the first
made), the list simply runs on, (a) … (l) gender apartheid, (m) other inhumane acts. So when proposals
collide *only* on numbers, every renumbering of that list is set aside, their insertions and deletions are
applied, and the list is numbered in sequence from the first provision they touch; each provision that
ends with another number than its proposal gave it is reported (``Moved``), so that nothing moves unsaid.

This holds only where each proposal counts on in sequence ((e), (f), (g) …): a renumbering that skips or
repeats a number expresses something else, and the conflict stands.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

from lxml import etree

from cahtool.akn import AKN, HIER_ELEMENTS, dressed, local, next_number, text_of
from cahtool.amend.conflicts import INSERT_INTO_RENUMBERED, RENUMBER_SAME
from cahtool.amend.eids import INSERTED, set_num
from cahtool.amend.instructions import Conflict
from cahtool.amend.plan import Action, Planned

#: The conflicts that are only about numbers.
NUMBERING = frozenset({RENUMBER_SAME, INSERT_INTO_RENUMBERED})
#: Words of a provision quoted in a note.
WORDS = 8


@dataclass(frozen=True, slots=True)
class Moved:
    """A provision numbered otherwise than its proposal said, because proposals renumber one list in turn.

    ``parent`` is the eId (in the base) of the provision holding the list; ``proposals`` the proposals that
    renumber it, in the order applied; ``inserted_by`` the proposal that inserts the provision ('' for one of
    the base, whose number there is ``base_num``); ``proposed`` what each proposal numbers it, alone.
    """

    parent: str
    proposals: tuple[str, ...]
    words: str
    inserted_by: str
    base_num: str
    proposed: tuple[tuple[str, str], ...]
    num: str

    def message(self, parent_label: str = "") -> str:
        """One line: what moved, from what each proposal said to what it is now."""
        where = parent_label or self.parent
        said = ", ".join(f"{num} by {pid}" for pid, num in self.proposed)
        if self.inserted_by:
            what = f"“{self.words}”, inserted as {said}"
        else:
            what = f"“{self.words}”, {self.base_num} in the base" + (f", renumbered {said}" if said else "")
        return (f"{where} is renumbered by {', then '.join(self.proposals)} (applied in this order, the list "
                f"numbered on): {what}, is {self.num}")


def collides_only_on_numbers(conflicts: list[Conflict]) -> bool:
    """True when every conflict between the proposals is about numbers, none about words or places."""
    return bool(conflicts) and all(c.reason in NUMBERING for c in conflicts)


def _hier(parent: etree._Element) -> list[etree._Element]:
    return [c for c in parent if isinstance(c.tag, str) and local(c.tag) in HIER_ELEMENTS]


def _num(el: etree._Element) -> str:
    found = el.find(f"{AKN}num")
    return text_of(found) if found is not None else ""


def _words(el: etree._Element) -> str:
    text = " ".join(" ".join(t for t in el.itertext() if t).split())
    num = _num(el)
    text = text.removeprefix(num).strip()
    words = text.split(" ")
    return " ".join(words[:WORDS]) + (" …" if len(words) > WORDS else "")


def plan_sequence(ops: list[Planned], conflicts: list[Conflict]) -> tuple[list[Planned], list[etree._Element]] | None:
    """The operations to apply (the renumberings of the colliding lists left out) and those lists' parents.

    None when a renumbering does not count on in sequence, so that numbering on would not be what it says.
    """
    involved = {id(c.first) for c in conflicts} | {id(c.second) for c in conflicts}
    parents: list[etree._Element] = []
    for op in ops:
        if id(op.ins) not in involved:
            continue
        if op.kind is Action.RENUMBER:
            found = [t.getparent() for t in op.targets]
        elif op.kind is Action.INSERT:
            found = [op.slot[0]]
        else:
            found = []
        parents.extend(p for p in found if p is not None and not any(p is q for q in parents))
    dropped = [op for op in ops if op.kind is Action.RENUMBER
               and any(any(t.getparent() is p for p in parents) for t in op.targets)]
    for op in dropped:
        if any(next_number(a) != b for a, b in pairwise(op.nums)):
            return None
    return [op for op in ops if not any(op is d for d in dropped)], parents


def number_on(parents: list[etree._Element], ops: list[Planned], order: list[str]) -> list[Moved] | None:
    """Number each list in sequence from the first provision a proposal inserted or renumbered.

    ``ops`` are every planned operation (the renumberings set aside included: they say what each proposal
    numbered); the insertions and deletions are already applied. None when a number cannot be counted on.
    """
    renumbered: dict[int, list[tuple[str, str]]] = {}
    for op in ops:
        if op.kind is Action.RENUMBER:
            for target, num in zip(op.targets, op.nums, strict=True):
                renumbered.setdefault(id(target), []).append((op.ins.proposal, num))
    inserted_by: dict[int, str] = {}
    for op in ops:
        if op.kind in (Action.INSERT, Action.REPLACE):
            for el in op.new:
                inserted_by[id(el)] = op.ins.proposal
    moved: list[Moved] = []
    for parent in parents:
        kids = _hier(parent)
        touched = [k for k, el in enumerate(kids) if el.get(INSERTED) or id(el) in renumbered]
        if not touched:
            continue
        proposals = tuple(sorted({pid for el in kids for pid, _ in renumbered.get(id(el), [])}
                                 | {_inserter(el, ops) for el in kids if el.get(INSERTED)} - {""},
                                 key=order.index))
        previous = _num(kids[touched[0] - 1]) if touched[0] > 0 else ""
        for el in kids[touched[0]:]:
            was = _num(el)
            following = next_number(previous) if previous else was
            if following is None:
                return None
            num = following
            said = (tuple((pid, dressed(n, was)) for pid, n in renumbered.get(id(el), [])) if not el.get(INSERTED)
                    else ((_inserter(el, ops), was),))
            expected = said[-1][1] if said else was
            if _bare(num) != _bare(expected):
                moved.append(Moved(parent.get("eId", ""), proposals, _words(el),
                                   _inserter(el, ops) if el.get(INSERTED) else "", "" if el.get(INSERTED) else was,
                                   said, num))
            set_num(el, num)
            previous = num
    return moved


def _bare(num: str) -> str:
    return num.strip().strip("().").casefold()


def _inserter(el: etree._Element, ops: list[Planned]) -> str:
    """The proposal whose insertion this element is (a deep copy of a quoted provision, marked INSERTED)."""
    for op in ops:
        if op.kind in (Action.INSERT, Action.REPLACE) and any(_same(el, new) for new in op.new):
            return op.ins.proposal
    return ""


def _same(el: etree._Element, quoted: etree._Element) -> bool:
    return el.tag == quoted.tag and el.get("eId") == quoted.get("eId") and _num(el) == _num(quoted)

