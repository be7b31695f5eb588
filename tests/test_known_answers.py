"""Known answers on the real texts: what the ILC and the literature say changed.

Rome Statute art. 7 → ILC 2019 draft art. 2 (ILC commentary, A/74/10): substantive changes only in the para. 1
chapeau, in 1(h), the deletion of para. 3 (gender) and the new para. 3 (without prejudice); everything else at most
editorial. ILC 2017 art. 3 → ILC 2019 art. 2: renumbered; 1(h), para. 3 deleted, para. 4 → 3 gaining "in customary
international law".
"""

from __future__ import annotations

import json
from itertools import permutations

import pytest

from tests.test_corpus import CORPUS


def diff_json(cli, old: str, new: str, *extra: str) -> dict:
    result = cli("diff", old, new, "--format", "json", *extra)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def text_changes(data: dict, cls: str) -> list[dict]:
    return [c for c in data["changes"] if c["class"] == cls and c["part"] == "text"]


def ops_text(change: dict, kinds: set[str]) -> str:
    return "".join(text for kind, text in change["ops"] if kind in kinds)


def test_rome_to_ilc_2019_has_exactly_the_four_substantive_changes_the_ilc_documents(cli) -> None:
    data = diff_json(cli, "rome-statute-art7", "ilc-2019")
    assert data["schema"] == "cahtool.comparison/1"
    assert data["old"]["id"] == "rome-statute-art7" and data["new"]["id"] == "ilc-2019"
    substantive = [c for c in data["changes"] if c["class"] == "substantive"]
    where = [(c["status"], (c["old"] or {}).get("label"), (c["new"] or {}).get("label")) for c in substantive]
    assert where == [
        ("modified", "art. 7(1)", "art. 2(1)"),        # the chapeau
        ("modified", "art. 7(1)(h)", "art. 2(1)(h)"),  # persecution
        ("deleted", "art. 7(3)", None),                # definition of gender
        ("inserted", None, "art. 2(3)"),               # without prejudice
    ]
    chapeau, persecution, gender, prejudice = substantive
    assert ops_text(chapeau, {"delete"}) == "this Statute"
    assert ops_text(chapeau, {"insert"}) == "the present draft articles"
    assert "as defined in paragraph 3" in ops_text(persecution, {"delete"})
    assert "any crime within the jurisdiction of the Court" in ops_text(persecution, {"delete"})
    assert ops_text(persecution, {"insert"}) == "persecution"  # only the initial's case, by itself editorial
    assert gender["old"]["text"].startswith("For the purpose of this Statute, it is understood that the term “gender”")
    assert prejudice["new"]["text"].startswith("This draft article is without prejudice")


def test_rome_to_ilc_2019_everything_else_is_editorial(cli) -> None:
    data = diff_json(cli, "rome-statute-art7", "ilc-2019")
    editorial = [c for c in data["changes"] if c["class"] == "editorial"]
    # The heading is reported as a heading change, and is not one of the four.
    heading = [c for c in data["changes"] if c["part"] == "heading"]
    assert len(heading) == 1
    assert heading[0]["class"] == "editorial"
    assert heading[0]["old"]["text"] == "Crimes against humanity"
    assert heading[0]["new"]["text"] == "Definition of crimes against humanity"
    # Lower-case list items and defined terms: 1(a)-(g), (i)-(k) and 2(a)-(i).
    labels = {c["new"]["label"] for c in editorial if c["part"] == "text"}
    expected = {f"art. 2(1)({x})" for x in "abcdefgijk"} | {f"art. 2(2)({x})" for x in "abcdefghi"}
    assert labels == expected
    for change in editorial:
        assert change["status"] == "modified"
    assert data["stats"] == {"substantive": 4, "editorial": 20, "unchanged": 1, "inserted": 1, "deleted": 1,
                             "moved": 0, "renumbered": 0}


def test_ilc_2017_to_2019(cli) -> None:
    data = diff_json(cli, "ilc-2017", "ilc-2019")
    changes = data["changes"]
    renumbered = [c for c in changes if c["status"] == "renumbered"]
    assert [(c["old"]["label"], c["new"]["label"]) for c in renumbered] == [("art. 3", "art. 2")]
    substantive = [(c["status"], (c["old"] or {}).get("label"), (c["new"] or {}).get("label"))
                   for c in changes if c["class"] == "substantive"]
    assert substantive == [
        ("modified", "art. 3(1)(h)", "art. 2(1)(h)"),
        ("deleted", "art. 3(3)", None),
        ("modified", "art. 3(4)", "art. 2(3)"),  # renumbered 4 → 3 as well
    ]
    persecution, _, prejudice = [c for c in changes if c["class"] == "substantive"]
    assert ops_text(persecution, {"delete"}) == (
        "as defined in paragraph 3,  or in connection with the crime of genocide or war crimes")
    assert ops_text(prejudice, {"insert"}) == ", in customary international law or in"
    assert not [c for c in changes if c["class"] == "editorial"]


@pytest.mark.parametrize("old,new", list(permutations(sorted(CORPUS), 2)))
def test_ops_rebuild_both_texts_on_every_pair_of_real_documents(cli, old: str, new: str) -> None:
    data = diff_json(cli, old, new, "--all")
    for change in data["changes"]:
        if change["old"] is not None:
            assert ops_text(change, {"equal", "delete"}) == change["old"]["text"]
        if change["new"] is not None:
            assert ops_text(change, {"equal", "insert"}) == change["new"]["text"]
        assert change["status"] in {"modified", "inserted", "deleted", "moved", "renumbered", "unchanged"}
        assert change["class"] in {"substantive", "editorial", "none"}


def test_a_document_against_itself_is_all_unchanged(cli) -> None:
    data = diff_json(cli, "rome-statute-art7", "rome-statute-art7", "--all")
    assert {c["status"] for c in data["changes"]} == {"unchanged"}
    assert data["stats"]["unchanged"] == len(data["changes"]) == 24  # art. 7, (1) + 11 points, (2) + 9, (3)
