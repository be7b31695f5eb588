"""Shared fixtures: the corpus, the CLI runner, and golden files (rewritten only with --update-goldens)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
#: The corpus a tracker keeps (drafts/): data, which changes. Only the tests of properties that any valid corpus has
#: read it (tests/test_drafts.py).
DRAFTS = ROOT / "drafts"
#: Today's corpus, frozen: a byte-for-byte copy of drafts/ taken when the tests were written. Tests of behaviour and
#: golden files run on it, so adding a proposal to drafts/ changes no expected output.
FROZEN = Path(__file__).resolve().parent / "corpus"
#: FROZEN as the ``cli`` fixture names it (relative to the repository root, where it runs).
FROZEN_ARG = "tests/corpus"
#: Golden files: tests/goldens/<command>/<case>.<format> (the whole site under goldens/site/).
GOLDENS = Path(__file__).resolve().parent / "goldens"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
REFERENCE = Path(__file__).resolve().parent / "reference"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-goldens", action="store_true", default=False,
                     help="Rewrite golden files from the current output (review the diff before committing).")


@pytest.fixture(autouse=True)
def _pinned_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Same output whatever the machine: timezone, locale, terminal width, no colour."""
    monkeypatch.setenv("TZ", "UTC")
    monkeypatch.setenv("LC_ALL", "C.UTF-8")
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("CAHTOOL_DRAFTS", raising=False)


@pytest.fixture(scope="session")
def corpus():
    from cahtool.corpus import Corpus

    return Corpus(FROZEN)


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def cli(runner: CliRunner, monkeypatch: pytest.MonkeyPatch):
    """Run ``cahtool ARGS`` from the repository root, on the frozen corpus; returns the click Result.

    A test that moves elsewhere (``monkeypatch.chdir``) runs there on that directory's own ``drafts/``; a
    ``--drafts`` in ARGS wins everywhere.
    """
    from cahtool.cli import cli as command

    monkeypatch.chdir(ROOT)

    def run(*args: str, **kwargs):
        if Path.cwd() == ROOT:
            kwargs["env"] = {"CAHTOOL_DRAFTS": FROZEN_ARG, **kwargs.get("env", {})}
        return runner.invoke(command, list(args), catch_exceptions=False, **kwargs)

    return run


@pytest.fixture
def golden(request: pytest.FixtureRequest):
    """Compare text (or bytes) with a golden file; rewrite it with --update-goldens."""
    update = request.config.getoption("--update-goldens")

    def check(path: Path, actual: str | bytes) -> None:
        data = actual.encode("utf-8") if isinstance(actual, str) else actual
        if update or not path.exists():
            if not update:
                pytest.fail(f"golden file {path} missing: run pytest --update-goldens and review it")
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            return
        expected = path.read_bytes()
        if isinstance(actual, str):
            assert actual == expected.decode("utf-8"), f"output differs from {os.path.relpath(path, ROOT)}"
        else:
            assert data == expected, f"output differs from {os.path.relpath(path, ROOT)}"

    return check


#: Test modules that drive a browser, LibreOffice, whole-site builds, fuzzing or hostile inputs in subprocesses:
#: `make test` runs them, `make test-fast` (``-m "not slow"``) leaves them out.
SLOW_MODULES = frozenset({"test_browser", "test_docx_libreoffice", "test_hostile", "test_site", "test_site_golden",
                          "test_fuzz_check", "test_faults", "test_faults_build", "test_fuzz", "test_build_cache",
                          "test_progress", "test_bench"})


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if item.module is not None and item.module.__name__.rpartition(".")[2] in SLOW_MODULES:
            item.add_marker(pytest.mark.slow)
