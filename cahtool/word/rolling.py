"""A rolling text in Word, as delegations exchange it, and a bracketed Word text read back as a rolling text.

``rolling_document(rt)`` writes the text laid out the UN way: numbered provisions, words not agreed in square
brackets, each followed by a real Word footnote (``w:footnoteReference`` into a footnotes part written here:
python-docx has no footnote API) naming the delegations, alternatives as ``Option 1:`` / ``Option 2:`` lines,
and a ``Status:`` line under each provision that is not pending. The rolling text's identity (id, basis,
revision, the delegations' identifiers) rides along in the package's custom properties, so that
``read_rolling_docx`` gives back the same rolling text.

``read_rolling_docx`` reads such a file, or any .docx laid out that way: a provision opens with its number
(``Article 2``, ``1.``, ``(c bis)``), ``Option 2:`` lines belong to the provision before them, ``Status:`` lines
set its status, and each ``[…]`` is a bracket whose footnote (``Proposed by A; B. Supported by C.``) names who
stands where. Unbalanced or nested brackets, options that cannot be placed and footnotes that name no one in
that way are refused with the file, the paragraph and the provision.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath
from typing import Any

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm
from lxml import etree

from cahtool.akn import citation, eid_component, note_text
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
from cahtool.render import common
from cahtool.text import OPTION_LINE, STATUS_LINE, option_label, read_footnote, slug, status_line
from cahtool.word import ooxml as wordml
from cahtool.word.docx import (
    _facts_table,
    _fonts,
    _footer,
    _paragraph_style,
    _spacing,
    _verification,
    _warning,
    new_document,
    save,
)

#: Styles of the rolling text's own paragraphs (numbers, headings and text use the show/import styles).
STYLE_OPTION = "Option Text"
STYLE_STATUS = "Provision Status"
STYLE_FOOTNOTE = "Footnote Text"
STYLE_FOOTNOTE_REF = "Footnote Reference"
#: The custom property holding the rolling text's identity (JSON), and the keyword that marks the file.
PROPERTY = "cahtool-rolling-text"
KEYWORD = "cahtool-rolling:"
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_CUSTOM = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
_VT = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"  # the format id of user-defined custom properties
INDENT_STEP = Cm(1.0)
HANGING = Cm(1.0)
_STATUS = {s.value: s for s in NegotiationStatus}


# -- writing ---------------------------------------------------------------------------------------

class _Notes:
    """The footnotes of the file: ``w:footnote`` elements, and the references to them in the text."""

    def __init__(self) -> None:
        self.notes: list[tuple[int, str]] = []

    def reference(self, paragraph: Any, number: int, words: str) -> None:
        self.notes.append((number, words))
        run = OxmlElement("w:r")
        rpr = OxmlElement("w:rPr")
        style = OxmlElement("w:rStyle")
        style.set(qn("w:val"), "FootnoteReference")
        rpr.append(style)
        run.append(rpr)
        ref = OxmlElement("w:footnoteReference")
        ref.set(qn("w:id"), str(number))
        run.append(ref)
        paragraph._p.append(run)

    def part_xml(self) -> bytes:
        root = etree.Element(f"{{{_W}}}footnotes", nsmap={"w": _W})
        for kind, number in (("separator", -1), ("continuationSeparator", 0)):
            note = etree.SubElement(root, f"{{{_W}}}footnote")
            note.set(f"{{{_W}}}type", kind)
            note.set(f"{{{_W}}}id", str(number))
            etree.SubElement(etree.SubElement(etree.SubElement(note, f"{{{_W}}}p"), f"{{{_W}}}r"), f"{{{_W}}}{kind}")
        for number, words in self.notes:
            note = etree.SubElement(root, f"{{{_W}}}footnote")
            note.set(f"{{{_W}}}id", str(number))
            p = etree.SubElement(note, f"{{{_W}}}p")
            ppr = etree.SubElement(p, f"{{{_W}}}pPr")
            etree.SubElement(ppr, f"{{{_W}}}pStyle").set(f"{{{_W}}}val", "FootnoteText")
            mark = etree.SubElement(p, f"{{{_W}}}r")
            etree.SubElement(etree.SubElement(mark, f"{{{_W}}}rPr"), f"{{{_W}}}rStyle").set(f"{{{_W}}}val",
                                                                                             "FootnoteReference")
            etree.SubElement(mark, f"{{{_W}}}footnoteRef")
            run = etree.SubElement(p, f"{{{_W}}}r")
            t = etree.SubElement(run, f"{{{_W}}}t")
            t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            t.text = " " + words
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _identity(rt: RollingText) -> str:
    """What the Word layout cannot show: the rolling text's identifiers and metadata, as JSON."""
    doc = rt.document
    parties = {p.eid: p for p in (*doc.authors, *rt.parties())}
    return json.dumps({
        "id": doc.id, "title": doc.title, "date": doc.date, "work_uri": doc.work_uri, "source": doc.source,
        "symbol": doc.symbol, "verification": doc.verification, "verification_note": doc.verification_note,
        "status": doc.status, "status_date": doc.status_date, "provenance": doc.provenance,
        "basis": rt.basis, "revises": rt.revises, "version": rt.version,
        "authors": [p.eid for p in doc.authors],
        "proposals": {str(note): list(ids) for note, ids in _proposals(rt).items()},
        "parties": [{"eid": p.eid, "name": p.name, "href": p.href, "kind": p.kind} for p in parties.values()],
    }, ensure_ascii=False, sort_keys=True)


def _proposals(rt: RollingText) -> dict[int, tuple[str, ...]]:
    """Footnote number → the proposals the bracket or option it belongs to comes from."""
    out: dict[int, tuple[str, ...]] = {}
    for clause in rt.walk():
        holders: list[Bracket | Option] = [*clause.brackets(), *clause.options]
        for holder in holders:
            if holder.note and holder.proposals:
                out[holder.note] = holder.proposals
    return out


def _custom_xml(value: str) -> bytes:
    root = etree.Element(f"{{{_CUSTOM}}}Properties", nsmap={None: _CUSTOM, "vt": _VT})
    prop = etree.SubElement(root, f"{{{_CUSTOM}}}property", fmtid=_FMTID, pid="2", name=PROPERTY)
    etree.SubElement(prop, f"{{{_VT}}}lpwstr").text = value
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _styles(d: Any) -> None:
    option = _paragraph_style(d, STYLE_OPTION)
    _spacing(option, 0, 6)
    status = _paragraph_style(d, STYLE_STATUS)
    _fonts(status, 10, bold=True)
    _spacing(status, 0, 8)
    note = _paragraph_style(d, STYLE_FOOTNOTE)
    _fonts(note, 10)
    _spacing(note, 0, 2)
    from docx.enum.style import WD_STYLE_TYPE

    try:
        d.styles[STYLE_FOOTNOTE_REF]
    except KeyError:
        ref = d.styles.add_style(STYLE_FOOTNOTE_REF, WD_STYLE_TYPE.CHARACTER)
        ref.font.superscript = True


def _add_wording(paragraph: Any, wording: Wording, notes: _Notes) -> None:
    for part in wording:
        if isinstance(part, Bracket):
            paragraph.add_run(f"[{part.words}]")
            if part.note:
                notes.reference(paragraph, part.note, note_text(part.kind.value, part.positions))
        else:
            paragraph.add_run(part)


def _lines(wording: Wording) -> list[Wording]:
    """A wording cut at its line breaks, one Word paragraph each."""
    lines: list[list[str | Bracket]] = [[]]
    for part in wording:
        if isinstance(part, str) and "\n" in part:
            first, *rest = part.split("\n")
            lines[-1].append(first)
            for piece in rest:
                lines.append([piece])
        else:
            lines[-1].append(part)
    return [tuple(x for x in line if x != "") for line in lines]


class _Layout:
    def __init__(self, d: Any) -> None:
        self.d = d
        self.notes = _Notes()
        self.number, self.heading, self.text = (d.styles[name] for name in wordml.TEXT_STYLES)
        self.option, self.status = d.styles[STYLE_OPTION], d.styles[STYLE_STATUS]

    def _text(self, depth: int, num: str, wording: Wording) -> None:
        paragraph = self.d.add_paragraph(style=self.text)
        fmt = paragraph.paragraph_format
        fmt.left_indent = INDENT_STEP * max(depth - 1, 0) + HANGING
        fmt.first_line_indent = -HANGING if num else 0
        if num:
            paragraph.add_run(num + "\t")
        _add_wording(paragraph, wording, self.notes)

    def clause(self, clause: Clause, depth: int) -> None:
        lines = _lines(clause.wording) if clause.wording else []
        if clause.heading or clause.tag == "article":
            self.d.add_paragraph(clause.num, style=self.number)
            if clause.heading:
                self.d.add_paragraph(clause.heading, style=self.heading)
            for line in lines:
                self._text(depth, "", line)
        else:
            self._text(depth, clause.num, lines[0] if lines else ())
            for line in lines[1:]:
                self._text(depth, "", line)
        for option in clause.options:
            paragraph = self.d.add_paragraph(style=self.option)
            fmt = paragraph.paragraph_format
            fmt.left_indent = INDENT_STEP * max(depth - 1, 0) + HANGING
            paragraph.add_run(f"{option_label(option.number)}: ").bold = True
            _add_wording(paragraph, option.wording, self.notes)
            if option.note:
                self.notes.reference(paragraph, option.note, note_text("option", option.positions))
        if clause.status is not NegotiationStatus.PENDING:
            paragraph = self.d.add_paragraph(status_line(clause.status.value, clause.status_date), style=self.status)
            paragraph.paragraph_format.left_indent = INDENT_STEP * max(depth - 1, 0) + HANGING
        for child in clause.children:
            self.clause(child, depth + 1)
        for line in _lines(clause.wrap_up) if clause.wrap_up else []:
            self._text(depth, "", line)


def rolling_document(rt: RollingText) -> bytes:
    """A rolling text as a Word file a delegate recognises: brackets as text, options, real footnotes."""
    doc = rt.document
    d = new_document(doc.title, doc.id)
    _styles(d)
    _footer(d, doc.id + (f" ({rt.version})" if rt.version else ""))
    d.add_paragraph(doc.title, style=d.styles["Title"])
    facts = [("Id", [doc.id], [False]), ("Date", [doc.date or "undated"], [False])]
    if rt.version or rt.revises:
        facts.append(("Revision", [f"{rt.version or 'revision'} of {rt.revises or 'an earlier text'}"], [False]))
    if rt.basis:
        facts.append(("Basis", [rt.basis], [False]))
    facts.append(("Source", [doc.source or "not recorded"], [False]))
    facts.append(("Verification", [_verification(doc)], [common.needs_warning(doc) or not doc.verification]))
    if doc.status:
        facts.append(("Status", [doc.status + (f" ({doc.status_date})" if doc.status_date else "")], [False]))
    _facts_table(d, None, facts)
    if common.needs_warning(doc) or not doc.verification:
        _warning(d, doc)
    how = d.add_paragraph(style=d.styles[wordml.STYLE_NOTE])
    how.add_run("How to read: ").bold = True
    how.add_run("words in [square brackets] are not agreed; the footnote after them names who proposed, supported, "
                "opposed or is open to them. Alternatives read Option 1:, Option 2:. A provision without a Status "
                "line is pending. “cahtool import FILE.docx --rolling-text” reads this file back.")
    layout = _Layout(d)
    for clause in rt.clauses:
        layout.clause(clause, 0)
    d.core_properties.keywords = f"{KEYWORD}{doc.id}"
    d.core_properties.identifier = doc.uri or doc.id
    package = d.part.package
    if layout.notes.notes:
        part = Part(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, layout.notes.part_xml(), package)
        d.part.relate_to(part, RT.FOOTNOTES)
        settings = d.settings.element
        pr = OxmlElement("w:footnotePr")
        for number in (-1, 0):
            ref = OxmlElement("w:footnote")
            ref.set(qn("w:id"), str(number))
            pr.append(ref)
        compat = settings.find(qn("w:compat"))
        if compat is not None:
            compat.addprevious(pr)
        else:
            settings.append(pr)
    custom = Part(PackURI("/docProps/custom.xml"), CT.OFC_CUSTOM_PROPERTIES, _custom_xml(_identity(rt)), package)
    package.relate_to(custom, RT.CUSTOM_PROPERTIES)
    return save(d)


# -- reading ---------------------------------------------------------------------------------------

_NOTE_OPEN, _NOTE_CLOSE = "\ue010", "\ue011"  # a footnote reference in a paragraph's text, by its id
_SUFFIX = r"(?:\s+(?:bis|ter|quater|quinquies|sexies|septies|octies|novies|decies))?"
_ARTICLE = re.compile(rf"^(Article\s+\d+{_SUFFIX})\s*$", re.IGNORECASE)
_PARAGRAPH = re.compile(rf"^\[?(\d+{_SUFFIX}\.)(?:\t|\s+|$)(.*)$", re.DOTALL)
_POINT = re.compile(rf"^\[?(\((?:[a-z]{{1,3}}|[ivxlc]+){_SUFFIX}\))(?:\t|\s+|$)(.*)$", re.DOTALL)


@dataclass
class _Open:
    """A provision being read: its number, its lines, options, status, children."""

    tag: str
    num: str
    eid: str
    label: str
    depth: int
    heading: str = ""
    lines: list[Wording] = field(default_factory=list)
    wrap: list[Wording] = field(default_factory=list)
    options: list[Option] = field(default_factory=list)
    status: NegotiationStatus = NegotiationStatus.PENDING
    status_date: str = ""
    children: list[_Open] = field(default_factory=list)

    def clause(self) -> Clause:
        def joined(lines: list[Wording]) -> Wording:
            out: list[str | Bracket] = []
            for n, line in enumerate(lines):
                if n:
                    out.append("\n")
                out.extend(line)
            merged: list[str | Bracket] = []
            for part in out:
                if isinstance(part, str) and merged and isinstance(merged[-1], str):
                    merged[-1] += part
                elif part != "":
                    merged.append(part)
            return tuple(merged)

        return Clause(self.eid, self.tag, self.num, self.heading, self.label, joined(self.lines), joined(self.wrap),
                      tuple(self.options), tuple(c.clause() for c in self.children), self.status, self.status_date)


def _paragraph_text(p: etree._Element) -> str:
    """A paragraph's text with every change accepted, footnote references kept as markers (their ids)."""
    out: list[str] = []
    _accepted_text(p, out)
    return "".join(out)


def _accepted_text(el: etree._Element, out: list[str]) -> None:
    """``_paragraph_text`` of an element, onto ``out``
    (a function of its own, not a closure that calls itself: that is a cycle; ``tests/test_cycles.py``)."""
    for child in el:
        tag = child.tag
        if not isinstance(tag, str) or tag in (wordml.w("pPr"), wordml.w("rPr"), wordml.w("del"),
                                               wordml.w("moveFrom"), wordml.w("instrText")):
            continue
        if tag == wordml.w("t"):
            out.append(child.text or "")
        elif tag in (wordml.w("tab"), wordml.w("ptab")):
            out.append("\t")
        elif tag in (wordml.w("br"), wordml.w("cr")):
            out.append(" ")
        elif tag == wordml.w("footnoteReference"):
            out.append(f"{_NOTE_OPEN}{child.get(wordml.w('id'), '')}{_NOTE_CLOSE}")
        else:
            _accepted_text(child, out)


def _footnotes(archive: Any, main: str, path: str) -> dict[str, str]:
    """Footnote id → its words, from the footnotes part the main part points at."""
    rels_name = str(PurePosixPath(main).parent / "_rels" / (PurePosixPath(main).name + ".rels"))
    rels = wordml._xml(archive, rels_name, path, required=False)
    target = ""
    if rels is not None:
        for rel in rels.iter(f"{{{_REL_NS}}}Relationship"):
            if rel.get("Type") == RT.FOOTNOTES and rel.get("TargetMode") != "External":
                target = rel.get("Target") or ""
    if not target:
        return {}
    name = str(PurePosixPath(main).parent / target) if not target.startswith("/") else target.lstrip("/")
    if ".." in PurePosixPath(name).parts:
        raise InputError(f"footnotes part outside the package refused: {target}", path=path)
    root = wordml._xml(archive, name, path, required=False)
    notes: dict[str, str] = {}
    for note in root.iter(wordml.w("footnote")) if root is not None else ():
        if note.get(wordml.w("type")) in ("separator", "continuationSeparator", "continuationNotice"):
            continue
        words = " ".join("".join(t.text or "" for t in p.iter(wordml.w("t"))).strip()
                         for p in note.iter(wordml.w("p")))
        notes[note.get(wordml.w("id"), "")] = " ".join(words.split())
    return notes


def _custom(archive: Any, path: str) -> dict[str, Any]:
    root = wordml._xml(archive, "docProps/custom.xml", path, required=False)
    if root is None:
        return {}
    for prop in root.iter(f"{{{_CUSTOM}}}property"):
        if prop.get("name") == PROPERTY:
            value = "".join(prop.itertext())
            try:
                data = json.loads(value)
            except ValueError:
                raise InputError(f"custom property {PROPERTY} is not valid JSON", path=path) from None
            return data if isinstance(data, dict) else {}
    return {}


@dataclass
class _Reader:
    path: str
    notes: dict[str, str]
    parties: dict[str, Party]
    tops: list[_Open] = field(default_factory=list)
    stack: list[_Open] = field(default_factory=list)
    index: int = 0
    pending_heading: bool = False
    used: set[str] = field(default_factory=set)
    sources: dict[str, tuple[str, ...]] = field(default_factory=dict)  # footnote → the proposals it cites

    def fail(self, message: str) -> InputError:
        where = f"paragraph {self.index}"
        if self.stack:
            where += f" ({self.stack[-1].label})"
        return InputError(f"{where}: {message}", path=self.path)

    def party(self, name: str) -> Party:
        key = name.casefold()
        if key not in self.parties:
            self.parties[key] = Party(slug(name) or "delegation", name)
        return self.parties[key]

    def positions(self, number: str, words: str) -> tuple[str, tuple[Position, ...]]:
        read = read_footnote(words, known={p.name for p in self.parties.values()})
        if read is None:
            raise self.fail(f"footnote {number} does not name delegations as a rolling text does "
                            f"(“Proposed by A; B. Supported by C. Opposed by D. Open to it: E.”): {words!r}")
        kind, names = read
        out: list[Position] = []
        for stance in Stance:
            out.extend(Position(self.party(name), stance) for name in names.get(stance.value, []))
        return kind, tuple(out)

    def wording(self, text: str, *, option: bool = False) -> tuple[Wording, int, tuple[Position, ...]]:
        """Words with ``[…]`` brackets (each with the footnote after it); the note closing an option, if any."""
        parts: list[str | Bracket] = []
        buffer = ""
        inside: str | None = None
        option_note = 0
        option_positions: tuple[Position, ...] = ()
        i = 0
        while i < len(text):
            ch = text[i]
            if ch == _NOTE_OPEN:
                end = text.index(_NOTE_CLOSE, i)
                number = text[i + 1:end]
                i = end + 1
                words = self.notes.get(number)
                if words is None:
                    raise self.fail(f"footnote {number} is referenced but not in the file")
                last = parts[-1] if parts and not buffer else None
                rest = text[i:].replace(_NOTE_OPEN, "").strip()
                if inside is None and isinstance(last, Bracket) and not last.note:
                    kind, positions = self.positions(number, words)
                    parts[-1] = replace(last, kind=BracketKind(kind or "contested"), positions=positions,
                                        proposals=self.sources.get(number, ()),
                                        note=int(number) if number.isdigit() else 0)
                elif option and inside is None and not rest:
                    _, option_positions = self.positions(number, words)
                    option_note = int(number) if number.isdigit() else 0
                else:
                    raise self.fail(f"footnote {number} ({words[:60]!r}) follows no bracket: put it right after "
                                    "the ] of the words it is about" + (" or at the end of the option" if option
                                                                       else ""))
                continue
            if ch == "[":
                if inside is not None:
                    raise self.fail(f"nested brackets at “[{inside[-40:]}[”: write each bracket on its own")
                if buffer:
                    parts.append(buffer)
                buffer, inside = "", ""
            elif ch == "]":
                if inside is None:
                    raise self.fail(f"unbalanced brackets: “]” without “[” after “{(buffer or '')[-40:]}”")
                parts.append(Bracket(inside, BracketKind.CONTESTED))
                inside = None
            elif inside is not None:
                inside += ch
            else:
                buffer += ch
            i += 1
        if inside is not None:
            raise self.fail(f"unbalanced brackets: “[” opened at “[{inside[:40]}” is never closed")
        if buffer:
            parts.append(buffer)
        return tuple(parts), option_note, option_positions

    def open(self, tag: str, num: str, depth: int) -> _Open:
        """A new provision under the right parent (an article, a paragraph, a point)."""
        while self.stack and self.stack[-1].depth >= depth:
            self.stack.pop()
        parent = self.stack[-1] if self.stack else None
        siblings = parent.children if parent is not None else self.tops
        eid = (parent.eid + "__" if parent else "") + eid_component(tag, num, len(siblings) + 1)
        if eid in self.used:
            raise self.fail(f"{num} appears twice in the same list")
        self.used.add(eid)
        label = citation(parent.label if parent else "", tag, num, eid)
        node = _Open(tag, num, eid, label, depth)
        siblings.append(node)
        self.stack.append(node)
        return node

    def line(self, raw: str) -> None:
        text = raw.strip()
        if not text.replace(_NOTE_OPEN, "").strip():
            return
        current = self.stack[-1] if self.stack else None
        if (m := _ARTICLE.match(text)) is not None:
            self.open("article", m.group(1), 0)
            self.pending_heading = True
            return
        heading, self.pending_heading = self.pending_heading, False
        if (m := OPTION_LINE.match(text)) is not None:
            if current is None:
                raise self.fail(f"cannot place {text[:m.end()].strip()} no numbered provision comes before it")
            number = int(m.group(1))
            if number != len(current.options) + 1:
                raise self.fail(f"cannot place Option {number}: {current.label} has "
                                f"{len(current.options)} option{'s' if len(current.options) != 1 else ''} before it "
                                f"(options are numbered 1, 2, 3… under their provision)")
            wording, note, positions = self.wording(text[m.end():], option=True)
            current.options.append(Option(number, wording, positions, self.sources.get(str(note), ()) if note else (),
                                          note, f"{current.eid}__hcontainer_{number}"))
            return
        if (m := STATUS_LINE.match(text)) is not None and current is not None:
            value = m.group(1).strip().casefold()
            if value not in _STATUS:
                raise self.fail(f"unknown status {m.group(1)!r} (one of: {', '.join(_STATUS)})")
            current.status, current.status_date = _STATUS[value], (m.group(2) or "").strip()
            return
        whole = text.startswith("[")
        for pattern, tag in ((_PARAGRAPH, "paragraph"), (_POINT, "point")):
            m = pattern.match(text)
            if m is None:
                continue
            num = m.group(1)
            rest = ("[" if whole else "") + m.group(2).strip()
            depth = self._depth(tag, num)
            node = self.open(tag, num, depth)
            if rest:
                node.lines.append(self.wording(rest)[0])
            return
        if current is None:
            return  # words before the first provision: a title or a note, not the text
        if heading and current.tag == "article" and not current.heading and "[" not in text:
            current.heading = text
            return
        wording = self.wording(text)[0]
        if current.children:
            current.wrap.append(wording)
        else:
            current.lines.append(wording)

    def _depth(self, tag: str, num: str) -> int:
        """How deep a numbered provision goes: paragraphs under an article, points under a paragraph (or an
        article); a roman (i) under a point opens a list of its own unless it follows (h)."""
        if tag == "paragraph":
            return 1
        above = next((o for o in reversed(self.stack) if o.tag != "point"), None)
        base = above.depth + 1 if above is not None else 1
        last = next((o for o in reversed(self.stack) if o.tag == "point"), None)
        token, *suffix = num.strip("[]()").split()
        if suffix:  # (c bis) stands beside (c)
            same = next((o for o in reversed(self.stack) if o.tag == "point" and o.num.strip("[]()") == token), None)
            return same.depth if same is not None else base
        if last is not None and re.fullmatch(r"[ivxlc]+", token):
            previous = last.num.strip("[]()").split()[0]
            if last.depth > base:
                return last.depth  # a list of (i), (ii)... goes on
            if not (len(previous) == 1 and len(token) == 1 and ord(token) == ord(previous) + 1) and token == "i":
                return base + 1  # (a) then (i): the first item of a list inside (a)
        return base


def read_rolling_docx(data: bytes, path: str, *, id: str = "", title: str = "", date: str = "", basis: str = "",
                      revises: str = "", version: str = "") -> RollingText:
    """A bracketed Word text (as ``rolling_document`` writes it, or laid out the UN way) as a rolling text."""
    with wordml._open_zip(data, path) as archive:
        main = wordml._main_part(archive, path)
        root = wordml._xml(archive, main, path)
        assert root is not None
        if root.tag != wordml.w("document"):
            raise InputError(f"not a Word document: {main} is not a w:document", path=path)
        styles = wordml._style_names(archive, main, path)
        notes = _footnotes(archive, main, path)
        meta = _custom(archive, path)
        body = root.find(wordml.w("body"))
        paragraphs = [p for p, in_table in (wordml._blocks(body, path) if body is not None else []) if not in_table]
    known = {p["name"].casefold(): Party(p["eid"], p["name"], p.get("href", ""), p.get("kind", "organization"))
             for p in meta.get("parties", []) if isinstance(p, dict) and "name" in p and "eid" in p}
    reader = _Reader(path, notes, dict(known))
    sources = meta.get("proposals", {})
    reader.sources = {str(k): tuple(v) for k, v in sources.items()} if isinstance(sources, dict) else {}
    started = False
    for n, p in enumerate(paragraphs, 1):
        reader.index = n
        style_el = p.find(f"{wordml.w('pPr')}/{wordml.w('pStyle')}")
        style = styles.get(style_el.get(wordml.w("val"), ""), "") if style_el is not None else ""
        text = _paragraph_text(p)
        if not started:
            # The text starts at the first provision: cahtool's styles, or a line that opens with a number.
            plain_text = text.replace("\t", " ").strip()
            started = style in wordml.TEXT_STYLES or any(pattern.match(plain_text) for pattern in (
                _ARTICLE, _PARAGRAPH, _POINT, OPTION_LINE))
            if not started:
                continue
        reader.line(text)
    if not reader.tops:
        raise InputError("no numbered provision found (Article 1, 1., (a)…): is this a rolling text?", path=path)
    by_eid = {p.eid: p for p in reader.parties.values()}
    authors = tuple(by_eid[e] for e in meta.get("authors", []) if e in by_eid) or (
        Party("cahtool", "cahtool", "/ontology/organization/cahtool"),)
    doc = Document(
        id=id or meta.get("id") or slug(Path(path).stem) or "rolling-text", path=path, kind="bill",
        name="rollingText", uri="", work_uri=meta.get("work_uri", ""),
        title=title or meta.get("title") or Path(path).stem,
        date=date or meta.get("date", ""), authors=authors, symbol=meta.get("symbol", ""),
        source=meta.get("source") or f"Imported by cahtool from the Word file {Path(path).name}.",
        verification=meta.get("verification") or "imported from Word, not verified",
        verification_note=meta.get("verification_note", ""), status=meta.get("status", ""),
        status_date=meta.get("status_date", ""), provisions=(), provenance=meta.get("provenance", ""))
    return RollingText(doc, tuple(o.clause() for o in reader.tops), basis=basis or meta.get("basis", ""),
                       revises=revises or meta.get("revises", ""), version=version or meta.get("version", ""))


def read_rolling_file(path: str | Path, **options: str) -> RollingText:
    """Read a bracketed .docx file (bounded in size, a regular file only) as a rolling text."""
    from cahtool.akn import read_bytes

    return read_rolling_docx(read_bytes(path, limit=wordml.MAX_FILE, kind="a .docx file"), str(path), **options)
