"""Reading proposals: the instructions of an Akoma Ntoso ``<amendment>`` as plain data.

A proposal carries its instructions twice: in words, in ``amendmentBody`` (``mod`` elements with
``quotedText``/``quotedStructure``), and as data, in ``meta/analysis/activeModifications`` (one
``textualMod`` per operation, its ``source`` pointing at the ``mod``, its ``destination`` at an eId of
the base, ``old``/``new`` at the quoted text or structure). This module reads both and checks that they
hold together; ``amend`` applies them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from cahtool.akn import (
    AKN,
    HIER_ELEMENTS,
    NOT_TEXT,
    NS,
    alias,
    document_element,
    itertext,
    local,
    parse_bytes,
    provisions_of,
    read_bytes,
    text_of,
)
from cahtool.amend.spacing import norm
from cahtool.errors import AmendmentError
from cahtool.model import Instruction, ModType

TYPES = tuple(t.value for t in ModType)


@dataclass(frozen=True, slots=True)
class Amendment:
    """A proposal's identity and instructions, as plain data."""

    id: str
    path: str
    base: str
    title: str
    instructions: tuple[Instruction, ...]


@dataclass(frozen=True, slots=True)
class Conflict:
    """Two instructions of different proposals that touch the same words, place or number of the base."""

    eid: str
    first: Instruction
    second: Instruction
    reason: str

    @property
    def proposals(self) -> tuple[str, str]:
        """The two proposal ids."""
        return self.first.proposal, self.second.proposal

    def message(self) -> str:
        """One line for the user."""
        return (f"proposals {self.first.proposal} and {self.second.proposal} conflict at {self.eid}: "
                f"{self.reason} ({self.first.mod}: “{self.first.text}” / {self.second.mod}: “{self.second.text}”)")


# -- reading -----------------------------------------------------------------------------------

def _quoted(el: etree._Element) -> str:
    """The words of a ``quotedText``, whitespace collapsed."""
    return norm("".join(itertext(el)))


def structure_lines(qs: etree._Element) -> list[str]:
    """A quoted structure as printed: ``(k) gender apartheid;`` (one line per provision)."""
    lines: list[str] = []
    for child in qs:
        if local(child.tag) in HIER_ELEMENTS:
            _structure_lines(child, lines)
    return lines


def _structure_lines(el: etree._Element, lines: list[str]) -> None:
    """``structure_lines`` of one provision and its descendants, onto ``lines`` (a function of its own, not a
    closure: a closure that calls itself is a cycle, left for the garbage collector with all it holds)."""
    num = heading = ""
    texts: list[str] = []
    for child in el:
        tag = local(child.tag)
        if tag == "num":
            num = text_of(child)
        elif tag == "heading":
            heading = text_of(child)
        elif tag in ("intro", "content"):
            texts.append(text_of(child))
    line = " ".join(x for x in (num, heading, *texts) if x)
    if line:
        lines.append(line)
    for child in el:
        if local(child.tag) in HIER_ELEMENTS:
            _structure_lines(child, lines)
    for child in el:
        if local(child.tag) == "wrapUp":
            lines.append(text_of(child))


def _mod_text(mod: etree._Element) -> str:
    """The words of an instruction, a quoted structure shown as its printed lines."""
    out: list[str] = []
    _mod_words(mod, out)
    return " ".join("".join(out).split())


def _mod_words(el: etree._Element, out: list[str]) -> None:
    """``_mod_text``'s pieces of text, onto ``out``."""
    if el.text:
        out.append(el.text)
    for child in el:
        tag = local(child.tag)
        if tag == "quotedStructure":
            out.append(" “" + " / ".join(structure_lines(child)) + "”")
        elif tag and tag not in NOT_TEXT:
            _mod_words(child, out)
        if child.tail:
            out.append(child.tail)


def _ref(href: str) -> str:
    """``#mod_1`` → ``mod_1``."""
    return href.strip().lstrip("#")


def _destination_eid(href: str, base_uris: tuple[str, ...], where: str) -> str:
    """The base eId of a destination: ``/akn/…/eng@…~art_2`` or ``/akn/…#art_2``."""
    prefix, sep, eid = href.rpartition("~") if "~" in href else href.rpartition("#")
    if not sep or not eid:
        raise AmendmentError(f"{where}: destination {href!r} names no eId (expected URI~eId)")
    prefix = prefix.rstrip("/").removesuffix("/!main")
    if prefix and base_uris and prefix not in base_uris:
        raise AmendmentError(f"{where}: destination {href!r} points outside the base ({base_uris[0]})")
    return eid


@dataclass
class Source:
    """A parsed proposal: its plain instructions, and for each instruction that brings new provisions
    (by the instruction's eId) the quoted structure that holds them."""

    amendment: Amendment
    doc: etree._Element
    structures: dict[str, etree._Element] = field(default_factory=dict)


def read_source(tree: etree._ElementTree, path: str, base_uris: tuple[str, ...] = (), base_id: str = "") -> Source:
    """Read a proposal; with ``base_id``, check first that it is based on that document."""
    doc = document_element(tree, path)
    if local(doc.tag) != "amendment":
        raise AmendmentError(f"not an amendment proposal: the document is <{local(doc.tag)}>", path=path)
    pid = alias(doc, path)
    base = doc.xpath("string(akn:meta/akn:proprietary/cah:base/@ref)", namespaces=NS)
    title = " ".join(str(doc.xpath("string(akn:meta/akn:proprietary/cah:title)", namespaces=NS)).split())
    if not base:
        raise AmendmentError(f"proposal {pid} names no base (cah:base/@ref in <proprietary>)", path=path)
    if base_id and base != base_id:
        raise AmendmentError(f"proposal {pid} is based on {base}, not {base_id}", path=path)
    body = doc.find(f"{AKN}amendmentBody")
    quoted: dict[str, etree._Element] = {}
    structures: dict[str, etree._Element] = {}
    mods: dict[str, etree._Element] = {}
    if body is not None:
        for el in body.iter(f"{AKN}quotedText", f"{AKN}quotedStructure", f"{AKN}mod"):
            eid = el.get("eId")
            if eid:
                (mods if local(el.tag) == "mod" else quoted)[eid] = el
    instructions = []
    tmods = doc.xpath("akn:meta/akn:analysis/akn:activeModifications/akn:textualMod", namespaces=NS)
    if not tmods:
        raise AmendmentError(f"proposal {pid} has no instructions (meta/analysis/activeModifications/textualMod)",
                             path=path)
    texts: dict[str, str] = {}
    for n, tm in enumerate(tmods, 1):
        eid = tm.get("eId") or f"textualMod {n}"
        line = tm.sourceline or 0
        kind = tm.get("type", "")
        source = tm.find(f"{AKN}source")
        mod_id = _ref(source.get("href", "")) if source is not None else ""
        mod = mods.get(mod_id)
        if mod is not None and mod_id not in texts:  # one sentence may hold hundreds of instructions
            texts[mod_id] = _mod_text(mod)
        text = texts.get(mod_id, "") if mod is not None else ""
        where = f"proposal {pid}, instruction {mod_id or eid}" + (f" “{text}”" if text else "")
        if kind not in TYPES:
            raise AmendmentError(f"{where}: textualMod type {kind!r} is not one of {', '.join(TYPES)}",
                                 path=path, line=line)
        if mod is None:
            raise AmendmentError(f"{where}: its <source> points at no mod in the amendment body ({mod_id!r})",
                                 path=path, line=line)
        dests = tm.findall(f"{AKN}destination")
        if len(dests) != 1:
            raise AmendmentError(f"{where}: needs exactly one <destination>, found {len(dests)}",
                                 path=path, line=line)
        dest = dests[0]
        destination = _destination_eid(dest.get("href", ""), base_uris, where)
        up_to = _destination_eid(dest.get("upTo", ""), base_uris, where) if dest.get("upTo") else ""

        def quoted_of(tag: str, *, _where: str = where, _line: int = line, _tm: etree._Element = tm) -> list[
                etree._Element]:
            out = []
            for ref in _tm.findall(f"{AKN}{tag}"):
                target = quoted.get(_ref(ref.get("href", "")))
                if target is None:
                    raise AmendmentError(f"{_where}: <{tag}> points at no quoted text or structure "
                                         f"({ref.get('href', '')!r})", path=path, line=_line)
                out.append(target)
            return out

        olds, news = quoted_of("old"), quoted_of("new")
        if len(olds) > 1 or any(local(o.tag) != "quotedText" for o in olds):
            raise AmendmentError(f"{where}: <old> must be one quotedText", path=path, line=line)
        structure = any(local(q.tag) == "quotedStructure" for q in news)
        if structure and len(news) != 1:
            raise AmendmentError(f"{where}: a new structure must be the only <new>", path=path, line=line)
        instructions.append(Instruction(
            proposal=pid, eid=eid, type=kind, destination=destination, pos=dest.get("pos", ""), up_to=up_to,
            old=_quoted(olds[0]) if olds else "",
            new=tuple("\n".join(structure_lines(q)) if structure else _quoted(q) for q in news),
            structure=provisions_of(news[0]) if structure else (), mod=mod_id, text=text, line=line,
        ))
        if structure:
            structures[eid] = news[0]
    return Source(Amendment(pid, path, str(base), title, tuple(instructions)), doc, structures)


def read_amendment(tree: etree._ElementTree, path: str) -> Amendment:
    """The instructions of a proposal as plain data (no base needed)."""
    return read_source(tree, path).amendment


def read_amendment_file(path: str | Path) -> Amendment:
    """Read and parse a proposal file; return its instructions."""
    return read_amendment(parse_bytes(read_bytes(path), str(path)), str(path))


def read_amendment_bytes(data: bytes, path: str) -> Amendment:
    """``read_amendment`` on unparsed bytes."""
    return read_amendment(parse_bytes(data, path), path)
