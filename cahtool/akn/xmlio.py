"""The XML boundary: the one hardened parser, the Akoma Ntoso root check, canonical serialisation.

Nothing outside the file is ever read: no entity is resolved, no DTD loaded, no network touched, and a
document that declares a DOCTYPE (the carrier of entity bombs and external entities) is refused before
libxml2 sees it. XInclude is never processed.
"""

from __future__ import annotations

import codecs
import os
import re
import stat
from pathlib import Path

from lxml import etree

from cahtool.akn.vocabulary import AKN_NS, DOCUMENT_KINDS, local
from cahtool.errors import EncodingError, HostileXMLError, InputError, MalformedXMLError

#: Largest file read. The whole Rome Statute in Akoma Ntoso is under 1 MB; 8 MB bounds the time and
#: memory a hostile file can cost (lxml needs about ten times the file size) without refusing real texts.
MAX_BYTES = 8 * 1024 * 1024

_DOCTYPE = re.compile(rb"<!DOCTYPE", re.IGNORECASE)
#: What ``bytes.lstrip()`` removes (ASCII whitespace).
_LEADING_SPACE = re.compile(rb"[ \t\n\r\x0b\x0c]+")
_ENTITY_DECL = re.compile(rb"<!ENTITY", re.IGNORECASE)
_DECLARED_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*?\sencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']""")
#: XInclude namespaces libxml2 knows; lxml processes XInclude only on request, but we refuse it outright.
XINCLUDE_NS = ("http://www.w3.org/2001/XInclude", "http://www.w3.org/2003/XInclude")
#: libxml2 error codes about character encodings (XML_ERR_UNKNOWN_ENCODING, ..._UNSUPPORTED_ENCODING,
#: XML_ERR_INVALID_CHAR in an encoding, XML_ERR_INVALID_ENCODING): reported as encoding errors.
_ENCODING_CODES = frozenset({31, 32, 81})


def make_parser() -> etree.XMLParser:
    """The hardened parser: every risky option spelt out, whatever lxml's defaults."""
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        attribute_defaults=False,
        huge_tree=False,
        remove_blank_text=False,  # AKN is mixed content: whitespace is normalised at extraction
        remove_comments=False,
        remove_pis=False,
        collect_ids=False,
        strip_cdata=False,
    )


def _ascii_view(data: bytes) -> bytes:
    """The bytes as an ASCII-compatible stream, so a DOCTYPE cannot hide in UTF-16 or UTF-32."""
    for bom, codec in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                       (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(codec, errors="replace").encode("utf-8", errors="replace")
    if len(data) >= 4 and b"\0\0\0" in (data[:3], data[1:4]):
        # UTF-32 without a BOM ("<" and three zero bytes), which libxml2 detects and decodes.
        codec = "utf-32-be" if data[0] == 0 else "utf-32-le"
        usable = len(data) - len(data) % 4
        return data[:usable].decode(codec, errors="replace").encode("utf-8", errors="replace")
    if len(data) >= 2 and (data[0] == 0 or data[1] == 0):
        # UTF-16 without a BOM (a "<" next to a zero byte): look at it as text.
        codec = "utf-16-be" if data[0] == 0 else "utf-16-le"
        return data.decode(codec, errors="replace").encode("utf-8", errors="replace")
    return data


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def declared_encoding(data: bytes) -> str:
    """The encoding named by the XML declaration (lower case), or '' when there is none."""
    found = _DECLARED_ENCODING.match(_ascii_view(data[:1024]))
    return found.group(1).decode("ascii").lower() if found else ""


_UTF8 = ("", "utf-8", "utf8")


def may_be_rolling(data: bytes) -> bool:
    """False when a file's bytes cannot hold a rolling text, so that most documents are told apart unparsed.

    ``akn.rolling.is_rolling`` needs a ``<cah:basis>`` element or a ``name`` attribute saying ``rollingText``: in
    UTF-8 (or ASCII) bytes the first is a start tag ``<basis`` or ``<prefix:basis``, and the second is those
    letters, or is written with character references. True means: parse the file and ask ``is_rolling``. Here, not
    in ``akn.rolling``, so that a diff of two drafts asks without loading the rolling texts' reader.
    """
    if b"\0" in data[:4] or data[:2] in (b"\xff\xfe", b"\xfe\xff") or declared_encoding(data) not in _UTF8:
        return True  # UTF-16, UTF-32 or another encoding: its letters are not ASCII bytes
    if b"rollingText" in data or (b"&" in data and b"&#" in data):
        return True
    # Each "basis" of the text, until one opens a tag (a text that says it a thousand times is parsed instead).
    at = data.find(b"basis")
    for _ in range(1000):
        if at == -1:
            return False
        if at and data[at - 1] in b"<:":
            return True
        at = data.find(b"basis", at + 5)
    return True


def _check_utf8(data: bytes, path: str) -> None:
    """Refuse bytes that claim to be UTF-8 (or claim nothing) but are not, with the line of the first bad byte."""
    if data.isascii():
        return  # ASCII is UTF-8 (and checked in one pass, without decoding)
    view = data[:4]
    if view[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE) or b"\0" in view:
        return  # UTF-16 or UTF-32: libxml2 decodes it, and reports bad sequences itself
    if declared_encoding(data) not in ("", "utf-8", "utf8"):
        return
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise EncodingError(
            f"not valid UTF-8 (byte 0x{data[exc.start]:02X} cannot start or continue a character): the file "
            "was probably saved as Latin-1 or Windows-1252; save it as UTF-8",
            path=path, line=_line_of(data, exc.start),
        ) from None


#: libxml2's commonest messages, said so that someone who is not an XML expert can fix the file.
_PLAIN = (
    (re.compile(r"^Opening and ending tag mismatch: (\S+) line (\d+) and (\S+)$"),
     r"<\1> opened on line \2 is closed by </\3>: a tag is missing or misspelt"),
    (re.compile(r"^Premature end of data in tag (\S+) line (\d+)$"),
     r"the file ends before <\1> (opened on line \2) is closed: is the file complete?"),
    (re.compile(r"^EndTag: '</' not found$"), "the file ends in the middle of a tag: is the file complete?"),
    (re.compile(r"^Entity '(\w+)' not defined$"),
     r"&\1; is an HTML entity, unknown to XML: type the character itself"),
    (re.compile(r"^Extra content at the end of the document$"), "text after the end of the document"),
    (re.compile(r"^Start tag expected, '<' not found$"), "this is not XML: it should start with <?xml or <akomaNtoso"),
    (re.compile(r"^Document is empty$"), "no XML in the file (is it a binary file renamed .xml?)"),
    (re.compile(r"^Excessive depth in document.*"),
     "elements nested more than 256 levels deep (refused: no treaty text is nested so deeply)"),
)


def _syntax_message(exc: etree.XMLSyntaxError) -> str:
    message = str(exc.msg or exc).split(" (line ")[0]
    message = re.sub(r", line \d+, column \d+$", "", message)
    for pattern, plain in _PLAIN:
        if pattern.match(message):
            return pattern.sub(plain, message)
    return message


def parse_bytes(data: bytes, path: str) -> etree._ElementTree:
    """Parse untrusted bytes with the hardened parser; raise InputError naming the file and line."""
    if not data or data.isspace():  # (not data.strip(), without copying the file)
        raise MalformedXMLError("empty file, not an Akoma Ntoso document", path=path)
    if len(data) > MAX_BYTES:
        raise InputError(f"file larger than {MAX_BYTES // (1024 * 1024)} MB refused", path=path)
    lead = _LEADING_SPACE.match(data)
    start = lead.end() if lead else 0
    head = data[start:start + 5]  # data.lstrip()[:5], without copying the file
    for magic, what in ((b"PK\x03\x04", "a Word (.docx) or other ZIP file"), (b"%PDF", "a PDF file"),
                        (b"{\\rtf", "an RTF file")):
        if head.startswith(magic):
            raise MalformedXMLError(f"this is {what}, not Akoma Ntoso XML: convert it to Akoma Ntoso first",
                                    path=path, line=1)
    view = _ascii_view(data)
    declarations = b"<!" in view  # a DOCTYPE and an entity declaration both start so: most files have neither
    for pattern, what in ((_DOCTYPE, "DOCTYPE declaration"), (_ENTITY_DECL, "entity declaration")):
        found = pattern.search(view) if declarations else None
        if found:
            raise HostileXMLError(
                f"{what} refused (DTDs and entities can read other files or explode in memory)",
                path=path, line=_line_of(view, found.start()),
            )
    _check_utf8(data, path)
    try:
        root = etree.fromstring(data, parser=make_parser())
    except etree.XMLSyntaxError as exc:
        line = exc.lineno if exc.lineno and exc.lineno > 0 else None
        column = exc.position[1] if line and exc.position[1] > 0 else None
        if exc.code in _ENCODING_CODES or "encoding" in str(exc.msg).lower():
            raise EncodingError(f"cannot decode the file: {_syntax_message(exc)}", path=path, line=line,
                                column=column) from None
        raise MalformedXMLError(f"not well-formed XML: {_syntax_message(exc)}", path=path, line=line,
                                column=column) from None
    except ValueError as exc:  # e.g. an unknown encoding declared
        raise EncodingError(f"cannot decode XML: {exc}", path=path) from None
    tree = root.getroottree()
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        raise HostileXMLError("DOCTYPE declaration refused", path=path)
    # One walk for the entity references and both XInclude namespaces; the first of each, said in that order.
    first: dict[str, etree._Element] = {}
    for node in root.iter(etree.Entity, *(f"{{{namespace}}}*" for namespace in XINCLUDE_NS)):
        kind = "" if isinstance(node, etree._Entity) else etree.QName(node).namespace or ""
        first.setdefault(kind, node)
    entity = first.get("")
    if entity is not None:
        raise HostileXMLError(f"entity reference {entity.text} refused", path=path, line=entity.sourceline)
    for namespace in XINCLUDE_NS:
        included = first.get(namespace)
        if included is not None:
            raise HostileXMLError(
                f"XInclude <{local(included.tag)}> refused (it would insert another file or a web page)",
                path=path, line=included.sourceline,
            )
    return tree


def read_bytes(path: str | Path, *, limit: int = MAX_BYTES, kind: str = "an Akoma Ntoso file") -> bytes:
    """Read a regular file's bytes (at most ``limit``), turning OS errors into one-line InputErrors."""
    p = Path(path)
    try:
        if p.is_dir():
            raise InputError(f"is a directory, not {kind}", path=str(path))
        # O_NONBLOCK: opening a FIFO must not wait for a writer; fstat then refuses it.
        with open(os.open(p, os.O_RDONLY | os.O_NONBLOCK), "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                # A device (/dev/zero) never ends and a FIFO may never start: neither is a draft.
                raise InputError("not a regular file", path=str(path))
            data = handle.read(limit + 1)  # bounded even if the file grows while we read
        if len(data) > limit:
            raise InputError(f"file larger than {limit // (1024 * 1024)} MB refused", path=str(path))
        return data
    except FileNotFoundError:
        raise InputError("no such file", path=str(path)) from None
    except PermissionError:
        raise InputError("permission denied", path=str(path)) from None
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror or exc}", path=str(path)) from None


def parse_file(path: str | Path) -> etree._ElementTree:
    """Read and parse one file with the hardened parser."""
    return parse_bytes(read_bytes(path), str(path))


def document_element(tree: etree._ElementTree, path: str) -> etree._Element:
    """Check the ``<akomaNtoso>`` root in the AKN 3.0 namespace; return the document element in it."""
    root = tree.getroot()
    namespace = etree.QName(root).namespace or ""
    if local(root.tag) != "akomaNtoso" or namespace != AKN_NS:
        found = f"<{local(root.tag)}>" + (f" in namespace {namespace}" if namespace else " without a namespace")
        raise InputError(
            f"not an Akoma Ntoso 3.0 document: root is {found}, expected <akomaNtoso> in {AKN_NS}",
            path=path, line=root.sourceline,
        )
    for child in root:
        if isinstance(child.tag, str):
            if local(child.tag) not in DOCUMENT_KINDS or etree.QName(child).namespace != AKN_NS:
                raise InputError(
                    f"<{local(child.tag)}> is not an Akoma Ntoso document type (expected one of "
                    f"{', '.join(sorted(DOCUMENT_KINDS))})", path=path, line=child.sourceline)
            return child
    raise InputError("empty <akomaNtoso>: no document element", path=path, line=root.sourceline)


def serialise(tree: etree._ElementTree | etree._Element) -> bytes:
    """Serialise as UTF-8 with an XML declaration, the form every file in drafts/ takes."""
    data: bytes = etree.tostring(tree, encoding="UTF-8", xml_declaration=True)
    return data + b"\n"
