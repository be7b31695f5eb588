"""Citations as input: what cahtool prints (art. 7(1)(h)) is what it takes, wherever an eId is accepted."""

from __future__ import annotations

import dataclasses
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cahtool.akn import find_cited, looks_like_citation, resolve_provision
from cahtool.errors import CahtoolError
from cahtool.model import Document, Provision


def test_show_takes_a_citation(cli) -> None:
    by_citation = cli("show", "rome-statute-art7", "art. 7(1)(h)")
    by_eid = cli("show", "rome-statute-art7", "art_7__para_1__point_h")
    assert by_citation.exit_code == 0
    assert by_citation.output == by_eid.output
    assert "# provision: art_7__para_1__point_h (art. 7(1)(h))" in by_citation.output


@pytest.mark.parametrize("written", ["art. 7(1)(h)", "7(1)(h)", "Art. 7 (1) (h)", "ART.7(1)(H)", "article 7(1)(h)",
                                     "Article 7, paragraph 1 (h)", "para. 1(h)", "paragraph 1, subparagraph (h)"])
def test_ways_of_writing_one_citation(cli, written: str) -> None:
    data = json.loads(cli("show", "rome-statute-art7", written, "--format", "json").output)
    assert data["provisions"][0]["label"] == "art. 7(1)(h)"


def test_history_takes_a_citation(cli) -> None:
    by_citation = cli("history", "7(2)(h)")
    assert by_citation.exit_code == 0, by_citation.output
    assert by_citation.output.splitlines()[2] == "== art. 7(2)(h) (rome-statute-art7)"
    assert by_citation.output.split("\n", 1)[1] == cli("history", "art_7__para_2__point_h").output.split("\n", 1)[1]
    # A citation that only a later text has is followed from that text: ILC 2019's article 2.
    ilc = cli("history", "2(2)(h)")
    assert ilc.exit_code == 0 and ilc.output.splitlines()[2] == "== art. 2(2)(h) (ilc-2019)"
    assert cli("history", "para. 3", "--in", "ilc-2019").output.splitlines()[2] == "== art. 2(3) (ilc-2019)"


def test_diff_provision_takes_a_citation(cli) -> None:
    result = cli("diff", "rome-statute-art7", "ilc-2019", "--provision", "art. 2(3)")
    assert result.exit_code == 0
    assert "art. 2(3) · inserted · substantive" in result.output
    assert result.output.count(" · ") == cli("diff", "rome-statute-art7", "ilc-2019", "--provision",
                                             "art_2__para_3").output.count(" · ")
    # The old document first: 7(1)(h) is Rome's, paired with ILC 2019's 2(1)(h).
    persecution = cli("diff", "rome-statute-art7", "ilc-2019", "--provision", "7(1)(h)", "--format", "json")
    [change] = json.loads(persecution.output)["changes"]
    assert (change["old"]["label"], change["new"]["label"]) == ("art. 7(1)(h)", "art. 2(1)(h)")


def test_a_near_miss_says_what_was_meant(cli) -> None:
    result = cli("show", "rome-statute-art7", "2(2)(h)")
    assert result.exit_code == 2
    assert "rome-statute-art7.xml: no provision cited '2(2)(h)' in rome-statute-art7; did you mean art. 7(2)(h)" \
        in result.stderr  # the document's file is named, as for any bad input
    far = cli("diff", "rome-statute-art7", "ilc-2019", "--provision", "art_9")
    assert far.stderr.startswith("cahtool: error: no provision with eId 'art_9' in rome-statute-art7 or ilc-2019")
    history = cli("history", "art. 9(9)")
    assert history.exit_code == 2 and "no provision cited 'art. 9(9)' in any document" in history.stderr


def test_a_citation_without_its_article_must_name_one_provision(corpus) -> None:
    rome = corpus.get("rome-statute-art7")
    assert resolve_provision([rome], "para. 3")[1].eid == "art_7__para_3"
    two = dataclasses.replace(rome, provisions=(*rome.provisions, _relabel(rome.provisions[0], "7", "8")))
    with pytest.raises(CahtoolError, match=r"'para. 3' names 2 provisions of rome-statute-art7 \(art. 7\(3\), "
                                           r"art. 8\(3\)\): cite the one you mean in full"):
        resolve_provision([two], "para. 3")
    assert resolve_provision([two], "8(3)")[1].label == "art. 8(3)"


def _relabel(p: Provision, old: str, new: str) -> Provision:
    return dataclasses.replace(p, eid=p.eid.replace(f"art_{old}", f"art_{new}"),
                               label=p.label.replace(f"art. {old}", f"art. {new}"),
                               children=tuple(_relabel(c, old, new) for c in p.children))


def _doc(*provisions: Provision) -> Document:
    return Document(id="treaty", path="treaty.xml", kind="act", name="", uri="", work_uri="", title="A treaty",
                    date="2024", authors=(), symbol="", source="", verification="", verification_note="", status="",
                    status_date="", provisions=provisions)


def test_labels_of_other_parts_resolve_as_they_are_printed() -> None:
    """Preambles and annexes are labelled by the loader ("preamble, para. 2", "annex, para. 2"): any label resolves,
    without a rule of its own."""
    def para(prefix: str, eid: str, n: int) -> Provision:
        return Provision(f"{eid}__para_{n}", "paragraph", f"{n}.", "", f"text {n}", f"{prefix}, para. {n}")

    doc = _doc(Provision("preamble", "preamble", "", "", "", "preamble", (para("preamble", "preamble", 1),
                                                                          para("preamble", "preamble", 2))),
               Provision("art_1", "article", "Article 1", "", "", "art. 1"),
               Provision("annex", "attachment", "", "", "", "annex", (para("annex", "annex", 1),
                                                                     para("annex", "annex", 2))))
    assert resolve_provision([doc], "annex, para. 2")[1].eid == "annex__para_2"
    assert resolve_provision([doc], "Annex para 2")[1].eid == "annex__para_2"
    assert resolve_provision([doc], "preamble, paragraph 2")[1].eid == "preamble__para_2"
    with pytest.raises(CahtoolError, match=r"did you mean annex, para. 2"):
        resolve_provision([doc], "annex, para. 3")


@pytest.mark.parametrize("ref,expected", [
    ("7(2)(h)", True), ("para. 3", True), ("annex, para. 2", True), ("art. 7", True), ("(h)", True),
    ("apartheid", False), ("gender apartheid", False), ("persecution", False),
])
def test_what_reads_as_a_citation(ref: str, expected: bool) -> None:
    assert looks_like_citation(ref) is expected


def test_every_label_and_eid_of_the_corpus_resolves_to_its_provision(corpus) -> None:
    for doc in corpus.documents():
        for p in doc.walk():
            assert find_cited([doc], p.eid) == (doc, p)
            assert find_cited([doc], p.label) == (doc, p), (doc.id, p.label)


@given(st.sampled_from(["art. 7(1)(h)", "art. 7(2)", "art. 7(3)", "art. 7(1)(k)"]), st.data())
def test_case_and_spacing_do_not_count(label: str, data: st.DataObject) -> None:
    from cahtool.corpus import Corpus
    from tests.conftest import FROZEN

    rome = Corpus(FROZEN).get("rome-statute-art7")
    written = "".join(
        data.draw(st.sampled_from([c.upper(), c.lower()])) + data.draw(st.sampled_from(["", " ", "  "]))
        for c in label)
    found = find_cited([rome], written)
    assert found is not None and found[1].label == label, written
