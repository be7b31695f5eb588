"""The benchmark scripts run: each with ``--quick`` (its smallest sizes), printing its table (``make bench``)."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT


def test_site_bench_quick() -> None:
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "site_bench.py"), "--quick"], cwd=ROOT,
                          capture_output=True, text=True, check=False, timeout=300)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("### site build")
    assert lines[1] == "| case | cahtool | floor / reference | ratio | peak MB | target | met |"
    cases = [line.split(" | ")[0].removeprefix("| ") for line in lines[3:] if line.startswith("| ")]
    assert [c.split(":")[0].split(" of ")[0] for c in cases] == [
        "(a) frozen corpus ×1", "(a) frozen corpus ×3", "(b) convention", "(b) after one new proposal, with the cache",
        "(c) statute"]
    for line in lines[3:8]:
        assert len(line.split(" | ")) == 7  # every column filled (— where nothing applies)
