"""The comparison as Markdown (GitHub-flavoured): for pull requests, issues, e-mail and wikis.

Deletions and insertions are ``<del>``/``<ins>`` (rendered and announced by GitHub, never colour alone);
every piece of draft text is escaped, so a draft cannot inject markup into the page it lands on.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from cahtool.model import Comparison, Document, Op, OpKind
from cahtool.render.common import (
    ALSO_HELP,
    LAYER_HELP,
    Options,
    citation,
    has_also,
    hug,
    layer_lines,
    layer_mark,
    layer_numbers,
    qualifiers,
    stats_line,
    warnings,
)

# With [ and ] escaped no link can form, so parentheses are safe; the rest changes rendering anywhere.
_SPECIAL = re.compile(r"([\\`*_\[\]|~<>&])")
# At the start of a line: headings, lists, quotes, numbered lists.
_LINE_START = re.compile(r"^(\s*)([#+\-=]|\d+[.)])", re.MULTILINE)
_HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}


def escape(text: str) -> str:
    """Escape Markdown and HTML syntax so draft text renders as the words it is."""
    def sub(m: re.Match[str]) -> str:
        char = m.group(1)
        return _HTML.get(char, "\\" + char)
    text = _SPECIAL.sub(sub, text)
    return _LINE_START.sub(_escape_line_start, text)


def _escape_line_start(m: re.Match[str]) -> str:
    lead, mark = m.group(1), m.group(2)
    if mark[0].isdigit():  # "1." starts an ordered list; "1\." does not
        return f"{lead}{mark[:-1]}\\{mark[-1]}"
    return f"{lead}\\{mark}"


def redline(ops: Iterable[Op], numbers: dict[str, int] | None = None) -> str:
    """The ops as escaped Markdown with ``<del>``/``<ins>`` hugging the words, each edit followed by its layer's
    number (``<sup>2</sup>``) when ``numbers`` is given; line breaks kept as hard breaks."""
    ops = tuple(ops)
    out = []
    for k, op in enumerate(ops):
        if op.kind is OpKind.EQUAL:
            out.append(escape(op.text))
            continue
        lead, core, trail = hug(op.text)
        tag = "del" if op.kind is OpKind.DELETE else "ins"
        mark = layer_mark(ops, k, numbers or {})
        out.append(f"{escape(lead)}<{tag}>{escape(core)}</{tag}>" + (f"<sup>{mark}</sup>" if mark else "")
                   + escape(trail))
    return "".join(out).replace("\n", "<br>\n")


def legend(comparison: Comparison) -> list[str]:
    """The layers of an attributed redline as a numbered list, after what the numbers mean."""
    if not comparison.layers:
        return []
    help_text = LAYER_HELP + (f"; {ALSO_HELP}" if has_also(comparison) else "")
    out = [f"**Layers:** {escape(help_text)}.", ""]
    for line in layer_lines(comparison):
        number, rest = line.split(" ", 1)
        out.append(f"{number}. {escape(rest)}")
    return [*out, ""]


def _document_rows(old: Document, new: Document) -> list[str]:
    rows = [
        "| | old | new |",
        "|---|---|---|",
    ]
    for label, attr in (("id", "id"), ("title", "title"), ("date", "date"), ("source", "symbol"),
                        ("verification", "verification")):
        rows.append(f"| {label} | {escape(getattr(old, attr) or '—')} | {escape(getattr(new, attr) or '—')} |")
    return rows


def render(comparison: Comparison, options: Options, heading_level: int = 1) -> str:
    """Render the comparison as Markdown."""
    h = "#" * heading_level
    old, new = comparison.old, comparison.new
    out = [f"{h} {escape(old.title)} → {escape(new.title)}", "", *_document_rows(old, new), ""]
    for doc in (old, *comparison.layers[:-1], new):
        for line in warnings(doc):
            out.extend([f"> **Warning:** {escape(line)}", ""])
    for note in comparison.notes:
        out.extend([f"> **Note:** {escape(note)}", ""])
    out.extend(legend(comparison))
    out.append(f"**{escape(stats_line(comparison))}**")
    numbers = layer_numbers(comparison)
    changes = comparison.visible(
        include_unchanged=options.include_unchanged, substantive_only=options.substantive_only
    )
    if not changes:
        out.extend(["", "No differences" + (" of substance." if options.substantive_only else ".")])
    for change in changes:
        out.extend(["", f"{h}# {escape(citation(change))}", "", f"*{escape(' · '.join(qualifiers(change)))}*",
                    ])
        if change.ops:
            out.extend(["", redline(change.ops, numbers)])
    return "\n".join(out) + "\n"
