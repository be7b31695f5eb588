"""Akoma Ntoso → ``Document``: metadata and provisions with their own text (the corpus is in corpus.py)."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from cahtool.akn.numbers import citation, eid_component
from cahtool.akn.text import blocks_text, body, flatten, text_of
from cahtool.akn.vocabulary import HIER_ELEMENTS, NS, TEXT_CONTAINERS, local
from cahtool.akn.xmlio import document_element, parse_bytes, read_bytes
from cahtool.model import Document, Party, Provision

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
        elif child_tag in TEXT_CONTAINERS:
            intro_like.append(child)
        elif child_tag in HIER_ELEMENTS:
            hier.append((child_tag, child))
    num = flatten(num_el)[0] if num_el is not None else ""
    eid = el.get("eId") or el.get("wId") or (
        (parent_eid + "__" if parent_eid else "") + eid_component(tag, num, position)
    )
    label = citation(parent_label, tag, num, eid)
    text, marks, omitted = blocks_text(intro_like + wrap_up)
    children: list[Provision] = []
    count: dict[str, int] = {}
    for child_tag, child in hier:
        count[child_tag] = count.get(child_tag, 0) + 1
        children.append(_provision(child, eid, label, count[child_tag]))
    return Provision(
        eid=eid, tag=tag, num=num, heading=flatten(heading_el)[0] if heading_el is not None else "",
        text=text, label=label, children=tuple(children), marks=marks, line=el.sourceline or 0,
        omitted=omitted, wrap_up=blocks_text(wrap_up)[0] if wrap_up else "",
    )


def provisions_of(container: etree._Element) -> tuple[Provision, ...]:
    """The provisions directly inside a container (a body, or a quoted structure), with their descendants."""
    out: list[Provision] = []
    count: dict[str, int] = {}
    for child in container:
        tag = local(child.tag)
        if tag in HIER_ELEMENTS:
            count[tag] = count.get(tag, 0) + 1
            out.append(_provision(child, "", "", count[tag]))
    return tuple(out)


def _provisions(doc: etree._Element) -> tuple[Provision, ...]:
    found = body(doc)
    return provisions_of(found) if found is not None else ()


# -- metadata -------------------------------------------------------------------------------------

def _first(doc: etree._Element, xpath: str) -> str:
    found = doc.xpath(xpath, namespaces=NS)
    if not found:
        return ""
    value = found[0]
    if isinstance(value, etree._Element):
        return text_of(value)
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


def alias(doc: etree._Element, path: str) -> str:
    """A document's short id: its ``<FRBRalias name="cahtool">``, else its file's name."""
    found = doc.xpath("akn:meta/akn:identification/akn:FRBRWork/akn:FRBRalias[@name='cahtool']/@value",
                      namespaces=NS)
    return " ".join(str(found[0]).split()) if found else Path(path).stem


def load_tree(tree: etree._ElementTree, path: str) -> Document:
    """Build a ``Document`` from a parsed tree (bottom rung: no I/O)."""
    doc = document_element(tree, path)
    kind = local(doc.tag)
    work = "akn:meta/akn:identification/akn:FRBRWork"
    expression = "akn:meta/akn:identification/akn:FRBRExpression"
    prop = "akn:meta/akn:proprietary"
    short = alias(doc, path)
    authors = doc.xpath(f"{work}/akn:FRBRauthor/@href", namespaces=NS)
    date = (_first(doc, f"{prop}/cah:date/@value") or _first(doc, f"{expression}/akn:FRBRdate/@date")
            or _first(doc, f"{work}/akn:FRBRdate/@date"))
    name = _first(doc, f"{work}/akn:FRBRname/@value")
    if name.startswith("#"):
        name = ""  # a drafting tool's unfilled placeholder (UK Lawmaker's "#varBillTitle"), not a title
    title = _first(doc, f"{prop}/cah:title") or name or _first(doc, ".//akn:docTitle") or short
    return Document(
        id=short,
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
