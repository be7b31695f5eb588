"""Benchmark of ``cahtool build``: generated corpora, each built by a whole ``cahtool build`` process.

Cases (bench/site_synth.py makes them, each valid for ``cahtool check``):

(a) the frozen corpus (tests/corpus, 15 documents) with 10, 30 and 100 times as many documents (copies of its
    proposals, each with its own id and words): the doubling curve, each size against the one before;
(b) a convention: 500 articles and about 150,000 words (preamble, parts, articles, annex), five revisions and 100
    proposals on the last one; target ≤ 30 s;
(c) a statute of about 1 MB (parts, cross-headings, sections, schedules) and a later version, built with the
    statute as ``--baseline``;

then the build of (b) again after one more proposal, with the cache the first build left (target ≤ 20 % of it).

Each build runs as its own process under a small launcher that reports the CPU time (user + system, the process
and its children: Pagefind included) and the peak memory of the build: CPU time, not wall-clock time, so that other
work on this shared machine does not count. Each case is built ``--rounds`` times from nothing (no site, no cache)
and the least CPU time is kept: the system time of writing thousands of files varies from one build to the next on
a shared virtual machine (the same build measured 8.7 s and 5.9 s), and the least is the build's own cost. The
sizes of (a) are built one right after the other in each round, and each size's growth over the one before is the
median of the rounds' own ratios (``bench/rounds.py``: the machine's speed drifts over minutes, and the least times
of two sizes built minutes apart compared a fast minute with a slow one). Nothing is deleted until every build is
measured (``discard``): ext4 makes the files created just after many were deleted cost several times more system
time.
The builds run in memory (``/dev/shm``, when it is a tmpfs with room; ``--work DIR`` elsewhere), where
nothing is deleted aside (``discard``): on disk, the system time of creating a file depends on what the file
system did before the bench started, which the bench cannot put aside. On this machine, in the minutes after a
large tree was deleted, a new directory on the same disk took 2.1 to 5.6 s of system time for Pagefind's 4,700
files of the convention's search index, 0.8 s in memory; the convention's build measured 6.9 s of system time
on disk right after an earlier bench had deleted its sites, 1.9 s on a part of the disk nothing had been
deleted from. In memory the system time is the build's own.
The notes under the table give the machine's pace before and after the builds: the CPU time of the diff bench's
floor (``bench/floor.py``) on its 128-article pair, which no change to cahtool moves. The same builds took half as
long again on one day as on another, the floor slower by nearly as much; read (b)'s seconds with it.
Prints one Markdown table (``make bench``). ``--quick``: small sizes only, to smoke-test the script.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import rounds  # noqa: E402
import site_synth  # noqa: E402
import synth  # noqa: E402

CAHTOOL = [sys.executable, "-m", "cahtool"]
#: Runs a command and prints the CPU seconds and peak memory (MB) of it and its children, as JSON.
LAUNCHER = """
import json, resource, subprocess, sys, time
start = time.perf_counter()
limit = float(sys.argv[1]) or None
try:
    done = subprocess.run(sys.argv[2:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=limit)
    code, err = done.returncode, done.stderr.decode("utf-8", "replace")[-2000:]
except subprocess.TimeoutExpired:
    code, err = -1, "time limit"
wall = time.perf_counter() - start
used = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"cpu": used.ru_utime + used.ru_stime, "wall": wall, "peak": used.ru_maxrss / 1024,
                  "code": code, "err": err}))
"""
FULL_SIZES = (10, 30, 100)
QUICK_SIZES = (1, 3)
CONVENTION = {"articles": 500, "total_words": 150_000, "revisions": 5, "proposals": 100}
QUICK_CONVENTION = {"articles": 40, "total_words": 12_000, "revisions": 2, "proposals": 8}
STATUTE_BYTES, QUICK_STATUTE_BYTES = 1_000_000, 100_000
CONVENTION_TARGET = 30.0
REBUILD_TARGET = 0.20


@dataclass(frozen=True)
class Run:
    """One build: CPU and wall-clock seconds, peak memory in MB; ``over`` when stopped at the time limit."""

    cpu: float
    wall: float
    peak: float
    over: bool = False


#: Wall-clock seconds after which a build is stopped (``--limit``; 0: none) and reported as "> N s".
LIMIT = 0.0
#: Builds of each case, each from nothing; the least CPU time is kept (``--rounds``). Three: on this shared machine the
#: least of two moved by a tenth from one run to the next (the convention's full build: 29.8 s, then 33.4 s).
ROUNDS = 3


#: Where what the bench is done with goes until the end (``discard``): nothing is deleted between builds.
TRASH: list[Path] = []


#: Whether the bench works in memory (a tmpfs), where deleting costs the next build nothing.
IN_MEMORY = False
#: Free space the bench wants in memory (the largest case, its cache and its corpus, with room to spare).
MEMORY_NEEDED = {False: 6_000_000_000, True: 500_000_000}  # by --quick


def memory(quick: bool) -> Path | None:
    """``/dev/shm`` when it is a file system in memory (tmpfs) with room for the bench, else None."""
    shm = Path("/dev/shm")
    try:
        mounts = Path("/proc/mounts").read_text(encoding="utf-8").splitlines()
        found = os.statvfs(shm)
    except OSError:
        return None
    if not any(line.split()[1:3] == [str(shm), "tmpfs"] for line in mounts if len(line.split()) > 2):
        return None
    return shm if found.f_bavail * found.f_frsize >= MEMORY_NEEDED[quick] else None


def discard(path: Path) -> None:
    """Delete a directory (in memory), or put it aside, to be deleted once every build is measured (on disk).

    ext4 does not give out again, for a minute or more, the inodes of files just deleted: each file the next
    build creates is found only after a scan past them (the kernel's ``recently_deleted``, seen with ``perf``). A
    build started right after the bench deleted the previous round's 6,000-file site paid 2 to 4 s of system time
    for it (the ×30 build: 1.9 to 4.9 s of system time for 13 s of user time), which is the bench's doing, not the
    build's. Renaming a directory frees no inode; everything is deleted at the end.
    """
    if IN_MEMORY:
        shutil.rmtree(path)
        return
    trash = path.parent / ".trash"
    trash.mkdir(exist_ok=True)
    aside = trash / f"{len(TRASH)}-{path.name}"
    path.rename(aside)
    TRASH.append(aside)


def clear(out: Path) -> None:
    """No site and no build cache at ``out``: the next build starts from nothing."""
    for path in (out, out.parent / f".{out.name}.cache"):
        if path.exists():
            discard(path)


def best(drafts: Path, out: Path, *extra: str) -> Run:
    """The build of ``drafts`` with the least CPU time of ``ROUNDS``, each from nothing."""
    runs = []
    for _ in range(ROUNDS):
        clear(out)
        runs.append(build(drafts, out, *extra))
    return min(runs, key=lambda r: r.cpu)


def build(drafts: Path, out: Path, *extra: str) -> Run:
    """``cahtool build`` of ``drafts`` into ``out`` as a whole process, measured (stderr is not a terminal: no
    progress bar)."""
    command = [*CAHTOOL, "--drafts", str(drafts), "build", "--out", str(out), *extra]
    done = subprocess.run([sys.executable, "-c", LAUNCHER, str(LIMIT), *command], capture_output=True, text=True,
                          check=True)
    result = json.loads(done.stdout)
    if result["code"] == -1:
        return Run(result["cpu"], result["wall"], result["peak"], over=True)
    if result["code"] != 0:
        raise SystemExit(f"cahtool build failed on {drafts}: {result['err']}")
    return Run(result["cpu"], result["wall"], result["peak"])


#: Runs of the floor that tell the machine's pace (the least is kept).
PACE_RUNS = 5


def pace_pair(root: Path, *, quick: bool) -> tuple[int, list[str]]:
    """The diff bench's 128-article pair (15 articles with ``--quick``), written under ``root``: its words, and the
    floor's arguments (old, new, pairs)."""
    pair = synth.size("15" if quick else "128")
    return pair.words, [str(path) for path in synth.write(pair, root / "pace")]


def pace(files: list[str]) -> float:
    """The least CPU seconds of the floor's process on a pair (``bench/floor.py``: parse, word diff, JSON; none of
    cahtool's code): the pace of the machine, printed beside the builds. This virtual machine's pace moves by half
    from one session to the next (the floor of the 128-article pair took 139 ms in one, 201 ms in another), and a
    build's seconds against an absolute target read with it."""
    least = math.inf
    for _ in range(PACE_RUNS):
        done = subprocess.run([sys.executable, "-c", LAUNCHER, "0", sys.executable, str(HERE / "floor.py"), *files],
                              capture_output=True, text=True, check=True)
        least = min(least, json.loads(done.stdout)["cpu"])
    return least


def seconds(s: float | Run) -> str:
    if isinstance(s, Run):
        return f"> {seconds(s.cpu)} (stopped)" if s.over else seconds(s.cpu)
    return f"{s:.1f} s" if s < 100 else f"{s:.0f} s"


def main(argv: list[str] | None = None) -> int:
    global LIMIT, ROUNDS, IN_MEMORY
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes only (a smoke test)")
    parser.add_argument("--limit", type=float, default=0.0, metavar="SECONDS",
                        help="stop a build after this many wall-clock seconds (to time an older cahtool)")
    parser.add_argument("--rounds", type=int, default=None, metavar="N",
                        help="builds of each case, each from nothing; the least CPU time is kept "
                             f"(default {ROUNDS}; 1 with --quick)")
    parser.add_argument("--work", type=Path, default=None, metavar="DIR",
                        help="where the corpora and sites are made (default: /dev/shm when it is a tmpfs with room, "
                             "else the system's temporary directory; removed at the end)")
    args = parser.parse_args(argv)
    LIMIT = args.limit
    ROUNDS = max(1, args.rounds if args.rounds is not None else 1 if args.quick else ROUNDS)
    sizes = QUICK_SIZES if args.quick else FULL_SIZES
    convention = QUICK_CONVENTION if args.quick else CONVENTION
    statute_bytes = QUICK_STATUTE_BYTES if args.quick else STATUTE_BYTES
    rows: list[tuple[str, ...]] = []
    started = time.perf_counter()
    if args.work is None:
        args.work = memory(args.quick)
        IN_MEMORY = args.work is not None
    else:
        args.work.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="cahtool-site-bench-", dir=args.work) as tmp:
        root = Path(tmp)
        words, floor = pace_pair(root, quick=args.quick)
        paces = [pace(floor)]
        # (a) the frozen corpus, many times over: each size against the one before. Each round builds every size,
        # one right after the other: the growth is each round's own ratio, the median of the rounds (rounds.py).
        corpora = []
        for factor in sizes:
            drafts = root / f"frozen-x{factor}"
            drafts.mkdir()
            corpora.append((factor, drafts, site_synth.frozen_copies(drafts, factor)))
        runs: dict[int, list[Run]] = {}
        for _ in range(ROUNDS):
            for factor, drafts, count in corpora:
                print(f"(a) ×{factor}: {count} documents ...", file=sys.stderr, flush=True)
                clear(root / f"site-x{factor}")
                runs.setdefault(factor, []).append(build(drafts, root / f"site-x{factor}"))
        previous: tuple[int, list[Run]] | None = None
        for factor, _drafts, count in corpora:
            run = min(runs[factor], key=lambda r: r.cpu)
            if previous is None:
                rows.append((f"(a) frozen corpus ×{factor}: {count:,} documents", seconds(run), "—", "—",
                             f"{run.peak:.0f}", "—", "—"))
            else:
                before_count, before = previous
                growth = count / before_count
                ratio = (math.inf if any(r.over for r in runs[factor])
                         else rounds.growth([r.cpu for r in before], [r.cpu for r in runs[factor]]))
                rows.append((f"(a) frozen corpus ×{factor}: {count:,} documents", seconds(run),
                             f"{before_count:,} documents: {seconds(min(before, key=lambda r: r.cpu))}",
                             f"{ratio:.2f}×" if ratio < math.inf else "—",
                             f"{run.peak:.0f}", f"≤ {growth:.2f}× (documents ×{growth:.2f})",
                             "yes" if ratio <= growth else "no"))
            previous = (count, runs[factor])
        for factor, drafts, _count in corpora:
            clear(root / f"site-x{factor}")
            discard(drafts)
        # (b) a convention with its revisions and proposals, then one proposal more.
        drafts = root / "convention"
        drafts.mkdir()
        shape = site_synth.convention(drafts, **convention)
        print(f"(b) convention: {shape} ...", file=sys.stderr, flush=True)
        out = root / "site-convention"
        # Each round: the full build from nothing, then one proposal more and the build again with the cache the
        # full build left. The least of each is kept.
        pairs = []
        for _ in range(ROUNDS):
            corpus = root / "convention-round"
            if corpus.exists():
                discard(corpus)
            shutil.copytree(drafts, corpus)
            shutil.copy(site_synth._later(drafts), site_synth._later(corpus))
            clear(out)
            first = build(corpus, out, "--baseline", "draft-convention")
            site_synth.one_more_proposal(corpus)
            print("(b) again, one proposal more ...", file=sys.stderr, flush=True)
            pairs.append((first, build(corpus, out, "--baseline", "draft-convention")))
            discard(corpus)
        full = min((pair[0] for pair in pairs), key=lambda r: r.cpu)
        again = min((pair[1] for pair in pairs), key=lambda r: r.cpu)
        met = full.cpu <= CONVENTION_TARGET
        rows.append((f"(b) convention: {shape['articles']} articles, {shape['words']:,} words, "
                     f"{convention['revisions']} revisions, {convention['proposals']} proposals",
                     seconds(full), "—", "—", f"{full.peak:.0f}", f"≤ {CONVENTION_TARGET:.0f} s",
                     "yes" if met else "no"))
        ratio = again.cpu / full.cpu
        rows.append(("(b) after one new proposal, with the cache", seconds(again),
                     f"full build: {seconds(full)}", f"{ratio:.2f}", f"{again.peak:.0f}",
                     f"≤ {REBUILD_TARGET:.2f}", "yes" if ratio <= REBUILD_TARGET else "no"))
        clear(out)
        discard(drafts)
        # (c) a statute as baseline.
        drafts = root / "statute"
        drafts.mkdir()
        shape = site_synth.statute(drafts, size=statute_bytes)
        print(f"(c) statute: {shape} ...", file=sys.stderr, flush=True)
        run = best(drafts, root / "site-statute", "--baseline", "statute")
        rows.append((f"(c) statute of {shape['bytes'] / 1e6:.1f} MB as baseline ({shape['sections']} sections), "
                     "and its amended version", seconds(run), "—", "—", f"{run.peak:.0f}", "—", "—"))
        paces.append(pace(floor))
    print("### site build (`cahtool build`, whole process)")
    header = ("case", "cahtool", "floor / reference", "ratio", "peak MB", "target", "met")
    print("| " + " | ".join(header) + " |")
    print("|" + "|".join(["---"] + ["---:"] * 4 + ["---"] * 2) + "|")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    print(f"\nCPU time (user + system) of each `cahtool build` process and its children (Pagefind), the least "
          f"of {ROUNDS} build{'s' if ROUNDS != 1 else ''} from nothing; "
          f"(a) each size against the one before, the median of the rounds' own ratios (the documents grow by the "
          f"factor shown, the time may not grow more); "
          f"built in {'memory (' + str(args.work) + ')' if IN_MEMORY else args.work or tempfile.gettempdir()}; "
          f"load average {os.getloadavg()[0]:.1f}; {time.perf_counter() - started:.0f} s in all. The machine's pace: "
          f"the floor of a {words:,}-word diff (bench/floor.py, which no change to cahtool moves) took "
          f"{paces[0] * 1000:.0f} ms of CPU before the builds and {paces[1] * 1000:.0f} ms after them (the least of "
          f"{PACE_RUNS} runs each).")
    return 1 if any(row[-1] == "no" for row in rows) else 0  # as the other scripts: 1 when a target is missed


if __name__ == "__main__":
    sys.exit(main())
