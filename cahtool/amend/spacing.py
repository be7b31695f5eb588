"""What words do to the text around them when an amendment applies them (``amend`` applies them;
``propose`` simulates them to choose its quotations): deleted words take one separating space with
them, inserted words get one space on each side unless punctuation joins them.
"""

from __future__ import annotations

import re

#: Characters after which inserted words need no space before them (and before which none after).
_NO_SPACE_BEFORE = ",;:.)]}”’»!?"
_NO_SPACE_AFTER = "([{“‘«"


def norm(text: str) -> str:
    """Whitespace runs as one space, ends kept (a leading space in quoted words is meaningful)."""
    return re.sub(r"\s+", " ", text)


def repeal_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Deleting words deletes one space that separated them from the rest of the text."""
    before = text[start - 1] if start > 0 else ""
    after = text[end] if end < len(text) else ""
    if text[start:end][:1].isspace() or text[start:end][-1:].isspace():
        return start, end
    if before == " " and (after in ("", " ") or after in _NO_SPACE_BEFORE):
        return start - 1, end
    if after == " " and (before == "" or before in _NO_SPACE_AFTER):
        return start, end + 1
    return start, end


def spaced(text: str, point: int, new: str) -> str:
    """Inserted words with one space between them and their neighbours, unless punctuation joins them."""
    before = text[point - 1] if point > 0 else ""
    after = text[point] if point < len(text) else ""
    out = new
    if before and not before.isspace() and not new[:1].isspace() and new[:1] not in _NO_SPACE_BEFORE \
            and before not in _NO_SPACE_AFTER:
        out = " " + out
    if after and not after.isspace() and not new[-1:].isspace() and after not in _NO_SPACE_BEFORE \
            and new[-1:] not in _NO_SPACE_AFTER:
        out = out + " "
    return out
