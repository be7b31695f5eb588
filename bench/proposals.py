"""Proposals on large bases: ``apply``, ``check`` of one proposal and ``propose``, as whole processes, at sizes
that double (8,000 → 16,000 → 32,000 points), and a few timings on the real corpus.

The bases and proposals are generated (``bench/amend_synth.py``): N points in one list, or spread across
articles (40 points an article), and a proposal that inserts in the middle and renumbers everything after
it; ``propose`` reads the same edit as an edited text, and also an edit of one word in every fourth point
(an instruction per edit: the proposal of a delegation that revises the whole text), at half the sizes
(4,000 → 16,000 points: it is the slowest, and the script keeps to about five minutes). Each row is the CPU
time of the whole command (start-up included), the least of five rounds (on a shared machine another process
only ever adds time), with the time at half the size, measured in the same run, as its reference. Each round
runs a case's sizes one right after the other, and the ratio is the median of the rounds' own ratios
(``bench/rounds.py``: this machine's speed drifts over minutes, and the least times of two sizes taken minutes apart
compared a fast minute with a slow one). Linear means a ratio of at most 2.0 when the size doubles. Peak MB is
the process's. ``--quick``: 1,000 and 2,000 points, one round (a smoke test).

Run with ``make bench`` or ``.venv/bin/python bench/proposals.py [--quick] [--rounds N]``.
"""

from __future__ import annotations

import argparse
import math
import os
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import amend_synth  # noqa: E402
import rounds as rounds_  # noqa: E402

SIZES = (8_000, 16_000, 32_000)
QUICK_SIZES = (1_000, 2_000)
#: Points an article, in the cases spread across articles.
PER_ARTICLE = 40
#: Linear: doubling the size at most doubles the time.
TARGET = 2.0
HEADER = "| case | cahtool | floor / reference | ratio | peak MB | target | met |"


def run(args: list[str], cwd: Path, timeout: float = 0) -> tuple[float, float]:
    """CPU seconds (user + system) and peak MB of one ``cahtool`` process; it must succeed.

    With ``timeout`` (wall seconds), a process still running then is stopped: its time is reported as
    infinite (to measure quadratic code, which would run for hours at the largest sizes).
    """
    with tempfile.TemporaryFile() as err:
        process = subprocess.Popen([sys.executable, "-m", "cahtool", *args], cwd=cwd, stdin=subprocess.DEVNULL,
                                   stdout=subprocess.DEVNULL, stderr=err)
        deadline = time.monotonic() + timeout if timeout else None
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG if deadline else 0)
            if pid:
                break
            if deadline is not None and time.monotonic() > deadline:
                process.kill()
                os.wait4(process.pid, 0)
                process.returncode = -9
                return math.inf, math.nan
            time.sleep(0.05)
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            err.seek(0)
            raise SystemExit(f"cahtool {' '.join(args)} exited with {process.returncode}: "
                             f"{err.read().decode('utf-8', 'replace')[-2000:]}")
    return usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def shown(seconds: float, timeout: float = 0) -> str:
    return f"{seconds:.2f} s" if seconds < math.inf else f"> {timeout:g} s (stopped)"


def every_fourth_word(text: str) -> str:
    """``cahtool show`` of a one-list base with one word changed in every fourth point."""
    def edit(line: str) -> str:
        found = re.match(r"\((\d+)\) ", line)
        if found and int(found.group(1)) % 4 == 0:
            return line.replace(f" item{found.group(1)} ", f" thing{found.group(1)} ", 1)
        return line
    return "\n".join(edit(line) for line in text.splitlines()) + "\n"


class Case:
    """One command on the generated corpora of every size (``scale`` × the sizes: propose is the slowest)."""

    def __init__(self, name: str, per_article: int, args: Callable[[Path, Path, int], list[str]],
                 scale: float = 1.0) -> None:
        self.name = name
        self.per_article = per_article
        self.args = args
        self.scale = scale
        self.times: dict[int, list[float]] = {}
        self.peak: dict[int, float] = {}

    def sizes(self, sizes: tuple[int, ...]) -> list[int]:
        return [int(size * self.scale) for size in sizes]


def corpus(tmp: Path, points: int, per_article: int) -> Path:
    """The drafts directory of one size (generated once, in a process of its own so that this one stays small
    and its children's peak memory is theirs), with the edited texts ``propose`` reads."""
    drafts = tmp / f"drafts-{points}-{per_article}"
    if drafts.exists():
        return drafts
    subprocess.run([sys.executable, str(ROOT / "bench" / "amend_synth.py"), str(drafts), str(points),
                    str(per_article)], check=True)
    if not per_article:
        shown = subprocess.run([sys.executable, "-m", "cahtool", "--drafts", str(drafts), "show",
                                amend_synth.BASE_ID], capture_output=True, text=True, check=True, cwd=tmp).stdout
        (tmp / f"edit-{points}.txt").write_text(amend_synth.edited_text(shown, points), encoding="utf-8")
        (tmp / f"words-{points}.txt").write_text(every_fourth_word(shown), encoding="utf-8")
    return drafts


def propose_args(drafts: Path, edited: Path, out: Path) -> list[str]:
    return ["--drafts", str(drafts), "propose", "--base", amend_synth.BASE_ID, str(edited), "--id", "edit",
            "--proponent", "Utopia", "--source", "bench", "--provenance", "verbatim", "--date", "2025-03-01",
            "-o", str(out)]


def cases(tmp: Path) -> list[Case]:
    out = tmp / "out"
    out.mkdir(exist_ok=True)
    proposal = f"{amend_synth.PROPOSAL_ID}.xml"
    return [
        Case("apply, one list", 0, lambda d, t, n: ["--drafts", str(d), "apply", amend_synth.PROPOSAL_ID,
                                                    "--format", "xml"]),
        Case("check one proposal, one list", 0,
             lambda d, t, n: ["--drafts", str(d), "check", str(d / "proposals" / proposal)]),
        Case(f"apply, {PER_ARTICLE} points an article", PER_ARTICLE,
             lambda d, t, n: ["--drafts", str(d), "apply", amend_synth.PROPOSAL_ID, "--format", "xml"]),
        Case(f"check one proposal, {PER_ARTICLE} points an article", PER_ARTICLE,
             lambda d, t, n: ["--drafts", str(d), "check", str(d / "proposals" / proposal)]),
        Case("propose, one list", 0, lambda d, t, n: propose_args(d, t / f"edit-{n}.txt", out / "edit.xml"),
             scale=0.5),
        Case("propose, a word in every 4th point", 0,
             lambda d, t, n: propose_args(d, t / f"words-{n}.txt", out / "words.xml"), scale=0.5),
    ]


def real_corpus_rows() -> list[tuple[str, float]]:
    """In-process timings on the real corpus (best of 5, seconds): what a tracker does every day."""
    from cahtool.corpus import Corpus
    from cahtool.propose import derive_proposal, verify
    from cahtool.render import document

    drafts = ROOT / "drafts"
    ids = [p.stem for p in sorted((drafts / "proposals").glob("*.xml"))]
    base = Corpus(drafts).get("ilc-2019")
    edited = document.text(base).replace("by one racial group", "by one racial or gender group")
    edited = edited.replace(" for a prolonged period of time.", ".").replace("(k) other", "(l) other")
    edited = edited.replace("(j) the crime of apartheid;\n", "(j) the crime of apartheid;\n(k) gender apartheid;\n")
    corpus = Corpus(drafts)

    def best(fn: Callable[[], object]) -> float:
        times = []
        for _ in range(5):
            start = time.process_time()
            fn()
            times.append(time.process_time() - start)
        return min(times)

    return [
        (f"real corpus: apply all {len(ids)} proposals (in-process, best of 5)",
         best(lambda: [Corpus(drafts).xml(i) for i in ids])),
        ("real corpus: propose, derive + verify one edit (in-process, best of 5)",
         best(lambda: verify(derive_proposal(base, edited, date="2024-01-01"), corpus.xml("ilc-2019"), edited))),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1,000 and 2,000 points, one round")
    parser.add_argument("--rounds", type=int, default=0,
                        help=f"rounds of every run (default {rounds_.GROWTH_ROUNDS}, --quick 1)")
    parser.add_argument("--timeout", type=float, default=0,
                        help="stop a run after this many seconds (wall), and the larger sizes of its case")
    options = parser.parse_args(argv)
    sizes = QUICK_SIZES if options.quick else SIZES
    rounds = options.rounds or (1 if options.quick else rounds_.GROWTH_ROUNDS)
    with tempfile.TemporaryDirectory(prefix="cahtool-proposals-bench-") as name:
        tmp = Path(name)
        todo = cases(tmp)
        for case in todo:  # every corpus made before the first run
            for points in case.sizes(sizes):
                corpus(tmp, points, case.per_article)
        for _ in range(rounds):  # each round runs each case at every size, one size right after the other
            for case in todo:
                for step, points in enumerate(case.sizes(sizes)):
                    if any(math.isinf(t) for size in case.sizes(sizes)[:step] for t in case.times.get(size, ())):
                        seconds, peak = math.inf, math.nan  # a smaller size was stopped: this one would be too
                    else:
                        drafts = corpus(tmp, points, case.per_article)
                        seconds, peak = run(case.args(drafts, tmp, points), tmp, options.timeout)
                    case.times.setdefault(points, []).append(seconds)
                    case.peak[points] = max(case.peak.get(points, 0.0), peak)
    print("### proposals on large bases: apply, check, propose (whole process, CPU s; reference: half the size)")
    print()
    print(HEADER)
    print("|---|---:|---:|---:|---:|---|---|")
    missed = 0
    for case in todo:
        previous: int | None = None
        for points in case.sizes(sizes):
            seconds = min(case.times[points])
            if previous is None:
                reference = ratio = "—"
                target = met = "—"
            else:
                grown = rounds_.growth(case.times[previous], case.times[points])
                reference = shown(min(case.times[previous]), options.timeout)
                ratio = f"{grown:.2f}×" if grown < math.inf else "—"
                target = f"≤ {TARGET:.1f}× (size ×2)"
                met = "—" if grown == math.inf else "yes" if grown <= TARGET else "no"
                missed += met == "no"
            peak = f"{case.peak[points]:.0f}" if seconds < math.inf else "—"
            print(f"| {case.name}, {points:,} points | {shown(seconds, options.timeout)} | {reference} | {ratio} | "
                  f"{peak} | {target} | {met} |")
            previous = points
    if not options.quick:
        for name, seconds in real_corpus_rows():
            print(f"| {name} | {seconds:.3f} s | — | — | — | — | — |")
    print()
    print(f"Times: the least of {rounds} round{'s' if rounds != 1 else ''}; ratios: the median of each round's own "
          "ratio (the sizes of a case run one right after the other: bench/rounds.py).")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
