"""Alignment across renumbering, moves, insertions and deletions."""

from __future__ import annotations

from cahtool.akn import load_bytes
from cahtool.diff import compare
from cahtool.model import Status
from tests.akn import article, document, points

ACTS = [
    ("a", "murder;"), ("b", "extermination;"), ("c", "enslavement;"),
    ("d", "deportation or forcible transfer of population;"), ("e", "imprisonment;"), ("f", "torture;"),
    ("g", "rape;"), ("h", "persecution on political, racial and religious grounds;"),
    ("i", "other inhumane acts."),
]


def doc(items, alias="x", intro="The following acts:", art=1):
    inner = (f'<paragraph eId="art_{art}__para_1"><num>1.</num><intro><p>{intro}</p></intro>'
             f"{points(f'art_{art}__para_1', items)}</paragraph>")
    return load_bytes(document(article(art, "Crimes", inner), alias=alias), alias + ".xml")


def relabel(items):
    """Number a list of texts (a), (b), ... as a drafter would after an insertion or deletion."""
    return [(chr(ord("a") + k), text) for k, (_, text) in enumerate(items)]


def summary(comparison):
    return [(c.status.value, c.change_class.value, c.old.num if c.old else None, c.new.num if c.new else None)
            for c in comparison.visible()]


def test_a_point_inserted_in_the_middle_is_one_insertion_and_renumbered_followers() -> None:
    new_items = relabel([*ACTS[:3], ("x", "the slave trade;"), *ACTS[3:]])
    result = compare(doc(ACTS), doc(new_items))
    assert summary(result) == [
        ("inserted", "substantive", None, "(d)"),
        *[("renumbered", "none", f"({a})", f"({b})") for a, b in zip("defghi", "efghij", strict=True)],
    ]
    assert result.stats["renumbered"] == 6 and result.stats["inserted"] == 1


def test_a_point_deleted_in_the_middle_is_one_deletion_and_renumbered_followers() -> None:
    new_items = relabel([*ACTS[:2], *ACTS[3:]])
    result = compare(doc(ACTS), doc(new_items))
    assert summary(result)[0] == ("deleted", "substantive", "(c)", None)
    assert {s for s, *_ in summary(result)[1:]} == {"renumbered"}


def test_an_insertion_with_edits_nearby_keeps_pairs_right() -> None:
    edited = [*ACTS[:3], ("x", "the slave trade;"), ("d", "deportation or forcible transfer of persons;"), *ACTS[4:]]
    result = compare(doc(ACTS), doc(relabel(edited)))
    rows = summary(result)
    assert rows[0] == ("inserted", "substantive", None, "(d)")
    assert rows[1] == ("modified", "substantive", "(d)", "(e)")  # modified and renumbered
    assert result.visible()[1].renumbered


def test_one_shared_word_is_not_enough_to_pair_renumbered_provisions() -> None:
    """Conservative on purpose: deleted + inserted is a true redline, a wrong pairing a misleading one."""
    edited = [*ACTS[:3], ("x", "the slave trade;"), ("d", "deportation;"), *ACTS[4:]]
    rows = summary(compare(doc(ACTS), doc(relabel(edited))))
    assert rows[:3] == [("deleted", "substantive", "(d)", None), ("inserted", "substantive", None, "(d)"),
                        ("inserted", "substantive", None, "(e)")]


def test_a_moved_point_is_reported_as_moved_not_deleted_and_inserted() -> None:
    moved = [ACTS[7], *ACTS[:7], ACTS[8]]
    result = compare(doc(ACTS), doc(relabel(moved)))
    statuses = [c.status for c in result.visible()]
    assert statuses.count(Status.MOVED) == 1
    assert Status.INSERTED not in statuses and Status.DELETED not in statuses
    move = next(c for c in result.visible() if c.status is Status.MOVED)
    assert (move.old.num, move.new.num) == ("(h)", "(a)")


def test_a_provision_moved_to_another_paragraph() -> None:
    def two_paragraphs(first, second):
        inner = "".join(
            f'<paragraph eId="art_1__para_{n}"><num>{n}.</num><intro><p>Paragraph {n}:</p></intro>'
            f"{points(f'art_1__para_{n}', items)}</paragraph>"
            for n, items in ((1, first), (2, second)))
        return load_bytes(document(article(1, "Crimes", inner)), "x.xml")

    old = two_paragraphs(ACTS[:5], ACTS[5:])
    new = two_paragraphs(relabel(ACTS[:4]), relabel([*ACTS[5:], ACTS[4]]))
    moved = [c for c in compare(old, new).visible() if c.status is Status.MOVED]
    assert [(c.old.label, c.new.label) for c in moved] == [("art. 1(1)(e)", "art. 1(2)(e)")]


def test_unrelated_provisions_with_the_same_number_are_not_paired() -> None:
    def with_para_3(text):
        inner = (f'<paragraph eId="art_1__para_1"><num>1.</num><content><p>{ACTS[0][1]}</p></content></paragraph>'
                 f'<paragraph eId="art_1__para_3"><num>3.</num><content><p>{text}</p></content></paragraph>')
        return load_bytes(document(article(1, "Crimes", inner)), "x.xml")

    old = with_para_3("For the purpose of this Statute, it is understood that the term “gender” refers to the "
                      "two sexes, male and female, within the context of society.")
    new = with_para_3("This draft article is without prejudice to any broader definition provided for in any "
                      "international instrument or national law.")
    assert [c.status for c in compare(old, new).visible()] == [Status.DELETED, Status.INSERTED]


def test_articles_pair_by_content_whatever_their_numbers() -> None:
    result = compare(doc(ACTS, art=7), doc(ACTS, art=2))
    assert summary(result) == [("renumbered", "none", "Article 7", "Article 2")]


def test_large_lists_are_aligned_by_numbers_then_content() -> None:
    many = [(f"{n}", f"act number {n} of a long list of provisions with some words") for n in range(1, 120)]
    edited = [(n, t.replace("some", "other") if int(n) % 10 == 0 else t) for n, t in many]

    def numbered(items):
        body = "".join(f'<paragraph eId="art_1__para_{n}"><num>{n}.</num><content><p>{t}</p></content></paragraph>'
                       for n, t in items)
        return load_bytes(document(article(1, "Long", body)), "x.xml")

    result = compare(numbered(many), numbered(edited))
    modified = [c for c in result.visible() if c.status is Status.MODIFIED]
    assert [(c.old.num, c.new.num) for c in modified] == [(f"{n}.", f"{n}.") for n in range(10, 120, 10)]
    assert len(result.visible()) == len(modified)


def _para(art: int, n: int, text: str) -> str:
    return f'<paragraph eId="art_{art}__para_{n}"><num>{n}.</num><content><p>{text}</p></content></paragraph>'


SCOPE = article(1, "Scope", _para(1, 1, "The present articles apply to the prevention and punishment of crimes "
                                        "against humanity."))
JURISDICTION = article(2, "National jurisdiction", _para(
    2, 1, "Each State shall take the necessary measures to establish its jurisdiction over the offences covered by "
          "the present articles when the offence is committed in any territory under its jurisdiction or on board "
          "a ship or aircraft registered in that State.") + _para(
    2, 2, "Each State shall also take the necessary measures to establish its jurisdiction over the offences "
          "covered by the present articles when the alleged offender is present in any territory under its "
          "jurisdiction and it does not extradite or surrender the person."))
INVESTIGATION = article(2, "Investigation", _para(
    2, 1, "Each State shall ensure that its competent authorities proceed to a prompt, thorough and impartial "
          "investigation whenever there is reasonable ground to believe that acts constituting crimes against "
          "humanity have been or are being committed in any territory under its jurisdiction.") + _para(
    2, 2, "Each State shall take the necessary measures to ensure that any person in any territory under its "
          "jurisdiction who is the alleged offender is taken into custody."))


def test_treaty_boilerplate_does_not_pair_unrelated_articles() -> None:
    """"Each State shall take the necessary measures ... under its jurisdiction" is in every article: a new
    article that took the number of a deleted one is an insertion and a deletion, not a modification."""
    old = load_bytes(document(SCOPE + JURISDICTION), "old.xml")
    new = load_bytes(document(SCOPE + INVESTIGATION), "new.xml")
    assert [(c.status, c.old and c.old.label, c.new and c.new.label) for c in compare(old, new).visible()] == [
        (Status.DELETED, "art. 2", None), (Status.INSERTED, None, "art. 2")]


def test_an_edited_article_still_pairs_with_its_old_self() -> None:
    edited = JURISDICTION.replace("on board a ship or aircraft", "on board a ship, aircraft or spacecraft")
    edited = edited.replace("National jurisdiction", "Establishment of national jurisdiction")
    old = load_bytes(document(SCOPE + JURISDICTION), "old.xml")
    new = load_bytes(document(SCOPE + edited), "new.xml")
    changes = compare(old, new).visible()
    assert [(c.status, c.part.value, c.new.label) for c in changes] == [
        (Status.MODIFIED, "heading", "art. 2"), (Status.MODIFIED, "text", "art. 2(1)")]


def test_a_list_one_level_deeper_on_the_other_side(corpus) -> None:
    """ICTY art. 5 lists the acts under the article, Rome art. 7 under its paragraph 1: the acts still pair
    ("murder" → 7(1)(a) "Murder"), paragraph 1 is new (its chapeau inserted, its points paired)."""
    result = compare(corpus.get("icty-art5"), corpus.get("rome-statute-art7"))
    rows = [(c.status.value, c.change_class.value, c.old and c.old.label, c.new and c.new.label)
            for c in result.visible()]
    assert ("modified", "editorial", "art. 5(a)", "art. 7(1)(a)") in rows
    assert ("modified", "substantive", "art. 5(h)", "art. 7(1)(h)") in rows
    para_1 = next(c for c in result.visible() if c.new is not None and c.new.label == "art. 7(1)")
    assert para_1.status is Status.INSERTED
    assert para_1.new_text == para_1.new.text  # its own chapeau only: its points are paired one by one
    assert [r for r in rows if r[2] is not None and r[3] is None] == []  # no ICTY act left "deleted" ...
    # ... but (i) "other inhumane acts" is not forced onto Rome's (i) "Enforced disappearance"
    assert ("modified", "substantive", "art. 5(i)", "art. 7(1)(i)") not in rows
    # and the other way round
    back = compare(corpus.get("rome-statute-art7"), corpus.get("icty-art5"))
    assert ("modified", "editorial", "art. 7(1)(a)", "art. 5(a)") in [
        (c.status.value, c.change_class.value, c.old and c.old.label, c.new and c.new.label) for c in back.visible()]
