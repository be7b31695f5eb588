"""The one Jinja2 environment of cahtool: templates, autoescape, StrictUndefined and every filter.

Templates live in the repository's top-level ``templates/``; the wheel ships the same directory as
``cahtool/templates`` (hatchling force-include). A ``--templates DIR`` override comes first in a
``ChoiceLoader``, so a tracker can replace one template (or one stylesheet) and keep the rest.
Static assets (``static/...``) are read through the same loader, so they can be overridden too.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterable
from pathlib import Path

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from cahtool.errors import InputError
from cahtool.model import Bracket, Change, ChangeClass, Mark, Op, OpKind, Part, Provision
from cahtool.render import common

#: Words read out by screen readers (and printed when CSS is off) around each edit: never colour alone.
HIDDEN = {
    OpKind.DELETE: ("deleted: ", " (end of deletion)"),
    OpKind.INSERT: ("inserted: ", " (end of insertion)"),
}
_TAGS = {OpKind.DELETE: "del", OpKind.INSERT: "ins"}
#: Inline style for clients that drop <style> (e-mail): ins underlined, del struck through, both coloured.
INLINE_STYLE = {
    OpKind.DELETE: "color:#a40000;background:#fbe3e3;text-decoration:line-through",
    OpKind.INSERT: "color:#005a1e;background:#ddf4e4;text-decoration:underline",
}




def template_dirs(override: str | Path | None = None) -> list[Path]:
    """Where templates are looked up, in order: the override, then the shipped templates."""
    here = Path(__file__).resolve().parent.parent  # the cahtool package
    dirs: list[Path] = []
    if override is not None:
        path = Path(override)
        if not path.is_dir():
            raise InputError("templates directory not found", path=str(path))
        dirs.append(path)
    installed = here / "templates"  # inside an installed wheel
    checkout = here.parent / "templates"  # an editable checkout: <repo>/templates
    if installed.is_dir():
        dirs.append(installed)
    elif checkout.is_dir() and (here.parent / "pyproject.toml").is_file():
        dirs.append(checkout)
    else:
        raise InputError("cahtool's templates are missing from this installation", path=str(installed))
    return dirs


# -- filters --------------------------------------------------------------------------------------

def _text(text: str) -> Markup:
    """Escaped text with line breaks kept."""
    return Markup("<br>\n").join(escape(line) for line in text.split("\n"))


def redline(ops: Iterable[Op], side: str = "both", inline_style: bool = False) -> Markup:
    """Word-diff ops as ``<ins>``/``<del>`` with visually hidden words; ``side`` old/new/both."""
    out: list[Markup] = []
    for op in ops:
        if op.kind is OpKind.EQUAL:
            out.append(_text(op.text))
            continue
        if (side == "old" and op.kind is OpKind.INSERT) or (side == "new" and op.kind is OpKind.DELETE):
            continue
        before, after = HIDDEN[op.kind]
        tag = _TAGS[op.kind]
        style = Markup(' style="{}"').format(INLINE_STYLE[op.kind]) if inline_style else Markup("")
        out.append(Markup('<{tag}{style}><span class="vh">{before}</span>{text}<span class="vh">{after}</span>'
                          "</{tag}>").format(tag=Markup(tag), style=style, before=before, text=_text(op.text),
                                             after=after))
    return Markup("").join(out)


def marked(text: str, marks: Iterable[Mark] = (), start: int = 0) -> Markup:
    """Escaped text with its formatting marks (italic, bold...) as HTML; ``start`` offsets the marks."""
    end = start + len(text)
    spans = sorted((m for m in marks if m.start < end and m.end > start), key=lambda m: (m.start, -m.end))
    if not spans:
        return _text(text)
    out: list[Markup] = []
    pos = start
    for mark in spans:
        a, b = max(mark.start, pos), min(mark.end, end)
        if a >= b:
            continue  # overlapping marks: the first one wins, nothing is lost
        out.append(_text(text[pos - start:a - start]))
        if mark.tag == "note":  # a footnote printed as a line of its own
            out.append(Markup('<span class="note">{0}</span>').format(_text(text[a - start:b - start])))
        else:
            out.append(Markup("<{0}>{1}</{0}>").format(Markup(mark.tag), _text(text[a - start:b - start])))
        pos = b
    out.append(_text(text[pos - start:]))
    return Markup("").join(out)


def intro_blocks(p: Provision) -> list[Markup]:
    """A provision's intro (its whole text unless it has a wrap-up), one item per block, marks applied."""
    return _blocks(p.intro, p.marks, 0)


def wrap_up_blocks(p: Provision) -> list[Markup]:
    """A provision's wrap-up (the text after its children), one item per block, marks applied."""
    return _blocks(p.wrap_up, p.marks, len(p.text) - len(p.wrap_up)) if p.wrap_up else []


def _blocks(text: str, marks: tuple[Mark, ...], start: int) -> list[Markup]:
    out = []
    for block in text.split("\n") if text else []:
        out.append(marked(block, marks, start))
        start += len(block) + 1
    return out


def safe_url(url: str) -> str:
    """The URL if it is http(s), else '' (a ``javascript:`` source never becomes a link)."""
    url = url.strip()
    return url if url.lower().startswith(("https://", "http://")) and " " not in url else ""


def relative(target: str, page: str) -> str:
    """The link from one site path to another (both relative to the site root), e.g. ``../index.html``."""
    if target.startswith("#"):
        return target
    path, _, fragment = target.partition("#")
    link = posixpath.relpath(path, posixpath.dirname(page) or ".")
    return link + (f"#{fragment}" if fragment else "")


def what(change: Change) -> str:
    """What happened, without the class: ``chapeau · modified, renumbered``."""
    words = common.qualifiers(change)
    return " · ".join(words[:-1] if change.change_class is not ChangeClass.NONE else words)


def class_label(change: Change) -> str:
    """The class with the rules that explain it: ``editorial (initial-case)``; '' when unchanged."""
    return common.qualifiers(change)[-1] if change.change_class is not ChangeClass.NONE else ""


def anchor(change: Change) -> str:
    """A stable fragment id for a change: the new eId, ``d-``/``i-`` for deletions/insertions."""
    if change.new is None:
        assert change.old is not None
        base = f"d-{change.old.eid}"
    elif change.old is None:
        base = f"i-{change.new.eid}"
    else:
        base = change.new.eid
    return base + ("-heading" if change.part is Part.HEADING else "")


def wording(parts: Iterable[str | Bracket], notes: bool = True) -> Markup:
    """A rolling text's words: brackets as text, each followed by its footnote's number, linked to the note."""
    out = []
    for part in parts:
        if isinstance(part, Bracket):
            out.append(Markup('<span class="bracket">[{}]</span>').format(part.words))
            if notes and part.note:
                out.append(Markup('<sup class="fn"><a href="#fn-{n}" id="fnref-{n}"><span class="vh">footnote </span>'
                                  '{n}</a></sup>').format(n=part.note))
        else:
            out.append(Markup("<br>").join(escape(line) for line in part.split("\n")))
    return Markup("").join(out)


FILTERS: dict[str, Callable[..., object]] = {
    "wording": wording,
    "what": what,
    "intro_blocks": intro_blocks,
    "wrap_up_blocks": wrap_up_blocks,
    "class_label": class_label,
    "redline": redline,
    "marked": marked,
    "parties": common.parties,
    "safe_url": safe_url,
    "citation": common.citation,
    "qualifiers": common.qualifiers,
    "headline": common.headline,
}


def _change_class(change: Change) -> str:
    return change.change_class.value


def environment(override: str | Path | None = None) -> Environment:
    """The Jinja2 environment: autoescape for HTML, StrictUndefined, trimmed blocks, every filter."""
    loader = ChoiceLoader([FileSystemLoader(str(d)) for d in template_dirs(override)])
    env = Environment(
        loader=loader,
        autoescape=select_autoescape(["html", "htm", "xml", "svg"], default_for_string=True, default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(FILTERS)
    env.globals.update(needs_warning=common.needs_warning, stats_line=common.stats_line,
                       change_class=_change_class, provenance_notes=common.PROVENANCE_NOTES,
                       anchor=anchor)
    return env


def static_assets(env: Environment) -> list[str]:
    """Names of the static assets (``static/...``) visible through the loader, overrides included."""
    return sorted(name for name in env.list_templates() if name.startswith("static/"))


def asset_source(env: Environment, name: str) -> str:
    """The text of a static asset, as the loader finds it (so an override wins)."""
    assert env.loader is not None
    source, _, _ = env.loader.get_source(env, name)
    return source
