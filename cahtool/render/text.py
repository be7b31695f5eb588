"""The terminal redline: one block per change, ``[-deleted-]{+inserted+}`` markers, colour on top.

Markers are always printed, so the redline survives pipes, e-mail and ``NO_COLOR``; colour (red
strike-through, green underline) is added only when asked. Editorial changes show their edits with a
few words of context; substantive changes are printed in full, since those are read word by word.
Markers hug the words (``{+or gender+} group``) and stick to them, so a marker never wraps onto a line
alone. In a redline attributed by layer, each edit is followed by the superscript number of the text
that made it (``{+or gender+}³``), explained in a legend under the header.
"""

from __future__ import annotations

import shutil
from typing import Any

from cahtool.model import ChangeClass, Comparison, Op, OpKind
from cahtool.render.common import (
    ALSO_HELP,
    LAYER_HELP,
    Options,
    document_line,
    has_also,
    headline,
    hug,
    layer_lines,
    layer_mark,
    layer_numbers,
    stats_line,
    superscript,
    warnings,
)
from cahtool.text import printable

MARKERS = {OpKind.DELETE: ("[-", "-]"), OpKind.INSERT: ("{+", "+}")}
_STYLE = {
    OpKind.DELETE: "\x1b[31;9m",  # red, struck through
    OpKind.INSERT: "\x1b[32;4m",  # green, underlined
    "head": "\x1b[1m",
    "dim": "\x1b[2m",
    "warn": "\x1b[33m",
}
_RESET = "\x1b[0m"
#: Words of context kept around each edit of an editorial change.
CONTEXT_WORDS = 6
INDENT = "    "

Atom = tuple[str, object]  # (visible text, style key or None)


def _elide(text: str, where: str) -> str:
    """Shorten an unchanged run: keep the words next to the edits (``where``: start, middle, end)."""
    words = text.split(" ")
    n = CONTEXT_WORDS
    if len(words) <= 2 * n + 2:
        return text
    if where == "start":
        return "… " + " ".join(words[-n:])
    if where == "end":
        return " ".join(words[:n]) + " …"
    return " ".join(words[:n]) + " … " + " ".join(words[-n:])


def _atoms(change_ops: tuple[Op, ...], elide: bool, numbers: dict[str, int] | None = None) -> list[Atom]:
    atoms: list[Atom] = []
    last = len(change_ops) - 1
    for k, op in enumerate(change_ops):
        if op.kind is OpKind.EQUAL:
            text = op.text
            if elide and "\n" not in text:
                text = _elide(text, "start" if k == 0 else "end" if k == last else "middle")
            atoms.append((text, None))
        else:
            opening, closing = MARKERS[op.kind]
            lead, core, trail = hug(op.text)
            mark = superscript(layer_mark(change_ops, k, numbers or {}))
            if lead:
                atoms.append((lead, None))
            atoms.extend([(opening, op.kind), (core, op.kind), (closing + mark, op.kind)])
            if trail:
                atoms.append((trail, None))
    return atoms


def _words(atoms: list[Atom]) -> list[list[Atom] | None]:
    """Split atoms into words (lists of styled pieces with no space between); None is a hard break."""
    words: list[list[Atom] | None] = []
    current: list[Atom] = []
    spaced: list[Atom] = []  # the spaces before the current word, kept with their style

    def close() -> None:
        nonlocal current
        if current:
            words.append(spaced.copy() + current)
            spaced.clear()
            current = []

    for text, style in atoms:
        for n, line in enumerate(text.split("\n")):
            if n:
                close()
                spaced.clear()
                words.append(None)
            for k, piece in enumerate(line.split(" ")):
                if k:
                    close()
                    spaced.append((" ", style))
                if piece:
                    current.append((piece, style))
    close()
    return words


def _wrap(atoms: list[Atom], width: int) -> list[list[Atom]]:
    """Greedy word wrap measured on visible text; styles carry over line breaks."""
    lines: list[list[Atom]] = [[]]
    column = 0
    for word in _words(atoms):
        if word is None:
            lines.append([])
            column = 0
            continue
        body = [a for a in word if a[0] != " "] if not column else word
        size = sum(len(t) for t, _ in body)
        if column and column + size > width:
            lines.append([])
            column = 0
            body = [a for a in word if a[0] != " "]
            size = sum(len(t) for t, _ in body)
        lines[-1].extend(body)
        column += size
    return lines


def _paint(line: list[Atom], color: bool) -> str:
    if not color:
        return "".join(text for text, _ in line)
    runs: list[list[Any]] = []
    for text, style in line:
        if runs and runs[-1][1] == style:
            runs[-1][0] += text
        else:
            runs.append([text, style])
    # The text is made printable before the colours go on: only cahtool's own escape sequences are sent.
    return "".join(f"{_STYLE[style]}{printable(text)}{_RESET}" if style is not None else printable(text)
                   for text, style in runs)


def _styled(text: str, style: str, color: bool) -> str:
    return f"{_STYLE[style]}{printable(text)}{_RESET}" if color else text


def render(comparison: Comparison, options: Options, width: int | None = None) -> str:
    """Render the comparison as a terminal redline."""
    if width is None:
        width = min(shutil.get_terminal_size((100, 24)).columns, 100)
    width = max(width - len(INDENT), 40)
    color = options.color
    numbers = layer_numbers(comparison)
    out = [
        _styled(f"old: {document_line(comparison.old)}", "head", color),
        _styled(f"new: {document_line(comparison.new)}", "head", color),
    ]
    for doc in (comparison.old, *comparison.layers[:-1], comparison.new):
        out.extend(_styled(f"warning: {line}", "warn", color) for line in warnings(doc))
    out.append(stats_line(comparison))
    out.extend(legend(comparison))
    out.extend(f"note: {note}" for note in comparison.notes)
    changes = comparison.visible(
        include_unchanged=options.include_unchanged, substantive_only=options.substantive_only
    )
    if not changes:
        out.extend(["", "No differences" + (" of substance." if options.substantive_only else ".")])
    for change in changes:
        out.append("")
        out.append(_styled(headline(change), "head", color))
        elide = change.change_class is ChangeClass.EDITORIAL
        for line in _wrap(_atoms(change.ops, elide, numbers), width):
            out.append(INDENT + _paint(line, color) if line else "")
    if changes and options.legend:
        out.extend(["", marks_legend(color)])
    return "\n".join(out) + "\n"


def marks_legend(color: bool = False) -> str:
    """What the marks of a terminal redline mean, in one line (printed under it; ``--no-legend`` leaves it out)."""
    marks = [_paint([(MARKERS[kind][0], kind), (word, kind), (MARKERS[kind][1], kind)], color)
             for kind, word in ((OpKind.DELETE, "deleted"), (OpKind.INSERT, "inserted"))]
    return (f"legend: {marks[0]} {marks[1]} · … unchanged words left out\n"
            "        editorial: case, punctuation, quotes, dashes, spacing, formatting only; substantive: the rest")


def redline_lines(ops: tuple[Op, ...], width: int, *, color: bool = False, elide: bool = False,
                  numbers: dict[str, int] | None = None) -> list[str]:
    """The ops of one change as wrapped terminal lines, markers always, colour when asked (for compile, history,
    synopsis); ``numbers`` (layer id → number) marks each edit with its layer."""
    return [_paint(line, color) for line in _wrap(_atoms(ops, elide, numbers), max(width, 20))]


def legend(comparison: Comparison) -> list[str]:
    """The legend of an attributed redline: what the marks mean, then one line per layer ('' lines: none)."""
    if not comparison.layers:
        return []
    lines = [f"layers: {LAYER_HELP}" + (f"; {ALSO_HELP}" if has_also(comparison) else "") + ":"]
    for line in layer_lines(comparison):
        number, rest = line.split(" ", 1)
        lines.append(f"  {superscript(number)} {rest}")
    return lines
