"""The build cache: a build after one new proposal takes what it can from the cache and writes, byte for byte, the
site a clean build writes; a corrupt, foreign or stale cache is never trusted."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from cahtool import Corpus
from cahtool.site import build
from cahtool.site.cache import FORMAT, cache_directory
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
    real = cahtool.amend.apply_amendments

    def counting(proposals, base, base_path):  # type: ignore[no-untyped-def]
        applied.extend(path for _, path in proposals)
        return real(proposals, base, base_path)

    monkeypatch.setattr(cahtool.amend, "apply_amendments", counting)
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


def test_the_search_index_too(drafts: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    build(Corpus(drafts), out)
    add_proposal(drafts, "slave-trade", "trafficking-in-persons", "trafficking in persons")
    build(Corpus(drafts), out)
    clean = tmp_path / "clean"
    build(Corpus(drafts), clean, cache=False)
    assert snapshot(out) == snapshot(clean)


def corrupt(directory: Path) -> int:
    """Spoil every entry a different way; the number of entries."""
    entries = sorted(directory.iterdir())
    for k, path in enumerate(entries):
        data = path.read_bytes()
        head, _, payload = data.partition(b"\n")
        envelope = json.loads(head)
        match k % 6:
            case 0:
                path.write_bytes(data[:len(data) // 2])  # truncated
            case 1:
                path.write_bytes(b"\x00\xff garbage")
            case 2:
                path.write_bytes(head + b"\n" + payload.replace(b"0", b"1", 1))  # a payload that fails its digest
            case 3:  # another format
                path.write_bytes(json.dumps({**envelope, "format": "cahtool-build-cache/0"}).encode() + b"\n" + payload)
            case 4:  # an entry of another name, put here
                other = entries[(k + 1) % len(entries)].read_bytes()
                path.write_bytes(other)
            case 5 if not envelope["text"]:  # well-formed JSON, about provisions that are not in the documents
                spoiled = re.sub(rb"\d+", b"99999", payload)
                path.write_bytes(json.dumps({**envelope, "sha256": __import__("hashlib").sha256(spoiled)
                                             .hexdigest()}).encode() + b"\n" + spoiled)
            case _:  # a page (a string: nothing to check it against but its digest): truncated
                path.write_bytes(data[:-3])
    return len(entries)


def test_a_corrupt_or_foreign_cache_is_ignored_and_made_again(drafts: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    build(Corpus(drafts), out, search=False)
    clean = snapshot(out)
    entries = corrupt(cache_directory(out))
    (cache_directory(out) / "stray.txt").write_text("not an entry", encoding="utf-8")
    report = build(Corpus(drafts), out, search=False)
    assert snapshot(out) == clean
    assert report.cache[1] > 0  # the spoilt entries were made again
    kept = sorted(p.name for p in cache_directory(out).iterdir())
    assert "stray.txt" not in kept and len(kept) == entries
    assert all(json.loads(p.read_bytes().partition(b"\n")[0])["format"] == FORMAT
               for p in cache_directory(out).iterdir())
    assert build(Corpus(drafts), out, search=False).cache[1] == 0  # made again, now taken
    assert snapshot(out) == clean


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
    assert not any(p.name.endswith(".tmp") for p in cache_directory(out).iterdir())  # written whole, renamed


def test_a_template_that_reads_more_of_the_site_is_never_kept(drafts: Path, tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    shipped = (Path(__file__).resolve().parent.parent / "templates" / "comparison.html").read_text(encoding="utf-8")
    (templates / "comparison.html").write_text(
        shipped.replace("{% block main %}", "{% block main %}<p class=count>{{ site.documents | length }} texts</p>"),
        encoding="utf-8")
    out = tmp_path / "site"
    build(Corpus(drafts), out, search=False, templates=templates)
    add_proposal(drafts, "slave-trade", "trafficking-in-persons", "trafficking in persons")
    build(Corpus(drafts), out, search=False, templates=templates)
    clean = tmp_path / "clean"
    build(Corpus(drafts), clean, search=False, templates=templates, cache=False)
    assert snapshot(out) == snapshot(clean)
    assert "<p class=count>16 texts</p>" in (out / "compare" / "ilc-2017--ilc-2019.html").read_text(encoding="utf-8")
