"""WordprocessingML (.docx): the styles cahtool writes, and the hardened reader of tracked changes.

A .docx file is a zip of XML parts. The reader opens the zip with bounds (entry count, each part's size, the
compression ratio, so a zip bomb is refused before it is inflated), parses each part with the one hardened
parser of ``xmlio`` (no DTD, no entity), and gives every body paragraph two texts: with all tracked changes
accepted and with all rejected. A run's text is in the accepted text unless it sits in a deletion
(``w:del``, ``w:moveFrom``), and in the rejected text unless it sits in an insertion (``w:ins``,
``w:moveTo``), which also covers text inserted by one author and deleted by another. A paragraph whose own
mark was inserted joins the next one when changes are rejected, one whose mark was deleted joins the next
one when they are accepted (ECMA-376 Part 1, 17.13.5).
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from lxml import etree

from cahtool.akn import parse_bytes
from cahtool.akn import read_bytes as read_limited
from cahtool.errors import InputError

#: Paragraph styles of the files cahtool writes (names as Word shows them).
STYLE_SUBTITLE = "Redline Subtitle"
STYLE_NOTE = "Redline Note"
STYLE_DETAIL = "Change Detail"
STYLE_WARNING = "Verification Warning"
STYLE_REDLINE = "Redline Text"
STYLE_FACTS = "Document Facts"
STYLE_NUMBER = "Provision Number"
STYLE_HEADING = "Provision Heading"
STYLE_TEXT = "Provision Text"
#: The styles of a document's text in ``cahtool show --format docx``: where ``cahtool import`` starts reading.
TEXT_STYLES = (STYLE_NUMBER, STYLE_HEADING, STYLE_TEXT)
#: Prefix of the keyword naming the base document in the package properties.
KEYWORD_BASE = "cahtool-base:"

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
_CORE_NS = {
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "dc": "http://purl.org/dc/elements/1.1/",
}

#: Bounds on what is read: a .docx of treaty text is a few hundred kilobytes.
MAX_FILE = 64 * 1024 * 1024
MAX_PART = 32 * 1024 * 1024
MAX_ENTRIES = 2000
MAX_RATIO = 200  # deflate reaches ~1000:1 only on degenerate input; real XML parts stay well under 100:1
#: Bytes of central directory per entry allowed: a header (46 bytes), a name and extra fields of a real part.
MAX_DIRECTORY = MAX_ENTRIES * 1024
#: Compression methods Word and LibreOffice write (stored, deflated); others are refused before reading.
_METHODS = frozenset({zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED})
#: What a broken or hostile zip raises from the standard library while it is read or inflated.
_ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError, ValueError,
               struct.error, OSError, OverflowError)

INSERTED = "insert"
DELETED = "delete"


def w(tag: str) -> str:
    """The Clark name of a WordprocessingML element or attribute."""
    return f"{{{W_NS}}}{tag}"


#: Revision containers: what accepting or rejecting does to their content.
_INSERTS = frozenset({w("ins"), w("moveTo")})
_DELETES = frozenset({w("del"), w("moveFrom")})
#: Elements whose content is never text of the paragraph (properties, field codes, drawings, notes).
_SKIP = frozenset({
    w("pPr"), w("rPr"), w("instrText"), w("delInstrText"), w("drawing"), w("pict"), w("object"),
    w("fldChar"), "{http://schemas.openxmlformats.org/markup-compatibility/2006}AlternateContent",
})
_CHARS = {w("tab"): "\t", w("ptab"): "\t", w("br"): "\n", w("cr"): "\n", w("noBreakHyphen"): "\u2011"}
#: Things in a paragraph that cahtool cannot carry into a proposal; the import reports them.
_UNSUPPORTED = {
    w("footnoteReference"): "a footnote", w("endnoteReference"): "an endnote",
    w("drawing"): "a picture or text box", w("pict"): "a picture or text box", w("object"): "an embedded object",
}


@dataclass(frozen=True, slots=True)
class Revision:
    """One tracked change: an insertion or a deletion of text (or of a paragraph mark)."""

    kind: str  # INSERTED or DELETED
    author: str
    date: str
    text: str
    paragraph: int


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A body paragraph with its text as it reads once all changes are accepted, or all rejected."""

    index: int  # 1-based count of the body's paragraphs (a table cell's: that of the paragraph before the table)
    style: str  # the style's name as Word shows it ("Provision Text"), "" for the default
    accepted: str
    rejected: str
    mark: str  # the revision of the paragraph mark itself: INSERTED, DELETED or ""
    revisions: tuple[Revision, ...]
    in_table: bool = False
    unsupported: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class WordDocument:
    """What cahtool reads of a .docx: its paragraphs, package properties and comments."""

    path: str
    paragraphs: tuple[Paragraph, ...]
    title: str = ""
    identifier: str = ""
    keywords: str = ""
    comments: int = 0

    @property
    def revisions(self) -> tuple[Revision, ...]:
        """Every tracked change, in reading order."""
        return tuple(r for p in self.paragraphs for r in p.revisions)


# -- the zip --------------------------------------------------------------------------------------

def central_directory(data: bytes, start: int = 0) -> tuple[int, int]:
    """How many entries a zip declares and how long its central directory is, read from its end records alone.

    The end-of-central-directory record (and, for ZIP64, its locator and record) are at the end of the
    file: reading them costs nothing, where ``zipfile.ZipFile`` reads every entry of the directory (11 s
    and 400 MB for 650,000 entries) before it can be asked how many there are. ``data`` may be the file's
    tail only, beginning at offset ``start`` of the file.
    """
    end = data.rfind(b"PK\x05\x06", max(0, len(data) - 22 - 0xFFFF))
    if end < 0 or len(data) < end + 22:
        raise zipfile.BadZipFile("no end of central directory")
    entries, size = struct.unpack("<xxxxxxxxxxHI", data[end:end + 16])
    locator = end - 20
    if locator >= 0 and data[locator:locator + 4] == b"PK\x06\x07":
        (record,) = struct.unpack("<Q", data[locator + 8:locator + 16])
        record -= start
        if 0 <= record and record + 56 <= len(data) and data[record:record + 4] == b"PK\x06\x06":
            entries, size = struct.unpack("<QQ", data[record + 32:record + 48])
        else:
            raise zipfile.BadZipFile("broken ZIP64 end of central directory")
    return entries, size


def _open_zip(data: bytes, path: str) -> zipfile.ZipFile:
    if len(data) > MAX_FILE:
        raise InputError(f"file larger than {MAX_FILE // (1024 * 1024)} MB refused", path=path)
    if not data.startswith(b"PK"):
        hint = " (it looks like a .doc, or an encrypted file)" if data.startswith(b"\xd0\xcf\x11\xe0") else ""
        raise InputError(f"not a .docx file{hint}: save it from Word as “Word Document (.docx)”", path=path)
    try:
        entries, size = central_directory(data)
    except (zipfile.BadZipFile, struct.error) as exc:
        raise InputError(f"not a .docx file: broken zip archive ({exc})", path=path) from None
    if entries > MAX_ENTRIES or size > MAX_DIRECTORY:
        raise InputError(f"more than {MAX_ENTRIES} parts in the package refused", path=path)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except _ZIP_ERRORS as exc:
        raise InputError(f"not a .docx file: broken zip archive ({exc})", path=path) from None
    infos = archive.infolist()
    if len(infos) > MAX_ENTRIES:
        raise InputError(f"more than {MAX_ENTRIES} parts in the package refused", path=path)
    twice = sorted(name for name, n in Counter(info.filename for info in infos).items() if n > 1)
    if twice:
        # Which copy counts differs between readers (Word, LibreOffice, Python): refuse rather than guess.
        raise InputError(f"the package holds two parts named {twice[0]}: refused (which one Word shows cannot be "
                         "told)", path=path)
    return archive


def _part(archive: zipfile.ZipFile, name: str, path: str, *, required: bool = True) -> bytes | None:
    """One part's bytes, refusing oversized or suspiciously compressed parts before inflating them."""
    where = f"{path}[{name}]"
    try:
        info = archive.getinfo(name)
    except KeyError:
        if required:
            raise InputError(f"not a Word document: no part {name}", path=path) from None
        return None
    if info.flag_bits & 0x1:
        raise InputError("encrypted part refused", path=where)
    if info.compress_type not in _METHODS:
        raise InputError(f"compression method {info.compress_type} refused (Word writes stored or deflated parts)",
                         path=where)
    if info.file_size > MAX_PART:
        raise InputError(f"part larger than {MAX_PART // (1024 * 1024)} MB refused", path=where)
    if info.compress_size and info.file_size / info.compress_size > MAX_RATIO:
        raise InputError(f"compression ratio above {MAX_RATIO}:1 refused (a zip bomb?)", path=where)
    try:
        with archive.open(info) as stream:
            data = stream.read(MAX_PART + 1)  # never trust the declared size alone
    except _ZIP_ERRORS as exc:
        raise InputError(f"cannot read part: corrupt compressed data ({type(exc).__name__}: {exc})",
                         path=where) from None
    if len(data) > MAX_PART:
        raise InputError(f"part larger than {MAX_PART // (1024 * 1024)} MB refused", path=where)
    return data


def _xml(archive: zipfile.ZipFile, name: str, path: str, *, required: bool = True) -> etree._Element | None:
    data = _part(archive, name, path, required=required)
    if data is None:
        return None
    return parse_bytes(data, f"{path}[{name}]").getroot()


def _required_xml(archive: zipfile.ZipFile, name: str, path: str) -> etree._Element:
    found = _xml(archive, name, path)
    if found is None:
        raise InputError(f"not a Word document: no part {name}", path=path)
    return found


def _main_part(archive: zipfile.ZipFile, path: str) -> str:
    """The name of the main document part, from the package relationships (usually word/document.xml)."""
    rels = _required_xml(archive, "_rels/.rels", path)
    for rel in rels.iter(f"{{{_REL_NS}}}Relationship"):
        if rel.get("Type") == _OFFICE_DOCUMENT and rel.get("TargetMode") != "External":
            target = PurePosixPath((rel.get("Target") or "").lstrip("/"))
            if ".." in target.parts or not target.parts:
                raise InputError(f"main document part outside the package refused: {target}", path=path)
            return str(target)
    raise InputError("not a Word document: no main document part", path=path)


def _style_names(archive: zipfile.ZipFile, main: str, path: str) -> dict[str, str]:
    """Paragraph style id → name (``ProvisionText`` → ``Provision Text``)."""
    styles = _xml(archive, str(PurePosixPath(main).parent / "styles.xml"), path, required=False)
    names: dict[str, str] = {}
    if styles is None:
        return names
    for style in styles.iter(w("style")):
        name = style.find(w("name"))
        style_id = style.get(w("styleId"))
        if style_id and name is not None:
            names[style_id] = name.get(w("val")) or style_id
    return names


# -- paragraphs -----------------------------------------------------------------------------------

def _mark_revision(p: etree._Element) -> etree._Element | None:
    """The ``w:ins``/``w:del`` on a paragraph's own mark (``w:pPr/w:rPr``), if any."""
    rpr = p.find(f"{w('pPr')}/{w('rPr')}")
    if rpr is None:
        return None
    for child in rpr:
        if child.tag in _INSERTS or child.tag in _DELETES:
            return child
    return None


def read_paragraph(p: etree._Element, index: int = 1, styles: dict[str, str] | None = None,
                   in_table: bool = False) -> Paragraph:
    """One ``w:p`` element: its accepted and rejected texts, the revision of its mark, its revisions."""
    accepted: list[str] = []
    rejected: list[str] = []
    revisions: list[Revision] = []
    unsupported: list[str] = []

    _read_runs(p, None, None, index, accepted, rejected, revisions, unsupported)
    mark = _mark_revision(p)
    kind = "" if mark is None else INSERTED if mark.tag in _INSERTS else DELETED
    if mark is not None:
        revisions.append(Revision(kind, mark.get(w("author")) or "", mark.get(w("date")) or "", "\n", index))
    style_el = p.find(f"{w('pPr')}/{w('pStyle')}")
    style_id = style_el.get(w("val")) if style_el is not None else ""
    style = (styles or {}).get(style_id or "", style_id or "")
    return Paragraph(index, style, "".join(accepted), "".join(rejected),
                     kind, tuple(revisions), in_table, tuple(unsupported))


def _read_runs(el: etree._Element, inserted: etree._Element | None, deleted: etree._Element | None, index: int,
               accepted: list[str], rejected: list[str], revisions: list[Revision], unsupported: list[str]) -> None:
    """``read_paragraph``'s walk over the runs of ``el`` inside an insertion and a deletion (None: outside), onto the
    lists (a function, not a closure that calls itself: one cycle a paragraph, for the garbage collector to find)."""
    for child in el:
        tag = child.tag
        if not isinstance(tag, str):
            continue
        if tag in _UNSUPPORTED:
            unsupported.append(_UNSUPPORTED[tag])
        if tag in _SKIP:
            continue
        if tag in _INSERTS or tag in _DELETES:
            start = len(accepted), len(rejected)
            _read_runs(child, child if tag in _INSERTS else inserted, child if tag in _DELETES else deleted, index,
                       accepted, rejected, revisions, unsupported)
            kind = INSERTED if tag in _INSERTS else DELETED
            text = "".join(accepted[start[0]:] if kind == INSERTED else rejected[start[1]:])
            if text:
                revisions.append(Revision(kind, child.get(w("author")) or "", child.get(w("date")) or "",
                                          text, index))
            continue
        if tag in (w("t"), w("delText")):
            piece = child.text or ""
        elif tag in _CHARS:
            piece = _CHARS[tag]
        elif tag == w("sym"):
            piece = _symbol(child)
        else:
            _read_runs(child, inserted, deleted, index, accepted, rejected, revisions,
                       unsupported)  # runs, hyperlinks, smart tags, content controls, fields
            continue
        if deleted is None and tag != w("delText"):
            accepted.append(piece)
        if inserted is None:
            rejected.append(piece)


def _symbol(el: etree._Element) -> str:
    """A ``w:sym`` character (Symbol-font code points F0xx stand for their low byte)."""
    code = el.get(w("char")) or ""
    try:
        value = int(code, 16)
    except ValueError:
        return ""
    if 0xF000 <= value <= 0xF0FF:
        value -= 0xF000
    return chr(value) if 0 < value < 0x110000 and not 0xD800 <= value < 0xE000 else ""


def _blocks(parent: etree._Element, path: str, in_table: bool = False) -> list[tuple[etree._Element, bool]]:
    """The paragraphs of the body in reading order (inside tables, content controls and custom XML too)."""
    out: list[tuple[etree._Element, bool]] = []
    for child in parent:
        if child.tag == w("p"):
            out.append((child, in_table))
        elif child.tag in (w("tbl"), w("tr"), w("tc")):
            out.extend(_blocks(child, path, True))
        elif child.tag in (w("sdt"), w("sdtContent"), w("customXml"), w("ins"), w("del"), w("moveTo"),
                           w("moveFrom")):
            out.extend(_blocks(child, path, in_table))
        elif child.tag == w("altChunk"):
            raise InputError("embedded foreign document (altChunk) refused: paste it as text", path=path)
    return out


def read_bytes(data: bytes, path: str) -> WordDocument:
    """Read a .docx from bytes: every body paragraph with its accepted and rejected text."""
    with _open_zip(data, path) as archive:
        main = _main_part(archive, path)
        root = _required_xml(archive, main, path)
        if root.tag != w("document"):
            raise InputError(f"not a Word document: {main} is not a w:document", path=path)
        body = root.find(w("body"))
        styles = _style_names(archive, main, path)
        blocks = _blocks(body, path) if body is not None else []
        numbers, count = [], 0
        for _, in_table in blocks:
            count += not in_table
            numbers.append(count)
        paragraphs = tuple(read_paragraph(p, n, styles, t) for n, (p, t) in zip(numbers, blocks, strict=True))
        core = _xml(archive, "docProps/core.xml", path, required=False)
        comments = _xml(archive, str(PurePosixPath(main).parent / "comments.xml"), path, required=False)

    def prop(name: str) -> str:
        found = core.find(name, _CORE_NS) if core is not None else None
        return " ".join((found.text or "").split()) if found is not None else ""

    return WordDocument(
        path=path, paragraphs=paragraphs, title=prop("dc:title"), identifier=prop("dc:identifier"),
        keywords=prop("cp:keywords"),
        comments=len(comments.findall(w("comment"))) if comments is not None else 0,
    )


def _check_tail(path: str | Path) -> None:
    """Refuse a package with too many entries from the end of the file, before the whole file is read."""
    try:
        with open(path, "rb") as handle:
            if not handle.seekable():
                return
            size = handle.seek(0, io.SEEK_END)
            start = max(0, size - TAIL)
            handle.seek(start)
            tail = handle.read(TAIL)
    except OSError:
        return  # the full read says why the file cannot be read
    try:
        entries, directory = central_directory(tail, start)
    except (zipfile.BadZipFile, struct.error):
        return  # the full read says what is wrong with it
    if entries > MAX_ENTRIES or directory > MAX_DIRECTORY:
        raise InputError(f"more than {MAX_ENTRIES} parts in the package refused", path=str(path))


#: The end of a zip that holds its end records: the record (22 bytes), a comment (at most 65,535), ZIP64's.
TAIL = 22 + 0xFFFF + 20 + 56


def read_file(path: str | Path) -> WordDocument:
    """Read a .docx file (bounded in size, a regular file only) and its tracked changes."""
    if Path(path).is_file():
        _check_tail(path)
    return read_bytes(read_limited(path, limit=MAX_FILE, kind="a .docx file"), str(path))


# -- accept all, reject all -----------------------------------------------------------------------

def _lines(paragraphs: tuple[Paragraph, ...] | list[Paragraph], accept: bool) -> list[str]:
    out: list[str] = []
    joining = False
    for p in paragraphs:
        text = p.accepted if accept else p.rejected
        if joining:
            out[-1] += text
        else:
            out.append(text)
        # A mark that exists only on the other side joins this paragraph with the next one.
        joining = p.mark == (DELETED if accept else INSERTED)
    return out


def accepted_lines(paragraphs: tuple[Paragraph, ...] | list[Paragraph]) -> list[str]:
    """The paragraphs' texts once every change is accepted (deleted paragraph marks join paragraphs)."""
    return _lines(paragraphs, True)


def rejected_lines(paragraphs: tuple[Paragraph, ...] | list[Paragraph]) -> list[str]:
    """The paragraphs' texts once every change is rejected (inserted paragraph marks join paragraphs)."""
    return _lines(paragraphs, False)
