"""The rules of ``cahtool check`` that need only one file; advice an uploader can act on.

``check_bytes`` runs the rules of one file (reading, encoding, safety, schema, metadata, eIds and
numbering, text hygiene); ``run.check`` adds the rules over the corpus. The rules themselves, with their
ids, are listed in ``rules.RULES``. Findings are data (``model.Finding``); nothing here prints.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from cahtool.akn import (
    NS,
    declared_encoding,
    document_element,
    load_tree,
    local,
    parse_bytes,
    read_bytes,
    schema_errors,
    text_of,
)
from cahtool.check import proposals as proposal_rules
from cahtool.check.positions import Positions
from cahtool.check.rules import ERROR, MAX_PER_RULE, finding
from cahtool.check.structure import Places, Structure, duplicate_eids
from cahtool.errors import EncodingError, HostileXMLError, InputError, MalformedXMLError
from cahtool.model import Document, Finding, Provision, normalise_num
from cahtool.text import LONG_WORD, SHORT_ID_RULE, blemishes, comparable, is_short_id, long_words, not_normalised

_DATE = re.compile(r"^\d{4}(?:-(0[1-9]|1[0-2])(?:-(0[1-9]|[12]\d|3[01]))?)?$")
_XSI = "http://www.w3.org/2001/XMLSchema-instance"
_XML = "http://www.w3.org/XML/1998/namespace"


# -- reading the file -----------------------------------------------------------------------------

def _read_error(exc: InputError) -> Finding:
    if isinstance(exc, EncodingError):
        rule = "CAH102"
    elif isinstance(exc, HostileXMLError):
        rule = "CAH103"
    elif isinstance(exc, MalformedXMLError):
        rule = "CAH101"
    else:
        rule = "CAH100"
    return finding(rule, exc.path, (exc.line or 0, exc.column or 0), exc.detail)


def _encoding(data: bytes, path: str) -> list[Finding]:
    """UTF-8 (BOM or not), or UTF-16 with its BOM: anything else is fragile in other people's tools."""
    if data[:4] not in (b"\x00\x00\xfe\xff", b"\xff\xfe\x00\x00") and data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return []  # UTF-16 with its byte-order mark
    if b"\x00" in data[:4]:
        what = "UTF-32" if b"\x00\x00" in data[:4] else "UTF-16 without a byte-order mark"
        return [finding("CAH102", path, 1, f"the file is {what}: save it as UTF-8")]
    declared = declared_encoding(data)
    if declared not in ("", "utf-8", "utf8", "utf-16", "utf16"):
        return [finding("CAH102", path, 1,
                        f"the file is encoded as {declared}: save it as UTF-8 (and declare encoding=\"UTF-8\")")]
    return []


def _decoded(data: bytes) -> str | None:
    """The file as text, for character-level rules; None when Python cannot decode it."""
    if data[:4] in (b"\x00\x00\xfe\xff", b"\xff\xfe\x00\x00"):
        return None  # UTF-32: CAH102 already says so
    boms = {b"\xef\xbb\xbf": "utf-8-sig", b"\xff\xfe": "utf-16", b"\xfe\xff": "utf-16"}
    codec = next((name for bom, name in boms.items() if data.startswith(bom)), "")
    if not codec:
        if b"\x00" in data[:4]:
            return None  # UTF-16/32 without a BOM: CAH102 already says so
        codec = declared_encoding(data) or "utf-8"
    try:
        return data.decode(codec)
    except (LookupError, UnicodeDecodeError):
        return None


# -- locating a line -----------------------------------------------------------------------------

class _Lines:
    """Offsets → line numbers for a decoded text."""

    def __init__(self, text: str) -> None:
        self.breaks = [m.start() for m in re.finditer("\n", text)]

    def at(self, offset: int) -> tuple[int, int]:
        """The line and column (from 1) of an offset."""
        line = bisect.bisect_left(self.breaks, offset) + 1
        return line, offset - (self.breaks[line - 2] if line > 1 else -1)


# -- schema ---------------------------------------------------------------------------------------

def _schema_findings(tree: etree._ElementTree, path: str, places: Places) -> list[Finding]:
    out = []
    for line, column, message in schema_errors(tree):
        if "Duplicate key-sequence" in message:
            continue  # CAH401 says it better
        out.append(finding("CAH202", path, (line, column), message, places.at(line)[1]))
    return out


def _external_references(root: etree._Element, path: str, pos: Positions) -> Iterator[Finding]:
    tree = root.getroottree()
    for node in [*root.itersiblings(preceding=True), *tree.getroot().iter(), *root.itersiblings()]:
        if isinstance(node, etree._ProcessingInstruction) and "href" in (node.text or ""):
            yield finding("CAH104", path, (node.sourceline or 0, 0),
                          f"processing instruction <?{node.target} ...?> points outside the file: remove it")
            continue
        if not isinstance(node.tag, str):
            continue
        for attr in (f"{{{_XSI}}}schemaLocation", f"{{{_XSI}}}noNamespaceSchemaLocation", f"{{{_XML}}}base"):
            value = node.get(attr)
            if value is not None:
                name = "xml:base" if attr.endswith("}base") else "xsi:" + local(attr)
                yield finding("CAH104", path, pos.of(node),
                              f'{name}="{value}" on <{local(node.tag)}> points outside the file: remove it '
                              "(cahtool validates with its own copy of the schema and never fetches anything)")


# -- metadata -------------------------------------------------------------------------------------

def _text(doc: etree._Element, xpath: str) -> str:
    for value in doc.xpath(xpath, namespaces=NS):
        text = text_of(value) if isinstance(value, etree._Element) else " ".join(str(value).split())
        if text:
            return text
    return ""


def _at(pos: Positions, doc: etree._Element, *xpaths: str) -> tuple[int, int]:
    """Where the first element found by the XPaths starts (else the document element)."""
    for xpath in xpaths:
        found = doc.xpath(xpath, namespaces=NS)
        if found and isinstance(found[0], etree._Element):
            return pos.of(found[0])
    return pos.of(doc)


#: The element a provision was read from, by its own identifier (eId, wId, GUID, xml:id), outside the metadata.
_OWN_ELEMENT = etree.XPath("(*[local-name() != 'meta']/descendant-or-self::*"
                            "[@eId = $eid or @wId = $eid or @GUID = $eid or @xml:id = $eid])[1]")
_XML_ID = "{http://www.w3.org/XML/1998/namespace}id"


def _text_line(doc: etree._Element, document: Document) -> int:
    """The line of the element the document's first provision was read from (0 when it has none).

    Most often the first element of its name outside the metadata, found in a few steps (with its identifier, or
    with none: then it was named after its place); else the element with its identifier, searched for in the whole
    file (measured: 0.1 s on 8 MB, for a rule that rarely fires)."""
    if not document.provisions:
        return 0
    first = document.provisions[0]
    for part in doc:
        if not isinstance(part.tag, str) or local(part.tag) == "meta":
            continue
        el = next(part.iter(f"{{*}}{first.tag}"), None)
        if el is not None:
            own = el.get("eId") or el.get("wId") or el.get("GUID") or el.get(_XML_ID) or ""
            if own in ("", first.eid):
                return el.sourceline or 0
            break
    found = _OWN_ELEMENT(doc, eid=first.eid)
    return (found[0].sourceline or 0) if isinstance(found, list) and found else 0


def _metadata(doc: etree._Element, document: Document, path: str, pos: Positions) -> Iterator[Finding]:
    work = "akn:meta/akn:identification/akn:FRBRWork"
    prop = "akn:meta/akn:proprietary"
    meta_at = _at(pos, doc, prop, "akn:meta")
    alias = doc.xpath(f"{work}/akn:FRBRalias[@name='cahtool']", namespaces=NS)
    if not alias:
        yield finding("CAH301", path, _at(pos, doc, work, "akn:meta"),
                      'no short id: add <FRBRalias name="cahtool" value="my-short-id"/> to <FRBRWork> '
                      "(lower-case letters, digits and hyphens, e.g. ilc-2019)")
    elif not is_short_id(alias[0].get("value", "")):
        yield finding("CAH301", path, pos.of(alias[0]),
                      f"short id {alias[0].get('value', '')!r} must be {SHORT_ID_RULE}")
    if not _text(doc, f"{prop}/cah:title | {work}/akn:FRBRname/@value | .//akn:docTitle"):
        yield finding("CAH303", path, meta_at,
                      "no title: add <cah:title>the title as the official document gives it</cah:title> to "
                      '<proprietary source="#cahtool">')
    if not document.date:
        yield finding("CAH304", path, _at(pos, doc, f"{work}/akn:FRBRdate", "akn:meta"),
                      "no date: give <FRBRdate date=\"YYYY-MM-DD\"/> the date of the text (adoption, tabling)")
    elif not _DATE.match(document.date):
        yield finding("CAH304", path, _at(pos, doc, f"{prop}/cah:date", f"{work}/akn:FRBRdate"),
                      f"date {document.date!r} is not YYYY-MM-DD (nor YYYY-MM or YYYY)")
    yield from _parties(doc, document, path, pos)
    if not (document.source or document.symbol):
        yield finding("CAH306", path, meta_at,
                      'no source: add <cah:source symbol="A/74/10">where the text was read: document, page, '
                      "URL</cah:source>")
    if document.is_proposal or document.kind == "amendment":
        if not (document.provenance or document.verification):
            yield finding("CAH307", path, meta_at,
                          'no provenance label: add <cah:provenance label="verbatim"/> (or "substance verified", '
                          '"illustrative wording") saying how the wording is known')
    elif not document.verification:
        yield finding("CAH307", path, meta_at,
                      'no verification status: add <cah:verification status="verified">how the text was checked '
                      "against the official one</cah:verification>")


def _parties(doc: etree._Element, document: Document, path: str, pos: Positions) -> Iterator[Finding]:
    references = {el.get("eId") for el in doc.xpath("akn:meta/akn:references/*[@eId]", namespaces=NS)}
    proposal = document.is_proposal or document.kind == "amendment"
    checks = [("FRBRauthor", "akn:meta/akn:identification/akn:FRBRWork/akn:FRBRauthor", "href")]
    checks += [("proponent", "akn:meta/akn:proprietary/cah:proponent", "by"),
               ("supporter", "akn:meta/akn:proprietary/cah:supporter", "by")]
    for what, xpath, attr in checks:
        for el in doc.xpath(xpath, namespaces=NS):
            for ref in (el.get(attr) or "").split():
                if ref.lstrip("#") not in references:
                    yield finding("CAH305", path, pos.of(el),
                                  f'{what} "{ref}" is not defined: add <TLCOrganization eId="{ref.lstrip("#")}" '
                                  'href="/ontology/organization/..." showAs="Full name"/> to <references>')
    if proposal and not document.proponents:
        yield finding("CAH305", path, _at(pos, doc, "akn:meta/akn:proprietary", "akn:meta"),
                      'no proponents: add <cah:proponent by="#state-or-organisation"/> for each State, group or '
                      "organisation that tabled the proposal")
    elif not proposal and not document.authors:
        yield finding("CAH305", path, _at(pos, doc, "akn:meta/akn:identification/akn:FRBRWork", "akn:meta"),
                      'no author: add <FRBRauthor href="#body"/> to <FRBRWork> and define #body in <references>')


# -- structure: eIds and numbers ------------------------------------------------------------------

# -- text hygiene ---------------------------------------------------------------------------------

def _hygiene(text: str, main: etree._Element | None, path: str, places: Places) -> Iterator[Finding]:
    lines = _Lines(text)
    for blemish in (*blemishes(text), *not_normalised(text)):
        at = lines.at(blemish.offset)
        label, eid = places.at(at[0])
        where = f"{label}: " if label else ""
        yield finding(blemish.rule, path, at, where + blemish.message, eid)
    if main is None:
        return
    cursor = 0
    for el in main.iter():
        if not isinstance(el.tag, str):
            continue
        for piece in (el.text, el.tail):
            if piece and len(piece) > LONG_WORD:
                for blemish in long_words(piece):
                    # The run of letters is longer than any markup: found in the file's text, it says where.
                    word = piece[blemish.offset:].split()[0]
                    offset = text.find(word, cursor)
                    cursor = max(cursor, offset)
                    at = lines.at(offset) if offset >= 0 else ((el.sourceline or 0), 0)
                    label, eid = places.at(at[0])
                    yield finding("CAH507", path, at, (f"{label}: " if label else "") + blemish.message, eid)


# -- one file -------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class FileResult:
    """The findings of one file and, when it could be read, its document and content key."""

    path: str
    findings: tuple[Finding, ...]
    document: Document | None = None
    content: str = ""
    alias_at: tuple[int, int] = (0, 0)
    base_at: tuple[int, int] = (0, 0)
    #: The line its text begins on: the element of its first provision (0 without one).
    text_line: int = 0

    @property
    def errors(self) -> int:
        """How many findings are errors."""
        return sum(1 for f in self.findings if f.severity == ERROR)


def capped(findings: Iterable[Finding]) -> tuple[Finding, ...]:
    """At most MAX_PER_RULE findings of each rule, then one finding counting the rest."""
    kept: list[Finding] = []
    extra: dict[str, list[Finding]] = defaultdict(list)
    count: dict[str, int] = defaultdict(int)
    for f in findings:
        count[f.rule] += 1
        (kept if count[f.rule] <= MAX_PER_RULE else extra[f.rule]).append(f)
    for rule, rest in extra.items():
        kept.append(Finding(rule, rest[0].severity, rest[0].path, rest[0].line,
                            f"{len(rest)} more findings of this kind in the file (only the first "
                            f"{MAX_PER_RULE} are listed)"))
    return tuple(sorted(kept, key=lambda f: (f.line, f.rule)))


def content_key(document: Document) -> str:
    """The text of a document as compared for duplicates: numbers, headings and text, editorially normalised.

    An amendment proposal has none: two States may table the same words, and that is not a re-upload.
    """
    if document.kind == "amendment":
        return ""
    return "\n".join(part for p in document.provisions for part in _content_parts(p))


def _content_parts(p: Provision) -> Iterator[str]:
    """``content_key``'s line of a provision, then its descendants' (not a closure that calls itself: a cycle)."""
    yield f"{p.tag}|{normalise_num(p.num)}|{comparable(p.heading)}|{comparable(p.text)}"
    for child in p.children:
        yield from _content_parts(child)


def check_bytes(data: bytes, path: str, *, corpus: bool = True) -> FileResult:
    """Run every rule that needs only this file; never raises for bad input, only reports it.

    Any file is checked against what every Akoma Ntoso document must be (read safely, the namespace, the
    schema, unique eIds, sane numbering, clean text). With ``corpus`` (a file of the drafts directory, or
    ``check --corpus``), also against the corpus's policy: short id, title, date, authors, source,
    verification or provenance, eIds in the naming convention, lists without gaps, proposals' rules.
    """
    findings = _encoding(data, path) if data.strip() else []
    try:
        tree = parse_bytes(data, path)
    except InputError as exc:
        return FileResult(path, (_read_error(exc),))  # one line: why the file cannot be read at all
    try:
        doc = document_element(tree, path)
    except InputError as exc:
        return FileResult(path, capped([*findings, finding("CAH201", path, (exc.line or 0, 0), exc.detail)]))
    document = load_tree(tree, path)
    text = _decoded(data)
    pos = Positions(text, tree.getroot())
    places = Places()
    structure = Structure(path, places, pos, corpus=corpus)
    structure.walk(doc, "", "", 0)
    findings.extend(_external_references(tree.getroot(), path, pos))
    findings.extend(_schema_findings(tree, path, places))
    if corpus:
        findings.extend(_metadata(doc, document, path, pos))
    findings.extend(duplicate_eids(tree.getroot(), path, pos))
    findings.extend(structure.findings)
    if text is not None:
        findings.extend(_hygiene(text, doc, path, places))
    if corpus and document.kind == "amendment":
        findings.extend(proposal_rules.file_rules(doc, tree, document, path, pos))
    return FileResult(path, capped(findings), document, content_key(document),
                      _at(pos, doc, "akn:meta/akn:identification/akn:FRBRWork/akn:FRBRalias[@name='cahtool']"),
                      _at(pos, doc, "akn:meta/akn:proprietary/cah:base", "akn:meta/akn:proprietary"),
                      _text_line(doc, document))


def check_file(path: str | Path, *, corpus: bool = True) -> FileResult:
    """Read one file and run its rules (an unreadable file is a CAH100 finding, not an exception)."""
    try:
        data = read_bytes(path)
    except InputError as exc:
        return FileResult(str(path), (_read_error(exc),))
    return check_bytes(data, str(path), corpus=corpus)
