"""A synopsis as a Word table (``cahtool synopsis --format docx``): the format delegations exchange.

One column per text, one row per provision, on landscape A4 with the header row repeated on every page. Each
cell's words are tracked changes against the column before, by that text's authors (a proposal's proponents)
and dated with its date, so Review › Accept All shows every text as it is, and Reject All shows in each cell
the words of the column before. The title block names the texts and carries the warnings the HTML gives.
"""

from __future__ import annotations

from typing import Any

from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from cahtool.model import ChangeClass, Op
from cahtool.render import synopsis as render_synopsis
from cahtool.reports import Synopsis
from cahtool.word import ooxml as wordml
from cahtool.word.docx import (
    GREY,
    Revisions,
    _facts_table,
    _fonts,
    _footer,
    _paragraph_style,
    _spacing,
    _warnings,
    add_redline,
    new_document,
    revision_author,
    revision_date,
    save,
)

STYLE_CELL = "Synopsis Cell"
STYLE_CAPTION = "Synopsis Caption"
MARGIN = Mm(15)
SUBSTANTIVE = RGBColor(0x8B, 0x1A, 0x00)


def _shade(cell: Any, fill: str) -> None:
    """A cell's background (``w:shd``): grey for the header row and for texts without the provision."""
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


def _by(ops: tuple[Op, ...], doc_id: str) -> tuple[Op, ...]:
    """The ops of a column, attributed to its text (so the tracked changes carry its author and date)."""
    return tuple(Op(op.kind, op.text, doc_id) for op in ops)


def render(s: Synopsis) -> bytes:
    """The synopsis as a Word document: a title block, then one table, one column per text."""
    docs = s.documents
    ids = " → ".join(d.id for d in docs)
    d = new_document(f"Synopsis: {ids}", ids)
    section = d.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    section.left_margin = section.right_margin = section.top_margin = section.bottom_margin = MARGIN
    cell_style = _paragraph_style(d, STYLE_CELL)
    _fonts(cell_style, 9)
    _spacing(cell_style, 0, 3)
    caption_style = _paragraph_style(d, STYLE_CAPTION)
    _fonts(caption_style, 8, colour=GREY)
    _spacing(caption_style, 0, 2)
    _footer(d, f"Synopsis {ids}")

    d.add_paragraph("Synopsis", style=d.styles["Title"])
    d.add_paragraph(" → ".join(doc.title for doc in docs), style=d.styles[wordml.STYLE_SUBTITLE])
    _facts_table(d, [f"[{k}] {doc.id}" for k, doc in enumerate(docs, 1)], [
        ("Date", [doc.date or "undated" for doc in docs], [False] * len(docs)),
        ("By", [revision_author(doc) for doc in docs], [False] * len(docs)),
        ("Text", [doc.provenance or doc.verification or "not recorded" for doc in docs], [False] * len(docs)),
    ])
    _warnings(d, list(docs))
    how = d.add_paragraph(style=d.styles[wordml.STYLE_NOTE])
    how.add_run("How to read: ").bold = True
    how.add_run("one column per text, one row per provision. Each cell's words are tracked changes against the "
                "column before, by that text's authors and dated with its date: Review › Accept All shows every "
                "text as it is; Reject All shows in each cell the words of the column before. A grey cell: the text "
                "has no such provision.")

    revisions = Revisions("author not recorded", "", docs)
    table = d.add_table(rows=1 + len(s.rows), cols=len(docs))
    table.style = d.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    width = (Mm(297) - 2 * MARGIN) // len(docs)
    for column in table.columns:
        column.width = width
    header = table.rows[0]
    header._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))  # repeats on each page
    for k, (cell, doc) in enumerate(zip(header.cells, docs, strict=True), 1):
        cell.width = width
        _shade(cell, "E7E9ED")
        paragraph = cell.paragraphs[0]
        paragraph.style = cell_style
        paragraph.add_run(f"[{k}] {doc.id}").bold = True
        dated = revision_date(doc.date)[:10] if revision_date(doc.date) else "undated"
        paragraph.add_run(f"\n{doc.date or dated}").font.size = Pt(8)
    for row, table_row in zip(s.rows, table.rows[1:], strict=True):
        for cell, doc, box in zip(row.cells, docs, table_row.cells, strict=True):
            box.width = width
            first = box.paragraphs[0]
            if cell.provision is None:
                _shade(box, "F2F3F5")
                first.style = caption_style
                first.add_run(render_synopsis.caption(cell) or "—")
                continue
            first.style = caption_style
            run = first.add_run(render_synopsis.caption(cell))
            run.bold = True
            if cell.change_class is ChangeClass.SUBSTANTIVE:
                run.font.color.rgb = SUBSTANTIVE
            for ops in (cell.heading_ops, cell.text_ops):
                if ops:
                    add_redline(box.add_paragraph(style=cell_style), _by(ops, doc.id), revisions)
    return save(d)
