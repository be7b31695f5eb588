"""Reading .docx: accept-all and reject-all as Word defines them, and hostile packages refused."""

from __future__ import annotations

import io
import zipfile

import pytest

from cahtool.errors import InputError
from cahtool.word import ooxml as wordml

W = wordml.W_NS
_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    'content-types"><Default Extension="xml" ContentType="application/xml"/></Types>'
)


def _rels(target: str = "word/document.xml") -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
        '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
        f'2006/relationships/officeDocument" Target="{target}"/></Relationships>'
    )


def make_docx(body: str, parts: dict[str, str | bytes] | None = None, *, target: str = "word/document.xml",
              document: str | None = None) -> bytes:
    """A minimal package: content types, relationships, and a w:document whose body is ``body``."""
    out = io.BytesIO()
    xml = document or f'<w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>'
    files: dict[str, str | bytes] = {"[Content_Types].xml": _CONTENT_TYPES, "_rels/.rels": _rels(target),
                                     "word/document.xml": xml, **(parts or {})}
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return out.getvalue()


def read(body: str, **kwargs) -> wordml.WordDocument:
    return wordml.read_bytes(make_docx(body, **kwargs), "edit.docx")


def ins(text: str, author: str = "Mexico", rid: int = 1) -> str:
    return (f'<w:ins w:id="{rid}" w:author="{author}" w:date="2024-04-01T10:00:00Z">'
            f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:ins>')


def dele(text: str, author: str = "Mexico", rid: int = 2) -> str:
    return (f'<w:del w:id="{rid}" w:author="{author}" w:date="2024-04-01T10:00:00Z">'
            f'<w:r><w:delText xml:space="preserve">{text}</w:delText></w:r></w:del>')


def run(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'


def mark(kind: str, author: str = "Mexico") -> str:
    return f'<w:pPr><w:rPr><w:{kind} w:id="9" w:author="{author}" w:date="2024-04-02T00:00:00Z"/></w:rPr></w:pPr>'


def test_words_inserted_and_deleted():
    doc = read(f"<w:p>{run('gender ')}{dele('as defined in paragraph 3, ')}{run('or other ')}{ins('sex ')}</w:p>")
    (p,) = doc.paragraphs
    assert p.accepted == "gender or other sex "
    assert p.rejected == "gender as defined in paragraph 3, or other "
    assert [(r.kind, r.author, r.text) for r in p.revisions] == [
        ("delete", "Mexico", "as defined in paragraph 3, "), ("insert", "Mexico", "sex ")]
    assert doc.revisions[0].date == "2024-04-01T10:00:00Z"


def test_new_paragraph_inserted_after_the_last_point():
    # Word: Enter at the end of (k) marks (k)'s paragraph mark as inserted; the new paragraph holds the insertion.
    doc = read(f"<w:p>{mark('ins')}{run('(k) other inhumane acts.')}</w:p><w:p>{ins('(l) new crime.')}</w:p>"
               f"<w:p>{run('2. For the purpose of paragraph 1:')}</w:p>")
    assert wordml.accepted_lines(doc.paragraphs) == [
        "(k) other inhumane acts.", "(l) new crime.", "2. For the purpose of paragraph 1:"]
    assert wordml.rejected_lines(doc.paragraphs) == ["(k) other inhumane acts.", "2. For the purpose of paragraph 1:"]


def test_whole_paragraph_deleted():
    doc = read(f"<w:p>{mark('del')}{dele('(j) the crime of apartheid;')}</w:p><w:p>{run('(k) other acts.')}</w:p>")
    assert wordml.accepted_lines(doc.paragraphs) == ["(k) other acts."]
    assert wordml.rejected_lines(doc.paragraphs) == ["(j) the crime of apartheid;", "(k) other acts."]
    assert [r.kind for r in doc.revisions] == ["delete", "delete"]


def test_paragraph_split_in_the_middle():
    doc = read(f"<w:p>{mark('ins')}{run('first half')}</w:p><w:p>{run(' second half')}</w:p>")
    assert wordml.accepted_lines(doc.paragraphs) == ["first half", " second half"]
    assert wordml.rejected_lines(doc.paragraphs) == ["first half second half"]


def test_text_inserted_by_one_author_and_deleted_by_another_is_in_neither_text():
    nested = ('<w:ins w:id="1" w:author="Mexico"><w:del w:id="2" w:author="Chile"><w:r><w:delText>draft '
              '</w:delText></w:r></w:del></w:ins>')
    (p,) = read(f"<w:p>{run('a ')}{nested}{run('b')}</w:p>").paragraphs
    assert (p.accepted, p.rejected) == ("a b", "a b")


def test_moves_are_a_deletion_and_an_insertion():
    body = (f'<w:p><w:moveFrom w:id="1" w:author="Chile"><w:r><w:t>moved </w:t></w:r></w:moveFrom>{run("stay")}</w:p>'
            f'<w:p>{run("end ")}<w:moveTo w:id="2" w:author="Chile"><w:r><w:t>moved </w:t></w:r></w:moveTo></w:p>')
    first, second = read(body).paragraphs
    assert (first.accepted, first.rejected) == ("stay", "moved stay")
    assert (second.accepted, second.rejected) == ("end moved ", "end ")


def test_inline_containers_and_special_characters():
    body = (
        "<w:p>"
        '<w:r><w:t>(a)</w:t><w:tab/><w:t>one</w:t><w:br/><w:t>two</w:t><w:noBreakHyphen/><w:t>x</w:t></w:r>'
        '<w:proofErr w:type="spellStart"/><w:bookmarkStart w:id="0" w:name="b"/>'
        '<w:hyperlink r:id="rId9" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        f"{run(' link')}</w:hyperlink>"
        f"<w:sdt><w:sdtPr/><w:sdtContent>{run(' control')}</w:sdtContent></w:sdt>"
        f'<w:fldSimple w:instr="PAGE">{run(" 7")}</w:fldSimple>'
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> DATE </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>' + run(" result")
        + '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        '<w:r><w:sym w:font="Symbol" w:char="F0B7"/></w:r>'
        '<w:r><w:rPr><w:b/></w:rPr><w:t> bold</w:t></w:r>'
        "</w:p>"
    )
    (p,) = read(body).paragraphs
    assert p.accepted == p.rejected == "(a)\tone\ntwo\u2011x link control 7 result\u00b7 bold"


def test_tables_styles_comments_and_properties():
    styles = (f'<w:styles xmlns:w="{W}"><w:style w:type="paragraph" w:styleId="ProvisionText">'
              '<w:name w:val="Provision Text"/></w:style></w:styles>')
    core = ('<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>T</dc:title><dc:identifier>/akn/x</dc:identifier>'
            '<cp:keywords>cahtool-base:ilc-2019</cp:keywords></cp:coreProperties>')
    comments = f'<w:comments xmlns:w="{W}"><w:comment w:id="0"/><w:comment w:id="1"/></w:comments>'
    body = (f'<w:tbl><w:tr><w:tc><w:p>{run("cell")}</w:p></w:tc></w:tr></w:tbl>'
            f'<w:p><w:pPr><w:pStyle w:val="ProvisionText"/></w:pPr>{run("text")}</w:p>')
    doc = read(body, parts={"word/styles.xml": styles, "docProps/core.xml": core, "word/comments.xml": comments})
    cell, text = doc.paragraphs
    assert cell.in_table and not text.in_table
    assert text.style == "Provision Text"
    assert (doc.title, doc.identifier, doc.keywords, doc.comments) == ("T", "/akn/x", "cahtool-base:ilc-2019", 2)


def test_footnotes_and_pictures_are_reported_as_unsupported():
    (p,) = read('<w:p><w:r><w:t>x</w:t></w:r><w:r><w:footnoteReference w:id="1"/></w:r></w:p>').paragraphs
    assert p.unsupported == ("a footnote",)


def test_main_part_found_through_the_relationships():
    data = make_docx("", parts={"word/main.xml": f'<w:document xmlns:w="{W}"><w:body>{"<w:p>" + run("here") + "</w:p>"}'
                                                 "</w:body></w:document>"}, target="/word/main.xml")
    assert wordml.read_bytes(data, "x.docx").paragraphs[0].accepted == "here"


# -- hostile or broken packages ------------------------------------------------------------------

def refused(data: bytes) -> str:
    with pytest.raises(InputError) as info:
        wordml.read_bytes(data, "edit.docx")
    return info.value.format()


def test_doctype_and_entities_refused():
    bomb = ('<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
            f'<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>&b;</w:t></w:r></w:p></w:body></w:document>')
    message = refused(make_docx("", document=bomb))
    assert message.startswith("edit.docx[word/document.xml]:1: DOCTYPE declaration refused")


def test_zip_bomb_refused_before_inflating():
    huge = b"<w:document>" + b" " * (8 * 1024 * 1024) + b"</w:document>"
    assert "compression ratio above 200:1 refused" in refused(make_docx("", document=huge.decode()))


def test_not_a_zip():
    assert refused(b"hello") == "edit.docx: not a .docx file: save it from Word as “Word Document (.docx)”"
    assert "it looks like a .doc, or an encrypted file" in refused(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)
    assert "broken zip archive" in refused(b"PK\x03\x04 broken")


def test_missing_parts_and_escaping_targets():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
    assert refused(out.getvalue()) == "edit.docx: not a Word document: no part _rels/.rels"
    assert "outside the package refused" in refused(make_docx("", target="../../etc/passwd"))
    assert "is not a w:document" in refused(make_docx("", document="<x/>"))


def test_altchunk_refused():
    assert "altChunk" in refused(make_docx('<w:altChunk r:id="rId5" xmlns:r="urn:r"/>'))


def test_read_file_errors(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        wordml.read_file(tmp_path / "missing.docx")
    with pytest.raises(InputError, match="is a directory"):
        wordml.read_file(tmp_path)
