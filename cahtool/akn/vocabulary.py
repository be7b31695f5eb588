"""Akoma Ntoso 3.0 vocabulary: namespaces and the groups of elements cahtool reads."""

from __future__ import annotations

AKN_NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
CAH_NS = "urn:cahtool:1"
NS = {"akn": AKN_NS, "cah": CAH_NS}
#: Clark-notation prefixes: f"{AKN}num" is ``<num>`` in the Akoma Ntoso namespace, f"{CAH}title" cahtool's.
AKN = f"{{{AKN_NS}}}"
CAH = f"{{{CAH_NS}}}"

#: Document types: the children of ``<akomaNtoso>``, and the documents embedded in annexes and collections.
DOCUMENT_KINDS = frozenset({
    "act", "amendment", "amendmentList", "bill", "debate", "debateReport", "doc", "documentCollection", "judgment",
    "officialGazette", "portion", "statement",
})

#: Hierarchical elements (cobalt's ``AkomaNtoso30.hier_elements``): each is a provision.
HIER_ELEMENTS = frozenset({
    "alinea", "article", "book", "chapter", "clause", "division", "indent", "level", "list", "paragraph",
    "part", "point", "proviso", "rule", "section", "subchapter", "subclause", "subdivision", "sublist",
    "subparagraph", "subpart", "subrule", "subsection", "subtitle", "title", "tome", "transitional",
})

#: Containers of a document's main text, one per document type (``body`` of an act, ``mainBody`` of a doc...).
BODY_TAGS = frozenset({"body", "mainBody", "amendmentBody", "portionBody", "judgmentBody", "debateBody"})

#: Containers of a provision's own text.
TEXT_CONTAINERS = ("intro", "content", "wrapUp")

#: Inline elements kept as formatting marks (compared by the "formatting" rule, not as words).
FORMATTING = frozenset({"i", "b", "u", "sup", "sub"})

#: Inline or marker elements whose text is not part of the provision's words.
NOT_TEXT = frozenset({"authorialNote", "noteRef", "eop", "fillIn"})

#: Elements that end a line inside a block.
LINE_BREAKS = frozenset({"eol", "br"})


_LOCAL: dict[object, str] = {}
#: Distinct tags whose local names are kept (a document has a few dozen; a hostile one may have millions).
_LOCAL_KEPT = 4096


def local(tag: object) -> str:
    """The local name of an lxml tag (``{ns}article`` → ``article``); '' for comments and PIs.

    Asked for every element of every text read, so each tag's answer is kept (tags are few).
    """
    found = _LOCAL.get(tag)
    if found is None:
        found = tag.rpartition("}")[2] if isinstance(tag, str) else ""
        if len(_LOCAL) < _LOCAL_KEPT:
            _LOCAL[tag] = found
    return found
