"""Classification: each aligned pair gets a status, and each changed part a class.

A change is *editorial* when the two texts are equal once the rules below are applied, all of them,
in the order of the table; anything else is *substantive*. The table is the single place where
"editorial" is defined: each rule is tested on its own, and a change reports which rules it needed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from cahtool import tokens
from cahtool.model import ChangeClass, Mark, Pair, Status, normalise_num


@dataclass(frozen=True, slots=True)
class Rule:
    """A declared normalisation: two texts equal after it differ only editorially."""

    id: str
    description: str
    normalise: Callable[[str], str]


RULES: tuple[Rule, ...] = (
    Rule("unicode-nfc", "Unicode canonical composition (NFC): the same letters, encoded differently",
         tokens.nfc),
    Rule("whitespace", "runs of spaces, tabs and line breaks count as one space; none at the ends",
         tokens.collapse_whitespace),
    Rule("quotes", "curly, angled and straight quotation marks and apostrophes are the same",
         tokens.fold_quotes),
    Rule("dashes", "hyphens, en and em dashes and minus signs are the same", tokens.fold_dashes),
    Rule("initial-case", "the case of the first letter of an item or of a quoted defined term",
         tokens.fold_initial_case),
    Rule("end-punctuation", "the punctuation closing an item (; . , :), as when a list grows or shrinks",
         tokens.strip_end_punctuation),
)

#: Not a text normalisation: inline formatting (italic, bold, underline, super/subscript).
FORMATTING = Rule("formatting", "inline formatting (italic, bold, underline, superscript, subscript)",
                  lambda text: text)
#: Not a text normalisation: a heading is a caption. The ILC's commentary lists the changes of substance
#: from Rome art. 7 without the heading it changed, and treaties' headings carry no obligations.
HEADING = Rule("heading", "article headings are captions: a changed heading is reported, as editorial",
               lambda text: text)

ALL_RULES: tuple[Rule, ...] = (*RULES, FORMATTING, HEADING)


def normalise(text: str, rules: tuple[Rule, ...] = RULES) -> str:
    """Apply rules in table order."""
    for rule in rules:
        text = rule.normalise(text)
    return text


def comparable(text: str) -> str:
    """The key under which two texts are editorially equal (every rule of the table applied)."""
    return normalise(text) if text else text  # most headings are empty: no rule changes ""


def _formatting(text: str, marks: tuple[Mark, ...]) -> list[tuple[str, str]]:
    return sorted((m.tag, comparable(text[m.start:m.end])) for m in marks)


def rules_needed(old: str, new: str) -> tuple[str, ...]:
    """The rules without which two editorially equal texts would differ."""
    needed = []
    for rule in RULES:
        others = tuple(r for r in RULES if r is not rule)
        if normalise(old, others) != normalise(new, others):
            needed.append(rule.id)
    return tuple(needed)


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
    if normalise_num(pair.old.num) != normalise_num(pair.new.num):
        return Status.RENUMBERED
    return Status.UNCHANGED
