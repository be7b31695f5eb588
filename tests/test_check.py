"""cahtool check: every rule on a failing fixture (id, file, line), the real corpus clean, exit codes."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from cahtool.check import RULES, check, check_bytes, check_file
from cahtool.text import hygiene
from tests.conftest import FROZEN

ROOT = Path(__file__).resolve().parent.parent

FIXTURES = Path(__file__).resolve().parent / "check"

#: fixture → (rule, line): each file is tests/check/clean.xml with one defect.
CASES = [
    ("not-well-formed.xml", "CAH101", 58),
    ("encoding-latin1.xml", "CAH102", 1),
    ("encoding-invalid-utf8.xml", "CAH102", 52),
    ("dtd-entity.xml", "CAH103", 2),
    ("dtd-entity-xinclude.xml", "CAH103", 58),
    ("external-reference.xml", "CAH104", 2),
    ("namespace.xml", "CAH201", 2),
    ("schema.xml", "CAH202", 57),
    ("short-id.xml", "CAH301", 9),
    ("title.xml", "CAH303", 33),
    ("date.xml", "CAH304", 37),
    ("author.xml", "CAH305", 11),
    ("source.xml", "CAH306", 33),
    ("verification.xml", "CAH307", 33),
    ("eid-duplicate.xml", "CAH401", 61),
    ("eid-missing.xml", "CAH402", 55),
    ("eid-convention.xml", "CAH403", 61),
    ("num-sequence.xml", "CAH404", 62),
    ("num-style.xml", "CAH405", 56),
    ("invisible-character.xml", "CAH501", 58),
    ("bidi-control.xml", "CAH502", 52),
    ("bidi-mark.xml", "CAH503", 52),
    ("normalisation.xml", "CAH504", 71),
    ("control-character.xml", "CAH505", 47),
    ("mojibake.xml", "CAH506", 47),
    ("long-word.xml", "CAH507", 71),
]
#: Rules over several files: a directory of fixtures → (rule, file, line) expected for each file.
CORPUS_CASES = [
    ("duplicate-id", "CAH302", "a.xml", 9),
    ("duplicate-id", "CAH302", "b.xml", 9),
    ("duplicate-content", "CAH601", "a.xml", 41),
    ("duplicate-content", "CAH601", "b.xml", 41),
]


#: Proposals on the real ilc-2019: each is drafts/proposals/persecution-without-nexus.xml (or
#: gender-apartheid-new-crime.xml) with one defect, checked against the real corpus.
PROPOSAL_CASES = [
    ("provenance.xml", "CAH308", 44),
    ("proposal-base.xml", "CAH701", 47),
    ("proposal-base-missing.xml", "CAH701", 43),
    ("proposal-target.xml", "CAH702", 31),
    ("proposal-target-words.xml", "CAH702", 31),
    ("proposal-applies.xml", "CAH703", 31),
    ("proposal-applies-numbering.xml", "CAH703", 31),
    ("proposal-words.xml", "CAH704", 31),
    ("proposal-words-machine.xml", "CAH704", 31),
    ("proposal-words-unapplied.xml", "CAH704", 79),
    ("proposal-words-verb.xml", "CAH704", 31),
]


def _found(findings) -> set[tuple[str, str, int]]:
    return {(f.rule, f.path, f.line) for f in findings}


def test_the_real_corpus_is_clean():
    report = check(root=FROZEN)
    assert len(report.results) == len(list(FROZEN.rglob("*.xml")))
    assert report.findings == ()


def test_the_clean_fixture_is_clean():
    assert check_file(FIXTURES / "clean.xml").findings == ()


@pytest.mark.parametrize(("fixture", "rule", "line"), CASES, ids=[c[0] for c in CASES])
def test_rule_fires_on_its_fixture(fixture: str, rule: str, line: int):
    path = str(FIXTURES / fixture)
    result = check_file(path)
    assert (rule, path, line) in _found(result.findings), result.findings
    assert all(f.severity == RULES[f.rule].severity for f in result.findings)


@pytest.mark.parametrize(("directory", "rule", "name", "line"), CORPUS_CASES)
def test_corpus_rule_fires_on_its_fixture(directory: str, rule: str, name: str, line: int):
    report = check(root=FIXTURES / directory)
    assert (rule, str(FIXTURES / directory / name), line) in _found(report.findings)


@pytest.mark.parametrize(("fixture", "rule", "line"), PROPOSAL_CASES, ids=[c[0] for c in PROPOSAL_CASES])
def test_proposal_rule_fires_on_its_fixture(fixture: str, rule: str, line: int):
    path = FIXTURES / "proposals" / fixture
    report = check([path], root=FROZEN, corpus=True)
    assert [(f.rule, f.path, f.line) for f in report.findings][:1] == [(rule, str(path), line)], report.findings
    assert {f.rule for f in report.findings} == {rule}


def test_the_clean_proposal_fixture_is_clean():
    assert check([FIXTURES / "proposals" / "clean.xml"], root=FROZEN, corpus=True).findings == ()


def test_proposal_messages_say_what_to_fix():
    messages = {fixture: [f.message for f in
                          check([FIXTURES / "proposals" / fixture], root=FROZEN, corpus=True).findings]
                for fixture, _, _ in PROPOSAL_CASES}
    assert messages["proposal-words.xml"] == [
        "instruction mod_1 “In draft article 2, paragraph 1 (g), delete “, in connection with any act referred to "
        "in this paragraph”.” does not name (h), the number of the provision its machine instruction changes "
        "(art. 2(1)(h), eId art_2__para_1__point_h): correct the words or the <destination>"]
    assert messages["proposal-target.xml"] == [
        "instruction mod_1 “In draft article 2, paragraph 1 (h), delete “, in connection with any act referred to "
        "in this paragraph”.”: ilc-2019 has no provision with eId 'art_2__para_1__point_z'; check the eId in "
        "<destination> against ilc-2019 (cahtool show ilc-2019)"]
    assert messages["proposal-target-words.xml"][0].endswith(
        "text “, in connection with any crime referred to in this paragraph” not found in art_2__para_1__point_h "
        "of ilc-2019 (quote the words exactly as the base has them)")
    assert messages["proposal-applies-numbering.xml"][0] == (
        "once applied to ilc-2019, the numbering of art. 2(1) jumps from (j) to (m): expected (k). Number the "
        "points the proposal inserts so that the list stays in sequence, and renumber those after them (a "
        "renumbering instruction)")


def test_every_real_proposal_is_checked_against_its_base():
    report = check(root=FROZEN)
    proposals = [r for r in report.results if r.document is not None and r.document.kind == "amendment"]
    assert len(proposals) == len(list((FROZEN / "proposals").glob("*.xml"))) > 0
    assert report.findings == ()


def test_unreadable_file(tmp_path: Path):
    fifo = tmp_path / "pipe.xml"
    os.mkfifo(fifo)
    assert _found(check_file(fifo).findings) == {("CAH100", str(fifo), 0)}
    missing = tmp_path / "missing.xml"
    assert _found(check_file(missing).findings) == {("CAH100", str(missing), 0)}


def test_every_rule_has_a_failing_fixture():
    tested = ({rule for _, rule, _ in CASES} | {rule for _, rule, _, _ in CORPUS_CASES} | {"CAH100"}
              | {rule for _, rule, _ in PROPOSAL_CASES})
    assert tested == set(RULES)


def test_every_rule_is_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for rule in RULES.values():
        assert f"| {rule.id} | `{rule.name}` | {rule.severity} | {rule.summary} |" in readme, rule.id


def test_rule_ids_are_stable_in_form():
    for rule_id, rule in RULES.items():
        assert re.fullmatch(r"CAH[1-7]\d\d", rule_id) and rule.id == rule_id
        assert rule.severity in ("error", "warning")
        assert re.fullmatch(r"[a-z]+(-[a-z0-9]+)*", rule.name)
    assert len({r.name for r in RULES.values()}) == len(RULES)


# -- rules in detail ------------------------------------------------------------------------------

def _clean() -> bytes:
    return (FIXTURES / "clean.xml").read_bytes()


def _messages(data: bytes, rule: str) -> list[str]:
    return [f.message for f in check_bytes(data, "t.xml").findings if f.rule == rule]


def test_numbering_gap_names_the_missing_number():
    data = _clean().replace(b"<num>(c)</num>", b"<num>(d)</num>").replace(b"point_c", b"point_d")
    assert _messages(data, "CAH404") == [
        "the numbering of art. 1(1) jumps from (b) to (d): expected (c). Check it against the official text: "
        "a missing point must be added (with <omissis/> if its text is not reproduced)"]


def test_numbering_accepts_roman_lists_and_inserted_bis_items():
    data = (_clean().replace(b"<num>(a)</num>", b"<num>(i)</num>").replace(b"<num>(b)</num>", b"<num>(ii)</num>")
            .replace(b"<num>(c)</num>", b"<num>(iii)</num>")
            .replace(b"point_a", b"point_i").replace(b"point_b", b"point_ii").replace(b"point_c", b"point_iii"))
    assert check_bytes(data, "t.xml").findings == ()
    data = _clean().replace(b"<num>(c)</num>", b"<num>(b bis)</num>").replace(b"point_c", b"point_b-bis")
    assert check_bytes(data, "t.xml").findings == ()


def test_numbering_alpha_list_runs_through_i():
    # (h), (i), (j) is the alphabet, not a roman (i) in the middle: the real corpus has it (Rome 7(1)).
    assert check(root=FROZEN).findings == ()


def test_nested_list_must_start_at_the_first_number():
    data = (_clean().replace(b"<num>(a)</num>", b"<num>(x)</num>").replace(b"<num>(b)</num>", b"<num>(y)</num>")
            .replace(b"<num>(c)</num>", b"<num>(z)</num>")
            .replace(b"point_a", b"point_x").replace(b"point_b", b"point_y").replace(b"point_c", b"point_z"))
    assert _messages(data, "CAH404") == [
        "the points of art. 1(1) start at (x), not at (a): check the numbers against the official text"]


def test_eid_must_match_its_num():
    data = _clean().replace(b'eId="art_1__para_1__point_b"', b'eId="art_1__para_1__point_x"')
    assert _messages(data, "CAH403") == [
        'art. 1(1)(b): eId "art_1__para_1__point_x" does not follow the Akoma Ntoso naming convention for this '
        'point numbered (b) inside art_1__para_1: expected "art_1__para_1__point_b" (fix every reference to it too)']


def test_schema_errors_have_lines_and_plain_words():
    data = _clean().replace(b"<heading>Definitions</heading>", b"<heading>Definitions</heading><oops/>")
    findings = [f for f in check_bytes(data, "t.xml").findings if f.rule == "CAH202"]
    assert [(f.line, f.message) for f in findings] == [
        (43, "not valid Akoma Ntoso 3.0: <oops>: this element is not allowed here. Expected here: <intro>, "
             "<content>, <hcontainer>, <componentRef>, <clause>, <section> or 4 more.")]


def test_schema_is_loaded_once():
    from cahtool.akn import schema

    assert schema() is schema()


def test_proposal_needs_proponents_and_provenance():
    data = (_clean().replace(b'<act name="fixture">', b'<act name="fixture">')
            .replace(b'<cah:status value="adopted" date="2024-01-15"/>', b'<cah:base ref="ilc-2019"/>')
            .replace(b'<cah:verification status="verified">Written here; nothing to verify.</cah:verification>',
                     b""))
    rules = {f.rule: f.message for f in check_bytes(data, "t.xml").findings}
    assert rules["CAH305"].startswith("no proponents")
    assert rules["CAH307"].startswith("no provenance label")


def test_findings_are_capped_per_rule():
    data = _clean().replace(b"extermination", "ex\u200bter\u200bmi\u200bna\u200btion".encode() * 10)
    findings = [f for f in check_bytes(data, "t.xml").findings if f.rule == "CAH501"]
    assert len(findings) == 21
    assert "20 more findings of this kind" in findings[-1].message


def test_hygiene_lets_joiners_stay_in_scripts_that_need_them():
    persian = "می\u200cخواهم"  # ZWNJ inside a Persian word is spelling, not an accident
    assert list(hygiene.blemishes(persian)) == []
    assert [b.rule for b in hygiene.blemishes("cri\u200cmes")] == ["invisible-character"]
    assert [b.rule for b in hygiene.blemishes("ﬁnal")] == ["normalisation"]
    assert [b.rule for b in hygiene.blemishes("x&#x202E;y")] == ["bidi-control"]
    assert list(hygiene.blemishes("\ufeffa BOM at the start is a signature")) == []


def test_long_words_spare_web_addresses():
    assert list(hygiene.long_words("https://example.org/" + "a" * 200)) == []
    assert [b.rule for b in hygiene.long_words("a" * 121)] == ["long-word"]
    assert list(hygiene.long_words("a" * 120)) == []


def test_a_file_under_two_paths_is_one_document(tmp_path: Path):
    shutil.copy(FIXTURES / "clean.xml", tmp_path / "clean.xml")
    report = check([tmp_path / "clean.xml", tmp_path / "." / "clean.xml"], root=tmp_path)
    assert len(report.results) == 1 and report.findings == ()


def test_a_new_file_is_checked_against_the_corpus(tmp_path: Path):
    new = tmp_path / "copy.xml"
    new.write_bytes((FROZEN / "ilc-2019-art2.xml").read_bytes())
    report = check([new], root=FROZEN, corpus=True)
    assert {f.rule for f in report.findings} == {"CAH302", "CAH601"}
    assert all(f.path == str(new) for f in report.findings)


# -- the command ----------------------------------------------------------------------------------

def test_cli_clean_corpus(cli):
    result = cli("check")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == f"{len(list(FROZEN.rglob('*.xml')))} documents checked: no problems found.\n"


def test_cli_text_format(cli):
    result = cli("check", "--corpus", "tests/check/num-sequence.xml")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "tests/check/num-sequence.xml:62:13: CAH404 error: the numbering of art. 1(1) jumps from (b) to (d): "
        "expected (c). Check it against the official text: a missing point must be added (with <omissis/> if "
        "its text is not reproduced)"]
    assert result.stderr == "1 document checked: 1 error.\n"


def test_cli_warnings_alone_exit_zero(cli):
    result = cli("check", "--corpus", "tests/check/num-style.xml")
    assert result.exit_code == 0
    assert result.stdout.startswith("tests/check/num-style.xml:56:13: CAH405 warning: ")


def test_cli_every_line_has_the_format(cli):
    result = cli("check", "--corpus", "tests/check")
    assert result.exit_code == 1
    for line in result.stdout.splitlines():
        assert re.fullmatch(r"tests/check/\S+\.xml(:\d+(:\d+)?)?: CAH\d{3} (error|warning): \S.*", line), line


def test_cli_bad_usage_exits_2(cli, tmp_path: Path):
    result = cli("check", "no/such/file.xml")
    assert result.exit_code == 2
    assert result.stderr == "cahtool: error: no/such/file.xml: no such file or directory\n"
    result = cli("check", "--changed-since", "main", "tests/corpus/ilc-2019-art2.xml")
    assert result.exit_code == 2
    assert "either paths or --changed-since" in result.stderr
    result = cli("check", "--format", "xml")
    assert result.exit_code == 2


def test_cli_list_rules(cli):
    result = cli("check", "--list-rules")
    assert result.exit_code == 0
    assert len(result.stdout.splitlines()) == len(RULES)
    assert "CAH404  num-sequence         error" in result.stdout


@pytest.mark.parametrize(("codec", "declared", "expected"), [
    ("utf-8", "UTF-8", []),
    ("utf-8-sig", "UTF-8", []),
    ("utf-16", "UTF-16", []),
    ("utf-16-le", "UTF-16", [("CAH102", "the file is UTF-16 without a byte-order mark: save it as UTF-8")]),
    ("utf-32", "UTF-32", [("CAH102", "the file is UTF-32: save it as UTF-8")]),
    ("iso-8859-1", "ISO-8859-1",
     [("CAH102", 'the file is encoded as iso-8859-1: save it as UTF-8 (and declare encoding="UTF-8")')]),
])
def test_encodings(codec: str, declared: str, expected: list[tuple[str, str]]):
    text = _clean().decode("utf-8").replace('encoding="UTF-8"', f'encoding="{declared}"')
    if codec == "iso-8859-1":
        text = text.replace("“act”", '"act"')
    findings = check_bytes(text.encode(codec), "t.xml").findings
    assert [(f.rule, f.message) for f in findings] == expected


# -- Akoma Ntoso as others write it: the rules every document meets, apart from the corpus's policy ------

AKN_SHAPES = sorted((Path(__file__).resolve().parent / "fixtures" / "akn").glob("*.xml"))


@pytest.mark.parametrize("path", [p for p in AKN_SHAPES if p.name != "treaty-moved.xml"], ids=lambda p: p.name)
def test_valid_akoma_ntoso_of_every_shape_has_no_error(path: Path) -> None:
    """Continuous numbering across parts, 5A and (2A) and (aa), bis/ter, Italian lettering, section-1 eIds,
    GUIDs, xml:id: valid legislation, and no rule of any document says otherwise."""
    result = check([path], root=FROZEN)
    assert [f for f in result.findings if f.severity == "error"] == []


def test_an_article_moved_out_of_order_is_a_numbering_error_anywhere() -> None:
    path = Path(__file__).resolve().parent / "fixtures" / "akn" / "treaty-moved.xml"
    [finding] = check([path], root=FROZEN).findings
    assert finding.rule == "CAH404" and "Article 4 comes after Article 6" in finding.message


def _with_points(*nums: str) -> bytes:
    points = "".join(f'<point eId="art_1__para_1__point_{k}"><num>{n}</num><content>'
                     f"<p>words {k}</p></content></point>" for k, n in enumerate(nums))
    return (f'<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0"><act><meta/><body>'
            f'<article eId="art_1"><num>Article 1</num><paragraph eId="art_1__para_1"><num>1.</num>'
            f"<intro><p>Acts:</p></intro>{points}</paragraph></article></body></act></akomaNtoso>").encode()


@pytest.mark.parametrize(("nums", "world", "corpus"), [
    (("(a)", "(b)", "(c)"), [], []),
    (("(a)", "(aa)", "(b)"), [], []),  # (aa) inserted after (a)
    (("(a)", "(b)", "(b bis)", "(c)"), [], []),
    (tuple(f"({c})" for c in "abcdefghilm"), [], []),  # an Italian list: no j, no k
    (("(a)", "(b)", "(d)"), [], ["CAH404"]),  # a gap: the corpus wants every point
    (("(a)", "(b)", "(b)"), ["CAH404"], ["CAH404"]),  # twice
    (("(a)", "(c)", "(b)"), ["CAH404"], ["CAH404", "CAH404"]),  # going back
])
def test_numbering_of_any_document_and_of_the_corpus(nums: tuple[str, ...], world: list[str],
                                                     corpus: list[str]) -> None:
    data = _with_points(*nums)
    found = {level: [f.rule for f in check_bytes(data, "list.xml", corpus=level).findings
                     if f.rule == "CAH404"] for level in (False, True)}
    assert found == {False: world, True: corpus}


def test_findings_in_a_single_line_file_have_columns() -> None:
    path = Path(__file__).resolve().parent / "fixtures" / "akn" / "single-line.xml"
    findings = check([path], root=FROZEN, corpus=True).findings
    assert {f.line for f in findings} == {1}
    columns = [f.column for f in findings if f.rule == "CAH402"]
    assert len(columns) > 3 and len(set(columns)) == len(columns) and all(columns)


def test_the_line_a_documents_text_begins_on_is_its_first_provisions() -> None:
    """CAH601's line: the element the first provision was read from, for every fixture's shape of eIds (its own
    identifier, a GUID or xml:id, or none at all)."""
    from lxml import etree

    from cahtool.akn import load_bytes
    from cahtool.akn.xmlio import document_element
    from cahtool.check.files import _OWN_ELEMENT, _text_line

    checked = named = 0
    for path in sorted((Path(__file__).parent / "fixtures" / "akn").rglob("*.xml")):
        data = path.read_bytes()
        doc = document_element(etree.fromstring(data).getroottree(), str(path))
        document = load_bytes(data, str(path))
        line = _text_line(doc, document)
        own = _OWN_ELEMENT(doc, eid=document.provisions[0].eid)
        if own:
            assert line == own[0].sourceline, path.name
            checked += 1
        else:  # named after its place: the first element of its name
            assert line > 0 and document.provisions[0].tag in data.decode("utf-8").splitlines()[line - 1], path.name
            named += 1
    assert checked and named
