"""``cahtool diff --format html``: one self-contained file, the site's redline, nothing fetched, no script."""

from __future__ import annotations

import re
from pathlib import Path

from cahtool import Corpus
from cahtool.diff import compare
from cahtool.render import RENDERERS, Options, render

HERE = Path(__file__).resolve().parent
MINI = HERE / "fixtures" / "site-mini"


def _html(options: Options | None = None, corpus: Path = MINI, old: str = "rome-statute-art7",
          new: str = "ilc-2019") -> str:
    docs = Corpus(corpus)
    out = render(compare(docs.get(old), docs.get(new)), "html", options or Options())
    assert isinstance(out, str)
    return out


def test_registered() -> None:
    assert RENDERERS["html"] == "cahtool.render.html:render"


def test_golden(golden) -> None:
    golden(HERE / "goldens" / "diff" / "rome-statute-art7--ilc-2019.html", _html())


def test_self_contained() -> None:
    html = _html()
    assert "<script" not in html
    assert re.findall(r'\b(?:src|srcset|action|background)=', html) == []
    assert [h for h in re.findall(r'href="([^"]*)"', html) if not h.startswith("#")] == []
    assert "url(" not in html and "@import" not in html and "<link" not in html
    assert "<style>" in html and "del + ins" in html  # the site's redline.css, inlined


def test_redline_words_and_hidden_text() -> None:
    html = _html()
    assert re.search(r'<del style="[^"]*line-through[^"]*"><span class="vh">deleted: </span>this Statute', html)
    assert re.search(r'<ins style="[^"]*underline[^"]*"><span class="vh">inserted: </span>the present draft '
                     r'articles', html)
    assert "art. 7(1)(h) → art. 2(1)(h)" in html
    assert "Unverified reconstruction" in html


def test_substantive_only() -> None:
    html = _html(Options(substantive_only=True))
    assert "Murder" not in html and "this Statute" in html
    assert "Only changes of substance are shown." in html


def test_cli(cli, tmp_path: Path) -> None:
    out = tmp_path / "redline.html"
    result = cli("diff", "rome-statute-art7", "ilc-2019", "--format", "html", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_escapes_hostile_text() -> None:
    html = _html(corpus=HERE / "fixtures" / "site-xss", new="xss-draft")
    assert "&lt;script&gt;window.__xss=2&lt;/script&gt;" in html
    assert "<script" not in html
