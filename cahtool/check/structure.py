"""eIds and numbers of provisions: lists numbered in sequence, and (for the corpus) the AKN naming convention.

``Structure.walk`` goes down the hierarchy of a document (article › paragraph › point..., through generic
containers, annexes and the documents of a collection) and checks each list's numbers: (a), (b), (c)...;
1., 2.; i, ii; with inserted numbers (5A after 5, (2A) after (2), (aa) after (a), 7 bis, 7 ter, 1-bis),
numbering that runs on across parts (sections 4 to 6 in Part 2 after 1 to 3 in Part 1), and alphabets
that skip letters (the Italian a) ... i), l), m)). Any document must have no number twice and none going
back; the corpus also wants lists without gaps, starting at 1, and every provision's eId as the naming
convention gives it (its parent's eId, ``__``, the element's abbreviation, ``_``, its number). It records
where each provision lies in the file (``Places``), so that a finding can say "in art. 2(1)(h)". Quoted
structures of amendments are not walked: their provisions belong to the text they amend.
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
    SUFFIXES,
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
from cahtool.check.positions import Positions
from cahtool.check.rules import finding
from cahtool.model import Finding

#: Containers walked through for provisions (their provisions number on in the container's parent).
_THROUGH = frozenset({"hcontainer", "attachments", "attachment", "component", "components", "collectionBody",
                      "doc", "act", "bill", "statement", "amendment", "portion", "judgment", "debate", "body",
                      "mainBody", "portionBody", "judgmentBody", "debateBody", "level"})
#: Letters some alphabets leave out of lettered lists: Italian lists run i), l), m) ... v), z).
_SKIPPABLE = frozenset("jkwxy")


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
    """The numbering (and, for the corpus, eId) rules over a document, collecting findings and places."""

    path: str
    places: Places
    positions: Positions | None = None
    corpus: bool = True  # the corpus's policy: eIds as the convention gives them, lists without gaps
    consolidated: bool = False  # a proposal applied to its base: the advice is about the proposal
    findings: list[Finding] = field(default_factory=list)
    #: the last number of each kind of provision met so far, for numbering that runs on across parts
    last: dict[str, tuple[int, str, str]] = field(default_factory=dict)

    def at(self, el: etree._Element) -> tuple[int, int]:
        return self.positions.of(el) if self.positions is not None else (el.sourceline or 0, 0)

    def at_num(self, el: etree._Element) -> tuple[int, int]:
        """Where a provision's number is written (findings about numbers point at it), else the provision."""
        num = next((c for c in el if local(c.tag) == "num"), None)
        return self.at(num if num is not None else el)

    def provisions(self, parent: etree._Element) -> list[etree._Element]:
        """The numbered provisions under a container, looking through generic containers and annexes."""
        out = []
        for child in parent:
            tag = local(child.tag)
            if tag in HIER_ELEMENTS and tag != "level":
                out.append(child)
            elif tag in _THROUGH or (tag == "level" and not any(local(c.tag) == "num" for c in child)):
                out.extend(self.provisions(child))
            elif tag == "level":
                out.append(child)
        return out

    def walk(self, parent: etree._Element, parent_eid: str, parent_label: str, depth: int) -> None:
        items = [_Item(c, local(c.tag), *_num(c)) for c in self.provisions(parent)]
        positions: dict[str, int] = defaultdict(int)
        for child, tag, num, _, token in items:
            positions[tag] += 1
            component = eid_component(tag, num, positions[tag])
            expected = f"{parent_eid}__{component}" if parent_eid else component
            eid = child.get("eId") or ""
            label = citation(parent_label, tag, num, eid or expected)
            self.places.add(child, depth, label, eid)
            where = label or f"<{tag}>"
            if self.corpus and not eid:
                self.findings.append(finding(
                    "CAH402", self.path, self.at(child),
                    f'{where} has no eId: add eId="{expected}" (proposals and links address provisions by eId)'))
            elif self.corpus and not self._eid_ok(eid, tag, token, parent_eid):
                self.findings.append(finding(
                    "CAH403", self.path, self.at(child),
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
        for el, _, num, _, _ in group:
            if not num:
                self.findings.append(finding(
                    "CAH405", self.path, self.at_num(el),
                    f"a {tag} of {where} has no number while the others do: add its <num> as printed",
                    el.get("eId") or ""))
            elif shape(num) != style:
                self.findings.append(finding(
                    "CAH405", self.path, self.at_num(el),
                    f"{num} is written differently from {first} in the same list of {where}: write the "
                    "numbers as the official text prints them, all alike", el.get("eId") or ""))

    def _sequence(self, tag: str, numbered: list[_Item], where: str, top: bool) -> None:
        kind = numbering([item.token for item in numbered])
        if kind is None:
            return
        previous = self.last.get(tag) if self.last.get(tag, (0, "", ""))[2] == kind else None
        shown: dict[str, str] = {}  # a token as the list first prints it: findings quote the number before
        for item in numbered:
            shown.setdefault(item.token, item.num)
        first = True
        for el, _, num, _, token in numbered:
            value, suffix = _position(token, kind)
            if value is None:
                continue
            at = self.at_num(el)
            if first:
                first = False
                runs_on = previous is not None and _follows(previous[1], token, kind)
                if self.corpus and not top and value != 1 and not suffix and not runs_on:
                    self.findings.append(finding(
                        "CAH404", self.path, at,
                        f"the {tag}s of {where} start at {num}, not at {written(num, 1, kind)}: "
                        + self._advice(tag), el.get("eId") or ""))
                previous = (value, token, kind)
                self.last[tag] = previous
                continue
            assert previous is not None
            before = previous[1]
            shown_before = shown.get(before, before)
            if token_key(token) == token_key(before):
                self.findings.append(finding(
                    "CAH404", self.path, at, f"{num} appears twice in {where}: " + self._advice(tag),
                    el.get("eId") or ""))
            elif not _follows(before, token, kind):
                if _before(token, before, kind):
                    self.findings.append(finding(
                        "CAH404", self.path, at, f"{num} comes after {shown_before} in {where}: the numbers go "
                        "back; " + self._advice(tag), el.get("eId") or ""))
                elif self.corpus and suffix and _position(before, kind)[0] != value:
                    self.findings.append(finding(
                        "CAH404", self.path, at,
                        f"{num} follows {shown_before} in {where}: an inserted {tag} ({suffix}) takes the number "
                        "of the one before it", el.get("eId") or ""))
                elif self.corpus and not _skips_letters(before, token, kind):
                    base = _position(before, kind)[0] or 0
                    self.findings.append(finding(
                        "CAH404", self.path, at,
                        f"the numbering of {where} jumps from {shown_before} to {num}: expected "
                        f"{written(num, base + 1, kind)}. " + self._advice(tag, gap=True), el.get("eId") or ""))
            previous = (value, token, kind)
            self.last[tag] = previous

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


# -- numbers in sequence ---------------------------------------------------------------------------

_INSERTED = re.compile(r"(\d+)[\s_.-]*([A-Za-z]{1,2})")


def _position(token: str, kind: str) -> tuple[int | None, str]:
    """The place of a number in its list, and what marks it as inserted (``5A`` → (5, "A"), ``7 bis``)."""
    value, suffix = list_position(token, kind)
    if value is None and kind == "arabic":
        found = _INSERTED.fullmatch(token)
        if found:
            return int(found.group(1)), found.group(2)
    return value, suffix


def _inserted_after(before: str, token: str, kind: str) -> bool:
    """True when ``token`` is a number inserted after ``before``: 5 → 5A → 5B, (a) → (aa), 7 → 7 bis → 7 ter."""
    base, suffix = _position(token, kind)
    base_before, suffix_before = _position(before, kind)
    if kind == "alpha" and len(token) == 2 and token[0] == token[1] and before == token[0]:
        return True  # (aa) after (a): an insertion, or the list running on past (z), both in order
    if base is None or not suffix or base != base_before:
        return False
    ranks = ("",) + tuple(SUFFIXES)
    if suffix in ranks and suffix_before in ranks:
        return ranks.index(suffix) > ranks.index(suffix_before)
    return suffix.casefold() > suffix_before.casefold()


def _follows(before: str, token: str, kind: str) -> bool:
    """True when ``token`` may come right after ``before``: the next number, or one inserted after it."""
    value, suffix = _position(token, kind)
    base_before, _ = _position(before, kind)
    if value is None or base_before is None:
        return True
    if _inserted_after(before, token, kind):
        return True
    if kind == "alpha" and len(before) == 2 and before[0] == before[1] and not suffix:
        base_before = ord(before[0].lower()) - 96  # after (aa) inserted after (a) comes (b)
    return value == base_before + 1 and not suffix


def _before(token: str, before: str, kind: str) -> bool:
    """True when ``token`` comes before ``before`` in its list's order (the numbers go back)."""
    value, _ = _position(token, kind)
    base_before, _ = _position(before, kind)
    if value is None or base_before is None or _inserted_after(before, token, kind):
        return False
    return value < base_before


def _skips_letters(before: str, token: str, kind: str) -> bool:
    """True when a lettered list jumps only over letters its alphabet leaves out (Italian: j, k, w, x, y)."""
    if kind != "alpha" or len(before) != 1 or len(token) != 1 or not before.isalpha() or not token.isalpha():
        return False
    skipped = {chr(c) for c in range(ord(before.lower()) + 1, ord(token.lower()))}
    return bool(skipped) and skipped <= _SKIPPABLE


def duplicate_eids(root: etree._Element, path: str, positions: Positions | None = None) -> Iterator[Finding]:
    """Every eId used a second time in its document (the file's document, or a component kept beside it)."""
    for scope in root:
        if isinstance(scope.tag, str):
            yield from _duplicates(scope, path, positions)


def _duplicates(scope: etree._Element, path: str, positions: Positions | None) -> Iterator[Finding]:
    seen: dict[str, int] = {}
    for el in scope.iter():
        if not isinstance(el.tag, str):
            continue
        eid = el.get("eId")
        if eid is None:
            continue
        if eid in seen:
            yield finding("CAH401", path, positions.of(el) if positions is not None else el.sourceline,
                          f'eId "{eid}" is already used on line {seen[eid]}: each provision needs its own eId '
                          "(check the number and the eId of this one)", eid)
        else:
            seen[eid] = el.sourceline or 0
