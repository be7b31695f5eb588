"""A provision's history as text, JSON (``cahtool.history/1``) or Markdown: each version, redlined against the last."""

from __future__ import annotations

import shutil
from typing import Any

from cahtool.model import ChangeClass, Op, OpKind, Status
from cahtool.render.common import dumps, headline, needs_warning
from cahtool.render.compilation import people
from cahtool.render.json import change_dict, document_ref
from cahtool.render.markdown import escape, redline
from cahtool.render.text import INDENT, redline_lines
from cahtool.render.text import marks_legend as legend_line
from cahtool.reports import HISTORY_SCHEMA as SCHEMA
from cahtool.reports import History, Step, Thread

#: How a version was found, for readers.
MATCHES = {
    "start": "",
    "aligned": "",
    "structure": "found through the structure (the lists stand at different levels)",
    "wording": "found by its wording (no provision in a corresponding place)",
    "absent": "no corresponding provision",
}


def _where(step: Step) -> str:
    doc = step.document
    facts = [doc.date or "undated", doc.id]
    if step.provision is not None:
        facts.append(step.provision.label)
    return "  ".join(facts[:1]) + "  " + " · ".join(facts[1:])


def step_line(step: Step, proposal: bool = False) -> str:
    """``2017  ilc-2017 · art. 3(1)(h) · modified · substantive`` with how it was found and caveats."""
    parts = [_where(step)]
    if proposal:
        base = step.document.base or step.previous
        parts.append(f"proposal on {base}" + (f", compared with {step.previous}" if step.previous != base else ""))
    if step.provision is None:
        parts.append(MATCHES["absent"])
    elif step.status is not None:
        change = step.changes[0]
        status = change.status.value
        if change.status is Status.RENUMBERED:
            status += f" {change.old.num} → {change.new.num}"  # type: ignore[union-attr]
        parts.append(status + (f" · {step.change_class.value}" if step.change_class is not ChangeClass.NONE else ""))
    if MATCHES.get(step.match) and step.provision is not None:
        parts.append(MATCHES[step.match])
    if step.provision is not None and step.provision.omitted:
        parts.append("text not reproduced in this corpus")
    doc = step.document
    if proposal:
        who = people(doc)
        parts.extend(x for x in (who, doc.provenance) if x)
    elif needs_warning(doc):
        parts.append(doc.verification)
    return " · ".join(parts)


def _body(step: Step, first: bool) -> list[tuple[str, Any]]:
    """What to print under a step: the text (first version), else the redline (nothing if unchanged)."""
    if step.provision is None:
        return []
    if first or not step.changes:
        return [("text", step.provision.text)]
    if step.status is Status.UNCHANGED or step.status is Status.RENUMBERED:
        return []
    return [("ops", change) for change in step.changes]


def _thread_title(h: History, t: Thread) -> str:
    return f"{t.label} ({t.origin})"


# -- text ------------------------------------------------------------------------------------------

def text(h: History, *, color: bool = False, width: int | None = None) -> str:
    """The history as plain text, one block per version."""
    if width is None:
        width = min(shutil.get_terminal_size((100, 24)).columns, 100)
    what = "provision" if h.kind == "eid" else f"provisions mentioning “{h.query}”"
    out = [f"history of {h.query if h.kind == 'eid' else what}: {len(h.threads)} "
           f"{'thread' if len(h.threads) == 1 else 'threads'}, in date order"]
    for t in h.threads:
        out.extend(["", f"== {_thread_title(h, t)}"])
        first = True
        for step in t.steps:
            out.append(step_line(step))
            out.extend(_lines(_body(step, first), width, color))
            first = first and step.provision is None
        if t.proposals:
            out.append("proposals that would change it:" if t.steps else "new in a proposal:")
            for step in t.proposals:
                out.append(step_line(step, proposal=True))
                out.extend(_lines(_body(step, False), width, color))
        if t.restorations:
            out.append("proposals that would bring it back (redlined against the last text that had it):")
            for step in t.restorations:
                out.append(step_line(step, proposal=True))
                out.extend(_lines(_body(step, False), width, color))
    return "\n".join(out) + "\n"


def _lines(body: list[tuple[str, Any]], width: int, color: bool) -> list[str]:
    out: list[str] = []
    for kind, value in body:
        if kind == "text":
            out.extend(INDENT + line for line in redline_lines((Op(OpKind.EQUAL, value),), width - 4))
        else:
            if value.part.value == "heading":
                out.append(INDENT + "heading:")
            elide = value.change_class is ChangeClass.EDITORIAL
            out.extend(INDENT + line for line in redline_lines(value.ops, width - 4, color=color, elide=elide))
    return out


# -- JSON ------------------------------------------------------------------------------------------

def step_dict(step: Step) -> dict[str, Any]:
    """One version: the document, the provision, how it was found, and the changes since the last."""
    p = step.provision
    return {
        "document": {**document_ref(step.document), "verification": step.document.verification,
                     "base": step.document.base or None, "provenance": step.document.provenance or None,
                     "proponents": [x.name for x in step.document.proponents]},
        "eid": p.eid if p else None, "label": p.label if p else None, "num": p.num if p else None,
        "text": p.text if p else None, "omitted": p.omitted if p else False,
        "match": step.match, "previous": step.previous or None,
        "status": step.status.value if step.status else None, "class": step.change_class.value,
        "changes": [change_dict(c) for c in step.changes],
    }


def to_dict(h: History) -> dict[str, Any]:
    """The whole history as plain data."""
    return {
        "schema": SCHEMA, "query": h.query, "kind": h.kind,
        "threads": [{"eid": t.eid, "label": t.label, "origin": t.origin,
                     "steps": [step_dict(s) for s in t.steps],
                     "proposals": [step_dict(s) for s in t.proposals],
                     "restorations": [step_dict(s) for s in t.restorations]} for t in h.threads],
    }


def to_json(h: History) -> str:
    """Indented JSON, sorted keys, UTF-8 as is."""
    return dumps(to_dict(h))


# -- Markdown --------------------------------------------------------------------------------------

def markdown(h: History) -> str:
    """The history as GitHub-flavoured Markdown."""
    title = f"`{escape(h.query)}`" if h.kind == "eid" else f"provisions mentioning “{escape(h.query)}”"
    out = [f"# History of {title}"]
    for t in h.threads:
        out.extend(["", f"## {escape(_thread_title(h, t))}"])
        first = True
        for step in t.steps:
            out.extend(["", f"**{escape(step_line(step))}**"])
            out.extend(_md_body(_body(step, first)))
            first = first and step.provision is None
        if t.proposals:
            out.extend(["", "### Proposals that would change it" if t.steps else "### New in a proposal"])
            for step in t.proposals:
                out.extend(["", f"**{escape(step_line(step, proposal=True))}**"])
                out.extend(_md_body(_body(step, False)))
    return "\n".join(out) + "\n"


def _md_body(body: list[tuple[str, Any]]) -> list[str]:
    out = []
    for kind, value in body:
        if kind == "text":
            out.extend(["", escape(value).replace("\n", "<br>\n")])
        else:
            out.extend(["", f"*{escape(headline(value))}*", "", redline(value.ops)])
    return out


def render(h: History, fmt: str, *, color: bool = False, legend: bool = True) -> str:
    """Render in one of: text, json, markdown (text ends with the redline's legend unless ``legend`` is False)."""
    if fmt == "json":
        return to_json(h)
    if fmt == "markdown":
        return markdown(h)
    return text(h, color=color) + (f"\n{legend_line(color)}\n" if legend else "")
