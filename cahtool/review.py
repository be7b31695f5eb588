"""What a reviewer of a pull request needs about each checked document: its redlines, ready to render.

A draft is compared with the baseline of the negotiation (Rome Statute art. 7); a proposal is applied
to its base, and the consolidated text is compared with the base and with the baseline.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from cahtool.compare import compare
from cahtool.model import Comparison, Document

#: The anchor of the negotiation, against which every new text is shown.
BASELINE = "rome-statute-art7"


@dataclass(frozen=True, slots=True)
class Review:
    """One checked document, its comparisons, and notes on what could not be compared."""

    document: Document
    against_base: Comparison | None = None
    against_baseline: Comparison | None = None
    notes: tuple[str, ...] = ()


def review(document: Document, corpus: Sequence[Document], *, baseline: str = BASELINE) -> Review:
    """Compare one document with its base (if a proposal) and with the baseline."""
    by_id = {d.id: d for d in corpus}
    notes: list[str] = []
    anchor = by_id.get(baseline)
    against_baseline = None
    if document.kind == "amendment" or document.is_proposal:
        notes.append("Amendment proposal: its redline needs the consolidated text (cahtool apply), "
                     "which this version of cahtool cannot produce yet.")
    elif anchor is None:
        notes.append(f"No redline against {baseline}: it is not in the corpus.")
    elif anchor.id != document.id:
        against_baseline = compare(anchor, document)
    return Review(document, None, against_baseline, tuple(notes))


def reviews(documents: Sequence[Document], corpus: Sequence[Document], *,
            baseline: str = BASELINE) -> list[Review]:
    """A review of each document, in the order given."""
    return [review(document, corpus, baseline=baseline) for document in documents]
