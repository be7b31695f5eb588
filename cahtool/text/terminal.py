"""Text for a terminal: no control character or escape sequence from a draft or a file name reaches it raw.

A terminal obeys what it is sent: ``ESC ] 0 ;`` retitles the window (OSC 0), ``ESC ] 8 ;`` makes a link that
shows one address and opens another (OSC 8), ``ESC [`` moves the cursor and rewrites lines (CSI), and the
C1 controls (U+0080-U+009F, e.g. U+009B, the one-character CSI) do the same on many terminals. A file name
may hold any of them, and text from Word, from an edited copy or from a draft may hold some. So every
control character (C0 but tab and line feed, DEL, C1) is printed as a visible escape, ``\\x1b`` or
``\\x9b``: the sequence it would have started is shown as harmless text, and nothing is silently dropped.
cahtool's own colours (SGR sequences, ``ESC [ … m``) are kept when asked for; nothing else is.

JSON and XML are data, and keep their text exact: JSON escapes these characters as ``\\u001b`` (``json_safe``)
and XML as character references (``xml_safe``), so the text read back is the same.
"""

from __future__ import annotations

import re

#: Control characters a terminal may act on: C0 except tab and line feed, DEL, and C1.
CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
#: cahtool's own colours and styles: Select Graphic Rendition, ``ESC [ 1 ; 31 m``, nothing else.
_SGR = re.compile("\x1b\\[[0-9;]*m")
_CONTROLS_OR_SGR = re.compile("\x1b\\[[0-9;]*m|[\x00-\x08\x0b-\x1f\x7f-\x9f]")
#: Characters JSON writers leave raw (json.dumps escapes only C0) that a terminal acts on, the line and
#: paragraph separators that JavaScript reads as line ends, and lone surrogates (a file name that is not
#: UTF-8, as Python decodes it), which no UTF-8 text can hold.
_JSON_RAW = re.compile("[\x7f-\x9f\u2028\u2029\ud800-\udfff]")
#: C1 controls and DEL, which XML 1.0 allows in text (C0 controls it does not allow at all).
_XML_RAW = re.compile("[\x7f-\x9f]")


def _escaped(match: re.Match[str]) -> str:
    return f"\\x{ord(match.group()):02x}"


def printable(text: str, *, colors: bool = False) -> str:
    """``text`` safe for a terminal: each control character shown as ``\\xNN``; ``colors`` keeps SGR colours."""
    if colors:
        return _CONTROLS_OR_SGR.sub(lambda m: m.group() if m.group().startswith("\x1b[") else _escaped(m), text)
    return CONTROLS.sub(_escaped, text)


def json_safe(text: str) -> str:
    """JSON text with the controls ``json.dumps`` leaves raw escaped as ``\\u009b``: the same data, safe to print."""
    return _JSON_RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def xml_safe(text: str) -> str:
    """XML with C1 controls and DEL as character references (``&#x9b;``): the same text, safe to print."""
    return _XML_RAW.sub(lambda m: f"&#x{ord(m.group()):x};", text)


def excerpt(text: str, limit: int = 200) -> str:
    """At most ``limit`` characters of ``text`` for a message: its start and end around "…" when longer."""
    if len(text) <= limit:
        return text
    head = (limit * 2) // 3
    tail = limit - head - 1
    return text[:head] + "…" + text[len(text) - tail:]
