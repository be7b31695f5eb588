"""Benchmark of ``cahtool check``: the PR summary of an 8 MB document, and a corpus of 100 documents.

- ``cahtool check FILE --summary OUT`` on a generated 8 MB document (bench/synth.py ``document``), which
  the summary compares with the baseline, Rome Statute art. 7: once as one article of about 5,000
  paragraphs (a long text filed as one article, compared whole with art. 7), once as 1,450 articles.
  Target ≤ 5 s each.
- ``cahtool check`` over 100 documents (the real drafts, copied with new ids). Target ≤ 5 s.

Times are CPU time (user + system) of the child process, median of a few runs, and its peak memory.
Run with ``make bench`` or ``.venv/bin/python bench/check_bench.py``; ``--quick`` checks 1 MB documents and
10 copies once (a smoke test). Prints one Markdown table.
"""

from __future__ import annotations

import re
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import synth  # noqa: E402
from diff_bench import BIN, Run, ms, run_child, table  # noqa: E402

ROOT = HERE.parent
DRAFTS = ROOT / "drafts"
DOCUMENTS = 100
TARGET = 5.0
RUNS = 3
#: The 8 MB documents: label → (articles, words); --quick: about 1 MB.
LARGE = {"one article": (1, 600_000), "1,450 articles": (1_450, 580_000)}
QUICK_LARGE = {"one article": (1, 75_000), "180 articles": (180, 72_000)}


def make_corpus(target: Path, count: int = DOCUMENTS) -> None:
    """``count`` documents: copies of the real drafts, each with its own short id and a changed word."""
    sources = sorted(DRAFTS.glob("*.xml"))
    for n in range(count):
        source = sources[n % len(sources)]
        text = source.read_text(encoding="utf-8")
        text = re.sub(r'(<FRBRalias value=")([^"]+)(")', rf"\g<1>\g<2>-copy-{n}\g<3>", text, count=1)
        text = text.replace("</p>", f" (copy {n})</p>", 1)  # not a duplicate of its source
        (target / f"{source.stem}-copy-{n}.xml").write_text(text, encoding="utf-8")


def median_run(runs: int, command: Sequence[str | Path], before: Path | None = None) -> Run:
    """Median CPU time, wall-clock time and peak memory of a command (``before``: removed before each run)."""
    results = []
    for _ in range(runs):
        if before is not None:
            before.unlink(missing_ok=True)
        results.append(run_child(command))
    return Run(statistics.median(r.cpu for r in results), statistics.median(r.wall for r in results),
               statistics.median(r.peak_mb for r in results))


def verdict(seconds: float) -> str:
    return "yes" if seconds <= TARGET else "**no**"


def main(argv: Sequence[str]) -> int:
    quick = "--quick" in argv
    runs = 1 if quick else RUNS
    started = time.perf_counter()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        summary = work / "summary.md"
        for shape, (articles, words) in (QUICK_LARGE if quick else LARGE).items():
            path = work / f"large-{articles}.xml"
            path.write_bytes(synth.document(articles, words, name=f"synthetic-large-{articles}"))
            size = path.stat().st_size / 1e6
            print(f"check --summary: {size:.1f} MB, {shape} ...", file=sys.stderr, flush=True)
            command = [BIN / "cahtool", "--drafts", DRAFTS, "check", path, "--summary", summary]
            done = median_run(runs, command, before=summary)
            text = summary.read_text(encoding="utf-8")
            assert "Against rome-statute-art7" in text, text[:2000]  # the summary did compare it
            rows.append([f"check --summary, {size:.1f} MB document ({shape}, {words:,} words)", ms(done.cpu), "—",
                         "—", f"{done.peak_mb:.0f}", f"≤ {TARGET:g} s", verdict(done.cpu)])
        corpus = work / "corpus"
        corpus.mkdir()
        count = 10 if quick else DOCUMENTS
        make_corpus(corpus, count)
        print(f"check: {count} documents ...", file=sys.stderr, flush=True)
        done = median_run(runs, [BIN / "cahtool", "--drafts", corpus, "check"])
        rows.append([f"check, {count} documents", ms(done.cpu), "—", "—", f"{done.peak_mb:.0f}",
                     f"≤ {TARGET:g} s", verdict(done.cpu)])
    print(table("### check", rows))
    print()
    print(f"CPU time (user + system) and peak resident memory of the child process, median of {runs} "
          f"run{'s' if runs > 1 else ''}; {time.perf_counter() - started:.0f} s in all.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
