"""The rules of ``cahtool check`` for amendment proposals (CAH308, CAH7xx).

A proposal says what it does twice: in words, in its ``amendmentBody`` (``mod`` elements quoting old
and new text), and as machine instructions, in ``meta/analysis/activeModifications`` (``textualMod``).
``file_rules`` checks what needs only the file: the provenance label, a named base, instructions that
can be read, and words and machine instructions that point at each other. ``corpus_rules`` checks what
needs the base: it exists; each destination eId and each quoted old text is found there (the words
exactly once); the instruction in words names the provision the machine instruction targets; the
proposal applies (``amend``, through the corpus), and the consolidated text is valid Akoma Ntoso and
numbered in sequence.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Protocol

from lxml import etree

from cahtool.akn import AKN, NS, body, local, num_token, own_provisions, parse_bytes, schema_errors, text_of
from cahtool.amend import Amendment, read_source
from cahtool.check.positions import Positions
from cahtool.check.rules import finding
from cahtool.check.structure import Places, Structure
from cahtool.corpus import Corpus
from cahtool.errors import AmendmentError, CahtoolError, InputError, TargetNotFoundError, UnknownDocumentError
from cahtool.model import Document, Finding

#: The provenance labels of the reference (tests/reference/proposals.md), and what each means.
PROVENANCE_LABELS = ("verbatim", "substance verified", "illustrative wording")

#: The verbs an instruction in words uses for each type of machine instruction (the first is the usual one).
VERBS = {
    "repeal": ("delete", "omit", "strike", "repeal", "remove"),
    "substitution": ("replace", "substitute", "read", "amend"),
    "insertion": ("insert", "add"),
    "renumbering": ("renumber",),
}

#: Findings of a file after which applying it would only repeat them.
_BLOCKING = frozenset({"CAH100", "CAH101", "CAH102", "CAH103", "CAH201", "CAH701", "CAH704"})


class _Result(Protocol):
    """What the corpus rules need of a checked file (``validate.FileResult``)."""

    @property
    def path(self) -> str: ...
    @property
    def findings(self) -> tuple[Finding, ...]: ...
    @property
    def document(self) -> Document | None: ...
    @property
    def base_at(self) -> tuple[int, int]: ...


def _ref(href: str | None) -> str:
    return (href or "").strip().lstrip("#")


def file_rules(doc: etree._Element, tree: etree._ElementTree, document: Document, path: str,
               pos: Positions) -> Iterator[Finding]:
    """The rules of a proposal that need only its file (CAH308, CAH701 without a base, CAH704)."""
    prop = "akn:meta/akn:proprietary"
    label_el = next(iter(doc.xpath(f"{prop}/cah:provenance", namespaces=NS)), None)
    if document.provenance and document.provenance not in PROVENANCE_LABELS:
        yield finding("CAH308", path, pos.of(label_el),
                      f"provenance label {document.provenance!r} is not one of {', '.join(PROVENANCE_LABELS)}: "
                      "say how the wording is known (read word for word, substance documented, or ours)")
    elif document.provenance == "illustrative wording" and "illustrative" not in document.title.casefold():
        title_el = next(iter(doc.xpath(f"{prop}/cah:title", namespaces=NS)), label_el)
        yield finding("CAH308", path, pos.of(title_el),
                      "the wording is illustrative (no one tabled these words), but the title does not say so: "
                      "add “(illustrative wording)” to the title, so that no reader takes it for a real text")
    if not document.base:
        yield finding("CAH701", path, pos.of(next(iter(doc.xpath(prop, namespaces=NS)), doc)),
                      'the proposal names no base: add <cah:base ref="ilc-2019"/> (the short id of the text it '
                      "amends) to <proprietary>")
        return
    try:
        source = read_source(tree, path)
    except AmendmentError as exc:
        yield finding("CAH704", path, exc.line, f"{exc.detail}: make the machine instructions (textualMod) point "
                      "at the instruction in words (mod) and at the quoted words they apply")
        return
    yield from _words_and_machine(doc, path, pos)
    folded: dict[str, str] = {}  # the words of a sentence, which may hold hundreds of instructions, folded once
    for ins in source.amendment.instructions:
        verbs = VERBS.get(ins.type, ())
        words = folded.get(ins.text)
        if words is None:
            words = folded[ins.text] = ins.text.casefold()
        if ins.text and verbs and not any(verb in words for verb in verbs):
            yield finding("CAH704", path, ins.line,
                          f"instruction {ins.mod} “{ins.text}” does not say what its machine instruction does "
                          f"({ins.type}: “{verbs[0]}”): correct the words or the type of the textualMod")


def _line(doc: etree._Element, xpath: str) -> int:
    found = doc.xpath(xpath, namespaces=NS)
    return (found[0].sourceline or 0) if found else (doc.sourceline or 0)


def _words_and_machine(doc: etree._Element, path: str, pos: Positions) -> Iterator[Finding]:
    """Every mod is applied by a textualMod, and a textualMod's quoted words lie in the mod it cites."""
    amendment_body = doc.find(f"{AKN}amendmentBody")
    mods = {el.get("eId", ""): el for el in amendment_body.iter(f"{AKN}mod")} if amendment_body is not None else {}
    cited: set[str] = set()
    within: dict[str, set[str]] = {}  # the eIds in each mod, gathered once: a mod may hold many instructions
    for tm in doc.xpath("akn:meta/akn:analysis/akn:activeModifications/akn:textualMod", namespaces=NS):
        source = tm.find(f"{AKN}source")
        mod_id = _ref(source.get("href") if source is not None else "")
        cited.add(mod_id)
        mod = mods.get(mod_id)
        if mod is None:
            continue  # read_source has said so
        inside = within.get(mod_id)
        if inside is None:
            inside = within[mod_id] = {el.get("eId", "") for el in mod.iter() if isinstance(el.tag, str)}
        for ref in (*tm.findall(f"{AKN}old"), *tm.findall(f"{AKN}new")):
            target = _ref(ref.get("href"))
            if target not in inside:
                yield finding("CAH704", path, pos.of(tm),
                              f"machine instruction {tm.get('eId', '')} applies the words {target!r}, which are "
                              f"not quoted in the instruction in words it cites ({mod_id}): readers would see "
                              "one change and cahtool apply another")
    for mod_id, mod in mods.items():
        if mod_id not in cited:
            yield finding("CAH704", path, pos.of(mod),
                          f"the instruction in words {mod_id} has no machine instruction (textualMod) that "
                          "applies it: add one, or cahtool will show a text without this change")
    applied = {_ref(ref.get("href")) for ref in doc.xpath(
        "akn:meta/akn:analysis/akn:activeModifications/akn:textualMod/*[self::akn:old or self::akn:new]",
        namespaces=NS)}
    for mod_id, mod in mods.items():
        if mod_id not in cited:
            continue
        for quoted in mod.iter(f"{AKN}quotedText", f"{AKN}quotedStructure"):
            parent = quoted.getparent()
            if quoted.get("eId", "") not in applied and parent is not None and local(parent.tag) != "quotedStructure":
                words = text_of(quoted)
                yield finding("CAH704", path, pos.of(quoted),
                              f"the words “{words[:80]}” quoted in instruction {mod_id} are applied by no machine "
                              "instruction (no textualMod <old> or <new> points at them): add the instruction, "
                              "or cahtool will show a text without this change")


def _mentions(text: str, num: str) -> bool:
    """True when an instruction in words names a provision by its number: ``(h)``, or 3 as a word."""
    token = num_token(num)
    if not token:
        return True
    if num.lstrip().startswith("("):
        return f"({token})" in text
    return re.search(rf"(?<!\w){re.escape(token)}(?!\w)", text) is not None


def corpus_rules(results: Mapping[str, _Result], chosen: list[str], root: Path) -> dict[str, list[Finding]]:
    """The rules of each chosen proposal that need its base, through the corpus at ``root``."""
    out: dict[str, list[Finding]] = defaultdict(list)
    corpus = Corpus(root)
    for key in chosen:
        result = results[key]
        doc = result.document
        if doc is None or doc.kind != "amendment" or any(f.rule in _BLOCKING for f in result.findings):
            continue
        out[key].extend(_against_base(corpus, result, doc))
    return out


def _against_base(corpus: Corpus, result: _Result, doc: Document) -> list[Finding]:
    path = doc.path
    try:
        base = corpus.get(doc.base)
    except UnknownDocumentError as exc:
        return [finding("CAH701", path, result.base_at,
                        f"the base of this proposal is not in the corpus: {exc.detail}. Give in <cah:base ref> the "
                        "short id of the text the proposal amends")]
    except CahtoolError as exc:
        return [finding("CAH701", path, result.base_at,
                        f"the base {doc.base!r} cannot be used: {exc.format()}")]
    try:
        amendment = corpus.amendment(path)
    except CahtoolError as exc:
        return [finding("CAH704", path, exc.line, exc.detail)]
    found: list[Finding] = []
    own = own_provisions(base)  # looked up once per instruction: one walk, not a search each
    for ins in amendment.instructions:
        for eid in ins.eids:
            if own.get(eid) is None:
                found.append(finding(
                    "CAH702", path, ins.line,
                    f"instruction {ins.mod} “{ins.text}”: {base.id} has no provision with eId {eid!r}; "
                    f"check the eId in <destination> against {base.id} (cahtool show {base.id})"))
        target = own.get(ins.destination)
        if target is not None and target.num and ins.text and not _mentions(ins.text, target.num):
            found.append(finding(
                "CAH704", path, ins.line,
                f"instruction {ins.mod} “{ins.text}” does not name {target.num}, the number of the provision its "
                f"machine instruction changes ({target.label}, eId {ins.destination}): correct the words or the "
                "<destination>"))
    if any(f.rule == "CAH702" for f in found):
        return found
    try:
        data = corpus.consolidated_xml([path])
    except (AmendmentError, InputError) as exc:
        rule = "CAH702" if isinstance(exc, TargetNotFoundError) else "CAH703"
        hint = " (quote the words exactly as the base has them)" if rule == "CAH702" else ""
        return [*found, finding(rule, path, exc.line or _first_line(amendment), exc.detail + hint)]
    return [*found, *_consolidated(data, doc, base, path, _first_line(amendment))]


def _first_line(amendment: Amendment) -> int:
    return amendment.instructions[0].line if amendment.instructions else 0


def _consolidated(data: bytes, doc: Document, base: Document, path: str, line: int) -> list[Finding]:
    """The consolidated text is valid Akoma Ntoso, its eIds and numbers in order."""
    tree = parse_bytes(data, path)
    where = f"once applied to {base.id}, "
    found = [finding("CAH703", path, line, where + "the text would not be valid Akoma Ntoso: "
                     + message.removeprefix("not valid Akoma Ntoso 3.0: "))
             for _, _, message in schema_errors(tree)[:3]]
    root = tree.getroot()
    main = next((b for el in root if (b := body(el)) is not None), None)
    if main is not None:
        structure = Structure(path, Places(), consolidated=True)
        structure.walk(main, "", "", 0)
        found.extend(finding("CAH703", path, line, where + f.message, f.eid)
                     for f in structure.findings if f.severity == "error")
    return found
