"""Akoma Ntoso → ``Document``: metadata and provisions with their own text (the corpus is in corpus.py)."""

from __future__ import annotations

import os
from pathlib import Path

from lxml import etree

from cahtool import akn
from cahtool.akn import NS, local
from cahtool.model import Document, Mark, Party, Provision
from cahtool.xmlio import document_element, parse_bytes, read_bytes

#: Where the corpus lives unless ``--drafts`` or ``CAHTOOL_DRAFTS`` says otherwise.
DEFAULT_DRAFTS = "drafts"

_BODY_TAGS = ("body", "mainBody", "amendmentBody", "portionBody")


# -- text flattening ------------------------------------------------------------------------------

def _pieces(el: etree._Element, marks: tuple[str, ...], out: list[tuple[str, tuple[str, ...]]]) -> None:
    """Collect (text, formatting) pieces of an inline tree, in document order."""
    if el.text:
        out.append((el.text, marks))
    for child in el:
        tag = local(child.tag)
        if tag and tag not in akn.NOT_TEXT:
            if tag in akn.LINE_BREAKS:
                out.append(("\n", marks))
            else:
                _pieces(child, marks + ((tag,) if tag in akn.FORMATTING else ()), out)
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


def _blocks_text(containers: list[etree._Element]) -> tuple[str, tuple[Mark, ...], bool]:
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


# -- provisions -----------------------------------------------------------------------------------

def _provision(el: etree._Element, parent_eid: str, parent_label: str, position: int) -> Provision:
    tag = local(el.tag)
    # One pass over the children (the first <num> and <heading> count, text containers in order).
    num_el = heading_el = None
    intro_like: list[etree._Element] = []
    wrap_up: list[etree._Element] = []
    hier: list[tuple[str, etree._Element]] = []
    for child in el:
        child_tag = local(child.tag)
        if child_tag == "num":
            num_el = child if num_el is None else num_el
        elif child_tag == "heading":
            heading_el = child if heading_el is None else heading_el
        elif child_tag == "wrapUp":
            wrap_up.append(child)
        elif child_tag in akn.TEXT_CONTAINERS:
            intro_like.append(child)
        elif child_tag in akn.HIER_ELEMENTS:
            hier.append((child_tag, child))
    num = flatten(num_el)[0] if num_el is not None else ""
    eid = el.get("eId") or el.get("wId") or (
        (parent_eid + "__" if parent_eid else "") + akn.eid_component(tag, num, position)
    )
    label = akn.citation(parent_label, tag, num, eid)
    text, marks, omitted = _blocks_text(intro_like + wrap_up)
    children: list[Provision] = []
    count: dict[str, int] = {}
    for child_tag, child in hier:
        count[child_tag] = count.get(child_tag, 0) + 1
        children.append(_provision(child, eid, label, count[child_tag]))
    return Provision(
        eid=eid, tag=tag, num=num, heading=flatten(heading_el)[0] if heading_el is not None else "",
        text=text, label=label, children=tuple(children), marks=marks, line=el.sourceline or 0,
        omitted=omitted, wrap_up=_blocks_text(wrap_up)[0] if wrap_up else "",
    )


def _provisions(doc: etree._Element) -> tuple[Provision, ...]:
    body = next((c for c in doc if local(c.tag) in _BODY_TAGS), None)
    if body is None:
        return ()
    out: list[Provision] = []
    count: dict[str, int] = {}
    for child in body:
        tag = local(child.tag)
        if tag in akn.HIER_ELEMENTS:
            count[tag] = count.get(tag, 0) + 1
            out.append(_provision(child, "", "", count[tag]))
    return tuple(out)


# -- metadata -------------------------------------------------------------------------------------

def _first(doc: etree._Element, xpath: str) -> str:
    found = doc.xpath(xpath, namespaces=NS)
    if not found:
        return ""
    value = found[0]
    if isinstance(value, etree._Element):
        return " ".join("".join(value.itertext()).split())
    return " ".join(str(value).split())


def _parties(doc: etree._Element, hrefs: list[str]) -> tuple[Party, ...]:
    """Resolve ``#eid`` references to the TLCOrganization/TLCPerson they point at."""
    out = []
    for href in hrefs:
        for ref in href.split():
            eid = ref.lstrip("#")
            found = doc.xpath(
                "akn:meta/akn:references/*[@eId=$eid]", namespaces=NS, eid=eid
            )
            if found:
                el = found[0]
                kind = "person" if local(el.tag) == "TLCPerson" else "organization"
                out.append(Party(eid, el.get("showAs") or eid, el.get("href") or "", kind))
            else:
                out.append(Party(eid, eid))
    return tuple(out)


def load_tree(tree: etree._ElementTree, path: str) -> Document:
    """Build a ``Document`` from a parsed tree (bottom rung: no I/O)."""
    doc = document_element(tree, path)
    kind = local(doc.tag)
    work = "akn:meta/akn:identification/akn:FRBRWork"
    expression = "akn:meta/akn:identification/akn:FRBRExpression"
    prop = "akn:meta/akn:proprietary"
    alias = _first(doc, f"{work}/akn:FRBRalias[@name='cahtool']/@value") or Path(path).stem
    authors = doc.xpath(f"{work}/akn:FRBRauthor/@href", namespaces=NS)
    date = (_first(doc, f"{prop}/cah:date/@value") or _first(doc, f"{expression}/akn:FRBRdate/@date")
            or _first(doc, f"{work}/akn:FRBRdate/@date"))
    title = (_first(doc, f"{prop}/cah:title") or _first(doc, f"{work}/akn:FRBRname/@value")
             or _first(doc, ".//akn:docTitle") or alias)
    return Document(
        id=alias,
        path=path,
        kind=kind,
        name=doc.get("name", ""),
        uri=_first(doc, f"{expression}/akn:FRBRuri/@value") or _first(doc, f"{work}/akn:FRBRuri/@value"),
        work_uri=_first(doc, f"{work}/akn:FRBRuri/@value"),
        title=title,
        date=date,
        authors=_parties(doc, [str(a) for a in authors]),
        symbol=_first(doc, f"{prop}/cah:source/@symbol") or _first(doc, f"{work}/akn:FRBRnumber/@value"),
        source=_first(doc, f"{prop}/cah:source"),
        verification=_first(doc, f"{prop}/cah:verification/@status"),
        verification_note=_first(doc, f"{prop}/cah:verification"),
        status=_first(doc, f"{prop}/cah:status/@value"),
        status_date=_first(doc, f"{prop}/cah:status/@date"),
        provisions=_provisions(doc),
        base=_first(doc, f"{prop}/cah:base/@ref"),
        provenance=_first(doc, f"{prop}/cah:provenance/@label"),
        proponents=_parties(doc, [str(h) for h in doc.xpath(f"{prop}/cah:proponent/@by", namespaces=NS)]),
        supporters=_parties(doc, [str(h) for h in doc.xpath(f"{prop}/cah:supporter/@by", namespaces=NS)]),
    )


def load_bytes(data: bytes, path: str) -> Document:
    """Parse bytes with the hardened parser and build a ``Document``."""
    return load_tree(parse_bytes(data, path), path)


def load_file(path: str | Path) -> Document:
    """Read, parse and load one Akoma Ntoso file."""
    return load_bytes(read_bytes(path), str(path))


# -- the corpus -----------------------------------------------------------------------------------

def drafts_dir(option: str | None = None) -> Path:
    """The corpus directory: the ``--drafts`` option, else ``$CAHTOOL_DRAFTS``, else ``drafts/``."""
    return Path(option or os.environ.get("CAHTOOL_DRAFTS") or DEFAULT_DRAFTS)
