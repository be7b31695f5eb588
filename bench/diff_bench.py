"""Benchmark of ``cahtool diff`` against a floor and xmldiff, on synthetic treaty pairs (``make bench``).

For each size of bench/synth.py (1, 15, 128 and 1,000 articles), the median of several runs of:

- cahtool: ``cahtool diff OLD NEW --format json -o /dev/null``, in-process (load both files, compare,
  render JSON, write) and as a whole process (the installed ``cahtool`` script);
- the floor (bench/floor.py): lxml parse of both files + diff-match-patch word diff of the provisions,
  paired by eId in advance, in-process and as a process;
- xmldiff on the same files, once, with a time limit (not run on the largest size).

Then the CLI start-up: ``cahtool --version`` against a bare ``python -c "import lxml.etree,
diff_match_patch, click"``. Runs of the things compared alternate, so that other work on the machine
falls on both alike, and the table gives CPU time (user + system): on an idle machine it is the
wall-clock time, and on a shared one it is not inflated by the other jobs (wall-clock ratios are
printed too). Prints one Markdown table, the one quoted in the README.
"""

from __future__ import annotations

import compileall
import gc
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import floor  # noqa: E402
import synth  # noqa: E402

BIN = Path(sys.executable).parent
OUT = HERE / "out"
#: Runs per size (the median is reported).
RUNS = {"1": 15, "15": 11, "128": 7, "1000": 3}
#: xmldiff's time limit, and the sizes it runs on (it is far too slow for the largest).
XMLDIFF_LIMIT = 60.0
XMLDIFF_SIZES = ("1", "15", "128")
STARTUP_RUNS = 21
#: The target: cahtool as a process at most this many times the floor as a process, on this size.
TARGET_SIZE, TARGET_RATIO = "128", 2.0


def cpu() -> float:
    """CPU seconds (user + system) used so far by this process and its finished children."""
    me, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + children.ru_utime + children.ru_stime


@dataclass(frozen=True)
class Timing:
    """Median wall-clock and CPU seconds of several runs."""

    wall: float
    cpu: float


def alternate(runs: int, *fns: Callable[[], object]) -> list[Timing]:
    """The median times of each function, their runs interleaved (after one warm-up run each)."""
    for fn in fns:
        fn()
    walls: list[list[float]] = [[] for _ in fns]
    cpus: list[list[float]] = [[] for _ in fns]
    for _ in range(runs):
        for k, fn in enumerate(fns):
            gc.collect()
            wall, used = time.perf_counter(), cpu()
            fn()
            walls[k].append(time.perf_counter() - wall)
            cpus[k].append(cpu() - used)
    return [Timing(statistics.median(w), statistics.median(c)) for w, c in zip(walls, cpus, strict=True)]


def cahtool_in_process(old: Path, new: Path) -> None:
    """What ``cahtool diff OLD NEW --format json -o /dev/null`` does once its modules are imported."""
    from cahtool.akn import load_file
    from cahtool.diff import compare
    from cahtool.render import Options, render

    result = render(compare(load_file(old), load_file(new)), "json", Options())
    assert isinstance(result, str)
    with open(os.devnull, "wb") as sink:
        sink.write(result.encode("utf-8"))


def process(*argv: str | Path) -> Callable[[], object]:
    command = [str(a) for a in argv]
    return lambda: subprocess.run(command, check=True, stdout=subprocess.DEVNULL)


def xmldiff(old: Path, new: Path) -> float | None:
    """CPU seconds xmldiff takes on the pair, or None past the (wall-clock) time limit."""
    command = [str(BIN / "xmldiff"), str(old), str(new)]
    used = cpu()
    try:
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, timeout=XMLDIFF_LIMIT)
    except subprocess.TimeoutExpired:
        return None
    return cpu() - used


def ms(seconds: float) -> str:
    if seconds >= 10:
        return f"{seconds:.0f} s"
    if seconds >= 1:
        return f"{seconds:.1f} s"
    return f"{seconds * 1000:.0f} ms" if seconds >= 0.01 else f"{seconds * 1000:.1f} ms"


def cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def main() -> int:
    # Bytecode as an installed cahtool has it (pip compiles on install; PYTHONDONTWRITEBYTECODE
    # would otherwise make every process compile the package from source).
    compileall.compile_dir(str(HERE.parent / "cahtool"), quiet=1)
    load_before = os.getloadavg()[0]
    started = time.perf_counter()
    rows = []
    wall_ratios = []
    target: Timing | None = None
    for name in synth.SIZES:
        pair = synth.size(name)
        old, new, pairs_path = synth.write(pair, OUT)
        pairs = [tuple(p) for p in json.loads(pairs_path.read_text(encoding="utf-8"))]
        runs = RUNS[name]
        print(f"{pair.name}: {pair.articles:,} articles, {pair.words:,} words, {len(pairs):,} pairs ...",
              file=sys.stderr, flush=True)
        cahtool_in, floor_in = alternate(runs, partial(cahtool_in_process, old, new),
                                         partial(floor.run, str(old), str(new), pairs))
        cahtool_proc, floor_proc = alternate(
            runs,
            process(BIN / "cahtool", "diff", old, new, "--format", "json", "-o", os.devnull),
            process(sys.executable, HERE / "floor.py", old, new, pairs_path),
        )
        if name in XMLDIFF_SIZES:
            seconds = xmldiff(old, new)
            xml = ms(seconds) if seconds is not None else f"> {XMLDIFF_LIMIT:.0f} s"
        else:
            xml = "not run"
        ratio = Timing(cahtool_proc.wall / floor_proc.wall, cahtool_proc.cpu / floor_proc.cpu)
        if name == TARGET_SIZE:
            target = ratio
        wall_ratios.append(f"{pair.articles:,}: {ratio.wall:.2f}×")
        rows.append((f"{pair.articles:,}", f"{pair.words:,}", ms(cahtool_in.cpu), ms(floor_in.cpu),
                     ms(cahtool_proc.cpu), ms(floor_proc.cpu), f"{ratio.cpu:.2f}×", xml))

    version = process(BIN / "cahtool", "--version")
    bare = process(sys.executable, "-c", "import lxml.etree, diff_match_patch, click")
    startup, imports = alternate(STARTUP_RUNS, version, bare)

    header = ("articles", "words", "cahtool in-process", "floor in-process", "cahtool process",
              "floor process", "process ratio", "xmldiff")
    print("| " + " | ".join(header) + " |")
    print("|" + "|".join("---:" for _ in header) + "|")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    print()
    print(f"Start-up: `cahtool --version` {ms(startup.cpu)}, bare `python -c \"import lxml.etree, "
          f"diff_match_patch, click\"` {ms(imports.cpu)} ({startup.cpu / imports.cpu:.2f}×).")
    print(f"Times are medians of CPU time (user + system) over {RUNS['1000']}–{RUNS['1']} interleaved runs "
          f"({STARTUP_RUNS} for start-up): on an idle machine the same as wall-clock time, and unlike it not "
          f"inflated by other jobs on a shared one. xmldiff: one run, {XMLDIFF_LIMIT:.0f} s wall-clock limit.")
    print(f"Wall-clock process ratio: {', '.join(wall_ratios)}; load average {load_before:.1f} before, "
          f"{os.getloadavg()[0]:.1f} after; {time.perf_counter() - started:.0f} s in all.")
    print(f"Machine: {cpu_model()}, {os.cpu_count()} CPUs, {platform.system()} {platform.release()}, "
          f"{platform.python_implementation()} {platform.python_version()}, lxml {etree_version()}.")
    assert target is not None
    verdict = "met" if target.cpu <= TARGET_RATIO else "MISSED"
    startup_verdict = "met" if startup.cpu <= imports.cpu * 1.05 else "MISSED"
    print(f"Targets: cahtool diff ≤ {TARGET_RATIO:g}× the floor as a process on {synth.SIZES[TARGET_SIZE][0]} "
          f"articles: {verdict} ({target.cpu:.2f}×, wall-clock {target.wall:.2f}×); start-up no slower than "
          f"the bare import (5 % noise allowed): {startup_verdict}.")
    return 0


def etree_version() -> str:
    from lxml import etree

    return ".".join(str(n) for n in etree.LXML_VERSION[:3])


if __name__ == "__main__":
    sys.exit(main())
