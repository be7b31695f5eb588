"""A rolling text in UN typography, what a revision changed, and who stands where: text, Markdown and JSON.

Typography as in UN negotiating texts: words not agreed in square brackets, each followed by the number of
the footnote naming the delegations (``[the slave trade;]¹``); a provision with alternatives set out as
``Option 1:``, ``Option 2:``; a provision's status as a label in words (``Status: agreed ad referendum
(2028)``), never colour alone; provisions without a label are pending. In the terminal, footnotes follow the
provision they belong to; in Markdown they close the document, numbered as in the text.
"""

from __future__ import annotations

import shutil
import textwrap
from typing import Any

from cahtool.akn import note_text
from cahtool.model import Bracket, Clause, NegotiationStatus, Party, Position, RollingText, Stance, Wording
from cahtool.render.common import document_line, dumps, warnings
from cahtool.render.json import change_dict, document_ref
from cahtool.render.markdown import escape, redline
from cahtool.render.text import INDENT, redline_lines
from cahtool.reports import MEANINGS, POSITIONS_SCHEMA, REVISION_SCHEMA, STANCES, ChangeType, Positions, RevisionDiff
from cahtool.text import bracketed, option_label, status_line

SCHEMA = "cahtool.rolling/1"
_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
#: The stances as a footnote and a table name them.
STANCE_WORDS = {Stance.PROPONENT: "proposed by", Stance.SUPPORTER: "supported by", Stance.OPPOSED: "opposed by",
                Stance.OPEN: "open to"}


def superscript(n: int) -> str:
    """A footnote number as printed after bracketed words: ``¹²``."""
    return str(n).translate(_SUPERSCRIPT)


def note_words(kind: str, positions: tuple[Position, ...]) -> str:
    """The footnote of a bracket or an option: ``Proposed by A; B. Supported by C.`` (see ``layout.footnote``)."""
    return note_text(kind, positions)


def wording_text(wording: Wording, *, markers: bool = True) -> str:
    """Words with brackets, each followed by its footnote's number in superscript."""
    out = []
    for part in wording:
        if isinstance(part, Bracket):
            out.append(bracketed(part.words) + (superscript(part.note) if markers and part.note else ""))
        else:
            out.append(part)
    return "".join(out)


def notes_of(clause: Clause) -> list[tuple[int, str]]:
    """The footnotes of a provision's own words and options, in order: (number, words)."""
    out = []
    for part in clause.wording:
        if isinstance(part, Bracket) and part.note:
            out.append((part.note, note_words(part.kind.value, part.positions)))
    for option in clause.options:
        for part in option.wording:
            if isinstance(part, Bracket) and part.note:
                out.append((part.note, note_words(part.kind.value, part.positions)))
        if option.note:
            out.append((option.note, note_words("option", option.positions)))
    for part in clause.wrap_up:
        if isinstance(part, Bracket) and part.note:
            out.append((part.note, note_words(part.kind.value, part.positions)))
    return out


def counts(rt: RollingText) -> dict[str, int]:
    """Brackets, provisions with options, options, and provisions by status."""
    clauses = list(rt.walk())
    out = {"brackets": sum(1 for c in clauses for _ in c.brackets()),
           "provisions with options": sum(1 for c in clauses if c.options),
           "options": sum(len(c.options) for c in clauses)}
    for status in NegotiationStatus:
        out[status.value] = sum(1 for c in clauses if c.status is status)
    return out


def counts_line(rt: RollingText) -> str:
    """``6 brackets · 1 provision with options (2 options) · 3 agreed ad referendum · 28 pending``."""
    c = counts(rt)
    parts = [f"{c['brackets']} bracket{'' if c['brackets'] == 1 else 's'}",
             f"{c['provisions with options']} provision{'' if c['provisions with options'] == 1 else 's'} with "
             f"options ({c['options']} options)"]
    parts += [f"{c[s.value]} {s.value}" for s in NegotiationStatus if c[s.value]]
    return " · ".join(parts)


def describe(rt: RollingText) -> list[str]:
    """The header lines: the text, its revision, the basis, and what to know before relying on it."""
    doc = rt.document
    out = [f"rolling text: {document_line(doc)}"]
    if rt.version or rt.revises:
        out.append(f"revision: {rt.version or 'revision'}" + (f" of {rt.revises}" if rt.revises else ""))
    if rt.basis:
        out.append(f"basis of negotiation: {rt.basis}")
    out.extend(f"warning: {w}" for w in warnings(doc))
    out.append(counts_line(rt))
    return out


# -- text --------------------------------------------------------------------------------------------

def _clause_text(clause: Clause, depth: int, width: int) -> list[str]:
    pad = "  " * depth
    out: list[str] = []
    own = wording_text(clause.wording)
    lines = own.split("\n") if own else []
    if clause.heading or clause.tag in ("article", "chapter", "part", "section"):
        out.extend(pad + x for x in (clause.num, clause.heading) if x)
        out.extend(pad + x for x in lines)
    elif clause.num and lines:
        out.append(f"{pad}{clause.num} {lines[0]}")
        out.extend(pad + x for x in lines[1:])
    else:
        out.extend([pad + clause.num] if clause.num else [])
        out.extend(pad + x for x in lines)
    for option in clause.options:
        words = wording_text(option.wording) + (superscript(option.note) if option.note else "")
        out.append(f"{pad}  {option_label(option.number)}: {words}")
    if clause.status is not NegotiationStatus.PENDING:
        out.append(f"{pad}  {status_line(clause.status.value, clause.status_date)}")
    for number, words in notes_of(clause):
        wrapped = textwrap.wrap(f"{superscript(number)} {words}", width=max(width - len(pad) - 4, 30))
        out.extend(f"{pad}    {w}" for w in wrapped)
    for child in clause.children:
        out.extend(_clause_text(child, depth + 1, width))
    if clause.wrap_up:
        out.extend(pad + x for x in wording_text(clause.wrap_up).split("\n"))
    return out


def text(rt: RollingText, *, width: int | None = None) -> str:
    """The rolling text for the terminal: UN typography, footnotes under their provision, status labels."""
    if width is None:
        width = min(shutil.get_terminal_size((100, 24)).columns, 100)
    out = describe(rt)
    out.append("Provisions without a status line are pending. Words in [square brackets] are not agreed; "
               "the small number after them is their footnote, naming the delegations.")
    out.append("")
    for clause in rt.clauses:
        out.extend(_clause_text(clause, 0, width))
    return "\n".join(out) + "\n"


# -- Markdown ----------------------------------------------------------------------------------------

def _md_wording(wording: Wording) -> str:
    out = []
    for part in wording:
        if isinstance(part, Bracket):
            out.append(escape(bracketed(part.words)) + (f"<sup>{part.note}</sup>" if part.note else ""))
        else:
            out.append(escape(part))
    return "".join(out).replace("\n", "  \n")


def _md_clause(clause: Clause, notes: list[tuple[int, str]]) -> list[str]:
    out = []
    status = ""
    if clause.status is not NegotiationStatus.PENDING:
        status = f" **[{escape(status_line(clause.status.value, clause.status_date))}]**"
    own = _md_wording(clause.wording)
    if clause.heading or clause.tag == "article":
        out.append(f"### {escape(clause.num)}" + (f" — {escape(clause.heading)}" if clause.heading else "") + status)
        if own:
            out.extend(["", own])
    else:
        out.append(f"{escape(clause.num)} {own}".strip() + status)
    for option in clause.options:
        out.append(f"> **{option_label(option.number)}:** {_md_wording(option.wording)}"
                   + (f"<sup>{option.note}</sup>" if option.note else ""))
    notes.extend(notes_of(clause))
    out.append("")
    for child in clause.children:
        out.extend(_md_clause(child, notes))
    if clause.wrap_up:
        out.extend([_md_wording(clause.wrap_up), ""])
    return out


def markdown(rt: RollingText) -> str:
    """The rolling text as Markdown: brackets as text, options as quoted alternatives, footnotes at the end."""
    doc = rt.document
    out = [f"# {escape(doc.title)}", ""]
    out.extend(f"- {escape(line)}" for line in describe(rt)[1:])
    out.extend(["", "Words in [square brackets] are not agreed; the small number after them is their footnote, naming "
                "the delegations. Provisions without a status are pending.", ""])
    notes: list[tuple[int, str]] = []
    for clause in rt.clauses:
        out.extend(_md_clause(clause, notes))
    if notes:
        out.extend(["## Footnotes", ""])
        out.extend(f"{n}. {escape(words)}" for n, words in notes)
    return "\n".join(out).rstrip("\n") + "\n"


# -- JSON --------------------------------------------------------------------------------------------

def _people(positions: tuple[Position, ...]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for p in positions:
        out.setdefault(p.stance.value, []).append(p.party.name)
    return out


def _parts(wording: Wording) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for part in wording:
        if isinstance(part, Bracket):
            out.append({"bracket": part.words, "kind": part.kind.value, "note": part.note or None,
                        "positions": _people(part.positions), "proposals": list(part.proposals)})
        else:
            out.append({"text": part})
    return out


def clause_dict(clause: Clause) -> dict[str, Any]:
    """One provision of a rolling text as plain data."""
    return {
        "eid": clause.eid, "label": clause.label, "num": clause.num, "heading": clause.heading,
        "status": clause.status.value, "status_date": clause.status_date or None,
        "wording": _parts(clause.wording), "wrap_up": _parts(clause.wrap_up),
        "options": [{"number": o.number, "wording": _parts(o.wording), "note": o.note or None,
                     "positions": _people(o.positions), "proposals": list(o.proposals)} for o in clause.options],
        "children": [clause_dict(c) for c in clause.children],
    }


def to_dict(rt: RollingText) -> dict[str, Any]:
    """The whole rolling text as data (``cahtool.rolling/1``)."""
    return {"schema": SCHEMA, "document": {**document_ref(rt.document), "verification": rt.document.verification},
            "basis": rt.basis or None, "revises": rt.revises or None, "version": rt.version or None,
            "counts": counts(rt), "provisions": [clause_dict(c) for c in rt.clauses]}


def render(rt: RollingText, fmt: str, *, width: int | None = None) -> str:
    """Render in one of: text, markdown, json."""
    if fmt == "json":
        return dumps(to_dict(rt))
    if fmt == "markdown":
        return markdown(rt)
    return text(rt, width=width)


# -- revisions ---------------------------------------------------------------------------------------

def revision_counts_line(diff: RevisionDiff) -> str:
    """``brackets removed 2 · bracketed words deleted 2 · option chosen 1 · …`` (every type, zeros too)."""
    return " · ".join(f"{t.value} {n}" for t, n in diff.counts().items())


def _event_line(event: Any) -> str:
    """``brackets removed: [words] (the proposed words are in the text)``; an option's event names the option."""
    if event.type in (ChangeType.OPTION_CHOSEN, ChangeType.OPTION_DROPPED, ChangeType.NEW_OPTION):
        return f"{event.type.value}: {event.detail}"
    if event.type is ChangeType.STATUS:
        return f"{event.type.value}: {event.detail}"
    return f"{event.type.value}: {bracketed(event.words)}" + (f" ({event.detail})" if event.detail else "")


def places(diff: RevisionDiff) -> list[tuple[str, str, list[Any], list[Any]]]:
    """(eId, label, events, word changes) in reading order: the new text's provisions, then what is left."""
    order: list[str] = []
    labels: dict[str, str] = {}
    for clause in diff.new.walk():
        order.append(clause.eid)
        labels[clause.eid] = clause.label
    for event in diff.events:
        if event.eid not in labels:
            order.append(event.eid)
            labels[event.eid] = event.label
    changes: dict[str, list[Any]] = {}
    rest = []
    for change in diff.comparison.visible():
        side = change.new or change.old
        eid = side.eid if side is not None else ""
        if eid in labels:
            changes.setdefault(eid, []).append(change)
        else:
            rest.append(change)
    out = []
    for eid in order:
        events = list(diff.at(eid))
        if events or changes.get(eid):
            out.append((eid, labels[eid], events, changes.get(eid, [])))
    if rest:
        out.append(("", "elsewhere", [], rest))
    return out


def revision_text(diff: RevisionDiff, *, color: bool = False, width: int | None = None) -> str:
    """What a revision changed: the negotiation's events at each provision, with its word redline."""
    from cahtool.render.common import headline, stats_line

    if width is None:
        width = min(shutil.get_terminal_size((100, 24)).columns, 100)
    old, new = diff.old, diff.new
    out = [f"old: {document_line(old.document)}" + (f" · {old.version}" if old.version else ""),
           f"new: {document_line(new.document)}" + (f" · {new.version}" if new.version else "")]
    for doc in (old.document, new.document):
        out.extend(f"warning: {w}" for w in warnings(doc))
    out.append("negotiation: " + revision_counts_line(diff))
    out.append("words: " + stats_line(diff.comparison))
    for _, label, events, changes in places(diff):
        out.extend(["", label])
        out.extend(f"  {_event_line(e)}" for e in events)
        for change in changes:
            out.append(f"  {headline(change)}")
            out.extend(INDENT + line for line in redline_lines(change.ops, width - 6, color=color))
    if not diff.events and not diff.comparison.visible():
        out.extend(["", "No differences."])
    out.extend(["", "change types:"])
    out.extend(f"  {t.value}: {MEANINGS[t]}" for t in ChangeType)
    return "\n".join(out) + "\n"


def _event_dict(event: Any) -> dict[str, Any]:
    return {"type": event.type.value, "eid": event.eid, "label": event.label, "words": event.words or None,
            "detail": event.detail or None, "positions": _people(event.positions),
            "before": event.before or None, "after": event.after or None}


def revision_dict(diff: RevisionDiff) -> dict[str, Any]:
    """The revision as data (``cahtool.revision/1``): events, counts, and the comparison's changes."""
    def side(rt: RollingText) -> dict[str, Any]:
        return {**document_ref(rt.document), "version": rt.version or None, "revises": rt.revises or None}

    return {"schema": REVISION_SCHEMA, "old": side(diff.old), "new": side(diff.new),
            "counts": {t.value: n for t, n in diff.counts().items()},
            "events": [_event_dict(e) for e in diff.events],
            "changes": [change_dict(c) for c in diff.comparison.visible()],
            "stats": diff.comparison.stats}


def revision_markdown(diff: RevisionDiff) -> str:
    """What a revision changed, as Markdown."""
    from cahtool.render.common import headline

    out = [f"# {escape(diff.old.document.id)} → {escape(diff.new.document.id)}", "",
           f"- old: {escape(document_line(diff.old.document))}", f"- new: {escape(document_line(diff.new.document))}",
           f"- negotiation: {escape(revision_counts_line(diff))}", ""]
    for _, label, events, changes in places(diff):
        out.extend([f"## {escape(label)}", ""])
        out.extend(f"- **{escape(e.type.value)}**{escape(_event_line(e)[len(e.type.value):])}" for e in events)
        for change in changes:
            out.extend(["", f"*{escape(headline(change))}*", "", redline(change.ops) if change.ops else ""])
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


def revision_render(diff: RevisionDiff, fmt: str, *, color: bool = False) -> str:
    """Render a revision in one of: text, markdown, json."""
    if fmt == "json":
        return dumps(revision_dict(diff))
    if fmt == "markdown":
        return revision_markdown(diff)
    return revision_text(diff, color=color)


# -- positions ---------------------------------------------------------------------------------------

def _stances(stances: tuple[Stance, ...]) -> str:
    return ", ".join(s.value for s in stances)


def positions_text(p: Positions) -> str:
    """Who stands where, for the terminal: the matrix (delegations × proposals), then by provision."""
    numbers = {d.id: n for n, d in enumerate(p.proposals, 1)}
    out = [f"positions: {len(p.parties)} delegations and organisations · {len(p.proposals)} proposals · "
           f"rolling texts read: {', '.join(p.rolling) or 'none'}", "", "proposals:"]
    out.extend(f"  [{n}] {d.id}: {d.title}" for d, n in ((d, numbers[d.id]) for d in p.proposals))
    out.extend(["", "delegations × proposals (P proponent, S supporter, O opposed, T open to):"])
    width = max((len(x.name) for x in p.parties), default=10)
    width = min(width, 40)
    out.append(" " * (width + 2) + " ".join(f"{f'[{n}]':>4}" for n in numbers.values()))
    letter = {Stance.PROPONENT: "P", Stance.SUPPORTER: "S", Stance.OPPOSED: "O", Stance.OPEN: "T"}
    for party in p.parties:
        cells = ["".join(letter[s] for s in p.cell(party, d.id)) or "." for d in p.proposals]
        out.append(f"  {party.name[:width]:<{width}}" + " ".join(f"{c:>4}" for c in cells))
    rows = p.by_provision()
    if rows:
        out.extend(["", "by provision:"])
        for _, label, words, stands in rows:
            out.append(f"  {label}: {words[:80]}" + ("…" if len(words) > 80 else ""))
            for stance in STANCES:
                names = list(dict.fromkeys(s.party.name for s in stands if s.stance is stance))
                if names:
                    out.append(f"    {STANCE_WORDS[stance]}: {'; '.join(names)}")
    return "\n".join(out) + "\n"


def _party_dict(party: Party) -> dict[str, str]:
    return {"eid": party.eid, "name": party.name, "kind": party.kind}


def positions_dict(p: Positions) -> dict[str, Any]:
    """Who stands where as data (``cahtool.positions/1``)."""
    return {
        "schema": POSITIONS_SCHEMA, "rolling_texts": list(p.rolling),
        "parties": [_party_dict(x) for x in p.parties],
        "proposals": [document_ref(d) for d in p.proposals],
        "matrix": {x.eid: {d.id: [s.value for s in p.cell(x, d.id)] for d in p.proposals if p.cell(x, d.id)}
                   for x in p.parties},
        "positions": [{"party": s.party.eid, "stance": s.stance.value, "proposal": s.proposal or None,
                       "recorded_in": s.document, "eid": s.eid or None, "label": s.label or None,
                       "words": s.words or None} for s in p.stands],
    }


def positions_render(p: Positions, fmt: str) -> str:
    """Render who stands where in one of: text, json."""
    return dumps(positions_dict(p)) if fmt == "json" else positions_text(p)

