"""``make fuzz``: fuzz every target for a given time, then print executions and crashes per target.

    python -m tests.fuzz.run --minutes 10            # the time is shared between the targets
    python -m tests.fuzz.run --minutes 2 --targets propose,import --engine random

Engines: ``atheris`` (coverage-guided libFuzzer, with the harness's structural mutations as its custom
mutator; each target runs in a child process, restarted after a timeout or an out-of-memory) when it is
installed, else ``random`` (the same mutations of the same seeds, no coverage guidance). A crash is any
exception other than CahtoolError (or, for atheris, a timeout or out-of-memory); each distinct crash
(exception type and innermost frame of cahtool) is kept in ``--out`` with its traceback, to become a
regression fixture in ``tests/fuzz/crashes/``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.fuzz.harness import TARGETS, crash_name, save_crash, signature  # noqa: E402

#: A single input taking longer than this is a crash (a hang), in seconds.
TIMEOUT = 60
#: Memory one atheris child may use, in MB.
RSS_LIMIT_MB = 3000


@dataclass
class Tally:
    """What one target's run did."""

    executions: int = 0
    seconds: float = 0.0
    crashes: dict[str, str] = field(default_factory=dict)  # signature -> file


# -- the random engine -------------------------------------------------------------------------------

class Hang(BaseException):
    """An input that took longer than TIMEOUT (raised by SIGALRM; a BaseException, so no target swallows it)."""


def _hang(signum: int, frame: object) -> None:
    raise Hang(f"over {TIMEOUT} s on one input")


def fuzz_random(name: str, seconds: float, out: Path, seed: int) -> Tally:
    """Mutate the target's seeds (and, now and then, earlier mutants) until the time is up."""
    target = TARGETS[name]
    rng = random.Random(seed)
    seeds = target.seeds()
    pool = list(seeds)
    tally = Tally()
    if hasattr(signal, "SIGALRM"):
        signal.signal(signal.SIGALRM, _hang)
    start = time.monotonic()
    while time.monotonic() - start < seconds:
        data = target.mutate(rng, rng.choice(pool))
        alarm = hasattr(signal, "SIGALRM")
        if alarm:
            signal.alarm(TIMEOUT)
        try:
            target.run(data)
        except Hang as exc:
            tally.crashes.setdefault(f"hang (over {TIMEOUT} s)", str(save_crash(out, name, data, exc)))
        except Exception as exc:  # noqa: BLE001 - any exception but CahtoolError is the finding
            sig = signature(exc)
            if sig not in tally.crashes:
                tally.crashes[sig] = str(save_crash(out, name, data, exc))
        finally:
            if alarm:
                signal.alarm(0)
        tally.executions += 1
        if rng.random() < 0.2 and len(data) < 2_000_000:
            pool.append(data)  # stack mutations: some crashes need several edits
            if len(pool) > 200:
                del pool[len(seeds)]
    tally.seconds = time.monotonic() - start
    return tally


# -- the atheris engine --------------------------------------------------------------------------------

def child(name: str, out: Path, stats: Path) -> None:  # pragma: no cover - runs under atheris
    """The atheris child process: instrument cahtool, fuzz one target, record crashes without stopping."""
    import atheris

    with atheris.instrument_imports(include=["cahtool"]):
        import cahtool.cli  # noqa: F401 - import (and so instrument) every module of cahtool
        from cahtool import akn, amend, check, diff, propose, render, word  # noqa: F401
    target = TARGETS[name]
    seen: dict[str, str] = {}
    count = [0]
    last = [time.monotonic()]

    def write_stats() -> None:
        stats.write_text(json.dumps({"executions": count[0], "crashes": seen}), encoding="utf-8")

    def one_input(data: bytes) -> None:
        count[0] += 1
        try:
            target.run(data)
        except Exception as exc:  # noqa: BLE001 - recorded, and fuzzing goes on
            sig = signature(exc)
            if sig not in seen:
                seen[sig] = str(save_crash(out, name, data, exc))
                write_stats()
        if time.monotonic() - last[0] > 2:
            last[0] = time.monotonic()
            write_stats()

    def mutator(data: bytes, max_size: int, seed: int) -> bytes:
        rng = random.Random(seed)
        if rng.random() < 0.25:
            return atheris.Mutate(data, max_size)
        return target.mutate(rng, data)[:max(max_size, 1)]

    import atexit

    atexit.register(write_stats)
    atheris.Setup(sys.argv[:1] + [a for a in sys.argv[1:] if a.startswith("-") and not a.startswith("--")
                                  or not a.startswith("-")], one_input, custom_mutator=mutator)
    atheris.Fuzz()


def fuzz_atheris(name: str, seconds: float, out: Path) -> Tally:
    """Run the atheris child for ``seconds``, restarting it after a timeout or out-of-memory."""
    tally = Tally()
    start = time.monotonic()
    with tempfile.TemporaryDirectory(prefix=f"cahtool-fuzz-{name}-") as scratch:
        corpus = Path(scratch) / "corpus"
        corpus.mkdir()
        for k, data in enumerate(TARGETS[name].seeds()):
            (corpus / f"seed-{k}").write_bytes(data)
        artifacts = Path(scratch) / "artifacts"
        artifacts.mkdir()
        stats = Path(scratch) / "stats.json"
        while (left := seconds - (time.monotonic() - start)) > 5:
            command = [sys.executable, "-m", "tests.fuzz.run", "--child", name, "--out", str(out), "--stats",
                       str(stats), f"-max_total_time={int(left)}", f"-timeout={TIMEOUT}",
                       f"-rss_limit_mb={RSS_LIMIT_MB}", f"-artifact_prefix={artifacts}/", "-max_len=400000",
                       str(corpus)]
            done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
            runs = re.findall(r"Done (\d+) runs", done.stderr)
            recorded = json.loads(stats.read_text(encoding="utf-8")) if stats.is_file() else {}
            tally.executions += int(runs[-1]) if runs else int(recorded.get("executions", 0))
            tally.crashes.update(recorded.get("crashes", {}))
            stats.unlink(missing_ok=True)
            for artifact in sorted(artifacts.iterdir()):  # timeouts, out-of-memory, a crash of the child
                kind = artifact.name.split("-")[0]
                data = artifact.read_bytes()
                kept = out / crash_name(name, data)
                out.mkdir(parents=True, exist_ok=True)
                kept.write_bytes(data)
                kept.with_suffix(".txt").write_text(done.stderr[-4000:], encoding="utf-8")
                tally.crashes.setdefault(f"libFuzzer {kind}", str(kept))
                artifact.unlink()
            if done.returncode == 0:
                break
    tally.seconds = time.monotonic() - start
    return tally


# -- main ------------------------------------------------------------------------------------------------

def has_atheris() -> bool:
    try:
        import atheris  # noqa: F401
    except ImportError:
        return False
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--minutes", type=float, default=float(os.environ.get("FUZZ_MINUTES", 10)))
    parser.add_argument("--targets", default=",".join(TARGETS), help="comma-separated: " + ", ".join(TARGETS))
    parser.add_argument("--engine", choices=["auto", "atheris", "random"], default="auto")
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "fuzz" / "crashes")
    parser.add_argument("--seed", type=int, default=int(time.time()))
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--stats", type=Path, help=argparse.SUPPRESS)
    args, rest = parser.parse_known_args(argv)
    if args.child:
        sys.argv = [sys.argv[0], *rest]
        child(args.child, args.out, args.stats)
        return 0
    names = [n.strip() for n in args.targets.split(",") if n.strip()]
    unknown = [n for n in names if n not in TARGETS]
    if unknown:
        parser.error(f"unknown target(s): {', '.join(unknown)}")
    engine = args.engine if args.engine != "auto" else ("atheris" if has_atheris() else "random")
    if engine == "atheris" and not has_atheris():
        parser.error("atheris is not installed (pip install atheris), use --engine random")
    share = args.minutes * 60 / len(names)
    print(f"fuzzing {', '.join(names)} for {args.minutes:g} min ({share:.0f} s each) with {engine}; "
          f"crashes go to {args.out}", flush=True)
    tallies: dict[str, Tally] = {}
    for name in names:
        tallies[name] = (fuzz_atheris(name, share, args.out) if engine == "atheris"
                         else fuzz_random(name, share, args.out, args.seed))
        t = tallies[name]
        print(f"  {name:<11} {t.executions:>9,} executions in {t.seconds:5.0f} s  {len(t.crashes)} crash(es)",
              flush=True)
        for sig, path in sorted(t.crashes.items()):
            print(f"      {sig}: {path}", flush=True)
    total = sum(t.executions for t in tallies.values())
    crashes = sum(len(t.crashes) for t in tallies.values())
    print(f"total: {total:,} executions, {crashes} distinct crash(es)", flush=True)
    return 1 if crashes else 0


if __name__ == "__main__":
    sys.exit(main())
