"""Citations as input: a provision named as lawyers cite it, resolved against a document's own citation labels.

cahtool prints every provision by its citation (``Provision.label``, made by ``numbers.citation``:
``art. 7(1)(h)``, and for other parts of a document whatever label the loader gives, e.g. ``annex, para. 2``);
this module reads the same citations back, so that ``show``, ``history`` and ``diff --provision`` take what
they print. A reference resolves, in this order, as:

1. an eId (``art_7__para_1__point_h``), exactly;
2. a provision's citation, written loosely: case, spaces, dots and commas do not count, ``article``,
   ``draft article`` and ``art.`` are one word, ``paragraph``/``para.``, and ``subparagraph``/``point`` before a
   bracketed letter are optional (``Article 7, paragraph 1 (h)`` = ``art. 7(1)(h)``), and the article's
   abbreviation may be left out (``7(1)(h)``);
3. within a document's article, a citation without the article (``para. 3``, ``(1)(h)``), when only one
   provision of the document has it.

Labels are matched as text, never parsed, so any label the loader makes resolves the same way. A near miss
is answered with the closest citations (difflib), a reference cited twice with both.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from cahtool.errors import CahtoolError
from cahtool.model import Document, Provision

#: How many "did you mean" citations an error offers.
SUGGESTIONS = 3

_EID = re.compile(r"^[A-Za-z]+_[0-9A-Za-z-]+(__[A-Za-z]+_[0-9A-Za-z-]+)*$")
_ARTICLE = re.compile(r"^art([0-9]+[a-z]*)")
#: What a reference that is a citation (not a word to look for) looks like, once normalised.
_CITATION = re.compile(r"^(art)?[0-9]+[a-z]*(\([0-9a-z]+\))*$|^(para|annex|preamble|art|\()")


def normalise(text: str) -> str:
    """A citation as compared: ``Draft article 7, paragraph 1 (h)`` → ``art7(1)(h)``."""
    t = text.casefold().replace("§", "para")
    t = re.sub(r"\bdraft\s+", "", t)
    t = re.sub(r"\b(?:articles?|arts?)\b\.?", "art", t)
    # Points and subparagraphs are cited by their bracketed number alone: "subparagraph (h)" is "(h)".
    t = re.sub(r"\b(?:sub-?paragraphs?|subparas?|points?|items?|letters?)\b\.?", "", t)
    t = re.sub(r"\b(?:paragraphs?|paras?|pars?)\b\.?", "para", t)
    t = re.sub(r"[\s.,;:]+", "", t)
    # A paragraph after an article's number is its bracketed number: art7para1(h) → art7(1)(h).
    return re.sub(r"(?<=[0-9)])para([0-9]+[a-z]*)", r"(\1)", t)


def _keys(p: Provision) -> tuple[list[str], list[str]]:
    """A provision's keys: as cited in full (``art7(1)(h)``, ``7(1)(h)``), and within its article (``para1(h)``)."""
    full = normalise(p.label)
    keys, within = [full], []
    found = _ARTICLE.match(full)
    if found:
        keys.append(full[3:])
        rest = full[found.end():]
        inner = re.match(r"^\(([0-9a-z]+)\)", rest)
        if inner:
            within += [rest, "para" + inner.group(1) + rest[inner.end():]]
    return keys, within


def _index(doc: Document) -> Iterator[tuple[int, str, Provision]]:
    for p in doc.walk():
        keys, within = _keys(p)
        yield from ((1, k, p) for k in keys)
        yield from ((2, k, p) for k in within)


def looks_like_eid(ref: str) -> bool:
    """True when a reference is written as an eId (``art_7__para_1``) rather than a citation."""
    return _EID.match(ref.strip()) is not None


def looks_like_citation(ref: str) -> bool:
    """True when a reference reads as a citation (``7(1)(h)``, ``para. 3``), not as a word to look for."""
    return bool(ref.strip()) and _CITATION.match(normalise(ref)) is not None


def own_provisions(doc: Document) -> dict[str, Provision]:
    """``doc.find`` of every eId, in one walk: the document's own provisions (not those inside quoted ones),
    the first in reading order."""
    own: dict[str, Provision] = {}
    _own_into(doc.provisions, own)
    return own


def _own_into(provisions: tuple[Provision, ...], own: dict[str, Provision]) -> None:
    """``own_provisions`` of these provisions, onto ``own`` (not a closure that calls itself: that is a cycle, which
    would keep the index and the document until the garbage collector looks)."""
    for p in provisions:
        own.setdefault(p.eid, p)
        if not p.is_quoted:
            _own_into(p.children, own)


class Citations:
    """The documents' eIds and citations, each document indexed once, when first needed: ``find`` resolves many
    references (an imported redline names every provision it changes) without reading every label for each."""

    def __init__(self, docs: Sequence[Document]) -> None:
        self.docs = tuple(docs)
        self._own: dict[int, dict[str, Provision]] = {}
        self._cited: dict[int, tuple[dict[str, dict[str, Provision]], ...]] = {}

    def own(self, k: int) -> dict[str, Provision]:
        """The own provisions of document ``k`` by eId (``own_provisions``)."""
        if k not in self._own:
            self._own[k] = own_provisions(self.docs[k])
        return self._own[k]

    def cited(self, k: int, level: int) -> dict[str, dict[str, Provision]]:
        """The provisions of document ``k`` by citation key: in full (level 1), within their article (level 2)."""
        if k not in self._cited:
            levels: tuple[dict[str, dict[str, Provision]], ...] = ({}, {})
            for lv, key, p in _index(self.docs[k]):
                levels[lv - 1].setdefault(key, {})[p.eid] = p
            self._cited[k] = levels
        return self._cited[k][level - 1]

    def find(self, ref: str) -> tuple[Document, Provision] | None:
        """The provision a reference names in the first document that has it (eId, then citation), or None.

        Raises ``CahtoolError`` when a citation without its article names several provisions of one document.
        """
        ref = ref.strip()
        for k, doc in enumerate(self.docs):
            found = self.own(k).get(ref)
            if found is not None:
                return doc, found
        wanted = normalise(ref)
        if not wanted:
            return None
        for level in (1, 2):
            for k, doc in enumerate(self.docs):
                hits = self.cited(k, level).get(wanted, {})
                if len(hits) == 1:
                    return doc, next(iter(hits.values()))
                if len(hits) > 1:
                    labels = ", ".join(p.label for p in hits.values())
                    raise CahtoolError(f"{ref!r} names {len(hits)} provisions of {doc.id} ({labels}): cite the "
                                       "one you mean in full")
        return None


def find_cited(docs: Sequence[Document], ref: str) -> tuple[Document, Provision] | None:
    """The provision a reference names in the first document that has it (eId, then citation), or None.

    Raises ``CahtoolError`` when a citation without its article names several provisions of one document.
    """
    return Citations(docs).find(ref)


def suggestions(docs: Sequence[Document], ref: str, n: int = SUGGESTIONS) -> list[str]:
    """The citations closest to a reference that named nothing (with their document when there are several)."""
    import difflib  # near misses only: not every command that reads a citation pays for it

    wanted = normalise(ref)
    by_key: dict[str, str] = {}
    for doc in docs:
        for level, key, p in _index(doc):
            if level == 1:
                by_key.setdefault(key, p.label + (f" ({doc.id})" if len(docs) > 1 else ""))
    close = difflib.get_close_matches(wanted, list(by_key), n=n * 2, cutoff=0.6)
    return list(dict.fromkeys(by_key[k] for k in close))[:n]


def resolve_provision(docs: Sequence[Document], ref: str, *, where: str = "") -> tuple[Document, Provision]:
    """The provision a reference (eId or citation) names in the first of ``docs`` that has it.

    Raises ``CahtoolError`` naming the documents (or ``where``), with "did you mean" citations on a near miss.
    """
    found = find_cited(docs, ref)
    if found is not None:
        return found
    where = where or " or ".join(doc.id for doc in docs)
    what = f"with eId {ref!r}" if looks_like_eid(ref) else f"cited {ref!r}"
    close = suggestions(docs, ref)
    hint = (f"; did you mean {' or '.join(close)}?" if close
            else " (give an eId such as art_7__para_1__point_h, or a citation such as art. 7(1)(h))")
    raise CahtoolError(f"no provision {what} in {where}{hint}", path=docs[0].path if len(docs) == 1 else "")
