"""What every renderer shares: the reader's options, the JSON writer, and the wording of citations, headlines,
summaries of documents and counts."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from cahtool.jsontext import indented
from cahtool.model import Change, ChangeClass, Comparison, Document, Op, OpKind, Part, Party, Status
from cahtool.text import json_safe


@dataclass(frozen=True, slots=True)
class Options:
    """What the reader asked to see."""

    substantive_only: bool = False
    include_unchanged: bool = False
    color: bool = False
    legend: bool = True  # the terminal redline ends with a line saying what its marks mean


def dumps(data: Any) -> str:
    """JSON as cahtool writes it everywhere: indented, keys sorted, UTF-8 as is (but control characters
    escaped, so that printing it is safe), a final newline. The text is ``json.dumps``'s (``jsontext``)."""
    return json_safe(indented(data)) + "\n"


def parties(people: Iterable[Party]) -> str:
    """Names joined for display."""
    return "; ".join(p.name for p in people)

#: Verification statuses that need no warning.
VERIFIED = frozenset({"verified", "verbatim"})


def citation(change: Change) -> str:
    """Where a change is: ``art. 7(1)(h) → art. 2(1)(h)``, or one label when both sides agree."""
    old = change.old.label if change.old else ""
    new = change.new.label if change.new else ""
    if old and new and old != new:
        return f"{old} → {new}"
    return old or new


def qualifiers(change: Change) -> list[str]:
    """The words after the citation: part, status (with renumbering or move), class and rules."""
    words = []
    side = change.new or change.old
    if change.part is Part.HEADING:
        words.append("heading")
    elif side is not None and side.has_children and change.status is Status.MODIFIED:
        words.append("chapeau")
    status = change.status.value
    if change.status is Status.MODIFIED and change.moved:
        status += ", moved"
    elif change.status is Status.MODIFIED and change.renumbered:
        status += ", renumbered"
    if side is not None and side.omitted:
        status += " (text not reproduced in this corpus)"
    if change.own_only:
        # Its list stands one level up on the other side (ICTY art. 5 / Rome art. 7(1)).
        status = f"chapeau {status}; its list is compared item by item"
    words.append(status)
    if change.change_class is not ChangeClass.NONE:
        cls = change.change_class.value
        if change.rules:
            cls += f" ({', '.join(change.rules)})"
        words.append(cls)
    return words


def headline(change: Change) -> str:
    """One line naming a change: ``art. 7(1) → art. 2(1) · chapeau · modified · substantive``."""
    return " · ".join([citation(change), *qualifiers(change)])


def document_line(doc: Document) -> str:
    """``Title (id, date; verification)`` for headers."""
    facts = [doc.id, doc.date]
    if doc.verification:
        facts.append(doc.verification)
    if doc.provenance:
        facts.append(doc.provenance)
    return f"{doc.title} ({', '.join(f for f in facts if f)})"


def needs_warning(doc: Document) -> bool:
    """True when a document's text is not verified word for word."""
    return bool(doc.verification) and doc.verification not in VERIFIED


#: What a proposal's provenance label means (tests/reference/proposals.md); "verbatim" needs no warning.
PROVENANCE_NOTES = {
    "illustrative wording": "the idea and its proponents are documented, but these words are cahtool's, "
                            "modelled on the documented idea: no one tabled this text.",
    "substance verified": "who asked for what, and when, is documented in the cited source; the wording of "
                          "the instruction is derived from that request, not quoted.",
}


def warnings(doc: Document) -> list[str]:
    """What a reader must know before relying on a document's words, one sentence each."""
    out = []
    if needs_warning(doc):
        against = f"; check it against {doc.symbol} before relying on it" if doc.symbol else ""
        base = " (the text it amends)" if doc.is_proposal else ""
        out.append(f"{doc.id}: {doc.verification}{base}{against}.")
    if doc.provenance in PROVENANCE_NOTES:
        out.append(f"{doc.id}: {doc.provenance}: {PROVENANCE_NOTES[doc.provenance]}")
    return out


def stats_line(comparison: Comparison) -> str:
    """``4 substantive · 21 editorial · 1 inserted · ...`` (zero counts of moves kept: they reassure)."""
    stats = comparison.stats
    order = ("substantive", "editorial", "inserted", "deleted", "moved", "renumbered", "unchanged")
    return " · ".join(f"{stats[key]} {key}" for key in order)


# -- redline marks shared by the renderers -----------------------------------------------------------

def hug(text: str) -> tuple[str, str, str]:
    """An edit's text as (leading space, words, trailing space): markers hug the words (``{+or gender+} group``).

    The spaces stay in the op (the ops rebuild both texts); only the markers move inside them. An edit of
    spaces alone has no words to hug: it is shown by signs, ``¶`` for a line break and ``␣`` for a space.
    """
    core = text.strip()
    if not core:
        return "", text.replace("\n", "¶").replace(" ", "␣").replace("\t", "␣"), ""
    start = len(text) - len(text.lstrip())
    end = len(text.rstrip())
    return text[:start], text[start:end], text[end:]


_SUPERSCRIPT = str.maketrans("0123456789+", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺")


def superscript(text: str) -> str:
    """Digits (and +) as superscript characters: ``12`` → ``¹²``."""
    return text.translate(_SUPERSCRIPT)


def makers(doc: Document) -> str:
    """Who made the changes a document brings: a proposal's proponents, else its authors."""
    people = doc.proponents if doc.is_proposal and doc.proponents else doc.authors
    return parties(people)


def layer_numbers(comparison: Comparison) -> dict[str, int]:
    """Layer id → its number in the legend (1 for the oldest); empty for a flat redline."""
    return {layer.id: n for n, layer in enumerate(comparison.layers, 1)}


def named_numbers(ops: Iterable[Op], numbers: dict[str, int]) -> dict[str, int]:
    """The numbers of the layers that these edits are by or also name, and no others: all a redline of them reads
    of ``numbers`` (a proposal's comparison with the baseline numbers the drafts in between as every other
    proposal's does, so its redlines are theirs)."""
    named: set[str] = set()
    for op in ops:
        if op.by:
            named.add(op.by)
        named.update(op.also)
    return {layer: n for layer, n in numbers.items() if layer in named}


def layer_mark(ops: tuple[Op, ...], k: int, numbers: dict[str, int]) -> str:
    """The layer mark after edit ``k``: its number, ``+n`` for each layer that also changed the place.

    A deletion followed by an insertion of the same layer (a replacement) is marked once, after the
    insertion; an op not attributed (or a kept run) has no mark.
    """
    op = ops[k]
    if op.kind is OpKind.EQUAL or op.by not in numbers:
        return ""
    after = ops[k + 1] if k + 1 < len(ops) else None
    if (op.kind is OpKind.DELETE and after is not None and after.kind is OpKind.INSERT
            and (after.by, after.also) == (op.by, op.also)):
        return ""
    return str(numbers[op.by]) + "".join(f"+{numbers[x]}" for x in op.also if x in numbers)


def layer_lines(comparison: Comparison) -> list[str]:
    """The legend of the layers, one line each: ``1 ilc-2017 · International Law Commission · 2017``."""
    out = []
    for n, layer in enumerate(comparison.layers, 1):
        facts = [layer.id, makers(layer) or "author not recorded", layer.date or "undated"]
        out.append(f"{n} " + " · ".join(facts))
    return out


#: What the layer marks mean (the text, Markdown and HTML legends; ALSO_HELP only when a ``+n`` mark is shown).
LAYER_HELP = "the number after each deletion or insertion names the text that made it (a replacement: once, after it)"
ALSO_HELP = "+n: text n also changed that place, in words neither compared text has"


def has_also(comparison: Comparison) -> bool:
    """True when some edit names a layer that also changed its place (a ``+n`` mark)."""
    return any(op.also for change in comparison.changes for op in change.ops)
