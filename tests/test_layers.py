"""Who changed what: edits attributed layer by layer through a chain of texts, in every format.

The composition is exact (hypothesis: the attributed ops rebuild the first and last texts of any chain, and the
ops of the first layer alone give the middle text back where the layers do not overlap); on the real corpus,
Rome art. 7 → ILC 2017 → ILC 2019 → a proposal, each edit names the text that made it.
"""

from __future__ import annotations

import io
import json
import re
import zipfile

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from cahtool.diff import compose
from cahtool.model import OpKind
from cahtool.text import tokenize, words
from tests.test_worddiff import TEXTS

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
LAYERS = ("one", "two")
ILC = "International Law Commission"
CAMPAIGN = "End Gender Apartheid campaign; Atlantic Council Strategic Litigation Project; Global Justice Center"


def side(ops, kind: OpKind) -> str:
    drop = OpKind.INSERT if kind is OpKind.DELETE else OpKind.DELETE
    return "".join(op.text for op in ops if op.kind is not drop)


def middle(ops) -> str:
    """The first text with only the first layer's edits made: kept words, what the second layer later deleted,
    and what the first inserted."""
    return "".join(op.text for op in ops if op.kind is OpKind.EQUAL
                   or (op.kind is OpKind.DELETE and op.by == "two") or (op.kind is OpKind.INSERT and op.by == "one"))


# -- the composition, on any chain -------------------------------------------------------------------

@settings(max_examples=300, deadline=None)
@given(TEXTS, TEXTS, TEXTS)
def test_composed_ops_rebuild_the_first_and_last_texts(a: str, b: str, c: str) -> None:
    ops = compose([a, b, c], LAYERS)
    assert side(ops, OpKind.DELETE) == a
    assert side(ops, OpKind.INSERT) == c
    for op in ops:
        assert op.text
        if op.kind is OpKind.EQUAL:
            assert not op.by and not op.also
        else:
            assert op.by in LAYERS and op.by not in op.also and set(op.also) <= set(LAYERS)


@st.composite
def chains(draw: st.DrawFn) -> tuple[str, str, str]:
    """Three texts of distinct words: the second edits one stretch of the first, the third another stretch, at
    least two words away (the layers do not overlap)."""
    n = draw(st.integers(min_value=6, max_value=18))
    base = [f"w{k}" for k in range(n)]
    fresh = iter(f"n{k}" for k in range(1000))
    i = draw(st.integers(min_value=0, max_value=n - 5))
    j = draw(st.integers(min_value=i, max_value=min(i + 2, n - 5)))
    k = draw(st.integers(min_value=j + 2, max_value=n - 1))
    m = draw(st.integers(min_value=k, max_value=min(k + 2, n)))
    first_new = [next(fresh) for _ in range(draw(st.integers(min_value=0, max_value=3)))]
    second_new = [next(fresh) for _ in range(draw(st.integers(min_value=0, max_value=3)))]
    if i == j and not first_new:
        first_new = [next(fresh)]
    if k == m and not second_new:
        second_new = [next(fresh)]
    b = base[:i] + first_new + base[j:]
    shift = len(first_new) - (j - i)
    c = b[:k + shift] + second_new + b[m + shift:]
    return " ".join(base), " ".join(b), " ".join(c)


@settings(max_examples=300, deadline=None)
@given(chains())
def test_the_first_layer_alone_gives_the_middle_text(chain: tuple[str, str, str]) -> None:
    a, b, c = chain
    ops = compose([a, b, c], LAYERS)
    assert side(ops, OpKind.DELETE) == a and side(ops, OpKind.INSERT) == c
    assert words(middle(ops)) == words(b)
    # Each layer's words are its own: what the second inserted is in the last text and not in the middle.
    inserted_by_two = {w for op in ops if op.by == "two" and op.kind is OpKind.INSERT for w in words(op.text)}
    assert inserted_by_two <= set(words(c)) and not inserted_by_two & set(words(b))


def test_a_word_put_in_and_taken_out_is_in_neither_text_and_named_in_also() -> None:
    ops = compose(["a X b", "a Y b", "a b"], LAYERS)
    assert [(op.kind.value, op.text, op.by, op.also) for op in ops] == [
        ("equal", "a ", "", ()), ("delete", "X ", "one", ("two",)), ("equal", "b", "", ())]


def test_words_deleted_then_put_back_are_kept() -> None:
    ops = compose(["a the b", "a b", "a the b"], LAYERS)
    assert [(op.kind.value, op.text) for op in ops] == [("equal", "a the b")]


def test_a_rewrite_then_a_deletion_names_both_layers() -> None:
    ops = compose(["A or any crime within the jurisdiction of the Court;",
                   "A or in connection with the crime of genocide or war crimes;", "A;"], LAYERS)
    assert [(op.kind.value, op.text, op.by) for op in ops if op.kind is not OpKind.EQUAL] == [
        ("delete", " or ", "two"), ("delete", "any crime within the jurisdiction of the Court", "one")]


def test_compose_needs_one_layer_per_step() -> None:
    with pytest.raises(ValueError):
        compose(["a", "b", "c"], ["one"])


# -- the real chain: Rome art. 7 → ILC 2017 → ILC 2019 → a proposal --------------------------------------

def diff_json(cli, *args: str) -> dict:
    result = cli("diff", *args, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def edits(change: dict) -> list[tuple[str, str, str]]:
    """(kind, words, layer) of each edit of a change."""
    return [(kind, text.strip(), who.get("by", "")) for (kind, text), who in zip(change["ops"], change["attribution"],
                                                                                strict=True) if kind != "equal"]


def by_label(data: dict) -> dict[str, dict]:
    return {(c["old"] or c["new"])["label"]: c for c in data["changes"] if c["class"] == "substantive"}


def test_json_names_the_layer_of_every_edit(cli) -> None:
    data = diff_json(cli, "rome-statute-art7", "gender-apartheid-definition")
    assert data["schema"] == "cahtool.comparison/1"
    assert [(x["id"], x["by"]) for x in data["layers"]] == [
        ("ilc-2017", ILC), ("ilc-2019", ILC), ("gender-apartheid-definition", CAMPAIGN)]
    changes = by_label(data)
    # The ILC's four changes of substance: the chapeau and 7(1)(h) by the first reading, where the second
    # reading finished them; 7(3) deleted and 2(3) inserted.
    assert edits(changes["art. 7(1)"]) == [("delete", "this Statute", "ilc-2017"),
                                           ("insert", "the present draft articles", "ilc-2017")]
    assert edits(changes["art. 7(1)(h)"]) == [
        ("delete", "Persecution", "ilc-2017"), ("insert", "persecution", "ilc-2017"),
        ("delete", "as defined in paragraph 3,", "ilc-2019"),
        ("delete", "or", "ilc-2019"), ("delete", "any crime within the jurisdiction of the Court", "ilc-2017")]
    assert {who for _, _, who in edits(changes["art. 7(3)"])} == {"ilc-2017", "ilc-2019"}
    assert [e for e in edits(changes["art. 2(3)"]) if e[2] == "ilc-2019"] == [
        ("insert", ", in customary international law or in", "ilc-2019")]
    # The proposal's own words: "or gender", twice, and nothing else.
    apartheid = edits(changes["art. 7(2)(h)"])
    assert [e for e in apartheid if e[2] == "gender-apartheid-definition"] == [
        ("insert", "or gender", "gender-apartheid-definition")] * 2
    assert all(who != "gender-apartheid-definition" for c in data["changes"] if c["new"] and
               c["new"]["label"] != "art. 2(2)(h)" for _, _, who in edits(c))
    # Schema-compatible: ops are still [kind, text] pairs that rebuild both texts.
    for change in data["changes"]:
        assert all(len(op) == 2 for op in change["ops"])
        if change["old"]:
            assert "".join(t for k, t in change["ops"] if k != "insert") == change["old"]["text"]
        if change["new"]:
            assert "".join(t for k, t in change["ops"] if k != "delete") == change["new"]["text"]


def test_via_names_the_chain(cli) -> None:
    data = diff_json(cli, "rome-statute-art7", "gender-apartheid-definition", "--via", "ilc-2019")
    assert [x["id"] for x in data["layers"]] == ["ilc-2019", "gender-apartheid-definition"]
    changes = by_label(data)
    for label in ("art. 7(1)", "art. 7(1)(h)", "art. 7(3)", "art. 2(3)"):  # the ILC's four changes
        assert {who for _, _, who in edits(changes[label])} == {"ilc-2019"}, label
    assert {who for _, _, who in edits(changes["art. 7(2)(h)"])} == {"ilc-2019", "gender-apartheid-definition"}


def test_attribution_changes_no_status_no_class(cli) -> None:
    layered = diff_json(cli, "rome-statute-art7", "ilc-2019")
    flat = diff_json(cli, "rome-statute-art7", "ilc-2019", "--no-layers")
    assert "attribution" not in json.dumps(flat) and "layers" not in flat
    assert flat["notes"] == ["a flat redline (--no-layers): the edits of ilc-2017, ilc-2019 are shown together, "
                             "not told apart"]
    assert layered["stats"] == flat["stats"]
    strip = [{k: v for k, v in c.items() if k not in ("ops", "attribution")} for c in layered["changes"]]
    assert strip == [{k: v for k, v in c.items() if k != "ops"} for c in flat["changes"]]


def test_a_base_and_its_proposal_need_no_layers(cli) -> None:
    data = diff_json(cli, "ilc-2019", "slave-trade")
    assert "layers" not in data and "notes" not in data and "attribution" not in json.dumps(data)


def test_texts_that_do_not_descend_from_old_are_not_attributed(cli) -> None:
    data = diff_json(cli, "slave-trade", "gender-apartheid-definition")
    assert "layers" not in data
    assert data["notes"][0].startswith("not attributed by layer: slave-trade is not one of the texts "
                                       "gender-apartheid-definition descends from")
    assert "--via DOC" in data["notes"][0]


def test_a_chain_that_loses_a_provision_leaves_it_unattributed(cli) -> None:
    """Through the IMT Charter, which lists every act in one sentence, most of art. 7 cannot be followed: those
    changes keep their flat redline and a note names them; nothing is guessed."""
    data = diff_json(cli, "rome-statute-art7", "ilc-2019", "--via", "imt-charter-art6")
    note = next(n for n in data["notes"] if n.startswith("not attributed by layer"))
    unattributed = [c for c in data["changes"] if "attribution" not in c]
    assert unattributed
    for change in unattributed:
        label = " → ".join(dict.fromkeys(x["label"] for x in (change["old"], change["new"]) if x))
        assert label in note


@pytest.mark.parametrize("args", [["--via", "ilc-2019", "--via", "ilc-2019"], ["--via", "ilc-2019", "--no-layers"]])
def test_bad_chains_are_usage_errors(cli, args: list[str]) -> None:
    result = cli("diff", "rome-statute-art7", "slave-trade", *args)
    assert result.exit_code == 2
    assert "Traceback" not in result.output


# -- every format ----------------------------------------------------------------------------------------

def test_text_marks_each_edit_with_its_layer_and_has_a_legend(cli) -> None:
    out = cli("diff", "rome-statute-art7", "gender-apartheid-definition").output
    assert "  ¹ ilc-2017 · International Law Commission · 2017" in out
    assert f"  ³ gender-apartheid-definition · {CAMPAIGN} · 2023-10-05" in out
    assert "by one racial {+or gender+}³ group over any other racial" in out
    assert "For the purpose of [-this Statute-]{+the present draft articles+}¹," in out
    assert "gender [-as defined in paragraph 3,-]² or other" in out
    # The warnings of the texts in between are given too.
    assert "warning: ilc-2017: partly verified reconstruction" in out


def test_markers_never_stand_alone_on_a_line(cli) -> None:
    for width in ("50", "64", "100"):
        for args in (["rome-statute-art7", "gender-apartheid-definition"], ["icty-art5", "rome-statute-art7"],
                     ["ilc-2017", "ilc-2019"]):
            out = cli("diff", *args, env={"COLUMNS": width}).output
            for line in out.splitlines():
                assert not re.fullmatch(r"\s*(\[-|-\]|\{\+|\+\})[¹²³⁴⁵⁶⁷⁸⁹⁰⁺]*[;,.:]?\s*", line), line
                assert not re.search(r"\S(\[-|\{\+)\s|\s(-\]|\+\})", line), line  # markers hug words


def test_markdown_marks_each_edit_with_its_layer(cli) -> None:
    out = cli("diff", "rome-statute-art7", "gender-apartheid-definition", "--format", "markdown").output
    assert "by one racial <ins>or gender</ins><sup>3</sup> group" in out
    assert f"3. gender-apartheid-definition · {CAMPAIGN} · 2023-10-05" in out


def test_html_gives_each_layer_a_class_number_and_words(cli, tmp_path) -> None:
    path = tmp_path / "r.html"
    assert cli("diff", "rome-statute-art7", "gender-apartheid-definition", "--format", "html", "-o",
               str(path)).exit_code == 0
    html = path.read_text(encoding="utf-8")
    assert "Who made each change" in html
    found = re.findall(r'<ins style="[^"]*" class="(layer-\d)"><span class="vh">inserted by '
                       r'gender-apartheid-definition: </span>or gender<span class="vh"> \(end of insertion\)</span>'
                       r'</ins><sup class="layer-mark" aria-hidden="true">3</sup>', html)
    assert found == ["layer-3", "layer-3"]
    assert 'class="layer-1"><span class="vh">deleted by ilc-2017: </span>this Statute' in html
    # Never colour alone: each layer has its own line pattern in the stylesheet.
    for n, style in enumerate(("solid", "dashed", "dotted", "double", "wavy"), 1):
        assert f"ins.layer-{n}, del.layer-{n} {{ text-decoration-style: {style};" in html
    assert "Illustrative wording" in html and "Partly verified reconstruction" in html


def revisions(data: bytes) -> list[tuple[str, str, str, str]]:
    """(tag, author, date, words) of each tracked change of a Word file."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    out = []
    for el in root.iter(f"{W}ins", f"{W}del"):
        text = "".join(t.text or "" for t in el.iter(f"{W}t", f"{W}delText"))
        out.append((etree.QName(el).localname, el.get(f"{W}author"), el.get(f"{W}date"), text))
    return out


def test_docx_credits_the_ilc_with_its_changes_and_the_proposal_with_its_own(cli, tmp_path) -> None:
    path = tmp_path / "r.docx"
    assert cli("diff", "rome-statute-art7", "gender-apartheid-definition", "--format", "docx", "-o",
               str(path)).exit_code == 0
    marks = revisions(path.read_bytes())
    ours = [m for m in marks if m[1] == CAMPAIGN]
    assert [(tag, date, text) for tag, _, date, text in ours] == [
        ("ins", "2023-10-05T00:00:00Z", "or gender "), ("ins", "2023-10-05T00:00:00Z", "or gender ")]
    theirs = [m for m in marks if m[1] != CAMPAIGN]
    assert {m[1] for m in theirs} == {ILC}
    assert {m[2] for m in theirs} == {"2017-01-01T00:00:00Z", "2019-08-05T00:00:00Z"}
    gender = [m for m in theirs if "“gender” refers to the two sexes" in m[3]]
    assert gender and all(m[0] == "del" and m[2] == "2019-08-05T00:00:00Z" for m in gender)
    with zipfile.ZipFile(path) as archive:
        body = archive.read("word/document.xml").decode("utf-8")
    # The warnings the HTML gives: unverified texts, and the illustrative wording of the proposal.
    assert "the text of ilc-2019 is marked “unverified reconstruction”" in body
    assert "Illustrative wording: " in body and "no one tabled this text" in body
    assert "Who made each change" in body


def test_docx_never_credits_new_with_edits_that_are_not_all_its_own(cli, tmp_path) -> None:
    for args in (["slave-trade", "gender-apartheid-definition"],
                 ["rome-statute-art7", "gender-apartheid-definition", "--no-layers"]):
        path = tmp_path / "r.docx"
        assert cli("diff", *args, "--format", "docx", "-o", str(path)).exit_code == 0
        assert {m[1] for m in revisions(path.read_bytes())} == {"not attributed"}, args
    path = tmp_path / "base.docx"
    assert cli("diff", "ilc-2019", "gender-apartheid-definition", "--format", "docx", "-o", str(path)).exit_code == 0
    assert {m[1] for m in revisions(path.read_bytes())} == {CAMPAIGN}


def test_tokens_of_every_layer_are_whole_words(corpus) -> None:
    """Attributed edits, like flat ones, never split a word."""
    from cahtool.reports import compare_layers

    c = compare_layers(corpus, corpus.get("rome-statute-art7"), corpus.get("gender-apartheid-definition"))
    for change in c.changes:
        for text, keep in ((change.old_text, OpKind.DELETE), (change.new_text, OpKind.INSERT)):
            bounds, pos = {0}, 0
            for token in tokenize(text):
                pos += len(token)
                bounds.add(pos)
            pos = 0
            for op in change.ops:
                if op.kind in (OpKind.EQUAL, keep):
                    pos += len(op.text)
                    assert pos in bounds


def test_files_outside_the_corpus_have_no_main_line(cli) -> None:
    """Two files named by path, outside the drafts directory: a plain redline, and the directory is not read."""
    mini = "tests/fixtures/site-mini"
    data = diff_json(cli, f"{mini}/rome-statute-art7.xml", f"{mini}/ilc-2019-art2.xml")
    assert "layers" not in data and "notes" not in data
    data = json.loads(cli("--drafts", mini, "diff", "rome-statute-art7", "ilc-2019", "--format", "json").output)
    assert [x["id"] for x in data["layers"]] == ["ilc-2017", "ilc-2019"]


def test_a_run_attributes_a_change_once_for_every_comparison_through_the_same_versions() -> None:
    """Within one run (``sharing``), a change met again along the same versions of its provision is attributed
    once: every comparison of the baseline with a proposal (through the drafts in between) is still the one made
    alone, and the proposals' comparisons hold the same attributed change objects where they share a change."""
    from cahtool import BASELINE, Corpus
    from cahtool.diff import sharing
    from cahtool.reports import Alignments, compare_layers
    from tests.conftest import FROZEN

    corpus = Corpus(FROZEN)
    corpus.share()
    baseline = corpus.get(BASELINE)
    proposals = [p for p in corpus.proposals()]
    alone = [compare_layers(corpus, baseline, p) for p in proposals]
    with sharing():
        aligned = Alignments()
        together = [compare_layers(corpus, baseline, p, aligned=aligned) for p in proposals]
        again = [compare_layers(corpus, baseline, p, aligned=aligned) for p in reversed(proposals)]
    assert together == alone and again == alone[::-1]
    assert all(c.layers for c in together)  # attributed through the drafts in between
    seen: dict[int, int] = {}
    for comparison in together:
        for change in {id(c) for c in comparison.changes if any(op.by for op in c.ops)}:
            seen[change] = seen.get(change, 0) + 1
    assert max(seen.values()) > 1


def test_two_proposals_with_the_same_words_are_each_credited_with_them(tmp_path) -> None:
    """Two proposals that make the same change (their changed provision loaded once: ``Corpus.share``) pass the
    same versions of it; each comparison with the baseline credits its own proposal, as made alone."""
    import shutil

    from cahtool import BASELINE, Corpus
    from cahtool.diff import sharing
    from cahtool.reports import Alignments, compare_layers
    from tests.conftest import FROZEN

    drafts = tmp_path / "drafts"
    shutil.copytree(FROZEN, drafts)
    original = drafts / "proposals" / "persecution-without-nexus.xml"
    twin = drafts / "proposals" / "persecution-twin.xml"
    twin.write_text(original.read_text(encoding="utf-8").replace("persecution-without-nexus", "persecution-twin"),
                    encoding="utf-8")
    corpus = Corpus(drafts)
    corpus.share()
    baseline, ids = corpus.get(BASELINE), ("persecution-without-nexus", "persecution-twin")
    alone = [compare_layers(corpus, baseline, corpus.get(i)) for i in ids]
    with sharing():
        aligned = Alignments()
        together = [compare_layers(corpus, baseline, corpus.get(i), aligned=aligned) for i in ids]
    assert together == alone
    for proposal, comparison in zip(ids, together, strict=True):
        assert proposal in {op.by for change in comparison.changes for op in change.ops}
