"""The floor of the benchmark: the least work a word-level redline of two Akoma Ntoso files needs.

Read both files and parse them with lxml (the parser options cahtool's hardened parser spells out), take
each provision's own text (heading, intro or content), run a pure-Python diff-match-patch word diff (each
token mapped to one private-use character, as cahtool does; ``Diff_Timeout = 0``, semantic cleanup) on
every pair of provisions, the pairs being given (old eId, new eId) rather than found, and write the ops
of the pairs that differ as JSON the way cahtool writes JSON (``cahtool.jsontext.indented``: the text of
``json.dumps`` with keys sorted, indented, UTF-8 as is, written in one pass; the module imports nothing else of
cahtool). No alignment, no model, no classification, no labels: what is left is the part of cahtool's work
that no design can avoid.

Run as a process: ``python bench/floor.py OLD NEW PAIRS.json [OUT]`` (writes the JSON to OUT, by default
the null device; prints nothing).
"""

from __future__ import annotations

import importlib.machinery
import json
import os
import re
import sys
import types
from collections.abc import Callable

from diff_match_patch import diff_match_patch
from lxml import etree

_AKN = "{http://docs.oasis-open.org/legaldocml/ns/akn/3.0}"
_PROVISIONS = tuple(_AKN + tag for tag in ("article", "paragraph", "point"))
_TEXT = frozenset(_AKN + tag for tag in ("heading", "intro", "content"))
_TOKEN = re.compile(r"\w+|\s+|.", re.DOTALL)


def _parser() -> etree.XMLParser:
    """cahtool's parser options (akn/xmlio.py), so that both sides pay for the same parse."""
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
                           attribute_defaults=False, huge_tree=False, remove_blank_text=False,
                           remove_comments=False, remove_pis=False, collect_ids=False, strip_cdata=False)


def texts(path: str) -> dict[str, str]:
    """eId → the provision's own text (heading, intro, content), whitespace collapsed."""
    with open(path, "rb") as f:
        root = etree.fromstring(f.read(), _parser())
    out = {}
    for el in root.iter(*_PROVISIONS):
        parts = [" ".join("".join(child.itertext()).split()) for child in el if child.tag in _TEXT]
        out[el.get("eId")] = "\n".join(parts)
    return out


def word_diff(engine: diff_match_patch, old: str, new: str) -> list[tuple[int, str]]:
    """Diff two texts word by word: tokens → private-use characters → diff_main → tokens."""
    table: dict[str, str] = {}

    def encode(text: str) -> str:
        chars = []
        for token in _TOKEN.findall(text):
            char = table.get(token)
            if char is None:
                char = table[token] = chr(0xE000 + len(table))
            chars.append(char)
        return "".join(chars)

    a, b = encode(old), encode(new)
    tokens = {char: token for token, char in table.items()}
    diffs = engine.diff_main(a, b, False)
    engine.diff_cleanupSemantic(diffs)
    return [(op, "".join(tokens[c] for c in chars)) for op, chars in diffs]


def _json_writer() -> Callable[[object], str]:
    """cahtool's JSON writer, loaded from its file alone (``cahtool/jsontext.py``): no other module of cahtool,
    whose package would import more than the floor needs."""
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, "cahtool", "jsontext.py")
    loader = importlib.machinery.SourceFileLoader("cahtool_jsontext", os.path.normpath(path))
    module = types.ModuleType(loader.name)
    loader.exec_module(module)
    return module.indented  # type: ignore[no-any-return]


def run(old: str, new: str, pairs: list[tuple[str, str]], out: str = os.devnull) -> int:
    """Parse both files, diff every given pair, write the pairs that differ as JSON; return their number."""
    before, after = texts(old), texts(new)
    engine = diff_match_patch()
    engine.Diff_Timeout = 0
    changes = []
    for a, b in pairs:
        ops = word_diff(engine, before[a], after[b])
        if any(op for op, _ in ops):
            changes.append({"old": a, "new": b, "ops": [[op, text] for op, text in ops]})
    data = _json_writer()({"changes": changes}) + "\n"
    with open(out, "wb") as sink:
        sink.write(data.encode("utf-8"))
    return len(changes)


if __name__ == "__main__":
    old_path, new_path, pairs_path = sys.argv[1:4]
    with open(pairs_path, encoding="utf-8") as f:
        run(old_path, new_path, [tuple(p) for p in json.load(f)], *sys.argv[4:5])
