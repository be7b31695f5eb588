"""Which drafts changed since a git ref (``cahtool check --changed-since``), by asking git.

Changed means: added, modified or deleted between the ref and the working tree (``git diff
--name-only REF``), plus new files git does not track yet. For modified and deleted files the short
id they had at the ref is read too, so that proposals on a base that was renamed or removed are
checked again.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from cahtool.akn import load_bytes
from cahtool.errors import CahtoolError, InputError


@dataclass(frozen=True, slots=True)
class Changes:
    """Drafts changed since a ref: the files that exist now, and the ids changed files had at the ref."""

    ref: str
    paths: tuple[Path, ...]
    old_ids: frozenset[str]


def _git(root: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[bytes]:
    try:
        done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, check=False,
                              env={**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"})
    except FileNotFoundError:
        raise CahtoolError("--changed-since needs git, and git is not installed (or not on PATH)") from None
    if check and done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        first = message[0] if message else f"git {args[0]} failed"
        if "not a git repository" in first:
            raise CahtoolError(f"{root} is not inside a git repository: --changed-since needs one")
        raise CahtoolError(f"git {args[0]}: {first.removeprefix('fatal: ')}")
    return done


def _names(output: bytes) -> list[str]:
    return [name for name in output.decode("utf-8", "surrogateescape").split("\0") if name]


def changed_drafts(ref: str, root: str | Path) -> Changes:
    """The ``.xml`` files under ``root`` changed since ``ref`` (a branch, tag or commit)."""
    root = Path(root)
    if not ref or ref.startswith("-"):
        raise CahtoolError(f"--changed-since needs a git ref (branch, tag or commit), not {ref!r}")
    if not root.is_dir():
        raise CahtoolError("no such directory", path=str(root))
    _git(root, "rev-parse", "--is-inside-work-tree")
    if _git(root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}", check=False).returncode != 0:
        raise CahtoolError(
            f"unknown git ref {ref!r}: is the branch fetched? (in GitHub Actions, check out with "
            "fetch-depth: 0, and name the base as origin/<branch>)")
    diffed = _names(_git(root, "diff", "--name-only", "--relative", "--no-renames", "-z", ref, "--", ".").stdout)
    untracked = _names(_git(root, "ls-files", "--others", "--exclude-standard", "-z", "--", ".").stdout)
    paths: list[Path] = []
    old_ids: set[str] = set()
    for name in dict.fromkeys([*diffed, *untracked]):
        if not name.endswith(".xml"):
            continue
        path = root / name
        if path.is_file():
            paths.append(path)
        if name in diffed:
            old = _git(root, "show", f"{ref}:./{name}", check=False)
            if old.returncode == 0:
                try:
                    old_ids.add(load_bytes(old.stdout, f"{ref}:{name}").id)
                except InputError:
                    pass  # the old version did not load: no proposal could have relied on it
    return Changes(ref, tuple(sorted(paths)), frozenset(old_ids))
