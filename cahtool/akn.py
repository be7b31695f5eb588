"""Akoma Ntoso 3.0 vocabulary: namespace, element groups, and human citations of provisions."""

from __future__ import annotations

import re

AKN_NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
CAH_NS = "urn:cahtool:1"
NS = {"akn": AKN_NS, "cah": CAH_NS}

#: Document types (children of ``<akomaNtoso>``) that hold a hierarchical body.
DOCUMENT_TYPES = ("act", "bill", "amendment", "doc", "statement", "portion")

#: Hierarchical elements (cobalt's ``AkomaNtoso30.hier_elements``): each is a provision.
HIER_ELEMENTS = frozenset({
    "alinea", "article", "book", "chapter", "clause", "division", "indent", "level", "list", "paragraph",
    "part", "point", "proviso", "rule", "section", "subchapter", "subclause", "subdivision", "sublist",
    "subparagraph", "subpart", "subrule", "subsection", "subtitle", "title", "tome", "transitional",
})

#: Containers of a provision's own text.
TEXT_CONTAINERS = ("intro", "content", "wrapUp")

#: Inline elements kept as formatting marks (compared by the "formatting" rule, not as words).
FORMATTING = frozenset({"i", "b", "u", "sup", "sub"})

#: Inline or marker elements whose text is not part of the provision's words.
NOT_TEXT = frozenset({"authorialNote", "noteRef", "eop", "fillIn"})

#: Elements that end a line inside a block.
LINE_BREAKS = frozenset({"eol", "br"})

#: Abbreviations used in citations, as lawyers cite (art. 7(1)(h)).
_CITATION_PREFIX = {
    "article": "art. ", "chapter": "chap. ", "part": "part ", "section": "sec. ", "title": "title ",
    "book": "book ", "rule": "rule ", "division": "div. ",
}
#: Levels cited as a bracketed suffix of their parent: 7(1)(h).
_CITATION_SUFFIX = frozenset({
    "paragraph", "subparagraph", "point", "clause", "subclause", "alinea", "indent", "subsection",
    "level", "subrule", "proviso",
})


def local(tag: object) -> str:
    """The local name of an lxml tag (``{ns}article`` → ``article``); '' for comments and PIs."""
    if not isinstance(tag, str):
        return ""
    return tag.rpartition("}")[2]


def num_token(num: str) -> str:
    """The bare number of a ``<num>``: ``Article 7`` → ``7``, ``1.`` → ``1``, ``(h)`` → ``h``."""
    text = " ".join(num.split())
    text = re.sub(r"^(article|art\.|chapter|part|section|rule|title)\s+", "", text, flags=re.IGNORECASE)
    return text.strip().strip(".").strip("()[]").strip()


#: AKN naming convention abbreviations (Akoma Ntoso Naming Convention 1.0, eId prefixes); others: tag.
EID_PREFIX = {
    "alinea": "al", "article": "art", "chapter": "chp", "clause": "cl", "division": "dvs",
    "paragraph": "para", "section": "sec", "subchapter": "subchp", "subclause": "subcl",
    "subdivision": "subdvs", "subparagraph": "subpara", "subsection": "subsec",
}


def eid_component(tag: str, num: str, position: int) -> str:
    """The eId component of a provision, per the AKN naming convention (``para_1``, ``point_h``)."""
    prefix = EID_PREFIX.get(tag, tag)
    token = re.sub(r"[^0-9A-Za-z-]+", "-", num_token(num)).strip("-") if num else ""
    return f"{prefix}_{token or position}"


def citation(parent_label: str, tag: str, num: str, eid: str) -> str:
    """A human citation built from the parent's: ``art. 7`` + point ``(h)`` → ``art. 7(h)``."""
    token = num_token(num) or eid.rpartition("__")[2].partition("_")[2]
    if tag in _CITATION_PREFIX:
        # An article restarts the citation: chapters are not cited in "art. 7(1)(h)".
        return f"{_CITATION_PREFIX[tag]}{token}"
    if tag in _CITATION_SUFFIX:
        return f"{parent_label}({token})" if parent_label else f"({token})"
    if tag == "list":
        return parent_label
    return f"{parent_label} {tag} {token}".strip()
