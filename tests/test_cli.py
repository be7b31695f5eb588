"""The command line as users run it: formats, filters, colour, exit codes, output files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from cahtool import __version__
from tests.conftest import FROZEN, ROOT

ANSI = "\x1b["


def test_version(cli) -> None:
    assert cli("--version").output == f"cahtool, version {__version__}\n"


def test_python_dash_m() -> None:
    done = subprocess.run([sys.executable, "-m", "cahtool", "--version"], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0 and done.stdout.strip() == f"cahtool, version {__version__}"


def test_text_redline_has_markers_and_no_colour_when_piped(cli) -> None:
    out = cli("diff", "rome-statute-art7", "ilc-2019").output
    assert ANSI not in out
    # ILC 2019 descends from Rome art. 7 through ILC 2017, which made this change: its mark is ¹.
    assert "For the purpose of [-this Statute-]{+the present draft articles+}¹," in out
    assert "art. 7(1)(h) → art. 2(1)(h) · modified · substantive" in out
    assert "warning: ilc-2019: unverified reconstruction; check it against A/74/10" in out


def test_colour_on_request_keeps_the_markers(cli) -> None:
    out = cli("diff", "rome-statute-art7", "ilc-2019", "--color", "always").output
    assert "\x1b[31;9m[-this Statute-]\x1b[0m\x1b[32;4m{+the present draft articles+}¹\x1b[0m" in out


def test_no_color_environment_variable(cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    assert ANSI not in cli("diff", "rome-statute-art7", "ilc-2019", "--color", "auto").output


def test_substantive_only(cli) -> None:
    out = cli("diff", "rome-statute-art7", "ilc-2019", "--substantive-only").output
    headlines = [line for line in out.splitlines() if " · " in line and not line.startswith((" ", "legend:"))]
    assert headlines[1:] == [
        "art. 7(1) → art. 2(1) · chapeau · modified · substantive",
        "art. 7(1)(h) → art. 2(1)(h) · modified · substantive",
        "art. 7(3) · deleted · substantive",
        "art. 2(3) · inserted · substantive",
    ]


def test_provision_filter_takes_an_eid_of_either_document(cli) -> None:
    data = json.loads(cli("diff", "rome-statute-art7", "ilc-2019", "--provision", "art_7__para_2",
                          "--format", "json").output)
    labels = {c["old"]["label"] for c in data["changes"]}
    assert labels == {f"art. 7(2)({x})" for x in "abcdefghi"}
    data = json.loads(cli("diff", "rome-statute-art7", "ilc-2019", "--provision", "art_2__para_3",
                          "--format", "json").output)
    assert [c["status"] for c in data["changes"]] == ["inserted"]


def test_all_lists_unchanged_provisions(cli) -> None:
    without = json.loads(cli("diff", "ilc-2017", "ilc-2019", "--format", "json").output)
    with_all = json.loads(cli("diff", "ilc-2017", "ilc-2019", "--format", "json", "--all").output)
    assert "unchanged" not in {c["status"] for c in without["changes"]}
    assert len(with_all["changes"]) - len(without["changes"]) == with_all["stats"]["unchanged"] == 21


@pytest.mark.parametrize("args,code", [
    (["rome-statute-art7", "ilc-2019"], 1),
    (["rome-statute-art7", "rome-statute-art7"], 0),
    (["rome-statute-art7", "ilc-2019", "--provision", "art_7__para_2", "--substantive-only"], 0),
])
def test_exit_code_like_git_diff(cli, args: list[str], code: int) -> None:
    assert cli("diff", *args, "--exit-code").exit_code == code


def test_without_exit_code_differences_exit_0(cli) -> None:
    assert cli("diff", "rome-statute-art7", "ilc-2019").exit_code == 0


def test_output_file(cli, tmp_path: Path) -> None:
    target = tmp_path / "redline.md"
    result = cli("diff", "ilc-2017", "ilc-2019", "--format", "markdown", "-o", str(target))
    assert result.exit_code == 0 and result.output == ""
    assert target.read_text(encoding="utf-8").startswith("# ILC draft articles")


def test_output_file_that_cannot_be_written(cli, tmp_path: Path) -> None:
    target = tmp_path / "missing-dir" / "out.json"
    result = cli("diff", "ilc-2017", "ilc-2019", "-o", str(target))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"cahtool: error: {target}: cannot write output")


def test_documents_by_path(cli) -> None:
    by_id = cli("diff", "ilc-2017", "ilc-2019", "--format", "json").output
    by_path = cli("diff", "tests/corpus/ilc-2017-art3.xml", "tests/corpus/ilc-2019-art2.xml", "--format", "json").output
    assert json.loads(by_id)["changes"] == json.loads(by_path)["changes"]


def test_other_drafts_directory(cli, tmp_path: Path) -> None:
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "rome.xml").write_bytes((FROZEN / "rome-statute-art7.xml").read_bytes())
    result = cli("--drafts", str(tmp_path / "d"), "list")
    assert result.exit_code == 0 and result.output.startswith("rome-statute-art7  1998-07-17")


def test_show_json(cli) -> None:
    data = json.loads(cli("show", "rome-statute-art7", "art_7__para_2__point_b", "--format", "json").output)
    assert data["schema"] == "cahtool.document/1"
    assert data["verification"] == "verified"
    assert data["provisions"][0]["label"] == "art. 7(2)(b)"


def test_usage_errors_exit_2(cli) -> None:
    assert cli("diff", "rome-statute-art7").exit_code == 2
    assert cli("diff", "a", "b", "--format", "pdf").exit_code == 2
