"""What a reviewer of a pull request needs about each checked document: its redlines, ready to render.

A draft is compared with the baseline of the negotiation (Rome Statute art. 7); a proposal is applied
to its base (through the corpus), and the consolidated text is compared with the base and with the
baseline. What cannot be compared is said in a note, never silently left out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from cahtool import BASELINE
from cahtool.corpus import Corpus
from cahtool.diff import compare
from cahtool.errors import CahtoolError
from cahtool.model import Comparison, Document


@dataclass(frozen=True, slots=True)
class Review:
    """One checked document, its comparisons, and notes on what could not be compared."""

    document: Document
    against_base: Comparison | None = None
    against_baseline: Comparison | None = None
    notes: tuple[str, ...] = ()


def review(document: Document, corpus: Corpus, *, baseline: str = BASELINE) -> Review:
    """Compare one document with its base (if a proposal) and with the baseline."""
    notes: list[str] = []
    try:
        anchor: Document | None = corpus.get(baseline)
    except CahtoolError:
        anchor = None
        notes.append(f"No redline against {baseline}: it is not in the corpus.")
    new, against_base = document, None
    if document.kind == "amendment":
        try:
            new = corpus.get(document.path)
            base = corpus.get(document.base)
        except CahtoolError as exc:
            notes.append(f"The proposal cannot be applied to its base, so there is no redline: {exc.detail}")
            return Review(document, notes=tuple(notes))
        against_base = compare(base, new)
        if anchor is not None and anchor.id == base.id:
            anchor = None  # the redline against the base is the one against the baseline
    against_baseline = compare(anchor, new) if anchor is not None and anchor.id != new.id else None
    return Review(new, against_base, against_baseline, tuple(notes))


def reviews(documents: Sequence[Document], corpus: Corpus, *, baseline: str = BASELINE) -> list[Review]:
    """A review of each document, in the order given."""
    return [review(document, corpus, baseline=baseline) for document in documents]
