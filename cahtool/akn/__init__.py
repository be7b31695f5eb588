"""Akoma Ntoso 3.0: the vocabulary, numbers and eIds, the hardened XML reader, loading, the schema.

The XML boundary of cahtool: everything that reads Akoma Ntoso goes through ``parse_bytes`` (no DTD, no
entity, nothing fetched) and ``load_tree`` (a ``Document`` of plain values); other folders never see how
the words were laid out in XML.
"""

import importlib
from typing import TYPE_CHECKING, Any

from cahtool.akn.cite import (
    Citations,
    find_cited,
    looks_like_citation,
    looks_like_eid,
    own_provisions,
    resolve_provision,
    suggestions,
)
from cahtool.akn.load import Subtrees, alias, load_bytes, load_file, load_tree, provisions_of
from cahtool.akn.numbers import (
    EID_PREFIX,
    SUFFIXES,
    citation,
    dressed,
    eid_component,
    list_position,
    next_number,
    num_token,
    numbering,
    shape,
    split_suffix,
    token_key,
    written,
)
from cahtool.akn.text import body, flatten, itertext, text_of
from cahtool.akn.vocabulary import (
    AKN,
    AKN_NS,
    BODY_TAGS,
    CAH,
    CAH_NS,
    DOCUMENT_KINDS,
    FORMATTING,
    HIER_ELEMENTS,
    LINE_BREAKS,
    NOT_TEXT,
    NS,
    TEXT_CONTAINERS,
    local,
)
from cahtool.akn.xmlio import (
    MAX_BYTES,
    declared_encoding,
    document_element,
    make_parser,
    may_be_rolling,
    parse_bytes,
    parse_file,
    read_bytes,
    serialise,
)
from cahtool.akn.xsd import errors as schema_errors
from cahtool.akn.xsd import schema

if TYPE_CHECKING:
    from cahtool.akn.rolling import (
        ROLLING_NAME,
        is_rolling,
        note_text,
        read_rolling,
        rolling_tree,
        rolling_xml,
    )
    from cahtool.akn.rolling import read_tree as read_rolling_tree

#: Rolling texts, loaded on first use (public name: its name in ``akn.rolling``): most commands read none, and would
#: define the negotiation's values (``cahtool.model.negotiation``) for nothing.
_ROLLING = {"ROLLING_NAME": "ROLLING_NAME", "is_rolling": "is_rolling", "note_text": "note_text",
            "read_rolling": "read_rolling", "rolling_tree": "rolling_tree", "rolling_xml": "rolling_xml",
            "read_rolling_tree": "read_tree"}


def __getattr__(name: str) -> Any:
    own = _ROLLING.get(name)
    if own is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    loaded = importlib.import_module("cahtool.akn.rolling")
    globals().update({public: getattr(loaded, mine) for public, mine in _ROLLING.items()})
    return globals()[name]


__all__ = [
    "AKN", "AKN_NS", "BODY_TAGS", "CAH", "CAH_NS", "DOCUMENT_KINDS", "EID_PREFIX", "FORMATTING", "HIER_ELEMENTS",
    "Subtrees",
    "LINE_BREAKS", "MAX_BYTES", "NOT_TEXT", "NS", "SUFFIXES", "TEXT_CONTAINERS", "alias", "body", "citation",
    "declared_encoding", "document_element", "dressed", "eid_component", "flatten", "itertext", "load_bytes",
    "load_file", "load_tree", "local", "make_parser", "next_number", "num_token", "numbering", "parse_bytes",
    "parse_file", "provisions_of", "read_bytes", "schema", "schema_errors", "serialise", "shape", "split_suffix",
    "text_of", "token_key", "written", "list_position", "Citations", "find_cited", "own_provisions",
    "looks_like_citation", "looks_like_eid", "resolve_provision", "suggestions", "ROLLING_NAME", "is_rolling",
    "may_be_rolling", "note_text", "read_rolling",
    "read_rolling_tree", "rolling_tree", "rolling_xml",
]
