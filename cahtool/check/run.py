"""``cahtool check`` over files and the corpus: each file's rules, then the rules across documents.

``check`` runs every rule of each file (``files``), then the corpus rules (short ids used once, no document
uploaded twice, proposals against their bases); ``run`` is the whole command (which files, ``--changed-since``
through git), for the CLI to render. Findings are data; nothing here prints.
"""

from __future__ import annotations

import dataclasses
import os
import tempfile
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from cahtool.check import proposals as proposal_rules
from cahtool.check.files import FileResult, capped, check_file
from cahtool.check.git import changed_drafts
from cahtool.check.rules import finding
from cahtool.corpus import OUTSIDE_LINK, corpus_files, escapes
from cahtool.errors import CahtoolError
from cahtool.model import Document, Finding, Progress


@dataclass(frozen=True, slots=True)
class Report:
    """What ``cahtool check`` found: per checked file, and the documents of the corpus around them."""

    results: tuple[FileResult, ...]
    corpus: tuple[Document, ...] = ()

    @property
    def findings(self) -> tuple[Finding, ...]:
        """Every finding, by file then line."""
        return tuple(f for result in self.results for f in result.findings)

    @property
    def errors(self) -> int:
        """How many findings are errors (any makes ``cahtool check`` exit with 1)."""
        return sum(result.errors for result in self.results)

    @property
    def warnings(self) -> int:
        """How many findings are warnings."""
        return len(self.findings) - self.errors

    @property
    def documents(self) -> tuple[Document, ...]:
        """The checked documents that could be read."""
        return tuple(r.document for r in self.results if r.document is not None)


def expand(paths: Sequence[str | Path]) -> list[Path]:
    """Files named, and the .xml files under directories named, in order, each once."""
    out: list[Path] = []
    for path in map(Path, paths):
        found = sorted(p for p in path.rglob("*.xml") if p.is_file()) if path.is_dir() else [path]
        out.extend(p for p in found if p not in out)
    return out


def _identity(path: str | Path) -> str:
    try:
        return str(Path(path).resolve())
    except (OSError, RuntimeError):
        return str(path)


def dependents(documents: Iterable[Document], ids: set[str]) -> list[Document]:
    """The proposals whose base is one of ``ids`` (short id, work or expression URI)."""
    return [d for d in documents if d.base and d.base.lstrip("#") in ids]


def _inside(path: str | Path, root: Path) -> bool:
    try:
        return Path(_identity(root)) in Path(_identity(path)).parents
    except (OSError, RuntimeError, ValueError):
        return False


def check(paths: Sequence[str | Path] | None = None, *, root: str | Path = "drafts",
          with_dependents: bool = False, old_ids: Iterable[str] = (), replacing: str | Path | None = None,
          corpus: bool | None = None, progress: Progress | None = None) -> Report:
    """Check files (default: every file under ``root``) against every rule, the corpus included.

    Every file is held to what any Akoma Ntoso document must be; the files of the drafts directory (or every
    file, with ``corpus=True``; none, with ``corpus=False``) also to the corpus's policy, and to the corpus
    rules, which compare each checked file with every document under ``root`` (and with each other). With
    ``with_dependents``, proposals whose base is a checked document (or had one of ``old_ids`` before the
    change) are checked too. ``replacing``: a file of the corpus left out, as about to be replaced by the
    checked one. ``progress`` hears of each file read.
    """
    root = Path(root)
    in_corpus = corpus_files(root) if root.is_dir() else []
    if replacing is not None:
        in_corpus = [p for p in in_corpus if _identity(p) != _identity(replacing)]
    targets = expand(paths) if paths is not None else in_corpus

    def identity(path: Path) -> str:  # a link out of the folder is its own result (its target may be a draft)
        return os.path.abspath(path) if escapes(path, root) else _identity(path)

    policy = {identity(p): corpus if corpus is not None else _inside(p, root) for p in targets}
    results: dict[str, FileResult] = {}
    every = [*targets, *in_corpus]
    for done, path in enumerate(every, 1):
        key = identity(path)
        if key in results:
            continue
        if escapes(path, root):
            # The corpus is what its folder holds: a link out of it would publish a file kept elsewhere.
            results[key] = FileResult(str(path), (finding("CAH100", str(path), 0, OUTSIDE_LINK),))
        else:
            results[key] = check_file(path, corpus=policy.get(key, True))
        if progress is not None:
            progress("checking", done, len(every))
    chosen = list(dict.fromkeys(identity(p) for p in targets))
    if with_dependents:
        ids = set(old_ids)
        for key in chosen:
            doc = results[key].document
            if doc is not None:
                ids.update({doc.id, doc.uri, doc.work_uri} - {""})
        others = [r.document for k, r in results.items() if r.document is not None and k not in chosen]
        extra = {d.path for d in dependents(others, ids)}
        chosen.extend(k for k, r in results.items() if r.document is not None and r.document.path in extra)
    held = [key for key in chosen if policy.get(key, True)]
    corpus_findings = _corpus_rules(results, held)
    for key, found in proposal_rules.corpus_rules(results, held, root).items():
        corpus_findings.setdefault(key, []).extend(found)
    checked = []
    for key in chosen:
        result = results[key]
        more = corpus_findings.get(key, [])
        if more:
            result = dataclasses.replace(result, findings=capped([*result.findings, *more]))
        checked.append(result)
    documents = tuple(sorted((r.document for r in results.values() if r.document is not None),
                             key=lambda d: (d.date, d.id)))
    return Report(tuple(checked), documents)


def _corpus_rules(results: dict[str, FileResult], chosen: list[str]) -> dict[str, list[Finding]]:
    """Rules over several documents: unique short ids, no document uploaded twice."""
    out: dict[str, list[Finding]] = defaultdict(list)
    by_id: dict[str, list[str]] = defaultdict(list)
    by_content: dict[str, list[str]] = defaultdict(list)
    for key, result in results.items():
        if result.document is not None:
            by_id[result.document.id].append(key)
            if result.content:
                by_content[result.content].append(key)
    for key in chosen:
        doc = results[key].document
        if doc is None:
            continue
        others = [results[k].path for k in by_id[doc.id] if k != key]
        if others:
            out[key].append(finding(
                "CAH302", doc.path, results[key].alias_at,
                f"short id {doc.id!r} is also the id of {_some(others)}: choose an id no other document has"))
        twins = [results[k].document for k in by_content.get(results[key].content, []) if k != key]
        named = [f"{twin.id} ({twin.path})" for twin in twins if twin is not None]
        if named:
            out[key].append(finding(
                "CAH601", doc.path, results[key].text_line,
                f"same text as {_some(named)}, word for word once quotation marks, dashes and spacing are set "
                "aside: the same document seems to be uploaded twice under different ids; keep one, or if this "
                "is a new version, check that its text was really updated"))
    return out


def _some(names: list[str], shown: int = 3) -> str:
    """At most ``shown`` names, then how many more."""
    more = len(names) - shown
    return ", ".join(names[:shown]) + (f" and {more} other{'s' if more > 1 else ''}" if more > 0 else "")


def check_new(data: bytes, path: str | Path, *, root: str | Path) -> Report:
    """Check a file before it is written at ``path`` (``cahtool propose``), as ``cahtool check`` will once it is
    there: its own rules and the corpus's (its id unused, its base there, its instructions applying).

    The file replaces any file already at ``path``; findings name ``path``.
    """
    shown = str(path)
    with tempfile.TemporaryDirectory(prefix="cahtool-check-") as folder:
        draft = Path(folder) / (Path(shown).name or "proposal.xml")
        draft.write_bytes(data)
        report = check([draft], root=root, replacing=path if Path(path).exists() else None, corpus=True)
    where = str(draft)

    def named(f: Finding) -> Finding:
        return dataclasses.replace(f, path=shown if f.path == where else f.path,
                                   message=f.message.replace(where, shown))

    results = tuple(dataclasses.replace(r, path=shown, findings=tuple(map(named, r.findings)))
                    for r in report.results)
    return Report(results, report.corpus)


def run(paths: Sequence[str], *, root: str | Path, changed_since: str | None = None,
        corpus: bool | None = None, progress: Progress | None = None) -> Report:
    """What ``cahtool check`` checks: the files named, the files changed since a git ref (and the proposals
    that depend on them), or the whole corpus; ``corpus`` holds files outside the drafts directory to its
    policy too (True), or none (False)."""
    old_ids: frozenset[str] = frozenset()
    if changed_since is not None:
        if paths:
            raise CahtoolError("give either paths or --changed-since, not both")
        changes = changed_drafts(changed_since, root)
        return check([str(p) for p in changes.paths], root=root, with_dependents=True, old_ids=changes.old_ids,
                     corpus=corpus, progress=progress)
    for path in paths:
        if not os.path.lexists(path):
            raise CahtoolError("no such file or directory", path=path)
    if not paths and not Path(root).is_dir():
        raise CahtoolError("no drafts directory here: give --drafts DIR, or the files to check", path=str(root))
    return check(list(paths) or None, root=root, old_ids=old_ids, corpus=corpus, progress=progress)
