"""The comparison as versioned JSON (``cahtool.comparison/1``), sorted keys, UTF-8 as is."""

from __future__ import annotations

from typing import Any

from cahtool.model import Change, Comparison, Document, Provision
from cahtool.render.common import Options, dumps

SCHEMA = "cahtool.comparison/1"


def document_ref(doc: Document) -> dict[str, str]:
    """The short reference to a document used on both sides of a comparison."""
    return {"id": doc.id, "uri": doc.uri, "title": doc.title, "date": doc.date}


def _side(p: Provision | None, text: str) -> dict[str, str] | None:
    if p is None:
        return None
    return {"eid": p.eid, "label": p.label, "text": text}


def change_dict(change: Change) -> dict[str, Any]:
    """One change as in DESIGN.md: status, class, part, both sides and the ops."""
    old_text, new_text = change.old_text, change.new_text
    return {
        "status": change.status.value,
        "class": change.change_class.value,
        "part": change.part.value,
        "old": _side(change.old, old_text),
        "new": _side(change.new, new_text),
        "ops": [[op.kind.value, op.text] for op in change.ops],
    }


def comparison_dict(comparison: Comparison, options: Options | None = None) -> dict[str, Any]:
    """The whole comparison as plain data (also what the site writes under data/)."""
    options = options or Options()
    changes = comparison.visible(
        include_unchanged=options.include_unchanged, substantive_only=options.substantive_only
    )
    return {
        "schema": SCHEMA,
        "old": document_ref(comparison.old),
        "new": document_ref(comparison.new),
        "changes": [change_dict(c) for c in changes],
        "stats": comparison.stats,
    }


def render(comparison: Comparison, options: Options) -> str:
    """Render as indented JSON with sorted keys."""
    return dumps(comparison_dict(comparison, options))

