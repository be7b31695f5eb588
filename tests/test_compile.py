"""cahtool compile: every proposal at every provision it touches, attributed, with conflicts; three formats."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cahtool.diff import compare
from cahtool.errors import AmendmentError
from cahtool.model import Status
from cahtool.render.common import parties
from cahtool.reports import compile_proposals

CASES = Path(__file__).resolve().parent / "goldens" / "compile"


@pytest.fixture(scope="module")
def compiled(corpus):
    return compile_proposals(corpus, "ilc-2019")


def test_default_is_every_proposal_on_the_base_by_date(compiled, corpus):
    ids = [p.id for p in compiled.proposals]
    assert set(ids) == {p.stem for p in (Path(corpus.root) / "proposals").glob("*.xml")} - {"gender-definition-otp"}
    assert [p.date for p in compiled.proposals] == sorted(p.date for p in compiled.proposals)


def test_every_change_of_every_proposal_is_at_its_place(compiled, corpus):
    base = corpus.get("ilc-2019")
    for proposal in compiled.proposals:
        changes = [c for c in compare(base, proposal).changes if c.status is not Status.UNCHANGED]
        shown = [ch for _, entry in compiled.entries_of(proposal.id) for ch in entry.changes]
        assert shown == changes, proposal.id
        for slot, entry in compiled.entries_of(proposal.id):
            for change in entry.changes:
                if change.old is not None:
                    assert slot.eid == change.old.eid
                else:
                    assert slot.is_gap and slot.after


def test_known_places(compiled):
    at = {slot.label: sorted(e.proposal.id for e in slot.entries) for slot in compiled.touched()}
    assert at["art. 2(1)(h)"] == ["gender-definition-restored", "persecution-without-nexus", "slave-trade"]
    assert at["art. 2(2)(i)"] == ["enforced-disappearance-no-time-limit", "gender-apartheid-new-crime"]
    assert at["new, after art. 2(1)(c)"] == ["slave-trade"]
    assert at["new, after art. 2(2)(i)"] == ["gender-apartheid-new-crime", "gender-definition-restored"]
    assert at["art. 2(3)"] == ["gender-definition-restored"]
    assert "art. 2(1)(a)" not in at


def test_instructions_as_tabled(compiled):
    entries = dict((e.proposal.id, e) for s in compiled.touched() if s.label == "art. 2(1)(h)" for e in s.entries)
    assert entries["persecution-without-nexus"].instructions == (
        "In draft article 2, paragraph 1 (h), delete “, in connection with any act referred to in this paragraph”.",)
    assert entries["slave-trade"].summary == "renumbered (h) → (i)"


def test_conflicts(compiled):
    assert [(c.eid, c.proposals) for c in compiled.conflicts] == [
        ("art_2__para_1__point_k", ("slave-trade", "gender-apartheid-new-crime"))]
    slot = next(s for s in compiled.slots if s.eid == "art_2__para_1__point_k")
    assert {e.proposal.id: e.conflicts for e in slot.entries} == {
        "slave-trade": ("gender-apartheid-new-crime",), "gender-apartheid-new-crime": ("slave-trade",)}
    # Elsewhere the two are compatible: no conflict reported at their other places.
    assert all(not e.conflicts for s in compiled.touched() if s.eid != "art_2__para_1__point_k" for e in s.entries)


def test_table_rows_and_cells(compiled):
    rows = {slot.label: [e.summary if e else "" for e in cells] for slot, cells in compiled.table()}
    ids = [p.id for p in compiled.proposals]
    row = rows["art. 2(2)(i)"]
    assert row[ids.index("enforced-disappearance-no-time-limit")] == "modified (substantive)"
    assert row[ids.index("gender-apartheid-new-crime")] == "modified (editorial)"


def test_cli_lists_every_proposal_under_each_provision_with_proponents(cli, compiled):
    result = cli("compile", "ilc-2019")
    assert result.exit_code == 0
    out = result.output
    numbers = {p.id: n for n, p in enumerate(compiled.proposals, 1)}
    for p in compiled.proposals:
        assert f"[{numbers[p.id]}] {p.id} ({p.date}, {p.provenance})" in out
        assert f"by {parties(p.proponents)}" in out
    # Under each provision, in the base's order: the provision's text, then the proposals there.
    lines = out.splitlines()
    h = lines.index(next(line for line in lines if line.startswith("(h) persecution against")))
    under_h = lines[h + 1:h + 16]
    assert under_h[0] == "    [3] gender-definition-restored · by Nigeria · illustrative wording"
    assert any(line.startswith("    [4] persecution-without-nexus · by Amnesty International; Human Rights Watch")
               for line in under_h)
    assert "    [5] slave-trade · renumbered (h) → (i)" in under_h
    assert "  art. 2(1)(k): [5] slave-trade and [7] gender-apartheid-new-crime: both renumber the same provision" \
        in lines


def test_chosen_proposals_only(cli):
    result = cli("compile", "ilc-2019", "persecution-without-nexus", "slave-trade", "--format", "json")
    data = json.loads(result.output)
    assert [p["id"] for p in data["proposals"]] == ["persecution-without-nexus", "slave-trade"]
    assert data["conflicts"] == []


def test_proposal_on_another_base_is_refused(corpus, cli):
    with pytest.raises(AmendmentError, match="gender-definition-otp is based on ilc-2017, not ilc-2019"):
        compile_proposals(corpus, "ilc-2019", ["gender-definition-otp"])
    assert cli("compile", "ilc-2019", "gender-definition-otp").exit_code == 2


def test_a_base_without_proposals(cli):
    result = cli("compile", "rome-statute-art7")
    assert result.exit_code == 0
    assert "0 proposals · 0 places touched · 0 conflicts" in result.output


def test_json_is_versioned_and_complete(compiled):
    from cahtool.render.compilation import to_dict

    data = to_dict(compiled)
    assert data["schema"] == "cahtool.compilation/1"
    h = next(p for p in data["places"] if p["eid"] == "art_2__para_1__point_h")
    nexus = next(e for e in h["proposals"] if e["id"] == "persecution-without-nexus")
    assert nexus["class"] == "substantive" and nexus["changes"][0]["ops"][-2][0] == "delete"
    assert data["conflicts"][0]["label"] == "art. 2(1)(k)"


@pytest.mark.parametrize("fmt", ["text", "markdown", "json"])
def test_golden(cli, golden, fmt):
    result = cli("compile", "ilc-2019", "--format", fmt)
    assert result.exit_code == 0
    golden(CASES / f"ilc-2019.{ {'text': 'txt', 'markdown': 'md', 'json': 'json'}[fmt] }", result.output)
