"""eIds in a consolidated text: a renumbered provision, and an inserted one, named after its new place.

The AKN naming convention names a provision by its parent's eId, its element's abbreviation and its
number (``art_2__para_1__point_l``); when an amendment inserts or renumbers a provision, it and its
descendants are renamed so, and inserted elements that are not provisions lose eIds that would clash.
"""

from __future__ import annotations

from collections.abc import Sequence

from lxml import etree

from cahtool.akn import AKN, HIER_ELEMENTS, eid_component, local, text_of
from cahtool.amend.instructions import Source
from cahtool.errors import AmendmentError

#: An attribute marking the elements an amendment inserted, until they are named (then removed).
INSERTED = "{urn:cahtool:internal}inserted"


def rename(el: etree._Element, new_eid: str) -> None:
    """Give a provision a new eId, and its descendants the matching prefix."""
    old = el.get("eId", "")
    el.set("eId", new_eid)
    for node in el.iterdescendants():
        eid = node.get("eId") if isinstance(node.tag, str) else None
        if eid and old and eid.startswith(old + "__"):
            node.set("eId", new_eid + eid[len(old):])


def component(el: etree._Element) -> str:
    """The eId component of a provision from its number and its place among siblings of its kind."""
    num = el.find(f"{AKN}num")
    text = text_of(num) if num is not None else ""
    parent = el.getparent()
    same = [c for c in parent if c.tag == el.tag] if parent is not None else [el]
    return eid_component(local(el.tag), text, same.index(el) + 1)


def parent_eid(el: etree._Element) -> str:
    """The eId of the nearest provision above an element ('' at the top)."""
    node = el.getparent()
    while node is not None and local(node.tag) not in HIER_ELEMENTS:
        node = node.getparent()
    return node.get("eId", "") if node is not None else ""


def name_inserted(el: etree._Element) -> None:
    """Name an inserted provision and its descendants after their place in the consolidated text."""
    prefix = parent_eid(el)
    old = el.get("eId", "")
    new_eid = (prefix + "__" if prefix else "") + component(el)
    el.set("eId", new_eid)
    for child in el:
        if local(child.tag) in HIER_ELEMENTS:
            name_inserted(child)
        else:
            for node in child.iter():
                eid = node.get("eId") if isinstance(node.tag, str) else None
                if eid and old and eid.startswith(old + "__"):
                    node.set("eId", new_eid + eid[len(old):])
                elif eid:
                    del node.attrib["eId"]


def renumbered(el: etree._Element) -> None:
    """Rename a renumbered provision (and its descendants) after its new number."""
    prefix = parent_eid(el)
    rename(el, (prefix + "__" if prefix else "") + component(el))


def check_unique(body: etree._Element, sources: Sequence[Source], base_id: str) -> None:
    """Every provision of the consolidated text has its own eId and some text or provisions."""
    seen: dict[str, etree._Element] = {}
    for el in body.iter():
        if not isinstance(el.tag, str) or local(el.tag) not in HIER_ELEMENTS:
            continue
        parent = el.getparent()
        if parent is not None and local(parent.tag) in HIER_ELEMENTS:
            kids = [c for c in parent if local(c.tag) in HIER_ELEMENTS]
            if not kids:
                continue
        eid = el.get("eId", "")
        if eid in seen:
            who = ", ".join(s.amendment.id for s in sources)
            num = el.find(f"{AKN}num")
            shown = text_of(num) if num is not None else eid
            raise AmendmentError(
                f"{'proposals' if len(sources) > 1 else 'proposal'} {who}: applied to {base_id}, two provisions "
                f"are numbered {shown} (eId {eid}): an insertion collides with an existing provision; "
                "renumber the provisions that follow it", path=sources[0].amendment.path)
        seen[eid] = el
    for parent in body.iter():
        if isinstance(parent.tag, str) and local(parent.tag) in HIER_ELEMENTS:
            has_text = any(local(c.tag) == "content" for c in parent)
            has_kids = any(local(c.tag) in HIER_ELEMENTS for c in parent)
            if not has_text and not has_kids:
                who = ", ".join(s.amendment.id for s in sources)
                raise AmendmentError(f"proposal {who}: applied to {base_id}, {parent.get('eId')} is left "
                                     "with neither text nor provisions; repeal it instead",
                                     path=sources[0].amendment.path)
