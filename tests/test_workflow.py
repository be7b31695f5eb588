"""The tracker's and the advocate's day without a trap: the corpus directory, duplicate ids, output conventions."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import FROZEN

#: Commands that read the corpus, with arguments that need nothing but a corpus.
CORPUS_COMMANDS = {
    "list": ["list"],
    "show": ["show", "ilc-2019"],
    "diff": ["diff", "rome-statute-art7", "ilc-2019"],
    "apply": ["apply", "slave-trade"],
    "compile": ["compile", "ilc-2019"],
    "history": ["history", "apartheid"],
    "rolling": ["rolling", "rolling-ilc-2019"],
    "positions": ["positions"],
}


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    """A copy of the frozen corpus, to spoil."""
    shutil.copytree(FROZEN, tmp_path / "drafts")
    return tmp_path / "drafts"


# -- --drafts, before or after the command -----------------------------------------------------------------

@pytest.mark.parametrize("command", sorted(CORPUS_COMMANDS))
def test_drafts_before_or_after_the_command(cli, copy: Path, command: str) -> None:
    args = CORPUS_COMMANDS[command]
    before = cli("--drafts", str(copy), *args)
    after = cli(*args, "--drafts", str(copy))
    assert before.exit_code == after.exit_code == 0, after.output
    assert before.output == after.output


def test_drafts_after_the_command_wins(cli, copy: Path, tmp_path: Path) -> None:
    result = cli("--drafts", str(tmp_path / "nowhere"), "list", "--drafts", str(copy))
    assert result.exit_code == 0 and "rome-statute-art7" in result.output


def test_every_command_that_reads_the_corpus_takes_drafts(cli) -> None:
    from cahtool.cli import cli as group

    for name, command in group.commands.items():
        assert "--drafts" in [opt for p in command.params for opt in p.opts], name


# -- a directory that holds no corpus ------------------------------------------------------------------------

@pytest.mark.parametrize("command", sorted(CORPUS_COMMANDS))
def test_a_missing_drafts_directory_is_one_line(cli, tmp_path: Path, command: str) -> None:
    result = cli(*CORPUS_COMMANDS[command], "--drafts", str(tmp_path / "nowhere"))
    assert result.exit_code == 2
    assert result.stderr == (f"cahtool: error: {tmp_path / 'nowhere'}: no such drafts directory: give --drafts DIR "
                             "(or set CAHTOOL_DRAFTS) to name the folder of Akoma Ntoso drafts\n")


def test_list_in_a_folder_without_drafts(cli, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = cli("list")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.startswith("cahtool: error: drafts: no such drafts directory")


def test_an_empty_drafts_directory(cli, tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    result = cli("list", "--drafts", str(tmp_path / "empty"))
    assert result.exit_code == 2
    assert result.stderr == (f"cahtool: error: {tmp_path / 'empty'}: the drafts directory holds no .xml file: "
                             "not a corpus (give --drafts DIR)\n")


def test_a_folder_of_other_xml_is_not_a_corpus(cli, tmp_path: Path) -> None:
    folder = tmp_path / "elsewhere"
    (folder / "deep" / "er").mkdir(parents=True)
    (folder / "feed.xml").write_text("<rss version='2.0'><channel/></rss>", encoding="utf-8")
    (folder / "deep" / "er" / "pom.xml").write_text("<project/>", encoding="utf-8")
    result = cli("list", "--drafts", str(folder))
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    assert result.stderr.startswith(f"cahtool: error: {folder / 'deep' / 'er' / 'pom.xml'}:1: ")
    assert result.stderr.endswith(f"(none of the 2 .xml files of {folder} is a readable Akoma Ntoso draft: not a "
                                  "corpus)\n")


def test_a_link_out_of_the_drafts_directory_is_refused(cli, copy: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere.xml"
    outside.write_bytes((FROZEN / "ilc-2017-art3.xml").read_bytes().replace(b'value="ilc-2017"', b'value="other"'))
    (copy / "linked.xml").symlink_to(outside)
    result = cli("list", "--drafts", str(copy))
    assert result.exit_code == 2
    assert result.stderr == (f"cahtool: error: {copy / 'linked.xml'}: a symbolic link to a file outside the "
                             "drafts directory: refused (nothing outside the drafts directory is read, published or "
                             "quoted); copy the file in instead\n")
    checked = cli("check", "--drafts", str(copy))
    assert checked.exit_code == 1
    assert checked.stdout == (f"{copy / 'linked.xml'}: CAH100 error: a symbolic link to a file outside the drafts "
                              "directory: refused (nothing outside the drafts directory is read, published or quoted); "
                              "copy the file in instead\n")


def test_hidden_folders_are_not_the_corpus(cli, copy: Path) -> None:
    (copy / ".git").mkdir()
    (copy / ".git" / "stray.xml").write_text("<not-akn/>", encoding="utf-8")
    assert cli("list", "--drafts", str(copy)).exit_code == 0
    assert cli("check", "--drafts", str(copy)).exit_code == 0


# -- two files with one short id -----------------------------------------------------------------------------

@pytest.mark.parametrize("command", sorted(CORPUS_COMMANDS))
def test_a_duplicate_short_id_is_an_error_naming_both_files(cli, copy: Path, command: str) -> None:
    (copy / "ilc-2019-copy.xml").write_bytes((copy / "ilc-2019-art2.xml").read_bytes().replace(b"murder;", b"murder ;"))
    result = cli(*CORPUS_COMMANDS[command], "--drafts", str(copy))
    assert result.exit_code == 2, result.output
    assert result.stderr == (f"cahtool: error: short id 'ilc-2019' is the id of two files, "
                             f"{copy / 'ilc-2019-art2.xml'} and {copy / 'ilc-2019-copy.xml'}: give one of them "
                             'another id (<FRBRalias name="cahtool">)\n')


def test_check_reports_a_duplicate_id_as_a_finding(cli, copy: Path) -> None:
    (copy / "ilc-2019-copy.xml").write_bytes((copy / "ilc-2019-art2.xml").read_bytes().replace(b"murder;", b"murder ;"))
    result = cli("check", "--drafts", str(copy))
    assert result.exit_code == 1
    assert f"{copy / 'ilc-2019-copy.xml'}:9:11: CAH302 error: short id 'ilc-2019' is also the id of" in result.stdout


# -- -o FILE: the extension says the format ------------------------------------------------------------------

@pytest.mark.parametrize("args,name,starts", [
    (["diff", "rome-statute-art7", "ilc-2019"], "out.json", b"{"),
    (["diff", "rome-statute-art7", "ilc-2019"], "out.md", b"# Rome Statute"),
    (["diff", "rome-statute-art7", "ilc-2019"], "out.html", b"<!DOCTYPE html>"),
    (["diff", "rome-statute-art7", "ilc-2019"], "out.docx", b"PK"),
    (["diff", "rome-statute-art7", "ilc-2019"], "out.txt", b"old: "),
    (["diff", "rome-statute-art7", "ilc-2019"], "out", b"old: "),
    (["show", "ilc-2019"], "ilc.docx", b"PK"),
    (["show", "ilc-2019"], "ilc.json", b"{"),
    (["apply", "slave-trade"], "consolidated.xml", b"<?xml"),
    (["apply", "slave-trade"], "consolidated.txt", b"# "),
    (["compile", "ilc-2019"], "compiled.md", b"# "),
    (["history", "apartheid"], "history.json", b"{"),
])
def test_the_extension_of_o_says_the_format(cli, tmp_path: Path, args: list[str], name: str, starts: bytes) -> None:
    out = tmp_path / name
    result = cli(*args, "-o", str(out))
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(starts)


def test_format_wins_over_the_extension(cli, tmp_path: Path) -> None:
    out = tmp_path / "out.html"
    assert cli("diff", "rome-statute-art7", "ilc-2019", "--format", "text", "-o", str(out)).exit_code == 0
    assert out.read_text(encoding="utf-8").startswith("old: ")


def test_an_extension_the_command_cannot_write_is_refused(cli, tmp_path: Path) -> None:
    out = tmp_path / "ilc.html"
    result = cli("show", "ilc-2019", "-o", str(out))
    assert result.exit_code == 2 and not out.exists()
    assert result.stderr == f"cahtool: error: {out}: cannot write .html files (this command writes text, json, " \
                            "docx): name the file for one of them, or give --format\n"


# -- apply reads as text; the redline's legend ------------------------------------------------------------------

def test_apply_prints_text_by_default_and_xml_on_request(cli) -> None:
    text = cli("apply", "slave-trade")
    assert text.exit_code == 0 and "\n(d) the slave trade;\n" in text.output and "<akomaNtoso" not in text.output
    xml = cli("apply", "slave-trade", "--format", "xml")
    assert xml.output.startswith("<?xml") and "<akomaNtoso" in xml.output


@pytest.mark.parametrize("args", [["diff", "rome-statute-art7", "ilc-2019"], ["compile", "ilc-2019"],
                                  ["history", "apartheid"]])
def test_a_text_redline_ends_with_its_legend(cli, args: list[str]) -> None:
    shown = cli(*args).output
    assert shown.endswith("\nlegend: [-deleted-] {+inserted+} · … unchanged words left out\n"
                          "        editorial: case, punctuation, quotes, dashes, spacing, formatting only; "
                          "substantive: the rest\n")
    bare = cli(*args, "--no-legend").output
    assert "legend:" not in bare and shown.startswith(bare.rstrip("\n"))
    assert "legend:" not in cli(*args, "--format", "json").output


def test_no_legend_when_nothing_differs(cli) -> None:
    assert "legend" not in cli("diff", "ilc-2019", "ilc-2019").output


# -- titles: a drafting tool's placeholder is not a title ---------------------------------------------------------

@pytest.mark.parametrize("name,expected", [("#varBillTitle", "Crimes Against Humanity Bill"),
                                           ("Crimes Against Humanity Act 2025", "Crimes Against Humanity Act 2025")])
def test_a_placeholder_in_frbrname_gives_way_to_the_doctitle(name: str, expected: str) -> None:
    """UK Lawmaker leaves ``#varBillTitle`` in FRBRname; the printed title is in the preface's docTitle."""
    from cahtool.akn import load_bytes
    from tests.akn import article, document

    data = document(article(1, "Definition", "<content><p>Words.</p></content>"))
    data = data.replace(b"<proprietary source=\"#cahtool\"><cah:title>Test document</cah:title></proprietary>", b"")
    data = data.replace(b'<FRBRcountry value="un"/></FRBRWork>',
                        f'<FRBRcountry value="un"/><FRBRname value="{name}"/></FRBRWork>'.encode())
    data = data.replace(b"<body>", b"<preface><p><docTitle>Crimes Against Humanity Bill</docTitle></p></preface><body>")
    assert load_bytes(data, "bill.xml").title == expected
