"""A provision moved past provisions that were also edited: the moved one is reported as moved."""

from __future__ import annotations

from cahtool.akn import load_bytes
from cahtool.diff import compare
from tests.akn import article, document, points

ITEMS = [
    ("a", "murder of civilians in the course of an attack;"),
    ("b", "extermination of a part of a population;"),
    ("c", "enslavement, including trafficking in persons, in particular women and children;"),
    ("d", "deportation or forcible transfer of population without grounds permitted under international law;"),
    ("e", "imprisonment or other severe deprivation of physical liberty;"),
    ("f", "torture of a person in the custody or under the control of the accused;"),
    ("g", "persecution against any identifiable group or collectivity;"),
]


def doc(items):
    inner = ('<paragraph eId="art_1__para_1"><num>1.</num><intro><p>The following acts:</p></intro>'
             f"{points('art_1__para_1', items)}</paragraph>")
    return load_bytes(document(article(1, "Crimes", inner)), "x.xml")


def test_a_point_moved_past_edited_points_is_the_one_moved() -> None:
    # (b) moves three places down; (c), (d), (e) move up one place and each gets a small edit, so
    # (b) is an exact match and they are not: the order of exact matches alone would call (b) in
    # order and (c), (d), (e) moved.
    edited = {"c": "enslavement, including trafficking in persons, in particular women and girls;",
              "d": "deportation or forcible transfer of population without grounds permitted under law;",
              "e": "imprisonment or other severe deprivation of the physical liberty;"}
    order = "acdebfg"
    new_items = [(chr(ord("a") + k), edited.get(n, dict(ITEMS)[n])) for k, n in enumerate(order)]
    result = compare(doc(ITEMS), doc(new_items))
    rows = [(c.status.value, c.old.num, c.new.num, c.moved) for c in result.visible()]
    assert rows == [
        ("modified", "(c)", "(b)", False),
        ("modified", "(d)", "(c)", False),
        ("modified", "(e)", "(d)", False),
        ("moved", "(b)", "(e)", True),
    ]
