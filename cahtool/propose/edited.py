"""Reading an edited copy of a text, laid out as ``cahtool show`` prints it, against its base.

``# `` header lines are optional (the ``# id:`` line must name the base; ``# provision:`` says which
provision was printed); numbers open lines (``1.``, ``(a)``); an article's number and heading stand on
lines of their own; blank lines are ignored and runs of spaces count as one. Which number shape is which
level is learnt from the base, so a line is read as the base's layout would print it. Errors name the file
and the line.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from cahtool.akn import citation, eid_component
from cahtool.errors import InputError
from cahtool.layout import OWN_LINE, PART_MARK, own_line_number, provision_rows, style
from cahtool.model import Document, Provision, normalise_num


def _numpath(chain: Sequence[str]) -> tuple[str, ...]:
    return tuple(normalise_num(n) for n in chain)


@dataclass
class Item:
    """A numbered line of the edited text and what belongs to it; ``parent`` while the text is read (``parse``
    returns the items with it cut)."""

    tag: str
    num: str
    line: int
    parent: Item | None
    heading: str | None = None
    blocks: list[str] = field(default_factory=list)
    wrap: list[str] = field(default_factory=list)
    children: list[Item] = field(default_factory=list)

    def path(self) -> tuple[str, ...]:
        chain = []
        node: Item | None = self
        while node is not None:
            chain.append(node.num)
            node = node.parent
        return _numpath(chain[::-1])


class _Layout:
    """What the base teaches about its printed layout: which number shape is which level."""

    def __init__(self, base: Document) -> None:
        self.tags: dict[str, str] = {}
        self.depth: dict[str, int] = {}
        self.headed: set[str] = set()
        self.by_path: dict[tuple[str, ...], Provision] = {}
        #: (parent tag, child tag) of every nesting the base has: a point in a paragraph, a paragraph in an article.
        self.nesting: set[tuple[str, str]] = set()
        clash: set[str] = set()
        self._learn(base.provisions, 0, (), clash)
        self.ambiguous = clash

    def _learn(self, provisions: tuple[Provision, ...], depth: int, chain: tuple[str, ...], clash: set[str]) -> None:
        """What these provisions and their descendants teach (a method, not a closure that calls itself: that is a
        cycle, which would keep the layout and every provision it indexes until the garbage collector looks)."""
        for p in provisions:
            if p.is_part or p.is_quoted:
                continue  # learnt from the body only: propose edits the body's provisions
            self.nesting.update((p.tag, c.tag) for c in p.children)
            here = (*chain, p.num)
            self.by_path.setdefault(_numpath(here), p)
            self.depth.setdefault(p.tag, depth)
            if p.heading:
                self.headed.add(p.tag)
            shape = style(p.num)
            if shape:
                if self.tags.setdefault(shape, p.tag) != p.tag:
                    clash.add(shape)
            self._learn(p.children, depth + 1, here, clash)

    def own_line(self, tag: str) -> bool:
        return tag in OWN_LINE or tag in self.headed


# -- reading the edited text ------------------------------------------------------------------------

def fail(path: str, line: int | None, message: str) -> InputError:
    return InputError(message, path=path, line=line)


def _header(lines: list[str], base: Document, path: str) -> tuple[int, Provision | None]:
    """Skip the ``# `` header; check it names the base. Return the first body line and the printed provision."""
    i = 0
    printed = None
    while i < len(lines) and (lines[i].startswith("# ") or lines[i].strip() == "#"):
        found = re.match(r"# id: (\S+) · ", lines[i])
        if found and found.group(1) != base.id:
            raise fail(path, i + 1, f"this text was printed from {found.group(1)}, not from the base {base.id} "
                                     f"(use --base {found.group(1)}, or print {base.id})")
        eid = re.match(r"# provision: (\S+)", lines[i])
        if eid:
            printed = base.find(eid.group(1))
            if printed is None:
                raise fail(path, i + 1, f"{base.id} has no provision {eid.group(1)}")
        i += 1
    return i, printed


def parse(base: Document, edited: str, path: str = "<edited>") -> tuple[list[Item], Provision | None]:
    """The edited text as a tree of numbered items (the layout of ``cahtool show``), and the provision
    its header says was printed (None: a document, or no header)."""
    layout = _Layout(base)
    lines = edited.splitlines()
    start, printed = _header(lines, base, path)
    skipped = _parts(base, lines, start, path)
    roots: list[Item] = []
    stack: list[Item] = []
    for index in range(start, len(lines)):
        n = index + 1
        text = " ".join(lines[index].split())
        if not text or index in skipped:
            continue
        num, rest = _numbered(text, layout)
        if num:
            if style(num) in layout.ambiguous:
                raise fail(path, n, f"numbers like {num!r} stand at two levels of {base.id}; "
                                     "cahtool cannot tell which this line is")
            tag = layout.tags[style(num)]
            while stack and layout.depth[stack[-1].tag] >= layout.depth[tag]:
                stack.pop()
            parent = stack[-1] if stack else None
            if parent is None and roots and layout.depth[tag] > layout.depth[roots[0].tag]:
                raise fail(path, n, f"{num} is a deeper level than the first number ({roots[0].num}) "
                                     "but has nothing to belong to")
            if parent is not None and (parent.tag, tag) not in layout.nesting:
                raise fail(path, n, _misplaced(num, tag, parent, layout, base.id))
            item = Item(tag, num, n, parent)
            (parent.children if parent else roots).append(item)
            stack.append(item)
            if rest:
                item.blocks.append(rest)
            continue
        if not stack:
            raise fail(path, n, f"text before the first numbered provision: {text[:60]!r} (keep the numbers "
                                 "as `cahtool show` prints them: Article 2, 1., (a))")
        top = stack[-1]
        base_top = layout.by_path.get(top.path())
        wants_heading = base_top.heading if base_top is not None else top.tag in layout.headed
        if layout.own_line(top.tag) and top.heading is None and not top.blocks and not top.children and wants_heading:
            top.heading = text
            continue
        if not top.children and top.parent is not None and _wrap_expected(top, layout):
            stack.pop()
            top.parent.wrap.append(text)
            continue
        (top.wrap if top.children else top.blocks).append(text)
    if not roots:
        raise fail(path, None, "no provision in the edited text")
    # Each item's link to its parent served the reading: cut, a tree of items is no cycle, freed by reference
    # counting as soon as it is dropped (a cycle per item was the bulk of what the collector had to find).
    pending = list(roots)
    while pending:
        item = pending.pop()
        item.parent = None
        pending.extend(item.children)
    return roots, printed


def _parts(base: Document, lines: list[str], start: int, path: str) -> set[int]:
    """The lines of the parts of the document around its body (``## preamble`` and its lines...), which must
    be as the base prints them: a proposal derived from an edited text changes the body's provisions."""
    parts = {PART_MARK + p.label: p for p in base.walk() if p.is_part}
    skipped: set[int] = set()
    index = start
    while index < len(lines):
        line = " ".join(lines[index].split())
        part = parts.get(line)
        if part is None:
            index += 1
            continue
        own = [x for x in (" ".join(r.line.split()) for r in provision_rows(part)[1:]) if x]
        found = [k for k in range(index + 1, len(lines)) if " ".join(lines[k].split())][:len(own)]
        for k, expected in zip(found, own, strict=False):
            if " ".join(lines[k].split()) != expected:
                raise fail(path, k + 1, f"{part.label} of {base.id} is edited: cahtool derives proposals on the "
                                        "provisions of the body only; write an amendment of this part by hand "
                                        f"(expected: {expected[:60]!r})")
        skipped.update({index, *found})
        index = (found[-1] if found else index) + 1
    return skipped
def _misplaced(num: str, tag: str, parent: Item, layout: _Layout, base_id: str) -> str:
    """Why a numbered line cannot stand where it is: the base never puts this level directly in that one."""
    holders = sorted({outer for outer, inner in layout.nesting if inner == tag})
    where = f" (there, a {tag} stands in a {' or '.join(holders)})" if holders else ""
    name = parent.num if own_line_number(parent.num) else f"{parent.tag} {parent.num}"
    return (f"{num} would stand directly in {name}, which {base_id} never does{where}: "
            "was the line with a number deleted? To delete the opening words of a provision, keep its number "
            "on its line (e.g. `1.`); to delete a whole provision, delete its lines and those of its points")


def _numbered(text: str, layout: _Layout) -> tuple[str, str]:
    """The number opening a line, and the rest ('' if the line is not numbered)."""
    if own_line_number(text) and style(text) in layout.tags:
        return text, ""
    head, _, rest = text.partition(" ")
    shape = style(head)
    if shape and shape in layout.tags and not layout.own_line(layout.tags[shape]):
        return head, rest
    return "", text


def _wrap_expected(item: Item, layout: _Layout) -> bool:
    """A line after a list item is its list's wrap-up when the base's list has one and the item is complete."""
    assert item.parent is not None
    parent = layout.by_path.get(item.parent.path())
    if parent is None or not parent.wrap_up:
        return False
    mine = layout.by_path.get(item.path())
    expected = len(mine.text.split("\n")) if mine is not None and mine.text else 1
    return len(item.blocks) >= expected


def provision(item: Item, prefix: str, position: int, lines: dict[int, int]) -> Provision:
    eid = (prefix + "__" if prefix else "") + eid_component(item.tag, item.num, position)
    count: dict[str, int] = {}
    children = []
    for child in item.children:
        count[child.tag] = count.get(child.tag, 0) + 1
        children.append(provision(child, eid, count[child.tag], lines))
    intro, wrap = "\n".join(item.blocks), "\n".join(item.wrap)
    text = "\n".join(x for x in (intro, wrap) if x)
    p = Provision(eid, item.tag, item.num, item.heading or "", text, citation("", item.tag, item.num, eid),
                  tuple(children), wrap_up=wrap)
    lines[id(p)] = item.line
    return p



def read_edited(path: str) -> str:
    """An edited text file as UTF-8 text ('-': standard input), errors as one-line InputErrors."""
    import sys

    try:
        data = sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
    except FileNotFoundError:
        raise InputError("no such file", path=path) from None
    except IsADirectoryError:
        raise InputError("is a directory, not an edited text", path=path) from None
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror or exc}", path=path) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise InputError("not UTF-8 text (save the edited copy as UTF-8)", path=path, line=line) from None


def body(edited: str) -> str:
    """The edited text as it is read: no ``# `` header, no blank lines, runs of spaces as one."""
    lines = edited.splitlines()
    i = 0
    while i < len(lines) and (lines[i].startswith("# ") or lines[i].strip() == "#"):
        i += 1
    kept = [" ".join(line.split()) for line in lines[i:]]
    return "\n".join(line for line in kept if line) + "\n"


