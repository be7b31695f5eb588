"""The whole document: nothing lost, every change seen, on Akoma Ntoso as others write it.

Two invariants hold for every fixture (``tests/fixtures/akn``: treaties, statutes, resolutions, collections,
amending bills, other eId styles, single-line files, tables) and for every file of ``drafts/``:

- *nothing lost*: the words ``cahtool show`` prints are, as a multiset, the words an independent reading of
  the file finds outside ``<meta>`` (``tests/wholedoc.py``);
- *every change seen*: a one-word edit at any text position makes ``diff`` report a change that shows the
  new word (numbers and headings included).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from cahtool.akn import load_bytes, load_file
from cahtool.diff import compare
from cahtool.errors import InputError
from cahtool.model import Comparison, Status
from cahtool.render import document
from tests.conftest import DRAFTS, FIXTURES
from tests.wholedoc import NEW_WORD, edited, shown_words, text_slots, xml_words

AKN = FIXTURES / "akn"
SHAPES = sorted(AKN.rglob("*.xml"))
CORPUS = sorted(DRAFTS.rglob("*.xml"))


def _name(path: Path) -> str:
    return str(path.relative_to(path.parents[1] if path.parent.name in ("proposals", "section-corpus")
                                else path.parent))


def shown(path: Path) -> str:
    """What ``cahtool show --no-header`` prints of a file (a proposal as its file says, not consolidated)."""
    return document.text(load_file(path), with_header=False)


def seen(comparison: Comparison, word: str = NEW_WORD) -> bool:
    """True when some reported change shows the word on its new side (text, number or heading)."""
    for change in comparison.visible():
        side = change.new
        if word in " ".join((change.new_text, side.num if side else "", side.heading if side else "")).casefold():
            return True
    return False


# -- nothing lost ------------------------------------------------------------------------------------

@pytest.mark.parametrize("path", SHAPES + CORPUS, ids=_name)
def test_nothing_lost(path: Path) -> None:
    words = xml_words(path)
    assert sum(words.values()) > 0
    printed = shown_words(shown(path))
    assert printed - words == {}, "printed words that are not in the file"
    assert words - printed == {}, "words of the file that show does not print"


def test_show_prints_every_part(cli) -> None:
    printed = cli("show", str(AKN / "treaty.xml"), "--no-header").output
    for marker in ("## preface", "## preamble", "## conclusions", "## annex"):
        assert marker + "\n" in printed
    for words in ("Recalling that highland lakes", "[1] As footnoted by the drafting committee",
                  "In witness whereof", "The Commission may add a lake to the schedule"):
        assert words in printed


def test_list_items_are_not_glued_to_their_numbers() -> None:
    printed = shown(AKN / "single-line.xml")
    assert "(a) to an environment" in printed and "(a)to" not in printed
    assert "1.\nRight to clean air" in printed


def test_a_table_is_printed_row_by_row() -> None:
    printed = shown(AKN / "table.xml")
    assert "Kind of road | One-way lane | Two-way lane" in printed


def test_quoted_provisions_are_quoted_and_not_the_documents_own() -> None:
    bill = load_file(AKN / "amending-bill.xml")
    assert bill.find("sec_5A") is None  # quoted in section 3, not a section of the bill
    quoted = [p for p in bill.walk() if p.tag == "quotedStructure"]
    assert [q.label for q in quoted] == ["sec. 2, quoted", "sec. 3, quoted"]
    assert all(c.eid.startswith(q.eid) for q in quoted for c in q.walk())
    assert "“5A." in shown(AKN / "amending-bill.xml")


def test_parts_are_cited_as_lawyers_cite_them() -> None:
    treaty = load_file(AKN / "treaty.xml")
    labels = [p.label for p in treaty.walk()]
    for label in ("preamble", "preamble, para. 2", "art. 3(1)", "conclusions", "annex", "annex, para. 2"):
        assert label in labels
    statute = load_file(AKN / "statute.xml")
    assert "schedule 2" in [p.label for p in statute.provisions]


@pytest.mark.parametrize("name", ["guids.xml", "xmlid.xml", "section-eids.xml", "single-line.xml"])
def test_every_provision_has_an_identity(name: str) -> None:
    doc = load_file(AKN / name)
    eids = [p.eid for p in doc.walk()]
    assert all(eids) and len(eids) == len(set(eids))


# -- every change seen -------------------------------------------------------------------------------

@pytest.mark.parametrize("path", SHAPES + CORPUS, ids=_name)
def test_every_one_word_edit_is_seen(path: Path) -> None:
    data = path.read_bytes()
    old = load_bytes(data, str(path))
    slots = len(text_slots(etree.fromstring(data).getroottree()))
    assert slots
    unseen = []
    for slot in range(slots):
        new_data, word = edited(data, slot)
        if not seen(compare(old, load_bytes(new_data, "edited.xml"))):
            unseen.append((slot, word))
    assert unseen == []


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(SHAPES), st.data())
def test_any_word_replaced_by_any_word_is_seen(path: Path, data: st.DataObject) -> None:
    raw = path.read_bytes()
    tree = etree.fromstring(raw).getroottree()
    slots = text_slots(tree)
    node, attr = slots[data.draw(st.integers(0, len(slots) - 1))]
    text = getattr(node, attr)
    word = data.draw(st.from_regex(r"[A-Za-zÀ-ÿ]{2,12}", fullmatch=True))
    setattr(node, attr, f"{word} {text}")
    new = load_bytes(etree.tostring(tree), "edited.xml")
    assert seen(compare(load_bytes(raw, str(path)), new), word.casefold())


@pytest.mark.parametrize(("name", "where", "old", "label"), [
    ("treaty.xml", "preamble", "Conscious", "preamble, para. 4"),
    ("treaty.xml", "annex", "five years", "annex, para. 3"),
    ("treaty.xml", "footnote", "runoff from mines", "art. 3(1)"),
    ("statute.xml", "cross-heading section", "receives public money", "sec. 2"),
    ("collection.xml", "collection component", "district council shall", "bill 2, sec. 1"),
    ("resolution.xml", "statement mainBody", "exchange data", "para. 2"),
    ("uk-notes-schedules.xml", "UK schedule (numbered SCHEDULE 1)", "fourteen days", "schedule 1(1)"),
])
def test_a_one_word_edit_in_each_part_is_reported(cli, tmp_path: Path, name: str, where: str, old: str,
                                                  label: str) -> None:
    source = AKN / name
    text = source.read_text(encoding="utf-8")
    assert text.count(old) == 1, where
    edited_file = tmp_path / name
    edited_file.write_text(text.replace(old, old.rsplit(" ", 1)[0] + " " + NEW_WORD
                                        if " " in old else NEW_WORD), encoding="utf-8")
    result = cli("diff", str(source), str(edited_file), "--exit-code")
    assert result.exit_code == 1, result.output
    assert NEW_WORD in result.output and label in result.output, result.output


def test_a_changed_number_and_a_changed_heading_are_seen(tmp_path: Path) -> None:
    text = (AKN / "statute.xml").read_text(encoding="utf-8")
    old = load_bytes(text.encode(), "old.xml")
    for before, after in (("<num>5A.</num>", "<num>5B.</num>"), ("<heading>Objects</heading>",
                                                                 "<heading>Aims</heading>")):
        assert before in text
        new = load_bytes(text.replace(before, after).encode(), "new.xml")
        changes = compare(old, new).visible()
        assert changes, before
        assert any(c.new is not None and (c.new.num == "5B." or c.new.heading == "Aims") for c in changes)


# -- alignment across parts and markups ----------------------------------------------------------------

def test_an_article_moved_to_another_chapter_is_moved() -> None:
    comparison = compare(load_file(AKN / "treaty.xml"), load_file(AKN / "treaty-moved.xml"))
    changes = comparison.visible()
    assert [(c.status, c.old.label if c.old else "", c.new.eid if c.new else "") for c in changes] == [
        (Status.MOVED, "art. 4", "part_2__chp_3__art_4")]
    assert comparison.stats["deleted"] == comparison.stats["inserted"] == 0


def test_a_moved_article_with_an_edit_is_moved_and_modified(tmp_path: Path) -> None:
    text = (AKN / "treaty-moved.xml").read_text(encoding="utf-8").replace("lake trout and char", "lake trout")
    comparison = compare(load_file(AKN / "treaty.xml"), load_bytes(text.encode(), "moved.xml"))
    assert [(c.status, c.new.eid if c.new else "", c.new_text) for c in comparison.visible()] == [
        (Status.MOVED, "part_2__chp_3__art_4", ""),
        (Status.MODIFIED, "part_2__chp_3__art_4__para_1",
         "The Parties shall agree on common seasons and limits for the taking of lake trout.")]


def test_the_same_text_in_two_markups_has_no_changes() -> None:
    comparison = compare(load_file(AKN / "treaty.xml"), load_file(AKN / "treaty-remarked.xml"))
    assert comparison.visible() == ()


def test_parts_pair_with_their_counterparts(tmp_path: Path) -> None:
    """An edit in the annex is the annex's paragraph modified, not an annex deleted and another inserted."""
    text = (AKN / "treaty.xml").read_text(encoding="utf-8")
    new = load_bytes(text.replace("for five years", "for ten years").replace("Recalling also", "Recalling further")
                     .encode(), "new.xml")
    changes = compare(load_file(AKN / "treaty.xml"), new).visible()
    assert [(c.status, c.new.label if c.new else "") for c in changes] == [
        (Status.MODIFIED, "preamble, para. 3"), (Status.MODIFIED, "annex, para. 3")]


# -- an honest summary -------------------------------------------------------------------------------

def test_a_document_without_text_is_refused(tmp_path: Path) -> None:
    empty = (b'<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0"><act><meta/><body/></act>'
             b"</akomaNtoso>")
    with pytest.raises(InputError, match="has no text outside its metadata: there is nothing to compare"):
        compare(load_bytes(empty, "empty.xml"), load_file(AKN / "treaty.xml"))


def test_an_unknown_document_type_is_refused() -> None:
    data = b'<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0"><memo><p>x</p></memo></akomaNtoso>'
    with pytest.raises(InputError, match="<memo> is not an Akoma Ntoso document type"):
        load_bytes(data, "memo.xml")


# -- proposals touch the preamble and the annex too ------------------------------------------------------

def test_a_proposal_amends_the_preamble_and_the_annex() -> None:
    from cahtool.akn import read_bytes
    from cahtool.amend import apply_amendment_bytes
    from cahtool.model import Instruction, Party
    from cahtool.propose import ProposalDraft, amendment_xml

    path = AKN / "treaty.xml"
    base = load_file(path)
    draft = ProposalDraft(
        id="lakes", title="Lakes", date="2031-05-01", base=base, proponents=(Party("upper-vale", "Upper Vale"),),
        instructions=((Instruction("substitution", "preamble__recitals_1__recital_2", old="earlier regional",
                                   new=("former regional",)),),
                      (Instruction("substitution", "att_1__para_3", old="five years", new=("ten years",)),)))
    xml = amendment_xml(draft)
    assert b"In the preamble, paragraph 3, replace" in xml and b"In the annex, paragraph 3, replace" in xml
    consolidated = load_bytes(apply_amendment_bytes([(xml, "lakes.xml")], read_bytes(path), str(path)), "c.xml")
    changes = compare(base, consolidated).visible()
    assert [(c.new.label if c.new else "", "former" in c.new_text or "ten years" in c.new_text)
            for c in changes] == [("preamble, para. 3", True), ("annex, para. 3", True)]


def test_propose_reads_an_edit_of_a_body_beside_its_parts(cli, tmp_path: Path) -> None:
    """The parts (## lines and what follows) must stay as printed: an edit there is refused with its line."""
    edited_file = tmp_path / "edit.txt"
    printed = cli("show", str(AKN / "treaty.xml")).output
    edited_file.write_text(printed.replace("Recalling also", "Recalling further"), encoding="utf-8")
    result = cli("propose", "--base", str(AKN / "treaty.xml"), str(edited_file), "--id", "recalling",
                 "--proponent", "Upper Vale", "--source", "a test", "--provenance", "verbatim")
    assert result.exit_code == 2
    assert "preamble of treaty is edited: cahtool derives proposals on the provisions of the body only" in \
        result.stderr
