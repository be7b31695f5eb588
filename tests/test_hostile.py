"""Hostile input, for every command that reads XML: one line naming the file, the right exit code, no
traceback, nothing read or fetched from outside the file, bounded time and memory.

Each case is a fixture in tests/hostile/ (``@CANARY@`` and ``@PORT@`` are filled in at test time), or is
generated at test time (the 50 MB file, the 1 MB word, the deep nesting, the UTF-16/UTF-32 disguises).
"Nothing read from outside" is proven two ways: a canary file whose text must appear in no output, and a
listening socket that must receive no connection.

To cover a new command, add one line to COMMANDS.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import FROZEN_ARG

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = Path(__file__).resolve().parent / "hostile"
CANARY = "CANARY-7f3a9c-must-never-be-read"
#: Wall-clock bound of one command on one hostile file (generous: CI machines are shared).
TIME_LIMIT = 10.0
#: Peak resident memory of one command, in MB, for the large cases (run in a child process).
MEMORY_LIMIT_MB = 100  # measured peaks: 20 MB (a normal show) to 42 MB (a 1 MB word, check)


@dataclass(frozen=True)
class Command:
    """How to run a command on a file, and the exit codes it must give."""

    args: Callable[[str], list[str]]
    refused: int  # the file is refused (hostile, malformed, unreadable)
    flagged: frozenset[int]  # the file is readable, but check has something to say


COMMANDS = {
    "check": Command(lambda path: ["check", path], refused=1, flagged=frozenset({1})),
    "show": Command(lambda path: ["show", path], refused=2, flagged=frozenset({0})),
    "diff": Command(lambda path: ["diff", "rome-statute-art7", path], refused=2, flagged=frozenset({0})),
    "apply": Command(lambda path: ["apply", path], refused=2, flagged=frozenset({2})),  # 2: not a proposal
    "compile": Command(lambda path: ["compile", path], refused=2, flagged=frozenset({0, 2})),
    "history": Command(lambda path: ["--drafts", str(Path(path).parent), "history", "persecution"], refused=2,
                       flagged=frozenset({0, 2})),
    "list": Command(lambda path: ["--drafts", str(Path(path).parent), "list"], refused=2, flagged=frozenset({0})),
    # a corpus of one file: a readable one still has no baseline to compare with (exit 2), or builds
    "build": Command(lambda path: ["--drafts", str(Path(path).parent), "build", "--no-search", "--out",
                                   str(Path(path).parent / "site")], refused=2, flagged=frozenset({0, 2})),
}

REFUSED, FLAGGED = "refused", "flagged"
#: fixture → (outcome, line of the error or None). Generated fixtures are made by _generate().
FIXTURES = {
    "xxe-file.xml": (REFUSED, 2),
    "xxe-network.xml": (REFUSED, 2),
    "parameter-entity.xml": (REFUSED, 2),
    "billion-laughs.xml": (REFUSED, 2),
    "quadratic-blowup.xml": (REFUSED, 2),
    "external-dtd-network.xml": (REFUSED, 2),
    "external-dtd-file.xml": (REFUSED, 2),
    "xinclude-file.xml": (REFUSED, 15),
    "xinclude-network.xml": (REFUSED, 15),
    "malformed.xml": (REFUSED, 15),
    "undefined-entity.xml": (REFUSED, 15),
    "truncated.xml": (REFUSED, 51),
    "not-akoma-ntoso.xml": (REFUSED, 2),
    "wrong-encoding.xml": (REFUSED, 15),
    "invalid-utf8.xml": (REFUSED, 15),
    "binary.xml": (REFUSED, 1),
    "empty.xml": (REFUSED, None),
    "blank.xml": (REFUSED, None),
    "stylesheet-and-schema-location.xml": (FLAGGED, None),
    # generated at test time
    "xxe-file-utf16.xml": (REFUSED, 2),
    "xxe-file-utf16be-no-bom.xml": (REFUSED, 2),
    "xxe-file-utf32-no-bom.xml": (REFUSED, 2),
    "big-50mb.xml": (REFUSED, None),
    "one-megabyte-word.xml": (FLAGGED, None),
    "deep-nesting.xml": (REFUSED, 2),
    "deep-but-legal-nesting.xml": (FLAGGED, None),
}
LARGE = ("big-50mb.xml", "one-megabyte-word.xml", "billion-laughs.xml", "quadratic-blowup.xml",
         "deep-nesting.xml", "deep-but-legal-nesting.xml")

_AKN = '<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0"><act name="x"><body>'
_END = "</body></act></akomaNtoso>\n"


def _generate(name: str, folder: Path, fill: Callable[[str], str]) -> Path:
    """Write a generated fixture into ``folder``."""
    path = folder / name
    if name.startswith("xxe-file-utf"):
        text = fill((HOSTILE / "xxe-file.xml").read_text(encoding="utf-8"))
        codec = {"xxe-file-utf16.xml": "utf-16", "xxe-file-utf16be-no-bom.xml": "utf-16-be",
                 "xxe-file-utf32-no-bom.xml": "utf-32-le"}[name]
        path.write_bytes(text.replace('encoding="UTF-8"', f'encoding="{codec[:6].upper()}"').encode(codec))
    elif name == "big-50mb.xml":
        para = '<article eId="art_{0}"><num>{0}</num><content><p>' + "lorem ipsum " * 40 + "</p></content></article>\n"
        with path.open("w", encoding="utf-8") as handle:
            handle.write('<?xml version="1.0" encoding="UTF-8"?>\n' + _AKN + "\n")
            size, n = 0, 0
            while size < 50 * 1024 * 1024:
                n += 1
                size += handle.write(para.format(n))
            handle.write(_END)
    elif name == "one-megabyte-word.xml":
        path.write_text(f'{_AKN}<article eId="art_1"><num>Article 1</num><content><p>{"x" * 1024 * 1024}</p>'
                        f"</content></article>{_END}", encoding="utf-8")
    elif name == "deep-nesting.xml":
        path.write_text('<?xml version="1.0"?>\n' + _AKN + "<point>" * 100_000 + "</point>" * 100_000 + _END,
                        encoding="utf-8")
    elif name == "deep-but-legal-nesting.xml":
        depth = 240  # just under libxml2's limit of 256 levels
        path.write_text(_AKN + "<point><num>(a)</num>" * depth + "<content><p>deep</p></content>"
                        + "</point>" * depth + _END, encoding="utf-8")
    else:
        path.write_text(fill((HOSTILE / name).read_text(encoding="utf-8")), encoding="utf-8")
    return path


@pytest.fixture
def listener():
    """A socket on localhost that must never be connected to."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    server.setblocking(False)
    yield server
    server.close()


def _no_connection(server: socket.socket) -> None:
    try:
        connection, address = server.accept()
    except BlockingIOError:
        return
    connection.close()
    pytest.fail(f"something connected to the canary socket from {address}")


@pytest.fixture
def materialise(tmp_path: Path, listener: socket.socket):
    """Fixture name → path of the file to feed, placeholders filled in."""
    canary = tmp_path / "canary.txt"
    canary.write_text(CANARY + "\n", encoding="utf-8")
    port = str(listener.getsockname()[1])

    def fill(text: str) -> str:
        return text.replace("@CANARY@", str(canary)).replace("@PORT@", port)

    def make(name: str) -> Path:
        source = HOSTILE / name
        if not source.exists():
            return _generate(name, tmp_path, fill)
        data = source.read_bytes()
        if b"@CANARY@" in data or b"@PORT@" in data:
            data = fill(data.decode("utf-8")).encode("utf-8")
        path = tmp_path / name
        path.write_bytes(data)
        return path

    return make


def test_every_committed_fixture_is_in_the_table():
    assert {p.name for p in HOSTILE.iterdir()} <= set(FIXTURES)


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("fixture", FIXTURES)
def test_hostile_input(command: str, fixture: str, cli, materialise, listener):
    path = str(materialise(fixture))
    outcome, line = FIXTURES[fixture]
    spec = COMMANDS[command]
    start = time.perf_counter()
    result = cli(*spec.args(path))
    elapsed = time.perf_counter() - start
    output = result.stdout + result.stderr
    assert "Traceback" not in output
    assert CANARY not in output
    assert elapsed < TIME_LIMIT, f"{command} took {elapsed:.1f} s on {fixture}"
    _no_connection(listener)
    where = f"{path}:{line}:" if line else f"{path}"
    if outcome == REFUSED:
        assert result.exit_code == spec.refused, output
        if command == "check":
            lines = result.stdout.splitlines()
            assert len(lines) == 1 and lines[0].startswith(where) and " error: " in lines[0], result.stdout
            assert result.stderr == "1 document checked: 1 error.\n"
        else:
            assert result.stdout == ""
            assert result.stderr.count("\n") == 1 and result.stderr.startswith(f"cahtool: error: {where}"), \
                result.stderr
    else:
        assert result.exit_code in spec.flagged, output
        if command == "check":
            assert all(found.startswith(path) for found in result.stdout.splitlines())


_MEASURE = (
    "import resource, subprocess, sys\n"
    "done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)\n"
    "sys.stderr.buffer.write(done.stderr)\n"
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
)


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("fixture", LARGE)
def test_large_input_in_bounded_memory(command: str, fixture: str, materialise):
    """The same, in a child process whose peak memory is measured (the in-process test cannot see it)."""
    path = str(materialise(fixture))
    # On Linux a child's peak keeps the memory of the process it was forked from (the high-water mark
    # survives exec), so a command started from a large pytest process would inherit pytest's size: the
    # command is started from a small, fresh Python process, which reports its child's peak.
    done = subprocess.run([sys.executable, "-c", _MEASURE, sys.executable, "-m", "cahtool",
                           *COMMANDS[command].args(path)], cwd=ROOT, capture_output=True, text=True, timeout=120,
                          env={**os.environ, "CAHTOOL_DRAFTS": FROZEN_ARG})
    stderr = done.stderr
    peak_mb = int(done.stdout.split()[-1]) / 1024  # Linux: kilobytes
    assert "Traceback" not in stderr
    assert peak_mb < MEMORY_LIMIT_MB, f"{command} on {fixture}: {peak_mb:.0f} MB"


def test_devices_and_fifos_are_refused(cli, tmp_path: Path):
    fifo = tmp_path / "fifo.xml"
    os.mkfifo(fifo)
    for path in ("/dev/zero", str(fifo)):
        result = cli("show", path)
        assert result.exit_code == 2
        assert result.stderr == f"cahtool: error: {path}: not a regular file\n"
