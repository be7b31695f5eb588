"""eIds and numbers of provisions: the Akoma Ntoso naming convention, and lists numbered in sequence.

``Structure.walk`` goes down the hierarchy of a body (article › paragraph › point...), checks each
provision's eId against the one the convention gives it (its parent's eId, ``__``, the element's
abbreviation, ``_``, its number without punctuation) and each list's numbers ((a), (b), (c)...; 1., 2.;
i, ii; with "bis", "ter" insertions), and records where each provision lies in the file (``Places``),
so that any finding can say "in art. 2(1)(h)". Quoted structures of amendments are not walked: their
provisions belong to the base.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import NamedTuple

from lxml import etree

from cahtool.akn import (
    EID_PREFIX,
    HIER_ELEMENTS,
    citation,
    eid_component,
    list_position,
    local,
    num_token,
    numbering,
    shape,
    text_of,
    token_key,
    written,
)
from cahtool.check.rules import finding
from cahtool.model import Finding


@dataclass
class Places:
    """Which provision a line of the file belongs to: the innermost whose lines contain it."""

    spans: list[tuple[int, int, int, str, str]] = field(default_factory=list)  # start, end, depth, label, eid

    def add(self, el: etree._Element, depth: int, label: str, eid: str) -> None:
        end = 1 << 62
        node: etree._Element | None = el
        while node is not None:
            following = node.getnext()
            if following is not None and following.sourceline:
                end = following.sourceline - 1
                break
            node = node.getparent()
        self.spans.append((el.sourceline or 0, max(end, el.sourceline or 0), depth, label, eid))

    def at(self, line: int) -> tuple[str, str]:
        best = ("", "", -1)
        for start, end, depth, label, eid in self.spans:
            if start <= line <= end and depth > best[2]:
                best = (label, eid, depth)
        return best[0], best[1]


def _num(el: etree._Element) -> tuple[str, int, str]:
    """The ``<num>`` of a provision as printed, its line, and its bare token (``(h)`` → ``h``)."""
    for child in el:
        if local(child.tag) == "num":
            num = text_of(child)
            return num, child.sourceline or el.sourceline or 0, num_token(num)
    return "", el.sourceline or 0, ""


class _Item(NamedTuple):
    """A provision among its siblings: element, tag, number as printed, line of the number, bare token."""

    el: etree._Element
    tag: str
    num: str
    line: int
    token: str


@dataclass
class Structure:
    """The eId and numbering rules over a body, collecting findings and where each provision lies."""

    path: str
    places: Places
    findings: list[Finding] = field(default_factory=list)
    consolidated: bool = False  # a proposal applied to its base: the advice is about the proposal

    def walk(self, parent: etree._Element, parent_eid: str, parent_label: str, depth: int) -> None:
        items = [_Item(c, local(c.tag), *_num(c)) for c in parent if local(c.tag) in HIER_ELEMENTS]
        positions: dict[str, int] = defaultdict(int)
        for child, tag, num, _, token in items:
            positions[tag] += 1
            component = eid_component(tag, num, positions[tag])
            expected = f"{parent_eid}__{component}" if parent_eid else component
            eid = child.get("eId") or ""
            label = citation(parent_label, tag, num, eid or expected)
            self.places.add(child, depth, label, eid)
            where = label or f"<{tag}>"
            if not eid:
                self.findings.append(finding(
                    "CAH402", self.path, child.sourceline,
                    f'{where} has no eId: add eId="{expected}" (proposals and links address provisions by eId)'))
            elif not self._eid_ok(eid, tag, token, parent_eid):
                self.findings.append(finding(
                    "CAH403", self.path, child.sourceline,
                    f'{where}: eId "{eid}" does not follow the Akoma Ntoso naming convention for this {tag} '
                    f'{"numbered " + num if num else "(unnumbered)"} inside '
                    f'{parent_eid or "the body"}: expected "{expected}" (fix every reference to it too)', eid))
            self.walk(child, eid or expected, label, depth + 1)
        self._numbers(items, parent_label, top=not parent_eid)

    @staticmethod
    def _eid_ok(eid: str, tag: str, num_token: str, parent_eid: str) -> bool:
        head, sep, component = eid.rpartition("__")
        if head != parent_eid or (parent_eid and not sep):
            return False
        prefix, underscore, token = component.partition("_")
        if not underscore or prefix != EID_PREFIX.get(tag, tag) or not re.fullmatch(r"[0-9A-Za-z-]+", token):
            return False
        return not num_token or token_key(token) == token_key(num_token)

    def _numbers(self, items: list[_Item], parent_label: str, top: bool) -> None:
        by_tag: dict[str, list[_Item]] = defaultdict(list)
        for item in items:
            by_tag[item.tag].append(item)
        for tag, group in by_tag.items():
            if not any(item.num for item in group):
                continue
            where = parent_label or "the body"
            self._style(tag, group, where)
            self._sequence(tag, [item for item in group if item.num], where, top)

    def _style(self, tag: str, group: list[_Item], where: str) -> None:
        first = next((item.num for item in group if item.num), "")
        style = shape(first)
        for el, _, num, line, _ in group:
            if not num:
                self.findings.append(finding(
                    "CAH405", self.path, line,
                    f"a {tag} of {where} has no number while the others do: add its <num> as printed",
                    el.get("eId") or ""))
            elif shape(num) != style:
                self.findings.append(finding(
                    "CAH405", self.path, line,
                    f"{num} is written differently from {first} in the same list of {where}: write the "
                    "numbers as the official text prints them, all alike", el.get("eId") or ""))

    def _sequence(self, tag: str, numbered: list[_Item], where: str, top: bool) -> None:
        if not numbered:
            return
        kind = numbering([item.token for item in numbered])
        if kind is None:
            return
        previous: tuple[int, str] | None = None
        for el, _, num, line, token in numbered:
            value, suffix = list_position(token, kind)
            if value is None:
                continue
            if previous is None:
                if not top and value != 1 and not suffix:
                    self.findings.append(finding(
                        "CAH404", self.path, line,
                        f"the {tag}s of {where} start at {num}, not at {written(num, 1, kind)}: "
                        + self._advice(tag), el.get("eId") or ""))
            elif suffix:
                if value != previous[0]:
                    self.findings.append(finding(
                        "CAH404", self.path, line,
                        f"{num} follows {previous[1]} in {where}: an inserted {tag} ({suffix}) takes the number "
                        "of the one before it", el.get("eId") or ""))
            elif value == previous[0]:
                self.findings.append(finding(
                    "CAH404", self.path, line, f"{num} appears twice in {where}: " + self._advice(tag),
                    el.get("eId") or ""))
            elif value != previous[0] + 1:
                self.findings.append(finding(
                    "CAH404", self.path, line,
                    f"the numbering of {where} jumps from {previous[1]} to {num}: expected "
                    f"{written(num, previous[0] + 1, kind)}. " + self._advice(tag, gap=True), el.get("eId") or ""))
            previous = (value, num)

    def _advice(self, tag: str, gap: bool = False) -> str:
        """How to fix a numbering: in a document, against the official text; in a consolidated text, in the proposal."""
        if self.consolidated:
            advice = (f"number the {tag}s the proposal inserts so that the list stays in sequence, and renumber "
                      "those after them (a renumbering instruction)")
            return advice[0].upper() + advice[1:] if gap else advice
        if gap:
            return (f"Check it against the official text: a missing {tag} must be added (with <omissis/> if its "
                    "text is not reproduced)")
        return "check the numbers against the official text"


def duplicate_eids(root: etree._Element, path: str) -> Iterator[Finding]:
    seen: dict[str, int] = {}
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        eid = el.get("eId")
        if eid is None:
            continue
        if eid in seen:
            yield finding("CAH401", path, el.sourceline,
                          f'eId "{eid}" is already used on line {seen[eid]}: each provision needs its own eId '
                          "(check the number and the eId of this one)", eid)
        else:
            seen[eid] = el.sourceline or 0
