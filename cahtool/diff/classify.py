"""Classification: each aligned pair gets a status, and each changed part a class.

A change is *editorial* when the two texts are equal once every editorial rule is applied (the one
table, ``text.RULES``); anything else is *substantive*. A change reports which rules it needed.
"""

from __future__ import annotations

from cahtool.model import ChangeClass, Mark, Pair, Status, normalise_num
from cahtool.text import FORMATTING, HEADING, comparable, rules_needed


def _formatting(text: str, marks: tuple[Mark, ...]) -> list[tuple[str, str]]:
    return sorted((m.tag, comparable(text[m.start:m.end])) for m in marks)


def classify_text(old: str, new: str, old_marks: tuple[Mark, ...] = (),
                  new_marks: tuple[Mark, ...] = ()) -> tuple[ChangeClass, tuple[str, ...]]:
    """The class of a change of text, with the editorial rules that explain it."""
    if old == new and old_marks == new_marks:  # most pairs: nothing to compare
        return ChangeClass.NONE, ()
    formatting = _formatting(old, old_marks) != _formatting(new, new_marks)
    extra = (FORMATTING.id,) if formatting else ()
    if old == new:
        return (ChangeClass.EDITORIAL, extra) if formatting else (ChangeClass.NONE, ())
    if comparable(old) == comparable(new):
        return ChangeClass.EDITORIAL, rules_needed(old, new) + extra
    return ChangeClass.SUBSTANTIVE, ()


def classify_heading(old: str, new: str) -> tuple[ChangeClass, tuple[str, ...]]:
    """The class of a change of heading: none, or editorial (with the rules that explain it)."""
    if old == new:
        return ChangeClass.NONE, ()
    if comparable(old) == comparable(new):
        return ChangeClass.EDITORIAL, rules_needed(old, new)
    return ChangeClass.EDITORIAL, (HEADING.id,)


def status_of(pair: Pair, changed: bool) -> Status:
    """The status of a pair: inserted/deleted, modified when a part changed, else moved/renumbered."""
    if pair.old is None:
        return Status.INSERTED
    if pair.new is None:
        return Status.DELETED
    if changed:
        return Status.MODIFIED
    if pair.moved:
        return Status.MOVED
    if pair.old.num != pair.new.num and normalise_num(pair.old.num) != normalise_num(pair.new.num):
        return Status.RENUMBERED
    return Status.UNCHANGED
