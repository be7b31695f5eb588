"""Site build time: the real corpus, then synthetic corpora of 25, 50 and 100 documents.

Target: 100 documents in at most 10 s, growing linearly. Each synthetic document is the ILC 2019 text
with a few words changed (so every comparison has real work), dated one day after the previous one.
Run with ``make bench`` (or ``.venv/bin/python bench/site_bench.py``).
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cahtool import Corpus  # noqa: E402
from cahtool.site import build  # noqa: E402

TARGET_SECONDS = 10.0
SIZES = (25, 50, 100)


def synthetic(directory: Path, count: int) -> None:
    """Write the baseline and ``count`` variants of the ILC 2019 text into ``directory``."""
    shutil.copy(ROOT / "drafts" / "rome-statute-art7.xml", directory)
    ilc = (ROOT / "drafts" / "ilc-2019-art2.xml").read_text(encoding="utf-8")
    for n in range(count):
        text = ilc.replace('value="ilc-2019"', f'value="synthetic-{n:03d}"')
        text = text.replace("2019-08-05", f"{2020 + n // 365}-{1 + (n // 28) % 12:02d}-{1 + n % 28:02d}")
        text = text.replace("<p>torture;</p>", f"<p>torture, variant {n};</p>")
        if n % 2:
            text = text.replace("enforced disappearance of persons;", "enforced disappearance of persons or groups;")
        if n % 3 == 0:
            text = text.replace("the crime of apartheid;", "the crime of apartheid, including gender apartheid;")
        (directory / f"synthetic-{n:03d}.xml").write_text(text, encoding="utf-8")


def timed(drafts: Path, out: Path) -> tuple[float, int]:
    start = time.perf_counter()
    report = build(Corpus(drafts), out)
    return time.perf_counter() - start, sum(1 for p in report.pages if p.endswith(".html"))


def main() -> int:
    rows = []
    with tempfile.TemporaryDirectory(prefix="cahtool-site-bench-") as tmp:
        seconds, pages = timed(ROOT / "drafts", Path(tmp) / "real")
        rows.append(("real corpus", len(Corpus(ROOT / "drafts").documents()), pages, seconds))
        for size in SIZES:
            drafts = Path(tmp) / f"drafts-{size}"
            drafts.mkdir()
            synthetic(drafts, size)
            seconds, pages = timed(drafts, Path(tmp) / f"site-{size}")
            rows.append((f"synthetic {size}", size + 1, pages, seconds))
    print(f"{'corpus':<16} {'documents':>9} {'pages':>6} {'seconds':>8} {'ms/document':>12}")
    for name, docs, pages, seconds in rows:
        print(f"{name:<16} {docs:>9} {pages:>6} {seconds:>8.2f} {1000 * seconds / docs:>12.1f}")
    largest = rows[-1][3]
    verdict = "within" if largest <= TARGET_SECONDS else "OVER"
    print(f"100 documents: {largest:.2f} s, {verdict} the {TARGET_SECONDS:.0f} s target")
    return 0 if largest <= TARGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
