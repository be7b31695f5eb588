"""cahtool check output: GitHub workflow commands (valid and escaped), JSON, the PR summary, --changed-since."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from cahtool.check import FileResult, Report, check, reviews
from cahtool.corpus import Corpus
from cahtool.errors import CahtoolError
from cahtool.model import Finding
from cahtool.render import findings as out
from tests.conftest import FROZEN

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "check"

# A workflow command, as the Actions runner parses it (ActionCommand.TryParseV2): "::name props::data".
_COMMAND = re.compile(r"^::(?P<name>error|warning|notice)(?: (?P<props>[^:]*))?::(?P<data>.*)$")
_PROPERTY = re.compile(r"^(?P<key>file|line|endLine|col|endColumn|title)=(?P<value>[^,:]*)$")


def _unescape(value: str) -> str:
    return (value.replace("%0D", "\r").replace("%0A", "\n").replace("%3A", ":").replace("%2C", ",")
            .replace("%25", "%"))


def parse_workflow_commands(text: str) -> list[tuple[str, dict[str, str], str]]:
    """Parse output as the runner would, failing on anything that is not valid syntax."""
    commands = []
    for line in text.split("\n"):
        if not line.startswith("::"):
            continue  # a plain log line
        match = _COMMAND.match(line)
        assert match, f"not a valid workflow command: {line!r}"
        assert "\r" not in line
        props = {}
        for prop in (match.group("props") or "").split(","):
            pm = _PROPERTY.match(prop)
            assert pm, f"bad property {prop!r} in {line!r}"
            assert not re.search(r"%(?!25|0D|0A|3A|2C)", pm.group("value")), f"unescaped % in {prop!r}"
            props[pm.group("key")] = _unescape(pm.group("value"))
        data = match.group("data")
        assert not re.search(r"%(?!25|0D|0A)", data), f"unescaped % in {data!r}"
        commands.append((match.group("name"), props, _unescape(data)))
    return commands


def _report(*findings: Finding) -> Report:
    paths = dict.fromkeys(f.path for f in findings)
    return Report(tuple(FileResult(p, tuple(f for f in findings if f.path == p)) for p in paths))


def test_github_output_is_valid_and_round_trips_hostile_text():
    nasty = Finding("CAH101", "error", "drafts/a,b:c%25d\nx.xml", 7,
                    "100% wrong: line one\r\nline two, with a comma: and a colon %0A")
    warning = Finding("CAH405", "warning", "drafts/ok.xml", 0, "plain")
    text = out.github(_report(nasty, warning))
    commands = parse_workflow_commands(text)
    assert commands == [
        ("error", {"file": nasty.path, "line": "7", "title": "CAH101"}, nasty.message),
        ("warning", {"file": "drafts/ok.xml", "title": "CAH405"}, "plain"),
    ]
    assert text.splitlines()[-1] == "2 documents checked: 1 error, 1 warning."


def test_github_output_of_the_fixtures(cli):
    result = cli("check", "--corpus", "--format", "github", "tests/check")
    assert result.exit_code == 1
    commands = parse_workflow_commands(result.stdout)
    assert len(commands) == len(result.stdout.splitlines()) - 1
    assert ("error", {"file": "tests/check/num-sequence.xml", "line": "62", "col": "13", "title": "CAH404"},
            "the numbering of art. 1(1) jumps from (b) to (d): expected (c). Check it against the official text: "
            "a missing point must be added (with <omissis/> if its text is not reproduced)") in commands


def test_json_output(cli):
    result = cli("check", "--corpus", "--format", "json", "tests/check/num-sequence.xml", "tests/check/clean.xml")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["schema"] == "cahtool.check/1"
    assert data["documents"] == ["tests/check/num-sequence.xml", "tests/check/clean.xml"]
    assert data["summary"] == {"documents": 2, "errors": 3, "warnings": 0}  # CAH404, CAH302 twice
    sequence = [f for f in data["findings"] if f["rule"] == "CAH404"]
    assert sequence == [{
        "rule": "CAH404", "name": "num-sequence", "severity": "error", "path": "tests/check/num-sequence.xml",
        "line": 62, "column": 13, "eid": "art_1__para_1__point_d",
        "message": "the numbering of art. 1(1) jumps from (b) to (d): expected (c). Check it against the official "
                   "text: a missing point must be added (with <omissis/> if its text is not reproduced)"}]
    assert result.stderr == ""


def test_summary_of_the_corpus_has_a_redline_per_document(cli, tmp_path: Path):
    summary = tmp_path / "summary.md"
    summary.write_text("# earlier step\n", encoding="utf-8")
    result = cli("check", "--summary", str(summary))
    assert result.exit_code == 0
    text = summary.read_text(encoding="utf-8")
    drafts = len(list(FROZEN.glob("*.xml"))) + len(list(FROZEN.glob("rolling/*.xml")))
    proposals = len(list(FROZEN.glob("proposals/*.xml")))
    assert text.startswith(f"# earlier step\n## cahtool check\n\n**{drafts + proposals} documents checked: no "
                           "problems found.**\n")
    assert ("<summary>Against rome-statute-art7: 4 substantive · 20 editorial · 1 inserted · 1 deleted · 0 moved · "
            "0 renumbered · 1 unchanged</summary>") in text
    # every draft against the baseline (but the baseline itself); every proposal against its base and the baseline
    assert text.count("<details>") == text.count("</details>") == drafts - 1 + 2 * proposals
    assert "### Rome Statute of the International Criminal Court, article 7\n" in text
    assert "<del>" in text and "<ins>" in text


def test_summary_of_a_proposal_shows_its_redline_against_its_base(cli, tmp_path: Path):
    summary = tmp_path / "summary.md"
    result = cli("check", "--summary", str(summary), "tests/corpus/proposals/persecution-without-nexus.xml")
    assert result.exit_code == 0
    text = summary.read_text(encoding="utf-8")
    assert "### Persecution as an independent crime: delete the connection requirement in draft article 2(1)(h)\n" \
        in text
    assert ("<summary>Against its base, ilc-2019: 1 substantive · 0 editorial · 0 inserted · 0 deleted · 0 moved · "
            "0 renumbered · 23 unchanged</summary>") in text
    assert "<del>, in connection with any act referred to in this paragraph</del>" in text
    assert "<summary>Against rome-statute-art7: " in text


def test_summary_of_a_proposal_that_does_not_apply(cli, tmp_path: Path):
    summary = tmp_path / "summary.md"
    result = cli("check", "--corpus", "--summary", str(summary), "tests/check/proposals/proposal-applies.xml")
    assert result.exit_code == 1
    text = summary.read_text(encoding="utf-8")
    assert "> The proposal cannot be applied to its base, so there is no redline: " in text
    assert "<details>" not in text


def test_summary_lists_findings_and_escapes_them():
    finding = Finding("CAH404", "error", "drafts/x|y.xml", 3, "<script>alert(1)</script> | *bold*")
    text = out.summary(_report(finding), [])
    assert "| drafts/x\\|y.xml:3 | CAH404 num-sequence | error | &lt;script&gt;alert(1)&lt;/script&gt; \\| " \
           "\\*bold\\* |" in text
    assert "<script>" not in text


def test_summary_stays_within_budget():
    report = check(root=FROZEN)
    text = out.summary(report, reviews(report.documents, Corpus(FROZEN)), budget=3000)
    assert text.count("<details>") == 0
    assert "The redline is too long for this page: run cahtool diff rome-statute-art7 " in text


def test_summary_file_that_cannot_be_written(cli, tmp_path: Path):
    result = cli("check", "--summary", str(tmp_path / "no" / "dir" / "s.md"))
    assert result.exit_code == 2
    assert result.stderr.startswith("cahtool: error: ") and "cannot write the summary" in result.stderr


# -- --changed-since -----------------------------------------------------------------------------

def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True,
                   env={"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
                        "GIT_COMMITTER_EMAIL": "t@example.org", "HOME": str(repo), "PATH": "/usr/bin:/bin"})


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A git repository with the real corpus (drafts and proposals) committed on main."""
    shutil.copytree(FROZEN, tmp_path / "drafts")
    (tmp_path / "README.md").write_text("not a draft\n", encoding="utf-8")
    _git(tmp_path, "init", "-q", "-b", "main")
    _git(tmp_path, "add", ".")
    _git(tmp_path, "commit", "-q", "-m", "corpus")
    return tmp_path


def _proposals_on(base: str) -> list[str]:
    from cahtool.akn import load_file

    return sorted(f"drafts/proposals/{p.name}" for p in (FROZEN / "proposals").glob("*.xml")
                  if load_file(p).base == base)


def _changed(repo: Path, cli, monkeypatch, *args: str):
    monkeypatch.chdir(repo)
    return cli("--drafts", "drafts", "check", "--format", "json", "--changed-since", "main", *args)


def test_changed_since_nothing_changed(repo: Path, cli, monkeypatch):
    result = _changed(repo, cli, monkeypatch)
    assert result.exit_code == 0
    assert json.loads(result.stdout)["documents"] == []
    result = cli("check", "--changed-since", "main")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "No draft changed since main: nothing to "
                                                                       "check.\n")


def test_changed_since_a_new_file_and_an_edited_one(repo: Path, cli, monkeypatch):
    shutil.copy(FIXTURES / "num-sequence.xml", repo / "drafts" / "new.xml")  # untracked
    rome = repo / "drafts" / "rome-statute-art7.xml"
    rome.write_text(rome.read_text(encoding="utf-8").replace("Murder;", "Murder;\u200b"), encoding="utf-8")
    (repo / "README.md").write_text("changed, but not a draft\n", encoding="utf-8")
    result = _changed(repo, cli, monkeypatch)
    data = json.loads(result.stdout)
    assert data["documents"] == ["drafts/new.xml", "drafts/rome-statute-art7.xml"]
    assert {(f["rule"], f["path"]) for f in data["findings"]} == {
        ("CAH404", "drafts/new.xml"), ("CAH501", "drafts/rome-statute-art7.xml")}
    assert result.exit_code == 1


def test_changed_since_brings_in_proposals_on_a_changed_base(repo: Path, cli, monkeypatch):
    _git(repo, "checkout", "-q", "-b", "pull-request")
    base = repo / "drafts" / "ilc-2019-art2.xml"
    base.write_text(base.read_text(encoding="utf-8").replace("murder;", "murder ;"), encoding="utf-8")
    _git(repo, "commit", "-q", "-am", "edit the base")
    result = _changed(repo, cli, monkeypatch)
    on_ilc_2019 = _proposals_on("ilc-2019")
    assert len(on_ilc_2019) >= 5
    assert json.loads(result.stdout)["documents"] == ["drafts/ilc-2019-art2.xml", *on_ilc_2019]
    assert result.exit_code == 0


def test_changed_since_a_deleted_base(repo: Path, cli, monkeypatch):
    (repo / "drafts" / "ilc-2017-art3.xml").unlink()
    result = _changed(repo, cli, monkeypatch)
    data = json.loads(result.stdout)
    assert data["documents"] == _proposals_on("ilc-2017")
    assert {(f["rule"], f["path"]) for f in data["findings"]} == {("CAH701", p) for p in _proposals_on("ilc-2017")}
    assert result.exit_code == 1


def test_changed_since_unknown_ref(repo: Path, cli, monkeypatch):
    monkeypatch.chdir(repo)
    result = cli("check", "--changed-since", "origin/nope")
    assert result.exit_code == 2
    assert result.stderr == (
        "cahtool: error: unknown git ref 'origin/nope': is the branch fetched? (in GitHub Actions, check out with "
        "fetch-depth: 0, and name the base as origin/<branch>)\n")
    result = cli("check", "--changed-since", "--help")
    assert result.exit_code == 2


def test_changed_since_outside_a_repository(tmp_path: Path, cli, monkeypatch):
    shutil.copytree(FROZEN, tmp_path / "drafts")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    result = cli("check", "--changed-since", "main")
    assert result.exit_code == 2
    assert result.stderr == "cahtool: error: drafts is not inside a git repository: --changed-since needs one\n"


def test_changed_since_without_git(repo: Path, monkeypatch):
    from cahtool.check import changed_drafts

    monkeypatch.setenv("PATH", str(repo / "nothing-here"))
    with pytest.raises(CahtoolError, match="--changed-since needs git, and git is not installed"):
        changed_drafts("main", repo / "drafts")


# -- integration files ----------------------------------------------------------------------------

def test_workflow_runs_check_on_pull_requests_touching_drafts():
    workflow = (ROOT / ".github" / "workflows" / "drafts.yml").read_text(encoding="utf-8")
    assert "pull_request:" in workflow and '- "drafts/**"' in workflow
    assert "fetch-depth: 0" in workflow
    assert ('run: cahtool check --changed-since "origin/$BASE_REF" --format github --summary '
            '"$GITHUB_STEP_SUMMARY"') in workflow
    assert "${{ github.base_ref }}" not in workflow.split("run: cahtool")[1]  # no expression in the script
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert 'cahtool check --changed-since "origin/$BASE_REF" --format github --summary "$GITHUB_STEP_SUMMARY"' \
        in readme


def test_pre_commit_hook_and_ci():
    hooks = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    assert "- id: cahtool-check" in hooks and "entry: cahtool check" in hooks
    assert "files: ^drafts/.*\\.xml$" in hooks
    assert "id: cahtool-check" in (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert ".venv/bin/cahtool check" in ci and ci.index(".venv/bin/cahtool check") < ci.index("make test\n")


def test_no_drafts_directory(cli, tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = cli("check")
    assert result.exit_code == 2
    assert result.stderr == "cahtool: error: drafts: no drafts directory here: give --drafts DIR, or the files to " \
                            "check\n"
