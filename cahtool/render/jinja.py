"""The one Jinja2 environment of cahtool: templates, autoescape, StrictUndefined and every filter.

Templates live in the repository's top-level ``templates/``; the wheel ships the same directory as
``cahtool/templates`` (hatchling force-include). A ``--templates DIR`` override comes first in a
``ChoiceLoader``, so a tracker can replace one template (or one stylesheet) and keep the rest.
Static assets (``static/...``) are read through the same loader, so they can be overridden too.
"""

from __future__ import annotations

import functools
import os
import posixpath
from collections.abc import Callable, Iterable
from pathlib import Path

from jinja2 import (
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    StrictUndefined,
    Template,
    TemplateError,
    TemplateSyntaxError,
    select_autoescape,
)
from markupsafe import Markup as Markup  # re-exported: the site marks text it made as safe through here
from markupsafe import escape as escape

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


#: Patterns of the layers' marks, by layer number (cycling): with the superscript number, never colour alone.
LAYER_STYLES = ("solid", "dashed", "dotted", "double", "wavy")


def layer_class(n: int) -> str:
    """The CSS class of layer ``n`` (1-based): ``layer-1`` … ``layer-5``, then again from 1, numbers stay distinct."""
    return f"layer-{(n - 1) % len(LAYER_STYLES) + 1}"


def redline(ops: Iterable[Op], side: str = "both", inline_style: bool = False,
            numbers: dict[str, int] | None = None) -> Markup:
    """Word-diff ops as ``<ins>``/``<del>`` with visually hidden words; ``side`` old/new/both.

    Tags hug the words (spaces at an edit's edges go outside them). With ``numbers`` (layer id → number),
    each edit takes its layer's class and hidden words ("inserted by ilc-2019: "), and is followed by the
    layer's number as a superscript (a replacement by one layer: once, after the insertion).
    """
    ops = tuple(ops)
    numbers = numbers or {}
    out: list[Markup] = []
    for k, op in enumerate(ops):
        if op.kind is OpKind.EQUAL:
            out.append(_text(op.text))
            continue
        if (side == "old" and op.kind is OpKind.INSERT) or (side == "new" and op.kind is OpKind.DELETE):
            continue
        before, after = HIDDEN[op.kind]
        tag = _TAGS[op.kind]
        number = numbers.get(op.by, 0)
        css = f"text-decoration-style:{LAYER_STYLES[(number - 1) % len(LAYER_STYLES)]}" if number else ""
        style = INLINE_STYLE[op.kind] + (";" + css if css else "")
        attrs = Markup(' style="{}"').format(style) if inline_style else Markup("")
        if number:
            attrs += Markup(' class="{}"').format(layer_class(number))
            before = f"{before[:-2]} by {op.by}: "
        lead, core, trail = common.hug(op.text)
        mark = common.layer_mark(ops, k, numbers) if side == "both" else str(number) if number else ""
        sup = Markup('<sup class="layer-mark" aria-hidden="true">{}</sup>').format(mark) if mark else Markup("")
        out.append(_text(lead))
        out.append(Markup('<{tag}{attrs}><span class="vh">{before}</span>{text}<span class="vh">{after}</span>'
                          "</{tag}>{sup}").format(tag=Markup(tag), attrs=attrs, before=before, text=_text(core),
                                                  after=after, sup=sup))
        out.append(_text(trail))
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
    if "/" not in page and "//" not in (framed := f"/{path}/") and "/./" not in framed and "/../" not in framed:
        link = path  # a page at the site's root (the concordance's quarter of a million cells) links as named
    else:
        link = _relpath(path, posixpath.dirname(page) or ".")
    return link + (f"#{fragment}" if fragment else "")


def _relpath(path: str, start: str) -> str:
    """``posixpath.relpath`` of two paths relative to the site's root. Two plain paths (names joined by single
    slashes, none of them ``.`` or ``..``: every page and file of a site) are compared name by name, without
    making them absolute; anything else goes to ``posixpath.relpath``. A site of 15,000 pages links to each of
    them from several folders: remembering the answers (as this did) made a cache that the largest sites
    outgrew, and then every link paid for ``relpath`` again."""
    ends = path.split("/")
    steps = [] if start == "." else start.split("/")
    if not _plain(ends) or not _plain(steps):
        return _slow_relpath(path, start)
    shared = 0
    for mine, theirs in zip(ends, steps, strict=False):  # the shorter decides
        if mine != theirs:
            break
        shared += 1
    return "/".join([".."] * (len(steps) - shared) + ends[shared:]) or "."


def _plain(names: list[str]) -> bool:
    return all(name and name != "." and name != ".." for name in names)


@functools.lru_cache(maxsize=1 << 12)
def _slow_relpath(path: str, start: str) -> str:
    return posixpath.relpath(path, start)


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
        # A template is read once a run: no run changes one while it renders, and asking the file system whether
        # each had changed, at every page and every import of the macros, was a tenth of rebuilding a site.
        auto_reload=False,
    )
    env.filters.update(FILTERS)
    env.globals.update(needs_warning=common.needs_warning, stats_line=common.stats_line,
                       change_class=_change_class, provenance_notes=common.PROVENANCE_NOTES,
                       anchor=anchor, layer_numbers=common.layer_numbers, named_numbers=named_numbers,
                       layer_class=layer_class,
                       makers=common.makers, layer_help=common.LAYER_HELP, also_help=common.ALSO_HELP,
                       has_also=common.has_also, warnings=common.warnings, once=once, once_each=each(once))
    return env


def named_numbers(change: Change, numbers: dict[str, int]) -> dict[str, int]:
    """The layer numbers a change's redline reads (``common.named_numbers``): what a template passes with a change
    to a fragment made ``once``, so that the same change in another comparison through the same texts is the same
    fragment."""
    return common.named_numbers(change.ops, numbers)


def once(name: str, macro: Callable[..., str], *args: object) -> str:
    """``macro(*args)``: a fragment that some renderers make once for the pages that repeat it (the site: the same
    change in the four views of a comparison); ``name`` names the macro."""
    return macro(*args)


def each(once: Callable[..., str]) -> Callable[..., Markup]:
    """``once_each`` for a renderer's ``once``: the fragments of a list of changes, one after the other."""

    def once_each(name: str, macro: Callable[..., str], changes: Iterable[Change],
                  numbers: dict[str, int] | None = None) -> Markup:
        """``once(name, macro, change)`` for each change (with ``numbers``, a comparison's layer numbers: and the
        numbers its redline names, ``named_numbers``), joined. The loop a template would write, made here: the
        hundred proposals' comparisons with the baseline of a long convention go through the same changes in four
        views each, and a template's loop spent more on each call than the fragment, made once, cost."""
        # Joined as they are: a macro of a template that escapes gives markup (``once`` keeps what it gave), and
        # one of a template that does not gives text that its template prints as it is anyway.
        if numbers is None:
            return Markup("".join([once(name, macro, change) for change in changes]))
        return Markup("".join([once(name, macro, change, common.named_numbers(change.ops, numbers))
                               for change in changes]))

    return once_each


def render(env: Environment, name: str, **context: object) -> str:
    """Render one template; a broken template (a ``--templates`` override) is a one-line InputError naming it.

    Syntax errors, undefined names and text that is not UTF-8 are the template's fault whoever wrote it; any
    other exception is one too when the template is an override, and a bug of cahtool when it is shipped.
    """
    template: Template | None = None
    try:
        template = env.get_template(name)
        return template.render(**context)
    except TemplateSyntaxError as exc:
        raise InputError(f"template error: {exc.message}", path=exc.filename or name, line=exc.lineno) from None
    except TemplateError as exc:
        where = template.filename if template is not None and template.filename else name
        raise InputError(f"template error: {exc.message}", path=where) from None
    except UnicodeDecodeError:
        raise InputError("template is not UTF-8 text", path=name) from None
    except Exception as exc:
        filename = template.filename if template is not None else None
        if filename is None or Path(filename).resolve().is_relative_to(template_dirs()[-1].resolve()):
            raise  # a shipped template: a bug of cahtool, with its traceback
        raise InputError(f"template error: {type(exc).__name__}: {exc}", path=filename) from None


def static_assets(env: Environment) -> list[str]:
    """Names of the static assets (``static/...``) visible through the loader, overrides included."""
    return sorted(name for name in env.list_templates() if name.startswith("static/"))


def asset_source(env: Environment, name: str) -> str:
    """The text of a static asset, as the loader finds it (so an override wins)."""
    if env.loader is None:
        raise InputError(f"no templates to read {name} from")
    source, _, _ = env.loader.get_source(env, name)
    return source


def static_files(override: str | Path | None = None) -> tuple[dict[str, Path], list[str]]:
    """The static assets a site publishes (``static/...`` → file, an override winning), and what is left out.

    Assets are copied byte for byte (a font or an image is not text). A symbolic link is never published,
    wherever it points: a tracker's ``static/`` must not carry files from elsewhere into a public site; it
    is listed in the second value with the reason, for the build to report.
    """
    found: dict[str, Path] = {}
    skipped: list[str] = []
    for directory in template_dirs(override):
        static = directory / "static"
        if static.is_symlink() or not static.is_dir():
            if static.is_symlink():
                skipped.append(f"{static}: a symbolic link, not published")
            continue
        for folder, subfolders, names in os.walk(static):  # os.walk does not enter linked directories
            here = Path(folder)
            for name in sorted(subfolders):
                if (here / name).is_symlink():
                    skipped.append(f"{here / name}: a symbolic link, not published")
            for name in sorted(names):
                path = here / name
                key = "static/" + path.relative_to(static).as_posix()
                if path.is_symlink() or not path.is_file():
                    if key not in found:
                        skipped.append(f"{path}: {'a symbolic link' if path.is_symlink() else 'not a file'}, "
                                       "not published")
                    continue
                found.setdefault(key, path)
    return dict(sorted(found.items())), skipped
