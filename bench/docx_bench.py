"""Word: the round trip on the real corpus, and ``cahtool import`` of large files with tracked changes.

Real corpus (in-process, median of several runs): ``diff rome-statute-art7 ilc-2019 --format docx``, ``show
ilc-2019 --format docx``, and reading back that file with one tracked change. Large files (generated): the
file ``cahtool show --format docx`` writes of a base of N points in one list (``bench/amend_synth.py``), edited
as Word records it with Track Changes on: a point inserted after the first and every point after it
renumbered, one word replaced — N tracked paragraphs; and the redline of that base and the proposal of
``amend_synth`` (``cahtool diff --format docx``: a point inserted in the middle, the half after it
renumbered), read back on its base. Each row is the CPU time of the whole ``cahtool import`` process
(start-up included; the least of five rounds, as the other benches take it: another process on the machine only
ever adds time), with the time at half the size, measured in the same run, as its reference. Each round runs a
kind's sizes one right after the other, and the ratio is the median of the rounds' own ratios (``bench/rounds.py``:
this machine's speed drifts over minutes). Linear means a ratio of at most 2.0 when the size doubles. Peak MB is
the process's. ``--quick``: 1,000 and 2,000 paragraphs, one round, no real-corpus rows (a smoke test).

Run with ``make bench`` or ``.venv/bin/python bench/docx_bench.py [--quick] [--rounds N]``.
"""

from __future__ import annotations

import argparse
import copy
import io
import math
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import amend_synth  # noqa: E402
import docx  # noqa: E402  (python-docx: to edit the file as Word would)
import rounds as rounds_  # noqa: E402
from docx.oxml import OxmlElement  # noqa: E402
from docx.oxml.ns import qn  # noqa: E402
from docx.text.paragraph import Paragraph  # noqa: E402
from proposals import HEADER, TARGET, run, shown  # noqa: E402

from cahtool.akn import load_bytes  # noqa: E402
from cahtool.corpus import Corpus  # noqa: E402
from cahtool.diff import compare, word_diff  # noqa: E402
from cahtool.render import Options  # noqa: E402
from cahtool.word import docx as docx_render  # noqa: E402
from cahtool.word import ooxml as wordml  # noqa: E402
from cahtool.word import tracked  # noqa: E402

SIZES = (4_000, 8_000, 16_000)
QUICK_SIZES = (1_000, 2_000)
RUNS = 15


# -- editing a shown file as Word records it with Track Changes on ----------------------------------

def _clear(paragraph: Any) -> None:
    for child in list(paragraph._p):
        if child.tag != qn("w:pPr"):
            paragraph._p.remove(child)


def track_replace(paragraph: Any, new: str, revisions: docx_render.Revisions) -> None:
    """Rewrite a paragraph: its old words deleted, the new ones inserted, as tracked changes."""
    old = paragraph.text
    _clear(paragraph)
    docx_render.add_redline(paragraph, word_diff(old, new), revisions)


def track_insert_after(paragraph: Any, text: str, revisions: docx_render.Revisions) -> None:
    """Enter at the end of a paragraph, then type: its mark is inserted, the new paragraph holds the words."""
    new = copy.deepcopy(paragraph._p)
    paragraph._p.addnext(new)
    properties = paragraph._p.get_or_add_pPr()
    marks = properties.find(qn("w:rPr"))
    if marks is None:
        marks = OxmlElement("w:rPr")
        properties.append(marks)
    marks.append(revisions.mark("w:ins"))
    added = Paragraph(new, paragraph._parent)
    _clear(added)
    docx_render.add_redline(added, word_diff("", text), revisions)


def tracked_docx(points: int) -> bytes:
    """The shown file of a base of ``points`` points, a point inserted after (1) and every later one
    renumbered with Track Changes on, and one word replaced: ``points`` tracked paragraphs."""
    base = load_bytes(amend_synth.base_xml(points), f"{amend_synth.BASE_ID}.xml")
    edited = docx.Document(io.BytesIO(docx_render.document(base)))
    revisions = docx_render.Revisions("Utopia", "2025-03-01")
    first = None
    for paragraph in edited.paragraphs:
        text = paragraph.text
        found = re.match(r"\((\d+)\)\t", text)
        if found is None or paragraph.style.name not in wordml.TEXT_STYLES:
            continue
        k = int(found.group(1))
        if k == 1:
            first = paragraph
            track_replace(paragraph, text.replace(" item1 ", " first item ", 1), revisions)
        else:
            track_replace(paragraph, f"({k + 1})\t{text[found.end():]}", revisions)
    assert first is not None
    track_insert_after(first, "(2)\ta new subparagraph inserted;", revisions)
    out = io.BytesIO()
    edited.save(out)
    return out.getvalue()


# -- the real corpus -----------------------------------------------------------------------------------

def median_seconds(fn: Callable[[], object]) -> float:
    times = []
    for _ in range(RUNS):
        start = time.process_time()
        fn()
        times.append(time.process_time() - start)
    return statistics.median(times)


def real_corpus_rows() -> list[tuple[str, float]]:
    corpus = Corpus(ROOT / "drafts")
    rome, ilc = corpus.get("rome-statute-art7"), corpus.get("ilc-2019")
    comparison = compare(rome, ilc)
    edited = docx.Document(io.BytesIO(docx_render.document(ilc)))
    target = next(p for p in edited.paragraphs if p.text.startswith("(h)\tpersecution"))
    track_replace(target, target.text.replace("gender or", "gender, age or"),
                  docx_render.Revisions("Mexico", "2024-04-01"))
    out = io.BytesIO()
    edited.save(out)
    data = out.getvalue()
    return [
        ("real corpus: diff rome-statute-art7 ilc-2019 --format docx (in-process)",
         median_seconds(lambda: docx_render.render(comparison, Options()))),
        ("real corpus: show ilc-2019 --format docx (in-process)", median_seconds(lambda: docx_render.document(ilc))),
        ("real corpus: import, read + check + accept 1 tracked change (in-process)",
         median_seconds(lambda: tracked.read_tracked(wordml.read_bytes(data, "edited.docx"), ilc))),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1,000 and 2,000 paragraphs, one round")
    parser.add_argument("--rounds", type=int, default=0,
                        help=f"rounds of every run (default {rounds_.GROWTH_ROUNDS}, --quick 1)")
    parser.add_argument("--timeout", type=float, default=0,
                        help="stop a run after this many seconds (wall), and the larger sizes")
    parser.add_argument("--make", nargs=2, metavar=("DIR", "POINTS"), help=argparse.SUPPRESS)
    options = parser.parse_args(argv)
    if options.make:
        tmp, points = Path(options.make[0]), int(options.make[1])
        drafts = tmp / f"drafts-{points}"
        amend_synth.write_corpus(drafts, points)
        (tmp / f"edited-{points}.docx").write_bytes(tracked_docx(points))
        subprocess.run([sys.executable, "-m", "cahtool", "--drafts", str(drafts), "diff", amend_synth.BASE_ID,
                        amend_synth.PROPOSAL_ID, "--format", "docx", "-o", str(tmp / f"redline-{points}.docx")],
                       check=True, cwd=tmp)
        return 0
    sizes = QUICK_SIZES if options.quick else SIZES
    rounds = options.rounds or (1 if options.quick else rounds_.GROWTH_ROUNDS)
    kinds = {"edited": "import, {n:,} tracked paragraphs ({mb:.2f} MB .docx)",
             "redline": "import a redline (diff --format docx), {n:,} points, half renumbered ({mb:.2f} MB)"}
    times: dict[tuple[str, int], list[float]] = {}
    peak: dict[tuple[str, int], float] = {}
    megabytes: dict[tuple[str, int], float] = {}
    with tempfile.TemporaryDirectory(prefix="cahtool-docx-bench-") as name:
        tmp = Path(name)
        for points in sizes:
            # Made in a process of its own, so that this one stays small: a child's peak memory counts its parent's.
            subprocess.run([sys.executable, __file__, "--make", str(tmp), str(points)], check=True)
            for kind in kinds:
                megabytes[kind, points] = (tmp / f"{kind}-{points}.docx").stat().st_size / 1e6
        for _ in range(rounds):  # each round runs each kind at every size, one size right after the other
            for kind in kinds:
                for points in sizes:
                    if any(math.isinf(t) for size in sizes if size < points for t in times.get((kind, size), ())):
                        seconds, mb = math.inf, math.nan  # a smaller size was stopped: this one would be too
                    else:
                        seconds, mb = run(["--drafts", str(tmp / f"drafts-{points}"), "import",
                                           str(tmp / f"{kind}-{points}.docx"), "--base", amend_synth.BASE_ID,
                                           "-o", str(tmp / f"imported-{kind}-{points}.xml")], tmp, options.timeout)
                    times.setdefault((kind, points), []).append(seconds)
                    peak[kind, points] = max(peak.get((kind, points), 0.0), mb)
    print("### Word: round trip, and import of large files with tracked changes (CPU s; reference: half the size)")
    print()
    print(HEADER)
    print("|---|---:|---:|---:|---:|---|---|")
    missed = 0
    for kind, title in kinds.items():
        previous: int | None = None
        for points in sizes:
            seconds = min(times[kind, points])
            case = title.format(n=points, mb=megabytes[kind, points])
            mb = f"{peak[kind, points]:.0f}" if seconds < math.inf else "—"
            if previous is None:
                print(f"| {case} | {shown(seconds, options.timeout)} | — | — | {mb} | — | — |")
            else:
                grown = rounds_.growth(times[kind, previous], times[kind, points])
                met = "—" if grown == math.inf else "yes" if grown <= TARGET else "no"
                missed += met == "no"
                ratio = f"{grown:.2f}×" if grown < math.inf else "—"
                print(f"| {case} | {shown(seconds, options.timeout)} | "
                      f"{shown(min(times[kind, previous]), options.timeout)} | {ratio} "
                      f"| {mb} | ≤ {TARGET:.1f}× (size ×2) | {met} |")
            previous = points
    if not options.quick:
        for case, seconds in real_corpus_rows():
            print(f"| {case} | {seconds * 1000:.1f} ms | — | — | — | — | — |")
    print()
    print(f"Times: the least of {rounds} round{'s' if rounds != 1 else ''}; ratios: the median of each round's own "
          "ratio (the sizes of a kind run one right after the other: bench/rounds.py).")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
