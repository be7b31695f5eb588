"""The site in a real browser (headless Chromium through Playwright): links, views without JavaScript,
search, keyboard, console, accessibility (axe-core) and a hostile draft that must stay inert.

Skipped, with the reason, where Chromium or Playwright is missing; ``.ci/run`` installs Chromium so
they run in CI. Never ``playwright install``: the Debian browser is used through ``executable_path``.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import re
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from cahtool import Corpus
from cahtool.site import build
from tests.conftest import FROZEN

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
ROOT = Path(__file__).resolve().parent.parent
XSS = ROOT / "tests" / "fixtures" / "site-xss"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Chromium at /usr/bin/chromium (apt-get install chromium)"),
]
sync_api = pytest.importorskip("playwright.sync_api", reason="needs Playwright (pip install -e '.[dev]')")

#: One page of each type of the real site.
PAGE_TYPES = {
    "home": "index.html",
    "document": "documents/ilc-2019.html",
    "comparison": "compare/rome-statute-art7--ilc-2019.html",
    "side by side": "compare/rome-statute-art7--ilc-2019.side.html",
    "substantive only": "compare/rome-statute-art7--ilc-2019.substantive.html",
    "provision history": "provisions/art_7__para_1__point_h.html",
    "provision history (apartheid)": "provisions/art_7__para_2__point_h.html",
    "concordance": "concordance.html",
    "proposal": "documents/gender-apartheid-definition.html",
    "proposal against its base": "compare/ilc-2019--gender-apartheid-definition.html",
    "proposal against its base, side by side": "compare/ilc-2019--gender-apartheid-definition.side.html",
    "proposal against Rome art. 7": "compare/rome-statute-art7--gender-apartheid-definition.html",
    "compiled text": "compiled/ilc-2019.html",
    "search": "search.html?q=apartheid",
    "synopsis of an article": "synopsis/art_7.html",
    "synopsis of a proposal": "synopsis/slave-trade.html",
    "rolling text": "rolling/rolling-ilc-2019.html",
    "rolling text, Rev.1": "rolling/rolling-ilc-2019-rev1.html",
    "revision of a rolling text": "rolling/rolling-ilc-2019--rolling-ilc-2019-rev1.html",
    "negotiation": "negotiation.html",
    "positions matrix": "positions.html",
    "delegation": "delegations/nigeria.html",
}
#: The negotiation's pages, read on a phone: no horizontal scroll at 390 px.
NEGOTIATION_PAGES = [
    PAGE_TYPES[k]
    for k in (
        "rolling text",
        "rolling text, Rev.1",
        "revision of a rolling text",
        "negotiation",
        "positions matrix",
        "delegation",
    )
]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the stdlib's name
        pass


@contextlib.contextmanager
def _serve(directory: Path) -> Iterator[str]:
    handler = functools.partial(_Quiet, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("browser")
    build(Corpus(FROZEN), root / "tracker")
    with _serve(root) as url:
        yield url + "tracker/"  # under a sub-path, as on GitHub Pages: relative links must not care


@pytest.fixture(scope="module")
def xss_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    out = tmp_path_factory.mktemp("xss") / "site"
    build(Corpus(XSS), out)
    with _serve(out) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context()
    page = context.new_page()
    page.errors = []  # console errors and uncaught exceptions, checked by the tests that care
    page.on("console", lambda m: page.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    yield page
    context.close()


@pytest.fixture
def no_js_page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(java_script_enabled=False)
    yield context.new_page()
    context.close()


def test_home_links_to_every_document(page: Any, site_url: str) -> None:
    page.goto(site_url + "index.html")
    hrefs = page.eval_on_selector_all("main a", "links => links.map(a => a.href)")
    for doc in Corpus(FROZEN).documents():
        assert f"{site_url}documents/{doc.id}.html" in hrefs
    page.get_by_role("link", name="ILC draft articles on Prevention and Punishment").first.click()
    page.wait_for_url(site_url + "documents/ilc-2019.html")
    assert page.locator("#art_2__para_2__point_h").is_visible()


def test_comparison_shows_the_expected_ins_and_del(page: Any, site_url: str) -> None:
    page.goto(site_url + "compare/rome-statute-art7--ilc-2019.html")
    chapeau = page.locator("#art_2__para_1")
    # ILC 2019 descends from Rome art. 7 through ILC 2017, which made this change: the hidden words say so.
    assert chapeau.locator("del").all_text_contents() == ["deleted by ilc-2017: this Statute (end of deletion)"]
    assert chapeau.locator("ins").all_text_contents() == [
        "inserted by ilc-2017: the present draft articles (end of insertion)"]
    # the hidden words are there for screen readers but take no room on screen
    assert chapeau.locator("del .vh").first.bounding_box()["width"] <= 1
    style = page.eval_on_selector("#art_2__para_1 del", "e => getComputedStyle(e).textDecorationLine")
    assert style == "line-through"
    assert "Court" in page.locator("#art_2__para_1__point_h del").all_inner_texts()[-1]


def _words(locator: Any) -> str:
    """The text a sighted reader sees: the hidden "inserted:"/"deleted:" words left out."""
    text = locator.inner_text()
    text = re.sub(r"(inserted|deleted)( by [a-z0-9-]+)?:", "", text)
    for hidden in ("(end of insertion)", "(end of deletion)"):
        text = text.replace(hidden, "")
    return " ".join(text.split())


def test_gender_apartheid_proposal_redline(page: Any, site_url: str) -> None:
    page.goto(site_url + "index.html")
    page.get_by_role("link", name="Extend the definition of apartheid to gender (illustrative wording)").click()
    page.wait_for_url(site_url + "documents/gender-apartheid-definition.html")
    page.locator("ul.comparisons li", has_text="Against its base").get_by_role("link").click()
    page.wait_for_url(site_url + "compare/ilc-2019--gender-apartheid-definition.html")
    change = page.locator("#art_2__para_2__point_h")
    assert change.locator("h3").inner_text() == "art. 2(2)(h)"
    assert change.locator("ins").all_text_contents() == ["inserted: or gender (end of insertion)"] * 2
    assert change.locator("del").count() == 0
    assert "by one racial or gender group over any other racial or gender group or groups" in _words(
        change.locator(".redline"))
    assert page.locator("section.change").count() == 1  # nothing else changes
    # Against Rome art. 7: the same two insertions, and the ILC's lower-case initial (editorial).
    page.goto(site_url + "compare/rome-statute-art7--gender-apartheid-definition.html")
    change = page.locator("#art_2__para_2__point_h")
    assert change.locator("h3").inner_text() == "art. 7(2)(h) → art. 2(2)(h)"
    # Each edit names the text that made it: the case of "the" by ILC 2017, "or gender" by the proposal.
    assert change.locator("ins").all_text_contents() == [
        "inserted by ilc-2017: the (end of insertion)",
        *["inserted by gender-apartheid-definition: or gender (end of insertion)"] * 2]
    assert change.locator("del").all_text_contents() == ["deleted by ilc-2017: The (end of deletion)"]
    assert page.errors == []


def test_compiled_text_reads_without_javascript(no_js_page: Any, site_url: str) -> None:
    page = no_js_page
    page.goto(site_url + "index.html")
    page.get_by_role("link", name="7 proposals on ILC draft articles on Prevention").click()
    page.wait_for_url(site_url + "compiled/ilc-2019.html")
    assert page.locator("#p-6 th").inner_text().startswith("Extend the definition of apartheid to gender")
    # the summary table leads to the proposal at its provision: instruction, then redline
    page.locator("table.matrix tbody tr", has_text="art. 2(2)(h)").locator("td.cell.substantive a").click()
    page.wait_for_url(re.compile(re.escape("compiled/ilc-2019.html#art_2__para_2__point_h--p6") + "$"))
    entry = page.locator("#art_2__para_2__point_h--p6")
    assert entry.is_visible()
    assert "replace “by one racial group over any other racial group or groups” with “by one racial or gender " \
           "group over any other racial or gender group or groups”" in entry.locator(".instruction").inner_text()
    assert entry.locator("ins").all_text_contents() == ["inserted: or gender (end of insertion)"] * 2
    assert entry.locator("del").count() == 0
    assert "illustrative wording" in entry.locator(".flag").inner_text()
    # the conflict is flagged where it happens, in words
    assert page.locator("ul.conflicts").inner_text().startswith("art. 2(1)(k): [5] slave-trade and [7] gender")
    assert page.locator("#art_2__para_1__point_k .conflict-mark").count() == 2


def test_provision_history_says_how_each_version_was_found(page: Any, site_url: str) -> None:
    page.goto(site_url + "concordance.html")
    # ICTY 5(h) is paired by the comparison itself (its list stands one level up): the cell opens that redline
    page.locator("table.matrix tbody tr", has_text="art. 7(1)(h)").locator("td.cell").nth(1).locator("a").click()
    page.wait_for_url(re.compile(re.escape(site_url + "compare/rome-statute-art7--icty-art5.html#") + ".+"))
    page.goto(site_url + "provisions/art_7__para_1__point_h.html")
    step = page.locator("#in-icty-art5")
    assert step.locator(".what a").first.inner_text() == "art. 5(h)"
    assert "Found by its wording only" in page.locator("#in-imt-charter-art6 .how").inner_text()
    page.goto(site_url + "provisions/art_7__para_1.html")
    assert "Found through the structure" in page.locator("#in-icty-art5 .how.structure").inner_text()
    page.goto(site_url + "provisions/art_7__para_2__point_h.html")
    assert page.locator("#in-icty-art5 .what").inner_text() == "no corresponding provision"
    assert "first appears here" in page.locator("#in-rome-statute-art7 .badge").inner_text()
    assert page.locator("#in-gender-apartheid-definition ins").count() == 2
    assert page.errors == []


def test_views_work_without_javascript(no_js_page: Any, site_url: str) -> None:
    page = no_js_page
    page.goto(site_url + "compare/rome-statute-art7--ilc-2019.html")
    page.get_by_role("link", name="Side by side").click()
    page.wait_for_url(re.compile(re.escape("compare/rome-statute-art7--ilc-2019.side.html") + "$"))
    row = page.locator("tbody#art_2__para_1")
    assert "this Statute" in row.locator("td").nth(0).locator("del").inner_text()
    assert "the present draft articles" in row.locator("td").nth(1).locator("ins").inner_text()
    assert row.locator("td").nth(0).locator("ins").count() == 0
    page.get_by_role("link", name="Substantive changes only").click()
    page.wait_for_url(re.compile(re.escape("compare/rome-statute-art7--ilc-2019.side.substantive.html") + "$"))
    assert page.locator("tbody.change").count() == 4
    assert page.locator("tbody.change.editorial").count() == 0
    page.get_by_role("link", name="Inline redline").click()
    page.wait_for_url(re.compile(re.escape("compare/rome-statute-art7--ilc-2019.substantive.html") + "$"))
    assert page.locator("section.change").count() == 4
    assert page.locator(".js-only").is_hidden()  # no dead buttons without JavaScript


def test_keyboard_moves_between_changes(page: Any, site_url: str) -> None:
    page.goto(site_url + "compare/rome-statute-art7--ilc-2019.substantive.html")
    assert page.locator(".js-only").is_visible()
    # page.url follows navigation events that arrive after the key press: wait for it, never read it at once
    # (read at once, this failed under load).
    page.keyboard.press("n")
    page.wait_for_url(re.compile(r"#art_2__para_1$"))
    page.keyboard.press("n")
    page.wait_for_url(re.compile(r"#art_2__para_1__point_h$"))
    page.keyboard.press("p")
    page.wait_for_url(re.compile(r"#art_2__para_1$"))
    page.get_by_role("link", name="Side by side").click()  # the view link keeps the reader's place
    page.wait_for_url(re.compile(r"\.side\.substantive\.html#art_2__para_1$"))
    assert page.errors == []


def test_search_finds_apartheid(page: Any, site_url: str) -> None:
    page.goto(site_url + "search.html")
    page.get_by_label("Words to find").fill("apartheid")
    page.get_by_role("button", name="Search").click()
    page.wait_for_selector("#search-results li")
    assert "provisions found" in page.locator("#search-status").inner_text()
    links = page.eval_on_selector_all("#search-results a", "links => links.map(a => a.href)")
    assert f"{site_url}documents/ilc-2019.html#art_2__para_2__point_h" in links
    assert f"{site_url}documents/rome-statute-art7.html#art_7__para_1__point_j" in links
    # A proposal's own wording is found too (gender-apartheid-definition words 2(2)(h) differently), once.
    assert f"{site_url}documents/gender-apartheid-definition.html#art_2__para_2__point_h" in links
    assert f"{site_url}documents/slave-trade.html#art_2__para_2__point_h" not in links
    page.locator('#search-results a[href$="documents/ilc-2019.html#art_2__para_2__point_h"]').click()
    page.wait_for_url(re.compile(re.escape("documents/ilc-2019.html#art_2__para_2__point_h") + "$"))
    assert "apartheid" in page.locator("#art_2__para_2__point_h").inner_text()
    assert page.errors == []


@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_no_console_errors_and_axe_clean(page: Any, site_url: str, kind: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    page.goto(site_url + PAGE_TYPES[kind])
    if kind == "search":
        page.wait_for_selector("#search-results li")
    results = Axe().run(page, options={"resultTypes": ["violations"]})
    bad = [f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
           for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert bad == []
    assert page.errors == []


def test_print_stylesheet_gives_a_clean_redline(page: Any, site_url: str) -> None:
    page.emulate_media(media="print")
    page.goto(site_url + "compare/rome-statute-art7--ilc-2019.html")
    assert page.locator(".masthead").is_hidden() and page.locator("nav.views").is_hidden()
    style = page.eval_on_selector("del", "e => [getComputedStyle(e).textDecorationLine, getComputedStyle(e).color]")
    assert style == ["line-through", "rgb(0, 0, 0)"]


def test_hostile_draft_stays_inert(page: Any, xss_url: str) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    pages = ["index.html", "documents/xss-draft.html", "compare/rome-statute-art7--xss-draft.html",
             "compare/rome-statute-art7--xss-draft.side.html", "provisions/art_7__para_1__point_j.html",
             "provisions/art_7__para_2__point_h.html", "concordance.html", "documents/xss-proposal.html",
             "compare/xss-draft--xss-proposal.html", "compiled/xss-draft.html", "search.html?q=script",
             "synopsis/art_7.html", "synopsis/xss-proposal.html"]
    for path in pages:
        page.goto(xss_url + path)
        if path.startswith("search"):
            page.wait_for_selector("#search-results li")
        assert page.evaluate("typeof window.__xss") == "undefined", path
        assert page.locator("main script").count() == (1 if path.startswith("search") else 0), path
        assert page.locator("a[href^='javascript']").count() == 0, path
    page.goto(xss_url + "documents/xss-draft.html")
    text = page.locator("#art_2__para_1__point_j").inner_text()
    assert '<script>window.__xss=2</script> apartheid, see this <a href="javascript:window.__xss=3">link</a>' in text
    assert "Hostile draft <img src=x" in page.locator("h1").inner_text()
    assert dialogs == [] and page.errors == []


def test_single_file_html_makes_no_request(page: Any, tmp_path: Path) -> None:
    from cahtool.diff import compare
    from cahtool.render import Options, render

    docs = Corpus(FROZEN)
    html = render(compare(docs.get("rome-statute-art7"), docs.get("ilc-2019")), "html", Options())
    path = tmp_path / "redline.html"
    path.write_text(str(html), encoding="utf-8")
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(path.as_uri())
    assert requests == [path.as_uri()]
    assert "this Statute" in page.locator("#art_2__para_1 del").text_content()
    assert page.errors == []


# -- who changed what, and texts side by side ----------------------------------------------------------

def test_each_layer_has_its_own_pattern_and_number(page: Any, site_url: str) -> None:
    page.goto(site_url + "compare/rome-statute-art7--gender-apartheid-definition.html")
    styles = page.eval_on_selector_all(
        "section.change ins[class^=layer], section.change del[class^=layer]",
        "els => [...new Set(els.map(e => e.className + ' ' + getComputedStyle(e).textDecorationStyle))].sort()")
    assert styles == ["layer-1 solid", "layer-2 dashed", "layer-3 dotted"]
    marks = page.locator("#art_2__para_2__point_h sup.layer-mark").all_inner_texts()
    assert marks == ["1", "3", "3"]  # "The" → "the" by ILC 2017, "or gender" twice by the proposal
    legend = page.locator("section.layers li").all_inner_texts()
    assert [line.split(": ")[0].split()[-1] for line in legend] == ["ilc-2017", "ilc-2019",
                                                                   "gender-apartheid-definition"]


def _no_sideways_scroll(page: Any) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"{page.url}: {width}px wide in a 390px window"


@pytest.mark.parametrize("path", ["synopsis/art_7.html", "synopsis/slave-trade.html",
                                  "synopsis/gender-apartheid-definition.html"])
def test_synopsis_on_a_phone_is_cards_without_sideways_scroll(browser: Any, site_url: str, path: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True)
    page = context.new_page()
    page.goto(site_url + path)
    _no_sideways_scroll(page)
    assert page.locator("table.synopsis thead").bounding_box()["width"] <= 1  # headers read by screen readers
    cards = page.locator("table.synopsis tbody tr").first.locator("td .card-doc")
    assert cards.first.is_visible() and cards.count() == page.locator("table.synopsis thead th").count()
    context.close()


def test_synopsis_on_a_desktop_is_a_table(page: Any, site_url: str) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(site_url + "synopsis/slave-trade.html")
    assert page.locator("table.synopsis thead th").count() == 4
    assert page.eval_on_selector("table.synopsis", "e => getComputedStyle(e).display") == "table"
    assert page.locator("td .card-doc").first.is_hidden()
    slave = page.locator("table.synopsis tr", has_text="the slave trade;")
    assert slave.locator("td.s-absent").count() == 3 and "the slave trade;" in slave.locator("td.s-inserted ins") \
        .inner_text()


def test_single_file_synopsis_on_a_phone(browser: Any, tmp_path: Path) -> None:
    from cahtool.render import synopsis as render_synopsis
    from cahtool.reports import synopsis

    docs = Corpus(FROZEN)
    path = tmp_path / "synopsis.html"
    path.write_text(render_synopsis.html(synopsis([docs.get(d) for d in ("rome-statute-art7", "ilc-2017", "ilc-2019",
                                                                          "slave-trade")])), encoding="utf-8")
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(path.as_uri())
    _no_sideways_scroll(page)
    assert requests == [path.as_uri()]
    context.close()


#: What a phone shows: an iPhone 12-15's viewport, in CSS pixels.
PHONE = {"width": 390, "height": 844}


@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_no_page_scrolls_sideways_on_a_phone(browser: Any, site_url: str, kind: str) -> None:
    """At 390 px nothing is wider than the screen: small tables stack, wide ones scroll inside their own box."""
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(site_url + PAGE_TYPES[kind])
    if kind == "search":
        page.wait_for_selector("#search-results li")
    scroll, client = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert scroll <= client, f"{kind}: {scroll} px wide on a {client} px screen"
    # A table that does not stack scrolls in its box, with its first column (the provision) kept in view.
    for box in page.locator(".table-wrap, .matrix-wrap").all():
        if box.evaluate("b => b.scrollWidth > b.clientWidth"):
            sticky = box.evaluate("b => getComputedStyle(b.querySelector('tbody th')).position")
            assert sticky == "sticky", kind
    context.close()


def _results(page: Any, site_url: str, query: str) -> list[tuple[str, bool]]:
    """(document id, whether the provision's own words matched) of each result, in the order shown."""
    page.goto(site_url + "search.html?q=" + query)
    page.wait_for_selector("#search-results li")
    out = []
    for li in page.locator("#search-results li").all():
        href = li.locator("a").get_attribute("href")
        out.append((href.split("documents/")[1].split(".html")[0], li.locator(".excerpt mark").count() > 0))
    return out


@pytest.mark.parametrize("query", ["apartheid", "persecution", "Rome Statute", "gender"])
def test_search_ranks_as_a_lawyer_reads(page: Any, site_url: str, query: str) -> None:
    """A provision's own words before its document's title; the texts themselves before documented proposals,
    and those before illustrative wordings."""
    from cahtool.site.write import search_rank

    ranks = {d.id: search_rank(d) for d in Corpus(FROZEN).documents()}
    found = _results(page, site_url, query)
    keys = [(0 if own else 1, ranks[doc]) for doc, own in found]
    assert keys == sorted(keys), found
    assert page.errors == []


def test_search_finds_the_proposals_in_their_own_bundle(page: Any, site_url: str) -> None:
    """The proposals are indexed apart (pagefind-proposals/, merged in by search.js): a proposal's own words are found
    with the texts' (here all three illustrative: in the order of relevance, across the two bundles)."""
    docs = sorted(doc for doc, own in _results(page, site_url, "slave trade") if own)
    assert docs == ["rolling-ilc-2019", "rolling-ilc-2019-rev1", "slave-trade"]
    assert page.errors == []


def test_official_texts_come_before_illustrative_wordings(page: Any, site_url: str) -> None:
    found = _results(page, site_url, "apartheid")
    assert found[0][0] in {"rome-statute-art7", "ilc-2019", "ilc-2017"}
    illustrative = [k for k, (doc, _) in enumerate(found) if doc.startswith("gender-apartheid")]
    official = [k for k, (doc, _) in enumerate(found) if doc in {"rome-statute-art7", "ilc-2019", "ilc-2017"}]
    assert illustrative and official and max(official) < min(illustrative)


@pytest.mark.parametrize("typo,word", [("persecusion", "persecution"), ("persecuton", "persecution"),
                                       ("aparthied", "apartheid"), ("exterminaton", "extermination")])
def test_search_forgives_one_typo(page: Any, site_url: str, typo: str, word: str) -> None:
    found = _results(page, site_url, typo)
    status = page.locator("#search-status").inner_text()
    assert status.startswith(f"No text uses “{typo}”: ") and status.endswith(f" for “{word}”.")
    assert ("rome-statute-art7", True) in found


# -- the negotiation: rolling texts, revisions, who stands where ---------------------------------------------


@pytest.mark.parametrize("path", NEGOTIATION_PAGES)
def test_negotiation_pages_fit_a_phone(browser: Any, site_url: str, path: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(site_url + path)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, path
    context.close()


def test_rolling_text_reads_as_a_un_text(no_js_page: Any, site_url: str) -> None:
    page = no_js_page
    page.goto(site_url + "negotiation.html")
    page.get_by_role("link", name="Illustrative rolling text: ILC draft articles").click()
    page.wait_for_url(site_url + "rolling/rolling-ilc-2019.html")
    point = page.locator("#art_2__para_1__point_h")
    assert point.locator(".bracket").all_inner_texts() == [
        "[as defined in paragraph 3,]",
        "[, in connection with any act referred to in this paragraph]",
    ]
    # the footnote number after the brackets leads to the delegations, and back
    point.locator("sup.fn a").first.click()
    page.wait_for_url(re.compile(r"#fn-2$"))
    assert page.locator("#fn-2").inner_text().startswith("Proposed by Nigeria.")
    options = page.locator("#art_2__para_2__point_h ul.options li")
    assert options.count() == 2
    assert options.nth(1).inner_text().startswith("Option 2: “the crime of apartheid”")
    page.goto(site_url + "rolling/rolling-ilc-2019-rev1.html")
    badge = page.locator("#art_2__para_1__point_a .badge.status")
    # a label in words, never colour alone ("Status:" is read out, not shown)
    assert " ".join(badge.text_content().split()) == "Status: agreed ad referendum (2028)"
    assert badge.inner_text().endswith("agreed ad referendum (2028)")


def test_revision_page_names_each_change(page: Any, site_url: str) -> None:
    page.goto(site_url + "rolling/rolling-ilc-2019--rolling-ilc-2019-rev1.html")
    slave = page.locator("#at-art_2__para_1__point_c-bis")
    assert slave.locator(".badge.event").all_inner_texts() == ["brackets removed", "status changed"]
    apartheid = page.locator("#at-art_2__para_2__point_h")
    assert "Option 1 chosen as worded; set aside: Option 2" in apartheid.locator("ul.events").inner_text()
    assert apartheid.locator("del").count() >= 1  # the word redline beside the events
    assert page.errors == []


def test_positions_matrix_and_delegation_pages(page: Any, site_url: str) -> None:
    page.goto(site_url + "positions.html")
    row = page.locator("table.matrix.positions tbody tr", has_text="Sierra Leone")
    assert row.locator(".stance.proponent").count() == 1
    assert row.locator("td.cell.proponent .vh").inner_text().strip() == "proponent"
    row.get_by_role("link", name="Sierra Leone").click()
    page.wait_for_url(site_url + "delegations/sierra-leone.html")
    assert page.locator("h2").all_inner_texts() == ["Proposed"]
    assert "The slave trade as a crime against humanity" in page.locator("ul.stands").inner_text()
    assert page.errors == []


def test_a_wording_several_texts_share_is_one_result_naming_them(page: Any, site_url: str) -> None:
    """The rolling text and its revision word 2(1)(c) alike: one result, the revision's, which names the text
    before it; the search still finds every text that has the words."""
    page.goto(site_url + "search.html?q=enslavement")
    page.wait_for_selector("#search-results li")
    items = page.locator("#search-results li").all()
    hrefs = [li.locator("a").get_attribute("href") for li in items]
    assert not any(h.endswith("documents/rolling-ilc-2019.html#art_2__para_1__point_c") for h in hrefs), hrefs
    shared = [li for li in items
              if li.locator("a").get_attribute("href").endswith("rolling-ilc-2019-rev1.html#art_2__para_1__point_c")]
    assert len(shared) == 1
    also = shared[0].locator(".also").inner_text()
    assert also.startswith("Worded alike in ") and "2023-10-05" in also
    assert page.errors == []
