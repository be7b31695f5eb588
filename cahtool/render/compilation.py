"""A compilation as text, JSON (``cahtool.compilation/2``) or Markdown: the base, proposals at each provision.

Every piece of draft text goes through the diff renderers' helpers (redlines, escaping, headlines), so a
compilation reads like a diff, proposal by proposal, at the provision where each one would land.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from typing import Any

from cahtool.layout import provision_lines
from cahtool.model import ChangeClass, Document, Provision, Status
from cahtool.render.common import document_line, dumps, headline, needs_warning, parties
from cahtool.render.json import change_dict, document_ref
from cahtool.render.markdown import escape, redline
from cahtool.render.text import INDENT, redline_lines
from cahtool.render.text import marks_legend as legend_line
from cahtool.reports import COMPILATION_SCHEMA as SCHEMA
from cahtool.reports import Compilation, ConflictGroup, Entry, Slot

#: One letter per cell of the summary table.
CODES = {Status.INSERTED: "I", Status.DELETED: "D", Status.MOVED: "V", Status.RENUMBERED: "R"}
LEGEND = ("S substantive change · E editorial change · I inserted · D deleted · V moved · R renumbered · "
          "! conflicts with another proposal here")


def code(entry: Entry | None) -> str:
    """The summary-table letter of an entry: S, E, I, D, V, R, with ! for a conflict; '.' for none."""
    if entry is None:
        return "."
    if entry.status is Status.MODIFIED:
        letter = "S" if entry.change_class is ChangeClass.SUBSTANTIVE else "E"
    else:
        letter = CODES.get(entry.status, "?")
    return letter + ("!" if entry.conflict_count else "")


def people(doc: Document) -> str:
    """``by A; B · supported by C`` (empty when nobody is named)."""
    out = []
    if doc.proponents:
        out.append("by " + parties(doc.proponents))
    if doc.supporters:
        out.append("supported by " + parties(doc.supporters))
    return " · ".join(out)


def _provision_line(p: Provision) -> list[str]:
    """The base provision's own lines, as `cahtool show` prints them (children excluded)."""
    childless = Provision(p.eid, p.tag, p.num, p.heading, p.intro if p.children else p.text, p.label,
                          marks=p.marks, omitted=p.omitted)
    return provision_lines(childless)


def _renumbered_only(entry: Entry) -> bool:
    return all(ch.status is Status.RENUMBERED for ch in entry.changes)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def where(c: Compilation, eid: str) -> str:
    """A base eId as lawyers cite it (``art. 2(1)(k)``)."""
    found = c.base.find(eid)
    return found.label if found is not None else eid


def _numbers(c: Compilation) -> dict[str, int]:
    return {p.id: n for n, p in enumerate(c.proposals, 1)}


# -- text ------------------------------------------------------------------------------------------

def _entry_text(entry: Entry, n: int, width: int, color: bool) -> list[str]:
    pad = INDENT
    who = people(entry.proposal)
    facts = [f"[{n}] {entry.proposal.id}", *([who] if who else []), entry.proposal.provenance or "no provenance"]
    if _renumbered_only(entry):
        # Who proposed it is in the list of proposals: a renumbering is one short line.
        out = [pad + f"{facts[0]} · {entry.summary}"]
    else:
        out = [pad + " · ".join(facts)]
        for words in entry.instructions:
            out.append(pad + "  " + words)
        for change in entry.changes:
            out.append(pad + "  " + headline(change))
            out.extend(pad + "    " + line for line in redline_lines(change.ops, width - 12, color=color))
    if entry.conflict_count:
        out.append(pad + "  conflicts here with " + (", ".join(entry.others) if entry.conflicts_named
                                                     else f"{entry.conflict_count} other proposals (see conflicts)"))
    return out


def _and(items: list[str]) -> str:
    """``a and b``; ``a, b and c``."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def listed(conflict: ConflictGroup, name: Callable[[str], str]) -> str:
    """The proposals of a conflict, each named by ``name``: ``a, b and c`` (every two in conflict), or ``each of
    a and b with each of c, d and e``."""
    one = [name(x) for x in conflict.proposals]
    if not conflict.against:
        return _and(one)
    other = [name(x) for x in conflict.against_proposals]
    return (f"{'each of ' if len(one) > 1 else ''}{_and(one)} with "
            f"{'each of ' if len(other) > 1 else ''}{_and(other)}")


def text(c: Compilation, *, color: bool = False, width: int | None = None) -> str:
    """The compilation as plain text: proposals, conflicts, the base with proposals, the summary table."""
    if width is None:
        width = min(shutil.get_terminal_size((100, 24)).columns, 100)
    numbers = _numbers(c)
    out = [f"compilation: {document_line(c.base)}"]
    if needs_warning(c.base):
        out.append(f"warning: {c.base.id}: {c.base.verification}; check it against {c.base.symbol} "
                   "before relying on it")
    out.append(" · ".join([_plural(len(c.proposals), "proposal"), _plural(len(c.touched()), "place") + " touched",
                           _plural(len(c.conflicts), "conflict")]))
    out.extend(["", "proposals:"])
    for p in c.proposals:
        out.append(f"  [{numbers[p.id]}] {p.id} ({p.date}, {p.provenance or 'no provenance'})")
        out.append(f"      {p.title}")
        if people(p):
            out.append(f"      {people(p)}")
    if c.conflicts:
        out.extend(["", "conflicts:"])
        for conflict in c.conflicts:
            named = listed(conflict, lambda x: f"[{numbers[x]}] {x}")
            out.append(f"  {where(c, conflict.eid)}: {named}: {conflict.wording}")
    out.append("")
    for slot in c.slots:
        if slot.provision is not None:
            out.extend(_provision_line(slot.provision))
        for entry in slot.entries:
            out.extend(_entry_text(entry, numbers[entry.proposal.id], width, color))
    out.extend(["", "summary (place × proposal):"])
    label_width = max((len(slot.label) for slot in c.touched()), default=10)
    out.append(" " * (label_width + 2) + " ".join(f"{f'[{n}]':>4}" for n in range(1, len(c.proposals) + 1)))
    for slot, cells in c.table():
        out.append(f"  {slot.label:<{label_width}}" + " ".join(f"{code(e):>4}" for e in cells))
    out.append(LEGEND)
    return "\n".join(out) + "\n"


# -- JSON ------------------------------------------------------------------------------------------

def proposal_dict(doc: Document) -> dict[str, Any]:
    """A proposal's identity and attribution."""
    return {
        **document_ref(doc), "base": doc.base, "provenance": doc.provenance, "source": doc.source,
        "proponents": [p.name for p in doc.proponents], "supporters": [p.name for p in doc.supporters],
        "status": doc.status, "status_date": doc.status_date,
    }


def slot_dict(slot: Slot) -> dict[str, Any]:
    """One place of the base with the proposals there."""
    p = slot.provision
    return {
        "eid": slot.eid or None, "label": slot.label, "after": slot.after if slot.is_gap else None,
        "depth": slot.depth, "num": p.num if p else None, "heading": p.heading if p else None,
        "text": p.text if p else None,
        "proposals": [{
            "id": e.proposal.id, "status": e.status.value, "class": e.change_class.value,
            "instructions": list(e.instructions), "conflicts": list(e.conflict_groups),
            "conflict_count": e.conflict_count,
            "changes": [change_dict(ch) for ch in e.changes],
        } for e in slot.entries],
    }


def to_dict(c: Compilation) -> dict[str, Any]:
    """The whole compilation as plain data (also what the site writes under data/)."""
    return {
        "schema": SCHEMA,
        "base": {**document_ref(c.base), "verification": c.base.verification},
        "proposals": [proposal_dict(p) for p in c.proposals],
        "places": [slot_dict(s) for s in c.slots],
        "table": [{"eid": slot.eid or None, "label": slot.label,
                   "cells": {p.id: (e.summary if e else None) for p, e in zip(c.proposals, cells, strict=True)}}
                  for slot, cells in c.table()],
        "conflicts": [{"number": n, "eid": k.eid, "label": where(c, k.eid), "proposals": list(k.proposals),
                       "reason": k.reason, "instructions": [i.text for i in k.instructions],
                       "against": {"proposals": list(k.against_proposals), "instructions": [i.text for i in k.against]}
                       if k.against else None} for n, k in enumerate(c.conflicts, 1)],
    }


def to_json(c: Compilation) -> str:
    """Indented JSON, sorted keys, UTF-8 as is."""
    return dumps(to_dict(c))


# -- Markdown --------------------------------------------------------------------------------------

def _quote(text: str) -> str:
    return "\n".join("> " + line if line else ">" for line in text.split("\n"))


def _entry_markdown(entry: Entry, n: int) -> list[str]:
    who = people(entry.proposal)
    head = f"**[{n}] {escape(entry.proposal.id)}**" + (f" · {escape(who)}" if who else "")
    head += f" · *{escape(entry.proposal.provenance or 'no provenance')}*"
    lines = [head]
    if _renumbered_only(entry):
        lines.append(escape(entry.summary))
    else:
        lines.extend(escape(words) for words in entry.instructions)
        for change in entry.changes:
            lines.append(f"*{escape(headline(change))}*")
            if change.ops:
                lines.append(redline(change.ops))
    if entry.conflict_count:
        named = ", ".join(escape(x) for x in entry.others)
        lines.append("**Conflicts here with** " + (named if entry.conflicts_named
                                                   else f"{entry.conflict_count} other proposals (see Conflicts)"))
    return ["", _quote("  \n".join(lines))]


def markdown(c: Compilation) -> str:
    """The compilation as GitHub-flavoured Markdown: proposals, conflicts, summary table, the text."""
    numbers = _numbers(c)
    out = [f"# Proposals on {escape(c.base.title)}", "", f"Base: {escape(document_line(c.base))}"]
    if needs_warning(c.base):
        out.extend(["", f"> **Warning:** {escape(c.base.id)}: {escape(c.base.verification)}. Check it against "
                        f"{escape(c.base.symbol)} before relying on it."])
    out.extend(["", "## Proposals", "", "| # | proposal | date | proposed by | supported by | provenance |",
                "|---|---|---|---|---|---|"])
    for p in c.proposals:
        out.append(f"| {numbers[p.id]} | **{escape(p.id)}**<br>{escape(p.title)} | {escape(p.date)} | "
                   f"{escape(parties(p.proponents)) or '—'} | "
                   f"{escape(parties(p.supporters)) or '—'} | {escape(p.provenance or '—')} |")
    if c.conflicts:
        out.extend(["", "## Conflicts", ""])
        for k in c.conflicts:
            named = listed(k, lambda x: f"[{numbers[x]}] {escape(x)}")
            out.append(f"- **{escape(where(c, k.eid))}**: {named}: {escape(k.wording)}")
    out.extend(["", "## Summary", "", "| place | " + " | ".join(f"[{n}]" for n in numbers.values()) + " |",
                "|---|" + "---|" * len(numbers)])
    for slot, cells in c.table():
        out.append(f"| {escape(slot.label)} | " + " | ".join(code(e) if e else "" for e in cells) + " |")
    out.extend(["", escape(LEGEND), "", "## Text with proposals"])
    for slot in c.slots:
        if slot.provision is not None:
            out.extend(["", "  \n".join(escape(line) for line in _provision_line(slot.provision))])
        for entry in slot.entries:
            out.extend(_entry_markdown(entry, numbers[entry.proposal.id]))
    return "\n".join(out) + "\n"


def render(c: Compilation, fmt: str, *, color: bool = False, legend: bool = True) -> str:
    """Render in one of: text, json, markdown (text ends with the redline's legend unless ``legend`` is False)."""
    if fmt == "json":
        return to_json(c)
    if fmt == "markdown":
        return markdown(c)
    return text(c, color=color) + (f"\n{legend_line(color)}\n" if legend else "")
