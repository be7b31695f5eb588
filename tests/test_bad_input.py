"""Bad input: one line naming the file (and line), exit code 2, no traceback, nothing read from outside."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.akn import document
from tests.conftest import ROOT

GOOD = document('<article eId="art_1"><num>Article 1</num><content><p>Text.</p></content></article>')
CANARY = "CANARY-7f3a-secret"

CASES = {
    "malformed": (b'<?xml version="1.0"?>\n<akomaNtoso>\n  <act>\n</akomaNtoso>\n',
                  "not well-formed XML", 4),
    "truncated": (GOOD[: len(GOOD) // 2], "not well-formed XML", None),
    "not-akn-root": (b'<?xml version="1.0"?>\n<html xmlns="http://www.w3.org/1999/xhtml"/>\n',
                     "not an Akoma Ntoso 3.0 document: root is <html> in namespace http://www.w3.org/1999/xhtml",
                     2),
    "wrong-namespace": (GOOD.replace(b"legaldocml/ns/akn/3.0", b"legaldocml/ns/akn/2.0"),
                        "not an Akoma Ntoso 3.0 document", 2),
    "no-namespace": (b"<akomaNtoso><act/></akomaNtoso>", "root is <akomaNtoso> without a namespace", 1),
    "empty": (b"", "empty file", None),
    "external-entity": (
        b'<?xml version="1.0"?>\n<!DOCTYPE akomaNtoso [<!ENTITY x SYSTEM "file://CANARYFILE">]>\n'
        b"<akomaNtoso><act>&x;</act></akomaNtoso>", "DOCTYPE declaration refused", 2),
    "network-entity": (
        b'<?xml version="1.0"?>\n<!DOCTYPE a [<!ENTITY x SYSTEM "http://127.0.0.1:9/x">]>\n<a>&x;</a>',
        "DOCTYPE declaration refused", 2),
    "billion-laughs": (
        b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
        + b"".join(b'<!ENTITY lol%d "%s">' % (n, (b"&lol%d;" % (n - 1) if n > 1 else b"&lol;") * 10)
                   for n in range(1, 10))
        + b"]>\n<akomaNtoso>&lol9;</akomaNtoso>", "DOCTYPE declaration refused", 2),
    "undefined-entity": (b'<?xml version="1.0"?>\n<akomaNtoso>&nbsp;</akomaNtoso>',
                         "not well-formed XML", 2),
    "utf16-doctype": ('<?xml version="1.0" encoding="UTF-16"?>\n<!DOCTYPE a [<!ENTITY x "y">]>\n<a/>'
                      .encode("utf-16"), "DOCTYPE declaration refused", 2),
}


@pytest.fixture
def bad_file(tmp_path: Path):
    canary = tmp_path / "secret.txt"
    canary.write_text(CANARY)

    def make(name: str) -> Path:
        data = CASES[name][0].replace(b"CANARYFILE", str(canary).encode())
        path = tmp_path / f"{name}.xml"
        path.write_bytes(data)
        return path

    return make


@pytest.mark.parametrize("name", sorted(CASES))
@pytest.mark.parametrize("command", ["diff-old", "diff-new", "show"])
def test_bad_file_gives_one_line_exit_2_no_traceback(cli, bad_file, name: str, command: str) -> None:
    path = bad_file(name)
    args = {"diff-old": ["diff", str(path), "rome-statute-art7"],
            "diff-new": ["diff", "rome-statute-art7", str(path)],
            "show": ["show", str(path)]}[command]
    result = cli(*args)
    message, line = CASES[name][1], CASES[name][2]
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    where = f"{path}:{line}: " if line else f"{path}"  # None: the line is not asserted
    assert lines[0].startswith(f"cahtool: error: {where}"), lines[0]
    assert message in lines[0]
    assert CANARY not in result.output and "Traceback" not in result.output


def test_unknown_document_id(cli) -> None:
    result = cli("diff", "rome-statute-art7", "ilc-2031")
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "cahtool: error: unknown document id 'ilc-2031' in tests/corpus/ "
        "(known: enforced-disappearance-no-time-limit, forced-pregnancy-no-national-laws-clause, "
        "gender-apartheid-definition, gender-apartheid-new-crime, gender-definition-otp, gender-definition-restored, "
        "icty-art5, ilc-2017, ilc-2019, imt-charter-art6, persecution-without-nexus, rolling-ilc-2019, "
            "rolling-ilc-2019-rev1, rome-statute-art7, slave-trade)")


def test_missing_file(cli, tmp_path: Path) -> None:
    missing = tmp_path / "nowhere" / "draft.xml"
    result = cli("show", str(missing))
    assert result.exit_code == 2
    assert result.stderr.strip() == f"cahtool: error: {missing}: no such file"


def test_unknown_provision(cli) -> None:
    result = cli("diff", "rome-statute-art7", "ilc-2019", "--provision", "art_9")
    assert result.exit_code == 2
    assert "no provision with eId 'art_9' in rome-statute-art7 or ilc-2019" in result.stderr


def test_a_bad_draft_in_the_corpus_is_named_when_an_id_is_not_found(cli, tmp_path: Path) -> None:
    drafts = tmp_path / "drafts"
    drafts.mkdir()
    (drafts / "broken.xml").write_bytes(CASES["malformed"][0])
    result = cli("--drafts", str(drafts), "show", "ilc-2019")
    assert result.exit_code == 2
    assert f"{drafts / 'broken.xml'}:4: not well-formed XML" in result.stderr


def test_a_real_process_prints_no_traceback(tmp_path: Path) -> None:
    path = tmp_path / "bomb.xml"
    path.write_bytes(CASES["billion-laughs"][0])
    done = subprocess.run([sys.executable, "-m", "cahtool", "show", str(path)], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert done.stderr == f"cahtool: error: {path}:2: DOCTYPE declaration refused (DTDs and entities can read " \
                          "other files or explode in memory)\n"
    assert done.stdout == ""
