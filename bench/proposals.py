"""Timings of the proposal commands on the real corpus: apply, compile, history, propose (best of 5, ms)."""

from __future__ import annotations

import time
from pathlib import Path

from cahtool.corpus import Corpus
from cahtool.propose import derive_proposal, verify
from cahtool.render import document
from cahtool.reports import compile_proposals, history

DRAFTS = Path(__file__).resolve().parent.parent / "drafts"


def best(fn, runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times) * 1000


def main() -> None:
    ids = [p.stem for p in sorted((DRAFTS / "proposals").glob("*.xml"))]
    base = Corpus(DRAFTS).get("ilc-2019")
    edited = document.text(base).replace("by one racial group", "by one racial or gender group")
    edited = edited.replace(" for a prolonged period of time.", ".").replace("(k) other", "(l) other")
    edited = edited.replace("(j) the crime of apartheid;\n", "(j) the crime of apartheid;\n(k) gender apartheid;\n")
    rows = [
        ("apply all 8 proposals (fresh corpus)", lambda: [Corpus(DRAFTS).xml(i) for i in ids]),
        ("compile ilc-2019 (fresh corpus)", lambda: compile_proposals(Corpus(DRAFTS), "ilc-2019")),
        ("history apartheid (warm corpus)", lambda: history(corpus, "apartheid")),
        ("history art_7__para_1__point_h (warm)", lambda: history(corpus, "art_7__para_1__point_h")),
        ("propose: derive + verify one edit", lambda: verify(derive_proposal(base, edited, date="2024-01-01"),
                                                              corpus.xml("ilc-2019"), edited)),
    ]
    corpus = Corpus(DRAFTS)
    corpus.documents()
    print(f"{'proposals':<42} {'ms':>8}")
    for name, fn in rows:
        print(f"{name:<42} {best(fn):8.1f}")


if __name__ == "__main__":
    main()
