"""Rolling texts in Akoma Ntoso: the negotiation state read from a document, and written into one.

The encoding (the README's "Rolling texts" section shows a whole example) uses Akoma Ntoso's own vocabulary
where it has a word for the thing, and cahtool's namespace (``urn:cahtool:1``, prefix ``cah``) only where it
has none; every AKN reader still shows the text as a delegate reads it:

- bracketed words are text in square brackets inside ``<inline name="bracket">`` (AKN's generic inline), with
  ``cah:kind`` (addition, deletion, contested), the delegations by stance in ``cah:proposedBy``,
  ``cah:supportedBy``, ``cah:opposedBy``, ``cah:openTo`` (references to ``TLCOrganization``/``TLCPerson``) and
  the proposals they come from in ``cah:proposals``; the footnote naming the delegations follows as an
  ``<authorialNote>`` (AKN's footnote) whose ``marker`` is its number;
- options are ``<hcontainer name="option">`` children of the provision, numbered ``Option 1``, ``Option 2``,
  every option after the first pointing at the first with AKN's ``alternativeTo``, attributed as brackets are;
- a provision's status is a step of the document's ``<workflow>`` (AKN's procedural metadata): the date, who
  took it (``by``), the status as ``outcome`` (a ``TLCConcept``) and the provision as ``href``;
- the basis of negotiation and the rolling text a revision revises are ``<cah:basis ref>`` and
  ``<cah:revises ref>`` in ``<proprietary>``; a revision's number is AKN's ``FRBRversionNumber``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from lxml import etree

from cahtool.akn.load import _parties, load_tree
from cahtool.akn.numbers import eid_component
from cahtool.akn.text import flatten
from cahtool.akn.vocabulary import AKN, AKN_NS, CAH, CAH_NS, HIER_ELEMENTS, NS, local
from cahtool.akn.xmlio import document_element, parse_bytes, serialise
from cahtool.errors import InputError
from cahtool.model import (
    Bracket,
    BracketKind,
    Clause,
    Document,
    NegotiationStatus,
    Option,
    Party,
    Position,
    RollingText,
    Stance,
    Wording,
)
from cahtool.text import footnote

#: The name of a rolling text's document element (``<bill name="rollingText">``).
ROLLING_NAME = "rollingText"
#: Stance → the attribute that lists the delegations taking it.
STANCE_ATTRIBUTES = {Stance.PROPONENT: "proposedBy", Stance.SUPPORTER: "supportedBy", Stance.OPPOSED: "opposedBy",
                     Stance.OPEN: "openTo"}
#: Status → the eId of its ``TLCConcept``.
STATUS_CONCEPTS = {s: s.value.replace(" ", "-") for s in NegotiationStatus}
_TEXT_BLOCKS = ("intro", "content")
_XML_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def is_rolling(tree_or_doc: etree._Element) -> bool:
    """True for the document element of a rolling text (it names its basis, or is named ``rollingText``)."""
    return tree_or_doc.get("name") == ROLLING_NAME or bool(
        tree_or_doc.xpath("akn:meta/akn:proprietary/cah:basis", namespaces=NS))


# -- reading ---------------------------------------------------------------------------------------

class _Reader:
    def __init__(self, doc: etree._Element, document: Document) -> None:
        self.doc = doc
        self.document = document
        self.path = document.path
        self.labels = {p.eid: p.label for p in document.walk()}
        self.status: dict[str, tuple[NegotiationStatus, str]] = {}
        self.loose: list[int] = []
        concepts = {el.get("eId", ""): el.get("showAs", "") for el in
                    doc.xpath("akn:meta/akn:references/akn:TLCConcept", namespaces=NS)}
        by_value = {s.value: s for s in NegotiationStatus}
        for step in doc.xpath("akn:meta/akn:workflow/akn:step[@href]", namespaces=NS):
            outcome = concepts.get(step.get("outcome", "").lstrip("#"), "")
            if outcome not in by_value:
                raise InputError(f"workflow step {step.get('eId', '')}: outcome {step.get('outcome')!r} is not a "
                                 f"status of a rolling text ({', '.join(by_value)})", path=self.path,
                                 line=step.sourceline)
            date = step.get(f"{CAH}date") or step.get("date", "")
            self.status[step.get("href", "").lstrip("#")] = (by_value[outcome], date)

    def positions(self, el: etree._Element) -> tuple[Position, ...]:
        out: list[Position] = []
        for stance, attribute in STANCE_ATTRIBUTES.items():
            refs = el.get(f"{CAH}{attribute}", "")
            out.extend(Position(party, stance) for party in _parties(self.doc, [refs]) if refs)
        return tuple(out)

    def wording(self, blocks: list[etree._Element]) -> Wording:
        """The words of text blocks (``<p>``...), one line a block, brackets as ``Bracket``s."""
        lines: list[list[str | Bracket]] = []
        for block in blocks:
            for p in ([block] if local(block.tag) not in _TEXT_BLOCKS else [c for c in block if local(c.tag)]):
                parts: list[str | Bracket] = []
                self._inline(p, parts)
                lines.append(_tidy(parts))
        out: list[str | Bracket] = []
        for n, line in enumerate(lines):
            if n:
                out.append("\n")
            out.extend(line)
        return tuple(_merge(out))

    def _inline(self, el: etree._Element, parts: list[str | Bracket]) -> None:
        if el.text:
            parts.append(el.text)
        for child in el:
            tag = local(child.tag)
            if tag == "inline" and child.get("name") == "bracket":
                parts.append(self.bracket(child))
            elif tag == "authorialNote":
                marker = int(child.get("marker", "0")) if child.get("marker", "").isdigit() else 0
                at = len(parts) - 1
                while at >= 0 and isinstance(parts[at], str) and not str(parts[at]).strip():
                    at -= 1  # only spaces (an indented file) between the bracket and its note
                last = parts[at] if at >= 0 else None
                if isinstance(last, Bracket) and not last.note:
                    # The number of the footnote naming the delegations (none is kept without delegations).
                    parts[at] = Bracket(last.words, last.kind, last.positions, last.proposals,
                                        marker if last.positions else 0)
                else:  # a footnote that follows no bracket: an option's, when it closes the option's words
                    self.loose.append(marker)
            elif tag in ("eol", "br"):
                parts.append("\n")
            elif tag:
                self._inline(child, parts)
            if child.tail:
                parts.append(child.tail)

    def bracket(self, el: etree._Element) -> Bracket:
        words = flatten(el)[0]
        if not (words.startswith("[") and words.endswith("]")):
            raise InputError(f"bracketed words without their square brackets: {words!r} (write them as [words])",
                             path=self.path, line=el.sourceline)
        kind = el.get(f"{CAH}kind", "contested")
        try:
            parsed = BracketKind(kind)
        except ValueError:
            raise InputError(f"unknown kind of bracket {kind!r} (addition, deletion or contested)", path=self.path,
                             line=el.sourceline) from None
        return Bracket(words[1:-1], parsed, self.positions(el), tuple(el.get(f"{CAH}proposals", "").split()))

    def clause(self, el: etree._Element) -> Clause:
        eid = el.get("eId", "")
        tag = local(el.tag)
        num = next((flatten(c)[0] for c in el if local(c.tag) == "num"), "")
        heading = next((flatten(c)[0] for c in el if local(c.tag) == "heading"), "")
        intro = [c for c in el if local(c.tag) in _TEXT_BLOCKS]
        wrap = [c for c in el if local(c.tag) == "wrapUp"]
        options: list[Option] = []
        children: list[Clause] = []
        for c in el:
            if local(c.tag) == "hcontainer" and c.get("name") == "option":
                options.append(self.option(c, len(options) + 1))
            elif local(c.tag) in HIER_ELEMENTS or local(c.tag) == "hcontainer":
                children.append(self.clause(c))
        status, date = self.status.get(eid, (NegotiationStatus.PENDING, ""))
        return Clause(eid, tag, num, heading, self.labels.get(eid, eid), self.wording(intro), self.wording(wrap),
                      tuple(options), tuple(children), status, date, el.get("name", "") if tag == "hcontainer" else "")

    def option(self, el: etree._Element, position: int) -> Option:
        num = next((flatten(c)[0] for c in el if local(c.tag) == "num"), "")
        found = re.search(r"\d+", num)
        number = int(found.group()) if found else position
        self.loose = []
        wording = self.wording([c for c in el if local(c.tag) in _TEXT_BLOCKS])
        note = self.loose[-1] if self.loose and self.positions(el) else 0
        return Option(number, wording, self.positions(el), tuple(el.get(f"{CAH}proposals", "").split()), note,
                      el.get("eId", ""))

    def clauses(self) -> tuple[Clause, ...]:
        body = next((c for c in self.doc if local(c.tag) == "body"), None)
        if body is None:
            raise InputError("a rolling text needs a <body>", path=self.path)
        return tuple(self.clause(c) for c in body if local(c.tag) in HIER_ELEMENTS or local(c.tag) == "hcontainer")


def _tidy(parts: list[str | Bracket]) -> list[str | Bracket]:
    """One line's parts with whitespace collapsed as the loader collapses it (no space at the ends)."""
    out: list[str | Bracket] = []
    for part in parts:
        if isinstance(part, str):
            part = re.sub(r"\s+", " ", part)
        out.append(part)
    merged = _merge(out)
    if merged and isinstance(merged[0], str):
        merged[0] = merged[0].lstrip()
    if merged and isinstance(merged[-1], str):
        merged[-1] = merged[-1].rstrip()
    return [p for p in merged if p != ""]


def _merge(parts: list[str | Bracket]) -> list[str | Bracket]:
    """Adjacent strings joined (so that one wording has one form)."""
    out: list[str | Bracket] = []
    for part in parts:
        if isinstance(part, str) and out and isinstance(out[-1], str):
            joined = out[-1] + part
            out[-1] = re.sub(r" +", " ", joined) if "\n" not in part else joined
        else:
            out.append(part)
    return out


def read_tree(tree: etree._ElementTree, path: str) -> RollingText:
    """A rolling text from a parsed tree: its document, and the negotiation state of every provision."""
    doc = document_element(tree, path)
    if not is_rolling(doc):
        raise InputError("not a rolling text: no <cah:basis> in <proprietary> and not named "
                         f"{ROLLING_NAME!r}", path=path, line=doc.sourceline)
    document = load_tree(tree, path)
    reader = _Reader(doc, document)
    prop = "akn:meta/akn:proprietary"
    basis = doc.xpath(f"{prop}/cah:basis/@ref", namespaces=NS)
    revises = doc.xpath(f"{prop}/cah:revises/@ref", namespaces=NS)
    version = doc.xpath("akn:meta/akn:identification/akn:FRBRExpression/akn:FRBRversionNumber/@value",
                        namespaces=NS)
    return RollingText(document, reader.clauses(), str(basis[0]) if basis else "",
                       str(revises[0]) if revises else "", str(version[0]) if version else "")


def read_rolling(data: bytes, path: str) -> RollingText:
    """Parse bytes with the hardened parser and read the rolling text."""
    return read_tree(parse_bytes(data, path), path)


# -- writing ---------------------------------------------------------------------------------------

def _refs(parties: tuple[Party, ...]) -> str:
    return " ".join(f"#{p.eid}" for p in parties)


def _attribute(el: etree._Element, positions: tuple[Position, ...], proposals: tuple[str, ...]) -> None:
    for stance, attribute in STANCE_ATTRIBUTES.items():
        who = tuple(p.party for p in positions if p.stance is stance)
        if who:
            el.set(f"{CAH}{attribute}", _refs(who))
    if proposals:
        el.set(f"{CAH}proposals", " ".join(proposals))


def note_text(kind: str, positions: tuple[Position, ...]) -> str:
    """The words of the footnote naming the delegations of a bracket or an option."""
    names: dict[str, list[str]] = {}
    for position in positions:
        names.setdefault(position.stance.value, []).append(position.party.name)
    return footnote(kind, names)


class _Writer:
    def __init__(self, rt: RollingText) -> None:
        self.rt = rt

    def note(self, parent: etree._Element, eid: str, number: int, text: str, count: int) -> None:
        note = etree.SubElement(parent, f"{AKN}authorialNote", marker=str(number), placement="bottom",
                                eId=f"{eid}__authorialNote_{count}")
        etree.SubElement(note, f"{AKN}p").text = text

    def wording(self, container: etree._Element, wording: Wording, eid: str, counter: list[int]) -> None:
        """Blocks of ``<p>`` with brackets as ``<inline name="bracket">`` and their footnotes."""
        lines: list[list[str | Bracket]] = [[]]
        for part in wording:
            if isinstance(part, str):
                pieces = part.split("\n")
                lines[-1].append(pieces[0])
                for piece in pieces[1:]:
                    lines.append([piece])
            else:
                lines[-1].append(part)
        for line in lines:
            p = etree.SubElement(container, f"{AKN}p")
            last: etree._Element | None = None
            for part in line:
                if isinstance(part, str):
                    if last is None:
                        p.text = (p.text or "") + part
                    else:
                        last.tail = (last.tail or "") + part
                    continue
                counter[0] += 1
                inline = etree.SubElement(p, f"{AKN}inline", name="bracket", eId=f"{eid}__inline_{counter[0]}")
                inline.set(f"{CAH}kind", part.kind.value)
                _attribute(inline, part.positions, part.proposals)
                inline.text = f"[{part.words}]"
                last = inline
                if part.note and part.positions:
                    counter[1] += 1
                    self.note(p, eid, part.note, note_text(part.kind.value, part.positions), counter[1])
                    last = p[-1]

    def clause(self, parent: etree._Element, clause: Clause) -> None:
        el = etree.SubElement(parent, f"{AKN}{clause.tag}", eId=clause.eid)
        if clause.tag == "hcontainer":
            el.set("name", clause.name or "hcontainer")
        if clause.num:
            etree.SubElement(el, f"{AKN}num").text = clause.num
        if clause.heading:
            etree.SubElement(el, f"{AKN}heading").text = clause.heading
        counter = [0, 0]
        has_children = bool(clause.children or clause.options)
        if clause.wording or not has_children:
            self.wording(etree.SubElement(el, f"{AKN}intro" if has_children else f"{AKN}content"), clause.wording,
                         clause.eid, counter)
        first = ""
        for option in clause.options:
            eid = option.eid or f"{clause.eid}__{eid_component('hcontainer', '', option.number)}"
            box = etree.SubElement(el, f"{AKN}hcontainer", name="option", eId=eid)
            if first:
                box.set("alternativeTo", first)
            first = first or eid
            _attribute(box, option.positions, option.proposals)
            etree.SubElement(box, f"{AKN}num").text = f"Option {option.number}"
            content = etree.SubElement(box, f"{AKN}content")
            marks = [0, 0]
            self.wording(content, option.wording, eid, marks)
            if option.note and option.positions:
                self.note(content[-1], eid, option.note, note_text("option", option.positions), marks[1] + 1)
        for child in clause.children:
            self.clause(el, child)
        if clause.wrap_up:
            self.wording(etree.SubElement(el, f"{AKN}wrapUp"), clause.wrap_up, clause.eid, counter)

    def tree(self) -> etree._ElementTree:
        rt, doc = self.rt, self.rt.document
        date = doc.date if _XML_DATE.fullmatch(doc.date) else f"{doc.date}-01-01"[:10] if doc.date else "1970-01-01"
        root = etree.Element(f"{AKN}akomaNtoso", nsmap={None: AKN_NS, "cah": CAH_NS})
        bill = etree.SubElement(root, f"{AKN}bill", name=ROLLING_NAME)
        meta = etree.SubElement(bill, f"{AKN}meta")
        ident = etree.SubElement(meta, f"{AKN}identification", source="#cahtool")
        work_uri = doc.work_uri or f"/akn/un/bill/rolling-text/{date}/{doc.id}"
        expr_uri = f"{work_uri}/eng@{date}"
        for tag, uri, suffix in (("FRBRWork", work_uri, "/!main"), ("FRBRExpression", expr_uri, "/!main"),
                                 ("FRBRManifestation", expr_uri, "/!main.xml")):
            frbr = etree.SubElement(ident, f"{AKN}{tag}")
            etree.SubElement(frbr, f"{AKN}FRBRthis", value=uri + suffix)
            etree.SubElement(frbr, f"{AKN}FRBRuri", value=uri + (".akn" if tag == "FRBRManifestation" else ""))
            if tag == "FRBRWork":
                etree.SubElement(frbr, f"{AKN}FRBRalias", value=doc.id, name="cahtool")
            name = "encoding" if tag == "FRBRManifestation" else "rolling text" + (
                " (year only)" if len(doc.date) == 4 else "")
            etree.SubElement(frbr, f"{AKN}FRBRdate", date=date, name=name)
            author = "#cahtool" if tag == "FRBRManifestation" or not doc.authors else f"#{doc.authors[0].eid}"
            etree.SubElement(frbr, f"{AKN}FRBRauthor", href=author)
            if tag == "FRBRWork":
                etree.SubElement(frbr, f"{AKN}FRBRcountry", value="un")
                etree.SubElement(frbr, f"{AKN}FRBRname", value=doc.title)
            if tag == "FRBRExpression":
                if rt.version:
                    etree.SubElement(frbr, f"{AKN}FRBRversionNumber", value=rt.version)
                etree.SubElement(frbr, f"{AKN}FRBRlanguage", language="eng")
        steps = [c for c in rt.walk() if c.status is not NegotiationStatus.PENDING]
        if steps:
            workflow = etree.SubElement(meta, f"{AKN}workflow", source="#cahtool")
            for n, clause in enumerate(steps, 1):
                when = clause.status_date or doc.date
                step = etree.SubElement(workflow, f"{AKN}step", eId=f"step_{n}",
                                        date=when if _XML_DATE.fullmatch(when) else f"{when}-01-01"[:10],
                                        by=f"#{doc.authors[0].eid}" if doc.authors else "#cahtool",
                                        outcome=f"#{STATUS_CONCEPTS[clause.status]}", href=f"#{clause.eid}")
                if not _XML_DATE.fullmatch(when):
                    step.set(f"{CAH}date", when)
        refs = etree.SubElement(meta, f"{AKN}references", source="#cahtool")
        etree.SubElement(refs, f"{AKN}TLCOrganization", eId="cahtool", href="/ontology/organization/cahtool",
                         showAs="cahtool")
        seen = {"cahtool"}
        for party in (*doc.authors, *rt.parties()):
            if party.eid not in seen:
                seen.add(party.eid)
                tag = "TLCPerson" if party.kind == "person" else "TLCOrganization"
                etree.SubElement(refs, f"{AKN}{tag}", eId=party.eid,
                                 href=party.href or f"/ontology/{party.kind}/{party.eid}", showAs=party.name)
        for status in sorted({c.status for c in steps}, key=list(NegotiationStatus).index):
            etree.SubElement(refs, f"{AKN}TLCConcept", eId=STATUS_CONCEPTS[status],
                             href=f"/ontology/concept/cahtool/{STATUS_CONCEPTS[status]}", showAs=status.value)
        prop = etree.SubElement(meta, f"{AKN}proprietary", source="#cahtool")
        etree.SubElement(prop, f"{CAH}title").text = doc.title
        if len(doc.date) in (4, 7):
            etree.SubElement(prop, f"{CAH}date", value=doc.date, precision="year" if len(doc.date) == 4 else "month")
        if doc.source or doc.symbol:
            source = etree.SubElement(prop, f"{CAH}source")
            if doc.symbol:
                source.set("symbol", doc.symbol)
            source.text = doc.source
        verification = etree.SubElement(prop, f"{CAH}verification", status=doc.verification or "not recorded")
        verification.text = doc.verification_note
        if doc.status:
            status_el = etree.SubElement(prop, f"{CAH}status", value=doc.status)
            if doc.status_date:
                status_el.set("date", doc.status_date)
        if doc.provenance:
            etree.SubElement(prop, f"{CAH}provenance", label=doc.provenance)
        if rt.basis:
            etree.SubElement(prop, f"{CAH}basis", ref=rt.basis)
        if rt.revises:
            etree.SubElement(prop, f"{CAH}revises", ref=rt.revises)
        body = etree.SubElement(bill, f"{AKN}body")
        for clause in rt.clauses:
            self.clause(body, clause)
        _indent(root)
        return root.getroottree()


_NOTHING = "\ue000"  # stands for "no text" while the tree is indented (a private-use character)


def _indent(root: etree._Element) -> None:
    """Indent the structure, never the words: inside a block, where there is no space there must stay none
    (``[words]`` and its footnote, a bracket and the ``;`` after it), so those places are held while indenting."""
    blocks = list(root.iter(f"{AKN}p"))
    held = []
    for block in blocks:
        for el in block.iter():
            if el.text is None:
                el.text = _NOTHING
                held.append((el, "text"))
            if el is not block and el.tail is None:
                el.tail = _NOTHING
                held.append((el, "tail"))
    etree.indent(root, space="  ")
    for el, where in held:
        setattr(el, where, None)


def rolling_tree(rt: RollingText) -> etree._ElementTree:
    """The rolling text as an Akoma Ntoso ``<bill name="rollingText">`` tree."""
    return _Writer(rt).tree()


def rolling_xml(rt: RollingText) -> bytes:
    """The rolling text as Akoma Ntoso bytes (UTF-8, XML declaration), schema-valid."""
    return serialise(rolling_tree(rt))


def statuses(rt: RollingText) -> Iterator[tuple[Clause, NegotiationStatus, str]]:
    """Every provision whose status is not pending, with its status and date."""
    for clause in rt.walk():
        if clause.status is not NegotiationStatus.PENDING:
            yield clause, clause.status, clause.status_date
