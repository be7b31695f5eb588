"""The Word files as a real office suite sees them: LibreOffice headless converts them to PDF and flat ODF.

Skipped (with the reason) where ``libreoffice`` is not installed; ``.ci/run`` installs libreoffice-writer and
poppler-utils so that CI runs them. Each test class converts its files in one LibreOffice run, with a private
profile so that parallel runs do not clash.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from cahtool.diff import compare
from cahtool.layout import provision_rows
from cahtool.render import Options
from cahtool.word import docx as docx_render
from cahtool.word import redline as redline_docx

OFFICE = shutil.which("libreoffice") or shutil.which("soffice")
pytestmark = [
    pytest.mark.libreoffice,
    pytest.mark.skipif(OFFICE is None, reason="LibreOffice is not installed (Debian: libreoffice-writer)"),
]

ODF = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "dc": "http://purl.org/dc/elements/1.1/",
}
T = "{{{}}}".format(ODF["text"])
S = "{{{}}}".format(ODF["style"])


def convert(files: list[Path], fmt: str, outdir: Path, profile: Path) -> list[Path]:
    """Convert files with LibreOffice headless; return the converted files, in order."""
    assert OFFICE is not None
    subprocess.run(
        [OFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
         "--convert-to", fmt, "--outdir", str(outdir), *map(str, files)],
        check=True, capture_output=True, timeout=240,
    )
    out = [outdir / (f.stem + "." + fmt.split(":")[0]) for f in files]
    missing = [str(f) for f in out if not f.exists()]
    assert not missing, f"LibreOffice wrote nothing for {missing}"
    return out


def pdf_text(path: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is not installed (Debian: poppler-utils)")
    result = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True,
                            timeout=60)
    return result.stdout.decode("utf-8")


def squash(text: str) -> str:
    return " ".join(text.split())


# -- reading LibreOffice's flat ODF ----------------------------------------------------------------

def tracked_changes(fodt: etree._ElementTree) -> dict[str, tuple[str, str, str]]:
    """change id → (kind, creator, date) from ``text:tracked-changes``."""
    out = {}
    for region in fodt.iterfind(".//text:tracked-changes/text:changed-region", ODF):
        kind_el = next(child for child in region if isinstance(child.tag, str))
        creator = kind_el.findtext("office:change-info/dc:creator", default="", namespaces=ODF)
        date = kind_el.findtext("office:change-info/dc:date", default="", namespaces=ODF)
        out[region.get(f"{T}id")] = (etree.QName(kind_el).localname, creator, date)
    return out


def paragraph_styles(fodt: etree._ElementTree) -> dict[str, str]:
    """Automatic paragraph style → the named style it derives from."""
    out = {}
    for style in fodt.iterfind(".//office:automatic-styles/style:style", ODF):
        parent = style.get(f"{S}parent-style-name")
        if parent:
            out[style.get(f"{S}name")] = parent
    return out


def odf_texts(p: etree._Element, changes: dict[str, tuple[str, str, str]]) -> tuple[str, str]:
    """A paragraph's text with every change accepted, and with every change rejected, as LibreOffice holds it."""
    accepted: list[str] = []
    rejected: list[str] = []
    active: set[str] = set()

    def add(text: str) -> None:
        kinds = {changes[c][0] for c in active}
        if "deletion" not in kinds:
            accepted.append(text)
        if "insertion" not in kinds:
            rejected.append(text)

    def walk(el: etree._Element) -> None:
        if el.text:
            add(el.text)
        for child in el:
            tag = child.tag
            if tag == f"{T}change-start":
                active.add(child.get(f"{T}change-id"))
            elif tag == f"{T}change-end":
                active.discard(child.get(f"{T}change-id"))
            elif tag == f"{T}s":
                add(" " * int(child.get(f"{T}c", "1")))
            elif tag == f"{T}tab":
                add("\t")
            elif tag == f"{T}line-break":
                add("\n")
            elif tag == f"{T}change":  # a deletion kept out of the body (older LibreOffice)
                raise AssertionError("deleted text outside the body: extend this reader")
            elif tag != f"{T}soft-page-break":
                walk(child)
            if child.tail:
                add(child.tail)

    walk(p)
    return "".join(accepted), "".join(rejected)


def styled_paragraphs(fodt: etree._ElementTree, style: str) -> list[etree._Element]:
    parents = paragraph_styles(fodt)
    out = []
    for p in fodt.iterfind(".//office:body//text:p", ODF):
        name = p.get(f"{T}style-name", "")
        if name == style or parents.get(name) == style:
            out.append(p)
    return out


# -- the redline ---------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def profile(tmp_path_factory):
    """One private LibreOffice profile for this module (made once: the first start costs seconds)."""
    return tmp_path_factory.mktemp("profile")


@pytest.fixture(scope="module")
def redlines(corpus, tmp_path_factory, profile):
    """The redlines rome-statute-art7 → ilc-2019 and → ilc-2017, as docx, pdf and fodt."""
    work = tmp_path_factory.mktemp("office")
    rome = corpus.get("rome-statute-art7")
    comparisons = {name: compare(rome, corpus.get(name)) for name in ("ilc-2019", "ilc-2017")}
    files = []
    for name, comparison in comparisons.items():
        path = work / f"rome__{name}.docx"
        path.write_bytes(redline_docx(comparison, Options()))
        files.append(path)
    pdfs = convert(files, "pdf", work, profile)
    fodts = convert(files, "fodt", work, profile)
    return {name: (comparisons[name], pdf, etree.parse(str(fodt)))
            for name, pdf, fodt in zip(comparisons, pdfs, fodts, strict=True)}


def test_libreoffice_sees_tracked_changes_with_author_and_date(redlines):
    _, _, fodt = redlines["ilc-2019"]
    changes = tracked_changes(fodt)
    kinds = [kind for kind, _, _ in changes.values()]
    assert (len(changes), kinds.count("insertion"), kinds.count("deletion")) == (48, 23, 25)
    assert {creator for _, creator, _ in changes.values()} == {"International Law Commission"}
    assert {date[:10] for _, _, date in changes.values()} == {"2019-08-05"}


def test_libreoffice_accept_all_and_reject_all_give_both_texts(redlines):
    comparison, _, fodt = redlines["ilc-2019"]
    changes = tracked_changes(fodt)
    texts = [odf_texts(p, changes) for p in styled_paragraphs(fodt, "Redline_20_Text")]
    expected = [(c.new_text, c.old_text) for c in comparison.visible() if c.ops]
    assert texts == expected


def test_year_only_date_reaches_libreoffice_as_the_first_of_january(redlines):
    _, _, fodt = redlines["ilc-2017"]
    assert {date[:10] for _, _, date in tracked_changes(fodt).values()} == {"2017-01-01"}


def test_pdf_shows_title_block_headings_and_both_texts(redlines):
    _, pdf, _ = redlines["ilc-2019"]
    text = squash(pdf_text(pdf))
    for expected in (
        "Redline", "Old text (deletions)", "New text (insertions)", "rome-statute-art7", "ilc-2019",
        "NOT VERIFIED: unverified reconstruction",
        "Warning: the text of ilc-2019 is marked “unverified reconstruction”",
        "art. 7(1)(h) → art. 2(1)(h) — substantive", "art. 7(3) — substantive", "art. 2(3) — substantive",
        # deleted words stay visible (struck through) next to the inserted ones
        "in connection with any act referred to in this paragraph or any crime within the jurisdiction of the Court;",
        "For the purpose of this Statutethe present draft articles",
        "Redline rome-statute-art7 → ilc-2019 · page 2",  # the footer's PAGE field, computed by LibreOffice
    ):
        assert expected in text, expected


# -- the clean text to edit ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def shown(corpus, tmp_path_factory, profile):
    work = tmp_path_factory.mktemp("show")
    doc = corpus.get("ilc-2019")
    path = work / "ilc-2019.docx"
    path.write_bytes(docx_render.document(doc))
    (pdf,) = convert([path], "pdf", work, profile)
    (odt,) = convert([path], "odt", work, profile)
    with zipfile.ZipFile(odt) as archive:
        content = etree.fromstring(archive.read("content.xml")).getroottree()
    return doc, pdf, content


def test_show_pdf_has_every_line_of_the_text_in_order(shown):
    doc, pdf, _ = shown
    text = squash(pdf_text(pdf))
    position = 0
    for row in (row for p in doc.provisions for row in provision_rows(p)):
        found = text.find(squash(row.text), position)
        assert found >= 0, row.line
        position = found
    assert "To propose amendments:" in text


def test_show_file_opens_in_libreoffice_with_track_changes_on(shown):
    _, _, content = shown  # (flat ODF leaves out an empty list of changes, and its switch with it: read .odt)
    tracked = content.find(".//text:tracked-changes", ODF)
    assert tracked is not None and tracked.get(f"{T}track-changes") == "true"
    assert tracked_changes(content) == {}


# -- an edit made in LibreOffice, saved as .docx by LibreOffice, read back by cahtool import ---------

def _region(change_id: str, kind: str) -> str:
    return (f'<text:changed-region xml:id="{change_id}" text:id="{change_id}"><text:{kind}><office:change-info>'
            "<dc:creator>Mexico</dc:creator><dc:date>2024-04-01T10:00:00</dc:date></office:change-info>"
            f"</text:{kind}></text:changed-region>")


def test_tracked_changes_saved_by_libreoffice_import_exactly(cli, corpus, tmp_path, profile):
    """Insert, delete and add a paragraph as LibreOffice records them; LibreOffice writes the .docx.

    Imported, it is a proposal by the changes' author that `cahtool apply` turns back into the edit exactly.
    """
    from cahtool.propose import body
    from cahtool.word import tracked as wordimport
    from tests.test_wordimport import assert_gives_back, sentences

    base = corpus.get("ilc-2019")
    shown_docx = tmp_path / "ilc-2019.docx"
    shown_docx.write_bytes(docx_render.document(base))
    (fodt,) = convert([shown_docx], "fodt", tmp_path, profile)
    flat = fodt.read_text(encoding="utf-8")
    changes = _region("ct1", "insertion") + _region("ct2", "deletion") + _region("ct3", "insertion")
    flat = flat.replace("<text:sequence-decls>", f'<text:tracked-changes text:track-changes="true">{changes}'
                        "</text:tracked-changes><text:sequence-decls>", 1)
    start, end = '<text:change-start text:change-id="{}"/>', '<text:change-end text:change-id="{}"/>'
    edits = [
        ("religious, gender or other", f"religious, gender{start.format('ct1')}, age{end.format('ct1')} or other"),
        ("in violation of fundamental rules",
         f"in violation of {start.format('ct2')}fundamental {end.format('ct2')}rules"),
        ("or to mental or physical health.</text:p>",
         f"or to mental or physical health.{start.format('ct3')}</text:p><text:p text:style-name="
         f'"{{style}}">(l)<text:tab/>the slave trade.{end.format("ct3")}</text:p>'),
    ]
    style = re.search(r'<text:p text:style-name="([^"]+)">\(k\)<text:tab/>other inhumane', flat)
    assert style is not None
    for old, new in edits:
        assert flat.count(old) == 1, old
        flat = flat.replace(old, new.replace("{style}", style.group(1)))
    edited = tmp_path / "edited.fodt"
    edited.write_text(flat, encoding="utf-8")
    out = tmp_path / "out"
    (saved,) = convert([edited], "docx:MS Word 2007 XML", out, profile)

    edit = wordimport.read_file(saved, base)
    expected = wordimport.base_text(base).replace("gender or other", "gender, age or other").replace(
        "violation of fundamental rules", "violation of rules").replace(
        "or to mental or physical health.\n", "or to mental or physical health.\n(l) the slave trade.\n")
    assert edit.text == expected
    assert edit.authors == ("Mexico",)
    assert edit.date == "2024-04-01"
    assert edit.touched == ("art. 2(1)(e)", "art. 2(1)(h)", "art. 2(1)(k)")

    draft, xml = wordimport.proposal(edit, corpus.xml("ilc-2019"))
    assert sentences(xml) == [
        "In draft article 2, paragraph 1 (e), delete “fundamental”.",
        "In draft article 2, paragraph 1 (h), after “gender”, insert “, age”.",
        "In draft article 2, paragraph 1, after subparagraph (k), insert: (l) the slave trade.",
    ]
    assert [p.name for p in draft.proponents] == ["Mexico"] and draft.date == "2024-04-01"
    assert_gives_back(xml, tmp_path / "library.xml", expected)
    out = tmp_path / "mexico-age.xml"
    imported = cli("import", str(saved), "--base", "ilc-2019", "-o", str(out))
    assert imported.exit_code == 0, imported.output
    assert out.read_bytes() == wordimport.proposal(edit, corpus.xml("ilc-2019"), id="mexico-age")[1]
    applied = cli("apply", str(out), "--format", "text")
    assert applied.exit_code == 0, applied.output
    assert body(applied.stdout) == expected


# -- who changed what, and texts side by side ----------------------------------------------------------

CAMPAIGN = "End Gender Apartheid campaign; Atlantic Council Strategic Litigation Project; Global Justice Center"
FOUR = ("rome-statute-art7", "ilc-2017", "ilc-2019", "slave-trade")


@pytest.fixture(scope="module")
def layered(corpus, tmp_path_factory, profile):
    """The redline rome-statute-art7 → gender-apartheid-definition attributed by layer, and the synopsis of
    Rome art. 7 → ILC 2017 → ILC 2019 → slave-trade, as docx, pdf and fodt."""
    from cahtool.reports import compare_layers, synopsis
    from cahtool.word import synopsis as synopsis_docx

    work = tmp_path_factory.mktemp("layers")
    comparison = compare_layers(corpus, corpus.get("rome-statute-art7"), corpus.get("gender-apartheid-definition"))
    table = synopsis([corpus.get(d) for d in FOUR])
    files = [work / "layers.docx", work / "synopsis.docx"]
    files[0].write_bytes(redline_docx(comparison, Options()))
    files[1].write_bytes(synopsis_docx(table))
    pdfs = convert(files, "pdf", work, profile)
    fodts = convert(files, "fodt", work, profile)
    return comparison, table, pdfs, [etree.parse(str(f)) for f in fodts]


def test_libreoffice_credits_each_layer_with_its_own_changes(layered):
    comparison, _, _, (fodt, _) = layered
    changes = tracked_changes(fodt)
    by = {(creator, date[:10]) for _, creator, date in changes.values()}
    assert by == {("International Law Commission", "2017-01-01"), ("International Law Commission", "2019-08-05"),
                  (CAMPAIGN, "2023-10-05")}
    assert sum(1 for _, creator, _ in changes.values() if creator == CAMPAIGN) == 2  # "or gender", twice
    texts = [odf_texts(p, changes) for p in styled_paragraphs(fodt, "Redline_20_Text")]
    assert texts == [(c.new_text, c.old_text) for c in comparison.visible() if c.ops]


def test_libreoffice_converts_the_synopsis_table(layered):
    _, table, (_, pdf), (_, fodt) = layered
    text = squash(pdf_text(pdf))
    for expected in ("Synopsis", "[1] rome-statute-art7", "[4] slave-trade", "art. 2(1)(d) · inserted",
                     "the slave trade;", "art. 2(1)(e) · renumbered from (d)", "Illustrative wording",
                     "Synopsis rome-statute-art7 → ilc-2017 → ilc-2019 → slave-trade · page 2"):
        assert expected in text, expected
    tables = fodt.findall(".//office:body//table:table", {**ODF, "table": "urn:oasis:names:tc:opendocument:xmlns:"
                                                                     "table:1.0"})
    rows = tables[-1].findall(".//{urn:oasis:names:tc:opendocument:xmlns:table:1.0}table-row")
    assert len(rows) == 1 + len(table.rows)
    creators = {creator for _, creator, _ in tracked_changes(fodt).values()}
    assert creators == {"International Law Commission", "Sierra Leone"}


def test_a_redline_saved_by_libreoffice_imports_back_as_its_proposal(cli, corpus, tmp_path, profile):
    """`diff ilc-2019 slave-trade --format docx`, opened and saved by LibreOffice, then `import --base ilc-2019`:
    the proposal's text (LibreOffice rewrites the keywords and styles; the changes and citations survive)."""
    from cahtool.propose import body

    redline = tmp_path / "slave-trade.docx"
    redline.write_bytes(redline_docx(compare(corpus.get("ilc-2019"), corpus.get("slave-trade")), Options()))
    (saved,) = convert([redline], "docx:MS Word 2007 XML", tmp_path / "saved", profile)
    out = tmp_path / "back.xml"
    imported = cli("import", str(saved), "--base", "ilc-2019", "-o", str(out))
    assert imported.exit_code == 0, imported.output
    assert body(cli("apply", str(out), "--format", "text").stdout) == body(cli("show", "slave-trade").stdout)
    assert cli("import", str(saved), "--base", "ilc-2017").stderr.endswith("pass --base ilc-2019\n")
