"""The XML boundary: the one hardened parser, the Akoma Ntoso root check, canonical serialisation.

Nothing outside the file is ever read: no entity is resolved, no DTD loaded, no network touched, and a
document that declares a DOCTYPE (the carrier of entity bombs and external entities) is refused before
libxml2 sees it. XInclude is never processed.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from lxml import etree

from cahtool.akn import AKN_NS, local
from cahtool.errors import InputError

#: Largest file read; AKN treaty texts are far smaller, this bounds memory on hostile input.
MAX_BYTES = 64 * 1024 * 1024

_DOCTYPE = re.compile(rb"<!DOCTYPE", re.IGNORECASE)
_ENTITY_DECL = re.compile(rb"<!ENTITY", re.IGNORECASE)


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
    if len(data) >= 2 and (data[0] == 0 or data[1] == 0):
        # UTF-16 without a BOM (a "<" next to a zero byte): look at it as text.
        codec = "utf-16-be" if data[0] == 0 else "utf-16-le"
        return data.decode(codec, errors="replace").encode("utf-8", errors="replace")
    return data


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def parse_bytes(data: bytes, path: str) -> etree._ElementTree:
    """Parse untrusted bytes with the hardened parser; raise InputError naming the file and line."""
    if not data.strip():
        raise InputError("empty file, not an Akoma Ntoso document", path=path)
    if len(data) > MAX_BYTES:
        raise InputError(f"file larger than {MAX_BYTES // (1024 * 1024)} MB refused", path=path)
    view = _ascii_view(data)
    for pattern, what in ((_DOCTYPE, "DOCTYPE declaration"), (_ENTITY_DECL, "entity declaration")):
        found = pattern.search(view)
        if found:
            raise InputError(
                f"{what} refused (DTDs and entities can read other files or explode in memory)",
                path=path, line=_line_of(view, found.start()),
            )
    try:
        root = etree.fromstring(data, parser=make_parser())
    except etree.XMLSyntaxError as exc:
        line = exc.lineno if exc.lineno and exc.lineno > 0 else None
        message = str(exc.msg or exc).split(" (line ")[0]
        message = re.sub(r", line \d+, column \d+$", "", message)
        raise InputError(f"not well-formed XML: {message}", path=path, line=line) from None
    except ValueError as exc:  # e.g. an unknown encoding declared
        raise InputError(f"cannot decode XML: {exc}", path=path) from None
    tree = root.getroottree()
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        raise InputError("DOCTYPE declaration refused", path=path)
    for node in root.iter(etree.Entity):
        raise InputError(f"entity reference &{node.name}; refused", path=path, line=node.sourceline)
    return tree


def read_bytes(path: str | Path) -> bytes:
    """Read a file's bytes, turning OS errors into one-line InputErrors."""
    p = Path(path)
    try:
        if p.is_dir():
            raise InputError("is a directory, not an Akoma Ntoso file", path=str(path))
        size = p.stat().st_size
        if size > MAX_BYTES:
            raise InputError(f"file larger than {MAX_BYTES // (1024 * 1024)} MB refused", path=str(path))
        return p.read_bytes()
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
            return child
    raise InputError("empty <akomaNtoso>: no document element", path=path, line=root.sourceline)


def serialise(tree: etree._ElementTree | etree._Element) -> bytes:
    """Serialise as UTF-8 with an XML declaration, the form every file in drafts/ takes."""
    data: bytes = etree.tostring(tree, encoding="UTF-8", xml_declaration=True)
    return data + b"\n"
