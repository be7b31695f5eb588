"""cahtool's JSON writer: the text of ``json.dumps(sort_keys=True, ensure_ascii=False, indent=2)``, character for
character, made faster (``jsontext.indented``, which ``render.common.dumps`` writes with)."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from cahtool.corpus import Corpus
from cahtool.render.common import dumps
from cahtool.render.compilation import to_dict
from cahtool.reports.compilation import compile_proposals
from cahtool.text import json_safe

CORPUS = Path(__file__).parent / "corpus"


def standard(data: object) -> str:
    return json_safe(json.dumps(data, sort_keys=True, ensure_ascii=False, indent=2)) + "\n"


def outcome(write, data: object) -> object:
    """The text written, or the kind of error raised (keys of types that do not sort, say)."""
    try:
        return write(data)
    except (TypeError, ValueError) as error:
        return type(error)


scalars = (st.none() | st.booleans() | st.integers() | st.floats() | st.text()
           | st.sampled_from(["", "\x9b2J", "a\u2028b", "\ud800", "“quoted”", "\x7f", "\\", '"', "\n\t"]))
values = st.recursive(
    scalars,
    lambda inner: (st.lists(inner, max_size=5) | st.lists(inner, max_size=5).map(tuple)
                   | st.dictionaries(st.text(max_size=8), inner, max_size=5)
                   | st.dictionaries(st.integers() | st.none() | st.booleans(), inner, max_size=3)),
    max_leaves=40)


@settings(max_examples=400, deadline=None)
@given(values)
def test_the_json_is_the_standard_library_s(data: object) -> None:
    assert outcome(dumps, data) == outcome(standard, data)


def test_a_compilation_is_written_as_the_standard_library_writes_it() -> None:
    corpus = Corpus(CORPUS)
    bases = sorted({d.base for d in corpus.documents() if d.base})
    assert bases
    for base in bases:
        data = to_dict(compile_proposals(corpus, base))
        assert dumps(data) == standard(data)


def test_what_the_standard_library_refuses_is_refused() -> None:
    for data in ({1: "a", "b": 2}, [object()], {"a": {1, 2}}, {1.5: float("nan")}, [float("-inf")]):
        assert outcome(dumps, data) == outcome(standard, data)
