"""The metadata of a consolidated text: the base's work as one or more proposals would make it.

The consolidated text keeps the base's FRBR work (its alias becomes the proposal's id, the base's is kept as
``cahtool-base``), gets an expression of its own dated with the proposal, is authored by cahtool (the
words are the base's and the proposal's, put together by cahtool), and carries the proposal's
``<proprietary>`` facts (title, date, source, status, base, provenance, proponents, supporters) with the
base's verification status, so that ``load`` reads it as the proposal's document.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence

from lxml import etree

from cahtool.akn import AKN_NS, CAH_NS, NS, local
from cahtool.errors import InputError
from cahtool.instructions import Amendment

_A = f"{{{AKN_NS}}}"
_C = f"{{{CAH_NS}}}"


def _cah(doc: etree._Element, tag: str) -> list[etree._Element]:
    return list(doc.xpath(f"akn:meta/akn:proprietary/cah:{tag}", namespaces=NS))


def consolidate_meta(doc: etree._Element, proposals: list[etree._Element], amendments: list[Amendment],
                      base_id: str) -> None:
    """The consolidated text is the base work as the proposals would make it: their ids, titles, people."""
    meta = doc.find(f"{_A}meta")
    if meta is None:
        raise InputError("base has no <meta>")
    ids = [a.id for a in amendments]
    new_id = "+".join(ids)
    single = proposals[0] if len(proposals) == 1 else None

    dates = sorted(str(p.xpath("string(akn:meta/akn:identification/akn:FRBRExpression/akn:FRBRdate/@date)",
                                namespaces=NS)) for p in proposals)
    date = dates[-1]
    work = meta.find(f"{_A}identification/{_A}FRBRWork")
    expression = meta.find(f"{_A}identification/{_A}FRBRExpression")
    manifestation = meta.find(f"{_A}identification/{_A}FRBRManifestation")
    assert work is not None and expression is not None and manifestation is not None
    aliases = work.findall(f"{_A}FRBRalias")
    alias = next((a for a in aliases if a.get("name") == "cahtool"), None)
    if alias is None:
        alias = etree.Element(f"{_A}FRBRalias", name="cahtool")
        work.find(f"{_A}FRBRuri").addnext(alias)
    alias.set("value", new_id)
    based = etree.Element(f"{_A}FRBRalias", name="cahtool-base", value=base_id)
    alias.addnext(based)
    work_uri = work.find(f"{_A}FRBRuri").get("value", "").rstrip("/")
    lang = expression.find(f"{_A}FRBRlanguage")
    language = lang.get("language", "eng") if lang is not None else "eng"
    expr_uri = f"{work_uri}/{language}@{date}-{new_id}"
    expression.find(f"{_A}FRBRthis").set("value", expr_uri + "/!main")
    expression.find(f"{_A}FRBRuri").set("value", expr_uri)
    for d in expression.findall(f"{_A}FRBRdate"):
        d.set("date", date)
        d.set("name", "proposal (consolidated text as if adopted)")
    # The consolidated text is cahtool's computation, not the base's author's words.
    for frbr in (work, expression):
        for author in frbr.findall(f"{_A}FRBRauthor"):
            author.set("href", "#cahtool")
            author.attrib.pop("as", None)
    manifestation.find(f"{_A}FRBRthis").set("value", expr_uri + "/!main.xml")
    manifestation.find(f"{_A}FRBRuri").set("value", expr_uri + ".akn")

    # People: the proposals' TLC references join the base's.
    refs = meta.find(f"{_A}references")
    if refs is None:
        refs = etree.Element(f"{_A}references", source="#cahtool")
        meta.find(f"{_A}identification").addnext(refs)
    known = {el.get("eId") for el in refs}
    if "cahtool" not in known:
        etree.SubElement(refs, f"{_A}TLCOrganization", eId="cahtool", href="/ontology/organization/cahtool",
                         showAs="cahtool")
        known.add("cahtool")
    for p in proposals:
        for el in p.xpath("akn:meta/akn:references/*", namespaces=NS):
            if el.get("eId") not in known:
                refs.append(copy.deepcopy(el))
                known.add(el.get("eId"))

    prop = meta.find(f"{_A}proprietary")
    base_verification = [copy.deepcopy(v) for v in prop.findall(f"{_C}verification")] if prop is not None else []
    if prop is None:
        prop = etree.SubElement(meta, f"{_A}proprietary", source="#cahtool")
    for child in list(prop):
        prop.remove(child)
    prop.text = "\n        "
    nsmap_el = etree.SubElement

    def add(tag: str, text: str = "", **attrs: str) -> etree._Element:
        el = nsmap_el(prop, f"{_C}{tag}", {k: v for k, v in attrs.items() if v})
        if text:
            el.text = text
        return el

    if single is not None:
        for child in _cah(single, "*"):
            if local(child.tag) != "verification":
                prop.append(copy.deepcopy(child))
    else:
        base_title = " ".join(str(doc.xpath("string(akn:meta/akn:identification/akn:FRBRWork/akn:FRBRname/@value)",
                                            namespaces=NS)).split()) or base_id
        add("title", f"{base_title} as amended by the proposals {', '.join(ids)}")
        add("date", value=date)
        add("source", "; ".join(f"{a.id}: {' '.join(''.join(s.itertext()).split())}"
                                for a, p in zip(amendments, proposals, strict=True) for s in _cah(p, "source")))
        add("base", ref=base_id)
        add("provenance", label="; ".join(
            f"{a.id}: {p.xpath('string(akn:meta/akn:proprietary/cah:provenance/@label)', namespaces=NS)}"
            for a, p in zip(amendments, proposals, strict=True)))
        seen: set[str] = set()
        for tag in ("proponent", "supporter"):
            for p in proposals:
                for el in _cah(p, tag):
                    key = tag + el.get("by", "")
                    if key not in seen:
                        seen.add(key)
                        prop.append(copy.deepcopy(el))
    for v in base_verification:
        v.text = f"Text of the base, {base_id}: " + " ".join((v.text or "").split())
        prop.append(v)
    add("consolidated", base=base_id, proposals=" ".join(ids))


def consolidated_id(proposal_ids: Sequence[str]) -> str:
    """The id of the consolidated text of several proposals (``a+b``)."""
    return "+".join(proposal_ids)


__all__ = ["consolidate_meta", "consolidated_id"]
