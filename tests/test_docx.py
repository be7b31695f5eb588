"""Word output: the redline's tracked changes give back both texts, the title block, the clean text, goldens."""

from __future__ import annotations

import io
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from cahtool.cli import BINARY_FORMATS, DIFF_FORMATS
from cahtool.diff import compare
from cahtool.diff import word_diff as diff
from cahtool.layout import provision_lines
from cahtool.model import Status
from cahtool.render import Options
from cahtool.word import docx as docx_render
from cahtool.word import ooxml as wordml
from cahtool.word import redline as redline_docx

W = wordml.W_NS
GOLDENS = Path(__file__).resolve().parent / "goldens"


def redline(data: bytes) -> tuple[wordml.WordDocument, list[wordml.Paragraph]]:
    document = wordml.read_bytes(data, "redline.docx")
    return document, [p for p in document.paragraphs if p.style == wordml.STYLE_REDLINE]


def part(data: bytes, name: str) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return etree.fromstring(archive.read(name))


def headings(data: bytes, level: int) -> list[str]:
    document = wordml.read_bytes(data, "redline.docx")
    return [p.accepted for p in document.paragraphs if p.style == f"heading {level}"]


@pytest.fixture(scope="module")
def rome_ilc(corpus):
    return compare(corpus.get("rome-statute-art7"), corpus.get("ilc-2019"))


@pytest.fixture(scope="module")
def rome_ilc_docx(rome_ilc):
    return redline_docx(rome_ilc, Options())


def test_docx_is_registered_as_a_binary_format():
    assert DIFF_FORMATS["docx"] == "cahtool.word:redline"
    assert "docx" in BINARY_FORMATS


def test_accept_all_gives_the_new_text_and_reject_all_the_old(rome_ilc, rome_ilc_docx):
    changes = [c for c in rome_ilc.visible() if c.ops]
    _, paragraphs = redline(rome_ilc_docx)
    assert len(paragraphs) == len(changes) == 24
    assert [p.accepted for p in paragraphs] == [c.new_text for c in changes]
    assert [p.rejected for p in paragraphs] == [c.old_text for c in changes]
    persecution = paragraphs[[c.new.label if c.new else "" for c in changes].index("art. 2(1)(h)")]
    assert "as defined in paragraph 3, " not in persecution.accepted
    assert persecution.rejected.endswith("in connection with any act referred to in this paragraph or any crime "
                                         "within the jurisdiction of the Court;")


def test_with_all_every_provision_of_both_documents_is_there(corpus, rome_ilc):
    data = redline_docx(rome_ilc, Options(include_unchanged=True))
    changes = [c for c in rome_ilc.visible(include_unchanged=True) if c.ops]
    _, paragraphs = redline(data)
    assert [p.accepted for p in paragraphs] == [c.new_text for c in changes]
    assert [p.rejected for p in paragraphs] == [c.old_text for c in changes]
    assert any(c.status is Status.UNCHANGED for c in changes)


def test_every_successive_pair_of_the_corpus_round_trips(corpus):
    docs = corpus.documents()
    lines = 0
    for old, new in zip(docs, docs[1:], strict=False):
        comparison = compare(old, new)
        changes = [c for c in comparison.visible(include_unchanged=True) if c.ops]
        _, paragraphs = redline(redline_docx(comparison, Options(include_unchanged=True)))
        assert [p.accepted for p in paragraphs] == [c.new_text for c in changes], (old.id, new.id)
        assert [p.rejected for p in paragraphs] == [c.old_text for c in changes], (old.id, new.id)
        lines += sum("\n" in c.new_text + c.old_text for c in changes)
    assert lines  # some texts span several lines (w:br inside the revisions)


def test_revisions_carry_ids_author_and_date(rome_ilc_docx):
    body = part(rome_ilc_docx, "word/document.xml")
    marks = body.findall(f".//{{{W}}}ins") + body.findall(f".//{{{W}}}del")
    assert len(marks) == 48
    ids = [m.get(f"{{{W}}}id") for m in marks]
    assert len(set(ids)) == len(ids)
    assert {m.get(f"{{{W}}}author") for m in marks} == {"International Law Commission"}
    assert {m.get(f"{{{W}}}date") for m in marks} == {"2019-08-05T00:00:00Z"}
    # deleted words are w:delText inside w:del, never w:t
    for deletion in body.findall(f".//{{{W}}}del"):
        assert deletion.findall(f".//{{{W}}}t") == []
        assert deletion.findall(f".//{{{W}}}delText")


def test_one_heading_per_change_with_citation_and_class(rome_ilc, rome_ilc_docx):
    titles = headings(rome_ilc_docx, 2)
    assert len(titles) == len(rome_ilc.visible())
    assert "art. 7(1)(h) → art. 2(1)(h) — substantive" in titles
    assert "art. 7(1)(a) → art. 2(1)(a) — editorial" in titles
    assert "art. 7(3) — substantive" in titles
    assert titles[0] == "art. 7 → art. 2 — editorial"
    assert headings(rome_ilc_docx, 1) == ["Changes"]


def test_substantive_only(rome_ilc):
    data = redline_docx(rome_ilc, Options(substantive_only=True))
    titles = headings(data, 2)
    assert titles == [
        "art. 7(1) → art. 2(1) — substantive",
        "art. 7(1)(h) → art. 2(1)(h) — substantive",
        "art. 7(3) — substantive",
        "art. 2(3) — substantive",
    ]
    _, paragraphs = redline(data)
    substantive = [c for c in rome_ilc.visible(substantive_only=True)]
    assert [p.accepted for p in paragraphs] == [c.new_text for c in substantive]
    notes = " ".join(p.accepted for p in wordml.read_bytes(data, "x").paragraphs)
    assert "Only substantive changes are shown." in notes


def test_title_block_names_both_documents_sources_and_flags_unverified(rome_ilc_docx):
    document = wordml.read_bytes(rome_ilc_docx, "redline.docx")
    cells = [p.accepted for p in document.paragraphs if p.in_table]
    assert "Rome Statute of the International Criminal Court, article 7" in cells
    assert "rome-statute-art7" in cells and "ilc-2019" in cells
    assert any(c.startswith("A/CONF.183/9 — ") for c in cells)
    assert any(c.startswith("A/74/10 — ") for c in cells)
    assert "verified" in cells
    assert "NOT VERIFIED: unverified reconstruction" in cells
    warnings = [p.accepted for p in document.paragraphs if p.style == wordml.STYLE_WARNING]
    assert warnings == ["Warning: the text of ilc-2019 is marked “unverified reconstruction”; check it against "
                        "A/74/10 before relying on it."]
    assert document.title.startswith("Redline: Rome Statute")


def test_year_only_date_gives_a_valid_revision_date(corpus):
    data = redline_docx(compare(corpus.get("rome-statute-art7"), corpus.get("ilc-2017")), Options())
    body = part(data, "word/document.xml")
    dates = {m.get(f"{{{W}}}date") for m in body.iter(f"{{{W}}}ins", f"{{{W}}}del")}
    assert dates == {"2017-01-01T00:00:00Z"}
    cells = [p.accepted for p in wordml.read_bytes(data, "x").paragraphs if p.in_table]
    assert "2017 (year only: the tracked changes are dated 2017-01-01)" in cells


@pytest.mark.parametrize(("date", "expected"), [
    ("2019-08-05", "2019-08-05T00:00:00Z"),
    ("2017", "2017-01-01T00:00:00Z"),
    ("2019-08", "2019-08-01T00:00:00Z"),
    ("", ""),
    ("2019-02-30", ""),
    ("August 2019", ""),
])
def test_revision_date(date, expected):
    assert docx_render.revision_date(date) == expected


def test_author_of_a_proposal_is_its_proponents(corpus):
    from cahtool.model import Party

    base = corpus.get("ilc-2019")
    proposal = replace(base, base="ilc-2019", proponents=(Party("mx", "Mexico"), Party("cl", "Chile")))
    assert docx_render.revision_author(proposal) == "Mexico; Chile"
    assert docx_render.revision_author(base) == "International Law Commission"
    assert docx_render.revision_author(replace(base, authors=())) == "author not recorded"


def test_redline_of_a_proposal_is_by_its_proponents_on_its_date(cli, corpus, tmp_path):
    """`cahtool diff BASE PROPOSAL --format docx`: Word shows the proposal's proponents as the changes' author."""
    out = tmp_path / "gender-apartheid.docx"
    result = cli("diff", "ilc-2019", "gender-apartheid-definition", "--format", "docx", "-o", str(out))
    assert result.exit_code == 0, result.output
    data = out.read_bytes()
    body = part(data, "word/document.xml")
    marks = body.findall(f".//{{{W}}}ins") + body.findall(f".//{{{W}}}del")
    assert len(marks) == 2
    assert {m.get(f"{{{W}}}author") for m in marks} == {
        "End Gender Apartheid campaign; Atlantic Council Strategic Litigation Project; Global Justice Center"}
    assert {m.get(f"{{{W}}}date") for m in marks} == {"2023-10-05T00:00:00Z"}
    comparison = compare(corpus.get("ilc-2019"), corpus.get("gender-apartheid-definition"))
    changes = [c for c in comparison.visible() if c.ops]
    _, paragraphs = redline(data)
    assert [p.accepted for p in paragraphs] == [c.new_text for c in changes]
    assert [p.rejected for p in paragraphs] == [c.old_text for c in changes]
    assert [p.rejected for p in paragraphs] == [corpus.get("ilc-2019").find("art_2__para_2__point_h").text]
    assert paragraphs[0].accepted.endswith("by one racial or gender group over any other racial or gender group or "
                                           "groups and committed with the intention of maintaining that regime;")
    assert paragraphs[0].accepted == corpus.get("gender-apartheid-definition").find("art_2__para_2__point_h").text
    # with --all, every provision: accept all gives the proposal's text, reject all the base's
    everything = redline_docx(comparison, Options(include_unchanged=True))
    _, paragraphs = redline(everything)
    texts = [(c.new_text, c.old_text) for c in comparison.visible(include_unchanged=True) if c.ops]
    assert [(p.accepted, p.rejected) for p in paragraphs] == texts and len(texts) == 23  # the article has no text


def test_no_differences(corpus):
    doc = corpus.get("ilc-2019")
    data = redline_docx(compare(doc, doc), Options())
    assert headings(data, 2) == []
    assert "No differences." in [p.accepted for p in wordml.read_bytes(data, "x").paragraphs]


def test_package_is_clean_and_reproducible(rome_ilc, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    first, second = redline_docx(rome_ilc, Options()), redline_docx(rome_ilc, Options())
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        names = archive.namelist()
        assert "docProps/thumbnail.jpeg" not in names
        assert b"cahtool" in archive.read("docProps/app.xml")
        assert b"2023-11-14T22:13:20Z" in archive.read("docProps/core.xml")
        assert {i.date_time for i in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}


# -- property: any word edit survives the trip through Word's revision markup ---------------------

_WORDS = st.sampled_from(["the", "crime", "of", "apartheid", ";", ",", "“gender”", "&", "<b>", "a&amp;b",
                          "  ", " ", "\n", "Ünïcödé", "日本", "\u00a0", "x" * 30])
_TOKENS = st.lists(_WORDS, max_size=25).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(old=_TOKENS, new=_TOKENS)
def test_property_accept_and_reject_give_both_texts(old, new):
    paragraph = _SCRATCH.add_paragraph()
    docx_render.add_redline(paragraph, diff(old, new), docx_render.Revisions("A. Delegate", "2024-04-01"))
    # through bytes, as a file would carry it (escaping, xml:space, line breaks)
    read = wordml.read_paragraph(etree.fromstring(etree.tostring(paragraph._p)))
    assert read.accepted == new
    assert read.rejected == old
    assert {r.author for r in read.revisions} <= {"A. Delegate"}


_SCRATCH = docx_render.new_document("scratch", "scratch")


# -- show --format docx -----------------------------------------------------------------------------

def test_show_docx_is_the_text_one_paragraph_a_line(corpus):
    doc = corpus.get("ilc-2019")
    document = wordml.read_bytes(docx_render.document(doc), "ilc-2019.docx")
    text = [p for p in document.paragraphs if p.style in wordml.TEXT_STYLES]
    expected = [line for p in doc.provisions for line in provision_lines(p)]
    assert [" ".join(p.accepted.split()) for p in text] == expected
    assert text[0].style == wordml.STYLE_NUMBER and text[0].accepted == "Article 2"
    assert text[1].style == wordml.STYLE_HEADING
    assert text[2].accepted.startswith("1.\tFor the purpose of the present draft articles")
    assert document.revisions == ()
    assert document.keywords == "cahtool-base:ilc-2019"
    assert document.identifier == doc.uri


def test_show_docx_opens_with_track_changes_on(corpus):
    settings_xml = part(docx_render.document(corpus.get("ilc-2019")), "word/settings.xml")
    names = [etree.QName(child).localname for child in settings_xml]
    assert "trackRevisions" in names
    # w:settings is a schema sequence: trackRevisions comes before defaultTabStop
    assert names.index("trackRevisions") < names.index("defaultTabStop")


def test_cli_refuses_docx_to_the_terminal(cli):
    result = cli("diff", "rome-statute-art7", "ilc-2019", "--format", "docx")
    assert result.exit_code == 2
    assert "--format docx writes a file, not text for the terminal: add -o FILE.docx" in result.output
    result = cli("show", "ilc-2019", "--format", "docx")
    assert result.exit_code == 2


def test_cli_writes_docx_files(cli, tmp_path):
    out = tmp_path / "redline.docx"
    result = cli("diff", "rome-statute-art7", "ilc-2019", "--format", "docx", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert len(redline(out.read_bytes())[1]) == 24
    shown = tmp_path / "ilc-2019.docx"
    assert cli("show", "ilc-2019", "--format", "docx", "-o", str(shown)).exit_code == 0
    assert wordml.read_file(shown).keywords == "cahtool-base:ilc-2019"


# -- golden files: document.xml pretty-printed (the zip's bytes vary with zlib) --------------------

def normalised(data: bytes) -> str:
    """document.xml indented, one element a line: what a reviewer can diff."""
    root = part(data, "word/document.xml")
    etree.indent(root, space="  ")
    return etree.tostring(root, encoding="unicode") + "\n"


def test_golden_redline(rome_ilc_docx, golden):
    golden(GOLDENS / "diff" / "rome-statute-art7--ilc-2019.docx.xml", normalised(rome_ilc_docx))


def test_golden_show(corpus, golden):
    golden(GOLDENS / "show" / "ilc-2019.docx.xml", normalised(docx_render.document(corpus.get("ilc-2019"))))
