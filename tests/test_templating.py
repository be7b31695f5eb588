"""The one Jinja2 environment: where templates come from, overrides, and the filters that escape."""

from __future__ import annotations

from pathlib import Path

import pytest
from markupsafe import Markup

from cahtool.errors import InputError
from cahtool.model import Mark, Op, OpKind
from cahtool.render import jinja as templating

ROOT = Path(__file__).resolve().parent.parent


def test_templates_found_in_the_checkout() -> None:
    assert templating.template_dirs() == [ROOT / "templates"]


def test_override_comes_first(tmp_path: Path) -> None:
    (tmp_path / "static").mkdir()
    (tmp_path / "static" / "style.css").write_text("body { color: black }\n")
    env = templating.environment(tmp_path)
    assert templating.template_dirs(tmp_path)[0] == tmp_path
    assert templating.asset_source(env, "static/style.css") == "body { color: black }\n"
    assert "static/site.js" in templating.static_assets(env)  # the rest still comes from the shipped set


def test_missing_override_is_a_one_line_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="templates directory not found"):
        templating.template_dirs(tmp_path / "nope")


def test_environment_settings() -> None:
    env = templating.environment()
    assert env.autoescape is not False
    with pytest.raises(Exception, match="undefined"):
        env.from_string("{{ missing }}").render()
    assert env.from_string("{{ x }}").render(x="<b>") == "&lt;b&gt;"


def test_redline_uses_ins_del_and_hidden_words() -> None:
    ops = (Op(OpKind.EQUAL, "For "), Op(OpKind.DELETE, "this Statute"), Op(OpKind.INSERT, "<the> draft"))
    html = templating.redline(ops)
    assert isinstance(html, Markup)
    assert html == ('For <del><span class="vh">deleted: </span>this Statute<span class="vh"> (end of deletion)'
                    '</span></del><ins><span class="vh">inserted: </span>&lt;the&gt; draft<span class="vh">'
                    ' (end of insertion)</span></ins>')
    assert "this Statute" not in templating.redline(ops, "new")
    assert "draft" not in templating.redline(ops, "old")


def test_redline_keeps_line_breaks_escaped() -> None:
    assert templating.redline((Op(OpKind.EQUAL, "a & b\n<c>"),)) == "a &amp; b<br>\n&lt;c&gt;"


def test_marked_applies_formatting_and_escapes() -> None:
    text = "the <crime> of apartheid"
    assert templating.marked(text, (Mark("i", 15, 24),)) == "the &lt;crime&gt; of <i>apartheid</i>"
    # marks are offsets into the provision's text: a block starting later shifts them
    assert templating.marked("apartheid", (Mark("i", 15, 24),), 15) == "<i>apartheid</i>"


@pytest.mark.parametrize("url, expected", [
    ("https://legal.un.org/ilc/", "https://legal.un.org/ilc/"),
    ("javascript:alert(1)", ""),
    (" JavaScript:alert(1)", ""),
    ("data:text/html,<script>", ""),
    ("A/74/10", ""),
])
def test_safe_url(url: str, expected: str) -> None:
    assert templating.safe_url(url) == expected


@pytest.mark.parametrize("target, page, expected", [
    ("index.html", "index.html", "index.html"),
    ("index.html", "compare/a--b.html", "../index.html"),
    ("documents/x.html#art_7", "provisions/art_7.html", "../documents/x.html#art_7"),
    ("compare/a--b.side.html", "compare/a--b.html", "a--b.side.html"),
    ("#top", "compare/a--b.html", "#top"),
])
def test_relative_links(target: str, page: str, expected: str) -> None:
    assert templating.relative(target, page) == expected
