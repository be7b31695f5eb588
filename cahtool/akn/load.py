"""Akoma Ntoso → ``Document``: metadata and provisions with their own text (the corpus is in corpus.py)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from lxml import etree

from cahtool.akn.numbers import citation, eid_component, num_token
from cahtool.akn.text import BLOCKS, QUOTED, flatten, has_quoted, lines, segments, text_of
from cahtool.akn.vocabulary import AKN, BODY_TAGS, DOCUMENT_KINDS, HIER_ELEMENTS, NS, TEXT_CONTAINERS, local
from cahtool.akn.xmlio import document_element, parse_bytes, read_bytes
from cahtool.model import Document, Party, Provision

# -- provisions -----------------------------------------------------------------------------------

#: Elements that are one provision each wherever they stand: AKN's hierarchy, the generic containers, the
#: recitals and citations of a preamble, and quoted provisions (kept as structure, quoted).
STRUCTURE = HIER_ELEMENTS | {"hcontainer", "crossHeading", "recital", "citation", "quotedStructure",
                             "embeddedStructure"}
#: Block containers that are a provision of their own when they stand among provisions (in a text, lines).
STRUCTURE_BLOCKS = frozenset({"tblock", "blockContainer", "container"})
#: The parts of a document besides its body, and how they are cited.
PARTS = {"coverPage": "cover page", "preface": "preface", "preamble": "preamble", "conclusions": "conclusions",
         "header": "header", "amendmentHeading": "heading", "amendmentContent": "amendment",
         "amendmentReference": "reference", "amendmentJustification": "justification"}
#: Parts whose blocks are each a provision of their own (a preamble's paragraphs are cited one by one).
SPLIT_PARTS = frozenset({"preamble"})
#: Sub-documents: annexes and schedules (``attachment``), the documents of a collection (``component``).
SUBDOCUMENTS = frozenset({"attachment", "component"})
#: Wrappers that hold no words of their own: their children stand in their place.
WRAPPERS = BODY_TAGS | {"recitals", "citations", "attachments", "components", "collectionBody"}
#: Generic containers: a wrapper when they group provisions and say nothing themselves.
_GENERIC = frozenset({"hcontainer", "container", "blockContainer", "tblock"})
#: Everything about a provision that is not its text: read apart.
_OWN = frozenset({"num", "heading", "subheading", "meta"})
#: Text containers of a provision.
_TEXTS = frozenset({*TEXT_CONTAINERS, "listIntroduction", "listWrapUp"})
_XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
#: The name of the containers that hold a provision's alternative wordings (``Option 1``, ``Option 2``).
OPTION = "option"


#: Children that make an element hold provisions: only such an element is looked up in ``Subtrees`` (a leaf is built
#: about as fast as its markup is serialized and hashed).
_NESTING = STRUCTURE | WRAPPERS | PARTS.keys() | SUBDOCUMENTS | DOCUMENT_KINDS | _GENERIC
#: Elements inside this many serialized for ``Subtrees`` are built without looking: each level serializes its whole
#: subtree again, so a document nested far deeper than any statute (a hostile one) would be serialized once a level.
_SHARED_DEPTH = 8
#: Markup that makes a provision depend on more than its element: a note kept in the metadata (``noteRef``), a
#: document kept elsewhere in the file (``documentRef``), a quoted structure (cut out of its blocks by what the whole
#: document quotes). An element holding one is never taken from ``Subtrees``.
_CONTEXTUAL = (b"noteRef", b"documentRef", b"quotedStructure", b"embeddedStructure")


class Subtrees:
    """Provisions loaded already, by their markup and place, for the documents one run loads.

    A proposal's consolidated text is its base with a few provisions changed, and a revision keeps most of the
    text before it: loading a hundred of them built the same provisions a hundred times. An element whose markup
    (serialized without its tail: names, attributes, words and descendants) is that of an element loaded before,
    under a parent of the same eId and citation and in the same position, is the same ``Provision``, descendants
    included: it is taken, not built again. The documents then share those provisions (they are frozen), which
    also spares the aligner: it knows a provision by its identity.

    A provision is made of its element and that place only, except where the element holds markup that reaches
    elsewhere in the file (``_CONTEXTUAL``): such an element is always built. Within one document a place is never
    taken twice: a file with the same markup twice in one place (an eId given twice) gets provisions of its own
    for each, since a position in a document stands for one provision (``propose.derive``, the build cache).
    """

    def __init__(self) -> None:
        self._known: dict[tuple[object, ...], Provision] = {}


def _identity(el: etree._Element) -> str:
    """A provision's own identifier: its eId, else its wId, GUID or xml:id ('' when it has none)."""
    return el.get("eId") or el.get("wId") or el.get("GUID") or el.get(_XML_ID) or ""


class _Loader:
    """Builds the provisions of a document: every part that carries text, in reading order.

    A provision's words are its own text (the text containers and blocks that are not themselves provisions)
    and, for a provision with children, the text before them (intro) and after them (wrap-up); a block that
    stands between two child provisions becomes an unnumbered provision of its own, so that the order of the
    words is kept. Nothing outside ``<meta>`` is left out.
    """

    def __init__(self, root: etree._Element, within: etree._Element | None = None,
                 subtrees: Subtrees | None = None) -> None:
        self.root = root
        self.subtrees = subtrees
        #: The places this document asked ``subtrees`` for: a place asked twice is built again.
        self._asked: set[tuple[object, ...]] = set()
        #: How many elements serialized for ``subtrees`` the element being built is inside.
        self._depth = 0
        self._notes: dict[str, etree._Element] | None = None
        # Documents kept after a collection (``akomaNtoso/components``), which its components reference.
        self.components = {component.get("eId", ""): component for group in root if local(group.tag) == "components"
                           for component in group if local(component.tag) == "component"}
        self.referenced: set[str] = set()
        # Most documents quote nothing: then no block needs to be searched for a quoted structure. Reading a
        # part (``within``) that quotes one, the answer is at hand: searching the whole document for each of a
        # proposal's quoted structures was quadratic in their number.
        self.quotes = any(next(el.iter(f"{AKN}quotedStructure", f"{AKN}embeddedStructure"), None) is not None
                          for el in ((within, root) if within is not None else (root,)))

    def note(self, eid: str) -> etree._Element | None:
        """The note a ``noteRef`` points at, kept in the metadata (``meta/notes/note``)."""
        if self._notes is None:
            self._notes = {n.get("eId", ""): n for n in self.root.iter(f"{AKN}note") if n.get("eId")}
        return self._notes.get(eid)

    # items: what a container holds, in order -----------------------------------------------------------
    def items(self, el: etree._Element) -> list[etree._Element | str]:
        """The children of a container that carry words, in order: elements, and loose text."""
        out: list[etree._Element | str] = []
        if el.text and el.text.strip():
            out.append(el.text)
        for child in el:
            tag = local(child.tag)
            if tag in WRAPPERS or (tag in _GENERIC and self._wrapper(child)):
                out.extend(self.items(child))
            elif tag and tag not in _OWN:
                out.append(child)
            if child.tail and child.tail.strip():
                out.append(child.tail)
        return out

    def _wrapper(self, el: etree._Element) -> bool:
        """True for a generic container that only groups provisions: no number, no heading, no words of its own.

        Publishers wrap the same provisions differently (an ``hcontainer`` around a chapter's articles, a
        ``scheduleBody``): such a wrapper stands aside, so that two markups of one text compare equal.
        """
        if any(local(c.tag) in _OWN for c in el):
            return False
        inner = self.items(el)
        return bool(inner) and all(self.is_structure(item) for item in inner)

    def is_structure(self, el: etree._Element | str) -> bool:
        """True for a child that is a provision of its own; False for text (a block, a text container)."""
        if isinstance(el, str):
            return False
        tag = local(el.tag)
        if tag == "hcontainer" and el.get("name") == OPTION:
            return False  # an alternative wording of its provision (a rolling text's option): lines of its text
        if tag in STRUCTURE or tag in PARTS or tag in SUBDOCUMENTS or tag in DOCUMENT_KINDS:
            return True
        if tag in _TEXTS or tag in BLOCKS:
            return tag in STRUCTURE_BLOCKS
        # An element cahtool has no name for (a judgment's "motivation", a debate's "speech"): a provision if it
        # holds blocks or provisions, else inline text.
        return any(local(c.tag) in BLOCKS or local(c.tag) in STRUCTURE for c in el)

    # provisions -------------------------------------------------------------------------------------------
    def provisions(self, container: etree._Element, parent_eid: str, parent_label: str, *, part: bool, split: bool,
                   items: list[etree._Element | str] | None = None,
                   ) -> tuple[tuple[Provision, ...], list[etree._Element | str], list[etree._Element | str]]:
        """The child provisions of a container, with the text before them (intro) and after them (wrap-up).

        ``split``: every block is a provision of its own (a preamble's paragraphs, loose blocks of a body).
        ``part``: the container is a document or one of its parts, so children are cited from scratch.
        ``items``: the container's ``items``, when the caller has them already.
        """
        items = self._split_quoted(self.items(container) if items is None else items)
        if not split and not any(map(self.is_structure, items)):
            return (), items, []  # a provision without children (most of them): all its blocks are its text
        intro: list[etree._Element | str] = []
        pending: list[etree._Element | str] = []
        # The children in order, each with whether it is a block standing alone; then made, in a loop of this
        # frame (a nested function would add a frame per level to a recursion as deep as the document).
        picked: list[tuple[etree._Element | str, bool]] = []
        for item in items:
            if self.is_structure(item):
                if pending:
                    if picked:
                        picked.extend((text, True) for text in pending)
                    else:
                        intro = pending
                    pending = []
                picked.append((item, False))
            elif split:
                picked.append((item, True))
            else:
                pending.append(item)
        if not picked:
            return (), pending, []
        children: list[Provision] = []
        count: dict[str, int] = {}
        paragraphs = 0
        for el, anonymous in picked:
            tag = "p" if isinstance(el, str) else local(el.tag)
            count[tag] = count.get(tag, 0) + 1
            if anonymous or tag in ("recital", "citation"):
                paragraphs += 1
            children.append(self.provision(el, parent_eid, parent_label, count[tag], part=part,
                                           paragraph=paragraphs, anonymous=anonymous))
        return tuple(children), intro, pending

    def _split_quoted(self, items: list[etree._Element | str]) -> list[etree._Element | str]:
        """Blocks that hold a quoted structure, cut around it: text, the structure (a provision), text."""
        if not self.quotes:
            return items
        out: list[etree._Element | str] = []
        for item in items:
            if isinstance(item, str) or self.is_structure(item) or not has_quoted(item):
                out.append(item)
                continue
            for child in ([item] if local(item.tag) not in _TEXTS else list(item)):
                if not local(child.tag) or not has_quoted(child):
                    out.append(child)
                    continue
                for piece in segments(child):
                    if isinstance(piece, tuple):
                        if piece[0]:
                            out.append(piece[0])
                    else:
                        out.append(piece)
        return out

    def provision(self, el: etree._Element | str, parent_eid: str, parent_label: str, position: int, *,
                  part: bool = False, paragraph: int = 0, anonymous: bool = False) -> Provision:
        """One provision (an element, or a block that stands alone), with its descendants."""
        if isinstance(el, str) or anonymous:
            return self._block(el, parent_eid, parent_label, position, part, paragraph)
        if self.subtrees is None or self._depth >= _SHARED_DEPTH or not any(local(c.tag) in _NESTING for c in el):
            return self._element(el, parent_eid, parent_label, position, part, paragraph)
        data = etree.tostring(el, with_tail=False)
        key: tuple[object, ...] | None = None
        # Searched for as plain bytes (a regular expression's alternation was slower than loading).
        if not any(marker in data for marker in _CONTEXTUAL):
            import hashlib  # here: only documents loaded together share subtrees

            key = (hashlib.blake2b(data, digest_size=20).digest(), parent_eid, parent_label, position, part,
                   paragraph)
            if key in self._asked:
                key = None
            else:
                self._asked.add(key)
                found = self.subtrees._known.get(key)
                if found is not None:
                    return found
        self._depth += 1  # every element serialized counts, taken or not: the bound is on serializing
        try:
            made = self._element(el, parent_eid, parent_label, position, part, paragraph)
        finally:
            self._depth -= 1
        if key is not None:
            self.subtrees._known[key] = made
        return made

    def _element(self, el: etree._Element, parent_eid: str, parent_label: str, position: int, part: bool,
                 paragraph: int) -> Provision:
        """``provision`` of an element, built."""
        tag = local(el.tag)
        if tag in SUBDOCUMENTS:
            return self._subdocument(el, parent_eid, parent_label, position)
        num_el = heading_el = None
        subheadings: list[etree._Element] = []
        # One walk over the children finds the number and headings, and what ``items`` gives for the rest.
        items: list[etree._Element | str] = []
        if el.text and el.text.strip():
            items.append(el.text)
        for child in el:
            child_tag = local(child.tag)
            if child_tag in _OWN:
                if child_tag == "num" and num_el is None:
                    num_el = child
                elif child_tag == "heading" and heading_el is None:
                    heading_el = child
                elif child_tag == "subheading":
                    subheadings.append(child)
            elif child_tag in WRAPPERS or (child_tag in _GENERIC and self._wrapper(child)):
                items.extend(self.items(child))
            elif child_tag:
                items.append(child)
            tail = child.tail
            if tail and tail.strip():
                items.append(tail)
        num = flatten(num_el)[0] if num_el is not None else ""
        if subheadings:
            heading = "\n".join(x for x in [flatten(h)[0] for h in ([heading_el] if heading_el is not None else [])
                                              + subheadings] if x)
        else:
            heading = flatten(heading_el)[0] if heading_el is not None else ""
        if tag == "crossHeading" and not heading:
            heading = flatten(el)[0]  # a cross-heading's words are its own, inline
        eid = _identity(el) or (parent_eid + "__" if parent_eid else "") + (
            tag if tag in PARTS else eid_component(tag, num, position))
        label = self._label(el, tag, num, eid, parent_label, position, part, paragraph)
        if tag == "crossHeading":
            return Provision(eid=eid, tag=tag, num=num, heading=heading, text="", label=label)
        is_part = tag in PARTS or tag in QUOTED or tag in DOCUMENT_KINDS
        children, intro, wrap_up = self.provisions(el, eid, label, part=is_part, split=tag in SPLIT_PARTS,
                                                   items=items)
        if tag in QUOTED:
            # Quoted provisions belong to the text quoted, not to this document: named under the quotation.
            children = tuple(_requalified(c, eid) for c in children)
        text, marks, omitted = lines(intro + wrap_up, self.note)
        return Provision(
            eid=eid, tag=tag, num=num, heading=heading, text=text, label=label, children=children, marks=marks,
            omitted=omitted and not children,
            wrap_up=lines(wrap_up, self.note)[0] if wrap_up and children else "",
        )

    def _block(self, el: etree._Element | str, parent_eid: str, parent_label: str, position: int, part: bool,
               paragraph: int) -> Provision:
        """A block that stands among provisions (a preamble's paragraph, text between sections): unnumbered."""
        tag = "p" if isinstance(el, str) else local(el.tag)
        own = "" if isinstance(el, str) else _identity(el)
        eid = own or (parent_eid + "__" if parent_eid else "") + f"{tag}_{position}"
        label = f"{parent_label}, para. {paragraph}" if parent_label else f"para. {paragraph}"
        text, marks, omitted = lines([el], self.note)
        return Provision(eid=eid, tag=tag, num="", heading="", text=text, label=label, marks=marks, omitted=omitted)

    def _subdocument(self, el: etree._Element, parent_eid: str, parent_label: str, position: int) -> Provision:
        """An annex or schedule (``attachment``), or a document of a collection (``component``)."""
        tag = local(el.tag)
        inner = next((c for c in el if local(c.tag) in DOCUMENT_KINDS), None)
        ref = next((c for c in el if local(c.tag) == "documentRef"), None)
        if inner is None and ref is not None:
            target = self.components.get(ref.get("href", "").lstrip("#"))
            if target is not None:
                self.referenced.add(target.get("eId", ""))
                inner = next((c for c in target if local(c.tag) in DOCUMENT_KINDS), None)
        num_el = next((c for c in el if local(c.tag) == "num"), None)
        num = flatten(num_el)[0] if num_el is not None else ""
        heading = "\n".join(flatten(c)[0] for c in el if local(c.tag) in ("heading", "subheading"))
        name = (inner.get("name", "") if inner is not None else "") or ("annex" if tag == "attachment" else tag)
        own = _identity(el)
        eid = own or (parent_eid + "__" if parent_eid else "") + f"{'att' if tag == 'attachment' else 'cmp'}_{position}"
        token = num_token(num) if num else (str(position) if position > 1 or tag == "component" else "")
        label = ", ".join(x for x in (parent_label, f"{name} {token}".strip()) if x)
        if inner is None and ref is not None:
            # A document kept in another file: its words are not in this one, and are not compared.
            label += f" (in another file: {ref.get('href', '')})"
        children, intro, wrap_up = self.provisions(inner if inner is not None else el, eid, label, part=True,
                                                   split=True)
        beside: list[etree._Element | str] = []
        if inner is not None:  # words of the annex itself, beside its document (rare)
            beside = [c for c in el if local(c.tag) not in _OWN and local(c.tag) not in DOCUMENT_KINDS]
        text, marks, _ = lines([*intro, *wrap_up, *beside], self.note)
        return Provision(eid=eid, tag=tag, num=num, heading=heading, text=text, label=label, children=children,
                         marks=marks)

    def _label(self, el: etree._Element, tag: str, num: str, eid: str, parent_label: str, position: int,
               part: bool, paragraph: int) -> str:
        """How lawyers cite the provision: ``art. 7(1)(h)``, ``preamble, para. 3``, ``annex, para. 2``."""
        if tag in PARTS:
            return ", ".join(x for x in (parent_label, PARTS[tag]) if x)
        if tag in QUOTED:
            return ", ".join(x for x in (parent_label, "quoted") if x)
        if tag in ("recital", "citation") and not num:
            return f"{parent_label}, para. {paragraph}" if parent_label else f"para. {paragraph}"
        shown = el.get("name") or tag if tag == "hcontainer" else tag
        if tag == "hcontainer" and num.casefold().startswith(shown.casefold() + " "):
            # A named container numbered with its name (``Option 2`` of a rolling text, UK ``SCHEDULE 1``): the
            # name as the element spells it, then the number ("art. 2(2)(h), option 2", "schedule 1").
            return ", ".join(x for x in (parent_label, shown + num[len(shown):]) if x)
        if part:
            first = f"para. {num_token(num) or position}" if tag == "paragraph" else citation("", shown, num, eid)
            return ", ".join(x for x in (parent_label, first) if x)
        return citation(parent_label, shown, num, eid)


def _requalified(p: Provision, prefix: str) -> Provision:
    """A quoted provision named under its quotation (its eId prefixed, unless it already is)."""
    eid = p.eid if p.eid.startswith(prefix) else f"{prefix}__{p.eid}"
    return replace(p, eid=eid, children=tuple(_requalified(c, prefix) for c in p.children))


def provisions_of(container: etree._Element) -> tuple[Provision, ...]:
    """The provisions inside a container (a quoted structure, a body), with their descendants."""
    loader = _Loader(container.getroottree().getroot(), within=container)
    return loader.provisions(container, "", "", part=True, split=False)[0]


def _provisions(doc: etree._Element, subtrees: Subtrees | None = None) -> tuple[Provision, ...]:
    """Every part of a document that carries text, in reading order (the body's provisions at the top)."""
    loader = _Loader(doc.getroottree().getroot(), subtrees=subtrees)
    children, intro, wrap_up = loader.provisions(doc, "", "", part=True, split=True)
    out = list(children)
    # Components kept after the collection (the OASIS pattern) and referenced from nowhere: kept too.
    for eid, component in loader.components.items():
        if eid not in loader.referenced:
            out.append(loader.provision(component, "", "", len(out) + 1, part=True))
    return tuple(out)


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


def load_tree(tree: etree._ElementTree, path: str, subtrees: Subtrees | None = None) -> Document:
    """Build a ``Document`` from a parsed tree (bottom rung: no I/O); with ``subtrees``, sharing the provisions of
    the documents loaded before with the same markup."""
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
        provisions=_provisions(doc, subtrees),
        base=_first(doc, f"{prop}/cah:base/@ref"),
        provenance=_first(doc, f"{prop}/cah:provenance/@label"),
        proponents=_parties(doc, [str(h) for h in doc.xpath(f"{prop}/cah:proponent/@by", namespaces=NS)]),
        supporters=_parties(doc, [str(h) for h in doc.xpath(f"{prop}/cah:supporter/@by", namespaces=NS)]),
    )


def load_bytes(data: bytes, path: str, subtrees: Subtrees | None = None) -> Document:
    """Parse bytes with the hardened parser and build a ``Document`` (``subtrees``: as ``load_tree``)."""
    return load_tree(parse_bytes(data, path), path, subtrees)


def load_file(path: str | Path) -> Document:
    """Read, parse and load one Akoma Ntoso file."""
    return load_bytes(read_bytes(path), str(path))
