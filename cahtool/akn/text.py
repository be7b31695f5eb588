"""Text out of Akoma Ntoso elements: the one way words are read from XML, whitespace collapsed.

``text_of`` gives an element's words on one line (numbers, headings, quoted words, metadata values).
``lines`` gives a block's words as printed lines with their formatting marks: a paragraph is one line, a
``blockList`` one line per item (its number first), a table one line per row (cells joined by `` | ``), a
container of blocks one line per block; a footnote (``authorialNote``, or a ``noteRef`` to a note kept in the
metadata) becomes a line of its own, ``[marker] text``, after the line it is anchored in, marked ``note``.
Quoted structures (``quotedStructure``, ``embeddedStructure``) are not text: ``segments`` splits a block
around them, so that the loader keeps them as structure. ``body`` finds a document's main text container.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from lxml import etree

from cahtool.akn.vocabulary import AKN, BODY_TAGS, FORMATTING, LINE_BREAKS, NOT_TEXT, local
from cahtool.model import Mark

#: Elements that are blocks: each starts a line of its own (inline elements continue the line).
BLOCKS = frozenset({
    "p", "block", "blockList", "blockContainer", "container", "tblock", "table", "ul", "ol", "li", "toc",
    "tocItem", "foreign", "formula", "longTitle", "listIntroduction", "listWrapUp", "item", "intro", "content",
    "wrapUp", "caption", "tr", "th", "td", "subheading", "crossHeading", "num", "heading", "div", "recital",
    "citation", "signature", "from", "embeddedText",
})
#: Quoted provisions: kept as structure (quoted), never flattened into the words around them.
QUOTED = frozenset({"quotedStructure", "embeddedStructure"})
#: Notes: their words are printed as a line of their own, not inside the sentence they are anchored in.
NOTES = frozenset({"authorialNote"})

#: A printed line: its text and its marks (offsets within the line).
Line = tuple[str, tuple[Mark, ...]]
#: Finds the note a ``noteRef`` points at (UK documents keep footnotes in ``meta/notes``).
NoteFinder = Callable[[str], "etree._Element | None"]


def body(doc: etree._Element) -> etree._Element | None:
    """The main text container of a document element (``body``, ``mainBody``, ``amendmentBody``...)."""
    return next((c for c in doc if local(c.tag) in BODY_TAGS), None)


def itertext(el: etree._Element) -> Iterator[str]:
    """The text of an element and its descendants in order, notes and markers left out, ``eol`` as a line break."""
    if el.text:
        yield el.text
    for child in el:
        tag = local(child.tag)
        if tag and tag not in NOT_TEXT:
            if tag in LINE_BREAKS:
                yield "\n"
            else:
                yield from itertext(child)
        if child.tail:
            yield child.tail


def text_of(el: etree._Element) -> str:
    """An element's words on one line: every run of whitespace (line breaks included) as one space."""
    return " ".join("".join(itertext(el)).split())


# -- inline text -----------------------------------------------------------------------------------

Piece = tuple[str, tuple[str, ...]]


def _pieces(el: etree._Element, marks: tuple[str, ...], out: list[Piece | etree._Element]) -> None:
    """Collect (text, formatting) pieces of an inline tree in document order; a quoted structure as itself."""
    if el.text:
        out.append((el.text, marks))
    for child in el:
        tag = local(child.tag)
        if tag in QUOTED:
            out.append(child)
        elif tag and tag not in NOT_TEXT:
            if tag in LINE_BREAKS:
                out.append(("\n", marks))
            else:
                _pieces(child, marks + ((tag,) if tag in FORMATTING else ()), out)
        if child.tail:
            out.append((child.tail, marks))


def _join(pieces: list[Piece]) -> tuple[str, list[Mark]]:
    """Pieces as one text with whitespace collapsed, and the spans of their formatting."""
    parts: list[str] = []
    marks: list[Mark] = []
    length = 0
    pending_space = False
    for raw, fmt in pieces:
        words = raw.split()
        if not words:
            pending_space = pending_space or bool(raw)
            continue
        if raw[0].isspace():
            pending_space = True
        if pending_space and length:
            parts.append(" ")
            length += 1
        start = length
        chunk = " ".join(words)
        parts.append(chunk)
        length += len(chunk)
        for tag in fmt:
            if marks and marks[-1].tag == tag and marks[-1].end >= start - 1:
                marks[-1] = Mark(tag, marks[-1].start, length)
            else:
                marks.append(Mark(tag, start, length))
        pending_space = raw[-1].isspace()
    return "".join(parts), marks


def flatten(block: etree._Element) -> tuple[str, list[Mark]]:
    """The text of an inline run (a ``<p>``, a ``<num>``...) on one line, and its formatting marks."""
    if len(block) == 0:
        return " ".join((block.text or "").split()), []
    pieces: list[Piece | etree._Element] = []
    _pieces(block, (), pieces)
    return _join([p for p in pieces if isinstance(p, tuple)])


def segments(block: etree._Element) -> list[tuple[str, list[Mark]] | etree._Element]:
    """An inline run cut around the quoted structures inside it: text, structure, text..."""
    pieces: list[Piece | etree._Element] = []
    _pieces(block, (), pieces)
    out: list[tuple[str, list[Mark]] | etree._Element] = []
    run: list[Piece] = []
    for piece in pieces:
        if isinstance(piece, tuple):
            run.append(piece)
            continue
        out.append(_join(run))
        out.append(piece)
        run = []
    out.append(_join(run))
    return out


def _inside_note(node: etree._Element, top: etree._Element) -> bool:
    """True when a note (or anything) lies inside a note below ``top``."""
    parent = node.getparent()
    while parent is not None and parent is not top:
        if local(parent.tag) in NOTES:
            return True
        parent = parent.getparent()
    return False


def has_quoted(el: etree._Element) -> bool:
    """True when a quoted structure lies inside the element (not inside a note)."""
    return any(not _inside_note(q, el) for q in el.iter(f"{AKN}quotedStructure", f"{AKN}embeddedStructure"))


# -- lines of blocks -------------------------------------------------------------------------------

@dataclass
class Lines:
    """Printed lines under construction: text, formatting marks (offsets in the joined text), omissis."""

    notes: NoteFinder | None = None

    def __post_init__(self) -> None:
        self.texts: list[str] = []
        self.marks: list[Mark] = []
        self.offset = 0
        self.blocks = 0
        self.omissis = 0

    def add(self, text: str, marks: tuple[Mark, ...] | list[Mark] = ()) -> None:
        """One line."""
        if self.texts:
            self.offset += 1
        self.marks.extend(Mark(m.tag, m.start + self.offset, m.end + self.offset) for m in marks)
        self.texts.append(text)
        self.offset += len(text)

    def block(self, el: etree._Element) -> None:
        """The lines of one block (a paragraph, a list, a table, a container of blocks), then its notes."""
        self.blocks += 1
        kids = [c for c in el if local(c.tag)]
        if kids and all(local(c.tag) == "omissis" for c in kids) and not (el.text or "").strip():
            self.omissis += 1
        self._lines(el)
        self._notes(el)

    def text(self, raw: str) -> None:
        """Loose text between elements (mixed content), as a line of its own."""
        words = " ".join(raw.split())
        if words:
            self.blocks += 1
            self.add(words)

    def _lines(self, el: etree._Element, lead: str = "") -> None:
        tag = local(el.tag)
        if tag == "table":
            self._table(el)
            return
        children = [c for c in el if local(c.tag)]
        if not any(local(c.tag) in BLOCKS or local(c.tag) in QUOTED for c in children):
            text, marks = flatten(el)
            if lead:
                marks = [Mark(m.tag, m.start + len(lead) + 1, m.end + len(lead) + 1) for m in marks]
                text = f"{lead} {text}" if text else lead
            self.add(text, marks)
            return
        # A container of blocks: its number (an item's "(a)", a tblock's "1.") opens its first line.
        num = next((c for c in children if local(c.tag) == "num"), None)
        lead = " ".join(x for x in (lead, text_of(num) if num is not None else "") if x)
        first = True
        for raw in (el.text,):
            if raw and raw.strip():
                self.add(" ".join(x for x in (lead, " ".join(raw.split())) if x))
                lead, first = "", False
        for child in el:
            child_tag = local(child.tag)
            if child_tag and child_tag != "num" and child_tag not in NOTES and child_tag not in QUOTED:
                if child_tag == "heading" and lead:
                    self._lines(child, lead)
                else:
                    self._lines(child, lead if first else "")
                lead, first = "", False
            if child.tail and child.tail.strip():
                self.add(" ".join(child.tail.split()))
        if lead:
            self.add(lead)

    def _table(self, table: etree._Element) -> None:
        """A table, one line per row (and its caption): cells joined by `` | ``."""
        for el in table:
            tag = local(el.tag)
            if tag == "caption":
                self._lines(el)
            elif tag == "tr":
                cells = [" ".join(text_of(b) for b in cell if local(b.tag)) or text_of(cell)
                         for cell in el if local(cell.tag) in ("th", "td")]
                self.add(" | ".join(cells))

    def _notes(self, el: etree._Element) -> None:
        """Each note anchored in a block, as a line of its own after it: ``[marker] text``."""
        for node in el.iter(f"{AKN}authorialNote", f"{AKN}noteRef"):
            if _inside_note(node, el):
                continue  # a note inside a note is printed with the outer one
            note = node if local(node.tag) == "authorialNote" else self._meta_note(node)
            if note is None:
                continue
            marker = node.get("marker") or (node.text or "").strip() or "*"
            words = " ".join(text_of(b) for b in note if local(b.tag)) or text_of(note)
            line = f"[{marker}] {words}"
            self.add(line, [Mark("note", 0, len(line))])

    def _meta_note(self, ref: etree._Element) -> etree._Element | None:
        """The note a ``noteRef`` points at, if the document keeps it (in ``meta/notes``)."""
        return self.notes(ref.get("href", "").lstrip("#")) if self.notes is not None else None

    def result(self) -> tuple[str, tuple[Mark, ...], bool]:
        """The lines joined by line breaks, their marks, and whether every block was an omissis."""
        return "\n".join(self.texts), tuple(self.marks), bool(self.blocks) and self.omissis == self.blocks


def lines(blocks: list[etree._Element | str], notes: NoteFinder | None = None) -> tuple[str, tuple[Mark, ...], bool]:
    """Blocks (elements, or loose text) as printed lines: the text, its marks, and whether all is omissis."""
    first = blocks[0] if len(blocks) == 1 else None
    if isinstance(first, etree._Element) and len(first) == 1:
        p = first[0]
        if len(p) == 0 and local(p.tag) == "p" and not (first.text or "").strip() and not (p.tail or "").strip():
            # The usual case, <content><p>text</p></content>: what the loop below gives, faster.
            return " ".join((p.text or "").split()), (), False
    out = Lines(notes)
    for item in blocks:
        if isinstance(item, str):
            out.text(item)
        elif local(item.tag) in ("intro", "content", "wrapUp", "listIntroduction", "listWrapUp") \
                and any(local(c.tag) in BLOCKS for c in item):
            # A text container: its blocks, one by one (loose text between them kept as lines).
            out.text(item.text or "")
            for child in item:
                if local(child.tag):
                    out.block(child)
                if child.tail:
                    out.text(child.tail)
        else:
            out.block(item)
    return out.result()
