"""CI that fits a tracker: the workflows use current actions, check the corpus before publishing it, and the
template for a corpus in its own repository works as written (its commands run here, on a pull request's branch).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cahtool import __version__
from tests.conftest import FROZEN, ROOT

WORKFLOWS = ROOT / ".github" / "workflows"
TEMPLATE = ROOT / ".github" / "tracker-template"
#: The current major version of each action the workflows use (checked November 2026).
CURRENT = {"actions/checkout": "v7", "actions/setup-python": "v7", "actions/upload-pages-artifact": "v5",
           "actions/deploy-pages": "v5"}
ALL_WORKFLOWS = sorted([*WORKFLOWS.glob("*.yml"), *(TEMPLATE / ".github" / "workflows").glob("*.yml")])


def runs(path: Path) -> list[str]:
    """The shell commands of a workflow's steps (``run: cmd`` and ``run: |`` blocks), in order."""
    lines = path.read_text(encoding="utf-8").splitlines()
    out: list[str] = []
    for k, line in enumerate(lines):
        found = re.match(r"^(\s*)(?:- )?run: ?(.*)$", line)
        if not found:
            continue
        if found.group(2).strip() != "|":
            out.append(found.group(2).strip())
            continue
        indent = len(found.group(1))
        block = []
        for following in lines[k + 1:]:
            if following.strip() and len(following) - len(following.lstrip()) <= indent:
                break
            block.append(following.strip())
        out.append("\n".join(b for b in block if b))
    return out


@pytest.mark.parametrize("path", ALL_WORKFLOWS, ids=lambda p: str(p.relative_to(ROOT)))
def test_workflows_use_the_current_major_of_each_action(path: Path) -> None:
    used = re.findall(r"uses: ([\w-]+/[\w-]+)@(\S+)", path.read_text(encoding="utf-8"))
    assert used
    for action, version in used:
        assert CURRENT.get(action) == version, f"{path.name}: {action}@{version}, current is {CURRENT.get(action)}"


@pytest.mark.parametrize("folder", [WORKFLOWS, TEMPLATE / ".github" / "workflows"], ids=["cahtool", "template"])
def test_the_site_is_published_only_after_the_corpus_passes_check(folder: Path) -> None:
    commands = runs(folder / "site.yml")
    check = next(k for k, c in enumerate(commands) if c.startswith("cahtool check"))
    build = next(k for k, c in enumerate(commands) if "cahtool build" in c)
    assert check < build
    assert 'cahtool check --changed-since "origin/$BASE_REF"' in runs(folder / "drafts.yml")[-1]


def test_a_workflow_runs_the_whole_test_suite() -> None:
    assert runs(WORKFLOWS / "test.yml") == [".ci/run"]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert ci.index(".venv/bin/cahtool check") < ci.index("make test\n")


def test_cahtool_is_pinned_to_this_release_everywhere() -> None:
    """The template's workflows, its pre-commit configuration and the README's pin one release: this one."""
    release = f"v{__version__}"
    pins = [*(re.findall(r"cahtool@(v[\d.]+)", p.read_text(encoding="utf-8"))
              for p in (TEMPLATE / ".github" / "workflows").glob("*.yml")),
            re.findall(r"rev: (\S+)", (TEMPLATE / ".pre-commit-config.yaml").read_text(encoding="utf-8")),
            re.findall(r"^\s+rev: (\S+)", (ROOT / "README.md").read_text(encoding="utf-8"), flags=re.MULTILINE)]
    assert all(pins) and {pin for found in pins for pin in found} == {release}
    hooks = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    assert "id: cahtool-check" in hooks and "id: cahtool-check" in (TEMPLATE / ".pre-commit-config.yaml").read_text(
        encoding="utf-8")


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True,
                   env={"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
                        "GIT_COMMITTER_EMAIL": "t@example.org", "HOME": str(repo), "PATH": "/usr/bin:/bin"})


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_the_template_runs_as_written_on_a_pull_request(tmp_path: Path) -> None:
    """A tracker's repository made from the template: a pull request adds a proposal; the drafts workflow's
    command checks it and writes its redline to the summary; the site workflow's commands check and build."""
    origin = tmp_path / "origin"
    shutil.copytree(TEMPLATE, origin)
    shutil.copytree(FROZEN, origin / "drafts")
    _git(origin, "init", "-q", "-b", "main")
    _git(origin, "add", ".")
    _git(origin, "commit", "-q", "-m", "corpus")
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(origin), str(clone)], check=True, capture_output=True)
    _git(clone, "checkout", "-q", "-b", "utopia-proposal")
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
           "BASE_REF": "main", "GITHUB_STEP_SUMMARY": str(tmp_path / "summary.md")}
    env.pop("CAHTOOL_DRAFTS", None)

    def sh(command: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(["bash", "-c", command], cwd=clone, env=env, capture_output=True, text=True,
                              timeout=300)

    shown = sh('cahtool show ilc-2019 "art. 2(1)(i)" --no-header')
    assert shown.returncode == 0, shown.stderr
    (tmp_path / "edit.txt").write_text(shown.stdout.replace("of persons;", "of persons, including children;"),
                                       encoding="utf-8")
    made = sh(f"cahtool propose --base ilc-2019 {tmp_path / 'edit.txt'} -o drafts/proposals/utopia.xml "
              "--proponent Utopia --source 'Utopia, written proposal' --provenance verbatim")
    assert made.returncode == 0, made.stderr
    _git(clone, "add", ".")
    _git(clone, "commit", "-q", "-m", "Utopia's proposal")

    drafts = runs(clone / ".github" / "workflows" / "drafts.yml")
    checked = sh(drafts[-1])
    assert checked.returncode == 0, checked.stdout + checked.stderr
    summary = (tmp_path / "summary.md").read_text(encoding="utf-8")
    assert "utopia" in summary and "including children" in summary

    for command in runs(clone / ".github" / "workflows" / "site.yml"):
        if "cahtool" in command and "pip install" not in command:
            done = sh(command)
            assert done.returncode == 0, f"{command}: {done.stdout}{done.stderr}"
    assert (clone / "site" / "documents" / "utopia.html").is_file()
