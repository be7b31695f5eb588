"""The command line: thin click commands over the library; the only module that imports click.

Exit codes follow diff(1): 0 success (no differences), 1 differences found with ``--exit-code``,
2 bad usage or bad input (one line on stderr, no traceback). A bug still shows its traceback.
Library modules are imported inside commands, so start-up costs only click.
"""

from __future__ import annotations

import contextlib
import gc
import os
import sys
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, TypeVar

import click

from cahtool import BASELINE, __version__
from cahtool.errors import CahtoolError
from cahtool.render import RENDERERS

#: The formats of a redline (``diff --format``): the renderers of ``render``, and Word's tracked changes.
DIFF_FORMATS: dict[str, str] = {**RENDERERS, "docx": "cahtool.word:redline"}
#: Formats whose output is bytes (written with -o, never echoed).
BINARY_FORMATS = frozenset({"docx"})
#: The formats of ``show``, and of the reports (``compile``, ``history``); the first is the default.
SHOW_FORMATS = ["text", "json", "docx"]
REPORT_FORMATS = ["text", "json", "markdown"]
#: The formats of ``cahtool synopsis``.
SYNOPSIS_FORMATS = ["text", "markdown", "html", "json", "docx"]

if TYPE_CHECKING:  # only for annotations: --version imports nothing it does not need
    from cahtool.model import Progress

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}
F = TypeVar("F", bound=Callable[..., Any])


class UserError(click.ClickException):
    """A CahtoolError on its way to the terminal: one line, exit code 2."""

    exit_code = 2

    def show(self, file: Any = None) -> None:
        echo(f"cahtool: error: {self.format_message()}", err=True)


class Group(click.Group):
    """The command group: maps the library's errors to exit code 2, nothing else."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except CahtoolError as exc:
            raise UserError(exc.format()) from None


def _corpus(ctx: click.Context) -> Any:
    from cahtool.corpus import Corpus, drafts_dir

    root = ctx.find_root()
    root.obj = root.obj or {}
    if "corpus" not in root.obj:
        root.obj["corpus"] = Corpus(drafts_dir(root.obj.get("drafts")))
    return root.obj["corpus"]


def _set_drafts(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    """``--drafts`` after the command name says the same as before it (and wins over it)."""
    if value is not None:
        root = ctx.find_root()
        root.obj = {**(root.obj or {}), "drafts": value}


#: ``--drafts DIR`` on each command that reads the corpus, so that ``cahtool list --drafts DIR`` works too.
drafts_option = click.option("--drafts", type=click.Path(file_okay=False), default=None, expose_value=False,
                             callback=_set_drafts, help="Corpus directory (default: ./drafts, or $CAHTOOL_DRAFTS).")

QUIET_HELP = "No progress bar on stderr (there is one only when stderr is a terminal)."


def _set_quiet(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    """``--quiet`` after the command name says the same as before it."""
    if value:
        root = ctx.find_root()
        root.obj = {**(root.obj or {}), "quiet": True}


#: ``--quiet`` on each command that shows its progress (as ``--drafts``: before or after the command name).
quiet_option = click.option("-q", "--quiet", is_flag=True, default=False, expose_value=False, callback=_set_quiet,
                            help=QUIET_HELP)


class _Bars:
    """Long work's progress (``model.Progress``) as a click progress bar on stderr, one bar per stage."""

    def __init__(self) -> None:
        self.stage = ""
        self.bar: Any = None

    def __call__(self, stage: str, done: int, total: int) -> None:
        if self.bar is None or stage != self.stage or max(total, 1) != self.bar.length:
            self.close()
            self.stage = stage
            self.bar = click.progressbar(length=max(total, 1), label=stage, file=sys.stderr, show_pos=True)
            self.bar.render_progress()
        if done > self.bar.pos:
            self.bar.update(done - self.bar.pos)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.render_finish()
            self.bar = None


@contextlib.contextmanager
def _progress(ctx: click.Context) -> Iterator[Progress | None]:
    """Bars on stderr for long work when stderr is a terminal and ``--quiet`` was not given; else nothing."""
    if (ctx.find_root().obj or {}).get("quiet") or not _is_terminal(sys.stderr):
        yield None
        return
    bars = _Bars()
    try:
        yield bars
    finally:
        bars.close()


def _is_terminal(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):  # no such method, or a closed stream
        return False


def _use_color(choice: str, output: str | None) -> bool:
    if choice == "always":
        return True
    if choice == "never" or output is not None or "NO_COLOR" in os.environ:
        return False
    return sys.stdout.isatty()


def echo(text: str, *, err: bool = False, nl: bool = True, color: bool = False) -> None:
    """Print to the terminal, every control character made visible (cahtool's own colours kept if asked)."""
    from cahtool.text import printable  # here, not at start-up: ``cahtool --version`` needs no text rules

    click.echo(printable(text, colors=color), err=err, nl=nl, color=color)


def _emit(result: str | bytes, output: str | None, color: bool = False, *, inputs: Any = (),
          xml: bool = False) -> None:
    """Write to ``-o FILE`` (atomically: the old file stays whole on failure) or print to stdout.

    ``-o`` naming one of ``inputs`` (the files the command read) is refused. Printed XML keeps its text
    exact, with control characters as character references; other text is made printable.
    """
    from cahtool.output import refuse_inputs, write_atomic

    if output is None or output == "-":
        if isinstance(result, bytes):
            raise CahtoolError("this format is a binary file, not text for the terminal: add -o FILE")
        if xml:
            from cahtool.text import xml_safe

            click.echo(xml_safe(result), nl=False)
        else:
            echo(result, nl=False, color=color)
        return
    refuse_inputs(output, inputs)
    # surrogateescape: a file name that is not UTF-8 (quoted in a report) is written back as the bytes it is.
    write_atomic(output, result if isinstance(result, bytes) else result.encode("utf-8", "surrogateescape"))


#: What the extension of ``-o FILE`` asks for, unless ``--format`` says otherwise.
EXTENSIONS = {".txt": "text", ".json": "json", ".md": "markdown", ".markdown": "markdown", ".html": "html",
              ".htm": "html", ".docx": "docx", ".xml": "xml"}


def _format(fmt: str | None, output: str | None, formats: list[str]) -> str:
    """The format asked for: ``--format``, else what ``-o FILE``'s extension means, else the command's default.

    An extension the command cannot write is refused: a file named ``.docx`` that holds plain text is a trap.
    """
    if fmt:
        return fmt
    from pathlib import Path  # here, not at start-up

    suffix = Path(output).suffix.casefold() if output and output != "-" else ""
    wanted = EXTENSIONS.get(suffix)
    if wanted is None:
        return formats[0]
    if wanted not in formats:
        raise CahtoolError(f"cannot write {suffix} files (this command writes {', '.join(formats)}): name the file "
                           "for one of them, or give --format", path=output or "")
    return wanted


def _need_file(fmt: str, output: str | None) -> None:
    """Refuse a binary format without -o before doing any work."""
    if fmt in BINARY_FORMATS and output in (None, "-"):
        raise CahtoolError(f"--format {fmt} writes a file, not text for the terminal: add -o FILE.{fmt}")


def output_option(help: str = "Write to FILE instead of the terminal.") -> Callable[[F], F]:
    """The ``-o FILE`` option of every command that writes."""
    return click.option("-o", "--output", type=click.Path(dir_okay=False), default=None, help=help)


def output_options(formats: list[str]) -> Callable[[F], F]:
    """The ``--format``/``-o``/``--color`` bundle shared by commands that print documents."""
    def decorate(fn: F) -> F:
        fn = click.option("--color", "color", type=click.Choice(["auto", "always", "never"]), default="auto",
                          show_default=True, help="Colour in the terminal (NO_COLOR is honoured).")(fn)
        fn = output_option()(fn)
        fn = click.option("-f", "--format", "fmt", type=click.Choice(formats), default=None,
                          help=f"Output format (default: {formats[0]}, or what -o FILE's extension says).")(fn)
        return fn
    return decorate


#: How the words of a proposal are known (``cahtool check``, CAH308).
PROVENANCE_LABELS = ["verbatim", "substance verified", "illustrative wording"]
#: The status of a proposal written by ``propose`` unless ``--status`` says otherwise.
PROPOSED = "proposed (not tabled as a formal amendment)"

#: ``--no-legend``: leave out the line under a terminal redline that says what its marks mean.
legend_option = click.option("--no-legend", "legend", is_flag=True, flag_value=False, default=True,
                             help="Leave out the legend under a text redline ([-deleted-] {+inserted+} …).")


def proposal_options(*, id_help: str, title_help: str, date_help: str, proponent_help: str, source_help: str,
                     status_help: str, provenance_default: str | None) -> Callable[[F], F]:
    """Who, when and how sure: the metadata options of the commands that write a proposal."""
    def decorate(fn: F) -> F:
        options = [
            click.option("--id", "pid", default="", help=id_help),
            click.option("--title", default="", help=title_help),
            click.option("--date", default="", help=date_help),
            click.option("--proponent", "proponents", multiple=True, metavar="NAME", help=proponent_help),
            click.option("--supporter", "supporters", multiple=True, metavar="NAME",
                         help="Who supports it (repeatable)."),
            click.option("--provenance", type=click.Choice(PROVENANCE_LABELS),
                         default=provenance_default, show_default=provenance_default is not None,
                         help="How the words are known: verbatim, substance verified, or illustrative wording."),
            click.option("--source", default="", help=source_help),
            click.option("--status", default="", help=status_help),
        ]
        for option in reversed(options):
            fn = option(fn)
        return fn
    return decorate


@click.group(cls=Group, context_settings=CONTEXT_SETTINGS)
@click.version_option(__version__, "-V", "--version", prog_name="cahtool")
@click.option("--drafts", type=click.Path(file_okay=False), default=None, envvar="CAHTOOL_DRAFTS",
              help="Corpus directory (default: ./drafts, or $CAHTOOL_DRAFTS).")
@click.option("-q", "--quiet", is_flag=True, default=False, help=QUIET_HELP)
@click.pass_context
def cli(ctx: click.Context, drafts: str | None, quiet: bool) -> None:
    """Compare, amend and publish the drafts of the Crimes Against Humanity convention.

    Documents are named by short id (rome-statute-art7, ilc-2019) or by path.

    \b
    Example:
        cahtool diff rome-statute-art7 ilc-2019
    """
    ctx.obj = {"drafts": drafts, "quiet": quiet}


@cli.command("list")
@drafts_option
@click.option("-f", "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.pass_context
def list_command(ctx: click.Context, fmt: str) -> None:
    """List every document: id, date, kind, verification, title, authors, base, status, source.

    \b
    Example:
        cahtool list
    """
    from cahtool.render import document, dumps

    docs = _corpus(ctx).documents()
    if fmt == "json":
        data = [document.metadata_dict(d) for d in docs]
        click.echo(dumps(data), nl=False)  # JSON: control characters escaped by ``dumps``
    else:
        echo(document.listing(docs), nl=False)


@cli.command("show")
@drafts_option
@click.argument("doc")
@click.argument("eid", metavar="[PROVISION]", required=False)
@click.option("-f", "--format", "fmt", type=click.Choice(SHOW_FORMATS), default=None,
              help="Output format (default: text, or what -o FILE's extension says; docx: a Word file to edit with "
                   "Track Changes, needs -o).")
@click.option("--no-header", is_flag=True, help="Only the text, without the # metadata lines.")
@output_option()
@click.pass_context
def show_command(ctx: click.Context, doc: str, eid: str | None, fmt: str | None, no_header: bool,
                 output: str | None) -> None:
    """Print a document, or one provision of it, with its verification status.

    PROVISION is a citation as cahtool prints it (art. 7(1)(h), 7(1)(h), para. 3) or an eId.

    \b
    Examples:
        cahtool show rome-statute-art7 "art. 7(1)(h)"
        cahtool show ilc-2019 art_2__para_2__point_h
        cahtool show ilc-2019 --format docx -o ilc-2019.docx
    """
    from cahtool.akn import resolve_provision
    from cahtool.render import document

    fmt = _format(fmt, output, SHOW_FORMATS)
    _need_file(fmt, output)
    corpus = _corpus(ctx)
    found = corpus.get(doc)
    inputs = corpus.sources(doc)
    provision = resolve_provision([found], eid)[1] if eid else None
    if fmt == "json":
        _emit(document.to_json(found, provision), output, inputs=inputs)
    elif fmt == "docx":
        if provision is not None:
            raise CahtoolError("--format docx writes a whole document: leave out the eId")
        from cahtool.word import document as word_document

        _emit(word_document(found), output, inputs=inputs)
    else:
        _emit(document.text(found, provision, with_header=not no_header), output, inputs=inputs)


@cli.command("diff")
@drafts_option
@click.argument("old")
@click.argument("new")
@output_options(list(DIFF_FORMATS))
@click.option("--substantive-only", is_flag=True, help="Only changes of substance (hide editorial ones).")
@click.option("--provision", "provision", metavar="PROVISION", default=None,
              help="Only this provision (and what it contains): a citation (art. 7(1)(h), 7(1)(h)) or an eId, "
                   "in the old document, else the new one.")
@click.option("--all", "include_unchanged", is_flag=True, help="Also list unchanged provisions.")
@click.option("--exit-code", is_flag=True, help="Exit with 1 when there are differences (as git diff).")
@click.option("--no-layers", is_flag=True, help="A flat redline: do not attribute each edit to the text that made it.")
@click.option("--via", "via", multiple=True, metavar="DOC",
              help="Attribute the edits along this chain: OLD, each --via DOC in order (repeatable), NEW.")
@legend_option
@click.pass_context
def diff_command(ctx: click.Context, old: str, new: str, fmt: str | None, output: str | None, color: str,
                 substantive_only: bool, provision: str | None, include_unchanged: bool,
                 exit_code: bool, no_layers: bool, via: tuple[str, ...], legend: bool) -> None:
    """Redline of two documents, aligned provision by provision.

    Each change says where it is (art. 7(1)(h) → art. 2(1)(h)), what happened (modified, inserted,
    deleted, moved, renumbered) and whether it is substantive or editorial. Deletions print as
    [-words-], insertions as {+words+}, in colour in a terminal. Two rolling texts (a text and its
    revision) also get the negotiation's change types: brackets removed (words agreed), bracketed words
    deleted, option chosen, option dropped, new option, status changed.

    When NEW descends from OLD through other texts (a proposal's base, the drafts in date order),
    each edit is marked with the text that made it ({+or gender+}³) and a legend names them;
    --via names the texts in between yourself, --no-layers gives a flat redline.

    \b
    Examples:
        cahtool diff rome-statute-art7 ilc-2019
        cahtool diff ilc-2017 ilc-2019 -o changes.json
        cahtool diff rome-statute-art7 ilc-2019 --substantive-only --provision "art. 7(1)"
        cahtool diff rome-statute-art7 gender-apartheid-definition -o redline.docx
        cahtool diff rome-statute-art7 slave-trade --via ilc-2019
    """
    from cahtool.render import Options, renderer
    from cahtool.reports import compare_layers

    fmt = _format(fmt, output, list(DIFF_FORMATS))
    _need_file(fmt, output)
    if no_layers and via:
        raise click.UsageError("--via names the layers to attribute; --no-layers asks for none: choose one")
    corpus = _corpus(ctx)
    old_doc, new_doc = corpus.get(old), corpus.get(new)
    if provision:
        from cahtool.akn import resolve_provision

        provision = resolve_provision([old_doc, new_doc], provision)[1].eid
    use_color = _use_color(color, output)
    if (
        fmt in ("text", "json", "markdown")
        and not provision
        and _rolling_pair(ctx, old_doc, new_doc, fmt, output, use_color, exit_code)
    ):
        return
    comparison = compare_layers(corpus, old_doc, new_doc, via=via, provision=provision, layers=not no_layers)
    options = Options(
        substantive_only=substantive_only, include_unchanged=include_unchanged, color=use_color, legend=legend
    )
    _emit(renderer(DIFF_FORMATS[fmt])(comparison, options), output, color=use_color, inputs=corpus.sources(old, new))
    if exit_code and comparison.visible(substantive_only=substantive_only):
        ctx.exit(1)


def _rolling_pair(
    ctx: click.Context, old: Any, new: Any, fmt: str, output: str | None, color: bool, exit_code: bool
) -> bool:
    """Two rolling texts: what the revision changed in the negotiation's words, beside the redline."""
    from cahtool.akn import may_be_rolling

    corpus = _corpus(ctx)
    # Most pairs are not rolling texts, which their bytes say without parsing both files a second time.
    if not all(doc.kind == "bill" and not doc.is_proposal and may_be_rolling(corpus.xml(doc.path))
               for doc in (old, new)):
        return False
    from cahtool.render import rolling as render_rolling
    from cahtool.reports import is_rolling_text, revision_diff, rolling_of

    if not (is_rolling_text(corpus, old) and is_rolling_text(corpus, new)):
        return False
    diff = revision_diff(rolling_of(corpus, old.path), rolling_of(corpus, new.path))
    _emit(render_rolling.revision_render(diff, fmt, color=color), output, color=color)
    if exit_code and (diff.events or diff.comparison.visible()):
        ctx.exit(1)
    return True


@cli.command("apply")
@drafts_option
@click.argument("proposals", nargs=-1, required=True)
@click.option("-f", "--format", "fmt", type=click.Choice(["text", "xml"]), default=None,
              help="text (default, or from -o FILE's extension): as `cahtool show` prints it; xml: Akoma Ntoso "
                   "(schema-valid).")
@output_option()
@click.pass_context
def apply_command(ctx: click.Context, proposals: tuple[str, ...], fmt: str | None, output: str | None) -> None:
    """Consolidated text: the base with one or more proposals applied.

    Several proposals on the same base apply together unless they touch the same words or place (a
    conflict, exit 2). Proposals that only renumber the same list apply in the order given, the list
    numbered on as they go; what is numbered otherwise than its proposal said is noted on stderr. A
    proposal whose words or target are not in its base fails with the instruction and the text looked
    for (exit 2): nothing is guessed.

    \b
    Examples:
        cahtool apply slave-trade
        cahtool apply slave-trade gender-apartheid-new-crime
        cahtool apply persecution-without-nexus enforced-disappearance-no-time-limit -o consolidated.xml
    """
    from cahtool.render import document

    fmt = _format(fmt, output, ["text", "xml"])
    corpus = _corpus(ctx)
    refs = list(proposals)
    data = corpus.consolidated_xml(refs)
    if fmt == "xml":
        _emit(data if output else data.decode("utf-8"), output, inputs=corpus.sources(*refs), xml=True)
    else:
        _emit(document.text(corpus.consolidate(refs)), output, inputs=corpus.sources(*refs))
    base = corpus.get(corpus.raw(refs[0]).base)
    for moved in corpus.moved(refs):
        parent = base.find(moved.parent)
        click.echo(f"note: {moved.message(parent.label if parent is not None else '')}", err=True)


@cli.command("compile")
@drafts_option
@quiet_option
@click.argument("base")
@click.argument("proposals", nargs=-1)
@output_options([*REPORT_FORMATS, "xml"])
@legend_option
@click.option(
    "--rolling-text",
    "rolling",
    is_flag=True,
    help="Lay the proposals out as a rolling text (brackets, options, footnotes naming the delegations): "
    "Akoma Ntoso with -o FILE.xml, or as `cahtool rolling` prints it with --format text|markdown|json.",
)
@click.option(
    "--id", "rolling_id", default="", metavar="ID", help="Short id of the rolling text (default: rolling-BASE)."
)
@click.pass_context
def compile_command(
    ctx: click.Context,
    base: str,
    proposals: tuple[str, ...],
    fmt: str | None,
    output: str | None,
    color: str,
    legend: bool,
    rolling: bool,
    rolling_id: str,
) -> None:
    """The base with every proposal shown at each provision it touches, attributed; conflicts flagged.

    Under each provision: each proposal that would change it, who proposed and supported it, the
    provenance of its wording, its instruction as tabled and its redline against the base. Then a
    summary table (place × proposal). Proposals touching the same words, place or number conflict.
    Default: every proposal on BASE.

    \b
    With --rolling-text, the same proposals become a rolling text: words a proposal adds or deletes in
    [square brackets], a proposal that rewords a provision (or proposals on the same words) as Option 1
    (the base) / Option 2..., new provisions bracketed and numbered bis; identical wordings merge; each
    footnote names who proposed and supported it. What the layout leaves out (renumbering...) is
    reported on stderr.

    \b
    Examples:
        cahtool compile ilc-2019
        cahtool compile ilc-2019 slave-trade gender-apartheid-new-crime --format markdown -o compiled.md
        cahtool compile ilc-2019 --rolling-text -o drafts/rolling/rolling-ilc-2019.xml
    """
    from cahtool.render import compilation
    from cahtool.reports import compile_proposals

    fmt = _format(fmt, output, [*REPORT_FORMATS, "xml"])
    if rolling:
        _rolling_compile(ctx, base, proposals, fmt, output, rolling_id)
        return
    if fmt == "xml":
        raise CahtoolError("--format xml writes a rolling text: add --rolling-text")
    corpus = _corpus(ctx)
    with _progress(ctx) as progress:
        result = compile_proposals(corpus, base, list(proposals), progress=progress)
    use_color = _use_color(color, output)
    _emit(compilation.render(result, fmt, color=use_color, legend=legend), output, color=use_color,
          inputs=corpus.loaded())


def _rolling_compile(
    ctx: click.Context, base: str, proposals: tuple[str, ...], fmt: str, output: str | None, rolling_id: str
) -> None:
    """``compile --rolling-text``: the rolling text as Akoma Ntoso (default with -o) or as it prints."""
    from cahtool.akn import rolling_xml
    from cahtool.render import rolling as render_rolling
    from cahtool.reports import rolling_text

    if ctx.get_parameter_source("fmt") is click.core.ParameterSource.DEFAULT and output not in (None, "-"):
        fmt = "xml"
    with _progress(ctx) as progress:
        made = rolling_text(_corpus(ctx), base, list(proposals), id=rolling_id, progress=progress)
    doc = made.rolling.document
    n = len(made.compilation.proposals)
    click.echo(
        f"rolling text {doc.id} on {made.compilation.base.id}: {n} proposal{'' if n == 1 else 's'}; "
        f"{render_rolling.counts_line(made.rolling)}",
        err=True,
    )
    for note in made.notes:
        click.echo(f"note: {note}", err=True)
    if fmt == "xml":
        data = rolling_xml(made.rolling)
        _emit(data if output not in (None, "-") else data.decode("utf-8"), output)
    else:
        _emit(render_rolling.render(made.rolling, fmt), output)


@cli.command("rolling")
@drafts_option
@click.argument("doc")
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(["text", "markdown", "json", "html", "docx"]),
    default="text",
    show_default=True,
    help="Output format (docx needs -o).",
)
@output_option()
@click.pass_context
def rolling_command(ctx: click.Context, doc: str, fmt: str, output: str | None) -> None:
    """Print a rolling text in UN typography: brackets, options, footnotes naming delegations, status.

    Words not agreed stand in [square brackets] followed by the number of the footnote that names who
    proposed, supported, opposed or is open to them; alternatives read Option 1: / Option 2:; a
    provision's status (informally agreed, agreed ad referendum, deleted) is a labelled line. The Word
    file (--format docx) has real footnotes, and `cahtool import --rolling-text` reads it back.

    \b
    Examples:
        cahtool rolling rolling-ilc-2019
        cahtool rolling rolling-ilc-2019-rev1 --format docx -o rev1.docx
    """
    from cahtool.reports import rolling_of

    _need_file(fmt, output)
    rt = rolling_of(_corpus(ctx), doc)
    if fmt == "docx":
        from cahtool.word import rolling_document

        _emit(rolling_document(rt), output)
    elif fmt == "html":
        from cahtool.render import html

        _emit(html.rolling(rt), output)
    else:
        from cahtool.render import rolling as render_rolling

        _emit(render_rolling.render(rt, fmt), output)


@cli.command("positions")
@drafts_option
@click.option("-f", "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@output_option()
@click.pass_context
def positions_command(ctx: click.Context, fmt: str, output: str | None) -> None:
    """Who stands where: each delegation's stance on each proposal and provision, as the documents record it.

    From the proposals (proponents, supporters) and the latest rolling texts (who proposed, supports,
    opposes or is open to each bracket and option). Nothing is inferred.

    \b
    Example:
        cahtool positions --format json -o positions.json
    """
    from cahtool.render import rolling as render_rolling
    from cahtool.reports import positions

    _emit(render_rolling.positions_render(positions(_corpus(ctx)), fmt), output)


@cli.command("history")
@drafts_option
@click.argument("query", metavar="TERM-or-PROVISION")
@output_options(REPORT_FORMATS)
@legend_option
@click.option("--in", "document", metavar="DOC", default=None,
              help="Look the provision up in this document (default: the Rome Statute, then every other by "
                   "date).")
@click.pass_context
def history_command(ctx: click.Context, query: str, fmt: str | None, output: str | None, color: str,
                    document: str | None, legend: bool) -> None:
    """One provision across every document in date order, each version redlined against the last.

    Give a provision, by citation (art. 7(1)(h), 7(2)(h)) or eId, followed from the document that has it
    through the alignment; or a term (every provision whose words contain it). The main line runs IMT
    Charter 1945 → ICTY Statute 1993 → Rome Statute 1998 → ILC 2017 → ILC 2019; then each proposal that
    would change the provision, redlined against its base. Where the structures differ (the ICTY and the
    IMT list the acts directly under the article), each version says how it was found.

    \b
    Examples:
        cahtool history apartheid
        cahtool history "7(2)(h)"
        cahtool history art_7__para_1__point_h
        cahtool history "2(2)(i)" --in ilc-2019 --format markdown
    """
    from cahtool.render import history as render_history
    from cahtool.reports import history

    fmt = _format(fmt, output, REPORT_FORMATS)
    corpus = _corpus(ctx)
    result = history(corpus, query, document=document)
    use_color = _use_color(color, output)
    _emit(render_history.render(result, fmt, color=use_color, legend=legend), output, color=use_color,
          inputs=corpus.loaded())


@cli.command("synopsis")
@drafts_option
@click.argument("documents", metavar="DOC DOC…", nargs=-1, required=True)
@click.option("-f", "--format", "fmt", type=click.Choice(SYNOPSIS_FORMATS), default=None,
              help="Output format (default: text, or what -o FILE's extension says; docx: a Word table).")
@click.option("--provision", "provision", metavar="PROVISION", default=None,
              help="Only the rows of this provision (and what it contains): a citation (art. 7(1)(h)) or an eId, "
                   "in any of the texts.")
@click.option("--width", type=click.IntRange(min=40), default=None,
              help="Width of the text format (default: the terminal's).")
@output_option()
@click.pass_context
def synopsis_command(ctx: click.Context, documents: tuple[str, ...], fmt: str | None, provision: str | None,
                     width: int | None, output: str | None) -> None:
    """Texts side by side: one column per text (2 to 8, in the order given), one row per provision.

    Each cell holds the provision as that text has it, redlined against the column before; an empty
    cell means the text has no such provision, and a renumbering shows both numbers. The rows follow
    the alignment of each text with the next. Text for a wide terminal, Markdown, one HTML file (the
    columns become cards on a phone), JSON, or a Word table whose edits are tracked changes.

    \b
    Examples:
        cahtool synopsis rome-statute-art7 ilc-2017 ilc-2019 slave-trade
        cahtool synopsis rome-statute-art7 ilc-2019 gender-apartheid-definition --format docx -o synopsis.docx
        cahtool synopsis ilc-2019 slave-trade gender-apartheid-new-crime --format html -o synopsis.html
    """
    from cahtool.render import synopsis as render_synopsis
    from cahtool.reports import synopsis

    fmt = _format(fmt, output, SYNOPSIS_FORMATS)
    _need_file(fmt, output)
    corpus = _corpus(ctx)
    docs = [corpus.get(doc) for doc in documents]
    inputs = corpus.sources(*documents)
    if provision:
        from cahtool.akn import resolve_provision

        provision = resolve_provision(docs, provision)[1].eid
    result = synopsis(docs, provision=provision)
    if fmt == "docx":
        from cahtool.word import synopsis as word_synopsis

        _emit(word_synopsis(result), output, inputs=inputs)
        return
    _emit(render_synopsis.render(result, fmt, width=width), output, inputs=inputs)


@cli.command("propose")
@drafts_option
@click.argument("edited", metavar="EDITED.txt")
@click.option("--base", "base", required=True, metavar="DOC", help="The document the text was printed from.")
@output_option("Write the proposal to FILE instead of the terminal (FILE.xml also names it: its default id).")
@proposal_options(id_help="Short id of the proposal (default: the name of -o FILE.xml).",
                  title_help="Title of the proposal (say “illustrative wording” in it if the words are yours).",
                  date_help="Date of the proposal, YYYY-MM-DD (default: today).",
                  proponent_help="Who proposes it: a State, a group of States, an organisation (repeatable).",
                  source_help="Where the proposal was made: document symbol, statement, URL.",
                  status_help=f"Where it stands (default: “{PROPOSED}”).", provenance_default=None)
@click.pass_context
def propose_command(ctx: click.Context, edited: str, base: str, output: str | None, pid: str, title: str,
                    date: str, proponents: tuple[str, ...], supporters: tuple[str, ...], provenance: str | None,
                    source: str, status: str) -> None:
    """Turn an edited copy of a base text into an amendment proposal that `cahtool check` accepts.

    Print a document or a provision with `cahtool show`, edit its words, numbers or list items, and
    the instructions are derived: the fewest word substitutions, insertions and deletions, new and
    deleted provisions, renumbering. Say who proposes it (--proponent), where (--source) and how its
    words are known (--provenance); in a terminal, what is missing is asked for. The proposal is applied
    to the base and read back, then checked as `cahtool check` would check it in the corpus, before it
    is written. EDITED.txt may keep or drop the `# ` header lines ('-' reads standard input).

    \b
    Example:
        cahtool show ilc-2019 "art. 2(2)(h)" > edit.txt    # then edit edit.txt
        cahtool propose --base ilc-2019 edit.txt -o drafts/proposals/utopia-apartheid.xml \\
            --proponent Utopia --source "Utopia, written proposal, 1 April 2025" --provenance verbatim
    """
    from pathlib import Path

    from cahtool.output import refuse_inputs
    from cahtool.propose import derive_proposal, read_edited, verify
    from cahtool.text import short_id

    corpus = _corpus(ctx)
    base_doc = corpus.get(base)
    refuse_inputs(output, [edited, *corpus.sources(base)])  # before any work
    text = read_edited(edited)
    named = output if output and output != "-" and output.endswith(".xml") else None
    pid = pid or (short_id(Path(named).stem) if named else "")
    asking = _interactive() and edited != "-"
    if asking:
        pid = pid or click.prompt("Short id of the proposal (e.g. utopia-apartheid)")
        proponents = proponents or tuple(n.strip() for n in click.prompt(
            "Who proposes it (several: separate with ;)").split(";") if n.strip())
        source = source or click.prompt("Where was it made (document symbol, statement, URL)")
        provenance = provenance or click.prompt("How are its words known", type=click.Choice(PROVENANCE_LABELS))
    missing = [name for name, value in (("--id ID (or -o FILE.xml)", pid), ("--proponent NAME", proponents),
                                        ("--source TEXT", source), ("--provenance LABEL", provenance)) if not value]
    if missing:
        raise CahtoolError(f"a proposal needs {', '.join(missing)}: who proposes it, where and in what words are "
                           "part of it (cahtool check requires them)")
    draft = derive_proposal(base_doc, text, path=edited, id=pid, title=title, date=date, proponents=proponents,
                            supporters=supporters, provenance=provenance or "", source=source,
                            status=status or PROPOSED)
    data = verify(draft, corpus.xml(base_doc.path), text, path=edited)
    _checked(data, output if output and output != "-" else f"{draft.id}.xml", corpus.root)
    _emit(data if output else data.decode("utf-8"), output, inputs=[edited, *corpus.sources(base)], xml=True)


def _interactive() -> bool:
    """True when a person at a terminal can be asked for what is missing."""
    return sys.stdin.isatty()


def _checked(data: bytes, path: str, root: Any) -> None:
    """Refuse a proposal that `cahtool check` would refuse once written at ``path``: its findings on stderr."""
    from cahtool import check

    report = check.check_new(data, path, root=root)
    for f in report.findings:
        click.echo(f"{f.path}{f':{f.line}' if f.line else ''}: {f.rule} {f.severity}: {f.message}", err=True)
    if report.errors:
        raise CahtoolError(f"not written: cahtool check would find {report.errors} error"
                           f"{'s' if report.errors != 1 else ''} (above)", path=path)


@cli.command("build")
@drafts_option
@quiet_option
@click.option("--out", "out", type=click.Path(file_okay=False), default="site", show_default=True,
              help="Output directory (replaced, once the new site is complete, if it holds a previous build).")
@click.option("--baseline", default=BASELINE, show_default=True,
              help="The document every other one is compared with.")
@click.option("--templates", type=click.Path(file_okay=False), default=None,
              help="A directory of templates that override the shipped ones, file by file.")
@click.option("--no-search", "no_search", is_flag=True, help="Skip the Pagefind search index.")
@click.option("--no-cache", "no_cache", is_flag=True,
              help="Compare every text again: neither read nor keep the build cache (.SITE.cache beside the site).")
@click.pass_context
def build_command(ctx: click.Context, out: str, baseline: str, templates: str | None, no_search: bool,
                  no_cache: bool) -> None:
    """Build the static tracker site: every document and comparison, with search.

    Pages use relative links only, so the site works from file://, a sub-path or any static host.
    What a build compares is kept beside the site (site/ → .site.cache/), so the next build compares only
    the texts that changed; the site is the same byte for byte (--no-cache: compare everything again).

    \b
    Example:
        cahtool build --out site/
    """
    from cahtool.site import build

    with _progress(ctx) as progress:
        report = build(_corpus(ctx), out, baseline=baseline, templates=templates, search=not no_search,
                       progress=progress, cache=not no_cache)
    pages = sum(1 for p in report.pages if p.endswith(".html"))
    for skipped in report.skipped:
        echo(f"warning: {skipped}", err=True)
    echo(f"wrote {pages} pages, {report.comparisons} comparisons"
               f"{', search index' if report.search else ''} to {report.out}/")


@cli.command("import")
@drafts_option
@click.argument("file", type=click.Path(dir_okay=False))
@click.option(
    "--base",
    "base",
    default=None,
    metavar="DOC",
    help="The document the Word file was made from (short id or path); with --rolling-text, the basis "
    "of negotiation (default: as the file records it).",
)
@click.option(
    "--rolling-text",
    "rolling",
    is_flag=True,
    help="Read a bracketed text (numbered provisions, [brackets] with footnotes naming delegations, "
    "Option 1: lines, Status: lines) as a rolling text, written as Akoma Ntoso.",
)
@click.option("--revises", default="", metavar="ID", help="With --rolling-text: the rolling text this one revises.")
@click.option("--version", "version", default="", metavar="REV", help="With --rolling-text: its revision (Rev.1).")
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(["xml", "text"]),
    default=None,
    help="xml (default, or from -o FILE's extension): the amendment proposal (schema-valid Akoma Ntoso); "
    "text: the edited text, laid out as `cahtool show --no-header` prints it.",
)
@click.option(
    "--accept-untracked",
    is_flag=True,
    help="Take edits made without Track Changes as they are (they are listed on stderr).",
)
@output_option()
@proposal_options(id_help="Short id of the proposal (default: the name of FILE.xml given to -o, else of the Word "
                          "file; made unique in the corpus).",
                  title_help="Title of the proposal (default: who edited what, from which file).",
                  date_help="Date of the proposal, YYYY-MM-DD (default: the latest tracked change's).",
                  proponent_help="Who proposes it (repeatable; default: the tracked changes' authors).",
                  source_help="Where the proposal comes from (default: the Word file and its tracked changes).",
                  status_help="Where it stands (default: a draft with tracked changes, not tabled).",
                  provenance_default="verbatim")
@click.pass_context
def import_command(
    ctx: click.Context,
    file: str,
    base: str | None,
    rolling: bool,
    revises: str,
    version: str,
    fmt: str | None,
    accept_untracked: bool,
    output: str | None,
    pid: str,
    title: str,
    date: str,
    proponents: tuple[str, ...],
    supporters: tuple[str, ...],
    provenance: str,
    source: str,
    status: str,
) -> None:
    """Turn a Word file with tracked changes into an amendment proposal on its base (Akoma Ntoso).

    Start from `cahtool show DOC --format docx`, edit with Track Changes on. Every tracked change is
    accepted, and the edit becomes instructions as `cahtool propose` derives them, proposed by the
    changes' author(s) and dated with the latest change; the proposal is applied to the base and read
    back before it is written. Who made the changes, when and where is reported on stderr. Text that
    differs from the base outside tracked changes is an error naming the paragraph and provision,
    unless --accept-untracked is given. The proposal is marked as a draft, not a tabled amendment.

    With --rolling-text, the Word file is a bracketed negotiating text instead (as `cahtool rolling
    --format docx` writes it, or laid out the UN way), and becomes a rolling text; unbalanced brackets and
    options that cannot be placed are errors naming the paragraph and the provision.

    \b
    Examples:
        cahtool show ilc-2019 --format docx -o ilc-2019.docx   # edit it in Word, Track Changes on
        cahtool import ilc-2019.docx --base ilc-2019 -o drafts/proposals/mexico-age.xml
        cahtool import rev2.docx --rolling-text --revises rolling-ilc-2019-rev1 --version Rev.2 -o rev2.xml
    """
    from pathlib import Path

    from cahtool import word
    from cahtool.output import refuse_inputs
    from cahtool.text import short_id

    if rolling:
        from cahtool.akn import rolling_xml

        rt = word.read_rolling_file(
            file, id=pid, title=title, date=date, basis=base or "", revises=revises, version=version
        )
        click.echo(
            f"{file}: rolling text {rt.document.id}: {sum(1 for _ in rt.walk())} provisions, "
            f"{sum(1 for c in rt.walk() for _ in c.brackets())} brackets, "
            f"{sum(len(c.options) for c in rt.walk())} options",
            err=True,
        )
        data = rolling_xml(rt)
        _emit(data if output else data.decode("utf-8"), output)
        return
    if not base:
        raise click.UsageError("Missing option '--base' (or give --rolling-text).")
    fmt = _format(fmt, output, ["xml", "text"])
    corpus = _corpus(ctx)
    base_doc = corpus.get(base)
    refuse_inputs(output, [file, *corpus.sources(base)])  # before any work
    edit = word.read_tracked_file(file, base_doc, accept_untracked=accept_untracked)
    for line in _import_report(edit):
        echo(f"{file}: {line}", err=True)
    if fmt == "text":
        _emit(edit.text, output, inputs=[file, *corpus.sources(base)])
        return
    named = output if output and output != "-" and output.endswith(".xml") else None
    wanted = pid or (short_id(Path(named).stem) if named else "")
    draft, data = word.proposal(
        edit, corpus.xml(base_doc.path), id=wanted, title=title, date=date, proponents=proponents,
        supporters=supporters, provenance=provenance or "verbatim", source=source, status=status,
        taken=() if pid else word.ids_in_use(corpus, replacing=named))
    sentences = len(draft.instructions)
    echo(f"{file}: proposal {draft.id} on {base_doc.id}: {sentences} instruction"
               f"{'s' if sentences != 1 else ''}, proposed by {'; '.join(p.name for p in draft.proponents)}, "
               f"dated {draft.date}", err=True)
    _emit(data if output else data.decode("utf-8"), output, inputs=[file, *corpus.sources(base)], xml=True)


def _import_report(edit: Any) -> list[str]:
    """What an import found: the tracked changes, then what was taken untracked, then what was left out."""
    from cahtool.word import summary

    where = f" in {', '.join(edit.touched)}" if edit.touched else ""
    lines = [summary(edit) + where]
    lines.extend(f"warning: taken without Track Changes: {u}" for u in edit.untracked)
    lines.extend(f"note: {n}" for n in edit.notes)
    return lines


@cli.command("check")
@drafts_option
@quiet_option
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("-f", "--format", "fmt", type=click.Choice(["text", "github", "json"]), default="text",
              show_default=True, help="text: path:line: RULE severity: message; github: annotations; json.")
@click.option("--summary", "summary_file", metavar="FILE", type=click.Path(dir_okay=False), default=None,
              help="Append a Markdown summary (findings, redlines of each checked document) to FILE, "
                   'e.g. "$GITHUB_STEP_SUMMARY".')
@click.option("--changed-since", "ref", metavar="REF", default=None,
              help="Only drafts changed since this git ref, and the proposals that depend on them.")
@click.option("--baseline", default=BASELINE, show_default=True, metavar="ID",
              help="The document each new draft is compared with in the summary.")
@click.option("--corpus/--no-corpus", "corpus", default=None,
              help="Hold the files to the corpus's policy too (short id, source, verification, eIds in the naming "
                   "convention, lists without gaps), or to no policy. Default: files of the drafts directory are.")
@click.option("--list-rules", is_flag=True, help="List the rules (id, name, severity, what each asks) and exit.")
@click.pass_context
def check_command(ctx: click.Context, paths: tuple[str, ...], fmt: str, summary_file: str | None,
                  ref: str | None, baseline: str, corpus: bool | None, list_rules: bool) -> None:
    """Check drafts before they join the corpus: well-formed, safe, schema-valid, complete, consistent.

    With no PATH, checks every file of the corpus. Any Akoma Ntoso file is held to what every document
    must be; files of the drafts directory (or all, with --corpus) also to the corpus's policy. Each
    finding names its file, line, column and rule, and says how to fix it. Exit code 0 when there is no
    error (warnings allowed), 1 when there is one.

    \b
    Examples:
        cahtool check
        cahtool check drafts/proposals/my-proposal.xml
        cahtool check --changed-since origin/main --format github --summary "$GITHUB_STEP_SUMMARY"
    """
    from cahtool import check
    from cahtool.render import findings

    if list_rules:
        for rule in check.RULES.values():
            echo(f"{rule.id}  {rule.name:<20} {rule.severity:<8} {rule.summary}")
        return
    drafts = _corpus(ctx)
    with _progress(ctx) as progress:
        report = check.run(paths, root=drafts.root, changed_since=ref, corpus=corpus, progress=progress)
    if summary_file is not None:
        markdown = findings.summary(report, check.reviews(report.documents, drafts, baseline=baseline),
                                    changed_since=ref)
        from cahtool.output import append_safely, refuse_inputs

        refuse_inputs(summary_file, [*drafts.files(), *check.expand(paths)], option="--summary")
        append_safely(summary_file, markdown.encode("utf-8", "surrogateescape"))
    if fmt == "json":
        click.echo(findings.to_json(report), nl=False)
    else:
        echo(findings.text(report) if fmt == "text" else findings.github(report, changed_since=ref), nl=False)
        if fmt == "text":
            echo(findings.tally(report, changed_since=ref), err=True)
    if report.errors:
        ctx.exit(1)


def main() -> None:
    """Console-script entry point."""
    # A command builds hundreds of thousands of small objects (provisions, word lists, pairs) and frees them only at
    # the end; with the default thresholds the collector walks all of them again and again looking for cycles
    # they do not form (11 % of a 400,000-word diff). Collected less often, as mypy does, for the same memory.
    gc.set_threshold(200_000, 30, 30)
    cli(prog_name="cahtool")
