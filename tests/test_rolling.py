"""Rolling texts: the compiled text of the proposals as brackets and options (schema-valid Akoma Ntoso), what a
revision changed in the negotiation's words, who stands where, and the UN typography of each rendering."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from cahtool.akn import parse_bytes, read_rolling, rolling_xml, schema_errors
from cahtool.corpus import Corpus
from cahtool.model import BracketKind, NegotiationStatus, OpKind, Stance, plain
from cahtool.render import rolling as render_rolling
from cahtool.reports import ChangeType, positions, revision_diff, rolling_of, rolling_text
from tests.conftest import DRAFTS, GOLDENS

ROLLING = DRAFTS / "rolling"
FIRST, REV1 = "rolling-ilc-2019", "rolling-ilc-2019-rev1"
#: Where each proposal on ilc-2019 lands in the compiled text, as what, and proposed by whom.
PLACES = {
    "slave-trade": ("art_2__para_1__point_c-bis", "addition", "Sierra Leone"),
    "gender-definition-restored": ("art_2__para_1__point_h", "addition", "Nigeria"),
    "persecution-without-nexus": ("art_2__para_1__point_h", "deletion", "Amnesty International"),
    "gender-apartheid-new-crime": ("art_2__para_1__point_j-bis", "addition", "End Gender Apartheid campaign"),
    "forced-pregnancy-no-national-laws-clause": ("art_2__para_2__point_f", "deletion", "Global Justice Center"),
    "gender-apartheid-definition": ("art_2__para_2__point_h", "option", "End Gender Apartheid campaign"),
    "enforced-disappearance-no-time-limit": ("art_2__para_2__point_i", "deletion", "Human Rights Watch"),
}


@pytest.fixture(scope="module")
def compiled(corpus):
    return rolling_text(corpus, "ilc-2019")


def _holders(rt):
    """(eId, kind, proposals, proponents) of every bracket and option."""
    for clause in rt.walk():
        for bracket in clause.brackets():
            yield clause.eid, bracket.kind.value, bracket.proposals, [p.name for p in bracket.parties(Stance.PROPONENT)]
        for option in clause.options:
            yield clause.eid, "option", option.proposals, [p.name for p in option.parties(Stance.PROPONENT)]


def test_compiled_text_is_schema_valid_and_is_the_corpus_file(cli, tmp_path: Path) -> None:
    out = tmp_path / "rolling.xml"
    result = cli("compile", "ilc-2019", "--rolling-text", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "rolling text rolling-ilc-2019 on ilc-2019: 7 proposals; 8 brackets" in result.stderr
    assert "note: renumbering left out" in result.stderr
    data = out.read_bytes()
    assert schema_errors(parse_bytes(data, str(out))) == []
    # The corpus's illustrative rolling text is exactly what the command makes (regenerate it with it).
    assert data == (ROLLING / f"{FIRST}.xml").read_bytes()
    assert cli("check", str(ROLLING / f"{FIRST}.xml"), str(ROLLING / f"{REV1}.xml")).exit_code == 0


def test_every_proposal_is_at_its_provision_with_its_proponents(compiled, corpus) -> None:
    found = {}
    for eid, kind, proposals, proponents in _holders(compiled.rolling):
        for proposal in proposals:
            found.setdefault(proposal, set()).add((eid, kind, proponents[0] if proponents else ""))
    on_base = {p.id for p in corpus.proposals("ilc-2019")}
    assert set(found) == on_base
    for proposal, (eid, kind, proponent) in PLACES.items():
        assert (eid, kind, proponent) in found[proposal], proposal
    # gender-definition-restored also brings back the definition of gender, as a new paragraph 2 bis
    assert ("art_2__para_2-bis", "addition", "Nigeria") in found["gender-definition-restored"]
    # the new provisions are numbered bis: the base's numbers, which delegations cite, do not move
    nums = [c.num for c in compiled.rolling.find("art_2__para_1").children]
    assert nums[:5] == ["(a)", "(b)", "(c)", "(c bis)", "(d)"] and nums[-3:] == ["(j)", "(j bis)", "(k)"]


def test_brackets_and_options_read_as_un_typography(compiled) -> None:
    rt = compiled.rolling
    h = rt.find("art_2__para_1__point_h")
    shown = plain(h.wording, resolve="show")
    assert "religious, gender [as defined in paragraph 3,] or other grounds" in shown
    assert shown.endswith("international law[, in connection with any act referred to in this paragraph];")
    # each bracket keeps its words apart: agreeing to one never decides the other
    assert plain(h.wording, resolve="drop") == ("persecution against any identifiable group or collectivity on "
        "political, racial, national, ethnic, cultural, religious, gender or other grounds that are universally "
        "recognized as impermissible under international law;")
    options = rt.find("art_2__para_2__point_h").options
    assert [o.number for o in options] == [1, 2] and options[0].positions == ()
    assert "racial or gender group" in plain(options[1].wording)
    assert [p.party.name for p in options[1].positions if p.stance is Stance.SUPPORTER] == [
        "UN Working Group on discrimination against women and girls", "UN High Commissioner for Human Rights"]
    notes = [n for c in rt.walk() for n, _ in render_rolling.notes_of(c)]
    assert notes == list(range(1, 10))


def _corpus_with(tmp_path: Path, *copies: tuple[str, str, str, str]) -> Corpus:
    """ilc-2019 and persecution-without-nexus, plus copies of proposals under another id, proponent or words."""
    root = tmp_path / "drafts"
    (root / "proposals").mkdir(parents=True)
    shutil.copy(DRAFTS / "ilc-2019-art2.xml", root)
    shutil.copy(DRAFTS / "proposals" / "persecution-without-nexus.xml", root / "proposals")
    for source, new_id, proponent, words in copies:
        text = (DRAFTS / "proposals" / f"{source}.xml").read_text(encoding="utf-8")
        text = text.replace(f'value="{source}"', f'value="{new_id}"').replace(f"/{source}", f"/{new_id}")
        text = text.replace('showAs="Amnesty International"', f'showAs="{proponent}"')
        text = text.replace('eId="amnesty-international"', f'eId="{new_id}-state"')
        text = text.replace('by="#amnesty-international"', f'by="#{new_id}-state"')
        if words:
            text = text.replace(", in connection with any act referred to in this paragraph", words)
        (root / "proposals" / f"{new_id}.xml").write_text(text, encoding="utf-8")
    return Corpus(root)


def test_identical_wordings_merge_with_all_their_names(tmp_path: Path) -> None:
    corpus = _corpus_with(tmp_path, ("persecution-without-nexus", "utopia-nexus", "Utopia", ""))
    rt = rolling_text(corpus, "ilc-2019").rolling
    brackets = list(rt.find("art_2__para_1__point_h").brackets())
    assert len(brackets) == 1
    assert brackets[0].kind is BracketKind.DELETION
    assert brackets[0].proposals == ("persecution-without-nexus", "utopia-nexus")
    assert [p.name for p in brackets[0].parties(Stance.PROPONENT)] == [
        "Amnesty International", "Human Rights Watch", "Utopia"]
    assert schema_errors(parse_bytes(rolling_xml(rt), "x")) == []


def test_proposals_on_the_same_words_become_options(tmp_path: Path) -> None:
    # Utopia deletes only part of the words Amnesty International and Human Rights Watch delete: they conflict.
    corpus = _corpus_with(tmp_path, ("persecution-without-nexus", "utopia-nexus", "Utopia",
                                     ", in connection with any act"))
    rt = rolling_text(corpus, "ilc-2019").rolling
    h = rt.find("art_2__para_1__point_h")
    assert list(h.brackets()) == [] and len(h.options) == 3
    assert h.options[0].positions == () and h.options[0].wording == (corpus.get("ilc-2019").find(h.eid).text,)
    assert plain(h.options[2].wording).endswith("international law referred to in this paragraph;")
    assert [p.party.name for p in h.options[2].positions] == ["Utopia", "Human Rights Watch"]
    data = rolling_xml(rt)
    assert schema_errors(parse_bytes(data, "x")) == []
    assert b'alternativeTo="art_2__para_1__point_h__hcontainer_1"' in data


@pytest.mark.parametrize("name", [FIRST, REV1])
def test_akoma_ntoso_round_trip(name: str) -> None:
    data = (ROLLING / f"{name}.xml").read_bytes()
    rt = read_rolling(data, name)
    assert schema_errors(parse_bytes(data, name)) == []
    assert rolling_xml(rt) == data
    assert read_rolling(rolling_xml(rt), name).clauses == rt.clauses


def test_a_rolling_text_reads_as_any_document(cli) -> None:
    shown = cli("show", FIRST, "art_2__para_1__point_c-bis", "--no-header").output
    assert shown == "(c bis) [the slave trade;]\n[1] Proposed by Sierra Leone. Supported by El Salvador; Nigeria; " \
                    "Bolivia; African Group.\n"
    options = cli("show", FIRST, "art_2__para_2__point_h", "--no-header").output.splitlines()
    assert options[0].startswith("(h) Option 1 “the crime of apartheid”")
    assert options[1].startswith("Option 2 “the crime of apartheid”")


# -- revisions ------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def revision(corpus):
    return revision_diff(rolling_of(corpus, FIRST), rolling_of(corpus, REV1))


def test_revision_names_each_change_by_its_type(revision) -> None:
    counts = revision.counts()
    assert counts[ChangeType.BRACKETS_REMOVED] == 2 and counts[ChangeType.WORDS_DELETED] == 2
    assert counts[ChangeType.OPTION_CHOSEN] == 1 and counts[ChangeType.STATUS] == 5
    kinds = {(e.eid, e.type) for e in revision.events}
    assert ("art_2__para_1__point_c-bis", ChangeType.BRACKETS_REMOVED) in kinds
    assert ("art_2__para_2__point_f", ChangeType.BRACKETS_REMOVED) in kinds
    assert ("art_2__para_1__point_h", ChangeType.WORDS_DELETED) in kinds
    assert ("art_2__para_2__point_i", ChangeType.WORDS_DELETED) in kinds
    chosen = next(e for e in revision.events if e.type is ChangeType.OPTION_CHOSEN)
    assert chosen.eid == "art_2__para_2__point_h" and chosen.before == "Option 1"
    assert ("art_2__para_1__point_a", ChangeType.STATUS) in kinds


def test_revision_ops_still_rebuild_both_texts(revision) -> None:
    for change in revision.comparison.changes:
        if change.old is not None:
            assert "".join(op.text for op in change.ops if op.kind is not OpKind.INSERT) == (
                change.old.heading if change.part.value == "heading" else change.old.text)
        if change.new is not None:
            assert "".join(op.text for op in change.ops if op.kind is not OpKind.DELETE) == (
                change.new.heading if change.part.value == "heading" else change.new.text)
    # renumbered footnotes alone are editorial, not a change of substance
    j_bis = [c for c in revision.comparison.changes if c.new and c.new.eid == "art_2__para_1__point_j-bis"]
    assert [c.rules for c in j_bis] == [("note-number",)]


@pytest.mark.parametrize("fmt", ["txt", "json", "md"])
def test_revision_golden(cli, golden, fmt: str) -> None:
    result = cli("diff", FIRST, REV1, "--format", {"txt": "text", "md": "markdown"}.get(fmt, fmt), "--color", "never")
    assert result.exit_code == 0
    golden(GOLDENS / "diff" / f"{FIRST}--{REV1}.{fmt}", result.output)


def test_revision_json_is_versioned(cli) -> None:
    data = json.loads(cli("diff", FIRST, REV1, "--format", "json").output)
    assert data["schema"] == "cahtool.revision/1"
    assert data["counts"]["option chosen"] == 1
    assert {e["type"] for e in data["events"]} == {"brackets removed", "bracketed words deleted", "option chosen",
                                                     "status changed"}


def test_history_follows_a_provision_through_the_revisions(cli) -> None:
    out = cli("history", "art_2__para_2__point_i", "--in", "ilc-2019", "--color", "never").output
    first = out.index(f"{FIRST} · art. 2(2)(i)")
    second = out.index(f"{REV1} · art. 2(2)(i)")
    assert first < second
    assert "the law [-[for a prolonged period of time]." in out[second:]


# -- renderings ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "fmt"), [(FIRST, "txt"), (REV1, "txt"), (FIRST, "md")])
def test_rolling_golden(cli, golden, name: str, fmt: str) -> None:
    result = cli("rolling", name, "--format", "markdown" if fmt == "md" else "text")
    assert result.exit_code == 0
    golden(GOLDENS / "rolling" / f"{name}.{fmt}", result.output)


def test_text_rendering_is_un_typography(cli) -> None:
    out = cli("rolling", FIRST).output
    assert "(c bis) [the slave trade;]¹" in out
    assert "    ¹ Proposed by Sierra Leone. Supported by El Salvador; Nigeria; Bolivia; African Group." in out
    assert "  Option 2: “the crime of apartheid”" in out
    rev = cli("rolling", REV1).output
    assert "  Status: agreed ad referendum (2028)" in rev  # a label in words, never colour alone


def test_json_rendering(cli) -> None:
    data = json.loads(cli("rolling", FIRST, "--format", "json").output)
    assert data["schema"] == "cahtool.rolling/1" and data["basis"] == "ilc-2019"
    assert data["counts"]["brackets"] == 8 and data["counts"]["options"] == 2


def test_a_document_that_is_not_a_rolling_text_is_refused(cli) -> None:
    result = cli("rolling", "ilc-2019")
    assert result.exit_code == 2
    assert result.stderr.startswith("cahtool: error: tests/corpus/ilc-2019-art2.xml:3: not a rolling text")


# -- who stands where --------------------------------------------------------------------------------

def test_positions_from_proposals_and_the_latest_rolling_text(corpus) -> None:
    p = positions(corpus)
    assert p.rolling == (REV1,)
    nigeria = next(x for x in p.parties if x.name == "Nigeria")
    assert p.cell(nigeria, "gender-definition-restored") == (Stance.PROPONENT,)
    assert p.cell(nigeria, "slave-trade") == (Stance.SUPPORTER,)
    # the words Nigeria proposes stand in brackets at art. 2(1)(h) of Rev.1
    assert any(s.eid == "art_2__para_1__point_h" and s.words == "[as defined in paragraph 3,]" for s in p.of(nigeria))


def test_positions_record_opposition_and_openness(tmp_path: Path) -> None:
    """A rolling text can record more than proposals do: who opposes bracketed words, who is open to them."""
    text = (ROLLING / f"{REV1}.xml").read_text(encoding="utf-8")
    text = text.replace('cah:proposedBy="#nigeria" cah:proposals="gender-definition-restored"',
                        'cah:proposedBy="#nigeria" cah:opposedBy="#utopia" cah:openTo="#atlantis" '
                        'cah:proposals="gender-definition-restored"')
    added = "".join(f'<TLCOrganization eId="{x}" href="/ontology/organization/{x}" showAs="{x.title()}"/>'
                    for x in ("utopia", "atlantis"))
    text = text.replace('<TLCOrganization eId="nigeria"', added + '<TLCOrganization eId="nigeria"')
    root = tmp_path / "drafts"
    (root / "rolling").mkdir(parents=True)
    (root / "rolling" / f"{REV1}.xml").write_text(text, encoding="utf-8")
    p = positions(Corpus(root))
    utopia = next(x for x in p.parties if x.name == "Utopia")
    atlantis = next(x for x in p.parties if x.name == "Atlantis")
    assert p.cell(utopia, "gender-definition-restored") == (Stance.OPPOSED,)
    assert p.cell(atlantis, "gender-definition-restored") == (Stance.OPEN,)
    rt = read_rolling(text.encode("utf-8"), "x")
    note = render_rolling.notes_of(rt.find("art_2__para_1__point_h"))[0][1]
    assert note == "Proposed by Nigeria. Opposed by Utopia. Open to it: Atlantis."


def test_positions_command(cli) -> None:
    out = cli("positions").output
    assert "delegations × proposals" in out
    data = json.loads(cli("positions", "--format", "json").output)
    assert data["schema"] == "cahtool.positions/1"
    assert data["matrix"]["sierra-leone"] == {"slave-trade": ["proponent"]}


def test_status_values(corpus) -> None:
    rev = rolling_of(corpus, REV1)
    statuses = {c.eid: (c.status, c.status_date) for c in rev.walk() if c.status is not NegotiationStatus.PENDING}
    assert statuses["art_2__para_1__point_a"] == (NegotiationStatus.AGREED_AD_REFERENDUM, "2028")
    assert statuses["art_2__para_2__point_i"] == (NegotiationStatus.INFORMALLY_AGREED, "2028")


def test_single_file_html(cli, tmp_path: Path) -> None:
    out = tmp_path / "rev1.html"
    assert cli("rolling", REV1, "--format", "html", "-o", str(out)).exit_code == 0
    html = out.read_text(encoding="utf-8")
    assert "<script" not in html and 'src="http' not in html and "<link" not in html
    assert '<span class="bracket">[as defined in paragraph 3,]</span>' in html
    assert html.count('class="badge status') == 5 and "<span class=\"vh\">Status: </span>" in html


def _rolling(data: bytes) -> bool:
    from cahtool.akn import is_rolling

    root = parse_bytes(data, "x").getroot()
    return any(is_rolling(child) for child in root if isinstance(child.tag, str))


def test_the_bytes_of_a_rolling_text_never_say_it_is_none() -> None:
    """``may_be_rolling`` answers False only for bytes that hold no rolling text, however it is written."""
    from cahtool.akn import may_be_rolling

    root = Path(__file__).resolve().parent.parent
    files = [p for p in root.glob("**/*.xml") if ".venv" not in p.parts and "out" not in p.parts]
    rolling = 0
    for path in files:
        data = path.read_bytes()
        try:
            is_rolling_text = _rolling(data)
        except Exception:
            continue
        rolling += is_rolling_text
        assert may_be_rolling(data) or not is_rolling_text, path
    assert rolling >= 2
    text = (DRAFTS / "rolling" / "rolling-ilc-2019.xml").read_bytes()
    named_only = text.replace(b"<cah:basis", b"<cah:other").replace(b"</cah:basis", b"</cah:other")
    variants = [
        text, named_only, named_only.replace(b'name="rollingText"', b'name="rolling&#84;ext"'),
        text.replace(b"cah:basis", b"x:basis").replace(b"xmlns:cah=", b"xmlns:x=\"urn:cahtool:1\" xmlns:cah="),
        text.decode("utf-8").encode("utf-16"),
    ]
    for variant in variants:
        assert _rolling(variant) and may_be_rolling(variant)
    # A draft says it at once, unparsed.
    assert not may_be_rolling((DRAFTS / "rome-statute-art7.xml").read_bytes())
