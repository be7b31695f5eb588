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

from cahtool import akn
from cahtool.akn import local
from cahtool.model import Finding
from cahtool.rules import finding

EID_PREFIX = akn.EID_PREFIX


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
            num = " ".join("".join(child.itertext()).split())
            return num, child.sourceline or el.sourceline or 0, akn.num_token(num)
    return "", el.sourceline or 0, ""


class _Item(NamedTuple):
    """A provision among its siblings: element, tag, number as printed, line of the number, bare token."""

    el: etree._Element
    tag: str
    num: str
    line: int
    token: str


def _key(token: str) -> str:
    return re.sub(r"[\W_]+", "", token).casefold()


@dataclass
class Structure:
    """The eId and numbering rules over a body, collecting findings and where each provision lies."""

    path: str
    places: Places
    findings: list[Finding] = field(default_factory=list)
    consolidated: bool = False  # a proposal applied to its base: the advice is about the proposal

    def walk(self, parent: etree._Element, parent_eid: str, parent_label: str, depth: int) -> None:
        items = [_Item(c, local(c.tag), *_num(c)) for c in parent if local(c.tag) in akn.HIER_ELEMENTS]
        positions: dict[str, int] = defaultdict(int)
        for child, tag, num, _, token in items:
            positions[tag] += 1
            component = f"{EID_PREFIX.get(tag, tag)}_{_key(token) or positions[tag]}"
            expected = f"{parent_eid}__{component}" if parent_eid else component
            eid = child.get("eId") or ""
            label = akn.citation(parent_label, tag, num, eid or expected)
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
        return not num_token or _key(token) == _key(num_token)

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
        style = _style(first)
        for el, _, num, line, _ in group:
            if not num:
                self.findings.append(finding(
                    "CAH405", self.path, line,
                    f"a {tag} of {where} has no number while the others do: add its <num> as printed",
                    el.get("eId") or ""))
            elif _style(num) != style:
                self.findings.append(finding(
                    "CAH405", self.path, line,
                    f"{num} is written differently from {first} in the same list of {where}: write the "
                    "numbers as the official text prints them, all alike", el.get("eId") or ""))

    def _sequence(self, tag: str, numbered: list[_Item], where: str, top: bool) -> None:
        if not numbered:
            return
        kind = _kind([item.token for item in numbered])
        if kind is None:
            return
        previous: tuple[int, str] | None = None
        for el, _, num, line, token in numbered:
            value, suffix = _value(token, kind)
            if value is None:
                continue
            if previous is None:
                if not top and value != 1 and not suffix:
                    self.findings.append(finding(
                        "CAH404", self.path, line,
                        f"the {tag}s of {where} start at {num}, not at {_show(num, 1, kind)}: "
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
                    f"{_show(num, previous[0] + 1, kind)}. " + self._advice(tag, gap=True), el.get("eId") or ""))
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


_SUFFIXES = ("bis", "ter", "quater", "quinquies", "sexies", "septies", "octies", "novies", "decies")
_ROMAN = re.compile(r"^(?=[ivxlc]+$)c{0,3}(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})$")


def _roman(token: str) -> int | None:
    if not token or not _ROMAN.match(token.lower()):
        return None
    values = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}
    total = 0
    lower = token.lower()
    for index, char in enumerate(lower):
        value = values[char]
        total += -value if index + 1 < len(lower) and values[lower[index + 1]] > value else value
    return total


def _kind(tokens_: list[str]) -> str | None:
    """The numbering of a list: arabic, alpha (a, b... z, aa) or roman, from its first number.

    A list is roman when it starts at i (or ii, iv...) and every number is roman: (i), (j) is alpha.
    """
    first = _split_suffix(tokens_[0])[0]
    if first.isdecimal():
        return "arabic"
    if (_roman(first) is not None and (first.lower() == "i" or len(first) > 1)
            and all(_roman(_split_suffix(t)[0]) is not None for t in tokens_)):
        return "roman"
    if re.fullmatch(r"[A-Za-z]+", first):
        return "alpha"
    return None


def _split_suffix(token: str) -> tuple[str, str]:
    match = re.fullmatch(r"(.+?)[\s_-]*(" + "|".join(_SUFFIXES) + r")", token, flags=re.IGNORECASE)
    return (match.group(1), match.group(2).lower()) if match else (token, "")


def _value(token: str, kind: str) -> tuple[int | None, str]:
    base, suffix = _split_suffix(token)
    if kind == "arabic":
        return (int(base) if base.isdecimal() else None), suffix
    if kind == "roman":
        return _roman(base), suffix
    if re.fullmatch(r"[a-z]+|[A-Z]+", base) and len(set(base.lower())) == 1:
        # a..z, then aa, bb... (doubled letters), as treaty lists run on
        return (ord(base[0].lower()) - 96) + 26 * (len(base) - 1), suffix
    return None, suffix


def _show(num: str, value: int, kind: str) -> str:
    """The number ``value`` written in the style of ``num``: (c), 3., iv)."""
    token = akn.num_token(num)
    if kind == "arabic":
        text = str(value)
    elif kind == "roman":
        digits = [(100, "c"), (90, "xc"), (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]
        text = ""
        for amount, letters in digits:
            while value >= amount:
                text, value = text + letters, value - amount
    else:
        text = chr(96 + (value - 1) % 26 + 1) * ((value - 1) // 26 + 1)
    if token[:1].isupper():
        text = text.upper()
    return num.replace(token, text, 1) if token else text


def _style(num: str) -> str:
    """The shape of a number, its value blanked: ``(a)`` and ``(k)`` → ``(x)``, ``1.`` → ``0.``."""
    token = akn.num_token(num)
    shape = "0" if token.isdecimal() else ("X" if token[:1].isupper() else "x")
    return num.replace(token, shape, 1) if token else num


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
