"""Timings of the Word round trip (``make bench``): write a redline and a clean text, read an edited file back.

Median of several in-process runs on the real corpus: ``diff rome-statute-art7 ilc-2019 --format docx``,
``show ilc-2019 --format docx``, and ``import`` of that file with one tracked change. Prints a Markdown table.
"""

from __future__ import annotations

import io
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cahtool import wordimport, wordml  # noqa: E402
from cahtool.corpus import Corpus  # noqa: E402
from cahtool.diff import compare  # noqa: E402
from cahtool.render import Options, render  # noqa: E402
from cahtool.word import docx as docx_render  # noqa: E402

RUNS = 15


def median_ms(fn: Callable[[], object]) -> float:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    corpus = Corpus(ROOT / "drafts")
    rome, ilc = corpus.get("rome-statute-art7"), corpus.get("ilc-2019")
    comparison = compare(rome, ilc)
    shown = docx_render.document(ilc)
    import docx  # only to make the edited file, as Word would

    edited = docx.Document(io.BytesIO(shown))
    target = next(p for p in edited.paragraphs if p.text.startswith("(h)\tpersecution"))
    old = target.text
    for child in list(target._p)[1:]:
        target._p.remove(child)
    from cahtool.diff import word_diff as diff

    docx_render.add_redline(target, diff(old, old.replace("gender or", "gender, age or")),
                            docx_render.Revisions("Mexico", "2024-04-01"))
    out = io.BytesIO()
    edited.save(out)
    data = out.getvalue()
    rows = [
        ("diff rome-statute-art7 ilc-2019 --format docx", median_ms(lambda: render(comparison, "docx", Options()))),
        ("show ilc-2019 --format docx", median_ms(lambda: docx_render.document(ilc))),
        ("import (read + check + accept, 1 tracked change)",
         median_ms(lambda: wordimport.read_tracked(wordml.read_bytes(data, "edited.docx"), ilc))),
    ]
    print(f"| Word round trip (in-process, median of {RUNS}) | ms |")
    print("|---|---:|")
    for name, ms in rows:
        print(f"| `{name}` | {ms:.1f} |")


if __name__ == "__main__":
    main()
