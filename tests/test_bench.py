"""The bench scripts run (``--quick``: their smallest sizes) and print their table; no timing is asserted."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import ROOT

HEADER = "| case | cahtool | floor / reference | ratio | peak MB | target | met |"


def _quick(script: str) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([sys.executable, str(ROOT / "bench" / script), "--quick"], capture_output=True,
                          text=True, check=False, cwd=ROOT, timeout=300)
    assert done.returncode in (0, 1), done.stderr  # 1: a target missed, which a loaded machine may do
    return done


@pytest.mark.parametrize("script", ["diff_bench.py", "check_bench.py", "proposals.py", "docx_bench.py"])
def test_bench_runs_quick(script):
    done = _quick(script)
    lines = done.stdout.splitlines()
    assert lines[0].startswith("### ") and HEADER in lines, done.stdout
    rows = [line for line in lines if line.startswith("| ") and line != HEADER]
    assert len(rows) >= 2 and all(line.count("|") == 8 for line in rows), done.stdout


def test_site_bench_cases() -> None:
    lines = _quick("site_bench.py").stdout.splitlines()
    assert lines[0].startswith("### site build")
    assert lines[1] == HEADER
    assert all(line.count("|") == 8 for line in lines[3:] if line.startswith("| ")), "\n".join(lines)
    cases = [line.split(" | ")[0].removeprefix("| ") for line in lines[3:] if line.startswith("| ")]
    assert [c.split(":")[0].split(" of ")[0] for c in cases] == [
        "(a) frozen corpus ×1", "(a) frozen corpus ×3", "(b) convention", "(b) after one new proposal, with the cache",
        "(c) statute"]
    for line in lines[3:8]:
        assert len(line.split(" | ")) == 7  # every column filled (— where nothing applies)


def test_growth_is_the_median_of_each_rounds_own_ratio() -> None:
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        import rounds
    finally:
        sys.path.remove(str(ROOT / "bench"))
    # The machine slowed by half in the second round: each round's own ratio is 2.0; one run another process
    # slowed (the third round's larger one) moves one ratio, not the median.
    assert rounds.growth([1.0, 1.5, 1.0], [2.0, 3.0, 3.5]) == 2.0
    # Taken apart, the least of each size would say 2.0 / 1.0 here too, but 6.0 / 1.0 had the machine slowed
    # between the rounds' two runs: a round's ratio is of two runs made one right after the other.
    assert rounds.growth([1.0, 3.0], [2.0, 6.0]) == 2.0
    assert rounds.growth([1.0], [float("inf")]) == float("inf")
    with pytest.raises(ValueError):
        rounds.growth([1.0, 2.0], [2.0])
