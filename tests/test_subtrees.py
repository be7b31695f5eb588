"""Provisions shared between documents (``akn.load.Subtrees``): a document loaded beside others that repeat its
markup is the document it is alone; it only shares their objects.

A corpus loads a hundred consolidated proposals that repeat their base: each takes the base's provisions where
its markup is the base's, and builds the rest. What a provision says must never come from another document: not
its words (a note kept in the metadata, a document kept elsewhere in the file), not its place.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from cahtool.akn import Subtrees, load_bytes
from cahtool.corpus import Corpus
from cahtool.model import Document
from tests.conftest import DRAFTS, FIXTURES, FROZEN, ROOT
from tests.wholedoc import edited, text_slots

AKN = FIXTURES / "akn"
SHAPES = sorted(AKN.rglob("*.xml"))
CORPUS = sorted(DRAFTS.rglob("*.xml"))
NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"


def _objects(doc: Document) -> list[int]:
    return [id(p) for p in doc.walk()]


def _treaty(body: str, notes: str = "") -> bytes:
    """A small treaty: ``body`` in its body, ``notes`` in its metadata."""
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<akomaNtoso xmlns="{NS}">
  <act name="treaty">
    <meta>
      <identification source="#cahtool">
        <FRBRWork><FRBRthis value="/akn/un/act/treaty/2030/main"/><FRBRuri value="/akn/un/act/treaty/2030"/>
          <FRBRdate date="2030-01-01" name="adoption"/><FRBRauthor href="#un"/><FRBRcountry value="un"/></FRBRWork>
        <FRBRExpression><FRBRthis value="/akn/un/act/treaty/2030/eng@/main"/>
          <FRBRuri value="/akn/un/act/treaty/2030/eng@"/><FRBRdate date="2030-01-01" name="adoption"/>
          <FRBRauthor href="#un"/><FRBRlanguage language="eng"/></FRBRExpression>
        <FRBRManifestation><FRBRthis value="/akn/un/act/treaty/2030/eng@/main.xml"/>
          <FRBRuri value="/akn/un/act/treaty/2030/eng@.akn"/><FRBRdate date="2030-01-01" name="transform"/>
          <FRBRauthor href="#cahtool"/></FRBRManifestation>
      </identification>
      {notes}
    </meta>
    <body>
{body}
    </body>
  </act>
</akomaNtoso>
""".encode()


ARTICLE_1 = """      <article eId="art_1"><num>Article 1</num><heading>Scope</heading>
        <paragraph eId="art_1__para_1"><num>1.</num><content><p>This Convention applies to crimes against
          humanity.</p></content></paragraph>
        <paragraph eId="art_1__para_2"><num>2.</num><content><p>Each State shall take the necessary
          measures.</p></content></paragraph>
      </article>"""
ARTICLE_2 = """      <article eId="art_2"><num>Article 2</num><heading>Definition</heading>
        <paragraph eId="art_2__para_1"><num>1.</num><content><p>Murder;</p></content></paragraph>
        <paragraph eId="art_2__para_2"><num>2.</num><content><p>Enslavement;</p></content></paragraph>
      </article>"""


@pytest.mark.parametrize("paths", [SHAPES, CORPUS], ids=["fixtures", "drafts"])
def test_documents_loaded_together_are_the_documents_loaded_alone(paths: list[Path]) -> None:
    """Every fixture and every draft, loaded one after the other with one ``Subtrees`` (each twice), equals the
    document loaded alone; the second load of a file shares provisions with the first (not a block that stands
    alone, nor what a note or a quotation makes depend on the rest of the file)."""
    subtrees = Subtrees()
    sharing = 0
    for path in paths:
        data = path.read_bytes()
        alone = load_bytes(data, str(path))
        first = load_bytes(data, str(path), subtrees)
        again = load_bytes(data, str(path), subtrees)
        assert first == alone and again == alone
        assert len(set(_objects(again))) == len(_objects(again))  # no provision twice in one document
        sharing += bool(set(_objects(first)) & set(_objects(again)))
    if paths is SHAPES:  # all but the files of one level, or all quoted (amending-bill.xml)
        assert sharing >= len(SHAPES) - 3


def test_a_proposal_shares_its_base_and_builds_what_it_changes() -> None:
    subtrees = Subtrees()
    base = load_bytes(_treaty(ARTICLE_1 + "\n" + ARTICLE_2), "base.xml", subtrees)
    changed = load_bytes(_treaty(ARTICLE_1 + "\n" + ARTICLE_2.replace("Enslavement", "Extermination")),
                         "changed.xml", subtrees)
    assert changed.provisions[0] is base.provisions[0]  # art. 1 as it was: the same object, descendants and all
    assert changed.provisions[1] is not base.provisions[1]
    assert changed.provisions[1].children[0] == base.provisions[1].children[0]  # 2(1), a leaf: built, equal
    assert changed.provisions[1].children[1].text == "Extermination;"
    assert base.provisions[1].children[1].text == "Enslavement;"


def test_the_same_markup_elsewhere_in_its_file_is_shared_and_another_place_is_not() -> None:
    """Lines further down (a consolidated text's longer metadata) share; the same article in another position,
    or under another number, is another provision (its eId and citation come from its place)."""
    subtrees = Subtrees()
    before = load_bytes(_treaty(ARTICLE_1 + "\n" + ARTICLE_2), "before.xml", subtrees)
    after = load_bytes(_treaty(ARTICLE_1 + "\n\n\n" + ARTICLE_2), "after.xml", subtrees)
    assert after.provisions[1] is before.provisions[1]
    swapped = load_bytes(_treaty(ARTICLE_2 + "\n" + ARTICLE_1), "swapped.xml", subtrees)
    assert swapped == load_bytes(_treaty(ARTICLE_2 + "\n" + ARTICLE_1), "swapped.xml")
    anonymous = ARTICLE_2.replace(' eId="art_2__para_1"', "").replace(' eId="art_2__para_2"', "")
    first = load_bytes(_treaty(anonymous), "first.xml", subtrees)
    second = load_bytes(_treaty(ARTICLE_1 + "\n" + anonymous), "second.xml", subtrees)
    assert second == load_bytes(_treaty(ARTICLE_1 + "\n" + anonymous), "second.xml")
    assert [c.eid for c in first.provisions[0].children] == [c.eid for c in second.provisions[1].children]


def test_a_note_in_the_metadata_is_the_documents_own() -> None:
    """Article markup that points at a note (``noteRef``) says what the note of its own file says."""
    body = """      <article eId="art_1"><num>Article 1</num>
        <paragraph eId="art_1__para_1"><num>1.</num><content><p>Murder;<noteRef href="#n1" marker="1"/></p>
        </content></paragraph>
      </article>"""
    notes = '<notes source="#cahtool"><note eId="n1"><p>{}</p></note></notes>'
    subtrees = Subtrees()
    first = load_bytes(_treaty(body, notes.format("As in the Rome Statute.")), "first.xml", subtrees)
    second = load_bytes(_treaty(body, notes.format("Not as in the Rome Statute.")), "second.xml", subtrees)
    assert "As in the Rome Statute." in first.provisions[0].children[0].text
    assert "Not as in the Rome Statute." in second.provisions[0].children[0].text
    assert second == load_bytes(_treaty(body, notes.format("Not as in the Rome Statute.")), "second.xml")


def test_the_same_markup_twice_in_one_place_of_one_file_is_two_provisions() -> None:
    """A file with an eId given twice: the two articles' paragraphs stand in one place, and are not one object
    (positions in a document stand for provisions: derive, the build cache)."""
    data = _treaty(ARTICLE_2 + "\n" + ARTICLE_2)
    for subtrees in (Subtrees(), None):
        doc = load_bytes(data, "twice.xml", subtrees)
        assert len(set(_objects(doc))) == len(_objects(doc))
        assert doc == load_bytes(data, "twice.xml")


def _convention(tmp_path: Path) -> Path:
    """A small convention of the site bench's shape: revisions, and proposals that insert an article and renumber
    the rest, replace words, repeal a paragraph."""
    import sys

    sys.path.insert(0, str(ROOT / "bench"))
    try:
        import site_synth
    finally:
        sys.path.remove(str(ROOT / "bench"))
    site_synth.convention(tmp_path, articles=14, total_words=4_000, revisions=2, proposals=8)
    return tmp_path


@pytest.mark.parametrize("root", [FROZEN, DRAFTS, FIXTURES / "site-mini", FIXTURES / "site-xss", None],
                         ids=["frozen", "drafts", "site-mini", "site-xss", "convention"])
def test_a_shared_corpus_loads_every_text_as_it_is_alone(root: Path | None, tmp_path: Path) -> None:
    """Any corpus: each document and consolidated proposal, loaded by a corpus that shares, is the document loaded
    alone (and the site built from it is the same: test_build_cache, test_site_golden). A proposal is loaded from
    the tree its application makes, never serialized: it is the document its bytes load as."""
    corpus = Corpus(root or _convention(tmp_path))
    corpus.share()
    for doc in corpus.documents():
        assert doc == load_bytes(corpus.xml(doc.path), doc.path), doc.id
    alone = Corpus(corpus.root)
    for doc in corpus.proposals():
        assert alone.get(doc.path) == doc == load_bytes(alone.xml(doc.path), doc.path), doc.id
        assert alone.moved([doc.path]) == corpus.moved([doc.path])


def test_a_proposal_on_the_preamble_and_the_annex_loads_from_its_tree_as_from_its_bytes() -> None:
    """The parts around the body (preamble, annex), notes and quoted structures: the consolidated tree loads as its
    bytes do."""
    from cahtool.akn import load_file, load_tree, read_bytes
    from cahtool.amend import apply_amendment_bytes, consolidated_tree
    from cahtool.model import Instruction, Party
    from cahtool.propose import ProposalDraft, amendment_xml

    path = AKN / "treaty.xml"
    draft = ProposalDraft(
        id="lakes", title="Lakes", date="2031-05-01", base=load_file(path),
        proponents=(Party("upper-vale", "Upper Vale"),),
        instructions=((Instruction("substitution", "preamble__recitals_1__recital_2", old="earlier regional",
                                   new=("former regional",)),),
                      (Instruction("substitution", "att_1__para_3", old="five years", new=("ten years",)),)))
    proposal = [(amendment_xml(draft), "lakes.xml")]
    tree, _ = consolidated_tree(proposal, read_bytes(path), str(path))
    data = apply_amendment_bytes(proposal, read_bytes(path), str(path))
    assert load_tree(tree, "lakes.xml") == load_bytes(data, "lakes.xml")
    assert "former regional" in data.decode() and "ten years" in data.decode()


def test_a_corpus_that_shares_gives_proposals_their_bases_provisions() -> None:
    """The frozen corpus: a consolidated proposal holds the very objects of what it leaves of its base."""
    corpus = Corpus(FROZEN)
    corpus.share()
    shared = {proposal.id: set(_objects(corpus.get(proposal.base))) & set(_objects(proposal))
              for proposal in corpus.proposals()}
    assert sum(map(bool, shared.values())) >= len(shared) // 2, shared


def test_comparisons_of_one_run_share_the_changes_of_a_pair_and_are_those_made_alone() -> None:
    """Within one run (``sharing``), the changes of a pair of provisions are made once for every comparison that
    pairs them (the baseline's provisions with those its proposals share): each comparison is still the one made
    alone, change for change."""
    from cahtool import BASELINE
    from cahtool.diff import compare, sharing

    corpus = Corpus(FROZEN)
    corpus.share()
    baseline = corpus.get(BASELINE)
    proposals = [p for p in corpus.proposals() if p.id != BASELINE]
    alone = [compare(baseline, p) for p in proposals]
    with sharing():
        together = [compare(baseline, p) for p in proposals]
    assert together == alone
    seen: dict[int, int] = {}
    for comparison in together:
        for change in set(map(id, comparison.changes)):
            seen[change] = seen.get(change, 0) + 1
    assert max(seen.values()) > 1  # the same change objects in several comparisons


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(SHAPES), st.data())
def test_a_one_word_edit_loaded_after_the_original_is_the_edit(path: Path, data: st.DataObject) -> None:
    """The original first, then the file with one word replaced, with one ``Subtrees``: the edited document is
    the one loaded alone (the word is where it was put, nowhere else)."""
    raw = path.read_bytes()
    slots = len(text_slots(etree.fromstring(raw).getroottree()))
    new_data, _ = edited(raw, data.draw(st.integers(0, slots - 1)))
    subtrees = Subtrees()
    original = load_bytes(raw, str(path), subtrees)
    changed = load_bytes(new_data, str(path), subtrees)
    assert changed == load_bytes(new_data, str(path))
    assert original == load_bytes(raw, str(path))


def test_a_document_nested_deeper_than_any_statute_is_serialized_a_bounded_number_of_times(monkeypatch) -> None:
    """120 levels of points (the shape of deep-but-legal-nesting.xml): loaded with sharing it is the document loaded
    alone, and only the outer levels are serialized for ``Subtrees`` (each level serializes all below it)."""
    from cahtool.akn import load

    depth = 120
    body = "<point><num>(a)</num>" * depth + "<content><p>deep</p></content>" + "</point>" * depth
    data = _treaty(body)
    alone = load_bytes(data, "deep.xml")
    serialized: list[int] = []
    tostring = etree.tostring

    def counted(el, **kwargs):
        out = tostring(el, **kwargs)
        serialized.append(len(out))
        return out

    monkeypatch.setattr(load.etree, "tostring", counted)
    subtrees = Subtrees()
    assert load_bytes(data, "deep.xml", subtrees) == alone
    assert load_bytes(data, "again.xml", subtrees).provisions == alone.provisions
    assert 0 < len(serialized) <= 2 * load._SHARED_DEPTH < depth  # not once a level: at most the outer levels, twice
