"""``cahtool check`` over files and the corpus: each file's rules, then the rules across documents.

``check`` runs every rule of each file (``files``), then the corpus rules (short ids used once, no document
uploaded twice, proposals against their bases); ``run`` is the whole command (which files, ``--changed-since``
through git), for the CLI to render. Findings are data; nothing here prints.
"""

from __future__ import annotations

import dataclasses
import os
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from cahtool.check import proposals as proposal_rules
from cahtool.check.files import FileResult, capped, check_file
from cahtool.check.git import changed_drafts
from cahtool.check.rules import finding
from cahtool.corpus import OUTSIDE_LINK, escapes
from cahtool.errors import CahtoolError
from cahtool.model import Document, Finding


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


def check(paths: Sequence[str | Path] | None = None, *, root: str | Path = "drafts",
          with_dependents: bool = False, old_ids: Iterable[str] = ()) -> Report:
    """Check files (default: every file under ``root``) against every rule, the corpus included.

    Corpus rules compare each checked file with every document under ``root`` (and with each other).
    With ``with_dependents``, proposals whose base is a checked document (or had one of ``old_ids``
    before the change) are checked too.
    """
    root = Path(root)
    corpus_files = expand([root]) if root.is_dir() else []
    targets = expand(paths) if paths is not None else corpus_files
    results: dict[str, FileResult] = {}
    for path in [*targets, *corpus_files]:
        key = _identity(path)
        if escapes(path, root):  # its target may also be a draft: the link is its own result
            key = os.path.abspath(path)
            results[key] = FileResult(str(path), (finding("CAH100", str(path), 0, OUTSIDE_LINK),))
        elif key not in results:
            results[key] = check_file(path)
    chosen = list(dict.fromkeys(os.path.abspath(p) if escapes(p, root) else _identity(p) for p in targets))
    if with_dependents:
        ids = set(old_ids)
        for key in chosen:
            doc = results[key].document
            if doc is not None:
                ids.update({doc.id, doc.uri, doc.work_uri} - {""})
        others = [r.document for k, r in results.items() if r.document is not None and k not in chosen]
        extra = {d.path for d in dependents(others, ids)}
        chosen.extend(k for k, r in results.items() if r.document is not None and r.document.path in extra)
    corpus_findings = _corpus_rules(results, chosen)
    for key, found in proposal_rules.corpus_rules(results, chosen, root).items():
        corpus_findings.setdefault(key, []).extend(found)
    checked = []
    for key in chosen:
        result = results[key]
        more = corpus_findings.get(key, [])
        if more:
            result = dataclasses.replace(result, findings=capped([*result.findings, *more]))
        checked.append(result)
    corpus = tuple(sorted((r.document for r in results.values() if r.document is not None),
                          key=lambda d: (d.date, d.id)))
    return Report(tuple(checked), corpus)


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
                "CAH302", doc.path, results[key].alias_line,
                f"short id {doc.id!r} is also the id of {_some(others)}: choose an id no other document has"))
        twins = [results[k].document for k in by_content.get(results[key].content, []) if k != key]
        named = [f"{twin.id} ({twin.path})" for twin in twins if twin is not None]
        if named:
            out[key].append(finding(
                "CAH601", doc.path, _first_line(doc),
                f"same text as {_some(named)}, word for word once quotation marks, dashes and spacing are set "
                "aside: the same document seems to be uploaded twice under different ids; keep one, or if this "
                "is a new version, check that its text was really updated"))
    return out


def _some(names: list[str], shown: int = 3) -> str:
    """At most ``shown`` names, then how many more."""
    more = len(names) - shown
    return ", ".join(names[:shown]) + (f" and {more} other{'s' if more > 1 else ''}" if more > 0 else "")


def _first_line(document: Document) -> int:
    return document.provisions[0].line if document.provisions else 0


def run(paths: Sequence[str], *, root: str | Path, changed_since: str | None = None) -> Report:
    """What ``cahtool check`` checks: the files named, the files changed since a git ref (and the proposals
    that depend on them), or the whole corpus."""
    old_ids: frozenset[str] = frozenset()
    if changed_since is not None:
        if paths:
            raise CahtoolError("give either paths or --changed-since, not both")
        changes = changed_drafts(changed_since, root)
        return check([str(p) for p in changes.paths], root=root, with_dependents=True, old_ids=changes.old_ids)
    for path in paths:
        if not os.path.lexists(path):
            raise CahtoolError("no such file or directory", path=path)
    if not paths and not Path(root).is_dir():
        raise CahtoolError("no drafts directory here: give --drafts DIR, or the files to check", path=str(root))
    return check(list(paths) or None, root=root, old_ids=old_ids)
