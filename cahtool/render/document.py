"""A document (or one provision) as readable text or JSON, for ``cahtool show`` and ``cahtool list``.

The text is laid out as the official texts print it (num, heading, text; children on their own lines),
after a header of ``# `` lines with the metadata, so an edited copy can be read back by ``propose``.
"""

from __future__ import annotations

from typing import Any

from cahtool.layout import provision_lines
from cahtool.model import Document, Provision
from cahtool.render.common import dumps, parties

SCHEMA = "cahtool.document/1"
HEADER_PREFIX = "# "
def kind(doc: Document) -> str:
    """What a document is, for people: ``act``, ``bill``, or ``proposal`` (a consolidated proposal)."""
    return "proposal" if doc.is_proposal else doc.kind


def header(doc: Document) -> list[str]:
    """The metadata of a document, one fact a line."""
    lines = [doc.title, f"id: {doc.id} · {kind(doc)} · {doc.date or 'undated'}"]
    if doc.authors and not doc.is_proposal:  # a proposal's author is its proponents (cahtool consolidates)
        lines.append(f"author: {parties(doc.authors)}")
    if doc.base:
        lines.append(f"base: {doc.base}")
    if doc.proponents:
        lines.append(f"proponents: {parties(doc.proponents)}")
    if doc.supporters:
        lines.append(f"supporters: {parties(doc.supporters)}")
    if doc.status:
        lines.append(f"status: {doc.status}" + (f" ({doc.status_date})" if doc.status_date else ""))
    # A proposal's symbol is its base's (the text to check); its source is the proposal's own.
    symbol = "" if doc.is_proposal else doc.symbol
    if symbol or doc.source:
        lines.append("source: " + " — ".join(x for x in (symbol, doc.source) if x))
    if doc.provenance:
        lines.append(f"provenance: {doc.provenance}")
    if doc.verification:
        note = f" — {doc.verification_note}" if doc.verification_note else ""
        lines.append(f"verification: {doc.verification}{note}")
    return lines


def text(doc: Document, provision: Provision | None = None, *, with_header: bool = True) -> str:
    """The document (or one provision) as plain text."""
    lines = header(doc) + ([f"provision: {provision.eid} ({provision.label})"] if provision else [])
    out = [HEADER_PREFIX + line for line in lines] + [""] if with_header else []
    for p in (provision,) if provision else doc.provisions:
        out.extend(provision_lines(p))
    return "\n".join(out) + "\n"


def provision_dict(p: Provision) -> dict[str, Any]:
    """A provision as plain data, children nested."""
    return {
        "eid": p.eid, "label": p.label, "tag": p.tag, "num": p.num, "heading": p.heading,
        "text": p.text, "omitted": p.omitted, "children": [provision_dict(c) for c in p.children],
    }


def metadata_dict(doc: Document) -> dict[str, Any]:
    """A document's metadata as plain data (``cahtool list --format json``)."""
    return {
        "id": doc.id, "path": doc.path, "kind": doc.kind, "uri": doc.uri, "title": doc.title,
        "date": doc.date, "authors": [p.name for p in doc.authors], "symbol": doc.symbol,
        "source": doc.source, "verification": doc.verification, "verification_note": doc.verification_note,
        "status": doc.status, "status_date": doc.status_date, "base": doc.base or None,
        "provenance": doc.provenance or None, "proponents": [p.name for p in doc.proponents],
        "supporters": [p.name for p in doc.supporters],
    }


def to_json(doc: Document, provision: Provision | None = None) -> str:
    """The document (or one provision) as JSON."""
    data = {"schema": SCHEMA, **metadata_dict(doc),
            "provisions": [provision_dict(p) for p in ((provision,) if provision else doc.provisions)]}
    return dumps(data)


def listing(docs: list[Document]) -> str:
    """Every document in three lines: id, date, kind, verification; title; who, status, source."""
    out = []
    width = max((len(d.id) for d in docs), default=0)
    for doc in docs:
        facts = [doc.date or "undated", kind(doc),
                 (doc.provenance if doc.is_proposal else doc.verification) or "unverified"]
        out.append(f"{doc.id:<{width}}  " + "  ".join(facts))
        out.append(f"    {doc.title}")
        who = parties(doc.proponents) or parties(doc.authors)
        more = [f"by {who}" if who else "", f"base {doc.base}" if doc.base else "",
                doc.status + (f" ({doc.status_date})" if doc.status_date else "") if doc.status else "",
                "" if doc.is_proposal else doc.symbol]  # a proposal's symbol is its base's
        out.append("    " + " · ".join(m for m in more if m))
    return "\n".join(out) + "\n"
