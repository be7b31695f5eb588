"""Comparison: align two documents, diff each aligned pair word by word, classify each change.

The public API is a ladder (after xmldiff's diff_files → diff_texts → diff_trees): ``compare_files``
reads, ``compare_bytes`` parses, and only ``compare`` works.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from cahtool.akn import load_bytes, load_file
from cahtool.diff.alignment import align
from cahtool.diff.classify import classify_heading, classify_text, status_of
from cahtool.diff.lexicon import shared
from cahtool.diff.words import word_diff
from cahtool.errors import InputError
from cahtool.model import Change, ChangeClass, Comparison, Document, Op, OpKind, Pair, Part, Provision


def outline(provision: Provision) -> str:
    """A whole subtree as text: its own heading and text, then each descendant as ``num text``."""
    lines = [part for part in (provision.heading, provision.text) if part]
    for child in provision.children:
        for p in child.walk():
            head = " ".join(part for part in (p.num, p.heading) if part)
            lines.append(" ".join(part for part in (head, p.text) if part))
    return "\n".join(lines)


def _changes(pair: Pair) -> list[Change]:
    old, new = pair.old, pair.new
    if old is None or new is None:
        side = new if old is None else old
        assert side is not None
        # A container whose children are paired one by one (a list one level apart) changes by its own
        # words; otherwise the whole subtree is the change, one change at its root.
        text = "\n".join(x for x in (side.heading, side.text) if x) if pair.own_only else outline(side)
        kind = OpKind.INSERT if old is None else OpKind.DELETE
        return [Change(status_of(pair, True), ChangeClass.SUBSTANTIVE, Part.TEXT, old, new,
                       (Op(kind, text),) if text else (), own_only=pair.own_only)]

    lexicon = shared()
    if lexicon is None:
        text_class, text_rules = classify_text(old.text, new.text, old.marks, new.marks)
    else:  # a site classifies the baseline's texts against every draft's
        question = (old.text, new.text, old.marks, new.marks)
        answer = lexicon.classes.get(question)
        if answer is None:
            answer = lexicon.classes[question] = classify_text(*question)
        text_class, text_rules = answer
    heading_class, heading_rules = classify_heading(old.heading, new.heading)
    changed = text_class is not ChangeClass.NONE or heading_class is not ChangeClass.NONE
    status = status_of(pair, changed)
    out = []
    if heading_class is not ChangeClass.NONE:
        out.append(Change(status, heading_class, Part.HEADING, old, new,
                          word_diff(old.heading, new.heading), heading_rules, moved=pair.moved))
    if text_class is not ChangeClass.NONE or not out:
        out.append(Change(status, text_class, Part.TEXT, old, new,
                          word_diff(old.text, new.text), text_rules, moved=pair.moved))
    return out


def pair_changes(pair: Pair) -> tuple[Change, ...]:
    """The changes of one pair of provisions (text and heading parts), exactly as ``compare`` reports them.

    Within a run (``sharing``), made once for the same two provisions (by identity, kept with them) and flags: a
    site pairs the baseline's provisions with the same ones of a hundred proposals (a proposal shares its base's).
    """
    lexicon = shared()
    if lexicon is None:
        return tuple(_changes(pair))
    key = (id(pair.old), id(pair.new), pair.moved, pair.own_only)
    hit = lexicon.pairs.get(key)
    if hit is None:
        hit = lexicon.pairs[key] = (pair.old, pair.new, tuple(_changes(pair)))
    return hit[2]


def _has_text(doc: Document) -> bool:
    return any(p.text or p.heading or p.num for p in doc.walk())


def compare(old: Document, new: Document, *, provision: str | None = None,
            aligner: Callable[[Sequence[Provision], Sequence[Provision]], tuple[Pair, ...]] = align) -> Comparison:
    """Compare two documents provision by provision (optionally only the subtree of one eId).

    A document with no text at all is refused: "no differences" must mean that words were compared.
    ``aligner`` is ``align`` or one that remembers its alignments (a site aligns each pair of texts once).
    """
    for doc in (old, new):
        if not _has_text(doc):
            raise InputError(f"{doc.id} has no text outside its metadata: there is nothing to compare",
                             path=doc.path)
    changes: list[Change] = []
    for pair in aligner(old.provisions, new.provisions):
        if provision and not any(
            p is not None and (p.eid == provision or p.eid.startswith(provision + "__"))
            for p in (pair.old, pair.new)
        ):
            continue
        changes.extend(pair_changes(pair))
    return Comparison(old, new, tuple(changes))


def compare_bytes(old: bytes, new: bytes, *, old_name: str = "old", new_name: str = "new",
                  provision: str | None = None) -> Comparison:
    """Parse two Akoma Ntoso texts and compare them."""
    return compare(load_bytes(old, old_name), load_bytes(new, new_name), provision=provision)


def compare_files(old: str | Path, new: str | Path, *, provision: str | None = None) -> Comparison:
    """Read two Akoma Ntoso files and compare them."""
    return compare(load_file(old), load_file(new), provision=provision)

