"""Full-text search for the site: Pagefind indexes of every provision, written next to the pages.

Pagefind runs offline: the ``pagefind_bin`` wheel ships the binary. Each provision becomes one small
HTML record in a scratch directory (in memory when there is room: ``scratch_memory``), with its target
(``documents/ID.html#eId``) as Pagefind metadata, so a result opens the provision itself rather than the top of
a long page. The records are indexed with the documented command line (``pagefind --site``); the Python service
API answers one request per 100 ms, which would make a 100-document corpus take minutes. Next to each bundle,
``words.json`` lists the words indexed, so that the search page can correct a query with one typo.

The site has two bundles (``index_site``): the texts (``pagefind/``, the documents that are not proposals) and
the proposals (``pagefind-proposals/``), which the search page merges (Pagefind's ``mergeIndex``). Pagefind
cannot add a record to a bundle, only index every record again: one bundle for all would be made again after
every new proposal, and for a whole convention with its revisions that was 8 to 13 s of a 33 s rebuild. The
texts' bundle is taken as it is from the site the last build wrote while its records are the same (the build
cache remembers which files it holds), and only the proposals' is made again. search.js puts the texts before
the proposals in any case (``write.search_rank``), so the split follows an order the page already keeps.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
import subprocess
import tempfile
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from markupsafe import escape

from cahtool.corpus import Keeper
from cahtool.errors import CahtoolError

LANGUAGE = "en"
#: The words of every record and how often each is used, for search.js to correct a typo (``persecusion``):
#: Pagefind matches prefixes, never a misspelt word.
WORDS = "words.json"
_WORD = re.compile(r"[^\W\d_]{3,}")
#: Where the two bundles go in the site: the texts' (the primary index of the search page), the proposals'.
TEXTS, PROPOSALS = "pagefind", "pagefind-proposals"


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


def index_site(texts: list[dict[str, Any]], proposals: list[dict[str, Any]], site: Path, previous: Path,
               store: Keeper | None = None, fingerprint: str = "") -> list[str]:
    """Index the records of the texts and of the proposals into their bundles in ``site`` (being built); the
    names of the bundles to take from ``previous`` (the site the last build wrote: ``output.replace_directory``).

    With a ``store``, the texts' bundle of ``previous`` is taken when it was made from the same records by the
    same Pagefind and cahtool (``fingerprint``), and its files are still those that were written (names and sizes),
    so the site is the one a clean build writes.
    """
    keep: list[str] = []
    pages = [record_html(record).encode("utf-8") for record in texts]
    name = _bundle_name(pages, fingerprint) if store is not None else ""
    files = store.get(name) if store is not None else None
    if store is not None and isinstance(files, dict) and files and _files(previous / TEXTS) == files:
        keep.append(TEXTS)
    else:
        _index(pages, site / TEXTS)
        _write_words(texts, site / TEXTS)
        if store is not None:
            store.put(name, _files(site / TEXTS))
    if proposals:
        _index([record_html(record).encode("utf-8") for record in proposals], site / PROPOSALS)
        _write_words(proposals, site / PROPOSALS)
    return keep


def _bundle_name(pages: list[bytes], fingerprint: str) -> str:
    """The name of a bundle in the build cache: its records, the Pagefind binary, cahtool (``fingerprint``)."""
    digest = hashlib.sha256(f"pagefind bundle\0{LANGUAGE}\0{fingerprint}\0".encode())
    binary = executable()
    try:
        found = binary.stat()
        digest.update(f"{binary}\0{found.st_size}\0{found.st_mtime_ns}\0".encode())
    except OSError:
        digest.update(b"no binary")
    for page in pages:
        digest.update(len(page).to_bytes(8, "big"))
        digest.update(page)
    return digest.hexdigest()


def _files(bundle: Path) -> dict[str, int]:
    """Every file of a bundle with its size; an empty dict when there is no such directory, or when it holds (or is)
    anything but directories and plain files: a symbolic link is never carried into a new site."""
    out: dict[str, int] = {}
    try:
        if bundle.is_symlink() or not bundle.is_dir():
            return {}
        for folder, folders, names in os.walk(bundle):
            for name in folders:
                if os.path.islink(os.path.join(folder, name)):
                    return {}
            for name in names:
                path = os.path.join(folder, name)
                found = os.lstat(path)
                if not stat.S_ISREG(found.st_mode):
                    return {}
                out[os.path.relpath(path, bundle)] = found.st_size
    except OSError:
        return {}
    return dict(sorted(out.items()))


def index_records(records: list[dict[str, Any]], out: Path) -> None:
    """Write a Pagefind bundle for these records into ``out`` (e.g. ``site/pagefind``), and its ``words.json``."""
    _index([record_html(record).encode("utf-8") for record in records], out)
    _write_words(records, out)


def _write_words(records: list[dict[str, Any]], out: Path) -> None:
    try:
        out.mkdir(parents=True, exist_ok=True)
        (out / WORDS).write_text(json.dumps(vocabulary(records), sort_keys=True, ensure_ascii=False) + "\n",
                                 encoding="utf-8")
    except OSError as exc:
        raise CahtoolError(f"cannot index the site for search: {exc.strerror or exc}", path=str(out / WORDS)) from None


def _index(pages: Sequence[bytes], out: Path) -> None:
    """Write a Pagefind bundle of these records (each a small HTML page) into ``out``."""
    binary = executable()
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
