"""The whole site, byte for byte, for a small corpus (tests/fixtures/site-mini): rewrite with --update-goldens.

The Pagefind bundle is binary and versioned with Pagefind: only the names of its files are kept (in
MANIFEST.txt, with every other file of the site). Static assets are checked against templates/static.

Pagefind numbers the records in the order the file system lists them, and names its index and metadata files by
what they hold: those two names differ between file systems (ext4 lists a directory by a hash seeded per disk,
tmpfs by creation), so they are kept as ``*``. The fragments are named by each record's content alone, and kept.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from cahtool import Corpus
from cahtool.site import build

HERE = Path(__file__).resolve().parent
MINI = HERE / "fixtures" / "site-mini"
EXPECTED = HERE / "goldens" / "site"
#: The files of the Pagefind bundle named after the order the records were listed in.
LISTING_ORDER = re.compile(r"^(pagefind(?:-proposals)?/index/[a-z]+_|pagefind(?:-proposals)?/pagefind\.[a-z]+_)"
                           r"[0-9a-f]+(\.pf_index|\.pf_meta)$")


def test_whole_site_golden(tmp_path: Path, golden, request: pytest.FixtureRequest) -> None:
    out = tmp_path / "site"
    build(Corpus(MINI), out)
    files = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    if request.config.getoption("--update-goldens") and EXPECTED.exists():
        shutil.rmtree(EXPECTED)  # pages that no longer exist must not linger in the golden
    listed = [LISTING_ORDER.sub(r"\1*\2", name) for name in files]
    golden(EXPECTED / "MANIFEST.txt", "".join(f"{name}\n" for name in listed))
    for name in files:
        if name.startswith(("pagefind/", "pagefind-proposals/")):
            continue
        data = (out / name).read_bytes()
        if name.startswith("static/"):
            assert data == (HERE.parent / "templates" / name).read_bytes()
            continue
        golden(EXPECTED / name, data)
    on_disk = sorted(p.relative_to(EXPECTED).as_posix() for p in EXPECTED.rglob("*") if p.is_file())
    kept = [n for n in files if not n.startswith(("pagefind/", "pagefind-proposals/", "static/"))]
    assert on_disk == sorted(["MANIFEST.txt", *kept]), "stale golden files: run pytest --update-goldens"
