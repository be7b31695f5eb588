"""Faults and hostile input (issue 15): never a traceback, never a half-written file, nothing read from outside.

One test (or one parametrized family) per fault found: a base draft without ``<FRBRManifestation>``, a deleted
chapeau line, corrupt Word files, control characters in a proposal, ``-o`` onto an input, a failed write, the
``check --summary`` append, symbolic links out of the drafts directory, terminal escapes, Word revision
authors, zip limits and overlong messages. Inputs are made at test time from the real drafts (the large
ones too: 650,000 zip entries, 6 MB of untracked text). The site's faults (an interrupted build, two
builds at once) are in ``test_faults_build.py``.
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from cahtool.errors import CahtoolError, InputError
from cahtool.output import append_safely, refuse_inputs, write_atomic
from cahtool.text import clean_name, excerpt, json_safe, printable, xml_safe
from tests.conftest import DRAFTS, ROOT
from tests.fuzz.harness import package, shown_docx

CANARY = "CANARY-3c1e-outside-the-drafts"

#: What a proposal needs besides its words (cahtool check requires it): an id, a source, a provenance label.
META = ("--id", "utopia", "--source", "a test", "--provenance", "verbatim")


def one_line_error(result, *fragments: str) -> str:
    """The command failed with exit 2 and one line on stderr, no traceback; return the line."""
    assert result.exit_code == 2, (result.exit_code, result.output)
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("cahtool: error: "), lines[0]
    assert "Traceback" not in result.output
    for fragment in fragments:
        assert fragment in lines[0], (fragment, lines[0])
    return lines[0]


@pytest.fixture
def drafts(tmp_path: Path) -> Path:
    """A copy of the corpus that tests may damage."""
    copy = tmp_path / "drafts"
    shutil.copytree(DRAFTS, copy)
    return copy


# -- 1. no traceback: a base without FRBRManifestation -----------------------------------------------

def _without_manifestation(drafts: Path) -> Path:
    path = drafts / "ilc-2019-art2.xml"
    text = path.read_text(encoding="utf-8")
    stripped = re.sub(r"\s*<FRBRManifestation>.*?</FRBRManifestation>", "", text, flags=re.S)
    assert stripped != text
    path.write_text(stripped, encoding="utf-8")
    return path


@pytest.mark.parametrize("args", [["list"], ["apply", "slave-trade"], ["diff", "ilc-2019", "slave-trade"],
                                  ["show", "slave-trade"], ["compile", "ilc-2019"], ["history", "apartheid"],
                                  ["build", "--no-search", "--out", "SITE"]],
                         ids=lambda a: a[0])
def test_a_base_without_manifestation_is_one_line_naming_the_base(cli, drafts, tmp_path, args) -> None:
    base = _without_manifestation(drafts)
    args = [str(tmp_path / "site") if a == "SITE" else a for a in args]
    result = cli("--drafts", str(drafts), *args)
    one_line_error(result, f"{base}: base ilc-2019 has no <identification › FRBRManifestation>")


def test_check_reports_a_base_without_manifestation(cli, drafts) -> None:
    base = _without_manifestation(drafts)
    result = cli("--drafts", str(drafts), "check")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert f"{base}:5: CAH202 error" in result.stdout
    assert "CAH703 error: base ilc-2019 has no <identification › FRBRManifestation>" in result.stdout


def test_check_changed_since_in_ci_still_annotates_and_summarises(cli, drafts, tmp_path) -> None:
    def git(*args: str) -> None:
        subprocess.run(["git", "-C", str(drafts), "-c", "user.email=ci@example.org", "-c", "user.name=CI", *args],
                       check=True, capture_output=True)

    git("init", "-q")
    git("add", ".")
    git("commit", "-qm", "corpus")
    _without_manifestation(drafts)
    summary = tmp_path / "step-summary.md"
    summary.write_text("## earlier step\n", encoding="utf-8")
    result = cli("--drafts", str(drafts), "check", "--changed-since", "HEAD", "--format", "github",
                 "--summary", str(summary))
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "::error file=" in result.stdout and "title=CAH202::" in result.stdout
    assert "title=CAH703::base ilc-2019 has no" in result.stdout
    written = summary.read_text(encoding="utf-8")
    assert written.startswith("## earlier step\n## cahtool check")
    assert "CAH703" in written


# -- 1. no traceback: propose and import ----------------------------------------------------------

def _shown(cli, *args: str) -> str:
    result = cli("show", *args)
    assert result.exit_code == 0
    return result.stdout


def test_a_deleted_chapeau_line_is_an_input_error(cli, tmp_path) -> None:
    # The recipe: print the document, delete the chapeau line of paragraph 1, propose.
    text = _shown(cli, "ilc-2019")
    chapeau = next(line for line in text.splitlines() if line.startswith("1. For the purpose"))
    edited = tmp_path / "edit.txt"
    edited.write_text(text.replace(chapeau + "\n", ""), encoding="utf-8")
    line = text.splitlines().index(chapeau) + 1  # the next line, (a), takes its number
    result = cli("propose", "--base", "ilc-2019", str(edited), "--proponent", "Utopia", *META)
    one_line_error(result, f"{edited}:{line}: (a) would stand directly in Article 2", "keep its number")
    # Emptied rather than deleted, the number stays: that edit is a proposal that deletes the words.
    edited.write_text(text.replace(chapeau, "1."), encoding="utf-8")
    assert cli("propose", "--base", "ilc-2019", str(edited), "--proponent", "Utopia", *META).exit_code == 0


def test_a_deleted_chapeau_line_of_a_printed_provision(cli, tmp_path) -> None:
    text = _shown(cli, "ilc-2019", "art_2__para_1")
    chapeau = next(line for line in text.splitlines() if line.startswith("1. For the purpose"))
    edited = tmp_path / "edit.txt"
    edited.write_text(text.replace(chapeau + "\n", ""), encoding="utf-8")
    result = cli("propose", "--base", "ilc-2019", str(edited), "--proponent", "Utopia", *META)
    one_line_error(result, "(a) does not begin art. 2(1)")


def test_a_proposal_that_does_not_give_the_edit_back_is_an_input_error(corpus) -> None:
    from cahtool.propose import derive_proposal, verify
    from cahtool.render import document

    base = corpus.get("ilc-2019")
    text = document.text(base, base.find("art_2__para_2__point_h"))
    one = text.replace("one racial group", "one racial or gender group")
    other = text.replace("one racial group", "one ethnic group")
    draft = derive_proposal(base, one, path="edit.txt", proponents=("Utopia",))
    with pytest.raises(InputError, match=r"edit\.txt: cahtool cannot write this edit as an amendment of ilc-2019 "
                                         r"that gives it back exactly .* at art\. 2\(2\)\(h\)"):
        verify(draft, corpus.xml("ilc-2019"), other, path="edit.txt")


def test_import_of_a_deleted_chapeau_paragraph(cli, corpus, tmp_path) -> None:
    xml = zipfile.ZipFile(io.BytesIO(shown_docx())).read("word/document.xml")
    tree = etree.fromstring(xml)
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    chapeau = next(p for p in tree.iter(f"{w}p") if "".join(p.itertext()).startswith("1.For the purpose"))
    chapeau.getparent().remove(chapeau)  # deleted with Track Changes off
    path = tmp_path / "no-chapeau.docx"
    path.write_bytes(package(etree.tostring(tree)))
    result = cli("import", str(path), "--base", "ilc-2019", "--accept-untracked", "--proponent", "Utopia")
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert result.stderr.splitlines()[-1].startswith(f"cahtool: error: {path}:")
    assert "would stand directly in Article 2" in result.stderr


# -- 1. no traceback: broken Word files ----------------------------------------------------------------

def _corrupt_deflate(data: bytes) -> bytes:
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo("word/document.xml")
    out = bytearray(data)
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for k in range(start + 10, start + 60):
        out[k] ^= 0x55
    return bytes(out)


def _method(data: bytes, method: int) -> bytes:
    """Claim another compression method (LZMA, 14) for word/document.xml, in both headers."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    info = archive.getinfo("word/document.xml")
    out = bytearray(data)
    struct.pack_into("<H", out, info.header_offset + 8, method)
    for found in re.finditer(rb"PK\x01\x02", data):
        at = found.start()
        name_length = struct.unpack_from("<H", data, at + 28)[0]
        if data[at + 46:at + 46 + name_length] == b"word/document.xml":
            struct.pack_into("<H", out, at + 10, method)
    return bytes(out)


def _crc(data: bytes) -> bytes:
    out = bytearray(data)
    for found in re.finditer(rb"PK\x01\x02", data):
        at = found.start()
        name_length = struct.unpack_from("<H", data, at + 28)[0]
        if data[at + 46:at + 46 + name_length] == b"word/document.xml":
            out[at + 16] ^= 0xFF
    return bytes(out)


BROKEN_DOCX = {
    "corrupt-deflate": (_corrupt_deflate, "cannot read part: corrupt compressed data"),
    "truncated": (lambda d: d[: len(d) // 2], "not a .docx file: broken zip archive"),
    "no-end-record": (lambda d: d[:-22], "broken zip archive"),
    "lzma-method": (lambda d: _method(d, 14), "compression method 14 refused"),
    "bad-crc": (_crc, "cannot read part: corrupt compressed data"),
    "empty-zip": (lambda d: b"PK\x05\x06" + b"\0" * 18, "not a Word document"),
}


@pytest.mark.parametrize("name", sorted(BROKEN_DOCX))
def test_a_broken_word_file_is_one_line(cli, tmp_path, name) -> None:
    damage, message = BROKEN_DOCX[name]
    path = tmp_path / f"{name}.docx"
    path.write_bytes(damage(shown_docx()))
    one_line_error(cli("import", str(path), "--base", "ilc-2019"), str(path), message)


def test_two_main_parts_are_refused(cli, tmp_path) -> None:
    source = zipfile.ZipFile(io.BytesIO(shown_docx()))
    out = io.BytesIO()
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for info in source.infolist():
                target.writestr(info.filename, source.read(info))
            target.writestr("word/document.xml", source.read("word/document.xml").replace(b"murder", b"MURDER"))
    path = tmp_path / "two-documents.docx"
    path.write_bytes(out.getvalue())
    one_line_error(cli("import", str(path), "--base", "ilc-2019"),
                   f"{path}: the package holds two parts named word/document.xml: refused")


def _many_entries(count: int) -> bytes:
    """A real zip (ZIP64 end records) of ``count`` empty stored entries, made fast with struct."""
    local = struct.pack("<4sHHHHHIIIHH", b"PK\x03\x04", 20, 0, 0, 0, 0, 0, 0, 0, 1, 0) + b"a"
    headers, offset = [], 0
    for _ in range(count):
        headers.append(struct.pack("<4sHHHHHHIIIHHHHHII", b"PK\x01\x02", 45, 20, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0,
                                   0, min(offset, 0xFFFFFFFF)) + b"a")
        offset += len(local)
    central = b"".join(headers)
    body_size = len(local) * count
    end64 = struct.pack("<4sQHHIIQQQQ", b"PK\x06\x06", 44, 45, 45, 0, 0, count, count, len(central), body_size)
    locator = struct.pack("<4sIQI", b"PK\x06\x07", 0, body_size + len(central), 1)
    end = struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, 0xFFFF, 0xFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0)
    return local * count + central + end64 + locator + end


def test_many_zip_entries_are_refused_fast_and_small(tmp_path) -> None:
    path = tmp_path / "many.docx"
    path.write_bytes(_many_entries(650_000))
    assert len(zipfile.ZipFile(io.BytesIO(_many_entries(3))).namelist()) == 3  # the maker makes real zips
    if not Path("/proc/self/status").is_file():
        pytest.skip("peak memory is read from /proc/self/status (Linux)")
    # VmHWM, the peak resident memory of this process image (ru_maxrss would count pytest's, inherited).
    script = ("import re, time\n"
              "from cahtool.cli import cli\n"
              "start = time.monotonic()\n"
              "try:\n"
              f"    cli(['import', {str(path)!r}, '--base', 'ilc-2019'], prog_name='cahtool')\n"
              "except SystemExit as exc:\n"
              "    code = exc.code\n"
              "peak = re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read()).group(1)\n"
              "print(code, time.monotonic() - start, peak)\n")
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=60)
    code, seconds, peak_kb = done.stdout.split()
    assert code == "2", done.stderr
    assert done.stderr == f"cahtool: error: {path}: more than 2000 parts in the package refused\n"
    assert float(seconds) < 2.0  # measured: 0.26 s, most of it loading the base (11 s before)
    assert int(peak_kb) < 100_000  # measured: about 32 MB, the interpreter and cahtool (400 MB before)


def test_overlong_untracked_text_gives_a_short_message(cli, tmp_path) -> None:
    xml = zipfile.ZipFile(io.BytesIO(shown_docx())).read("word/document.xml").decode("utf-8")
    pasted = " ".join(f"word{k % 5000}" for k in range(700_000))  # 6 MB pasted with Track Changes off
    path = tmp_path / "pasted.docx"
    path.write_bytes(package(xml.replace("murder", "murder " + pasted, 1).encode("utf-8")))
    line = one_line_error(cli("import", str(path), "--base", "ilc-2019"), "edited without Track Changes",
                          "Redo these edits with Track Changes on")
    assert len(line) < 1000  # 4.7 MB before
    assert "…" in line


def test_every_error_message_is_bounded() -> None:
    error = CahtoolError("text “" + "x" * 7_000_000 + "” not found: quote the words exactly", path="p.xml")
    assert len(error.format()) < 2100
    assert error.format().endswith("not found: quote the words exactly")
    assert excerpt("a" * 1000, 200).count("…") == 1 and len(excerpt("a" * 1000, 200)) == 200
    assert excerpt("short") == "short"


# -- 1. no traceback: control characters in what a proposal would hold ----------------------------

def _edit(cli, tmp_path, replace: tuple[str, str]) -> Path:
    text = _shown(cli, "ilc-2019", "art_2__para_2__point_h").replace(*replace)
    path = tmp_path / "edit.txt"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("char", ["\x1b", "\x07", "\x00", "\x9b", "\x85", "\ufffe"])
def test_control_characters_in_the_edited_text(cli, tmp_path, char) -> None:
    path = _edit(cli, tmp_path, ("racial group over", f"racial {char}group over"))
    out = tmp_path / "proposal.xml"
    result = cli("propose", "--base", "ilc-2019", str(path), "--proponent", "Utopia", "--id", "utopia", "--source",
                 "a test", "--provenance", "verbatim", "-o", str(out))
    one_line_error(result, f"{path}:9: control character U+{ord(char):04X}", "cannot hold it")
    assert not out.exists()


@pytest.mark.parametrize("option,value,message", [
    ("--title", "Proposal\x07", "--title “Proposal”: control character U+0007"),
    ("--source", "A/78/\x9b2J", "--source “A/78/2J”: control character U+009B"),
    ("--proponent", "Mexico\x1b]0;x\x07", "--proponent “Mexico]0;x”: control character U+001B"),
    ("--supporter", "Chile\u202e", "--supporter “Chile” is not a name cahtool can credit (it holds U+202E"),
    ("--proponent", "A" * 300, "is not a name cahtool can credit (a name of 300 characters"),
])
def test_control_characters_in_the_options(cli, tmp_path, option, value, message) -> None:
    path = _edit(cli, tmp_path, ("racial group over", "racial or gender group over"))
    args = ["propose", "--base", "ilc-2019", str(path), option, value, "--id", "utopia", "--provenance", "verbatim"]
    if option != "--source":
        args += ["--source", "a test"]
    if option != "--proponent":
        args += ["--proponent", "Utopia"]
    line = one_line_error(cli(*args), message)
    assert "\x1b" not in line and "\x07" not in line


def test_a_control_character_from_a_word_symbol(cli, tmp_path) -> None:
    xml = zipfile.ZipFile(io.BytesIO(shown_docx())).read("word/document.xml").decode("utf-8")
    tracked = ('</w:t></w:r><w:ins w:id="9" w:author="Mexico" w:date="2024-04-01T00:00:00Z"><w:r>'
               '<w:sym w:char="001B"/></w:r></w:ins><w:r><w:t xml:space="preserve">')
    path = tmp_path / "symbol.docx"
    path.write_bytes(package(xml.replace("murder", "mur" + tracked + "der", 1).encode("utf-8")))
    result = cli("import", str(path), "--base", "ilc-2019")
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert result.stderr.splitlines()[-1].startswith(f"cahtool: error: {path}:4: control character U+001B")


# -- 2. atomic writes and -o ------------------------------------------------------------------------

def _edit_file(cli, tmp_path: Path) -> Path:
    return _edit(cli, tmp_path, ("racial group over", "racial or gender group over"))


OUTPUT_ONTO_INPUT = {
    "apply": (["apply", "slave-trade", "-o", "{drafts}/proposals/slave-trade.xml"], None),
    "apply-base": (["apply", "slave-trade", "-o", "{drafts}/ilc-2019-art2.xml"], None),
    "apply-dotdot": (["apply", "slave-trade", "-o", "{drafts}/proposals/../proposals/slave-trade.xml"], None),
    "apply-text": (["apply", "slave-trade", "--format", "text", "-o", "{drafts}/ilc-2019-art2.xml"], None),
    "diff": (["diff", "ilc-2017", "ilc-2019", "--format", "json", "-o", "{drafts}/ilc-2017-art3.xml"], None),
    "show": (["show", "ilc-2019", "--format", "text", "-o", "{drafts}/ilc-2019-art2.xml"], None),
    "show-docx": (["show", "rome-statute-art7", "--format", "docx", "-o", "{drafts}/rome-statute-art7.xml"], None),
    "compile": (["compile", "ilc-2019", "--format", "text", "-o", "{drafts}/proposals/slave-trade.xml"], None),
    "history": (["history", "apartheid", "--format", "text", "-o", "{drafts}/icty-statute-art5.xml"], None),
    "propose-edit": (["propose", "--base", "ilc-2019", "{edit}", "--proponent", "X", "--id", "x", "--source", "s",
                      "--provenance", "verbatim", "-o", "{edit}"], "edit"),
    "propose-base": (["propose", "--base", "ilc-2019", "{edit}", "--proponent", "X", "--id", "x", "--source", "s",
                      "--provenance", "verbatim", "-o",
                      "{drafts}/ilc-2019-art2.xml"], "edit"),
    "import": (["import", "{docx}", "--base", "ilc-2019", "--proponent", "X", "--format", "xml", "-o", "{docx}"],
               "docx"),
    "import-base": (["import", "{docx}", "--base", "ilc-2019", "--proponent", "X", "-o",
                     "{drafts}/ilc-2019-art2.xml"], "docx"),
}


@pytest.mark.parametrize("case", sorted(OUTPUT_ONTO_INPUT))
def test_output_onto_an_input_is_refused(cli, drafts, tmp_path, case) -> None:
    args, _ = OUTPUT_ONTO_INPUT[case]
    edit = _edit_file(cli, tmp_path)
    docx_path = tmp_path / "edited.docx"
    xml = zipfile.ZipFile(io.BytesIO(shown_docx())).read("word/document.xml").decode("utf-8")
    tracked = ('</w:t></w:r><w:ins w:id="9" w:author="Mexico" w:date="2024-04-01T00:00:00Z"><w:r>'
               '<w:t xml:space="preserve"> age</w:t></w:r></w:ins><w:r><w:t xml:space="preserve">')
    docx_path.write_bytes(package(xml.replace("murder", "murder" + tracked, 1).encode("utf-8")))
    args = [a.format(drafts=drafts, edit=edit, docx=docx_path) for a in args]
    target = Path(args[args.index("-o") + 1])
    before = target.read_bytes()
    result = cli("--drafts", str(drafts), *args)
    one_line_error(result, f"-o {target} is also an input of this command")
    assert target.read_bytes() == before


def test_output_through_a_link_onto_an_input_is_refused(cli, drafts, tmp_path) -> None:
    link = tmp_path / "innocent.xml"
    link.symlink_to(drafts / "proposals" / "slave-trade.xml")
    before = link.read_bytes()
    one_line_error(cli("--drafts", str(drafts), "apply", "slave-trade", "-o", str(link)), "is also an input")
    assert link.read_bytes() == before


def test_output_elsewhere_is_written_whole(cli, drafts, tmp_path) -> None:
    out = tmp_path / "consolidated.xml"
    out.write_text("old", encoding="utf-8")
    os.chmod(out, 0o640)
    assert cli("--drafts", str(drafts), "apply", "slave-trade", "-o", str(out)).exit_code == 0
    assert out.read_bytes().startswith(b"<?xml") and oct(out.stat().st_mode & 0o777) == "0o640"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["consolidated.xml", "drafts"]  # no temporary file left


def test_a_failed_write_leaves_the_old_file_whole(tmp_path) -> None:
    # A real failure, not a mock: the file size limit makes the write fail halfway (EFBIG), as a full disk would.
    out = tmp_path / "redline.json"
    out.write_text("the previous redline\n", encoding="utf-8")
    script = ("import resource, signal\n"
              "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"
              "resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))\n"
              "from cahtool.cli import main\n"
              "main()\n")
    done = subprocess.run([sys.executable, "-c", script, "diff", "rome-statute-art7", "ilc-2019", "--format", "json",
                           "-o", str(out)], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert done.stderr == (f"cahtool: error: {out}: cannot write output: File too large "
                           "(the old file, if any, is unchanged)\n")
    assert out.read_text(encoding="utf-8") == "the previous redline\n"
    assert [p.name for p in tmp_path.iterdir()] == ["redline.json"]


def test_write_atomic_removes_its_temporary_file_on_any_failure(tmp_path, monkeypatch) -> None:
    import errno

    import cahtool.output

    target = tmp_path / "out.txt"
    target.write_bytes(b"old")

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(cahtool.output.os, "fsync", full)
    with pytest.raises(CahtoolError, match="No space left on device"):
        write_atomic(target, b"new")
    monkeypatch.undo()

    def interrupted(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(cahtool.output.os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, b"new")
    assert target.read_bytes() == b"old" and [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_write_atomic_writes_to_a_pipe_or_device_in_place(tmp_path) -> None:
    """``-o /dev/null`` must not rename a file over the device (as root it would replace /dev/null itself)."""
    import stat
    import threading

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []

    def read() -> None:
        with open(fifo, "rb") as handle:
            received.append(handle.read())

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    write_atomic(fifo, b"through the pipe")
    reader.join(timeout=10)
    assert received == [b"through the pipe"]
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe"]  # no temporary file left beside it


def test_write_atomic_follows_a_link(tmp_path) -> None:
    real = tmp_path / "real.txt"
    real.write_bytes(b"old")
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    write_atomic(link, b"new")
    assert link.is_symlink() and real.read_bytes() == b"new"
    refuse_inputs(tmp_path / "other.txt", [real])
    with pytest.raises(CahtoolError, match="is also an input"):
        refuse_inputs(link, [real])


def test_the_summary_is_appended_never_truncated(cli, drafts, tmp_path, monkeypatch) -> None:
    summary = tmp_path / "summary.md"
    summary.write_text("## the build step\n", encoding="utf-8")
    assert cli("--drafts", str(drafts), "check", "--summary", str(summary)).exit_code == 0
    written = summary.read_text(encoding="utf-8")
    assert written.startswith("## the build step\n## cahtool check")
    # A failed write (disk full) leaves the summary as it was.
    import errno

    import cahtool.output

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(cahtool.output.os, "fsync", full)
    result = cli("--drafts", str(drafts), "check", "--summary", str(summary))
    one_line_error(result, f"{summary}: cannot write the summary: No space left on device")
    assert summary.read_text(encoding="utf-8") == written
    monkeypatch.undo()
    # Not a regular file (a pipe, a terminal, /dev/null): appended in place.
    assert cli("--drafts", str(drafts), "check", "--summary", os.devnull).exit_code == 0


def test_the_summary_onto_a_draft_is_refused(cli, drafts) -> None:
    draft = drafts / "ilc-2019-art2.xml"
    before = draft.read_bytes()
    one_line_error(cli("--drafts", str(drafts), "check", "--summary", str(draft)),
                   f"--summary {draft} is also an input of this command")
    assert draft.read_bytes() == before


def test_append_safely_in_a_directory_we_cannot_write(tmp_path, monkeypatch) -> None:
    import cahtool.output

    summary = tmp_path / "summary.md"
    summary.write_text("before\n", encoding="utf-8")
    monkeypatch.setattr(cahtool.output.os, "access", lambda path, mode: False)  # as for a user, not root
    append_safely(summary, b"after\n")
    assert summary.read_text(encoding="utf-8") == "before\nafter\n"
    assert [p.name for p in tmp_path.iterdir()] == ["summary.md"]


# -- 3. boundaries: symbolic links out of the drafts directory --------------------------------------

@pytest.fixture
def linked(drafts: Path, tmp_path: Path) -> Path:
    """The corpus with a link to a file outside it: a valid draft that carries a canary."""
    outside = tmp_path / "outside" / "secret.xml"
    outside.parent.mkdir()
    text = (DRAFTS / "rome-statute-art7.xml").read_text(encoding="utf-8")
    text = text.replace('value="rome-statute-art7"', 'value="secret"').replace("Murder", f"Murder {CANARY}")
    outside.write_text(text, encoding="utf-8")
    link = drafts / "secret.xml"
    link.symlink_to(outside)
    return link


@pytest.mark.parametrize("args", [["list"], ["diff", "rome-statute-art7", "secret"], ["history", "murder"],
                                  ["build", "--no-search", "--out", "SITE"]], ids=lambda a: a[0])
def test_a_link_out_of_the_drafts_is_refused(cli, drafts, linked, tmp_path, args) -> None:
    args = [str(tmp_path / "site") if a == "SITE" else a for a in args]
    result = cli("--drafts", str(drafts), *args)
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert f"{linked}: a symbolic link to a file outside the drafts directory: refused" in result.stderr
    assert CANARY not in result.output
    assert not (tmp_path / "site").exists()


def test_check_reports_a_link_out_of_the_drafts_and_quotes_nothing(cli, drafts, linked, tmp_path) -> None:
    summary = tmp_path / "summary.md"
    for args in (["check"], ["check", str(linked)], ["check", "--format", "github"], ["check", "--format", "json"]):
        result = cli("--drafts", str(drafts), *args, "--summary", str(summary))
        assert result.exit_code == 1 and "Traceback" not in result.output
        assert "CAH100" in result.stdout and "symbolic link to a file outside the drafts directory" in result.stdout
        assert CANARY not in result.output
    assert CANARY not in summary.read_text(encoding="utf-8")


def test_a_link_inside_the_drafts_is_read(cli, drafts) -> None:
    (drafts / "proposals" / "alias.xml").symlink_to(drafts / "proposals" / "slave-trade.xml")
    result = cli("--drafts", str(drafts), "check", str(drafts / "proposals" / "alias.xml"))
    assert "CAH100" not in result.stdout


# -- 3. boundaries: terminal output ----------------------------------------------------------------------

ESCAPES = {
    "osc0-title": "\x1b]0;PWNED\x07",
    "osc8-link": "\x1b]8;;evil.example\x1b\\click\x1b]8;;\x1b\\",
    "csi-clear": "\x1b[2J\x1b[H",
    "c1-csi": "\x9b2J",
    "c1-osc": "\x9d0;PWNED\x9c",
    "carriage-return": "ok\rPWNED",
}


def _raw_controls(text: str) -> list[str]:
    """Control characters other than cahtool's SGR colours, tab and newline."""
    return re.findall("[\x00-\x08\x0b-\x1f\x7f-\x9f]", re.sub("\x1b\\[[0-9;]*m", "", text))


@pytest.mark.parametrize("name", sorted(ESCAPES))
def test_escapes_in_file_names_reach_no_terminal(cli, tmp_path, name) -> None:
    path = tmp_path / f"draft{ESCAPES[name]}.xml"
    shutil.copy(DRAFTS / "rome-statute-art7.xml", path)
    folder = tmp_path / f"folder{ESCAPES[name]}"
    folder.mkdir()
    for args in (["show", str(path), "art_99"], ["check", "--corpus", str(path)], ["apply", str(path)],
                 ["show", "ilc-2019", "-o", str(folder)], ["--drafts", str(path), "list"]):  # click's own errors
        result = cli(*args)
        assert result.exit_code in (1, 2)
        assert _raw_controls(result.output) == [], (args, result.output)
        if "Usage:" not in result.output:  # click quotes names in its own errors with repr()
            assert printable(ESCAPES[name]) in result.output


def test_a_file_name_that_is_not_utf8(tmp_path) -> None:
    name = tmp_path / "draft\udcff.xml"  # the byte 0xFF, as Python reads a file name that is not UTF-8
    shutil.copy(DRAFTS / "rome-statute-art7.xml", name)
    summary = tmp_path / "summary.md"
    for args in (["check", "--corpus", "--summary", str(summary)], ["check", "--corpus", "--format", "json"],
                 ["apply"], ["check", "--corpus", "--format", "github"]):
        done = subprocess.run([sys.executable, "-m", "cahtool", *args[:1], os.fsencode(name), *args[1:]], cwd=ROOT,
                              capture_output=True, timeout=60)
        assert done.returncode in (1, 2) and b"Traceback" not in done.stderr, done.stderr
        if "json" in args:
            paths = json.loads(done.stdout)["documents"]
            assert paths == [str(name)]  # exact: the surrogate escaped as \udcff
    assert b"/draft\xff.xml" in summary.read_bytes()  # the file's name as the bytes it is


def test_control_characters_in_draft_text_are_escaped_for_the_terminal_only(cli, tmp_path) -> None:
    path = tmp_path / "c1.xml"
    text = (DRAFTS / "rome-statute-art7.xml").read_text(encoding="utf-8")
    path.write_text(text.replace("Murder;", "Murder\x9b2J\x9d0;PWNED\x9c;"), encoding="utf-8")
    shown = cli("show", str(path))
    assert shown.exit_code == 0 and _raw_controls(shown.stdout) == []
    assert "Murder\\x9b2J\\x9d0;PWNED\\x9c;" in shown.stdout
    redline = cli("diff", "rome-statute-art7", str(path), "--color", "always")
    assert redline.exit_code == 0 and _raw_controls(redline.stdout) == []
    assert "\x1b[32;4m" in redline.stdout  # cahtool's own colours still work
    # JSON keeps the text exact (as \u escapes), and so does the file written with -o.
    data = json.loads(cli("show", str(path), "--format", "json").stdout)
    assert "Murder\x9b2J\x9d0;PWNED\x9c;" in json.dumps(data, ensure_ascii=False)
    out = tmp_path / "shown.txt"
    assert cli("show", str(path), "-o", str(out)).exit_code == 0
    assert "Murder\x9b2J\x9d0;PWNED\x9c;" in out.read_text(encoding="utf-8")


def test_printed_xml_keeps_its_text_exact(cli, drafts) -> None:
    proposal = drafts / "proposals" / "slave-trade.xml"
    proposal.write_text(proposal.read_text(encoding="utf-8").replace("the slave trade", "the slave\x85 trade"),
                        encoding="utf-8")
    result = cli("--drafts", str(drafts), "apply", "slave-trade", "--format", "xml")
    assert result.exit_code == 0 and _raw_controls(result.stdout) == []
    tree = etree.fromstring(result.stdout.encode("utf-8"))
    assert "the slave\x85 trade" in "".join(tree.itertext())


def test_the_terminal_functions() -> None:
    assert printable("a\x1b]0;x\x07b\tc\nd\x9b") == "a\\x1b]0;x\\x07b\tc\nd\\x9b"
    assert printable("\x1b[31mred\x1b[0m\x1b]8;;u\x1b\\", colors=True) == "\x1b[31mred\x1b[0m\\x1b]8;;u\\x1b\\"
    assert json.loads(json_safe(json.dumps("a\x9bb\u2028", ensure_ascii=False))) == "a\x9bb\u2028"
    assert etree.fromstring(xml_safe("<a>x\x85y</a>")).text == "x\x85y"


# -- 3. boundaries: Word revision authors ------------------------------------------------------------

def _by(tmp_path: Path, author: str) -> Path:
    xml = zipfile.ZipFile(io.BytesIO(shown_docx())).read("word/document.xml").decode("utf-8")
    quoted = author.replace("&", "&amp;").replace('"', "&quot;")
    tracked = (f'</w:t></w:r><w:ins w:id="9" w:author="{quoted}" w:date="2024-04-01T00:00:00Z"><w:r>'
               '<w:t xml:space="preserve">, age</w:t></w:r></w:ins><w:r><w:t xml:space="preserve">')
    path = tmp_path / "authored.docx"
    path.write_bytes(package(xml.replace("gender or other", "gender" + tracked + " or other", 1).encode("utf-8")))
    return path


@pytest.mark.parametrize("author,removed", [
    ("Mex\u202eico", "U+202E RIGHT-TO-LEFT OVERRIDE"),
    ("Mex\u200bico", "U+200B ZERO WIDTH SPACE"),
    ("Mexico\u200f", "U+200F RIGHT-TO-LEFT MARK"),
    ("Mex\x85ico", "U+0085"),
])
def test_revision_authors_are_cleaned_and_the_cleaning_said(cli, tmp_path, author, removed) -> None:
    out = tmp_path / "proposal.xml"
    result = cli("import", str(_by(tmp_path, author)), "--base", "ilc-2019", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert f"note: author name “Mexico” cleaned: removed {removed}" in result.stderr
    assert "proposed by Mexico," in result.stderr
    from cahtool.check import check_file

    rules = {f.rule for f in check_file(out).findings}
    assert not rules & {"CAH501", "CAH502", "CAH503", "CAH505", "CAH507"}, rules


@pytest.mark.parametrize("author,problem", [("M" * 10_000, "a name of 10,000 characters"),
                                            ("Jos\ufffd", "replacement character U+FFFD"),
                                            ("x" * 150 + " y", "150 characters without a space")])
def test_revision_authors_that_are_no_name_are_refused(cli, tmp_path, author, problem) -> None:
    line = one_line_error(cli("import", str(_by(tmp_path, author)), "--base", "ilc-2019"),
                          "the author of a tracked change", problem)
    assert len(line) < 600


def test_clean_name() -> None:
    assert clean_name("  Sierra\u00a0 Leone\u202e ") == ("Sierra Leone", ("U+202E RIGHT-TO-LEFT OVERRIDE",))
    assert clean_name("e\u0301") == ("\u00e9", ())


# -- 3. boundaries: fast refusal measured -------------------------------------------------------------

def test_a_corrupt_docx_is_refused_in_bounded_time(cli, tmp_path) -> None:
    path = tmp_path / "corrupt.docx"
    path.write_bytes(_corrupt_deflate(shown_docx()))
    start = time.monotonic()
    one_line_error(cli("import", str(path), "--base", "ilc-2019"))
    assert time.monotonic() - start < 5
