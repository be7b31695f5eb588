"""Benchmark of ``cahtool diff`` against the floor, and of the start-up (``make bench``).

For each size of bench/synth.py (1, 15, 128 and 1,000 articles; 700 to 400,000 words), the median of
several runs of two whole processes, their runs alternating so that other work on the machine falls on
both alike:

- cahtool: ``cahtool diff OLD NEW --format json -o /dev/null`` (the installed script);
- the floor (bench/floor.py): the same parse of both files, the same diff-match-patch word diff of every
  provision, paired by eId in advance, and the same JSON writer.

Each row gives CPU time (user + system of the child: on an idle machine its wall-clock time, and unlike it
not inflated by other jobs on a shared one) and the peak resident memory of the child (``ru_maxrss``).
Targets (issue 13): at most 2.0× the floor's time and 2× its peak memory at 50,000 and 400,000 words.
Then the start-up: ``cahtool --version`` against a bare ``python -c "import lxml.etree, diff_match_patch,
click"``, target 1.0× (5 % allowed for noise). xmldiff on the same files is a reference on the two
smallest sizes (it takes over a minute from 50,000 words on).

``--quick``: the smallest size and fewer runs (a smoke test, a few seconds). Prints one Markdown table.
"""

from __future__ import annotations

import compileall
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import synth  # noqa: E402

BIN = Path(sys.executable).parent
OUT = HERE / "out"
HEADER = ("case", "cahtool", "floor / reference", "ratio", "peak MB", "target", "met")
#: Runs per size (the median is reported), full and --quick.
RUNS = {"1": 11, "15": 9, "128": 9, "1000": 5}
QUICK_RUNS = 3
#: Sizes with a target (50,000 and 400,000 words): time and peak memory at most this many times the floor's.
TARGET_SIZES = ("128", "1000")
TARGET_RATIO = 2.0
MEMORY_RATIO = 2.0
#: Start-up: at most the bare import's time (5 % allowed for noise).
STARTUP_RATIO, STARTUP_NOISE = 1.0, 0.05
STARTUP_RUNS = 21
#: xmldiff's time limit (wall clock), and the sizes it runs on.
XMLDIFF_LIMIT = 60.0
XMLDIFF_SIZES = ("1", "15")


@dataclass(frozen=True)
class Run:
    """What one child process used: CPU seconds (user + system), wall-clock seconds, peak memory in MB."""

    cpu: float
    wall: float
    peak_mb: float


#: Runs a command and reports what that very child used (wait4's rusage). The command is started from this
#: small, fresh process because on Linux a child's peak memory keeps that of the process it was forked from
#: (the high-water mark survives exec): started from the benchmark, every child would weigh as much as it.
_LAUNCH = """
import os, subprocess, sys, threading, time
limit = float(sys.argv[1])
started = time.perf_counter()
child = subprocess.Popen(sys.argv[2:], stdout=subprocess.DEVNULL)
timer = threading.Timer(limit, child.kill) if limit else None
if timer:
    timer.start()
pid, status, usage = os.wait4(child.pid, 0)
child.returncode = os.waitstatus_to_exitcode(status)
if timer:
    timer.cancel()
print(usage.ru_utime + usage.ru_stime, time.perf_counter() - started, usage.ru_maxrss, child.returncode)
"""


def run_child(command: Sequence[str | Path], timeout: float = 0) -> Run:
    """Run a command (stdout discarded) and measure it alone; TimeoutError past ``timeout`` seconds (0: none)."""
    done = subprocess.run([sys.executable, "-c", _LAUNCH, str(timeout), *map(str, command)],
                          capture_output=True, text=True, check=True)
    cpu, wall, peak_kb, code = done.stdout.split()
    if int(code) != 0:
        if timeout and float(wall) >= timeout:
            raise TimeoutError(command)
        raise subprocess.CalledProcessError(int(code), [str(a) for a in command], stderr=done.stderr)
    return Run(float(cpu), float(wall), int(peak_kb) / 1024)  # Linux: ru_maxrss in kilobytes


def alternate(runs: int, *commands: Sequence[str | Path]) -> list[Run]:
    """The median CPU time, wall-clock time and peak memory of each command, runs interleaved (one warm-up each)."""
    for command in commands:
        run_child(command)
    results: list[list[Run]] = [[] for _ in commands]
    for _ in range(runs):
        for k, command in enumerate(commands):
            results[k].append(run_child(command))
    return [Run(statistics.median(r.cpu for r in rs), statistics.median(r.wall for r in rs),
                statistics.median(r.peak_mb for r in rs)) for rs in results]


def ms(seconds: float) -> str:
    if seconds >= 10:
        return f"{seconds:.0f} s"
    if seconds >= 1:
        return f"{seconds:.2f} s"
    return f"{seconds * 1000:.0f} ms"


def cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def table(title: str, rows: Sequence[Sequence[str]]) -> str:
    lines = [title, "", "| " + " | ".join(HEADER) + " |", "|" + "|".join(["---"] + ["---:"] * 4 + ["---"] * 2) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def diff_rows(sizes: Sequence[str], runs: dict[str, int]) -> tuple[list[list[str]], bool, list[str]]:
    """One row per size (cahtool against the floor), then an xmldiff row for the small sizes."""
    rows, notes, met_all = [], [], True
    for name in sizes:
        pair = synth.size(name)
        old, new, pairs = synth.write(pair, OUT)
        print(f"diff: {pair.name}, {pair.words:,} words ...", file=sys.stderr, flush=True)
        cahtool, floor = alternate(
            runs[name],
            [BIN / "cahtool", "diff", old, new, "--format", "json", "-o", os.devnull],
            [sys.executable, HERE / "floor.py", old, new, pairs],
        )
        ratio, memory = cahtool.cpu / floor.cpu, cahtool.peak_mb / floor.peak_mb
        if name in TARGET_SIZES:
            met = ratio <= TARGET_RATIO and memory <= MEMORY_RATIO
            met_all = met_all and met
            target, verdict = f"≤ {TARGET_RATIO:g}×, peak ≤ {MEMORY_RATIO:g}×", "yes" if met else "**no**"
        else:
            target = verdict = "—"
        case = f"diff, {pair.words:,} words ({pair.articles:,} article{'s' if pair.articles > 1 else ''}), process"
        rows.append([case, ms(cahtool.cpu), ms(floor.cpu), f"{ratio:.2f}×",
                     f"{cahtool.peak_mb:.0f} / {floor.peak_mb:.0f} ({memory:.2f}×)", target, verdict])
        notes.append(f"{pair.articles:,}: {cahtool.wall / floor.wall:.2f}×")
        if name in XMLDIFF_SIZES:
            try:
                xml = ms(run_child([BIN / "xmldiff", old, new], timeout=XMLDIFF_LIMIT).cpu)
            except TimeoutError:
                xml = f"> {XMLDIFF_LIMIT:.0f} s"
            rows.append([f"xmldiff, {pair.words:,} words (reference)", ms(cahtool.cpu), xml,
                         "—", "—", "—", "—"])
    return rows, met_all, notes


def startup_row(runs: int) -> tuple[list[str], bool]:
    version, bare = alternate(runs, [BIN / "cahtool", "--version"],
                              [sys.executable, "-c", "import lxml.etree, diff_match_patch, click"])
    ratio = version.cpu / bare.cpu
    met = ratio <= STARTUP_RATIO * (1 + STARTUP_NOISE)
    return (["start-up: `cahtool --version` / bare import of lxml, diff-match-patch, click", ms(version.cpu),
             ms(bare.cpu), f"{ratio:.2f}×", f"{version.peak_mb:.0f} / {bare.peak_mb:.0f}",
             f"≤ {STARTUP_RATIO:g}× (+{STARTUP_NOISE:.0%} noise)", "yes" if met else "**no**"], met)


def main(argv: Sequence[str]) -> int:
    quick = "--quick" in argv
    # Bytecode as an installed cahtool has it (pip compiles on install; PYTHONDONTWRITEBYTECODE would
    # otherwise make every process compile the package from source).
    compileall.compile_dir(str(HERE.parent / "cahtool"), quiet=1)
    load_before = os.getloadavg()[0]
    started = time.perf_counter()
    sizes = ("1",) if quick else tuple(synth.SIZES)
    runs = dict.fromkeys(synth.SIZES, QUICK_RUNS) if quick else RUNS
    rows, met, walls = diff_rows(sizes, runs)
    row, startup_met = startup_row(QUICK_RUNS if quick else STARTUP_RUNS)
    rows.append(row)
    print(table("### diff vs floor", rows))
    print()
    print(f"CPU time of the child process (user + system) and its peak resident memory, medians of "
          f"{'several' if quick else f'{min(runs.values())}–{max(runs.values())}'} interleaved runs; "
          f"wall-clock process ratios {', '.join(walls)}. Load average {load_before:.1f} before, "
          f"{os.getloadavg()[0]:.1f} after; {time.perf_counter() - started:.0f} s in all. "
          f"{cpu_model()}, {os.cpu_count()} CPUs, {platform.system()} {platform.release()}, "
          f"{platform.python_implementation()} {platform.python_version()}, lxml {etree_version()}.")
    if not quick:
        print(f"Targets: diff {'met' if met else 'MISSED'}; start-up {'met' if startup_met else 'MISSED'}.")
    return 0 if quick or (met and startup_met) else 1  # as the other scripts: 1 when a target is missed


def etree_version() -> str:
    from lxml import etree

    return ".".join(str(n) for n in etree.LXML_VERSION[:3])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
