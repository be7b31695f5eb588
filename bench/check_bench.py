"""Benchmark of ``cahtool check``: 100 documents (the real drafts, copied with new ids), target ≤ 5 s.

Run with ``make bench`` or ``.venv/bin/python bench/check_bench.py``. Prints the time of the library call
and of the command (start-up included); exits with 1 when the command misses the target.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DRAFTS = ROOT / "drafts"
DOCUMENTS = 100
TARGET = 5.0


def make_corpus(target: Path, count: int = DOCUMENTS) -> None:
    """``count`` documents: copies of the real drafts, each with its own short id and a changed word."""
    sources = sorted(DRAFTS.glob("*.xml"))
    for n in range(count):
        source = sources[n % len(sources)]
        text = source.read_text(encoding="utf-8")
        text = re.sub(r'(<FRBRalias value=")([^"]+)(")', rf"\g<1>\g<2>-copy-{n}\g<3>", text, count=1)
        text = text.replace("</p>", f" (copy {n})</p>", 1)  # not a duplicate of its source
        (target / f"{source.stem}-copy-{n}.xml").write_text(text, encoding="utf-8")


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp)
        make_corpus(corpus)
        from cahtool.check import check

        start = time.perf_counter()
        report = check(root=corpus)
        library = time.perf_counter() - start
        assert len(report.results) == DOCUMENTS and report.errors == 0, report.findings[:3]
        start = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "cahtool", "--drafts", str(corpus), "check"],
                              capture_output=True, text=True, check=False)
        command = time.perf_counter() - start
        assert done.returncode == 0, done.stdout + done.stderr
    print(f"check: {DOCUMENTS} documents in {library:.2f} s (library), {command:.2f} s (command, start-up "
          f"included); target ≤ {TARGET:.0f} s")
    return 0 if command <= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
