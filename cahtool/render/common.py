"""What every renderer shares: the reader's options, the JSON writer, and the wording of citations, headlines,
summaries of documents and counts."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from cahtool.model import Change, ChangeClass, Comparison, Document, Part, Party, Status
from cahtool.text import json_safe


@dataclass(frozen=True, slots=True)
class Options:
    """What the reader asked to see."""

    substantive_only: bool = False
    include_unchanged: bool = False
    color: bool = False


def dumps(data: Any) -> str:
    """JSON as cahtool writes it everywhere: indented, keys sorted, UTF-8 as is (but control characters
    escaped, so that printing it is safe), a final newline."""
    return json_safe(json.dumps(data, sort_keys=True, ensure_ascii=False, indent=2)) + "\n"


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
