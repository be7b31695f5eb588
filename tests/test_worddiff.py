"""The word diff: ops rebuild both texts exactly, edits never split a word, results never depend on time."""

from __future__ import annotations

import unicodedata

from hypothesis import example, given, settings
from hypothesis import strategies as st

from cahtool.diff import word_diff as diff
from cahtool.model import OpKind
from cahtool.text import tokenize, words

# Tokens as they occur in treaty texts, in several scripts, with punctuation, spaces and line breaks.
TOKENS = st.sampled_from([
    "the", "The", "State", "States", "gender", "apartheid", "racial", "or", "and", "any", "Court", "Court’s",
    "non-international", "1,000", "7", "(a)", "“", "”", ",", ";", ".", ":", " ", "  ", "\n", "crime", "crimes",
    "pré", "cafe\u0301", "государство", "الجرائم", "中", "文", "人道", "—", "–", "-", "[", "]", "\u200b",
])
TEXTS = st.lists(TOKENS, max_size=40).map("".join)


def rebuild(ops, keep: OpKind) -> str:
    drop = OpKind.INSERT if keep is OpKind.DELETE else OpKind.DELETE
    return "".join(op.text for op in ops if op.kind is not drop)


@settings(max_examples=400, deadline=None)
@given(TEXTS, TEXTS)
@example("", "")
@example("a", "")
@example("", "b")
def test_ops_rebuild_both_texts_exactly(old: str, new: str) -> None:
    ops = diff(old, new)
    assert rebuild(ops, OpKind.DELETE) == old
    assert rebuild(ops, OpKind.INSERT) == new
    assert all(op.text for op in ops)
    # Runs are merged: never two ops of one kind side by side, deletions before insertions.
    for a, b in zip(ops, ops[1:], strict=False):
        assert a.kind is not b.kind
        assert not (a.kind is OpKind.INSERT and b.kind is OpKind.DELETE)


@settings(max_examples=300, deadline=None)
@given(TEXTS, TEXTS)
def test_no_half_word_edits(old: str, new: str) -> None:
    """Every op boundary falls on a token boundary of the text it belongs to."""
    ops = diff(old, new)
    for text, keep in ((old, OpKind.DELETE), (new, OpKind.INSERT)):
        boundaries = {0}
        position = 0
        for token in tokenize(text):
            position += len(token)
            boundaries.add(position)
        position = 0
        for op in ops:
            if op.kind is OpKind.EQUAL or op.kind is keep:
                position += len(op.text)
                assert position in boundaries, (text, op)


@settings(max_examples=100, deadline=None)
@given(TEXTS, TEXTS)
def test_deterministic(old: str, new: str) -> None:
    assert diff(old, new) == diff(old, new)


def test_a_real_redline() -> None:
    ops = diff("For the purpose of this Statute, “crime against humanity” means",
               "For the purpose of the present draft articles, “crime against humanity” means")
    assert [(op.kind.value, op.text) for op in ops] == [
        ("equal", "For the purpose of "),
        ("delete", "this Statute"),
        ("insert", "the present draft articles"),
        ("equal", ", “crime against humanity” means"),
    ]


def test_a_changed_word_is_replaced_whole() -> None:
    ops = diff("the crime of apartheid", "the crime of apartheids")
    assert [(op.kind.value, op.text) for op in ops] == [
        ("equal", "the crime of "), ("delete", "apartheid"), ("insert", "apartheids")]


def test_more_distinct_tokens_than_the_private_use_area_holds() -> None:
    old = " ".join(f"w{n}" for n in range(7000))
    new = old.replace("w6999", "changed")
    ops = diff(old, new)
    assert rebuild(ops, OpKind.DELETE) == old and rebuild(ops, OpKind.INSERT) == new
    assert [op.text for op in ops if op.kind is not OpKind.EQUAL] == ["w6999", "changed"]


# -- tokeniser -----------------------------------------------------------------------------------

@settings(max_examples=300, deadline=None)
@given(st.text())
def test_tokens_concatenate_to_the_text(text: str) -> None:
    assert "".join(tokenize(text)) == text


def test_tokens_of_a_treaty_sentence() -> None:
    assert tokenize("the Court’s non-international 1,000 (a) “gender”;") == [
        "the", " ", "Court’s", " ", "non-international", " ", "1,000", " ", "(", "a", ")", " ",
        "“", "gender", "”", ";"]


def test_han_and_kana_are_one_token_per_character() -> None:
    assert tokenize("危害人类罪 と") == ["危", "害", "人", "类", "罪", " ", "と"]


def test_a_combining_accent_stays_with_its_letter() -> None:
    assert tokenize("cafe\u0301s du") == ["cafe\u0301s", " ", "du"]
    assert tokenize("الجرائمَ ضد") == ["الجرائمَ", " ", "ضد"]


def test_words_drop_punctuation_and_fold_case() -> None:
    assert words("“Attack directed” means, inter alia;") == ["attack", "directed", "means", "inter", "alia"]


def test_marks_table_holds_only_combining_marks() -> None:
    import re

    from cahtool.text.marks import MARKS

    for start, end in re.findall(r"(.)(?:-(.))?", MARKS):
        for cp in range(ord(start), ord(end or start) + 1):
            assert unicodedata.category(chr(cp)).startswith("M") or not unicodedata.name(chr(cp), "")


# -- rewrites read as one change ----------------------------------------------------------------------

def test_a_rewrite_reads_as_one_deletion_and_one_insertion() -> None:
    """ICC art. 7(1)(h) → ILC 2017 art. 3(1)(h): not five fragments around "the" and "of"."""
    ops = diff("in connection with any act referred to in this paragraph or any crime within the jurisdiction of the "
               "Court;", "in connection with any act referred to in this paragraph or in connection with the crime of "
               "genocide or war crimes;")
    assert [(op.kind.value, op.text) for op in ops] == [
        ("equal", "in connection with any act referred to in this paragraph or "),
        ("delete", "any crime within the jurisdiction of the Court"),
        ("insert", "in connection with the crime of genocide or war crimes"),
        ("equal", ";"),
    ]
    # propose wants the fewest words changed: the fragments, on request.
    assert len(diff("or any crime within the jurisdiction of the Court", "or in connection with the crime of "
                    "genocide or war crimes", phrases=False)) > 4


def test_edits_far_apart_or_insertions_only_stay_apart() -> None:
    ops = diff("by one racial group over any other racial group", "by one racial or gender group over any other "
               "racial or gender group")
    assert [op.text for op in ops if op.kind is OpKind.INSERT] == ["or gender ", "or gender "]
    ops = diff("a cat and a dog", "a big cat and a small dog")  # two insertions around glue: two insertions
    assert [op.text for op in ops if op.kind is not OpKind.EQUAL] == ["big ", "small "]
    ops = diff("the Court of the State", "the Tribunal of the State")  # a single edit stays a single word
    assert [(op.kind.value, op.text) for op in ops] == [
        ("equal", "the "), ("delete", "Court"), ("insert", "Tribunal"), ("equal", " of the State")]


def test_glue_words_are_few_and_short() -> None:
    from cahtool.diff import GLUE, GLUE_MAX

    assert {"the", "of", "a", "or", "and", "in", "to", "any"} <= GLUE
    assert all(len(w) <= 4 for w in GLUE) and GLUE_MAX == 2


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["the", "of", "a", "State", "Court", "crime", "war", " ", ","]), max_size=30)
       .map("".join), st.lists(st.sampled_from(["the", "of", "a", "State", "Court", "crime", "war", " ", ","]),
                               max_size=30).map("".join))
def test_no_glue_is_left_between_a_rewrite_and_its_neighbour(old: str, new: str) -> None:
    from cahtool.diff import GLUE, GLUE_MAX

    ops = diff(old, new)
    assert rebuild(ops, OpKind.DELETE) == old and rebuild(ops, OpKind.INSERT) == new
    groups: list[list] = []
    for op in ops:
        if groups and (op.kind is OpKind.EQUAL) == (groups[-1][0].kind is OpKind.EQUAL):
            groups[-1].append(op)
        else:
            groups.append([op])
    for before, glue, after in zip(groups, groups[1:], groups[2:], strict=False):
        if glue[0].kind is not OpKind.EQUAL or before[0].kind is OpKind.EQUAL:
            continue
        kept = [t for t in tokenize(glue[0].text) if not t.isspace()]
        replacing = any({o.kind for o in g} == {OpKind.DELETE, OpKind.INSERT} for g in (before, after))
        is_glue = "\n" not in glue[0].text and 1 <= len(kept) <= GLUE_MAX and all(t.casefold() in GLUE for t in kept)
        assert not (is_glue and replacing), ops
