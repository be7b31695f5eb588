"""Full-text search for the site: a Pagefind index of every provision, written next to the pages.

Pagefind runs offline: the ``pagefind_bin`` wheel ships the binary. Each provision becomes one small
HTML record in a scratch directory (in memory when there is room: ``scratch_memory``), with its target
(``documents/ID.html#eId``) as Pagefind metadata, so a result opens the provision itself rather than the top of
a long page. The records are indexed with the documented command line (``pagefind --site``); the Python service
API answers one request per 100 ms, which would make a 100-document corpus take minutes. Next to the bundle,
``words.json`` lists the words indexed, so that the search page can correct a query with one typo.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

from markupsafe import escape

from cahtool.errors import CahtoolError

LANGUAGE = "en"
#: The words of every record and how often each is used, for search.js to correct a typo (``persecusion``):
#: Pagefind matches prefixes, never a misspelt word.
WORDS = "words.json"
_WORD = re.compile(r"[^\W\d_]{3,}")


def executable() -> Path:
    """The Pagefind binary shipped by the ``pagefind_bin`` wheel."""
    try:
        from pagefind_bin import get_executable
    except ImportError:
        raise CahtoolError("search needs the pagefind package (pip install 'pagefind[bin]'), "
                           "or build with --no-search") from None
    return Path(get_executable())


def record_html(record: dict[str, Any]) -> str:
    """One search record as a tiny HTML page: the text, then its metadata (all escaped)."""
    meta = "".join(f'<span data-pagefind-meta="{escape(key)}">{escape(value)}</span>'
                   for key, value in sorted(record["meta"].items()) if value)
    return (f'<!DOCTYPE html><html lang="{LANGUAGE}"><head><meta charset="utf-8">'
            f'<title>{escape(record["meta"]["title"])}</title></head>'
            f'<body><main data-pagefind-body><p>{escape(record["content"])}</p>'
            f'<div data-pagefind-ignore hidden>{meta}'
            f'<span data-pagefind-meta="target">{escape(record["url"])}</span></div></main></body></html>\n')


def index_records(records: list[dict[str, Any]], out: Path) -> None:
    """Write a Pagefind bundle for these records into ``out`` (e.g. ``site/pagefind``)."""
    binary = executable()
    pages = [record_html(record).encode("utf-8") for record in records]
    width = len(str(len(pages)))
    for where in (scratch_memory(sum(len(page) for page in pages)), None):
        try:
            with tempfile.TemporaryDirectory(prefix="cahtool-search-", dir=where) as scratch:
                for number, page in enumerate(pages):
                    with open(os.path.join(scratch, f"r{number:0{width}d}.html"), "xb") as handle:
                        handle.write(page)
                command = [str(binary), "--site", scratch, "--output-path", str(out.resolve()),
                           "--force-language", LANGUAGE, "--silent"]
                done = subprocess.run(command, capture_output=True, text=True, check=False)
        except OSError as exc:
            if where is None:  # on disk too: a full disk, or a Pagefind that cannot be run
                raise CahtoolError(f"cannot index the site for search: {exc.strerror or exc}",
                                   path=str(exc.filename or out)) from None
            continue  # memory full after all (a small /dev/shm): on disk instead
        break
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).strip().splitlines()
        raise CahtoolError(f"pagefind failed: {detail[-1] if detail else f'exit {done.returncode}'}")
    (out / WORDS).write_text(json.dumps(vocabulary(records), sort_keys=True, ensure_ascii=False) + "\n",
                             encoding="utf-8")


def scratch_memory(size: int) -> str | None:
    """A directory in memory (Linux's ``/dev/shm``) with room for ``size`` bytes and to spare, or None.

    The records are thousands of small files read once: on a disk each costs a file created in the journal
    (measured: 3 to 7 s for 13,830 records on this project's CI machine, against 0.4 s in memory).
    """
    where = "/dev/shm"
    try:
        if not os.path.isdir(where) or not os.access(where, os.W_OK | os.X_OK):
            return None
        free = os.statvfs(where)
    except (OSError, AttributeError):  # no statvfs (Windows)
        return None
    return where if free.f_bavail * free.f_frsize > 4 * size + (64 << 20) else None


def vocabulary(records: list[dict[str, Any]]) -> dict[str, int]:
    """Every word of the records' texts and documents' titles (lower case, three letters or more), with how many
    times it is used."""
    texts = [record["content"] for record in records]
    texts += sorted({record["meta"].get("document", "") for record in records})
    return dict(Counter(w.casefold() for text in texts for w in _WORD.findall(text)))
