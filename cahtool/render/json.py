"""The comparison as versioned JSON (``cahtool.comparison/1``), sorted keys, UTF-8 as is.

A comparison attributed by layer adds optional fields, so readers of ``cahtool.comparison/1`` keep working:
``layers`` (the texts the edits are attributed to, oldest first) at the top, ``notes`` when there is
something to say, and in each attributed change ``attribution``, one object per op, in the order of
``ops``: ``{"by": "ilc-2019"}`` for an edit (plus ``"also": [...]`` for the texts that also changed its
place), ``{}`` for kept words.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from cahtool.model import Change, Comparison, Document, Op, Provision
from cahtool.render.common import Options, dumps, makers

SCHEMA = "cahtool.comparison/1"


def document_ref(doc: Document) -> dict[str, str]:
    """The short reference to a document used on both sides of a comparison."""
    return {"id": doc.id, "uri": doc.uri, "title": doc.title, "date": doc.date}


def _side(p: Provision | None, text: str) -> dict[str, str] | None:
    if p is None:
        return None
    return {"eid": p.eid, "label": p.label, "text": text}


def _attribution(op: Op) -> dict[str, Any]:
    out: dict[str, Any] = {"by": op.by} if op.by else {}
    if op.also:
        out["also"] = list(op.also)
    return out


def change_dict(change: Change) -> dict[str, Any]:
    """One change as in DESIGN.md: status, class, part, both sides and the ops (and who made each, if known)."""
    old_text, new_text = change.old_text, change.new_text
    out: dict[str, Any] = {
        "status": change.status.value,
        "class": change.change_class.value,
        "part": change.part.value,
        "old": _side(change.old, old_text),
        "new": _side(change.new, new_text),
        "ops": [[op.kind.value, op.text] for op in change.ops],
    }
    if any(op.by for op in change.ops):
        out["attribution"] = [_attribution(op) for op in change.ops]
    return out


def layer_dict(doc: Document) -> dict[str, Any]:
    """One layer of an attributed comparison: the text, who made its changes, and when."""
    return {**document_ref(doc), "by": makers(doc), "kind": "proposal" if doc.is_proposal else doc.kind}


def comparison_dict(comparison: Comparison, options: Options | None = None, *,
                    each: Callable[[Change], Any] = change_dict) -> dict[str, Any]:
    """The whole comparison as plain data (also what the site writes under data/); ``each`` makes a change's."""
    options = options or Options()
    changes = comparison.visible(
        include_unchanged=options.include_unchanged, substantive_only=options.substantive_only
    )
    out: dict[str, Any] = {
        "schema": SCHEMA,
        "old": document_ref(comparison.old),
        "new": document_ref(comparison.new),
        "changes": [each(c) for c in changes],
        "stats": comparison.stats,
    }
    if comparison.layers:
        out["layers"] = [layer_dict(d) for d in comparison.layers]
    if comparison.notes:
        out["notes"] = list(comparison.notes)
    return out


def render(comparison: Comparison, options: Options) -> str:
    """Render as indented JSON with sorted keys."""
    return dumps(comparison_dict(comparison, options))

