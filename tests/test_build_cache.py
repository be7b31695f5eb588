"""The build cache: a build after one new proposal takes what it can from the cache and writes, byte for byte, the
site a clean build writes; a corrupt, foreign or stale cache is never trusted."""

from __future__ import annotations

import hashlib
import importlib
import json
import re
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from cahtool import Corpus
from cahtool.site import build
from cahtool.site.cache import DATABASE, FORMAT, IN_FILE, PAGES, cache_directory
from tests.conftest import FROZEN


def snapshot(site: Path) -> dict[str, bytes]:
    """Every file of a site, by path, byte for byte."""
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def add_proposal(drafts: Path, source: str, new_id: str, words: str) -> None:
    """A new proposal in the corpus: a copy of one of the frozen corpus's, with its own id and proposed words."""
    text = (FROZEN / "proposals" / f"{source}.xml").read_text(encoding="utf-8")
    text = re.sub(rf"/{re.escape(source)}(?=[/\"])", f"/{new_id}", text)
    text = text.replace(f'value="{source}"', f'value="{new_id}"')
    text = text.replace("<p>the slave trade;</p>", f"<p>{words};</p>")
    (drafts / "proposals" / f"{new_id}.xml").write_text(text, encoding="utf-8")


@pytest.fixture
def drafts(tmp_path: Path) -> Path:
    copy = tmp_path / "drafts"
    shutil.copytree(FROZEN, copy)
    return copy


def test_a_build_after_one_new_proposal_is_the_clean_build_byte_for_byte(drafts: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    first = build(Corpus(drafts), out, search=False)
    assert first.cache == (0, first.cache[1]) and first.cache[1] > 0  # nothing to take yet: all made, all kept
    assert cache_directory(out).is_dir()
    add_proposal(drafts, "slave-trade", "trafficking-in-persons", "trafficking in persons")
    cached = build(Corpus(drafts), out, search=False)
    hits, misses = cached.cache
    assert hits > 0 and misses > 0  # the comparisons of unchanged texts taken, the new proposal's made
    clean = tmp_path / "clean"
    build(Corpus(drafts), clean, search=False, cache=False)
    assert not cache_directory(clean).exists()
    mine, theirs = snapshot(out), snapshot(clean)
    assert sorted(mine) == sorted(theirs)
    assert "documents/trafficking-in-persons.html" in mine
    for name in theirs:
        assert mine[name] == theirs[name], name
    # And once more with nothing changed: everything taken from the cache, the same site again.
    again = build(Corpus(drafts), out, search=False)
    assert again.cache[1] == 0 and snapshot(out) == theirs


def test_a_build_after_one_new_proposal_applies_that_proposal_only(drafts: Path, tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    import cahtool.amend

    out = tmp_path / "site"
    build(Corpus(drafts), out, search=False)
    applied: list[str] = []
    real = cahtool.amend.consolidated_tree

    def counting(proposals, base, base_path):  # type: ignore[no-untyped-def]
        applied.extend(path for _, path in proposals)
        return real(proposals, base, base_path)

    monkeypatch.setattr(cahtool.amend, "consolidated_tree", counting)
    add_proposal(drafts, "slave-trade", "trafficking-in-persons", "trafficking in persons")
    build(Corpus(drafts), out, search=False)
    # Every other proposal's consolidated text is the one kept: the same bytes a clean build makes (test above).
    assert [Path(p).name for p in applied] == ["trafficking-in-persons.xml"]
    applied.clear()
    (drafts / "proposals" / "slave-trade.xml").write_text(
        (drafts / "proposals" / "slave-trade.xml").read_text(encoding="utf-8").replace(
            "the slave trade;", "the slave trade and practices similar to slavery;"), encoding="utf-8")
    build(Corpus(drafts), out, search=False)
    assert [Path(p).name for p in applied] == ["slave-trade.xml"]  # a changed proposal is applied again
    clean = tmp_path / "clean"
    build(Corpus(drafts), clean, search=False, cache=False)
    assert snapshot(out) == snapshot(clean)


def test_the_search_index_too(drafts: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from cahtool.site import search

    indexed: list[str] = []
    real = search._index
    monkeypatch.setattr(search, "_index", lambda pages, out: (indexed.append(out.name), real(pages, out))[1])
    out = tmp_path / "site"
    build(Corpus(drafts), out)
    assert indexed == ["pagefind", "pagefind-proposals"]
    indexed.clear()
    add_proposal(drafts, "slave-trade", "trafficking-in-persons", "trafficking in persons")
    build(Corpus(drafts), out)
    assert indexed == ["pagefind-proposals"]  # the texts' bundle taken from the last build's site
    clean = tmp_path / "clean"
    build(Corpus(drafts), clean, cache=False)
    assert snapshot(out) == snapshot(clean)
    # A bundle that is not the one the cache remembers (a file changed by hand) is made again.
    fragment = next((out / "pagefind" / "fragment").iterdir())
    fragment.write_bytes(fragment.read_bytes() + b"x")
    indexed.clear()
    build(Corpus(drafts), out)
    assert indexed == ["pagefind", "pagefind-proposals"] and snapshot(out) == snapshot(clean)
    # A text changed: its bundle is made again.
    path = drafts / "ilc-2019-art2.xml"
    path.write_text(path.read_text(encoding="utf-8").replace("<p>murder;</p>", "<p>wilful killing;</p>"),
                    encoding="utf-8")
    indexed.clear()
    build(Corpus(drafts), out)
    assert indexed == ["pagefind", "pagefind-proposals"]
    build(Corpus(drafts), clean, cache=False)
    assert snapshot(out) == snapshot(clean)


def entries(directory: Path) -> list[tuple[str, str, str, int, bytes]]:
    """The rows of a cache: name, format, digest, how the payload is kept (0: JSON, 1: a page's text, ``IN_FILE``: a
    page's file in ``PAGES``), payload (a file's bytes for a page kept as a file)."""
    with closing(sqlite3.connect(directory / DATABASE)) as db:
        rows = db.execute("SELECT name, format, sha256, text, payload FROM entries ORDER BY name").fetchall()
    return [(name, kind, digest, text, (directory / PAGES / name).read_bytes() if text == IN_FILE else payload)
            for name, kind, digest, text, payload in rows]


def spoil_file(file: Path, payload: bytes, k: int) -> None:
    """Spoil a page kept as a file (the site's own file, changed in place), the ``k``-th way."""
    match k % 4:
        case 0:
            file.write_bytes(payload[:len(payload) // 2])  # truncated
        case 1:
            file.write_bytes(b"\x00\xff garbage")
        case 2:
            file.write_bytes(payload.replace(b"<", b">", 1))  # fails its digest
        case _:  # a link in its place, to the very bytes: never followed
            same = file.parent.parent / f"{file.name}.elsewhere"
            same.write_bytes(payload)
            file.unlink()
            file.symlink_to(same)


def corrupt(directory: Path) -> int:
    """Spoil every entry a different way; the number of entries."""
    rows = entries(directory)
    with closing(sqlite3.connect(directory / DATABASE)) as db, db:
        for k, (name, _, digest, text, payload) in enumerate(rows):
            if text == IN_FILE:
                spoil_file(directory / PAGES / name, payload, k)
                continue
            match k % 6:
                case 0:
                    spoilt = (FORMAT, digest, text, payload[:len(payload) // 2])  # truncated
                case 1:
                    spoilt = (FORMAT, digest, text, b"\x00\xff garbage")
                case 2:
                    spoilt = (FORMAT, digest, text, payload.replace(b"0", b"1", 1))  # fails its digest
                case 3:  # another format
                    spoilt = ("cahtool-build-cache/0", digest, text, payload)
                case 4:  # a row that is not bytes at all
                    spoilt = (FORMAT, digest, text, "a text, not a payload")
                case 5 if not text:  # well-formed JSON, about provisions that are not in the documents
                    payload = re.sub(rb"\d+", b"99999", payload)
                    spoilt = (FORMAT, hashlib.sha256(payload).hexdigest(), text, payload)
                case _:  # a page (a string: nothing to check it against but its digest): truncated
                    spoilt = (FORMAT, digest, text, payload[:-3])
            db.execute("UPDATE entries SET format = ?, sha256 = ?, text = ?, payload = ? WHERE name = ?",
                       (*spoilt, name))
    return len(rows)


def test_a_corrupt_or_foreign_cache_is_ignored_and_made_again(drafts: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    build(Corpus(drafts), out, search=False)
    clean = snapshot(out)
    kept = corrupt(cache_directory(out))
    (cache_directory(out) / "stray.txt").write_text("not an entry", encoding="utf-8")
    (cache_directory(out) / "0123abcd.json").write_text("an entry of the cache before it was a database",
                                                         encoding="utf-8")
    report = build(Corpus(drafts), out, search=False)
    assert snapshot(out) == clean
    assert report.cache[1] > 0  # the spoilt entries were made again
    assert sorted(p.name for p in cache_directory(out).iterdir()) == [DATABASE, PAGES]
    rows = entries(cache_directory(out))
    files = sorted(p.name for p in (cache_directory(out) / PAGES).iterdir())
    assert files == [row[0] for row in rows if row[3] == IN_FILE] and files  # no stray file, no link, kept
    # What the build used, each made again where it was spoilt: no more than the first build kept (an alignment
    # that only following a provision through the drafts needed is not asked for where that history is taken).
    assert 0 < len(rows) <= kept and all(row[1] == FORMAT for row in rows)
    assert all(row[2] == hashlib.sha256(row[4]).hexdigest() for row in rows)
    assert build(Corpus(drafts), out, search=False).cache[1] == 0  # made again, now taken
    assert snapshot(out) == clean


@pytest.mark.parametrize("content", [b"", b"not a database at all", b"SQLite format 3\x00" + b"\xff" * 5000])
def test_a_cache_that_is_not_a_database_is_replaced(drafts: Path, tmp_path: Path, content: bytes) -> None:
    out = tmp_path / "site"
    build(Corpus(drafts), out, search=False)
    clean = snapshot(out)
    (cache_directory(out) / DATABASE).write_bytes(content)
    report = build(Corpus(drafts), out, search=False)
    assert snapshot(out) == clean and report.cache[0] == 0  # nothing taken, nothing broken
    # The spoilt file was removed (an empty one is a new database already): the next build makes a new cache ...
    build(Corpus(drafts), out, search=False)
    assert snapshot(out) == clean
    # ... and the one after takes everything from it.
    assert build(Corpus(drafts), out, search=False).cache[1] == 0
    assert snapshot(out) == clean


def test_a_build_that_stops_keeps_what_it_made(drafts: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "site"

    def interrupted(fresh: Path, target: Path, keep: list[str]) -> None:
        raise KeyboardInterrupt  # Ctrl-C once every page is written, before the site is swapped in

    with monkeypatch.context() as patch:
        patch.setattr("cahtool.site.write.replace_directory", interrupted)
        with pytest.raises(KeyboardInterrupt):
            build(Corpus(drafts), out, search=False)
    assert not out.exists()
    made = entries(cache_directory(out))
    assert made  # committed, though the build did not finish
    report = build(Corpus(drafts), out, search=False)
    assert report.cache[1] == 0  # everything it needs taken (what it made first, nothing made again)
    clean = tmp_path / "clean"
    build(Corpus(drafts), clean, search=False, cache=False)
    assert snapshot(out) == snapshot(clean)


def test_another_cahtool_other_templates_or_baseline_make_everything_again(drafts: Path, tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "site"
    build(Corpus(drafts), out, search=False)
    assert build(Corpus(drafts), out, search=False).cache[0] > 0
    monkeypatch.setattr("cahtool.site.cache.__version__", "999.0")
    assert build(Corpus(drafts), out, search=False).cache[0] == 0
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "search.html").write_text("{% extends 'base.html' %}{% block main %}Search{% endblock %}",
                                           encoding="utf-8")
    assert build(Corpus(drafts), out, search=False, templates=templates).cache[0] == 0
    assert build(Corpus(drafts), out, search=False, templates=templates).cache[0] > 0
    assert build(Corpus(drafts), out, search=False, templates=templates, baseline="ilc-2019").cache[0] == 0


def test_a_changed_text_is_compared_again(drafts: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    build(Corpus(drafts), out, search=False)
    path = drafts / "ilc-2019-art2.xml"
    path.write_text(path.read_text(encoding="utf-8").replace("<p>murder;</p>", "<p>wilful killing;</p>"),
                    encoding="utf-8")
    build(Corpus(drafts), out, search=False)
    clean = tmp_path / "clean"
    build(Corpus(drafts), clean, search=False, cache=False)
    assert snapshot(out) == snapshot(clean)
    assert "wilful killing" in (out / "compare" / "ilc-2017--ilc-2019.html").read_text(encoding="utf-8")


def test_no_cache_neither_reads_nor_writes(cli, drafts: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    result = cli("--drafts", str(drafts), "build", "--no-search", "--no-cache", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["drafts", "site"]
    assert cli("--drafts", str(drafts), "build", "--no-search", "--out", str(out)).exit_code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site.cache", "drafts", "site"]
    assert sorted(p.name for p in cache_directory(out).iterdir()) == [DATABASE, PAGES]  # no journal left


@pytest.mark.parametrize("page", ["comparison.html", "synopsis.html", "provision.html"])
def test_a_template_that_reads_more_of_the_site_is_never_kept(drafts: Path, tmp_path: Path, page: str) -> None:
    """The pages kept in the cache (comparisons, synopses, provisions) read only what their names say; an override
    that reads more of the site (here, how many texts it has) is made again every build."""
    templates = tmp_path / "templates"
    templates.mkdir()
    shipped = (Path(__file__).resolve().parent.parent / "templates" / page).read_text(encoding="utf-8")
    (templates / page).write_text(
        shipped.replace("{% block main %}", "{% block main %}<p class=count>{{ site.documents | length }} texts</p>"),
        encoding="utf-8")
    out = tmp_path / "site"
    build(Corpus(drafts), out, search=False, templates=templates)
    add_proposal(drafts, "slave-trade", "trafficking-in-persons", "trafficking in persons")
    build(Corpus(drafts), out, search=False, templates=templates)
    clean = tmp_path / "clean"
    build(Corpus(drafts), clean, search=False, templates=templates, cache=False)
    assert snapshot(out) == snapshot(clean)
    shown = {"comparison.html": "compare/ilc-2017--ilc-2019.html", "synopsis.html": "synopsis/art_7.html",
             "provision.html": "provisions/art_7__para_1__point_c.html"}[page]
    assert "<p class=count>16 texts</p>" in (out / shown).read_text(encoding="utf-8")


def test_a_python_without_sqlite_builds_without_a_cache(drafts: Path, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "site"
    clean = tmp_path / "clean"
    build(Corpus(drafts), clean, search=False, cache=False)
    monkeypatch.setitem(__import__("sys").modules, "sqlite3", None)  # ``import sqlite3`` raises ImportError
    report = build(Corpus(drafts), out, search=False)
    assert report.cache[0] == 0 and snapshot(out) == snapshot(clean)
    assert not (cache_directory(out) / DATABASE).exists()


def test_a_search_bundle_that_is_a_link_is_made_again(drafts: Path, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """The texts' bundle is carried from the last site into the new one only as plain files and directories."""
    from cahtool.site import search

    out = tmp_path / "site"
    build(Corpus(drafts), out)
    elsewhere = tmp_path / "elsewhere"
    (out / "pagefind").rename(elsewhere)
    (out / "pagefind").symlink_to(elsewhere, target_is_directory=True)
    indexed: list[str] = []
    real = search._index
    monkeypatch.setattr(search, "_index", lambda pages, where: (indexed.append(where.name), real(pages, where))[1])
    build(Corpus(drafts), out)
    assert indexed == ["pagefind", "pagefind-proposals"]
    assert not (out / "pagefind").is_symlink() and (out / "pagefind" / "pagefind.js").is_file()
    # A file in it replaced by a link (to a file of the same size): made again too.
    fragment = next((out / "pagefind" / "fragment").iterdir())
    copy = tmp_path / "fragment-copy"
    copy.write_bytes(fragment.read_bytes())
    fragment.unlink()
    fragment.symlink_to(copy)
    indexed.clear()
    build(Corpus(drafts), out)
    assert indexed == ["pagefind", "pagefind-proposals"] and not fragment.is_symlink()


def test_fragments_made_once_are_the_fragments_made_each_time(drafts: Path, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """A comparison's views share their rows (``once``), and comparisons their redlines (named by the numbers of the
    layers their edits are by): the site is the one made when nothing is shared."""
    from cahtool.site import write

    assert write._argument(False) != write._argument(0) and write._argument({"a": 1}) == write._argument({"a": 1})
    shared = tmp_path / "shared"
    build(Corpus(drafts), shared, search=False, cache=False)
    # No two names alike: every row and every redline made again where it is shown.
    monkeypatch.setattr(write, "_argument", lambda value: object())
    monkeypatch.setattr(write, "_layers_named", lambda ops, numbers: object())
    alone = tmp_path / "alone"
    build(Corpus(drafts), alone, search=False, cache=False)
    assert snapshot(alone) == snapshot(shared)


def test_unchanged_kept_pages_are_linked_from_the_last_site(drafts: Path, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """A rebuild links the last site's kept pages (comparisons and their data) that it would write again, unread:
    the site is the clean build's byte for byte, and a file of the last site changed in any way is never linked,
    even with its size and modification time put back."""
    import os

    out = tmp_path / "site"
    build(Corpus(drafts), out, search=False)
    linked: list[str] = []
    real = os.link

    def counting(source, target, *, follow_symlinks=True):  # type: ignore[no-untyped-def]
        assert follow_symlinks is False
        linked.append(Path(target).relative_to(Path(target).parents[1]).as_posix())
        return real(source, target, follow_symlinks=follow_symlinks)

    monkeypatch.setattr(os, "link", counting)
    add_proposal(drafts, "slave-trade", "trafficking-in-persons", "trafficking in persons")
    page = out / "compare" / "icty-art5--rome-statute-art7.html"
    data = out / "data" / "icty-art5--rome-statute-art7.json"
    assert page.is_file() and data.is_file()
    # Tampered with, same size, same modification time: its change time gives it away.
    before = page.stat()
    text = page.read_bytes()
    page.write_bytes(text.replace(b"<h1>", b"<h2>", 1).replace(b"</h1>", b"</h2>", 1))
    os.utime(page, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert page.stat().st_size == before.st_size and page.stat().st_mtime_ns == before.st_mtime_ns
    rebuilt = build(Corpus(drafts), out, search=False)
    assert "data/icty-art5--rome-statute-art7.json" in linked
    assert "compare/icty-art5--rome-statute-art7.html" not in linked
    assert not any("trafficking-in-persons" in path for path in linked)  # new: made, not linked
    assert len(linked) > 20
    clean = tmp_path / "clean"
    build(Corpus(drafts), clean, search=False, cache=False)
    assert snapshot(out) == snapshot(clean)
    assert page.read_bytes() == text
    hits, misses = rebuilt.cache
    assert hits > len(linked) and misses > 0  # a linked page counts as taken from the cache
    # Once more, nothing changed: every kept page linked, the same site again.
    linked.clear()
    build(Corpus(drafts), out, search=False)
    assert "compare/icty-art5--rome-statute-art7.html" in linked
    assert snapshot(out) == snapshot(clean)


def test_a_file_system_without_links_gets_the_pages_written(drafts: Path, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    out = tmp_path / "site"
    build(Corpus(drafts), out, search=False)
    tried: list[str] = []

    def refused(source, target, *, follow_symlinks=True):  # type: ignore[no-untyped-def]
        tried.append(str(target))
        raise OSError(1, "Operation not permitted")

    monkeypatch.setattr(os, "link", refused)
    add_proposal(drafts, "slave-trade", "trafficking-in-persons", "trafficking in persons")
    build(Corpus(drafts), out, search=False)
    # Refused once into the new site (every page written after that), once into the cache (every new page copied
    # into the database after that).
    pages = cache_directory(out) / PAGES
    assert sorted(Path(t).parent == pages for t in tried) == [False, True]
    clean = tmp_path / "clean"
    build(Corpus(drafts), clean, search=False, cache=False)
    assert snapshot(out) == snapshot(clean)
    # The pages kept as copies are taken as the files are: with no site to link from, nothing is made again.
    assert any(row[3] == 1 for row in entries(cache_directory(out)))
    shutil.rmtree(out)
    assert build(Corpus(drafts), out, search=False).cache[1] == 0
    assert snapshot(out) == snapshot(clean)


def test_the_pages_kept_are_the_site_s_own_files_not_copies(drafts: Path, tmp_path: Path) -> None:
    """A page the cache keeps is a second name of the site's file (no byte of it copied into the database), and
    the cache alone gives the site back once the site is gone."""
    out = tmp_path / "site"
    build(Corpus(drafts), out, search=False)
    clean = snapshot(out)
    site_files = {p.stat().st_ino: hashlib.sha256(p.read_bytes()).hexdigest() for p in out.rglob("*") if p.is_file()}
    rows = entries(cache_directory(out))
    files = [row for row in rows if row[3] == IN_FILE]
    assert len(files) > 10
    for name, _, digest, _, _ in files:
        assert site_files.get((cache_directory(out) / PAGES / name).stat().st_ino) == digest
    assert not {row[2] for row in rows if row[3] != IN_FILE} & set(site_files.values())  # no page copied
    shutil.rmtree(out)
    assert build(Corpus(drafts), out, search=False).cache[1] == 0
    assert snapshot(out) == clean


def test_a_new_cache_is_not_asked_for_what_it_cannot_hold(tmp_path: Path) -> None:
    """A cache that held nothing when opened answers from what this build put in it, without asking SQLite; one
    that held entries is asked as before."""
    from cahtool.site.cache import Store

    first = Store(tmp_path / "cache")
    assert first.get("a" * 64) is None and first.misses == 1
    first.put("b" * 64, {"kept": [1, 2]})
    assert first.get("b" * 64) == {"kept": [1, 2]} and first.hits == 1
    first.close()
    again = Store(tmp_path / "cache")
    assert again.get("b" * 64) == {"kept": [1, 2]} and again.get("a" * 64) is None
    assert (again.hits, again.misses) == (1, 1)
    again.close()


def test_a_concordance_column_follows_the_texts_its_histories_pass_through(drafts: Path, tmp_path: Path) -> None:
    """A column of the concordance is kept in the cache, but the cells of an older instrument come from the
    provisions' histories, which reach it through the texts in between: the IMT Charter's "deportation" is found by
    its wording from the ICTY Statute's. Changing the ICTY Statute's changes the IMT Charter's column, whose own
    comparison with the baseline is the same."""
    out = tmp_path / "site"
    build(Corpus(drafts), out, search=False)
    before = (out / "concordance.html").read_text(encoding="utf-8")
    imt_deportation = '<a href="provisions/art_7__para_1__point_d.html#in-imt-charter-art6">'
    assert imt_deportation + '<span class="cell-mark" aria-hidden="true">⊂</span> within' in before
    path = drafts / "icty-statute-art5.xml"
    path.write_text(path.read_text(encoding="utf-8").replace("<p>deportation;</p>", "<p>forcible transfer;</p>"),
                    encoding="utf-8")
    cached = build(Corpus(drafts), out, search=False)
    assert cached.cache[0] > 0
    clean = tmp_path / "clean"
    build(Corpus(drafts), clean, search=False, cache=False)
    after = (out / "concordance.html").read_text(encoding="utf-8")
    assert after == (clean / "concordance.html").read_text(encoding="utf-8")
    assert imt_deportation + '<span class="cell-mark" aria-hidden="true">∅</span> absent' in after
    assert snapshot(out) == snapshot(clean)


def test_a_proposal_is_kept_as_its_document_on_its_base(drafts: Path) -> None:
    """``document_data`` names the provisions a proposal shares with its base by their places, and gives back an
    equal document on the same objects; anything else it is given is refused, never half read."""
    from cahtool.corpus import Places, document_data, document_from_data

    corpus = Corpus(drafts)
    corpus.share()
    proposals = corpus.proposals()
    assert len(proposals) >= 8
    for doc in proposals:
        places = Places(corpus.get(doc.base))
        data = document_data(doc, places)
        back = document_from_data(json.loads(json.dumps(data)), places)
        assert back == doc
        shared = {id(p) for p in places.walked}
        assert [id(p) in shared for p in back.walk()] == [id(p) in shared for p in doc.walk()]
        assert [p is q for p, q in zip(back.walk(), doc.walk(), strict=True)] == [id(p) in shared for p in doc.walk()]
        assert isinstance(data["provisions"][0], (int, list))
    doc = proposals[0]
    places = Places(corpus.get(doc.base))
    data = document_data(doc, places)

    def places_named(value: object) -> list[int]:
        return [value] if isinstance(value, int) else [i for v in value[6] for i in places_named(v)]  # type: ignore[index]

    named = [i for p in data["provisions"] for i in places_named(p)]
    assert named  # a proposal shares most of its text with its base
    spoilt = [
        {**data, "provisions": [*data["provisions"], named[0]]},  # one place taken twice
        {**data, "provisions": [*data["provisions"], 0]},  # the base's first provision, around one taken
        {**data, "provisions": [-1]},
        {**data, "provisions": [len(places.walked)]},
        {**data, "provisions": [True]},
        {**data, "provisions": [["art_1", "article", "1.", "", "words", "art. 1", [], [["i", "0", 1]], False, ""]]},
        {**data, "text": data["text"][:-1]},
        {**data, "text": [1] * len(data["text"])},
        {**data, "parties": [[["a", "b", "c"]], [], []]},
        [],
    ]
    for bad in spoilt:
        with pytest.raises((TypeError, ValueError, IndexError, KeyError)):
            document_from_data(bad, places)


def test_a_new_proposal_follows_no_provision_through_the_drafts_again(drafts: Path, tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """A provision's history through the texts that are not proposals is kept, named by those texts: a build after
    one new proposal follows no provision through them again, and a changed draft makes them all again."""
    from cahtool.reports import threads

    out = tmp_path / "site"
    build(Corpus(drafts), out, search=False)
    followed: list[str] = []
    real = threads.main_line

    def counting(aligned, start_doc, start, mainline):  # type: ignore[no-untyped-def]
        followed.append(start.eid)
        return real(aligned, start_doc, start, mainline)

    monkeypatch.setattr(threads, "main_line", counting)
    add_proposal(drafts, "slave-trade", "trafficking-in-persons", "trafficking in persons")
    build(Corpus(drafts), out, search=False)
    assert followed == []
    path = drafts / "ilc-2017-art3.xml"
    path.write_text(path.read_text(encoding="utf-8").replace("<p>murder;</p>", "<p>wilful killing;</p>"),
                    encoding="utf-8")
    build(Corpus(drafts), out, search=False)
    assert "art_7__para_1__point_a" in followed and len(followed) == len(set(followed)) > 10
    clean = tmp_path / "clean"
    build(Corpus(drafts), clean, search=False, cache=False)
    assert snapshot(out) == snapshot(clean)


def test_a_kept_proposal_that_is_another_document_is_not_taken(drafts: Path, tmp_path: Path) -> None:
    """A proposal's document in the cache names itself and its base: one kept under another proposal's name, or
    naming another base (its digest made again), is refused and the proposal applied again."""
    out = tmp_path / "site"
    build(Corpus(drafts), out, search=False)
    clean = snapshot(out)
    with closing(sqlite3.connect(cache_directory(out) / DATABASE)) as db, db:
        documents = [(name, payload) for name, payload in db.execute("SELECT name, payload FROM entries WHERE text = 0")
                     if b'"parties"' in payload]
        assert len(documents) == 8  # one a proposal
        (first, one), (second, _) = documents[0], documents[1]
        forged = one.replace(b'"ilc-2019"', b'"ilc-2017"')
        assert forged != one
        for name, payload in ((first, forged), (second, one)):
            db.execute("UPDATE entries SET payload = ?, sha256 = ? WHERE name = ?",
                       (payload, hashlib.sha256(payload).hexdigest(), name))
    report = build(Corpus(drafts), out, search=False)
    assert report.cache[1] >= 2
    assert snapshot(out) == clean


def test_a_provision_page_is_taken_only_while_its_links_lead_where_they_did(drafts: Path, tmp_path: Path,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """A provision's page is kept with the links it asked the site for. A proposal tabled on the same day as
    others, whose id comes first, numbers them on in the compiled text: the pages that link to their entries
    there are made again (with the new numbers), the others taken as they were."""
    out = tmp_path / "site"
    build(Corpus(drafts), out, search=False)
    before = snapshot(out)
    import cahtool.site.write as write

    made: list[str] = []
    real = write.Renderer.recorded

    def counting(self, key, path, template, title, **context):  # type: ignore[no-untyped-def]
        if self.store is None:  # the clean build
            return real(self, key, path, template, title, **context)
        hits = self.store.hits
        real(self, key, path, template, title, **context)
        if self.store.hits < hits + 2:  # a page taken is two entries taken: its questions, and the page
            made.append(path)

    monkeypatch.setattr(write.Renderer, "recorded", counting)
    add_proposal(drafts, "slave-trade", "a-trafficking-in-persons", "trafficking in persons")
    build(Corpus(drafts), out, search=False)
    clean = tmp_path / "clean"
    build(Corpus(drafts), clean, search=False, cache=False)
    after = snapshot(out)
    assert after == snapshot(clean)
    changed = sorted(p for p in before if p.startswith("provisions/") and before[p] != after[p])
    # Pages the new proposal is not on, changed only because the proposals they show are numbered on.
    renumbered = [p for p in changed if b"a-trafficking-in-persons" not in after[p]]
    assert "provisions/art_7__para_3.html" in renumbered  # the definition of gender: two proposals restore it
    assert set(changed) <= set(made)  # every page whose links changed was made again
    unchanged = [p for p in before if p.startswith("provisions/") and before[p] == after[p]]
    assert unchanged and not set(unchanged) & set(made)  # and no other


def test_a_comparison_through_the_drafts_is_read_back_only_when_asked_for(drafts: Path, tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """A proposal's comparison with the baseline is attributed through the drafts in between; its pages are kept
    and its counts known, so a build after one new proposal reads none of the others' changes back."""
    site_plan = importlib.import_module("cahtool.site.plan")  # the module (the package names its function plan)

    out = tmp_path / "site"
    build(Corpus(drafts), out, search=False)
    read: list[str] = []
    real = site_plan.layered

    def counting(store, texts, old, new, chain, note, make):  # type: ignore[no-untyped-def]
        read.append(new.id)
        return real(store, texts, old, new, chain, note, make)

    monkeypatch.setattr(site_plan, "layered", counting)
    add_proposal(drafts, "slave-trade", "trafficking-in-persons", "trafficking in persons")
    build(Corpus(drafts), out, search=False)
    assert read == ["trafficking-in-persons"]
    clean = tmp_path / "clean"
    build(Corpus(drafts), clean, search=False, cache=False)
    assert snapshot(out) == snapshot(clean)
