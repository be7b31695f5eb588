"""The short fuzzing pass of ``make test``, and every crash fuzzing ever found, replayed.

Each target of ``harness`` gets a few dozen mutants of its seeds from hypothesis (a few seconds each; the long
run is ``make fuzz``). A target may end only in cahtool's own error; any other exception fails the test, and
hypothesis shrinks the mutation. Every file in ``tests/fuzz/crashes/`` (``TARGET-SHA1.bin``, saved by
``make fuzz``, its traceback beside it) is run through its target again: a crash once found stays fixed.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.fuzz.harness import CRASHES, TARGETS, target_of

#: Examples per target in ``make test``: enough to walk every mutation kind, a few seconds per target.
EXAMPLES = {"check": 300, "diff": 60, "apply": 300, "propose": 400, "import": 100, "import-xml": 60}
SHORT = settings(deadline=None, derandomize=False, suppress_health_check=list(HealthCheck))


@pytest.mark.parametrize("name", sorted(TARGETS))
def test_short_fuzzing_pass(name: str) -> None:
    target = TARGETS[name]
    seeds = target.seeds()

    @given(st.integers(0, len(seeds) - 1), st.randoms(use_true_random=False), st.integers(1, 3))
    @settings(SHORT, max_examples=EXAMPLES[name])
    def one(seed: int, rng: random.Random, rounds: int) -> None:
        data = seeds[seed]
        for _ in range(rounds):
            data = target.mutate(rng, data)
        target.run(data)

    one()


@pytest.mark.parametrize("name", sorted(TARGETS))
def test_seeds_run_clean(name: str) -> None:
    for data in TARGETS[name].seeds():
        TARGETS[name].run(data)


CRASH_FILES = sorted(CRASHES.glob("*.bin"))


@pytest.mark.parametrize("path", CRASH_FILES, ids=[p.name for p in CRASH_FILES])
def test_crash_found_by_fuzzing_stays_fixed(path: Path) -> None:
    TARGETS[target_of(path)].run(path.read_bytes())
