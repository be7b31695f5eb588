"""The typography of a negotiating text: square brackets, ``Option 1:`` lines, status lines, and the footnote that
names delegations, written and read back.

One home for what the Akoma Ntoso writer (footnotes of ``cahtool compile --rolling-text``), the renderers and
the Word import of a bracketed text share: ``footnote`` writes the sentences a UN footnote uses (``Proposed by
A; B. Supported by C.``) and ``read_footnote`` reads them back exactly.
"""

from __future__ import annotations

import re

#: How a footnote names the delegations of each stance: the sentence each opens with. The proponents' sentence
#: says what the bracket is (words proposed, or words of the text proposed for deletion, or bracketed on request).
PROPOSED_BY = {"addition": "Proposed by", "deletion": "Deletion proposed by",
               "contested": "Bracketed at the request of", "option": "Proposed by"}
STANCE_HEADS = {"supporter": "Supported by", "opposed": "Opposed by", "open to": "Open to it:"}
#: A line that opens an option: ``Option 2:``.
OPTION_LINE = re.compile(r"^Option\s+(\d+)\s*[:.]\s*")
#: A line that gives a provision's status: ``Status: agreed ad referendum (2028)``.
STATUS_LINE = re.compile(r"^Status:\s*(.+?)(?:\s*\(([^()]*)\))?\s*$")
_NAMES = "; "


def bracketed(words: str) -> str:
    """Words as a rolling text prints them when they are not agreed: ``[words]``."""
    return f"[{words}]"


def option_label(number: int) -> str:
    """``Option 2``."""
    return f"Option {number}"


def status_line(status: str, date: str) -> str:
    """``Status: agreed ad referendum (2028)``."""
    return f"Status: {status}" + (f" ({date})" if date else "")


def footnote(kind: str, names: dict[str, list[str]]) -> str:
    """The footnote naming delegations: ``Proposed by A; B. Supported by C. Opposed by D. Open to it: E.``

    ``kind`` is a bracket's kind (addition, deletion, contested) or ``option``; ``names`` maps each stance
    (proponent, supporter, opposed, open to) to names, in order. Names are joined by semicolons (a name may
    hold a comma or an "and"), so that ``read_footnote`` reads them back exactly.
    """
    sentences = []
    if names.get("proponent"):
        sentences.append(f"{PROPOSED_BY[kind]} {_NAMES.join(names['proponent'])}.")
    for stance, head in STANCE_HEADS.items():
        if names.get(stance):
            sentences.append(f"{head} {_NAMES.join(names[stance])}.")
    return " ".join(sentences)


def _names(body: str, known: set[str]) -> list[str]:
    """The names of one sentence: separated by semicolons (as ``footnote`` writes them), else, in a footnote
    written by hand, by commas and a final "and" (``Argentina, Brazil and Chile``); a known name stays whole."""
    if body in known or ";" in body:
        return [n.strip() for n in body.split(";") if n.strip()]
    return [n.strip() for n in re.split(r",\s+|\s+and\s+", body) if n.strip()]


def read_footnote(text: str, known: set[str] | frozenset[str] = frozenset()) -> tuple[str, dict[str, list[str]]] | None:
    """A footnote written by ``footnote`` read back: (kind, names by stance); None when it is not one.

    The kind is '' when no proponent is named (a footnote that only says who supports or opposes). ``known``
    names are never cut (a name may hold a comma or an "and").
    """
    heads = [(h, "proponent", k) for k, h in PROPOSED_BY.items() if k != "option"]
    heads += [(h, stance, "") for stance, h in STANCE_HEADS.items()]
    pattern = "|".join(re.escape(h) for h, _, _ in sorted(heads, key=lambda x: -len(x[0])))
    text = " ".join(text.split())
    found = list(re.finditer(rf"(?:^|(?<=\. ))({pattern}) ", text))
    if not found or found[0].start() != 0:
        return None
    kind = ""
    names: dict[str, list[str]] = {}
    for m, following in zip(found, [*found[1:], None], strict=True):
        end = following.start() if following is not None else len(text)
        body = text[m.end():end].strip()
        if not body.endswith("."):
            return None
        head = next(x for x in heads if x[0] == m.group(1))
        if head[1] in names:
            return None
        names[head[1]] = _names(body[:-1].strip(), set(known))
        kind = head[2] or kind
    return kind, names
