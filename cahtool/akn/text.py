"""Text out of Akoma Ntoso elements: the one way words are read from XML, whitespace collapsed.

``text_of`` gives an element's words on one line (numbers, headings, quoted words, metadata values);
``flatten`` gives a block's words with their formatting marks (italic, bold...) for a provision's text.
Both skip the elements whose text is not part of the words (``NOT_TEXT``: notes, markers) and treat
``eol``/``br`` as a line break. ``body`` finds a document's main text container.
"""

from __future__ import annotations

from collections.abc import Iterator

from lxml import etree

from cahtool.akn.vocabulary import BODY_TAGS, FORMATTING, LINE_BREAKS, NOT_TEXT, local
from cahtool.model import Mark


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


def _pieces(el: etree._Element, marks: tuple[str, ...], out: list[tuple[str, tuple[str, ...]]]) -> None:
    """Collect (text, formatting) pieces of an inline tree, in document order."""
    if el.text:
        out.append((el.text, marks))
    for child in el:
        tag = local(child.tag)
        if tag and tag not in NOT_TEXT:
            if tag in LINE_BREAKS:
                out.append(("\n", marks))
            else:
                _pieces(child, marks + ((tag,) if tag in FORMATTING else ()), out)
        if child.tail:
            out.append((child.tail, marks))


def flatten(block: etree._Element) -> tuple[str, list[Mark]]:
    """The text of a block (``<p>``...) with whitespace collapsed, and its formatting marks."""
    if len(block) == 0:
        return " ".join((block.text or "").split()), []
    pieces: list[tuple[str, tuple[str, ...]]] = []
    _pieces(block, (), pieces)
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


def blocks_text(containers: list[etree._Element]) -> tuple[str, tuple[Mark, ...], bool]:
    """Join the blocks of text containers with line breaks; report whether all is omissis."""
    if len(containers) == 1 and len(containers[0]) == 1:
        block = containers[0][0]
        if len(block) == 0 and local(block.tag):
            # The usual case, <content><p>text</p></content>: what the loop below gives, faster.
            return " ".join((block.text or "").split()), (), False
    texts: list[str] = []
    marks: list[Mark] = []
    offset = 0
    omitted = bool(containers)
    for container in containers:
        blocks = [b for b in container if local(b.tag)] or [container]
        for block in blocks:
            text, block_marks = flatten(block)
            if len(block) == 0:  # plain text (the usual block): not an omissis
                omitted = False
            else:
                kids = [c for c in block if local(c.tag)]
                if not (kids and all(local(c.tag) == "omissis" for c in kids) and not (block.text or "").strip()):
                    omitted = False
            if texts:
                offset += 1
            if block_marks:
                marks.extend(Mark(m.tag, m.start + offset, m.end + offset) for m in block_marks)
            texts.append(text)
            offset += len(text)
    return "\n".join(texts), tuple(marks), omitted
