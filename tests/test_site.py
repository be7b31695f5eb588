"""The static site on the real corpus: every page type, known answers, links, determinism, safety."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cahtool import Corpus
from cahtool.errors import CahtoolError, InputError, UnknownDocumentError
from cahtool.site import MARKER, Writer, build, plan, slug
from tests.conftest import FROZEN

ROOT = Path(__file__).resolve().parent.parent
XSS = ROOT / "tests" / "fixtures" / "site-xss"


class Links(HTMLParser):
    """Collects ids and every href/src of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.links: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name == "id" and value:
                self.ids.add(value)
            if name in ("href", "src") and value is not None:
                self.links.append((tag, value))


def parse(path: Path) -> Links:
    parser = Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site") / "site"
    build(Corpus(FROZEN), out)
    return out


def test_every_page_type_exists(site: Path) -> None:
    for path in ("index.html", "concordance.html", "search.html", "data/index.json", "static/style.css",
                 "static/site.js", "static/search.js", "pagefind/pagefind.js", MARKER, "compiled/ilc-2019.html",
                 "compiled/ilc-2017.html", "data/compiled-ilc-2019.json", "data/compiled-ilc-2017.json"):
        assert (site / path).is_file(), path
    corpus = Corpus(FROZEN)
    for doc in corpus.documents():
        assert (site / "documents" / f"{doc.id}.html").is_file()
    for stem in ("rome-statute-art7--ilc-2019", "rome-statute-art7--ilc-2017", "ilc-2017--ilc-2019"):
        for suffix in ("", ".side", ".substantive", ".side.substantive"):
            assert (site / "compare" / f"{stem}{suffix}.html").is_file()
        assert (site / "data" / f"{stem}.json").is_file()
    rome = corpus.get("rome-statute-art7")
    assert sorted(p.name for p in (site / "provisions").iterdir()) == sorted(f"{p.eid}.html" for p in rome.walk())


def test_home_links_to_every_document(site: Path) -> None:
    links = {href for _, href in parse(site / "index.html").links}
    for doc in Corpus(FROZEN).documents():
        assert f"documents/{doc.id}.html" in links


def test_links_are_relative_and_resolve(site: Path) -> None:
    pages = sorted(site.rglob("*.html"))
    ids = {p: parse(p).ids for p in pages}
    checked = 0
    for page in pages:
        if "pagefind" in page.parts:
            continue
        for _tag, link in parse(page).links:
            if link.startswith("data:"):
                continue
            assert not re.match(r"^([a-z]+:|/)", link), f"{page.relative_to(site)}: absolute link {link}"
            path, _, fragment = link.partition("#")
            target = (page.parent / path).resolve() if path else page
            assert target.is_file(), f"{page.relative_to(site)}: broken link {link}"
            if fragment and target.suffix == ".html":
                assert fragment in ids[target], f"{page.relative_to(site)}: no #{fragment} in {path}"
            checked += 1
    assert checked > 1000


def test_comparison_known_answers(site: Path) -> None:
    html = (site / "compare" / "rome-statute-art7--ilc-2019.html").read_text(encoding="utf-8")
    # Attributed by layer: ILC 2019 descends from Rome art. 7 through ILC 2017, which made this change.
    assert ('<del class="layer-1"><span class="vh">deleted by ilc-2017: </span>this Statute<span class="vh"> (end of '
            'deletion)</span></del>') in html
    assert '<ins class="layer-1"><span class="vh">inserted by ilc-2017: </span>the present draft articles' in html
    assert "Who made each change" in html
    assert "4 substantive · 20 editorial · 1 inserted · 1 deleted" in html
    assert "art. 7(1)(h) → art. 2(1)(h)" in html
    substantive = (site / "compare" / "rome-statute-art7--ilc-2019.substantive.html").read_text(encoding="utf-8")
    assert "this Statute" in substantive and "Murder" not in substantive  # editorial changes left out
    side = (site / "compare" / "rome-statute-art7--ilc-2019.side.html").read_text(encoding="utf-8")
    assert '<table class="sbs">' in side and side.count('<tbody class="change') == 24


def test_comparison_data_is_the_json_renderer(site: Path) -> None:
    data = json.loads((site / "data" / "rome-statute-art7--ilc-2019.json").read_text(encoding="utf-8"))
    assert data["schema"] == "cahtool.comparison/1"
    assert data["stats"]["substantive"] == 4
    index = json.loads((site / "data" / "index.json").read_text(encoding="utf-8"))
    roles = {(c["old"], c["new"]): c["roles"] for c in index["comparisons"]}
    assert roles[("rome-statute-art7", "ilc-2017")] == ["baseline", "predecessor"]
    assert roles[("ilc-2017", "ilc-2019")] == ["predecessor"]


def test_concordance_cells() -> None:
    site = plan(Corpus(FROZEN))
    ilc = next(d for d in site.documents if d.id == "ilc-2019")
    h = site.cell(ilc, "art_7__para_1__point_h")
    assert (h.state, h.label) == ("substantive", "art. 2(1)(h)")
    assert h.href == "compare/rome-statute-art7--ilc-2019.html#art_2__para_1__point_h"
    assert site.cell(ilc, "art_7__para_3").state == "deleted"
    assert site.cell(ilc, "art_7__para_1__point_a").state == "editorial"
    assert site.cell(ilc, "art_7__para_2__point_h").label == "art. 2(2)(h)"


@pytest.mark.parametrize("root", [FROZEN, ROOT / "drafts"], ids=["frozen", "drafts"])
def test_concordance_column_is_its_cells(root: Path) -> None:
    """A column made in one pass is, cell for cell, what ``cell`` says of each provision (any corpus)."""
    site = plan(Corpus(root))
    walk = list(site.baseline.walk())
    states = set()
    for doc in site.documents:
        if doc.id == site.baseline.id:
            continue
        column = site.column(doc)
        assert column == [site.cell(doc, p.eid) for p in walk]
        states.update(c.state for c in column)
    if root == FROZEN:  # the column's own cells and the ones it leaves to ``cell`` (history, deletions)
        assert {"unchanged", "editorial", "substantive", "deleted", "absent", "within"} <= states


def test_concordance_page(site: Path) -> None:
    html = (site / "concordance.html").read_text(encoding="utf-8")
    assert 'href="compare/rome-statute-art7--ilc-2019.html#d-art_7__para_3"' in html
    assert 'href="compare/rome-statute-art7--ilc-2019.html#art_2__para_1__point_h"' in html


def test_document_page_has_anchors_banner_and_comparisons(site: Path) -> None:
    page = site / "documents" / "ilc-2019.html"
    ids = parse(page).ids
    for p in Corpus(FROZEN).get("ilc-2019").walk():
        assert p.eid in ids
    html = page.read_text(encoding="utf-8")
    assert 'class="banner warn" role="note"' in html and "Unverified reconstruction" in html
    assert "../compare/rome-statute-art7--ilc-2019.html" in html
    assert 'class="banner warn"' not in (site / "documents" / "rome-statute-art7.html").read_text(encoding="utf-8")


def test_timeline_on_home(site: Path) -> None:
    html = (site / "index.html").read_text(encoding="utf-8")
    assert "GA adopts resolution 79/122" in html and "First PrepCom session opens" in html


def test_build_is_deterministic(site: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    build(Corpus(FROZEN), again)
    first = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    second = {p.relative_to(again): p.read_bytes() for p in again.rglob("*") if p.is_file()}
    assert first.keys() == second.keys()
    assert [k for k in first if first[k] != second[k]] == []


def test_rebuild_replaces_a_previous_site_only(tmp_path: Path) -> None:
    out = tmp_path / "site"
    build(Corpus(FROZEN), out, search=False)
    (out / "stale.html").write_text("old")
    build(Corpus(FROZEN), out, search=False)
    assert not (out / "stale.html").exists()
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "thesis.docx").write_text("precious")
    with pytest.raises(InputError, match="not a cahtool site"):
        build(Corpus(FROZEN), mine, search=False)
    assert (mine / "thesis.docx").read_text() == "precious"


def test_two_pages_to_one_path_are_refused(tmp_path: Path) -> None:
    writer = Writer(tmp_path)
    writer.write("documents/a.html", "one", "document a")
    with pytest.raises(CahtoolError, match="two pages would be written to documents/a.html"):
        writer.write("documents/a.html", "two", "document a.")
    with pytest.raises(CahtoolError, match="outside the site"):
        writer.write("../escape.html", "x", "escape")


def test_ids_that_collide_as_file_names_stop_the_build(tmp_path: Path) -> None:
    drafts = tmp_path / "drafts"
    drafts.mkdir()
    rome = (FROZEN / "rome-statute-art7.xml").read_text(encoding="utf-8")
    ilc = (FROZEN / "ilc-2019-art2.xml").read_text(encoding="utf-8")
    (drafts / "rome.xml").write_text(rome, encoding="utf-8")
    (drafts / "a.xml").write_text(ilc.replace('value="ilc-2019"', 'value="ilc 2019"'), encoding="utf-8")
    (drafts / "b.xml").write_text(ilc.replace('value="ilc-2019"', 'value="ilc/2019"'), encoding="utf-8")
    assert slug("ilc 2019") == slug("ilc/2019") == "ilc-2019"
    with pytest.raises(CahtoolError, match="two pages would be written to"):
        build(Corpus(drafts), tmp_path / "site", search=False)


def test_unknown_baseline(tmp_path: Path) -> None:
    with pytest.raises(UnknownDocumentError, match="unknown baseline 'nope'"):
        build(Corpus(FROZEN), tmp_path / "site", baseline="nope", search=False)


def test_template_override(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    (templates / "static").mkdir(parents=True)
    (templates / "static" / "style.css").write_text("/* tracker colours */\n")
    build(Corpus(FROZEN), tmp_path / "site", templates=templates, search=False)
    assert (tmp_path / "site" / "static" / "style.css").read_text() == "/* tracker colours */\n"
    assert (tmp_path / "site" / "static" / "site.js").read_text() == (ROOT / "templates/static/site.js").read_text()


def test_hostile_draft_is_escaped(tmp_path: Path) -> None:
    build(Corpus(XSS), tmp_path / "site")
    for page in (tmp_path / "site").rglob("*.html"):
        if "pagefind" in page.parts:
            continue
        html = page.read_text(encoding="utf-8")
        # our own scripts only: a src attribute, never inline code
        assert re.findall(r"<script(?![^>]*\bsrc=)", html) == [], page
        assert "javascript:" not in re.sub(r"&[a-z#0-9]+;", "", " ".join(re.findall(r'href="([^"]*)"', html)))
        assert "onerror=" not in html.replace("onerror=&#34;", "")
    doc = (tmp_path / "site" / "documents" / "xss-draft.html").read_text(encoding="utf-8")
    assert "the crime of &lt;script&gt;window.__xss=2&lt;/script&gt; apartheid" in doc
    compiled = (tmp_path / "site" / "compiled" / "xss-draft.html").read_text(encoding="utf-8")
    assert "Hostile proposal &lt;script&gt;window.__xss=10&lt;/script&gt;" in compiled
    assert "&lt;script&gt;window.__xss=12&lt;/script&gt; campaign" in compiled
    assert '<ins><span class="vh">inserted: </span>&lt;script&gt;window.__xss=14&lt;/script&gt;' in compiled


def test_cli_build(cli, tmp_path: Path) -> None:
    result = cli("build", "--out", str(tmp_path / "site"), "--no-search")
    assert result.exit_code == 0, result.output
    # 11 among the drafts, instruments and rolling texts, and each of the 8 proposals against its base and the baseline.
    assert re.match(r"wrote \d+ pages, 27 comparisons to .*site/\n", result.output)
    bad = cli("build", "--out", str(tmp_path / "site"), "--baseline", "nope")
    assert bad.exit_code == 2 and "unknown baseline" in bad.output


def test_proposals_are_compared_with_their_base_and_the_baseline() -> None:
    site = plan(Corpus(FROZEN))
    assert [d.id for d in site.proposals] == [
        "gender-definition-otp", "forced-pregnancy-no-national-laws-clause", "enforced-disappearance-no-time-limit",
        "gender-definition-restored", "persecution-without-nexus", "slave-trade", "gender-apartheid-definition",
        "gender-apartheid-new-crime"]
    proposal = next(d for d in site.proposals if d.id == "gender-apartheid-definition")
    assert site.entry("ilc-2019", proposal.id).roles == ("base",)
    assert site.entry("rome-statute-art7", proposal.id).roles == ("baseline",)
    assert len(site.entries_of(proposal)) == 2  # its base and the baseline; no predecessor
    assert site.entry("ilc-2019", proposal.id).comparison.stats["substantive"] == 1
    assert site.entry("rome-statute-art7", proposal.id).comparison.stats["substantive"] == 5


def test_home_lists_proposals_with_proponents_status_and_provenance(site: Path) -> None:
    html = (site / "index.html").read_text(encoding="utf-8")
    proposals = html[html.index('id="h-proposals"'):html.index('id="h-timeline"')]
    for words in ("Extend the definition of apartheid to gender (illustrative wording)",
                  "End Gender Apartheid campaign; Atlantic Council Strategic Litigation Project; Global Justice Center",
                  "supported by UN Working Group on discrimination against women and girls",
                  "advocated (not tabled as a formal amendment)", '<span class="flag">illustrative wording</span>',
                  '<span class="flag">substance verified</span>', "base ilc-2019", "base ilc-2017",
                  'href="compare/ilc-2019--gender-apartheid-definition.substantive.html"',
                  'href="compare/rome-statute-art7--gender-apartheid-definition.substantive.html"',
                  'aria-label="1 substantive changes against ilc-2019"',
                  'href="compiled/ilc-2019.html">7 proposals on ILC draft articles on Prevention',
                  'href="compiled/ilc-2017.html">1 proposal on ILC draft articles on crimes against humanity'):
        assert words in proposals, words
    # What an illustrative wording is, said once under the table.
    assert "these words are cahtool&#39;s, modelled on the documented idea: no one tabled this text" in proposals


def test_proposal_comparison_with_its_base(site: Path) -> None:
    html = (site / "compare" / "ilc-2019--gender-apartheid-definition.html").read_text(encoding="utf-8")
    assert "proposal against its base" in html
    assert html.count('<ins><span class="vh">inserted: </span>or gender<span class="vh"> (end of insertion)</span>'
                      '</ins> group') == 2  # the tags hug the words
    assert "<del>" not in html[html.index('<section class="change'):]
    assert html.count('class="banner warn"') == 2  # the base is a reconstruction (once); the wording is illustrative
    doc = (site / "documents" / "gender-apartheid-definition.html").read_text(encoding="utf-8")
    assert "Illustrative wording:</strong> the idea and its proponents are documented" in doc
    assert "the text this proposal amends, <a href=\"ilc-2019.html\">ilc-2019</a>, is not verified" in doc
    assert "<dt>Author</dt>" not in doc  # cahtool encoded it; its proponents are listed instead


def test_proposal_page_says_what_it_proposes_and_links_the_compiled_text(site: Path) -> None:
    doc = (site / "documents" / "slave-trade.html").read_text(encoding="utf-8")
    # one sentence, two operations (insert, renumber): said once
    assert doc.count("In draft article 2, paragraph 1, after subparagraph (c), insert: “(d) the slave trade;” and "
                     "renumber subparagraphs (d) to (k) as subparagraphs (e) to (l).") == 1
    assert 'href="../compiled/ilc-2019.html#new-after-art_2__para_1__point_c--p5">new, after art. 2(1)(c)</a>' in doc
    assert "renumbers 8 provisions" in doc
    base = (site / "documents" / "ilc-2019.html").read_text(encoding="utf-8")
    assert 'href="../compiled/ilc-2019.html">The 7 proposals on this text, compiled</a>' in base


def test_compiled_text_of_proposals(site: Path) -> None:
    html = (site / "compiled" / "ilc-2019.html").read_text(encoding="utf-8")
    assert "7 proposals ·\n15 places touched ·\n1 conflict" in html
    # every proposal, numbered, with who proposed it and how sure we are of its words
    for n, doc in enumerate(Corpus(FROZEN).proposals("ilc-2019"), 1):
        assert f'<tr id="p-{n}">' in html and f'href="../documents/{doc.id}.html"' in html
    assert '<span class="flag">illustrative wording</span>' in html
    # the conflict, listed and flagged where it happens
    assert ('<a href="#art_2__para_1__point_k">art. 2(1)(k)</a>:\n  <a href="#p-5">[5] slave-trade</a> and\n'
            '  <a href="#p-7">[7] gender-apartheid-new-crime</a>: both renumber the same provision.') in html
    assert html.count('<strong class="conflict-mark">conflict</strong>') == 4  # two cells, two notes
    # the gender apartheid proposal at 2(2)(h): instruction as tabled, then its redline
    entry = html[html.index('id="art_2__para_2__point_h--p6"'):]
    entry = entry[:entry.index("</article>")]
    assert ("In draft article 2, paragraph 2 (h), replace “by one racial group over any other racial group or "
            "groups” with “by one racial or gender group over any other racial or gender group or groups”.") in entry
    assert entry.count('<ins><span class="vh">inserted: </span>or gender<span class="vh">') == 2
    assert "<del>" not in entry
    # insertions are in the gap where they land, with their new number
    gap = html[html.index('id="new-after-art_2__para_1__point_c"'):]
    assert '<span class="num">(d)</span> <ins><span class="vh">inserted: </span>the slave trade;' in gap
    # the base text is there in full
    for p in Corpus(FROZEN).get("ilc-2019").walk():
        assert f'id="{p.eid}"' in html
    data = json.loads((site / "data" / "compiled-ilc-2019.json").read_text(encoding="utf-8"))
    assert data["schema"] == "cahtool.compilation/2" and len(data["proposals"]) == 7
    assert (site / "compiled" / "ilc-2017.html").is_file()
    assert not (site / "compiled" / "rome-statute-art7.html").exists()  # no proposal on it


def test_provision_history_follows_cahtool_history(site: Path) -> None:
    html = (site / "provisions" / "art_7__para_1__point_h.html").read_text(encoding="utf-8")
    steps = html[html.index('id="h-history"'):html.index('id="h-proposals"')]
    # oldest first; the ICTY lists the acts under the article, the IMT in one sentence: each match says how
    order = [steps.index(f'id="in-{d}"') for d in ("imt-charter-art6", "icty-art5", "rome-statute-art7", "ilc-2017",
                                                   "ilc-2019")]
    assert order == sorted(order)
    assert ">art. 6(c)</a> · <span class=\"badge first\">earliest text</span>" in steps
    assert ("Found by its wording only: nothing here stands in the place of art. 5(h) of icty-art5, but this "
            "provision contains most of its words.") in steps
    # the ICTY lists the acts one level up: the comparison itself pairs 5(h) with 7(1)(h), nothing to explain
    assert 'id="in-icty-art5"' in steps and "corresponds to art. 7(1)(h)" not in steps
    chapeau = (site / "provisions" / "art_7__para_1.html").read_text(encoding="utf-8")
    assert "Found through the structure: this text lists the acts at a different level" in chapeau
    assert "The redline is against the whole of art. 6(c) of imt-charter-art6" in steps
    assert ('>art. 2(1)(h)</a> · <span class="badge substantive">substantive change</span> since art. 3(1)(h) '
            '(ilc-2017)') in steps
    assert "or in connection with the crime of genocide or war crimes" in steps  # deleted between 2017 and 2019
    proposals = html[html.index('id="h-proposals"'):]
    for doc in ("gender-definition-restored", "persecution-without-nexus", "slave-trade"):
        assert f'id="in-{doc}"' in proposals
    assert "renumbered (h) → (i), same words" in proposals
    apartheid = (site / "provisions" / "art_7__para_2__point_h.html").read_text(encoding="utf-8")
    assert apartheid.count("no corresponding provision") >= 2  # not in the IMT Charter nor the ICTY Statute
    assert '<span class="badge inserted">first appears here</span>' in apartheid
    assert 'id="in-gender-apartheid-definition"' in apartheid
    # ILC 2019 dropped the definition of gender; Nigeria's proposal would bring back the ILC 2017 words.
    gender = (site / "provisions" / "art_7__para_3.html").read_text(encoding="utf-8")
    back = gender[gender.index('id="h-restored"'):]
    assert ('>art. 2(3)</a> · inserted into ilc-2019 · compared with the last text that had it, art. 3(3) of '
            'ilc-2017: <span class="badge unchanged">same words</span>') in back
    assert 'href="../compare/ilc-2019--gender-definition-restored.html#i-art_2__para_3"' in back
    assert 'id="in-gender-definition-otp"' in gender[:gender.index('id="h-restored"')]  # on ilc-2017: a change


def test_site_history_agrees_with_cahtool_history() -> None:
    from cahtool.reports import history

    corpus = Corpus(FROZEN)
    site = plan(corpus)
    for eid, thread in site.threads.items():
        cli = history(corpus, eid).threads[0]
        assert [(s.document.id, s.provision.eid if s.provision else None, s.match) for s in thread.steps] == \
            [(s.document.id, s.provision.eid if s.provision else None, s.match) for s in cli.steps]
        assert [s.document.id for s in thread.proposals] == [s.document.id for s in cli.proposals]


def test_concordance_follows_the_history_for_the_older_instruments() -> None:
    site = plan(Corpus(FROZEN))
    icty = next(d for d in site.documents if d.id == "icty-art5")
    imt = next(d for d in site.documents if d.id == "imt-charter-art6")
    h = site.cell(icty, "art_7__para_1__point_h")
    # paired by the comparison itself (the lists one level apart): the cell links to that redline
    assert (h.state, h.label, h.match) == ("substantive", "art. 5(h)", "")
    assert h.href.startswith("compare/rome-statute-art7--icty-art5.html#")
    murder = site.cell(imt, "art_7__para_1__point_a")  # listed within the single sentence of art. 6(c)
    assert (murder.state, murder.label, murder.match) == ("within", "art. 6(c)", "wording")
    assert site.cell(icty, "art_7__para_2__point_h").state == "absent"  # apartheid: not yet, rather than deleted
    ilc = next(d for d in site.documents if d.id == "ilc-2019")
    assert site.cell(ilc, "art_7__para_3").state == "deleted"  # dropped by a later text
    # every cell of a document on the main line names the provision the history names
    for eid, thread in site.threads.items():
        for step in thread.steps:
            if step.document.id != site.baseline.id:
                cell = site.cell(step.document, eid)
                assert cell.label == (step.provision.label if step.provision else ""), (eid, step.document.id)


def test_a_baseline_with_other_eids_builds(tmp_path: Path) -> None:
    """eIds in another style (``section-1``, as UK documents write them) work everywhere: pages, histories."""
    corpus = Corpus(ROOT / "tests" / "fixtures" / "akn" / "section-corpus")
    report = build(corpus, tmp_path / "site", baseline="harbour-dues-v1", search=False)
    assert "provisions/section-1.html" in report.pages and "provisions/section-2.html" in report.pages
    history_page = (tmp_path / "site" / "provisions" / "section-2.html").read_text(encoding="utf-8")
    assert "harbour-dues-v2" in history_page
    comparison = (tmp_path / "site" / "compare" / "harbour-dues-v1--harbour-dues-v2.html").read_text(encoding="utf-8")
    assert "port authority" in comparison


def test_a_site_shows_every_part_of_a_treaty(tmp_path: Path) -> None:
    drafts = tmp_path / "drafts"
    drafts.mkdir()
    for name in ("treaty.xml", "treaty-moved.xml"):
        (drafts / name).write_bytes((ROOT / "tests" / "fixtures" / "akn" / name).read_bytes())
    build(Corpus(drafts), tmp_path / "site", baseline="treaty", search=False)
    page = (tmp_path / "site" / "documents" / "treaty.html").read_text(encoding="utf-8")
    for words in ('class="prov-part"', "Preamble", "Recalling", "Conclusions", "Annex", "runoff from mines"):
        assert words in page


def test_search_records_carry_their_rank_and_the_words_for_typos(tmp_path: Path) -> None:
    from cahtool.site.plan import plan
    from cahtool.site.search import vocabulary
    from cahtool.site.write import provision_records

    records = list(provision_records(plan(Corpus(FROZEN))))
    ranks = {r["url"].split("#")[0]: r["meta"]["rank"] for r in records}
    assert ranks["documents/rome-statute-art7.html"] == ranks["documents/ilc-2019.html"] == "0"
    assert ranks["documents/persecution-without-nexus.html"] == "1"  # substance verified
    assert ranks["documents/gender-apartheid-definition.html"] == "2"  # illustrative wording
    words = vocabulary(records)
    assert words["persecution"] >= 5 and "nuremberg" in words and "the" in words and "a" not in words
    build(Corpus(FROZEN), tmp_path / "site")
    # Each bundle has its words (the texts', the proposals'): together, every word of every record.
    texts, proposals = (json.loads((tmp_path / "site" / bundle / "words.json").read_text(encoding="utf-8"))
                        for bundle in ("pagefind", "pagefind-proposals"))
    assert "nuremberg" in texts and "nuremberg" not in proposals  # the IMT Charter is a text
    assert {w: texts.get(w, 0) + proposals.get(w, 0) for w in texts.keys() | proposals.keys()} == words


def test_search_finds_each_wording_of_the_texts_once_and_every_text_that_has_it() -> None:
    """A provision worded alike in several texts (a rolling text and its revision) is one record, the latest
    text's, naming the others; nothing is lost: every wording of every text is a record or named in one."""
    from cahtool.site.plan import plan
    from cahtool.site.write import provision_records

    site = plan(Corpus(FROZEN))
    records = list(provision_records(site, proposals=False))
    places = [(r["url"].split("#")[1], r["meta"]["citation"], r["content"], r["meta"]["rank"]) for r in records]
    assert len(places) == len(set(places))  # each wording at each place once
    by_url = {r["url"]: r for r in records}
    for doc in site.documents:
        if doc.is_proposal:
            continue
        for p in doc.walk():
            words = " ".join(x for x in (p.heading, p.text) if x)
            if not words or p.omitted:
                continue
            own = by_url.get(f"documents/{doc.id}.html#{p.eid}")
            named = [r for r in records if r["content"] == words and r["url"].endswith("#" + p.eid)
                     and f"{doc.title} ({doc.date})" in r["meta"]["also"]]
            assert (own is not None and own["content"] == words) or named, (doc.id, p.eid)
    shared = by_url["documents/rolling-ilc-2019-rev1.html#art_2__para_1__point_c"]
    assert "documents/rolling-ilc-2019.html#art_2__para_1__point_c" not in by_url
    first = next(d for d in site.documents if d.id == "rolling-ilc-2019")
    assert shared["meta"]["also"] == f"{first.title} ({first.date})"
    # Not across standings: a text and an illustrative rolling text that word a point alike are two records.
    assert "documents/ilc-2019.html#art_2__para_1__point_c" in by_url


def test_search_records_go_to_disk_when_memory_is_short_or_refuses(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    from collections import namedtuple

    from cahtool.site import search
    from cahtool.site.write import provision_records

    records = list(provision_records(plan(Corpus(FROZEN))))
    made = {}
    for case, where in (("memory", search.scratch_memory(1)), ("refused", str(tmp_path / "not-a-directory")),
                        ("none", None)):
        monkeypatch.setattr(search, "scratch_memory", lambda size, where=where: where)
        out = tmp_path / case / "pagefind"
        out.mkdir(parents=True)
        search.index_records(records, out)
        made[case] = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.pf_fragment"))
    assert made["memory"] == made["refused"] == made["none"] and len(made["none"]) == len(records)
    assert not (tmp_path / "not-a-directory").exists()
    # No room to spare in memory: on disk.
    monkeypatch.undo()
    Stat = namedtuple("Stat", "f_bavail f_frsize")
    monkeypatch.setattr(search.os, "statvfs", lambda path: Stat(10, 4096))
    assert search.scratch_memory(1000) is None


def test_search_records_that_cannot_be_written_anywhere_are_one_error(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from cahtool.site import search

    monkeypatch.setattr(search, "scratch_memory", lambda size: None)
    monkeypatch.setattr(search.tempfile, "TemporaryDirectory",
                        lambda **kw: (_ for _ in ()).throw(OSError(28, "No space left on device", "/tmp/x")))
    records = [{"url": "documents/a.html#p1", "content": "words", "meta": {"title": "a"}}]
    with pytest.raises(CahtoolError, match="cannot index the site for search: No space left on device"):
        search.index_records(records, tmp_path)


def test_comparison_data_made_from_shared_changes(tmp_path: Path) -> None:
    """Each change's part of a comparison's JSON is made once for every comparison that has the change (a proposal's
    comparison with the baseline repeats the drafts' changes): the text is ``dumps(comparison_dict(c))``'s, for every
    comparison of the site, made first or from what the others made."""
    from cahtool.diff import sharing
    from cahtool.render import dumps
    from cahtool.render import json as comparison_json
    from cahtool.site.write import Renderer, _argument

    with sharing():  # as a build: one run, whose compositions of the same texts are one
        site = plan(Corpus(FROZEN))
    renderer = Renderer(site, Writer(tmp_path))
    expected = [dumps(comparison_json.comparison_dict(e.comparison)) for e in site.entries]
    assert [renderer.comparison_json(e.comparison) for e in site.entries] == expected
    assert [renderer.comparison_json(e.comparison) for e in reversed(site.entries)] == expected[::-1]
    # Two comparisons through the same drafts share changes (equal, each made anew): named alike.
    names: dict[object, int] = {}
    for e in site.entries:
        for change in e.comparison.changes:
            names[_argument(change)] = names.get(_argument(change), 0) + 1
    assert max(names.values()) > 1


@given(st.text())
def test_a_concordance_cell_escapes_as_the_templates_do(text: str) -> None:
    """The concordance's cells are made in Python: every text in them is escaped to the same entities that
    markupsafe (the templates' autoescape) gives."""
    from markupsafe import escape

    from cahtool.site.views import _ESCAPES, concordance_cell

    assert text.translate(_ESCAPES) == str(escape(text))
    cell = concordance_cell("substantive", text, "", "wording", "art. 1", text)
    assert f'<a href="{escape(text)}">' in cell
    if text not in ("", "art. 1"):
        assert f'<span class="sub">{escape(text)}</span><span class="sub match">by wording</span>' in cell


@given(st.lists(st.sampled_from(["a", "b", "compare", "x.html", ".", "..", "", "c d"]), min_size=1, max_size=4),
       st.lists(st.sampled_from(["a", "b", "compare", "documents", ".", "..", ""]), max_size=3))
def test_a_link_between_two_site_paths_is_the_relative_path(target: list[str], folder: list[str]) -> None:
    """``relative``'s path is ``posixpath.relpath``'s, for the site's plain paths and for any other."""
    import posixpath

    from cahtool.render.jinja import _relpath

    path, start = "/".join(target), "/".join(folder) or "."
    if not path or path.startswith("/") or start.startswith("/"):
        return
    assert _relpath(path, start) == posixpath.relpath(path, start)


@given(st.lists(st.sampled_from(["a", "b", "compare", "x.html", ".", "..", "", "c d"]), min_size=1, max_size=4),
       st.sampled_from(["", "#", "#c-1", "#a#b"]),
       st.sampled_from(["concordance.html", "index.html", "", ".", "..", "documents/a.html", "a/b/c.html"]))
def test_a_link_from_any_page_is_the_relative_path(target: list[str], fragment: str, page: str) -> None:
    """``relative`` (with its shortcut for pages at the site's root) links as ``posixpath.relpath`` does."""
    import posixpath

    from cahtool.render.jinja import relative

    path = "/".join(target)
    if not path or path.startswith("/"):
        return
    expected = posixpath.relpath(path, posixpath.dirname(page) or ".")
    rest = fragment.partition("#")[2]
    assert relative(path + fragment, page) == expected + (f"#{rest}" if rest else "")
