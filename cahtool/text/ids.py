"""Short ids and slugs: the one rule for a document's short id, and the names made from free text.

A *short id* (``ilc-2019``, ``slave-trade``) names a document on the command line, in file names and
in URLs: lower-case letters and digits in runs joined by single hyphens, at most ``MAX_ID`` characters.
``check`` enforces it, and ``propose`` and ``import`` make and validate ids with the same rule, so a
proposal they write is one ``check`` accepts. A *slug* is a name made from free text for an eId
(``human-rights-watch``) or for a file of the site.
"""

from __future__ import annotations

import re
import unicodedata

#: The longest short id.
MAX_ID = 64
#: What a short id is, in words (for error messages).
SHORT_ID_RULE = f"lower-case letters, digits and single hyphens (at most {MAX_ID} characters), e.g. ilc-2019"

_SHORT_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_NOT_ALNUM = re.compile(r"[^0-9a-z]+")
_UNSAFE_FILE = re.compile(r"[^A-Za-z0-9._-]+")


def is_short_id(value: str) -> bool:
    """True when ``value`` is a valid short id."""
    return len(value) <= MAX_ID and _SHORT_ID.fullmatch(value) is not None


def short_id(name: str) -> str:
    """A short id made from a name: ``Mexico – age (v2)`` → ``mexico-age-v2``; '' if nothing is left.

    Accents are dropped (``Côte`` → ``cote``), every other run of characters that are not letters or
    digits becomes one hyphen, and the result is cut to ``MAX_ID`` characters.
    """
    plain = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    return _NOT_ALNUM.sub("-", plain.casefold()).strip("-")[:MAX_ID].rstrip("-")


def slug(name: str) -> str:
    """An eId-safe slug of a name: ``Human Rights Watch`` → ``human-rights-watch`` (``party`` if empty)."""
    return _NOT_ALNUM.sub("-", name.casefold()).strip("-") or "party"


def file_slug(name: str) -> str:
    """A file-name-safe form of a document id or eId (no path separators, no leading dots; ``_`` if empty)."""
    return _UNSAFE_FILE.sub("-", name).strip("-.") or "_"
