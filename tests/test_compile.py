"""cahtool compile: every proposal at every provision it touches, attributed, with conflicts; three formats."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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
    assert {e.proposal.id: (e.others, e.conflict_count) for e in slot.entries} == {
        "slave-trade": (("gender-apartheid-new-crime",), 1), "gender-apartheid-new-crime": (("slave-trade",), 1)}
    # Elsewhere the two are compatible: no conflict reported at their other places.
    assert all(not e.conflict_count for s in compiled.touched() if s.eid != "art_2__para_1__point_k" for e in s.entries)


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
    assert data["schema"] == "cahtool.compilation/2"
    h = next(p for p in data["places"] if p["eid"] == "art_2__para_1__point_h")
    nexus = next(e for e in h["proposals"] if e["id"] == "persecution-without-nexus")
    assert nexus["class"] == "substantive" and nexus["changes"][0]["ops"][-2][0] == "delete"
    assert data["conflicts"][0]["label"] == "art. 2(1)(k)"


@pytest.mark.parametrize("fmt", ["text", "markdown", "json"])
def test_golden(cli, golden, fmt):
    result = cli("compile", "ilc-2019", "--format", fmt)
    assert result.exit_code == 0
    golden(CASES / f"ilc-2019.{ {'text': 'txt', 'markdown': 'md', 'json': 'json'}[fmt] }", result.output)


# -- conflicts in groups: the list grows with the proposals, not with their pairs --------------------------------

def _instruction(proposal: str):
    from cahtool.model import Instruction

    return Instruction("substitution", "art_2__para_1", proposal=proposal, text=f"{proposal}'s instruction")


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=2, max_value=9).flatmap(
    lambda n: st.tuples(st.just(n), st.sets(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1))
                                            .filter(lambda e: e[0] < e[1]), min_size=1))))
def test_groups_say_exactly_the_pairs_that_conflict(graph):
    from cahtool.amend import Conflict
    from cahtool.reports.compilation import grouped

    n, edges = graph
    made = [_instruction(f"p{k}") for k in range(n)]
    pairs = [Conflict("art_2__para_1", made[a], made[b], "both change the same words") for a, b in sorted(edges)]
    groups = grouped(pairs)
    said = set()
    for group in groups:
        members = [int(p[1:]) for p in group.proposals]
        assert len(set(members)) == len(members) >= 2
        for x in members:
            for y in members:
                if x < y:
                    assert (x, y) in edges  # a group never says two proposals conflict when they do not
                    said.add((x, y))
    assert said == edges  # and every conflict is in some group
    assert len(groups) <= len(edges)


@st.composite
def _cliques_and_more(draw):
    """Conflicts among proposals in cliques (as many proposals that tabled one change), in any order and either
    way round, sometimes with pairs between the cliques or a pair twice."""
    sizes = draw(st.lists(st.integers(1, 5), min_size=1, max_size=4))
    names = draw(st.permutations(range(sum(sizes))))
    edges, start = [], 0
    for size in sizes:
        members = names[start:start + size]
        edges += [(a, b) for k, a in enumerate(members) for b in members[k + 1:]]
        start += size
    if draw(st.booleans()) and sum(sizes) > 1:
        edges += draw(st.lists(st.tuples(st.sampled_from(names), st.sampled_from(names))
                               .filter(lambda e: e[0] != e[1]), max_size=3))
    edges = draw(st.permutations(edges))
    flips = draw(st.lists(st.booleans(), min_size=len(edges), max_size=len(edges)))
    return sum(sizes), [(b, a) if flip else (a, b) for (a, b), flip in zip(edges, flips, strict=True)]


@settings(max_examples=300, deadline=None)
@given(_cliques_and_more())
def test_cliques_are_grouped_as_the_pairs_one_by_one(graph):
    """``grouped`` takes cliques in a few passes (``_cliques``); the groups are those it makes pair by pair."""
    from unittest import mock

    from cahtool.amend import Conflict
    from cahtool.reports import compilation

    n, edges = graph
    if not edges:
        return
    made = [_instruction(f"p{k}") for k in range(n)]
    pairs = [Conflict("art_2__para_1", made[a], made[b], "both change the same words") for a, b in edges]
    fast = [(g.eid, g.reason, g.proposals) for g in compilation.grouped(pairs)]
    with mock.patch.object(compilation, "_cliques", lambda found, ends: None):
        slow = [(g.eid, g.reason, g.proposals) for g in compilation.grouped(pairs)]
    assert fast == slow


def _groups_by_sets(found):
    """``grouped``'s groups of one place and reason as it first made them, with a set for each instruction: what
    the bit sets it uses now must give, group for group."""
    met, adjacent = {}, {}
    for c in found:
        for x in (c.first, c.second):
            met.setdefault(id(x), (len(met), x))
        adjacent.setdefault(id(c.first), set()).add(id(c.second))
        adjacent.setdefault(id(c.second), set()).add(id(c.first))
    groups_of, out = {}, []
    for c in found:
        a, b = id(c.first), id(c.second)
        in_a, in_b = groups_of.get(a), groups_of.get(b)
        if in_a is not None and in_b is not None and not in_a.isdisjoint(in_b):
            continue
        members = [a, b]
        common = adjacent[a] & adjacent[b]
        for w in sorted(common, key=lambda k: met[k][0]):
            if w in common:
                members.append(w)
                common &= adjacent[w]
        for x in members:
            groups_of.setdefault(x, set()).add(len(out))
        if len(members) > 2:
            members.sort(key=lambda k: met[k][0])
        out.append(tuple(met[k][1].proposal for k in members))
    return out


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=2, max_value=12).flatmap(
    lambda n: st.tuples(st.just(n), st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1))
                                             .filter(lambda e: e[0] != e[1]), min_size=1, max_size=40))))
def test_groups_are_those_made_with_sets(graph):
    """Any conflicts at one place, cliques or not, in any order, a pair twice or both ways round: the groups."""
    from unittest import mock

    from cahtool.amend import Conflict
    from cahtool.reports import compilation

    n, edges = graph
    made = [_instruction(f"p{k}") for k in range(n)]
    pairs = [Conflict("art_2__para_1", made[a], made[b], "both change the same words") for a, b in edges]
    with mock.patch.object(compilation, "_cliques", lambda found, ends: None):
        assert [g.proposals for g in compilation.grouped(pairs)] == _groups_by_sets(pairs)
    assert [g.proposals for g in compilation.grouped(pairs)] == _groups_by_sets(pairs)


def test_two_cliques_are_two_groups_in_the_order_they_are_met():
    from cahtool.amend import Conflict
    from cahtool.reports.compilation import _cliques, grouped

    a, b, c, d, e = (_instruction(x) for x in "abcde")
    pairs = [Conflict("x", d, e, "both change the same words"), Conflict("x", c, a, "both change the same words"),
             Conflict("x", b, c, "both change the same words"), Conflict("x", a, b, "both change the same words")]
    assert _cliques(pairs, [(id(p.first), id(p.second)) for p in pairs]) is not None
    assert [g.proposals for g in grouped(pairs)] == [("d", "e"), ("c", "a", "b")]


def test_pairs_keep_their_order_and_a_two_role_reason_stays_a_pair():
    from cahtool.amend import Conflict
    from cahtool.amend.conflicts import INSERT_INTO_RENUMBERED
    from cahtool.reports.compilation import grouped

    a, b, c = (_instruction(x) for x in "abc")
    two_roles = [Conflict("x", a, b, INSERT_INTO_RENUMBERED), Conflict("x", a, c, INSERT_INTO_RENUMBERED),
                 Conflict("x", b, c, INSERT_INTO_RENUMBERED)]
    assert [g.proposals for g in grouped(two_roles)] == [("a", "b"), ("a", "c"), ("b", "c")]
    path = [Conflict("y", b, a, "both change the same words"), Conflict("y", b, c, "both change the same words")]
    assert [(g.proposals, g.wording) for g in grouped(path)] == [(("b", "a"), "both change the same words"),
                                                                  (("b", "c"), "both change the same words")]


def _copies(tmp_path: Path, count: int) -> Path:
    """The frozen corpus with ``count`` more proposals that each delete the words persecution-without-nexus deletes."""
    import re
    import shutil

    from tests.conftest import FROZEN

    drafts = tmp_path / "drafts"
    shutil.copytree(FROZEN, drafts)
    source = (FROZEN / "proposals" / "persecution-without-nexus.xml").read_text(encoding="utf-8")
    for k in range(1, count + 1):
        text = re.sub(r"/persecution-without-nexus(?=[/\"])", f"/persecution-copy-{k}", source)
        text = text.replace('value="persecution-without-nexus"', f'value="persecution-copy-{k}"')
        (drafts / "proposals" / f"persecution-copy-{k}.xml").write_text(text, encoding="utf-8")
    return drafts


def test_proposals_that_all_change_the_same_words_are_one_conflict(tmp_path: Path):
    from cahtool import Corpus
    from cahtool.render import compilation as render

    compiled = compile_proposals(Corpus(_copies(tmp_path, 3)), "ilc-2019")
    at = [g for g in compiled.conflicts if "persecution-copy-1" in g.proposals]
    assert len(at) == 1 and set(at[0].proposals) == {"persecution-without-nexus", "persecution-copy-1",
                                                      "persecution-copy-2", "persecution-copy-3"}
    assert at[0].wording == "all change the same words" and at[0].reason == "both change the same words"
    lines = render.text(compiled, width=400).splitlines()
    assert "  art. 2(1)(h): [4] persecution-copy-1, [5] persecution-copy-2, [6] persecution-copy-3 and " \
           "[7] persecution-without-nexus: all change the same words" in lines
    assert "10 proposals · 15 places touched · 2 conflicts" in lines
    data = json.loads(render.to_json(compiled))
    listed = next(k for k in data["conflicts"] if "persecution-copy-1" in k["proposals"])
    assert len(listed["proposals"]) == len(listed["instructions"]) == 4


def test_many_proposals_in_conflict_are_counted_where_each_is_shown_and_named_once(tmp_path: Path):
    import re

    from cahtool import Corpus
    from cahtool.render import compilation as render
    from cahtool.site import build

    drafts = _copies(tmp_path, 9)  # ten proposals delete the same words: each conflicts with nine others
    compiled = compile_proposals(Corpus(drafts), "ilc-2019")
    (group,) = [g for g in compiled.conflicts if "persecution-copy-1" in g.proposals]
    number = compiled.conflicts.index(group) + 1
    assert len(group.proposals) == 10
    entries = [e for s in compiled.touched() for e in s.entries if e.proposal.id.startswith("persecution")]
    assert entries and all(e.conflict_count == 9 and not e.others and not e.conflicts_named
                           and e.conflict_groups == (number,) for e in entries)
    lines = render.text(compiled, width=400).splitlines()
    assert lines.count("      conflicts here with 9 other proposals (see conflicts)") == 10
    assert sum("persecution-copy-9" in line for line in lines if line.startswith("  art.")) == 1  # named once
    build(Corpus(drafts), tmp_path / "site", search=False)
    page = (tmp_path / "site" / "compiled" / "ilc-2019.html").read_text(encoding="utf-8")
    assert f'<li id="conflict-{number}">' in page
    assert page.count(f'9 other proposals (<a href="#conflict-{number}">conflict {number}</a>): they cannot be '
                      "adopted together as worded.") == 10
    assert len(re.findall(r'href="#p-\d+">\[\d+\] persecution-copy-9<', page)) < 5  # not once in each entry


# -- conflicts a class of alike proposals at a time: blocks, and the groups made of them -------------------------

def _copy(name: str, k: int) -> tuple[bytes, str]:
    """Proposal ``name`` of the frozen corpus (k = 0), or its k-th copy under its own id (the same instructions)."""
    import re

    from tests.conftest import FROZEN

    path = FROZEN / "proposals" / f"{name}.xml"
    text = path.read_text(encoding="utf-8")
    if k:
        text = re.sub(rf"/{re.escape(name)}(?=[/\"])", f"/{name}-copy-{k}", text)
        text = text.replace(f'value="{name}"', f'value="{name}-copy-{k}"')
    return text.encode("utf-8"), str(path.with_name(f"{name}-copy-{k}.xml"))


ON_ILC_2019 = ("enforced-disappearance-no-time-limit", "forced-pregnancy-no-national-laws-clause",
               "gender-apartheid-definition", "gender-apartheid-new-crime", "gender-definition-restored",
               "persecution-without-nexus", "slave-trade")


def _pairs_said(groups) -> set[tuple[str, str, frozenset[tuple[str, str]]]]:
    said = set()
    for g in groups:
        if g.against:
            said |= {(g.eid, g.reason, frozenset(((a.proposal, a.eid), (b.proposal, b.eid))))
                     for a in g.instructions for b in g.against}
        else:
            said |= {(g.eid, g.reason, frozenset(((a.proposal, a.eid), (b.proposal, b.eid))))
                     for a in g.instructions for b in g.instructions if a is not b}
    return said


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(ON_ILC_2019), st.integers(0, 3)), min_size=1, max_size=9, unique=True))
def test_blocks_are_the_pairs_and_their_groups_say_exactly_those(picked):
    """Proposals and copies of them in any order: the blocks stand for exactly the pairs that ``find_conflicts``
    lists; their groups say every one of those pairs and no other, and are ``grouped``'s of the pairs unless a
    group of each with each was needed."""
    from cahtool.amend import find_conflict_blocks_bytes, find_conflicts_bytes
    from cahtool.reports.compilation import conflict_groups, grouped
    from tests.conftest import FROZEN

    sources = [_copy(name, k) for name, k in picked]
    base = FROZEN / "ilc-2019-art2.xml"
    pairs = find_conflicts_bytes(sources, base.read_bytes(), str(base))
    blocks = find_conflict_blocks_bytes(sources, base.read_bytes(), str(base))
    ins = blocks.instructions
    assert sorted(((ins[i].proposal, ins[i].eid), (ins[j].proposal, ins[j].eid), reason, where)
                  for i, j, reason, where in blocks.pairs()) == sorted(
        ((c.first.proposal, c.first.eid), (c.second.proposal, c.second.eid), c.reason, c.eid) for c in pairs)
    groups = conflict_groups(blocks)
    assert _pairs_said(groups) == {(c.eid, c.reason, frozenset(((c.first.proposal, c.first.eid),
                                                                (c.second.proposal, c.second.eid)))) for c in pairs}
    assert len(groups) <= max(len(pairs), 1)
    if not any(g.against for g in groups):
        assert [(g.eid, g.reason, g.proposals) for g in groups] == [(g.eid, g.reason, g.proposals)
                                                                    for g in grouped(pairs)]


def test_many_alike_proposals_in_conflict_with_many_others_are_one_group_each_with_each(tmp_path: Path):
    """Copies of slave-trade and gender-apartheid-new-crime renumber point (k) each: the second's copies conflict
    with each other, the first's only with the second's. That is two groups, not one for each copy of the first."""
    from cahtool import Corpus
    from cahtool.render import compilation as render
    from cahtool.site import build
    from tests.conftest import FROZEN

    drafts = tmp_path / "drafts"
    import shutil

    shutil.copytree(FROZEN, drafts)
    for name in ("slave-trade", "gender-apartheid-new-crime"):
        for k in (1, 2, 3):
            data, _ = _copy(name, k)
            (drafts / "proposals" / f"{name}-copy-{k}.xml").write_bytes(data)
    compiled = compile_proposals(Corpus(drafts), "ilc-2019")
    at_k = [g for g in compiled.conflicts if g.eid == "art_2__para_1__point_k"]
    assert [(len(g.proposals), len(g.against)) for g in at_k] == [(4, 4), (4, 0)]
    each, among = at_k
    assert {p.split("-copy")[0] for p in each.proposals} == {"slave-trade"}
    assert {p.split("-copy")[0] for p in each.against_proposals} == {"gender-apartheid-new-crime"}
    assert set(among.proposals) == set(each.against_proposals) and among.wording == "all renumber the same provision"
    slot = next(s for s in compiled.slots if s.eid == "art_2__para_1__point_k")
    # Each is in conflict with the seven others there: the other's four copies, and its own three copies (by the
    # renumbering, or by the insertion into the list that renumbers (k)). Seven are few enough to be named.
    assert {e.proposal.id: (e.conflict_count, len(e.others)) for e in slot.entries} == {
        p: (7, 7) for p in (*each.proposals, *among.proposals)}
    numbers = compiled.numbers
    lines = render.text(compiled, width=1000).splitlines()
    first = ", ".join(f"[{numbers[p]}] {p}" for p in each.proposals[:-1]) + f" and [{numbers[each.proposals[-1]]}] "
    assert any(line.startswith(f"  art. 2(1)(k): each of {first}") and " with each of [" in line
               and line.endswith(": both renumber the same provision") for line in lines)
    data = json.loads(render.to_json(compiled))
    listed = next(k for k in data["conflicts"] if k["against"])
    assert listed["proposals"] == list(each.proposals)
    assert listed["against"]["proposals"] == list(each.against_proposals)
    assert len(listed["against"]["instructions"]) == 4 and listed["number"] == compiled.conflicts.index(each) + 1
    entry = next(e for p in data["places"] if p["eid"] == "art_2__para_1__point_k" for e in p["proposals"]
                 if e["id"] == "slave-trade-copy-2")
    assert entry["conflicts"] == [1, listed["number"]] and entry["conflict_count"] == 7
    build(Corpus(drafts), tmp_path / "site", search=False)
    page = (tmp_path / "site" / "compiled" / "ilc-2019.html").read_text(encoding="utf-8")
    assert f'<li id="conflict-{listed["number"]}">' in page and "with each of\n" in page


def test_one_proposals_instructions_that_overlap_are_refused_by_blocks_as_by_pairs(tmp_path: Path):
    """A proposal that deletes the same words twice: the compilation (conflicts a class at a time) refuses it with
    the error ``apply`` gives (conflicts a pair at a time), naming the file, the line and both instructions."""
    import re
    import shutil

    from cahtool import Corpus
    from tests.conftest import FROZEN

    drafts = tmp_path / "drafts"
    shutil.copytree(FROZEN, drafts)
    path = drafts / "proposals" / "persecution-without-nexus.xml"
    text = path.read_text(encoding="utf-8")
    mod = re.search(r'<textualMod type="repeal" eId="tmod_1">.*?</textualMod>', text, re.S).group(0)
    text = text.replace(mod, mod + mod.replace("tmod_1", "tmod_2").replace("#mod_1", "#mod_2"))
    words = re.search(r'<mod eId="mod_1">.*?</mod>', text, re.S).group(0)
    path.write_text(text.replace(words, words + words.replace("mod_1", "mod_2")), encoding="utf-8")
    corpus = Corpus(drafts)
    with pytest.raises(AmendmentError) as by_pairs:
        corpus.conflicts(["persecution-without-nexus", "slave-trade"])
    with pytest.raises(AmendmentError) as by_blocks:
        corpus.conflict_blocks(["persecution-without-nexus", "slave-trade"])
    with pytest.raises(AmendmentError) as compiled:
        compile_proposals(Corpus(drafts), "ilc-2019")
    assert str(by_blocks.value) == str(by_pairs.value) == str(compiled.value)
    assert "instructions mod_1" in str(by_blocks.value) and "and mod_2" in str(by_blocks.value)
    assert by_blocks.value.path == str(path) and by_blocks.value.line
