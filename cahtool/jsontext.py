"""JSON text as ``json.dumps(data, sort_keys=True, ensure_ascii=False, indent=2)`` writes it, character for
character, in one pass.

With an indent, the standard library encodes in pure Python, with a generator for each list and object;
``indented`` appends the same text to one list, several times faster on a site's pages of data. Anything it
does not expect (a key that is not a string, a number that is not finite, a type of its own) is left to
``json.dumps``, errors included. It imports nothing of cahtool (nor ``typing``): the benchmark's floor loads
this file alone and writes its JSON with it too.
"""

import json
import math

_string = json.encoder.encode_basestring  # the C encoder of a string, as json.dumps uses without ensure_ascii
_STR = {str}


def indented(data: object) -> str:
    """``json.dumps(data, sort_keys=True, ensure_ascii=False, indent=2)``."""
    parts: list[str] = []
    try:
        _indented(data, "\n", parts)
    except _Unusual:
        return json.dumps(data, sort_keys=True, ensure_ascii=False, indent=2)
    return "".join(parts)


def indented_in(data: object, depth: int) -> str | None:
    """``indented(data)`` as it reads as an item ``depth`` levels down in another value's text (each line after
    the first indented by two spaces a level), so that a part written once is spliced into many texts; None for
    what ``indented`` leaves to ``json.dumps``."""
    parts: list[str] = []
    try:
        _indented(data, "\n" + "  " * depth, parts)
    except _Unusual:
        return None
    return "".join(parts)


class _Unusual(Exception):
    """Data ``_indented`` leaves to ``json.dumps``."""


def _indented(o: object, newline: str, out: list[str]) -> None:
    """Append ``o`` as indented JSON (``newline`` is the line break and indent of its own level)."""
    if isinstance(o, dict):
        if not o:
            out.append("{}")
            return
        inner = newline + "  "
        lead = "{" + inner
        for key, value in sorted(o.items()):
            if type(key) is not str:
                raise _Unusual
            scalar = _scalar(value)
            if scalar is None:
                out.append(lead + _string(key) + ": ")
                _indented(value, inner, out)
            else:
                out.append(lead + _string(key) + ": " + scalar)
            lead = "," + inner
        out.append(newline + "}")
    elif isinstance(o, (list, tuple)):
        if not o:
            out.append("[]")
            return
        inner = newline + "  "
        if type(o[0]) is str and set(map(type, o)) == _STR:  # all strings (the test in C: lists of names are long)
            out.append("[" + inner + ("," + inner).join(map(_string, o)) + newline + "]")
            return
        lead = "[" + inner
        for item in o:
            scalar = _scalar(item)
            if scalar is None:
                out.append(lead)
                _indented(item, inner, out)
            else:
                out.append(lead + scalar)
            lead = "," + inner
        out.append(newline + "]")
    else:
        scalar = _scalar(o)
        if scalar is None:
            raise _Unusual
        out.append(scalar)


def _scalar(o: object) -> str | None:
    """A string, number, true, false or null as JSON; None for a container (or anything else)."""
    if isinstance(o, str):
        return _string(o)
    if o is None:
        return "null"
    if o is True:
        return "true"
    if o is False:
        return "false"
    if isinstance(o, int):
        return int.__repr__(o)
    if isinstance(o, float):
        if not math.isfinite(o):
            raise _Unusual
        return float.__repr__(o)
    if isinstance(o, (list, tuple, dict)):
        return None
    raise _Unusual
