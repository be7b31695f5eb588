"""The printed layout of a text: how ``cahtool show`` lays provisions out in lines, and how lines are read back.

One home for the layout that three features share: ``show`` prints it (and the Word file of ``show --format
docx`` has one paragraph a line), ``propose`` reads an edited copy of it, and ``import`` lines a Word file up
against it. A level in ``OWN_LINE`` (or any provision with a heading) prints its number on a line of its own
(``Article 7``), then its heading, then its text; other levels open their first line of text with their number
(``1. text``, ``(a) text``); a provision's wrap-up follows its children.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from cahtool.model import Provision

#: Levels whose number is printed on a line of its own ("Article 7"), text below.
OWN_LINE = frozenset({"article", "chapter", "part", "section", "title", "book", "division"})
#: A line that is only such a number: ``Article 7``, ``Part II``.
_OWN_NUM = re.compile(rf"(?i)^({'|'.join(sorted(OWN_LINE))})\s+\S+$")


@dataclass(frozen=True, slots=True)
class Row:
    """One printed line of a provision: its number line, its heading, or a line of its text."""

    provision: Provision
    kind: str  # "num" (a number on its own line), "heading" or "text"
    num: str  # the number that opens a text line ("(a)"), else ""
    text: str
    depth: int

    @property
    def line(self) -> str:
        """The line as printed in plain text."""
        return f"{self.num} {self.text}" if self.num and self.text else self.num or self.text


#: What opens the line that names a part of a document (``## preamble``, ``## annex``): not the document's words.
PART_MARK = "## "


def provision_rows(p: Provision, depth: int = 0) -> list[Row]:
    """A provision and its descendants as printed: ``1. text``, ``(a) text``; headings on their own.

    A part of the document (preamble, annex...) opens with a line ``## preamble`` naming it; quoted provisions
    (an amendment's new words) are printed between quotation marks.
    """
    if p.is_quoted:
        return _quoted(p, depth)
    rows: list[Row] = []
    if p.is_part:
        rows.append(Row(p, "part", "", PART_MARK + p.label, depth))
    intro = p.intro.split("\n") if p.intro else []
    if p.heading or p.tag in OWN_LINE:
        rows.extend(Row(p, kind, "", x, depth) for kind, x in (("num", p.num), ("heading", p.heading)) if x)
        rows.extend(Row(p, "text", "", x, depth) for x in intro)
    elif p.num and intro:
        rows.append(Row(p, "text", p.num, intro[0], depth))
        rows.extend(Row(p, "text", "", x, depth) for x in intro[1:])
    else:
        rows.extend([Row(p, "num", "", p.num, depth)] if p.num else [])
        rows.extend(Row(p, "text", "", x, depth) for x in intro)
    for child in p.children:
        rows.extend(provision_rows(child, depth + 1))
    if p.wrap_up:
        rows.extend(Row(p, "text", "", x, depth) for x in p.wrap_up.split("\n"))
    return rows


def _quoted(p: Provision, depth: int) -> list[Row]:
    """Quoted provisions, between quotation marks: “ opens the first line, ” closes the last."""
    rows = [row for child in p.children for row in provision_rows(child, depth + 1)]
    rows += [Row(p, "text", "", x, depth) for x in p.text.split("\n")] if p.text else []
    if rows:
        first = rows[0]
        rows[0] = replace(first, num="“" + first.num) if first.num else replace(first, text="“" + first.text)
        last = rows[-1]
        rows[-1] = replace(last, text=last.text + "”") if last.text else replace(last, num=last.num + "”")
    return rows


def provision_lines(p: Provision) -> list[str]:
    """A provision and its descendants, as printed: ``1. text``, ``(a) text``; headings on their own."""
    return [row.line for row in provision_rows(p)]


def own_line_number(line: str) -> bool:
    """True when a printed line is only a number of a level printed on its own line (``Article 7``)."""
    return _OWN_NUM.match(line) is not None


def style(num: str) -> str:
    """The shape of a printed number: ``article`` (Article 7), ``dot`` (1.), ``paren`` ((a)), ``close`` (a))."""
    num = num.strip()
    if _OWN_NUM.match(num):
        return num.split()[0].casefold()
    if re.fullmatch(r"\d+[.]", num):
        return "dot"
    if re.fullmatch(r"\([^()\s]+\)", num):
        return "paren"
    if re.fullmatch(r"[0-9A-Za-z]+\)", num):
        return "close"
    return ""
