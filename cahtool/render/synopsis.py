"""A synopsis (texts side by side) as text for a wide terminal, Markdown, one HTML file or JSON.

The JSON is versioned (``cahtool.synopsis/1``).

Every format says the same things: the texts (one column each, numbered ``[1]``…), their warnings, then one
row per provision, each cell with the provision's citation in that text, what happened since the column before
(``art. 2(1)(e) · renumbered from (d)``) and its words redlined against that column. The Word table is in
``word``; the site's pages share the HTML file's template macro.
"""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path
from typing import Any

from cahtool.model import ChangeClass, Document, Op
from cahtool.render.common import document_line, dumps, warnings
from cahtool.render.json import document_ref
from cahtool.render.markdown import escape, redline
from cahtool.render.text import redline_lines
from cahtool.reports import SYNOPSIS_SCHEMA, Cell, Row, Synopsis

#: The text format: columns are never narrower than this, whatever the terminal says.
MIN_COLUMN = 28
SEPARATOR = " │ "
FORMATS = ("text", "markdown", "html", "json", "docx")


def caption(cell: Cell) -> str:
    """What a cell says above its words: its citation and what happened since the column before."""
    p, before = cell.provision, cell.previous
    if p is None:
        return "deleted" if cell.status == "deleted" else ""
    words = [p.label]
    status = cell.status
    if status == "inserted":
        words.append("inserted")
    elif status in ("modified", "renumbered", "moved"):
        if cell.change_class is not ChangeClass.NONE:
            words.append(cell.change_class.value)
        if cell.changes and cell.changes[0].moved:
            words.append("moved")
    elif status == "unchanged":
        words.append("same words")
    if cell.renumbered and before is not None:
        words.append(f"renumbered from {before.num}")
    return " · ".join(words)


def documents_lines(s: Synopsis) -> list[str]:
    """One line per column: ``[2] ilc-2017 · Title (ilc-2017, 2017, …)``."""
    return [f"[{n}] {document_line(doc)}" for n, doc in enumerate(s.documents, 1)]


def all_warnings(s: Synopsis) -> list[str]:
    """The warnings of every text, once each."""
    return list(dict.fromkeys(line for doc in s.documents for line in warnings(doc)))


# -- text --------------------------------------------------------------------------------------------

def _cell_lines(cell: Cell, width: int) -> list[str]:
    lines = textwrap.wrap(caption(cell), width, break_on_hyphens=False) if caption(cell) else []
    for ops in (cell.heading_ops, cell.text_ops):
        if ops:
            lines.extend(redline_lines(ops, width))
    return lines


def text(s: Synopsis, *, width: int | None = None) -> str:
    """The synopsis for a wide terminal: columns side by side, rows between rules."""
    n = len(s.documents)
    if width is None:
        width = shutil.get_terminal_size((160, 24)).columns
    column = max(MIN_COLUMN, (width - len(SEPARATOR) * (n - 1)) // n)
    out = [f"synopsis of {n} texts, each column redlined against the one before ([-deleted-] {{+inserted+}}):",
           *documents_lines(s)]
    out.extend(f"warning: {line}" for line in all_warnings(s))
    rule = "─┼─".join("─" * column for _ in range(n))
    out.extend(["", SEPARATOR.join(f"[{k}] {doc.id}"[:column].ljust(column) for k, doc in enumerate(s.documents, 1))
                .rstrip(), rule])
    for row in s.rows:
        cells = [_cell_lines(cell, column) for cell in row.cells]
        for k in range(max(len(c) for c in cells)):
            line = SEPARATOR.join((c[k] if k < len(c) else "").ljust(column) for c in cells)
            out.append(line.rstrip())
        out.append(rule)
    return "\n".join(out) + "\n"


# -- Markdown ----------------------------------------------------------------------------------------

def _md_cell(cell: Cell) -> str:
    parts = [f"**{escape(caption(cell))}**"] if caption(cell) else []
    parts.extend(redline(ops) for ops in (cell.heading_ops, cell.text_ops) if ops)
    return "<br>".join(p.replace("\n", "") for p in parts) or " "


def markdown(s: Synopsis) -> str:
    """The synopsis as a GitHub-flavoured Markdown table, one column per text."""
    out = ["# Synopsis: " + escape(" → ".join(d.id for d in s.documents)), ""]
    out.extend(f"{k}. {escape(d.title)} ({escape(d.id)}, {escape(d.date or 'undated')})" for k, d in
               enumerate(s.documents, 1))
    out.append("")
    for line in all_warnings(s):
        out.extend([f"> **Warning:** {escape(line)}", ""])
    out.extend(["Each column is redlined against the one before: <del>deleted</del>, <ins>inserted</ins>.", ""])
    out.append("| " + " | ".join(f"[{k}] {escape(d.id)}" for k, d in enumerate(s.documents, 1)) + " |")
    out.append("|" + "---|" * len(s.documents))
    for row in s.rows:
        out.append("| " + " | ".join(_md_cell(c) for c in row.cells) + " |")
    return "\n".join(out) + "\n"


# -- HTML --------------------------------------------------------------------------------------------

def html(s: Synopsis, templates: str | Path | None = None) -> str:
    """The synopsis as one self-contained HTML file (inline CSS, no script); columns become cards on a phone."""
    from cahtool.render.html import synopsis_file

    return synopsis_file(s, {"warnings": all_warnings(s), "caption": caption}, templates)


# -- JSON --------------------------------------------------------------------------------------------

def _ops(ops: tuple[Op, ...]) -> list[list[str]]:
    return [[op.kind.value, op.text] for op in ops]


def _cell_dict(cell: Cell) -> dict[str, Any]:
    p = cell.provision
    out: dict[str, Any] = {"status": cell.status}
    if p is not None:
        out.update({"eid": p.eid, "label": p.label, "num": p.num, "class": cell.change_class.value,
                    "heading_ops": _ops(cell.heading_ops), "ops": _ops(cell.text_ops)})
    return out


def _row_dict(row: Row) -> dict[str, Any]:
    return {"depth": row.depth, "cells": [_cell_dict(c) for c in row.cells]}


def _document_dict(doc: Document) -> dict[str, Any]:
    return {**document_ref(doc), "verification": doc.verification, "provenance": doc.provenance,
            "base": doc.base}


def to_json(s: Synopsis) -> str:
    """The synopsis as JSON: the texts (columns) and the rows, each cell with its redline against the one before."""
    return dumps({"schema": SYNOPSIS_SCHEMA, "documents": [_document_dict(d) for d in s.documents],
                  "rows": [_row_dict(r) for r in s.rows]})


def render(s: Synopsis, fmt: str, *, width: int | None = None) -> str:
    """The synopsis in a text format (text, markdown, html, json)."""
    if fmt == "markdown":
        return markdown(s)
    if fmt == "html":
        return html(s)
    if fmt == "json":
        return to_json(s)
    return text(s, width=width)
