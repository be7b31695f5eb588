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
#: Every provision element in any namespace, for ``iter``: lxml picks them in C, where a loop in Python would look
#: at every element of a long text (once per proposal a site reads).
HIER_TAGS = tuple(sorted(f"{{*}}{tag}" for tag in HIER_ELEMENTS))
#: What a provision must hold one of: its text, or provisions.
_TEXT_OR_PROVISIONS = HIER_ELEMENTS | {"content"}
_MARKED = etree.XPath("descendant-or-self::*[@c:inserted]", namespaces={"c": "urn:cahtool:internal"})


def marked(root: etree._Element) -> list[etree._Element]:
    """The elements under ``root`` (and itself) that an amendment inserted, in document order."""
    found = _MARKED(root)
    assert isinstance(found, list)
    return found


def rename(el: etree._Element, new_eid: str) -> None:
    """Give a provision a new eId, and its descendants the matching prefix."""
    old = el.get("eId", "")
    el.set("eId", new_eid)
    for node in el.iterdescendants():
        eid = node.get("eId") if isinstance(node.tag, str) else None
        if eid and old and eid.startswith(old + "__"):
            node.set("eId", new_eid + eid[len(old):])


class SiblingPlaces:
    """Each provision's place among its parent's children of its tag (1, 2 …), counted once per parent.

    Naming every provision of a long list would otherwise count its siblings once per provision (quadratic
    in the length of the list). Valid while the tree's order does not change: one per naming pass.
    """

    def __init__(self) -> None:
        self._places: dict[etree._Element, dict[etree._Element, int]] = {}

    def of(self, el: etree._Element) -> int:
        """The place of ``el`` among the children of its parent that have its tag (1 for the first)."""
        parent = el.getparent()
        if parent is None:
            return 1
        places = self._places.get(parent)
        if places is None:
            count: dict[object, int] = {}
            places = {}
            for child in parent:
                count[child.tag] = count.get(child.tag, 0) + 1
                places[child] = count[child.tag]
            self._places[parent] = places
        return places[el]


def component(el: etree._Element, places: SiblingPlaces | None = None) -> str:
    """The eId component of a provision from its number and its place among siblings of its kind."""
    num = el.find(f"{AKN}num")
    text = text_of(num) if num is not None else ""
    return eid_component(local(el.tag), text, (places or SiblingPlaces()).of(el))


def parent_eid(el: etree._Element) -> str:
    """The eId of the nearest provision above an element ('' at the top)."""
    node = el.getparent()
    while node is not None and local(node.tag) not in HIER_ELEMENTS:
        node = node.getparent()
    return node.get("eId", "") if node is not None else ""


def name_inserted(el: etree._Element, places: SiblingPlaces | None = None) -> None:
    """Name an inserted provision and its descendants after their place in the consolidated text."""
    places = places or SiblingPlaces()
    prefix = parent_eid(el)
    old = el.get("eId", "")
    new_eid = (prefix + "__" if prefix else "") + component(el, places)
    el.set("eId", new_eid)
    for child in el:
        if local(child.tag) in HIER_ELEMENTS:
            name_inserted(child, places)
        else:
            for node in child.iter():
                eid = node.get("eId") if isinstance(node.tag, str) else None
                if eid and old and eid.startswith(old + "__"):
                    node.set("eId", new_eid + eid[len(old):])
                elif eid:
                    del node.attrib["eId"]


def renumbered(el: etree._Element, places: SiblingPlaces | None = None) -> None:
    """Rename a renumbered provision (and its descendants) after its new number."""
    prefix = parent_eid(el)
    rename(el, (prefix + "__" if prefix else "") + component(el, places))


def check_unique(body: etree._Element, sources: Sequence[Source], base_id: str) -> None:
    """Every provision of the consolidated text has its own eId and some text or provisions."""
    seen: dict[str, etree._Element] = {}
    for el in body.iter(*HIER_TAGS):
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
    for parent in body.iter(*HIER_TAGS):
        # The children's names read here: ``iterchildren`` with the 32 names parses them again for every provision
        # (10 ms of a 150,000-word text, for each proposal applied; 2 ms this way).
        for child in parent:
            tag = child.tag
            if isinstance(tag, str) and tag.rpartition("}")[2] in _TEXT_OR_PROVISIONS:
                break
        else:
            who = ", ".join(s.amendment.id for s in sources)
            raise AmendmentError(f"proposal {who}: applied to {base_id}, {parent.get('eId')} is left "
                                 "with neither text nor provisions; repeal it instead",
                                 path=sources[0].amendment.path)


def set_num(el: etree._Element, num: str) -> None:
    """Give el the number num (its <num> made if it has none, any markup inside the old one dropped)."""
    found = el.find(f"{AKN}num")
    if found is None:
        found = etree.Element(f"{AKN}num")
        el.insert(0, found)
    for child in list(found):
        found.remove(child)
    found.text = num
