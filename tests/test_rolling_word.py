"""A rolling text in Word and back: brackets as text, options as numbered lines, footnotes as real Word footnotes;
a bracketed Word text laid out the UN way is read as a rolling text, and what cannot be read is refused clearly."""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from lxml import etree

from cahtool.akn import read_rolling, rolling_xml
from cahtool.errors import InputError
from cahtool.model import BracketKind, NegotiationStatus, Stance, plain
from cahtool.word import read_rolling_docx, rolling_document
from tests.conftest import DRAFTS

ROLLING = DRAFTS / "rolling"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _original(name: str):
    return read_rolling((ROLLING / f"{name}.xml").read_bytes(), name)


@pytest.mark.parametrize("name", ["rolling-ilc-2019", "rolling-ilc-2019-rev1"])
def test_word_round_trip_gives_the_same_rolling_text(name: str, cli, tmp_path: Path) -> None:
    out = tmp_path / f"{name}.docx"
    assert cli("rolling", name, "--format", "docx", "-o", str(out)).exit_code == 0
    back = tmp_path / f"{name}.xml"
    result = cli("import", str(out), "--rolling-text", "-o", str(back))
    assert result.exit_code == 0, result.output
    assert back.read_bytes() == (ROLLING / f"{name}.xml").read_bytes()


def test_the_words_alone_carry_the_negotiation_state(tmp_path: Path) -> None:
    """Without the identifiers kept in the package's properties, the visible layout still gives every bracket,
    option, footnote and status: only identifiers (of the delegations, the proposals) are lost."""
    rt = _original("rolling-ilc-2019")
    data = rolling_document(rt)
    stripped = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(stripped, "w") as dst:
        for info in src.infolist():
            if info.filename != "docProps/custom.xml":
                dst.writestr(info, src.read(info))
    back = read_rolling_docx(stripped.getvalue(), "bare.docx", id="bare")
    mine, theirs = list(rt.walk()), list(back.walk())
    assert [c.eid for c in theirs] == [c.eid for c in mine]
    for a, b in zip(mine, theirs, strict=True):
        assert plain(a.wording, resolve="show") == plain(b.wording, resolve="show"), a.eid
        assert [(x.kind, x.note, [(p.party.name, p.stance) for p in x.positions]) for x in a.brackets()] == \
               [(x.kind, x.note, [(p.party.name, p.stance) for p in x.positions]) for x in b.brackets()], a.eid
        assert [plain(o.wording) for o in a.options] == [plain(o.wording) for o in b.options]
        assert (a.status, a.status_date) == (b.status, b.status_date)


def test_footnotes_are_real_word_footnotes() -> None:
    data = rolling_document(_original("rolling-ilc-2019"))
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        body = etree.fromstring(z.read("word/document.xml"))
        notes = etree.fromstring(z.read("word/footnotes.xml"))
        rels = z.read("word/_rels/document.xml.rels").decode()
        types = z.read("[Content_Types].xml").decode()
    refs = [r.get(f"{W}id") for r in body.iter(f"{W}footnoteReference")]
    assert refs == [str(n) for n in range(1, 10)]
    own = [n for n in notes.iter(f"{W}footnote") if n.get(f"{W}type") is None]
    assert [n.get(f"{W}id") for n in own] == refs
    assert "".join(own[0].itertext()).strip() == ("Proposed by Sierra Leone. Supported by El Salvador; Nigeria; "
                                                  "Bolivia; African Group.")
    assert "relationships/footnotes" in rels and "wordprocessingml.footnotes+xml" in types
    # brackets are text, right before their footnote reference
    first = next(body.iter(f"{W}footnoteReference")).getparent()
    assert "".join(first.getprevious().itertext()) == "[the slave trade;]"


@pytest.mark.libreoffice
@pytest.mark.slow
@pytest.mark.skipif(shutil.which("libreoffice") is None,
                    reason="needs LibreOffice (apt-get install libreoffice-writer)")
def test_libreoffice_shows_footnotes_as_footnotes(tmp_path: Path) -> None:
    path = tmp_path / "rolling.docx"
    path.write_bytes(rolling_document(_original("rolling-ilc-2019")))
    subprocess.run(["libreoffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/profile", "--convert-to",
                    "fodt", "--outdir", str(tmp_path), str(path)], check=True, capture_output=True, timeout=180)
    fodt = etree.parse(str(tmp_path / "rolling.fodt"))
    text = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
    notes = fodt.getroot().iter(f"{{{text}}}note")
    found = [(n.get(f"{{{text}}}note-class"), "".join(n.find(f"{{{text}}}note-body").itertext()).strip())
             for n in notes]
    assert len(found) == 9 and {kind for kind, _ in found} == {"footnote"}
    assert found[2] == ("footnote", "Deletion proposed by Amnesty International; Human Rights Watch.")


# -- a bracketed Word text laid out the UN way ----------------------------------------------------------

def _docx(lines: list[str]) -> bytes:
    d = docx.Document()
    d.add_paragraph("Draft convention (compiled text)")
    for line in lines:
        d.add_paragraph(line)
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def test_a_un_style_word_text_becomes_a_rolling_text() -> None:
    data = _docx(["Article 1", "Scope", "1. The present convention [shall][should] apply to crimes against humanity.",
                  "2. [Each State shall take the necessary measures.]", "Article 2", "Definitions",
                  "1. For the purposes of the present convention:", "(a) “State” means a State Party;",
                  "(a bis) [“Party” means a State Party;]", "(b)",
                  "Option 1: “crime” means any act listed in article 3;",
                  "Option 2: “crime” means any act listed in article 3 or 4;", "Status: informally agreed (2028)"])
    rt = read_rolling_docx(data, "un.docx", id="un-text", date="2028")
    assert [c.eid for c in rt.walk()] == ["art_1", "art_1__para_1", "art_1__para_2", "art_2", "art_2__para_1",
                                          "art_2__para_1__point_a", "art_2__para_1__point_a-bis",
                                          "art_2__para_1__point_b"]
    para = rt.find("art_1__para_1")
    assert [(b.words, b.kind) for b in para.brackets()] == [("shall", BracketKind.CONTESTED),
                                                           ("should", BracketKind.CONTESTED)]
    assert rt.find("art_1").heading == "Scope"
    b = rt.find("art_2__para_1__point_b")
    assert [o.number for o in b.options] == [1, 2] and b.status is NegotiationStatus.INFORMALLY_AGREED
    assert rt.find("art_2__para_1__point_a-bis").label == "art. 2(1)(a bis)"
    assert rolling_xml(rt).startswith(b"<?xml")


@pytest.mark.parametrize(("lines", "message"), [
    (["Article 1", "1. The convention [shall apply."],
     "un.docx: paragraph 3 (art. 1(1)): unbalanced brackets: “[” opened at “[shall apply.” is never closed"),
    (["Article 1", "1. The convention shall] apply."],
     "un.docx: paragraph 3 (art. 1(1)): unbalanced brackets: “]” without “[” after “The convention shall”"),
    (["Article 1", "1. The [convention [shall]] apply."],
     "un.docx: paragraph 3 (art. 1(1)): nested brackets at “[convention [”: write each bracket on its own"),
    (["Option 1: a text before any provision", "Article 1"],
     "un.docx: paragraph 2: cannot place Option 1: no numbered provision comes before it"),
    (["Article 1", "1. Scope.", "Option 2: the second option"],
     "un.docx: paragraph 4 (art. 1(1)): cannot place Option 2: art. 1(1) has 0 options before it (options are "
     "numbered 1, 2, 3… under their provision)"),
    (["Article 1", "1. Scope.", "Status: adopted"],
     "un.docx: paragraph 4 (art. 1(1)): unknown status 'adopted' (one of: pending, informally agreed, agreed ad "
     "referendum, deleted)"),
])
def test_what_cannot_be_read_is_refused_naming_file_paragraph_provision(lines: list[str], message: str) -> None:
    with pytest.raises(InputError) as caught:
        read_rolling_docx(_docx(lines), "un.docx")
    assert str(caught.value) == message


def test_a_footnote_that_follows_no_bracket_is_refused(tmp_path: Path) -> None:
    rt = _original("rolling-ilc-2019")
    d = docx.Document(io.BytesIO(rolling_document(rt)))
    # move the first footnote reference away from its bracket: before it
    ref = next(d.element.body.iter(f"{W}footnoteReference")).getparent()
    paragraph = ref.getparent()
    paragraph.remove(ref)
    paragraph.insert(2, ref)  # right after the number, before the bracket
    out = io.BytesIO()
    d.save(out)
    with pytest.raises(InputError) as caught:
        read_rolling_docx(out.getvalue(), "moved.docx")
    assert "moved.docx: paragraph" in str(caught.value) and "(art. 2(1)(c bis)): footnote 1" in str(caught.value)
    assert "follows no bracket: put it right after the ] of the words it is about" in str(caught.value)


def test_import_errors_exit_2_with_one_line(cli, tmp_path: Path) -> None:
    path = tmp_path / "bad.docx"
    path.write_bytes(_docx(["Article 1", "1. The convention [shall apply."]))
    result = cli("import", str(path), "--rolling-text")
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "unbalanced brackets" in result.stderr


def test_positions_survive_the_round_trip() -> None:
    rt = _original("rolling-ilc-2019")
    back = read_rolling_docx(rolling_document(rt), "x.docx")
    option = back.find("art_2__para_2__point_h").options[1]
    assert [p.party.eid for p in option.positions if p.stance is Stance.SUPPORTER] == [
        "un-working-group-on-discrimination-against-women-and-girls", "un-high-commissioner-for-human-rights"]
