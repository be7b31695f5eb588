"""An independent reading of an Akoma Ntoso file's words, to hold cahtool's loader to: nothing lost.

It does not use cahtool's loader: it walks the whole tree as lxml gives it and keeps every piece of text
outside ``<meta>`` (element text and tails, tails of comments and processing instructions), plus the words
a reader sees that AKN keeps in attributes (a note's ``marker``) or in the metadata (the notes a ``noteRef``
points at, ``meta/notes``). Words meet across inline elements only (``Art. 2-<i>bis</i>`` is one word);
every other element boundary separates words, as a printed page would.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from lxml import etree

from cahtool.text import words

AKN = "{http://docs.oasis-open.org/legaldocml/ns/akn/3.0}"

#: The inline elements of Akoma Ntoso 3.0 (the schema's inline, marker and subFlow groups, and HTML-like
#: formatting): words run on across them. Every other element separates words.
INLINE = frozenset("""
a abbr affectedDocument argument b change concept courtType date def del docAuthority docCommittee docDate
docIntroducer docJurisdiction docNumber docProponent docPurpose docStage docStatus docTitle docType docketNumber
entity event extractStructure extractText fillIn i img inline ins judge lawyer legislature location mmod mod mref
neutralCitation noteRef object omissis opinion organization outcome party person placeholder process quantity
quotedText recordedTime ref relatedDocument remark rmod role rref session shortTitle signature span sub sup term
time u vote
""".split())


def _local(tag: object) -> str:
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def extract(tree: etree._ElementTree) -> list[str]:
    """Every piece of text a reader of the document sees, in document order, separated at block boundaries."""
    root = tree.getroot()
    notes = {n.get("eId"): n for n in root.iter(f"{AKN}note")}
    out: list[str] = []

    def walk(el: etree._Element) -> None:
        tag = _local(el.tag)
        if tag == "meta":
            return
        if not tag:  # comment or processing instruction: its own text is not the document's, its tail is
            out.append(el.tail or "")
            return
        inline = tag in INLINE
        if not inline:
            out.append(" ")
        for marker in (el.get("marker"),) if tag in ("authorialNote", "noteRef") else ():
            out.append(f" {marker} " if marker else " ")
        if tag == "noteRef":
            note = notes.get((el.get("href") or "").lstrip("#"))
            if note is not None:
                out.append(" " + " ".join(note.itertext()) + " ")
        out.append(el.text or "")
        for child in el:
            walk(child)
        if not inline:
            out.append(" ")
        out.append(el.tail or "")

    document = next(c for c in root if isinstance(c.tag, str))
    for el in root:
        if isinstance(el.tag, str):
            walk(el)
    assert document is not None
    return out


def xml_words(path: Path | bytes) -> Counter[str]:
    """The words of a file as the independent reading finds them."""
    tree = etree.fromstring(path if isinstance(path, bytes) else path.read_bytes()).getroottree()
    return Counter(words("".join(extract(tree))))


def shown_words(printed: str) -> Counter[str]:
    """The words ``cahtool show --no-header`` prints, without the lines that name parts (``## annex``)."""
    return Counter(words("\n".join(line for line in printed.splitlines() if not line.startswith("## "))))


# -- one-word edits ----------------------------------------------------------------------------------

#: The word put in place of another: found in no document, so a redline that shows it shows the edit.
NEW_WORD = "zqxjvk"


def text_slots(tree: etree._ElementTree) -> list[tuple[etree._Element, str]]:
    """Every place outside ``<meta>`` where text with a word stands: (node, "text" or "tail")."""
    slots = []
    for node in tree.getroot().iter():
        if any(_local(a.tag) == "meta" for a in node.iterancestors()) or _local(node.tag) == "meta":
            if node.tail and words(node.tail) and _local(node.tag) == "meta":
                slots.append((node, "tail"))
            continue
        if isinstance(node.tag, str) and node.text and words(node.text):
            slots.append((node, "text"))
        if node.tail and words(node.tail):
            slots.append((node, "tail"))
    return slots


def edited(data: bytes, slot: int) -> tuple[bytes, str]:
    """The file with the first word of one text slot replaced by ``NEW_WORD``; and the word replaced."""
    tree = etree.fromstring(data).getroottree()
    node, attr = text_slots(tree)[slot]
    text = getattr(node, attr)
    old = words(text)[0]
    start = text.casefold().index(old)
    setattr(node, attr, text[:start] + NEW_WORD + text[start + len(old):])
    return etree.tostring(tree, encoding="UTF-8", xml_declaration=True), old
