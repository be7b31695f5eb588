"""``cahtool build`` under faults: Ctrl-C halfway, two builds at once, a broken template, links as ``--out``,
binary and linked static assets. The previous site stays whole until the new one is complete.

The interrupted and concurrent builds run ``cahtool`` as real processes on a synthetic corpus large enough
(40 documents, about 300 pages) to be caught halfway.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cahtool import Corpus
from cahtool.errors import InputError
from cahtool.site import MARKER, build
from tests.conftest import DRAFTS, ROOT

CANARY = "CANARY-91d2-linked-asset"


def snapshot(site: Path) -> dict[str, str]:
    """Every file of a site and a hash of its bytes."""
    return {str(p.relative_to(site)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file()}


def synthetic(directory: Path, count: int) -> Path:
    """The baseline and ``count`` variants of ILC 2019 (as ``bench/site_bench.py`` makes them)."""
    directory.mkdir()
    shutil.copy(DRAFTS / "rome-statute-art7.xml", directory)
    ilc = (DRAFTS / "ilc-2019-art2.xml").read_text(encoding="utf-8")
    for n in range(count):
        text = ilc.replace('value="ilc-2019"', f'value="synthetic-{n:03d}"')
        text = text.replace("2019-08-05", f"2020-{1 + (n // 28) % 12:02d}-{1 + n % 28:02d}")
        text = text.replace("<p>torture;</p>", f"<p>torture, variant {n};</p>")
        (directory / f"synthetic-{n:03d}.xml").write_text(text, encoding="utf-8")
    return directory


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return synthetic(tmp_path_factory.mktemp("big") / "drafts", 40)


def _as_from_a_terminal() -> None:
    """Ctrl-C interrupts the build, even when the suite itself runs with SIGINT ignored (as a background job of a
    shell, or under nohup): a child inherits the ignoring, and Python then installs no KeyboardInterrupt."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def start_build(drafts: Path, out: Path) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "cahtool", "--drafts", str(drafts), "build", "--no-search",
                             "--out", str(out)], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            preexec_fn=_as_from_a_terminal)


def wait_for_pages(out: Path, pages: int, process: subprocess.Popen[str], limit: float = 60) -> Path:
    """Wait until the build being written beside ``out`` holds ``pages`` pages; return its directory."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        assert process.poll() is None, process.communicate()
        for fresh in out.parent.glob(f".{out.name}.new-*"):
            try:
                if sum(1 for _ in fresh.rglob("*.html")) >= pages:
                    return fresh
            except OSError:
                continue
        time.sleep(0.01)
    raise AssertionError("the build wrote no pages in time")


def previous_site(out: Path) -> dict[str, str]:
    build(Corpus(DRAFTS), out, search=False)
    return snapshot(out)


def test_ctrl_c_halfway_leaves_the_previous_site_whole(big: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    before = previous_site(out)
    process = start_build(big, out)
    fresh = wait_for_pages(out, 40, process)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode != 0
    assert "Traceback" not in stderr
    assert snapshot(out) == before  # every page of the previous site, byte for byte
    assert not fresh.exists()  # the half-written build is removed
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site.cache", "site"]  # no lock, no leftovers


def test_two_builds_at_once_give_one_site_and_one_clear_error(big: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    first = start_build(big, out)
    wait_for_pages(out, 5, first)
    second = start_build(big, out)
    _, second_err = second.communicate(timeout=120)
    first_out, first_err = first.communicate(timeout=120)
    assert second.returncode == 2
    assert second_err == (f"cahtool: error: {out}: build in progress: another cahtool build is writing this site "
                          f"(lock file {tmp_path / '.site.lock'}); wait for it to finish\n")
    assert first.returncode == 0, first_err
    assert first_out.startswith("wrote ")
    reference = tmp_path / "reference"
    report = build(Corpus(big), reference, search=False)
    assert snapshot(out) == snapshot(reference)  # one complete site, the same as a build alone
    assert len(snapshot(out)) == len(report.pages) + 1  # the pages and the marker
    assert sorted(p.name for p in tmp_path.iterdir()) == [".reference.cache", ".site.cache", "reference", "site"]


def test_a_killed_build_leaves_nothing_the_next_build_keeps(big: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    before = previous_site(out)
    process = start_build(big, out)
    wait_for_pages(out, 10, process)
    process.kill()  # no chance to clean up: the lock goes with the process, the scratch directory stays
    process.communicate()
    assert snapshot(out) == before
    assert any(p.name.startswith(".site.new-") for p in tmp_path.iterdir())
    build(Corpus(DRAFTS), out, search=False)
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site.cache", "site"]


def test_a_failing_build_leaves_the_previous_site_whole(cli, tmp_path: Path) -> None:
    out = tmp_path / "site"
    before = previous_site(out)
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "provision.html").write_text("{{ provision.missing.attribute }}", encoding="utf-8")
    result = cli("build", "--no-search", "--out", str(out), "--templates", str(templates))
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert result.stderr == (f"cahtool: error: {templates / 'provision.html'}: template error: "
                             "'cahtool.model.Provision object' has no attribute 'missing'\n")
    assert snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site.cache", "site", "templates"]


@pytest.mark.parametrize("template,message", [("{% if %}", "provision.html:1: template error: Expected an expression"),
                                              (b"\xff\xfe{{", "template is not UTF-8 text"),
                                              ("{{ 1 / 0 }}", "template error: ZeroDivisionError: division by zero")])
def test_a_broken_template_is_one_line(cli, tmp_path: Path, template: str | bytes, message: str) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    path = templates / "provision.html"
    path.write_bytes(template if isinstance(template, bytes) else template.encode("utf-8"))
    result = cli("build", "--no-search", "--out", str(tmp_path / "site"), "--templates", str(templates))
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert len(result.stderr.splitlines()) == 1 and message in result.stderr


def test_a_linked_out_is_followed(cli, tmp_path: Path) -> None:
    real = tmp_path / "www" / "tracker"
    real.parent.mkdir()
    link = tmp_path / "site"
    link.symlink_to(real)  # dangling: the site is made at its target
    assert cli("build", "--no-search", "--out", str(link)).exit_code == 0
    assert link.is_symlink() and (real / MARKER).is_file() and (real / "index.html").is_file()
    before = snapshot(real)
    assert cli("build", "--no-search", "--out", str(link)).exit_code == 0  # a rebuild swaps the target
    assert link.is_symlink() and snapshot(real) == before
    assert sorted(p.name for p in real.parent.iterdir()) == [".tracker.cache", "tracker"]  # beside the target


def test_out_that_is_a_file_or_someone_elses_directory(cli, tmp_path: Path) -> None:
    afile = tmp_path / "notes.txt"
    afile.write_text("precious", encoding="utf-8")
    result = cli("build", "--no-search", "--out", str(afile))
    assert result.exit_code == 2 and "is a file" in result.stderr  # click's own check of the option
    link = tmp_path / "to-a-file"
    link.symlink_to(afile)
    with pytest.raises(InputError, match="the site output is not a directory"):
        build(Corpus(DRAFTS), link, search=False)
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "thesis.docx").write_text("precious", encoding="utf-8")
    link = tmp_path / "to-mine"
    link.symlink_to(mine)
    result = cli("build", "--no-search", "--out", str(link))
    assert result.exit_code == 2 and "not a cahtool site" in result.stderr
    assert (mine / "thesis.docx").read_text(encoding="utf-8") == "precious" and afile.read_text() == "precious"


def test_static_assets_binary_copied_links_not_published(cli, tmp_path: Path) -> None:
    secret = tmp_path / "secret.css"
    secret.write_text(f"/* {CANARY} */", encoding="utf-8")
    templates = tmp_path / "templates"
    (templates / "static" / "img").mkdir(parents=True)
    logo = bytes(range(256)) * 4  # not UTF-8
    (templates / "static" / "img" / "logo.png").write_bytes(logo)
    (templates / "static" / "linked.css").symlink_to(secret)
    (templates / "static" / "style.css").symlink_to(secret)  # a link never shadows the shipped stylesheet
    (templates / "static" / "folder").symlink_to(tmp_path)
    out = tmp_path / "site"
    result = cli("build", "--no-search", "--out", str(out), "--templates", str(templates))
    assert result.exit_code == 0, result.output
    assert (out / "static" / "img" / "logo.png").read_bytes() == logo
    assert not (out / "static" / "linked.css").exists() and not (out / "static" / "folder").exists()
    assert CANARY not in (out / "static" / "style.css").read_text(encoding="utf-8")
    assert not any(CANARY.encode() in p.read_bytes() for p in out.rglob("*") if p.is_file())
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning: ")]
    assert sorted(warnings) == sorted(f"warning: {templates / 'static' / name}: a symbolic link, not published"
                                      for name in ("folder", "linked.css", "style.css"))


def test_the_lock_file_is_beside_the_site_and_removed(tmp_path: Path) -> None:
    out = tmp_path / "site"
    build(Corpus(DRAFTS), out, search=False)
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site.cache", "site"]  # the build cache stays
    assert oct(out.stat().st_mode & 0o777) == oct(0o777 & ~_umask())


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
