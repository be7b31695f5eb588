"""Fuzzing ``cahtool check`` with hypothesis: random bytes, random text in an Akoma Ntoso shell, and
mutations of the real drafts (bytes cut, inserted, swapped; elements removed, duplicated, moved, renamed;
numbers, eIds and text replaced). The library must return findings and the command must exit 0, 1 or 2:
no exception other than CahtoolError may escape.

Profiles: ``fuzz-ci`` (the default, about 15 s) and ``fuzz-long`` (``CAHTOOL_FUZZ=long``, for a night).
"""

from __future__ import annotations

import copy
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from cahtool.akn import parse_file
from cahtool.check import FileResult, check_bytes
from tests.conftest import FROZEN

ROOT = Path(__file__).resolve().parent.parent
FILES = sorted(FROZEN.rglob("*.xml"))
ORIGINALS = {str(path.relative_to(FROZEN)): path.read_bytes() for path in FILES}

settings.register_profile("fuzz-ci", max_examples=120, deadline=None, derandomize=False,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.register_profile("fuzz-long", max_examples=20_000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
PROFILE = settings.get_profile("fuzz-long" if os.environ.get("CAHTOOL_FUZZ") == "long" else "fuzz-ci")

# Characters that exercise the rules: numbering, invisible and bidi characters, combining marks, XML syntax.
_ALPHABET = st.one_of(
    st.sampled_from(list("()[].,;: abcdhijkvxIVX0123456789²٣<>&\"'/=_-")),
    st.sampled_from(["\u200b", "\u202e", "\u200f", "\u0301", "\ufb01", "\u0093", "\ufffd", "\ue000", "\u00ad",
                     "â€™", "&#x202E;", "&amp;", "bis", "ter", "Article ", "\n"]),
    st.characters(codec="utf-8", exclude_categories=("Cs",)),
)
_TEXT = st.lists(_ALPHABET, max_size=30).map("".join)


def _check(data: bytes) -> None:
    """``check_bytes`` promises to report bad input as findings, never to raise (not even a CahtoolError)."""
    result = check_bytes(data, "fuzz.xml")
    assert isinstance(result, FileResult)
    for finding in result.findings:
        assert finding.path == "fuzz.xml" and finding.line >= 0 and finding.message


@st.composite
def byte_mutants(draw: st.DrawFn) -> bytes:
    """A real draft with a few byte-level edits."""
    data = bytearray(ORIGINALS[draw(st.sampled_from(sorted(ORIGINALS)))])
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(data)))
        kind = draw(st.sampled_from(["cut", "delete", "insert", "flip", "duplicate"]))
        if kind == "cut":
            del data[at:]
        elif kind == "delete":
            del data[at: at + draw(st.integers(1, 200))]
        elif kind == "insert":
            data[at:at] = draw(_TEXT).encode("utf-8") or draw(st.binary(min_size=1, max_size=8))
        elif kind == "flip" and at < len(data):
            data[at] = draw(st.integers(0, 255))
        elif kind == "duplicate":
            data[at:at] = data[at: at + draw(st.integers(1, 400))]
    return bytes(data)


@st.composite
def tree_mutants(draw: st.DrawFn) -> bytes:
    """A real draft with a few structural edits: still XML, often still Akoma Ntoso, rarely valid."""
    tree = parse_file(FROZEN / draw(st.sampled_from(sorted(ORIGINALS))))
    for _ in range(draw(st.integers(1, 5))):
        elements = [el for el in tree.getroot().iter() if isinstance(el.tag, str)]
        el = elements[draw(st.integers(0, len(elements) - 1))]
        parent = el.getparent()
        kind = draw(st.sampled_from(["remove", "duplicate", "move", "rename", "text", "num", "eid", "attribute"]))
        if kind == "remove" and parent is not None:
            parent.remove(el)
        elif kind == "duplicate" and parent is not None:
            parent.insert(parent.index(el), copy.deepcopy(el))
        elif kind == "move" and parent is not None:
            target = elements[draw(st.integers(0, len(elements) - 1))]
            if el not in target.iterancestors() and target is not el:
                parent.remove(el)
                target.append(el)
        elif kind == "rename":
            namespace = etree.QName(el).namespace
            name = draw(st.sampled_from(["point", "paragraph", "article", "list", "num", "p", "content", "foo"]))
            el.tag = f"{{{namespace}}}{name}" if namespace else name
        elif kind in ("text", "num"):
            text = draw(_TEXT)
            target = next((c for c in el.iter() if isinstance(c.tag, str) and c.tag.endswith("num")), el) \
                if kind == "num" else el
            target.text = "".join(ch for ch in text if ch.isprintable() and ch not in "<>&") or None
        elif kind == "eid":
            el.set("eId", "".join(ch for ch in draw(_TEXT) if ch.isprintable() and ch not in "<>&\"") or "x")
        elif kind == "attribute":
            el.set(draw(st.sampled_from(["name", "value", "date", "href", "status", "by", "ref"])),
                   "".join(ch for ch in draw(_TEXT) if ch.isprintable()))
    return etree.tostring(tree, encoding="UTF-8", xml_declaration=True)


_SHELL = ('<?xml version="1.0" encoding="UTF-8"?>\n<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/'
          'akn/3.0"><act><body><article eId="art_1"><num>{num}</num><paragraph eId="{eid}"><num>{num2}</num>'
          "<content><p>{text}</p></content></paragraph></article></body></act></akomaNtoso>")


@given(st.binary(max_size=3000))
@PROFILE
def test_random_bytes(data: bytes):
    _check(data)


@given(_TEXT, _TEXT, _TEXT, _TEXT)
@PROFILE
def test_random_text_in_a_shell(num: str, eid: str, num2: str, text: str):
    _check(_SHELL.format(num=num, eid=eid, num2=num2, text=text).encode("utf-8", "surrogatepass"))


@given(byte_mutants())
@PROFILE
def test_byte_mutations_of_real_drafts(data: bytes):
    _check(data)


@given(tree_mutants())
@PROFILE
def test_tree_mutations_of_real_drafts(data: bytes):
    _check(data)


@pytest.fixture(scope="module")
def cli_runner():
    from click.testing import CliRunner

    from cahtool.cli import cli

    return lambda args: CliRunner().invoke(cli, args, catch_exceptions=False)


@given(st.one_of(tree_mutants(), byte_mutants()))
@settings(PROFILE, max_examples=max(20, PROFILE.max_examples // 4))
def test_the_command_survives_mutations(tmp_path_factory, cli_runner, data: bytes):
    folder = tmp_path_factory.mktemp("fuzz")
    path = folder / "mutant.xml"
    path.write_bytes(data)
    result = cli_runner(["--drafts", str(FROZEN), "check", str(path)])
    assert result.exit_code in (0, 1, 2)
    if result.exit_code == 2:
        assert result.stderr.startswith("cahtool: error: ") and result.stderr.count("\n") == 1
