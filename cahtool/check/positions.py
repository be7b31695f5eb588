"""Where each element of a file starts: its line and column, so that every finding can point at it.

lxml gives an element's line only, and a file written on one line would put every finding on line 1. The
start tags of a file come in document order, as lxml's elements do: the n-th start tag of the text (comments,
CDATA sections, processing instructions and declarations set aside) is the n-th element of the tree.
"""

from __future__ import annotations

import bisect
import re

from lxml import etree

_TAGS = re.compile(r"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<\?.*?\?>|<![^>]*>|<(?=[^/!?])", re.DOTALL)


class Positions:
    """Line and column (both from 1) of the start tag of each element of a parsed file."""

    def __init__(self, text: str | None, root: etree._Element) -> None:
        self._at: dict[etree._Element, tuple[int, int]] = {}
        if text is None:
            return
        starts = [m.start() for m in _TAGS.finditer(text) if m.group() == "<"]
        elements = [el for el in root.getroottree().getroot().iter() if isinstance(el.tag, str)]
        if len(starts) != len(elements):
            return  # a text lxml reads differently (it should not happen): lines only
        breaks = [m.start() for m in re.finditer("\n", text)]
        for el, offset in zip(elements, starts, strict=True):
            line = bisect.bisect_left(breaks, offset) + 1
            column = offset - (breaks[line - 2] if line > 1 else -1)
            self._at[el] = (line, column)

    def of(self, el: etree._Element | None) -> tuple[int, int]:
        """The line and column of an element's start tag ((line, 0) when unknown, (0, 0) for nothing)."""
        if el is None:
            return 0, 0
        return self._at.get(el, (el.sourceline or 0, 0))
