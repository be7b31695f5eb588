"""Drafting: write an amendment proposal as Akoma Ntoso from plain instructions.

Each group of operations becomes one sentence in the body ("In draft article 2, paragraph 2 (h), replace
“…” with “…”."), a ``mod`` whose ``quotedText``/``quotedStructure`` hold the words exactly, and one
``textualMod`` per operation in ``activeModifications`` pointing at them, so that the words a reader
sees and the data ``cahtool apply`` applies are one and the same text.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from cahtool.akn import AKN, AKN_NS, CAH, CAH_NS, eid_component, local, num_token, serialise
from cahtool.errors import AmendmentError
from cahtool.model import Document, Instruction, Party, Provision
from cahtool.text import slug

#: What a provision is called in an instruction ("after subparagraph (j), insert").
NAMES = {"point": ("subparagraph", "subparagraphs"), "paragraph": ("paragraph", "paragraphs"),
         "article": ("article", "articles")}


@dataclass(frozen=True, slots=True)
class ProposalDraft:
    """Everything a proposal document says: who, when, on what base, and its instructions.

    ``instructions`` holds one tuple of edits per sentence (an insertion and the renumbering it needs
    are one sentence). ``date`` is a full ISO date; ``date_value`` a shorter one when only the month or
    year is known (``2018-12``).
    """

    id: str
    title: str
    date: str
    base: Document
    instructions: tuple[tuple[Instruction, ...], ...]
    proponents: tuple[Party, ...] = ()
    supporters: tuple[Party, ...] = ()
    provenance: str = ""
    source: str = ""
    symbol: str = ""
    status: str = ""
    status_date: str = ""
    notes: tuple[str, ...] = ()
    date_value: str = ""
    encoded: str = ""


def party(name: str, kind: str = "organization") -> Party:
    """A proponent or supporter, with an eId and an ontology href made from its name."""
    return Party(slug(name), name, f"/ontology/{kind}/{slug(name)}", kind)


# -- citations ---------------------------------------------------------------------------------

class _Trails:
    """Each provision of a document with its ancestors, as ``Document.trail`` gives them, found in one walk
    (a proposal that edits a whole treaty names every provision it edits several times)."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self._trails: dict[str, tuple[Provision, ...]] = {}
        self._places: dict[int, dict[str, int]] = {}
        self._walk(doc.provisions, ())

    def _walk(self, provisions: tuple[Provision, ...], above: tuple[Provision, ...]) -> None:
        """Each provision's trail (a method, not a closure that calls itself: a cycle, which kept the trails and the
        document until the garbage collector looked)."""
        for p in provisions:
            here = (*above, p)
            self._trails.setdefault(p.eid, here)  # the first in reading order, as Document.trail
            self._walk(p.children, here)

    def get(self, eid: str) -> tuple[Provision, ...]:
        """``doc.trail(eid)``."""
        return self._trails.get(eid, ())

    def index(self, siblings: tuple[Provision, ...], eid: str) -> int:
        """``[s.eid for s in siblings].index(eid)``, each list of siblings counted once."""
        places = self._places.get(id(siblings))  # the document holds its tuples: their ids stay theirs
        if places is None:
            places = self._places[id(siblings)] = {}
            for k, s in enumerate(siblings):
                places.setdefault(s.eid, k)
        if eid not in places:
            raise ValueError(f"{eid!r} is not in list")
        return places[eid]


def _path(trails: _Trails, eid: str) -> tuple[Provision, ...]:
    found = trails.get(eid)
    if not found:
        raise AmendmentError(f"no provision {eid!r} in {trails.doc.id}", path=trails.doc.path)
    return found


def cite(trails: _Trails, eid: str) -> str:
    """A provision as instructions name it: ``draft article 2, paragraph 2 (h)``."""
    doc = trails.doc
    parts: list[str] = []
    trail = _path(trails, eid)
    if any(p.tag in ("article", "section") for p in trail):
        # Articles are numbered through the whole text: the parts and chapters around them are not cited.
        trail = tuple(p for p in trail if p.tag not in ("part", "chapter", "title", "subtitle", "book", "hcontainer"))
    for p in trail:
        token = num_token(p.num) or p.eid.rpartition("_")[2]
        if p.is_part:  # the preamble, the annex: as the label names it
            parts.append("the " + p.label.rpartition(", ")[2])
        elif not p.num and ", para. " in p.label:  # a preamble's paragraphs are counted, not numbered
            parts.append("paragraph " + p.label.rpartition(", para. ")[2])
        elif p.tag == "article":
            parts.append(f"{'draft ' if doc.kind == 'bill' else ''}article {token}")
        elif p.tag == "paragraph":
            parts.append(f"paragraph {token}")
        elif parts:
            parts[-1] += f" ({token})"
        else:
            parts.append(f"{p.tag} ({token})")
    return ", ".join(parts)


def name(p: Provision, plural: bool = False) -> str:
    """``subparagraph (j)``, ``paragraph 3``."""
    token = num_token(p.num)
    shown = f"({token})" if p.num.strip().startswith("(") else token
    return f"{NAMES.get(p.tag, (p.tag, p.tag + 's'))[1 if plural else 0]} {shown}"


# -- the document ------------------------------------------------------------------------------

class _Sentence:
    """Mixed content under construction: text and quoted elements in order."""

    def __init__(self, mod: etree._Element) -> None:
        self.mod = mod
        self.last: etree._Element | None = None
        self.count = 0

    def text(self, words: str) -> None:
        if self.last is None:
            self.mod.text = (self.mod.text or "") + words
        else:
            self.last.tail = (self.last.tail or "") + words

    def quoted(self, words: str, quotes: bool = True) -> str:
        self.count += 1
        eid = f"{self.mod.get('eId')}__qtext_{self.count}"
        if quotes:
            self.text("“")
        el = etree.SubElement(self.mod, f"{AKN}quotedText", eId=eid)
        el.text = words
        self.last = el
        if quotes:
            self.text("”")
        return eid

    def structure(self, provisions: tuple[Provision, ...]) -> str:
        self.count += 1
        eid = f"{self.mod.get('eId')}__qstr_{self.count}"
        el = etree.SubElement(self.mod, f"{AKN}quotedStructure", eId=eid)
        count: dict[str, int] = {}
        for p in provisions:
            count[p.tag] = count.get(p.tag, 0) + 1
            el.append(provision_xml(p, eid, count[p.tag]))
        self.last = el
        return eid


def _blocks(parent: etree._Element, tag: str, text: str) -> None:
    container = etree.SubElement(parent, f"{AKN}{tag}")
    for line in text.split("\n") if text else [""]:
        etree.SubElement(container, f"{AKN}p").text = line


def provision_xml(p: Provision, prefix: str, position: int = 1) -> etree._Element:
    """A provision (and its children) as Akoma Ntoso, eIds under ``prefix``."""
    eid = f"{prefix}__{eid_component(p.tag, p.num, position)}"
    el = etree.Element(f"{AKN}{p.tag}", eId=eid)
    if p.num:
        etree.SubElement(el, f"{AKN}num").text = p.num
    if p.heading:
        etree.SubElement(el, f"{AKN}heading").text = p.heading
    if p.children:
        if p.intro:
            _blocks(el, "intro", p.intro)
        count: dict[str, int] = {}
        for child in p.children:
            count[child.tag] = count.get(child.tag, 0) + 1
            el.append(provision_xml(child, eid, count[child.tag]))
        if p.wrap_up:
            _blocks(el, "wrapUp", p.wrap_up)
    else:
        _blocks(el, "content", p.text)
    return el


def _sibling_run(trails: _Trails, first: str, last: str) -> list[Provision]:
    path = _path(trails, first)
    siblings = path[-2].children if len(path) > 1 else trails.doc.provisions
    return list(siblings[trails.index(siblings, first):trails.index(siblings, last or first) + 1])


def _write_group(trails: _Trails, edits: tuple[Instruction, ...], sentence: _Sentence,
                 analysis: etree._Element, base_uri: str) -> None:
    """One sentence: each edit a clause; a renumbering after another edit reads "and renumber …"."""
    for k, edit in enumerate(edits):
        if k:
            sentence.text(" and " if edit.type == "renumbering" else "; ")
        refs = _clause(trails, edit, sentence, lead=not k or edit.type != "renumbering")
        tm = etree.SubElement(analysis, f"{AKN}textualMod", type=edit.type,
                              eId=f"tmod_{len(analysis) + 1}")
        etree.SubElement(tm, f"{AKN}source", href=f"#{sentence.mod.get('eId')}")
        dest = etree.SubElement(tm, f"{AKN}destination", href=f"{base_uri}~{edit.destination}")
        if edit.pos:
            dest.set("pos", edit.pos)
        if edit.up_to:
            dest.set("upTo", f"{base_uri}~{edit.up_to}")
        for kind, eid in refs:
            etree.SubElement(tm, f"{AKN}{kind}", href=f"#{eid}")
    # A sentence that ends with a quoted provision ends with it (its own punctuation closes the sentence).
    if not (sentence.last is not None and local(sentence.last.tag) == "quotedStructure"
            and not sentence.last.tail):
        sentence.text(".")


def _number(s: _Sentence, like: Provision, num: str) -> str:
    """A new number, quoted bare (``l``, ``4``) and shown as the provision's numbers are (``(l)``).

    A number dressed differently from the provision's (``e)`` for ``(d)``) is quoted whole.
    """
    token = num_token(num)
    if num != token and num.replace(token, "\x00", 1) != like.num.replace(num_token(like.num), "\x00", 1):
        return s.quoted(num, quotes=False)
    bracketed = like.num.strip().startswith("(")
    if bracketed:
        s.text("(")
    eid = s.quoted(token, quotes=False)
    if bracketed:
        s.text(")")
    return eid


def _clause(trails: _Trails, edit: Instruction, s: _Sentence, lead: bool) -> list[tuple[str, str]]:
    """Write one clause; return its (old|new, quoted eId) references, old first."""
    where = cite(trails, edit.destination)
    target = _path(trails, edit.destination)[-1]
    refs: list[tuple[str, str]] = []
    if edit.type == "renumbering":
        run = _sibling_run(trails, edit.destination, edit.up_to)
        parent_path = _path(trails, edit.destination)[:-1]
        context = f"In {cite(trails, parent_path[-1].eid)}, " if lead and parent_path else ""
        s.text(f"{context}renumber " if context else f"{'Renumber' if lead else 'renumber'} ")
        plural = NAMES.get(run[0].tag, (run[0].tag, run[0].tag + "s"))[1]
        if len(run) > 1:
            s.text(f"{name(run[0], True)} to {name(run[-1]).split(' ', 1)[1]} as {plural} ")
            refs.append(("new", _number(s, run[0], edit.new[0])))
            s.text(" to ")
            refs.append(("new", _number(s, run[-1], edit.new[-1])))
        else:
            s.text(f"{name(run[0])} as {NAMES.get(run[0].tag, (run[0].tag, ''))[0]} ")
            refs.append(("new", _number(s, run[0], edit.new[0])))
        return refs
    if edit.structure:
        parent_path = _path(trails, edit.destination)[:-1]
        if edit.type == "substitution":
            s.text(f"{'Replace' if lead else 'replace'} {where} with the following:")
        elif edit.pos in ("after", "before"):
            context = f"In {cite(trails, parent_path[-1].eid)}, " if parent_path else ""
            s.text(f"{context}{edit.pos} {name(target)}, insert:")
        else:
            s.text(f"In {where}, at the {'beginning' if edit.pos == 'start' else 'end'}, insert:")
        refs.append(("new", s.structure(edit.structure)))
        return refs
    if edit.type == "repeal" and not edit.old:
        s.text(f"{'Delete' if lead else 'delete'} {where}")
        return refs
    s.text(f"In {where}, ")
    if edit.type == "substitution":
        which = {"end": "the final ", "start": "the opening "}.get(edit.pos, "")
        s.text(f"replace {which}")
        refs.append(("old", s.quoted(edit.old)))
        s.text(" with ")
        refs.append(("new", s.quoted(edit.new[0])))
    elif edit.type == "repeal":
        s.text("delete ")
        refs.append(("old", s.quoted(edit.old)))
    elif edit.old:
        s.text(f"{edit.pos} ")
        refs.append(("old", s.quoted(edit.old)))
        s.text(", insert ")
        refs.append(("new", s.quoted(edit.new[0])))
    else:
        s.text(f"at the {'beginning' if edit.pos == 'start' else 'end'} of the text, insert ")
        refs.append(("new", s.quoted(edit.new[0])))
    return refs


def amendment_tree(draft: ProposalDraft) -> etree._ElementTree:
    """The proposal as an Akoma Ntoso ``<amendment>`` tree."""
    base = draft.base
    root = etree.Element(f"{AKN}akomaNtoso", nsmap={None: AKN_NS, "cah": CAH_NS})
    doc = etree.SubElement(root, f"{AKN}amendment", name="proposal")
    meta = etree.SubElement(doc, f"{AKN}meta")
    ident = etree.SubElement(meta, f"{AKN}identification", source="#cahtool")
    work_uri = f"/akn/un/amendment/proposal/{draft.date}/{draft.id}"
    expr_uri = f"{work_uri}/eng@{draft.date}"
    parts = (("FRBRWork", work_uri, "/!main"), ("FRBRExpression", expr_uri, "/!main"),
             ("FRBRManifestation", expr_uri, "/!main.xml"))
    for tag, uri, suffix in parts:
        frbr = etree.SubElement(ident, f"{AKN}{tag}")
        etree.SubElement(frbr, f"{AKN}FRBRthis", value=uri + suffix)
        etree.SubElement(frbr, f"{AKN}FRBRuri", value=uri + (".akn" if tag == "FRBRManifestation" else ""))
        if tag == "FRBRWork":
            etree.SubElement(frbr, f"{AKN}FRBRalias", value=draft.id, name="cahtool")
        when = draft.encoded or draft.date if tag == "FRBRManifestation" else draft.date
        etree.SubElement(frbr, f"{AKN}FRBRdate", date=when,
                         name="encoding" if tag == "FRBRManifestation" else "proposal")
        etree.SubElement(frbr, f"{AKN}FRBRauthor", href="#cahtool")
        if tag == "FRBRWork":
            etree.SubElement(frbr, f"{AKN}FRBRcountry", value="un")
            etree.SubElement(frbr, f"{AKN}FRBRname", value=draft.title)
        if tag == "FRBRExpression":
            etree.SubElement(frbr, f"{AKN}FRBRlanguage", language="eng")
    analysis = etree.SubElement(meta, f"{AKN}analysis", source="#cahtool")
    active = etree.SubElement(analysis, f"{AKN}activeModifications")
    refs = etree.SubElement(meta, f"{AKN}references", source="#cahtool")
    etree.SubElement(refs, f"{AKN}TLCOrganization", eId="cahtool", href="/ontology/organization/cahtool",
                     showAs="cahtool")
    seen = {"cahtool"}
    for p in (*draft.proponents, *draft.supporters):
        if p.eid not in seen:
            seen.add(p.eid)
            tag = "TLCPerson" if p.kind == "person" else "TLCOrganization"
            etree.SubElement(refs, f"{AKN}{tag}", eId=p.eid, href=p.href or f"/ontology/{p.kind}/{p.eid}",
                             showAs=p.name)
    prop = etree.SubElement(meta, f"{AKN}proprietary", source="#cahtool")
    etree.SubElement(prop, f"{CAH}title").text = draft.title
    if draft.date_value:
        precision = {4: "year", 7: "month"}.get(len(draft.date_value), "day")
        etree.SubElement(prop, f"{CAH}date", value=draft.date_value, precision=precision)
    if draft.source or draft.symbol:
        source = etree.SubElement(prop, f"{CAH}source")
        if draft.symbol:
            source.set("symbol", draft.symbol)
        source.text = draft.source
    if draft.status:
        status = etree.SubElement(prop, f"{CAH}status", value=draft.status)
        if draft.status_date:
            status.set("date", draft.status_date)
    etree.SubElement(prop, f"{CAH}base", ref=base.id)
    if draft.provenance:
        etree.SubElement(prop, f"{CAH}provenance", label=draft.provenance)
    for tag, people in (("proponent", draft.proponents), ("supporter", draft.supporters)):
        for person in people:
            etree.SubElement(prop, f"{CAH}{tag}", by=f"#{person.eid}")

    body = etree.SubElement(doc, f"{AKN}amendmentBody")
    etree.SubElement(etree.SubElement(body, f"{AKN}amendmentHeading"), f"{AKN}p").text = draft.title
    content = etree.SubElement(body, f"{AKN}amendmentContent")
    trails = _Trails(base)
    for n, group in enumerate(draft.instructions, 1):
        block = etree.SubElement(content, f"{AKN}p")
        mod = etree.SubElement(block, f"{AKN}mod", eId=f"mod_{n}")
        _write_group(trails, group, _Sentence(mod), active, base.uri)
    if draft.notes:
        justification = etree.SubElement(body, f"{AKN}amendmentJustification")
        for note in draft.notes:
            etree.SubElement(justification, f"{AKN}p").text = note
    # Indentation only where there is no text: mixed content (a mod's words) has text, and is left alone.
    etree.indent(root, space="  ")
    return root.getroottree()


def amendment_xml(draft: ProposalDraft) -> bytes:
    """The proposal as Akoma Ntoso bytes (UTF-8, XML declaration)."""
    return serialise(amendment_tree(draft))
