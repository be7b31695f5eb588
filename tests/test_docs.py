"""The documentation keeps up with the code: every command has help with an example and is in the README."""

from __future__ import annotations

import pytest

from cahtool.cli import cli as group
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_opens_with_the_two_commands() -> None:
    head = README[:1200]
    assert "make demo" in head and "make test" in head


@pytest.mark.parametrize("name", sorted(group.commands))
def test_command_has_help_with_an_example(cli, name: str) -> None:
    result = cli(name, "--help")
    assert result.exit_code == 0
    assert "Example" in result.output, f"cahtool {name} --help shows no example"


@pytest.mark.parametrize("name", sorted(group.commands))
def test_command_is_in_the_readme(name: str) -> None:
    assert f"cahtool {name}" in README, f"README.md does not mention `cahtool {name}`"
