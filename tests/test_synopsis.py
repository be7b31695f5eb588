"""Synopsis: one column per text, one row per provision carried through the alignments, each cell redlined
against the column before; every format (goldens for text and Markdown), and the Word table."""

from __future__ import annotations

import json
import zipfile

import pytest
from lxml import etree

from cahtool.reports import synopsis
from tests.conftest import GOLDENS

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
FOUR = ["rome-statute-art7", "ilc-2017", "ilc-2019", "slave-trade"]


@pytest.fixture(scope="module")
def four(corpus):
    return synopsis([corpus.get(d) for d in FOUR])


def row_of(s, label: str):
    return next(r for r in s.rows if any(c.provision is not None and c.provision.label == label for c in r.cells))


def test_one_row_per_provision_carried_through_the_texts(four) -> None:
    assert [d.id for d in four.documents] == FOUR
    persecution = row_of(four, "art. 7(1)(h)")
    assert [c.provision.label for c in persecution.cells] == ["art. 7(1)(h)", "art. 3(1)(h)", "art. 2(1)(h)",
                                                             "art. 2(1)(i)"]
    assert [c.status for c in persecution.cells] == ["text", "modified", "modified", "renumbered"]
    assert persecution.cells[3].renumbered and persecution.cells[3].previous.num == "(h)"


def test_a_provision_a_text_lacks_leaves_its_cell_empty(four) -> None:
    slave = row_of(four, "art. 2(1)(d)")
    assert [c.provision is None for c in slave.cells] == [True, True, True, False]
    assert [c.status for c in slave.cells] == ["absent", "absent", "absent", "inserted"]
    assert slave.cells[3].provision.text == "the slave trade;"
    # In reading order: after (c), before the old (d) now (e).
    labels = [r.label for r in four.rows]
    assert labels.index("art. 7(1)(c)") + 1 == labels.index("art. 2(1)(d)") == labels.index("art. 7(1)(d)") - 1
    gender = row_of(four, "art. 7(3)")
    assert [c.status for c in gender.cells] == ["text", "modified", "deleted", "absent"]
    prejudice = row_of(four, "art. 3(4)")
    assert [c.status for c in prejudice.cells] == ["absent", "inserted", "modified", "unchanged"]
    assert [c.provision.label if c.provision else None for c in prejudice.cells] == [
        None, "art. 3(4)", "art. 2(3)", "art. 2(3)"]


def test_each_cell_is_redlined_against_the_column_before(four) -> None:
    cells = row_of(four, "art. 7(1)(h)").cells
    deleted = {op.text for op in cells[2].text_ops if op.kind.value == "delete"}
    assert "as defined in paragraph 3, " in deleted  # ILC 2019 against ILC 2017, not against Rome
    assert [op.kind.value for op in cells[0].text_ops] == ["equal"]


@pytest.mark.parametrize("args, message", [
    (["ilc-2019"], "2 to 8 columns"),
    (["ilc-2019", "ilc-2019"], "ilc-2019 twice"),
    (["rome-statute-art7", *["ilc-2019", "slave-trade", "ilc-2017", "icty-art5", "imt-charter-art6",
                             "gender-apartheid-definition", "persecution-without-nexus", "gender-definition-otp"]],
     "9 texts given"),
])
def test_two_to_eight_distinct_texts(cli, args: list[str], message: str) -> None:
    result = cli("synopsis", *args)
    assert result.exit_code == 2
    assert message in result.output


def test_eight_columns(cli) -> None:
    docs = ["imt-charter-art6", "icty-art5", "rome-statute-art7", "ilc-2017", "ilc-2019", "slave-trade",
            "gender-apartheid-definition", "persecution-without-nexus"]
    data = json.loads(cli("synopsis", *docs, "--format", "json").output)
    assert [d["id"] for d in data["documents"]] == docs
    assert all(len(r["cells"]) == 8 for r in data["rows"])


@pytest.mark.parametrize("fmt, ext", [("text", "txt"), ("markdown", "md")])
def test_golden(cli, golden, fmt: str, ext: str) -> None:
    result = cli("synopsis", *FOUR, "--format", fmt, "--width", "160")
    assert result.exit_code == 0, result.output
    golden(GOLDENS / "synopsis" / f"{'--'.join(FOUR)}.{ext}", result.output)


def test_text_columns_line_up(cli) -> None:
    out = cli("synopsis", *FOUR, "--width", "120").output
    table = [line for line in out.splitlines() if "│" in line or "┼" in line]
    assert table and all(line.count("│") + line.count("┼") == 3 for line in table)
    widths = {line.index("│") for line in table if "│" in line} | {line.index("┼") for line in table
                                                                    if "┼" in line}
    assert len(widths) == 1


def test_json(cli) -> None:
    data = json.loads(cli("synopsis", *FOUR, "--format", "json").output)
    assert data["schema"] == "cahtool.synopsis/1"
    slave = next(r for r in data["rows"] if r["cells"][3].get("label") == "art. 2(1)(d)")
    assert [c["status"] for c in slave["cells"]] == ["absent", "absent", "absent", "inserted"]
    assert slave["cells"][3]["ops"] == [["insert", "the slave trade;"]]


def test_html_is_one_file_with_cards_for_phones(cli, tmp_path) -> None:
    path = tmp_path / "s.html"
    assert cli("synopsis", *FOUR, "--format", "html", "-o", str(path)).exit_code == 0
    html = path.read_text(encoding="utf-8")
    assert html.count('<th scope="col">') == 4
    assert "@media (max-width: 40rem)" in html and "<script" not in html and "<link" not in html
    assert '<p class="card-doc" aria-hidden="true">[4] slave-trade</p>' in html
    assert '<ins><span class="vh">inserted: </span>the slave trade;<span class="vh"> (end of insertion)</span></ins>' \
        in html
    assert "illustrative wording" in html


def test_provision_filter_keeps_a_provision_and_what_it_contains(cli) -> None:
    data = json.loads(cli("synopsis", *FOUR, "--provision", "art_7__para_2", "--format", "json").output)
    labels = [next(c["label"] for c in r["cells"] if "label" in c) for r in data["rows"]]
    assert labels == ["art. 7(2)", *[f"art. 7(2)({x})" for x in "abcdefghi"]]


def test_docx_is_a_real_word_table_with_tracked_changes_by_each_text(cli, tmp_path) -> None:
    path = tmp_path / "s.docx"
    assert cli("synopsis", *FOUR, "--format", "docx", "-o", str(path)).exit_code == 0
    with zipfile.ZipFile(path) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    tables = root.findall(f".//{W}tbl")
    synopsis_table = tables[-1]
    assert len(synopsis_table.findall(f"{W}tblGrid/{W}gridCol")) == 4
    rows = synopsis_table.findall(f"{W}tr")
    assert rows[0].find(f"{W}trPr/{W}tblHeader") is not None  # the header row repeats on every page
    authors = {(el.get(f"{W}author"), el.get(f"{W}date")) for el in synopsis_table.iter(f"{W}ins", f"{W}del")}
    assert authors == {("International Law Commission", "2017-01-01T00:00:00Z"),
                       ("International Law Commission", "2019-08-05T00:00:00Z"),
                       ("Sierra Leone", "2023-04-11T00:00:00Z")}
    section = root.find(f".//{W}sectPr/{W}pgSz")
    assert section.get(f"{W}orient") == "landscape"
    body = etree.tostring(root, encoding="unicode")
    assert "Illustrative wording" in body


def test_docx_needs_a_file(cli) -> None:
    result = cli("synopsis", *FOUR, "--format", "docx")
    assert result.exit_code == 2 and "-o FILE.docx" in result.output


def _texts(paragraph: etree._Element) -> tuple[str, str]:
    """A paragraph's text with every tracked change accepted, and with every one rejected."""
    accepted, rejected = [], []
    for el in paragraph.iter(f"{W}t", f"{W}delText"):
        inside = {etree.QName(a).localname for a in el.iterancestors()}
        if el.tag == f"{W}delText":
            rejected.append(el.text or "")
        else:
            accepted.append(el.text or "")
            if "ins" not in inside:
                rejected.append(el.text or "")
    return "".join(accepted), "".join(rejected)


def test_accept_all_gives_each_text_reject_all_the_one_before(cli, tmp_path, corpus) -> None:
    """In each cell, the tracked changes turn the words of the column before into the column's own words."""
    path = tmp_path / "s.docx"
    assert cli("synopsis", "rome-statute-art7", "ilc-2019", "slave-trade", "--format", "docx", "-o",
               str(path)).exit_code == 0
    with zipfile.ZipFile(path) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    table = root.findall(f".//{W}tbl")[-1]
    s = synopsis([corpus.get(d) for d in ("rome-statute-art7", "ilc-2019", "slave-trade")])
    checked = 0
    for row, tr in zip(s.rows, table.findall(f"{W}tr")[1:], strict=True):
        for cell, tc in zip(row.cells, tr.findall(f"{W}tc"), strict=True):
            if cell.provision is None or not cell.provision.text or cell.previous is None:
                continue
            accepted, rejected = _texts(tc.findall(f"{W}p")[-1])  # the text (after caption and heading)
            assert accepted == cell.provision.text
            assert rejected == cell.previous.text
            checked += 1
    assert checked > 40
