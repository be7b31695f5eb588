"""Classification: one table of declared editorial rules, each tested on its own."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cahtool.diff import classify_heading, classify_text
from cahtool.model import ChangeClass, Mark
from cahtool.text import ALL_RULES, RULES, comparable

# rule id → a pair of texts that differ only by what that rule forgives
RULE_CASES = {
    "unicode-nfc": ("la protection de l'État", "la protection de l'E\u0301tat"),
    "note-number": ("[the slave trade;]\n[4] Proposed by Sierra Leone.",
                    "[the slave trade;]\n[1] Proposed by Sierra Leone."),
    "whitespace": ("any civilian  population", "any civilian\npopulation "),
    "quotes": ("“crime against humanity” means", '"crime against humanity" means'),
    "dashes": ("acts — in particular", "acts – in particular"),
    "initial-case": ("Murder;", "murder;"),
    "end-punctuation": ("the crime of apartheid;", "the crime of apartheid."),
}


def test_the_table_declares_each_rule_once_with_a_description() -> None:
    ids = [rule.id for rule in ALL_RULES]
    assert len(ids) == len(set(ids))
    assert set(RULE_CASES) == {rule.id for rule in RULES}
    assert all(rule.description for rule in ALL_RULES)


@pytest.mark.parametrize("rule_id", sorted(RULE_CASES))
def test_each_rule_alone_makes_a_change_editorial(rule_id: str) -> None:
    old, new = RULE_CASES[rule_id]
    cls, rules = classify_text(old, new)
    assert cls is ChangeClass.EDITORIAL
    assert rules == (rule_id,)


@pytest.mark.parametrize("rule_id", sorted(RULE_CASES))
def test_without_the_rule_the_change_would_be_substantive(rule_id: str) -> None:
    from cahtool.text import normalise

    old, new = RULE_CASES[rule_id]
    others = tuple(r for r in RULES if r.id != rule_id)
    assert normalise(old, others) != normalise(new, others)


def test_formatting_rule() -> None:
    text = "conditions of life, inter alia the deprivation"
    italic = (Mark("i", 20, 30),)
    assert classify_text(text, text, italic, ()) == (ChangeClass.EDITORIAL, ("formatting",))
    assert classify_text(text, text, italic, italic) == (ChangeClass.NONE, ())


def test_heading_rule() -> None:
    assert classify_heading("Crimes against humanity", "Definition of crimes against humanity") == (
        ChangeClass.EDITORIAL, ("heading",))
    assert classify_heading("Crimes against humanity", "Crimes Against Humanity")[0] is ChangeClass.EDITORIAL
    assert classify_heading("Scope", "Scope") == (ChangeClass.NONE, ())


@pytest.mark.parametrize("old,new", [
    ("this Statute", "the present draft articles"),
    ("by one racial group", "by one racial or gender group"),
    ("the State", "the state"),              # case inside a sentence can carry meaning
    ("acts; and", "acts; or"),               # conjunctive vs disjunctive list
    ("any crime;", "any crimes;"),
    ("the Court", "the Court’s"),
])
def test_changes_of_words_are_substantive(old: str, new: str) -> None:
    assert classify_text(old, new) == (ChangeClass.SUBSTANTIVE, ())


def test_several_rules_at_once() -> None:
    cls, rules = classify_text("“Attack directed” means;", '"attack directed" means.')
    assert cls is ChangeClass.EDITORIAL
    assert rules == ("quotes", "initial-case", "end-punctuation")


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=30), st.text(max_size=30))
def test_every_pair_gets_exactly_one_class(old: str, new: str) -> None:
    cls, rules = classify_text(old, new)
    assert cls in set(ChangeClass)
    if old == new:
        assert cls is ChangeClass.NONE and rules == ()
    elif comparable(old) == comparable(new):
        assert cls is ChangeClass.EDITORIAL
    else:
        assert cls is ChangeClass.SUBSTANTIVE and rules == ()
