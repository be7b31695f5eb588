"""Progress bars: on stderr when it is a terminal (build, check, compile), nothing otherwise, nothing with --quiet,
never on stdout."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import FROZEN, ROOT


def run_on_a_terminal(*args: str) -> tuple[int, str, str]:
    """Run ``cahtool ARGS`` with stderr on a pseudo-terminal; exit code, stdout, and what the terminal showed."""
    terminal, side = pty.openpty()
    process = subprocess.Popen([sys.executable, "-m", "cahtool", *args], cwd=ROOT, stdin=subprocess.DEVNULL,
                               stdout=subprocess.PIPE, stderr=side, env={**os.environ, "COLUMNS": "100"})
    os.close(side)
    assert process.stdout is not None
    read = {terminal: b"", process.stdout.fileno(): b""}
    open_fds = set(read)
    while open_fds:  # both at once: neither pipe may fill up while the other is read
        ready, _, _ = select.select(list(open_fds), [], [], 1.0)
        for fd in ready:
            try:
                data = os.read(fd, 65536)
            except OSError:  # the terminal's other side closed
                data = b""
            if data:
                read[fd] += data
            else:
                open_fds.discard(fd)
        if not ready and process.poll() is not None:
            break
    os.close(terminal)
    out = read[process.stdout.fileno()]
    process.stdout.close()
    process.wait(timeout=60)
    return process.returncode, out.decode("utf-8"), read[terminal].decode("utf-8", "replace")


STAGES = ("reading", "comparing", "following provisions", "writing pages", "checking", "comparing proposals")


@pytest.mark.parametrize("args,stages", [
    (("build", "--no-search", "--out", "{tmp}/site"), ("reading", "comparing", "following provisions",
                                                        "writing pages")),
    (("check",), ("checking",)),
    (("compile", "ilc-2019"), ("reading", "comparing proposals")),
    (("compile", "ilc-2019", "--rolling-text"), ("comparing proposals",)),
])
def test_a_bar_per_stage_on_a_terminal(tmp_path: Path, args: tuple[str, ...], stages: tuple[str, ...]) -> None:
    argv = [a.replace("{tmp}", str(tmp_path)) for a in args]
    code, out, shown = run_on_a_terminal("--drafts", str(FROZEN), *argv)
    assert code == 0, shown
    for stage in stages:
        assert f"{stage}  [" in shown, shown
    assert "[####" in shown and "\r" in shown  # a bar, redrawn in place
    plain = subprocess.run([sys.executable, "-m", "cahtool", "--drafts", str(FROZEN), *argv], cwd=ROOT,
                           capture_output=True, text=True, check=False)
    assert out == plain.stdout and "\r" not in out  # stdout is data: never a bar there
    for quiet in (("--quiet", *argv), (*argv[:1], "--quiet", *argv[1:]), ("-q", *argv)):
        code, quiet_out, shown = run_on_a_terminal("--drafts", str(FROZEN), *quiet)
        assert code == 0
        assert "[#" not in shown and not any(f"{stage}  [" in shown for stage in stages), shown
        assert quiet_out == out


@pytest.mark.parametrize("args", [("build", "--no-search", "--out", "{tmp}/site"), ("check",), ("compile", "ilc-2019")])
def test_nothing_when_stderr_is_not_a_terminal(tmp_path: Path, args: tuple[str, ...]) -> None:
    argv = [a.replace("{tmp}", str(tmp_path)) for a in args]
    done = subprocess.run([sys.executable, "-m", "cahtool", "--drafts", str(FROZEN), *argv], cwd=ROOT,
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert "\r" not in done.stderr and not any(f"{stage}  [" in done.stderr for stage in STAGES)
    assert "\r" not in done.stdout
    if args[0] == "build":
        assert done.stderr == "" and done.stdout.startswith("wrote ")
