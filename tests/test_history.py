"""cahtool history: a provision across IMT 1945 → ICTY 1993 → Rome 1998 → ILC 2017 → ILC 2019 → proposals."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cahtool.errors import CahtoolError
from cahtool.model import ChangeClass, Status
from cahtool.reports import follow, history

CASES = Path(__file__).resolve().parent / "goldens" / "history"
MAINLINE = ["imt-charter-art6", "icty-art5", "rome-statute-art7", "ilc-2017", "ilc-2019"]


def steps(thread):
    return [(s.document.id, s.provision.label if s.provision else None, s.match) for s in thread.steps]


def test_persecution_across_every_document(corpus):
    h = history(corpus, "art_7__para_1__point_h")
    assert h.kind == "eid" and len(h.threads) == 1
    thread = h.threads[0]
    assert steps(thread) == [
        ("imt-charter-art6", "art. 6(c)", "wording"),
        ("icty-art5", "art. 5(h)", "aligned"),  # the aligner bridges the lists one level apart
        ("rome-statute-art7", "art. 7(1)(h)", "start"),
        ("ilc-2017", "art. 3(1)(h)", "aligned"),
        ("ilc-2019", "art. 2(1)(h)", "aligned"),
        ("rolling-ilc-2019", "art. 2(1)(h)", "aligned"),  # the rolling texts of the negotiation, then
        ("rolling-ilc-2019-rev1", "art. 2(1)(h)", "aligned"),  # its revisions
    ]
    # Each step is redlined against the one before it, in date order.
    for before, step in zip(thread.steps, thread.steps[1:], strict=False):
        assert step.previous == before.document.id
        assert step.changes[0].old is before.provision and step.changes[0].new is step.provision
        assert step.change_class is ChangeClass.SUBSTANTIVE
    assert thread.steps[0].changes == ()
    last = thread.steps[4].changes[0]
    assert last.old_text.endswith("or in connection with the crime of genocide or war crimes;")
    assert [(s.document.id, s.status, s.previous) for s in thread.proposals] == [
        ("gender-definition-restored", Status.MODIFIED, "ilc-2019"),
        ("persecution-without-nexus", Status.MODIFIED, "ilc-2019"),
        ("slave-trade", Status.RENUMBERED, "ilc-2019"),
    ]


def test_apartheid_threads(corpus):
    h = history(corpus, "apartheid")
    assert h.kind == "term"
    assert [(t.origin, t.label) for t in h.threads] == [
        ("rome-statute-art7", "art. 7(1)(j)"), ("rome-statute-art7", "art. 7(2)(h)"),
        ("rolling-ilc-2019", "art. 2(1)(j bis)"), ("rolling-ilc-2019", "art. 2(2)(i bis)"),
        ("gender-apartheid-new-crime", "art. 2(1)(k)"), ("gender-apartheid-new-crime", "art. 2(2)(j)"),
    ]
    definition = h.threads[1]
    assert steps(definition)[:3] == [("imt-charter-art6", None, "absent"), ("icty-art5", None, "absent"),
                                     ("rome-statute-art7", "art. 7(2)(h)", "start")]
    assert definition.steps[2].status is Status.INSERTED
    assert [s.change_class for s in definition.steps[3:]] == [ChangeClass.EDITORIAL, ChangeClass.NONE,
                                                              ChangeClass.SUBSTANTIVE, ChangeClass.SUBSTANTIVE]
    assert [s.document.id for s in definition.proposals] == ["gender-apartheid-definition"]
    new_crime = h.threads[4]
    assert new_crime.steps == () and new_crime.proposals[0].status is Status.INSERTED


@pytest.mark.parametrize(("eid", "icty", "imt"), [
    ("art_7__para_1", "art. 5", "art. 6"),
    ("art_7__para_1__point_a", "art. 5(a)", "art. 6(c)"),
    ("art_7__para_1__point_d", "art. 5(d)", "art. 6(c)"),
    ("art_7__para_1__point_e", "art. 5(e)", None),
    ("art_7__para_1__point_f", "art. 5(f)", None),
    ("art_7__para_1__point_g", "art. 5(g)", None),
    ("art_7__para_1__point_i", None, None),
    ("art_7__para_1__point_j", None, None),
    ("art_7__para_1__point_k", "art. 5(i)", "art. 6(c)"),
    ("art_7__para_2__point_h", None, None),
    ("art_7__para_3", None, None),
])
def test_structure_differs_where_the_acts_stand_under_the_article(corpus, eid, icty, imt):
    found = {s.document.id: s.provision.label if s.provision else None for s in history(corpus, eid).threads[0].steps}
    assert (found["icty-art5"], found["imt-charter-art6"]) == (icty, imt)


def test_omitted_provisions_are_never_matched(corpus):
    imt = corpus.get("imt-charter-art6")
    for p in imt.walk():
        if p.omitted:
            assert follow(imt, p, corpus.get("icty-art5")) == (None, "absent")
    icty = corpus.get("icty-art5")
    for p in icty.walk():
        q, _ = follow(icty, p, imt, forward=False)
        assert q is None or not q.omitted


def test_a_one_to_many_provision_is_not_forced(corpus):
    # IMT 6(c) holds every crime against humanity: no single later provision is it.
    thread = history(corpus, "art_6__point_c").threads[0]
    assert steps(thread)[2:] == [("rome-statute-art7", None, "absent"), ("ilc-2017", None, "absent"),
                                 ("ilc-2019", None, "absent"), ("rolling-ilc-2019", None, "absent"),
                                 ("rolling-ilc-2019-rev1", None, "absent")]


def test_eid_of_a_proposal_follows_its_base(corpus):
    thread = history(corpus, "art_2__para_1__point_l").threads[0]
    assert thread.origin == "ilc-2019" and thread.label == "art. 2(1)(k)"
    assert [s.document.id for s in thread.proposals] == ["slave-trade", "gender-apartheid-new-crime"]


def test_in_option_and_errors(corpus, cli):
    assert history(corpus, "art_3__para_3", document="ilc-2017").threads[0].origin == "ilc-2017"
    with pytest.raises(CahtoolError, match="no provision with eId 'art_3__para_3' in ilc-2019"):
        history(corpus, "art_3__para_3", document="ilc-2019")
    result = cli("history", "no such words at all")
    assert result.exit_code == 2 and "no provision mentions 'no such words at all'" in result.stderr


def test_cli_text(cli):
    result = cli("history", "art_7__para_1__point_h")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0] == "history of art_7__para_1__point_h: 1 thread, in date order"
    dated = [line.split("  ")[0] for line in lines if line[:2] in ("19", "20")]
    assert dated == ["1945-08-08", "1993-05-25", "1998-07-17", "2017", "2019-08-05", "2023-10-05", "2028",
                     "2023-04-11", "2023-04-11", "2023-04-11"]
    assert "1993-05-25  icty-art5 · art. 5(h) · modified · substantive · mostly verified" in lines


def test_a_chapeau_found_through_the_structure(corpus):
    """ICTY art. 5 has its chapeau on the article, Rome on paragraph 1: found through the structure."""
    steps_ = {s.document.id: s for s in history(corpus, "art_7__para_1").threads[0].steps}
    assert (steps_["icty-art5"].provision.label, steps_["icty-art5"].match) == ("art. 5", "structure")


def test_cli_json(cli):
    data = json.loads(cli("history", "apartheid", "--format", "json").output)
    assert data["schema"] == "cahtool.history/1" and data["kind"] == "term"
    first = data["threads"][0]["steps"][2]
    assert (first["label"], first["status"], first["match"]) == ("art. 7(1)(j)", "inserted", "start")


@pytest.mark.parametrize("query", ["apartheid", "art_7__para_1__point_h"])
@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_golden(cli, golden, query, fmt):
    result = cli("history", query, "--format", fmt)
    assert result.exit_code == 0
    golden(CASES / f"{query}.{'txt' if fmt == 'text' else 'md'}", result.output)


def test_a_proposal_that_brings_back_a_dropped_provision(cli):
    """Rome art. 7(3) (gender) is gone from ILC 2019; Nigeria's proposal would bring it back, in the ILC
    2017 words: history says so, as the site does (one computation, in history.py)."""
    from cahtool.corpus import Corpus
    from cahtool.reports import history
    from tests.conftest import FROZEN

    thread = history(Corpus(FROZEN), "art_7__para_3").threads[0]
    assert [s.document.id for s in thread.steps if s.provision is None] == [
        "imt-charter-art6", "icty-art5", "ilc-2019"]
    [back] = thread.restorations
    assert (back.document.id, back.provision.label, back.previous) == ("gender-definition-restored", "art. 2(3)",
                                                                        "ilc-2017")
    assert back.status.value == "unchanged"  # the 2017 words, as Nigeria's proposal re-inserts them
    out = cli("history", "art_7__para_3").output
    assert ("proposals that would bring it back (redlined against the last text that had it):\n"
            "2023-04-11  gender-definition-restored · art. 2(3) · proposal on ilc-2019, compared with ilc-2017 "
            "· unchanged · by Nigeria · illustrative wording") in out
    data = json.loads(cli("history", "art_7__para_3", "--format", "json").output)
    assert [s["document"]["id"] for s in data["threads"][0]["restorations"]] == ["gender-definition-restored"]
