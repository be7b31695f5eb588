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

from cahtool.akn import AKN, CAH, NS, local, text_of
from cahtool.amend.instructions import Amendment
from cahtool.errors import AmendmentError


def _cah(doc: etree._Element, tag: str) -> list[etree._Element]:
    return list(doc.xpath(f"akn:meta/akn:proprietary/cah:{tag}", namespaces=NS))


def _required(parent: etree._Element, path: str, base_id: str) -> etree._Element:
    """A metadata element every valid Akoma Ntoso document has; an error naming the base if it is missing."""
    found = parent.find(path.replace("{AKN}", AKN))
    if found is None:
        wanted = path.replace("{AKN}", "").replace("/", " › ")
        raise AmendmentError(f"base {base_id} has no <{wanted}> in its metadata: it is not valid Akoma Ntoso, "
                             "so no consolidated text can be made of it (run cahtool check on it)")
    return found


def consolidate_meta(doc: etree._Element, proposals: list[etree._Element], amendments: list[Amendment],
                     base_id: str) -> None:
    """The consolidated text is the base work as the proposals would make it: their ids, titles, people."""
    meta = _required(doc, "{AKN}meta", base_id)
    ids = [a.id for a in amendments]
    dates = sorted(str(p.xpath("string(akn:meta/akn:identification/akn:FRBRExpression/akn:FRBRdate/@date)",
                               namespaces=NS)) for p in proposals)
    _identity(meta, consolidated_id(ids), dates[-1], base_id)
    _references(meta, proposals)
    _proprietary(doc, meta, proposals, amendments, base_id, dates[-1])


def _identity(meta: etree._Element, new_id: str, date: str, base_id: str) -> None:
    """FRBR: the base's work under the new id (the base's kept as ``cahtool-base``), a new expression, by cahtool."""
    work = _required(meta, "{AKN}identification/{AKN}FRBRWork", base_id)
    expression = _required(meta, "{AKN}identification/{AKN}FRBRExpression", base_id)
    manifestation = _required(meta, "{AKN}identification/{AKN}FRBRManifestation", base_id)
    work_uri_el = _required(work, "{AKN}FRBRuri", base_id)
    alias = next((a for a in work.findall(f"{AKN}FRBRalias") if a.get("name") == "cahtool"), None)
    if alias is None:
        alias = etree.Element(f"{AKN}FRBRalias", name="cahtool")
        work_uri_el.addnext(alias)
    alias.set("value", new_id)
    alias.addnext(etree.Element(f"{AKN}FRBRalias", name="cahtool-base", value=base_id))
    lang = expression.find(f"{AKN}FRBRlanguage")
    language = lang.get("language", "eng") if lang is not None else "eng"
    expr_uri = f"{work_uri_el.get('value', '').rstrip('/')}/{language}@{date}-{new_id}"
    _required(expression, "{AKN}FRBRthis", base_id).set("value", expr_uri + "/!main")
    _required(expression, "{AKN}FRBRuri", base_id).set("value", expr_uri)
    for d in expression.findall(f"{AKN}FRBRdate"):
        d.set("date", date)
        d.set("name", "proposal (consolidated text as if adopted)")
    # The consolidated text is cahtool's computation, not the base's author's words.
    for frbr in (work, expression):
        for author in frbr.findall(f"{AKN}FRBRauthor"):
            author.set("href", "#cahtool")
            author.attrib.pop("as", None)
    _required(manifestation, "{AKN}FRBRthis", base_id).set("value", expr_uri + "/!main.xml")
    _required(manifestation, "{AKN}FRBRuri", base_id).set("value", expr_uri + ".akn")


def _references(meta: etree._Element, proposals: list[etree._Element]) -> None:
    """People: cahtool and the proposals' TLC references join the base's."""
    refs = meta.find(f"{AKN}references")
    if refs is None:
        refs = etree.Element(f"{AKN}references", source="#cahtool")
        identification = meta.find(f"{AKN}identification")
        if identification is not None:
            identification.addnext(refs)
        else:
            meta.insert(0, refs)
    known = {el.get("eId") for el in refs}
    if "cahtool" not in known:
        etree.SubElement(refs, f"{AKN}TLCOrganization", eId="cahtool", href="/ontology/organization/cahtool",
                         showAs="cahtool")
        known.add("cahtool")
    for p in proposals:
        for el in p.xpath("akn:meta/akn:references/*", namespaces=NS):
            if el.get("eId") not in known:
                refs.append(copy.deepcopy(el))
                known.add(el.get("eId"))


def _proprietary(doc: etree._Element, meta: etree._Element, proposals: list[etree._Element],
                 amendments: list[Amendment], base_id: str, date: str) -> None:
    """cahtool's facts: the proposal's own (or, for several, their union), then the base's verification."""
    prop = meta.find(f"{AKN}proprietary")
    base_verification = [copy.deepcopy(v) for v in prop.findall(f"{CAH}verification")] if prop is not None else []
    if prop is None:
        prop = etree.SubElement(meta, f"{AKN}proprietary", source="#cahtool")
    for child in list(prop):
        prop.remove(child)
    prop.text = "\n        "

    def add(tag: str, text: str = "", **attrs: str) -> etree._Element:
        el = etree.SubElement(prop, f"{CAH}{tag}", {k: v for k, v in attrs.items() if v})
        if text:
            el.text = text
        return el

    ids = [a.id for a in amendments]
    if len(proposals) == 1:
        for child in _cah(proposals[0], "*"):
            if local(child.tag) != "verification":
                prop.append(copy.deepcopy(child))
    else:
        base_title = " ".join(str(doc.xpath("string(akn:meta/akn:identification/akn:FRBRWork/akn:FRBRname/@value)",
                                            namespaces=NS)).split()) or base_id
        pairs = list(zip(amendments, proposals, strict=True))
        add("title", f"{base_title} as amended by the proposals {', '.join(ids)}")
        add("date", value=date)
        add("source", "; ".join(f"{a.id}: {text_of(s)}" for a, p in pairs for s in _cah(p, "source")))
        add("base", ref=base_id)
        add("provenance", label="; ".join(
            f"{a.id}: {p.xpath('string(akn:meta/akn:proprietary/cah:provenance/@label)', namespaces=NS)}"
            for a, p in pairs))
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
