"""Word output: a redline whose edits are real tracked changes, and a clean text to edit with Track Changes on.

The redline (``cahtool diff --format docx``) writes each change's word diff as WordprocessingML revisions:
``w:ins`` around inserted runs and ``w:del`` around deleted ones (their text in ``w:delText``), each with a
``w:id``, a ``w:author`` and a ``w:date``: in a redline attributed by layer, those of the text that made the
edit (the ILC's changes by the International Law Commission, a proposal's by its proponents), each with its
own date; otherwise those of the new text, unless the comparison says its edits are not all the new text's
(then "not attributed"). Accepting all revisions in Word or LibreOffice gives each provision's new text exactly;
rejecting all gives the old text. The clean text (``cahtool show --format docx``) lays a document out as
``cahtool show`` prints it, one paragraph a line, in the styles that ``cahtool import`` recognises, and opens with
Track Changes on. Zip entries carry a fixed time and the package's dates honour ``$SOURCE_DATE_EPOCH``, so with it
set the same input gives the same bytes.
"""

from __future__ import annotations

import datetime
import io
import os
import re
import zipfile
from typing import Any

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor

from cahtool.layout import provision_rows
from cahtool.model import Change, ChangeClass, Comparison, Document, Op, OpKind
from cahtool.render import Options, common
from cahtool.word import ooxml as wordml
from cahtool.word.rebuild import KEYWORD_REDLINE

FONT = "Times New Roman"  # the UN's documents are set in it; Liberation Serif stands in for it where absent
WARNING_COLOUR = RGBColor(0x9C, 0x00, 0x06)
GREY = RGBColor(0x40, 0x40, 0x40)
#: A fixed time for every zip entry (the package's own dates say when it was written).
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_THUMBNAIL = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/thumbnail"
_APP_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    "<Application>cahtool</Application></Properties>"
)


# -- revisions ------------------------------------------------------------------------------------

#: The author of a tracked change cahtool cannot attribute to one text (never a guess at who made it).
UNATTRIBUTED = "not attributed"


def revision_author(doc: Document) -> str:
    """Who made the changes a document brings: a proposal's proponents, else its authors."""
    return common.makers(doc) or "author not recorded"


def revision_date(date: str) -> str:
    """An ISO 8601 date as the ``xsd:dateTime`` of ``w:date``, or '' when there is no valid date.

    A reduced-precision date stands for its first day: ``2017`` → ``2017-01-01T00:00:00Z``, ``2019-08`` →
    ``2019-08-01T00:00:00Z`` (ISO 8601's reading of a year or a month as a period that starts then). The title
    block states the date as the document gives it, so the invented day and month are never the only record.
    """
    found = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", date.strip())
    if not found:
        return ""
    year, month, day = (int(found.group(1)), int(found.group(2) or 1), int(found.group(3) or 1))
    try:
        return datetime.date(year, month, day).isoformat() + "T00:00:00Z"
    except ValueError:
        return ""


class Revisions:
    """Makes ``w:ins``/``w:del`` elements with unique ids, by one author and date or, per layer, by each text's."""

    def __init__(self, author: str, date: str, layers: tuple[Document, ...] = ()) -> None:
        self.author = author
        self.date = revision_date(date)
        self.count = 0
        self.layers = {d.id: (revision_author(d), revision_date(d.date)) for d in layers}

    def mark(self, tag: str, by: str = "") -> Any:
        """A new ``w:ins`` or ``w:del`` element, by the layer ``by`` if it is one."""
        self.count += 1
        author, date = self.layers.get(by, (self.author, self.date))
        el = OxmlElement(tag)
        el.set(qn("w:id"), str(self.count))
        el.set(qn("w:author"), author)
        if date:
            el.set(qn("w:date"), date)
        return el


def _run(text: str, *, deleted: bool = False) -> Any:
    """A ``w:r`` with the text; line breaks become ``w:br``, deleted text goes in ``w:delText``."""
    run = OxmlElement("w:r")
    for n, piece in enumerate(text.split("\n")):
        if n:
            run.append(OxmlElement("w:br"))
        if piece:
            t = OxmlElement("w:delText" if deleted else "w:t")
            t.set(qn("xml:space"), "preserve")
            t.text = piece
            run.append(t)
    return run


def add_redline(paragraph: Any, ops: tuple[Op, ...], revisions: Revisions) -> None:
    """Append the ops to a paragraph: equal runs plain, the others as tracked insertions and deletions."""
    for op in ops:
        if op.kind is OpKind.EQUAL:
            paragraph._p.append(_run(op.text))
        elif op.kind is OpKind.DELETE:
            mark = revisions.mark("w:del", op.by)
            mark.append(_run(op.text, deleted=True))
            paragraph._p.append(mark)
        else:
            mark = revisions.mark("w:ins", op.by)
            mark.append(_run(op.text))
            paragraph._p.append(mark)


# -- the document and its styles ------------------------------------------------------------------

def _fonts(style: Any, size: float | None = None, *, bold: bool | None = None, italic: bool | None = None,
           colour: RGBColor | None = None) -> None:
    """Explicit fonts (theme fonts removed: they win over explicit ones) and character formatting."""
    rpr = style.element.get_or_add_rPr()
    for old in rpr.findall(qn("w:rFonts")):
        rpr.remove(old)
    fonts = OxmlElement("w:rFonts")
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)
    rpr.insert(0, fonts)
    font = style.font
    if size is not None:
        font.size = Pt(size)
        for old in rpr.findall(qn("w:szCs")):
            rpr.remove(old)
        complex_size = OxmlElement("w:szCs")  # the size of complex scripts (Arabic...), after w:sz
        complex_size.set(qn("w:val"), str(int(size * 2)))
        rpr.find(qn("w:sz")).addnext(complex_size)
    if bold is not None:
        font.bold = bold
    if italic is not None:
        font.italic = italic
    font.color.rgb = colour or RGBColor(0, 0, 0)


def _spacing(style: Any, before: float, after: float, *, keep_next: bool = False) -> None:
    fmt = style.paragraph_format
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    fmt.line_spacing = 1.0
    fmt.keep_with_next = keep_next


def _no_border(style: Any) -> None:
    ppr = style.element.get_or_add_pPr()
    for border in ppr.findall(qn("w:pBdr")):
        ppr.remove(border)


def _paragraph_style(d: Any, name: str, base: str = "Normal") -> Any:
    try:
        return d.styles[name]
    except KeyError:
        style = d.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = d.styles[base]
        style.quick_style = True
        return style


def new_document(title: str, subject: str) -> Any:
    """A blank A4 document with cahtool's styles and the package properties filled in."""
    d = docx.Document()
    section = d.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Cm(2.5)
    section.top_margin = section.bottom_margin = Cm(2.5)

    normal = d.styles["Normal"]
    _fonts(normal, 12)
    _spacing(normal, 0, 6)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "en-GB")
    normal.element.get_or_add_rPr().append(lang)
    title_style = d.styles["Title"]
    _fonts(title_style, 18, bold=True)
    _spacing(title_style, 0, 6)
    _no_border(title_style)
    subtitle = _paragraph_style(d, wordml.STYLE_SUBTITLE)
    _fonts(subtitle, 12, colour=GREY)
    _spacing(subtitle, 0, 12)
    for level, size, before in ((1, 14, 18), (2, 12, 14)):
        heading = d.styles[f"Heading {level}"]
        _fonts(heading, size, bold=True, italic=False)
        _spacing(heading, before, 4, keep_next=True)
    note = _paragraph_style(d, wordml.STYLE_NOTE)
    _fonts(note, 10, colour=GREY)
    _spacing(note, 0, 6)
    detail = _paragraph_style(d, wordml.STYLE_DETAIL)
    _fonts(detail, 10, italic=True, colour=GREY)
    _spacing(detail, 0, 4, keep_next=True)
    warning = _paragraph_style(d, wordml.STYLE_WARNING)
    _fonts(warning, 11, colour=WARNING_COLOUR)
    _spacing(warning, 6, 6)
    redline = _paragraph_style(d, wordml.STYLE_REDLINE)
    _spacing(redline, 0, 6)
    facts = _paragraph_style(d, wordml.STYLE_FACTS)
    _fonts(facts, 10)
    _spacing(facts, 0, 0)

    number = _paragraph_style(d, wordml.STYLE_NUMBER)
    _fonts(number, 12, bold=True)
    _spacing(number, 12, 0, keep_next=True)
    number.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    outline = OxmlElement("w:outlineLvl")  # in the navigation pane, like a heading
    outline.set(qn("w:val"), "0")
    number.element.get_or_add_pPr().append(outline)
    heading = _paragraph_style(d, wordml.STYLE_HEADING, wordml.STYLE_NUMBER)
    _spacing(heading, 0, 12, keep_next=True)
    text = _paragraph_style(d, wordml.STYLE_TEXT)
    _spacing(text, 0, 8)  # ragged right: justified lines of long treaty words open wide gaps

    for rel_id, rel in list(d.part.package.rels.items()):
        if rel.reltype == _THUMBNAIL:  # the template's picture of somebody else's page
            d.part.package.rels.pop(rel_id)
    props = d.core_properties
    props.title = title if len(title) <= 255 else title[:254] + "…"  # the package property holds 255 characters
    props.subject = subject if len(subject) <= 255 else subject[:254] + "…"
    props.author = "cahtool"
    props.comments = "Written by cahtool from Akoma Ntoso texts."
    props.last_modified_by = "cahtool"
    props.revision = 1
    props.created = props.modified = _now()
    return d


def _now() -> datetime.datetime:
    """When the file is written: now, or $SOURCE_DATE_EPOCH for reproducible output."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():
        return datetime.datetime.fromtimestamp(int(epoch), datetime.UTC)
    return datetime.datetime.now(datetime.UTC).replace(microsecond=0)


def save(d: Any) -> bytes:
    """The package as bytes, rewritten with fixed entry times and a truthful app.xml (reproducible output)."""
    raw = io.BytesIO()
    d.save(raw)
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "docProps/app.xml":
                data = _APP_XML.encode("utf-8")
            entry = zipfile.ZipInfo(info.filename, _ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(entry, data)
    return out.getvalue()


Fact = tuple[str, list[str], list[bool]]  # label, one value per document, whether each is a warning


def _facts_table(d: Any, header: list[str] | None, rows: list[Fact]) -> None:
    """A bordered table of facts: an optional header row, then label | value… rows (flagged: warnings)."""
    columns = 1 + len(rows[0][1])
    if header is not None:
        rows = [("", header, [False] * len(header)), *rows]
    table = d.add_table(rows=len(rows), cols=columns)
    table.style = d.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    widths = [Cm(3.0)] + [Cm(13.0 / (columns - 1))] * (columns - 1)
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for row_index, (label, values, flags) in enumerate(rows):
        is_header = header is not None and row_index == 0
        for k, (cell, value) in enumerate(zip(table.rows[row_index].cells, [label, *values], strict=True)):
            cell.width = widths[k]
            paragraph = cell.paragraphs[0]
            paragraph.style = d.styles[wordml.STYLE_FACTS]
            run = paragraph.add_run(value)
            if is_header or k == 0:
                run.bold = True
            elif flags[k - 1]:
                run.bold = True
                run.font.color.rgb = WARNING_COLOUR
        if is_header:
            table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))  # repeats on each page


def _footer(d: Any, text: str) -> None:
    """A small centred footer on every page: what the document is, and the page number (a PAGE field)."""
    paragraph = d.sections[0].footer.paragraphs[0]
    paragraph.style = d.styles[wordml.STYLE_NOTE]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run(f"{text} · page ")
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    field.append(_run("1"))
    paragraph._p.append(field)


def _source(doc: Document) -> str:
    symbol = "" if doc.is_proposal else doc.symbol  # a proposal's symbol is its base's
    return " — ".join(x for x in (symbol, doc.source) if x) or "not recorded"


def _verification(doc: Document) -> str:
    status = doc.verification or "not recorded"
    if common.needs_warning(doc) or not doc.verification:
        return f"NOT VERIFIED: {status}"
    return status


def _warning(d: Any, doc: Document) -> None:
    paragraph = d.add_paragraph(style=d.styles[wordml.STYLE_WARNING])
    paragraph.add_run("Warning: ").bold = True
    status = f"is marked “{doc.verification}”" if doc.verification else "has no verification status"
    paragraph.add_run(f"the text of {doc.id} {status}; check it against {doc.symbol or 'the official text'} "
                      "before relying on it.")


def _warnings(d: Any, docs: list[Document]) -> None:
    """The warnings the HTML redline gives, for each document once: unverified text, then the provenance of
    a proposal's words (illustrative wording, substance verified)."""
    seen: set[str] = set()
    for doc in docs:
        if doc.id in seen:
            continue
        seen.add(doc.id)
        if common.needs_warning(doc) or not doc.verification:
            _warning(d, doc)
        if doc.provenance in common.PROVENANCE_NOTES:
            paragraph = d.add_paragraph(style=d.styles[wordml.STYLE_WARNING])
            paragraph.add_run(f"{doc.provenance.capitalize()}: ").bold = True
            paragraph.add_run(f"{doc.id}: {common.PROVENANCE_NOTES[doc.provenance]}")


def _layers(d: Any, comparison: Comparison, revisions: Revisions) -> None:
    """Who made each change: one line per layer, with the name and date its tracked changes carry."""
    d.add_paragraph("Who made each change", style=d.styles["Heading 2"])
    for n, layer in enumerate(comparison.layers, 1):
        author, date = revisions.layers[layer.id]
        paragraph = d.add_paragraph(style=d.styles[wordml.STYLE_NOTE])
        paragraph.add_run(f"{n}. {layer.id}: ").bold = True
        dated = f", dated {date[:10]}" if date else ", undated"
        paragraph.add_run(f"{layer.title}. Tracked changes by {author}{dated}"
                          + (f" (the text gives {layer.date})" if layer.date and len(layer.date) < 10 else "")
                          + ".")


# -- the redline ----------------------------------------------------------------------------------

def _change_heading(change: Change) -> str:
    cls = change.change_class.value if change.change_class is not ChangeClass.NONE else change.status.value
    return f"{common.citation(change)} — {cls}"


def render(comparison: Comparison, options: Options) -> bytes:
    """The comparison as a Word document whose insertions and deletions are tracked changes."""
    old, new = comparison.old, comparison.new
    # A flat redline with notes mixes edits of several texts (or of texts NEW does not descend from): no one
    # author may be credited with them.
    single = not comparison.layers and not comparison.notes
    revisions = Revisions(revision_author(new) if single else UNATTRIBUTED, new.date if single else "",
                          comparison.layers)
    d = new_document(f"Redline: {old.title} → {new.title}", f"{old.id} → {new.id}")
    # What ``cahtool import`` needs to read the redline back against its old text.
    d.core_properties.keywords = f"{KEYWORD_REDLINE}{old.id} {new.id}" + (
        " substantive-only" if options.substantive_only else "")
    _footer(d, f"Redline {old.id} → {new.id}")
    d.add_paragraph("Redline", style=d.styles["Title"])
    d.add_paragraph(f"{old.title}\n→ {new.title}", style=d.styles[wordml.STYLE_SUBTITLE])
    dated = new.date or "undated"
    if revision_date(new.date) and len(new.date) < 10:
        dated += f" (year{'' if len(new.date) == 4 else ' and month'} only: the tracked changes are dated " \
                 f"{revision_date(new.date)[:10]})"
    _facts_table(d, ["Old text (deletions)", "New text (insertions)"], [
        ("Document", [old.title, new.title], [False, False]),
        ("Id", [old.id, new.id], [False, False]),
        ("Date", [old.date or "undated", dated], [False, False]),
        ("Source", [_source(old), _source(new)], [False, False]),
        ("Verification", [_verification(old), _verification(new)],
         [common.needs_warning(old) or not old.verification, common.needs_warning(new) or not new.verification]),
    ])
    _warnings(d, [old, *comparison.layers[:-1], new])
    for note in comparison.notes:
        paragraph = d.add_paragraph(style=d.styles[wordml.STYLE_WARNING])
        paragraph.add_run("Note: ").bold = True
        paragraph.add_run(note)
    changes = comparison.visible(
        include_unchanged=options.include_unchanged, substantive_only=options.substantive_only
    )
    how = d.add_paragraph(style=d.styles[wordml.STYLE_NOTE])
    how.add_run("How to read: ").bold = True
    if comparison.layers:
        who = "by the text that made it, under the name and date listed below (Review › Track Changes shows them)"
    elif single:
        who = f"by {revisions.author}" + (f", dated {new.date}" if new.date else "")
    else:
        who = f"marked “{UNATTRIBUTED}”: the edits are not all {new.id}'s (see the note above)"
    how.add_run(
        f"every insertion and deletion below is a tracked change {who}"
        + ". Review › Accept All gives the new text of each provision; Reject All gives the old text."
        + (" Only substantive changes are shown." if options.substantive_only else "")
        + ("" if options.include_unchanged else " Unchanged provisions are not shown.")
    )
    d.add_paragraph(common.stats_line(comparison), style=d.styles[wordml.STYLE_NOTE])
    if comparison.layers:
        _layers(d, comparison, revisions)

    d.add_heading("Changes", level=1)
    if not changes:
        d.add_paragraph("No differences" + (" of substance." if options.substantive_only else "."))
    # styles looked up once: python-docx searches the style list on every lookup
    heading, detail, text = d.styles["Heading 2"], d.styles[wordml.STYLE_DETAIL], d.styles[wordml.STYLE_REDLINE]
    for change in changes:
        d.add_paragraph(_change_heading(change), style=heading)
        d.add_paragraph(" · ".join(common.qualifiers(change)), style=detail)
        if change.ops:
            add_redline(d.add_paragraph(style=text), change.ops, revisions)
    return save(d)


# -- a document as a clean text to edit -----------------------------------------------------------

#: Indentation of a provision's text by depth (article, paragraph, point, sub-point...), and its hanging number.
INDENT_STEP = Cm(1.0)
HANGING = Cm(1.0)


def document(doc: Document) -> bytes:
    """A document as a clean Word file: a title block, then its text one paragraph a line, Track Changes on."""
    d = new_document(doc.title, doc.id)
    _footer(d, doc.id)
    d.add_paragraph(doc.title, style=d.styles["Title"])
    facts = [
        ("Id", [doc.id], [False]),
        ("Date", [doc.date or "undated"], [False]),
        ("Source", [_source(doc)], [False]),
        ("Verification", [_verification(doc)], [common.needs_warning(doc) or not doc.verification]),
    ]
    if doc.authors:
        facts.insert(2, ("Author", [common.parties(doc.authors)], [False]))
    if doc.status:
        facts.append(("Status", [doc.status + (f" ({doc.status_date})" if doc.status_date else "")], [False]))
    _facts_table(d, None, facts)
    if common.needs_warning(doc) or not doc.verification:
        _warning(d, doc)
    note = d.add_paragraph(style=d.styles[wordml.STYLE_NOTE])
    note.add_run("To propose amendments: ").bold = True
    note.add_run(
        "edit the text below with Track Changes on (this file opens with it on) and send the file back: "
        f"“cahtool import FILE.docx --base {doc.id}” turns your tracked changes into an amendment proposal on "
        f"{doc.id}, proposed under the name your changes are recorded with (set it in your word processor's user "
        "options) and dated with them. Only the text below this note is read; edits made without Track Changes "
        "are reported, not accepted."
    )
    d.core_properties.identifier = doc.uri or doc.id
    d.core_properties.keywords = f"{wordml.KEYWORD_BASE}{doc.id}"
    number, heading, text = (d.styles[name] for name in wordml.TEXT_STYLES)
    for row in (row for p in doc.provisions for row in provision_rows(p)):
        if row.kind == "num":
            paragraph = d.add_paragraph(row.text, style=number)
        elif row.kind == "heading":
            paragraph = d.add_paragraph(row.text, style=heading)
        else:
            paragraph = d.add_paragraph(style=text)
            fmt = paragraph.paragraph_format
            depth = max(row.depth - 1, 0)  # an article's paragraphs start at the margin
            fmt.left_indent = INDENT_STEP * depth + HANGING
            fmt.first_line_indent = -HANGING
            if row.num:
                paragraph.add_run(row.num + "\t" + row.text)
            else:
                fmt.first_line_indent = 0
                paragraph.add_run(row.text)
    # Track Changes is on when the file opens; w:settings is a sequence, trackRevisions before defaultTabStop.
    settings = d.settings.element
    settings.find(qn("w:defaultTabStop")).addprevious(OxmlElement("w:trackRevisions"))
    return save(d)
