"""The command line: thin click commands over the library; the only module that imports click.

Exit codes follow diff(1): 0 success (no differences), 1 differences found with ``--exit-code``,
2 bad usage or bad input (one line on stderr, no traceback). A bug still shows its traceback.
Library modules are imported inside commands, so start-up costs only click.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from cahtool import BASELINE, __version__
from cahtool.errors import CahtoolError
from cahtool.render import RENDERERS

#: The formats of a redline (``diff --format``): the renderers of ``render``, and Word's tracked changes.
DIFF_FORMATS: dict[str, str] = {**RENDERERS, "docx": "cahtool.word:redline"}
#: Formats whose output is bytes (written with -o, never echoed).
BINARY_FORMATS = frozenset({"docx"})

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}
F = TypeVar("F", bound=Callable[..., Any])


class UserError(click.ClickException):
    """A CahtoolError on its way to the terminal: one line, exit code 2."""

    exit_code = 2

    def show(self, file: Any = None) -> None:
        click.echo(f"cahtool: error: {self.format_message()}", err=True)


class Group(click.Group):
    """The command group: maps the library's errors to exit code 2, nothing else."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except CahtoolError as exc:
            raise UserError(exc.format()) from None


def _corpus(ctx: click.Context) -> Any:
    from cahtool.corpus import Corpus, drafts_dir

    obj = ctx.find_root().obj or {}
    if "corpus" not in obj:
        obj["corpus"] = Corpus(drafts_dir(obj.get("drafts")))
    return obj["corpus"]


def _use_color(choice: str, output: str | None) -> bool:
    if choice == "always":
        return True
    if choice == "never" or output is not None or "NO_COLOR" in os.environ:
        return False
    return sys.stdout.isatty()


def _emit(result: str | bytes, output: str | None, color: bool = False) -> None:
    """Write to ``-o FILE`` (created or replaced) or echo to stdout."""
    if output is None or output == "-":
        if isinstance(result, bytes):
            raise CahtoolError("this format is a binary file, not text for the terminal: add -o FILE")
        click.echo(result, nl=False, color=color)
        return
    try:
        data = result if isinstance(result, bytes) else result.encode("utf-8")
        Path(output).write_bytes(data)
    except OSError as exc:
        raise CahtoolError(f"cannot write output: {exc.strerror or exc}", path=output) from None


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
        fn = click.option("-f", "--format", "fmt", type=click.Choice(formats), default=formats[0],
                          show_default=True, help="Output format.")(fn)
        return fn
    return decorate


def proposal_options(*, id_help: str, title_help: str, date_help: str, proponent_help: str, source_help: str,
                     provenance_default: str | None) -> Callable[[F], F]:
    """Who, when and how sure: the metadata options of the commands that write a proposal."""
    def decorate(fn: F) -> F:
        options = [
            click.option("--id", "pid", default="", help=id_help),
            click.option("--title", default="", help=title_help),
            click.option("--date", default="", help=date_help),
            click.option("--proponent", "proponents", multiple=True, metavar="NAME", help=proponent_help),
            click.option("--supporter", "supporters", multiple=True, metavar="NAME",
                         help="Who supports it (repeatable)."),
            click.option("--provenance", type=click.Choice(["verbatim", "substance verified", "illustrative wording"]),
                         default=provenance_default, show_default=provenance_default is not None,
                         help="How the words are known: verbatim, substance verified, or illustrative wording."),
            click.option("--source", default="", help=source_help),
        ]
        for option in reversed(options):
            fn = option(fn)
        return fn
    return decorate


@click.group(cls=Group, context_settings=CONTEXT_SETTINGS)
@click.version_option(__version__, "-V", "--version", prog_name="cahtool")
@click.option("--drafts", type=click.Path(file_okay=False), default=None, envvar="CAHTOOL_DRAFTS",
              help="Corpus directory (default: ./drafts, or $CAHTOOL_DRAFTS).")
@click.pass_context
def cli(ctx: click.Context, drafts: str | None) -> None:
    """Compare, amend and publish the drafts of the Crimes Against Humanity convention.

    Documents are named by short id (rome-statute-art7, ilc-2019) or by path.

    \b
    Example:
        cahtool diff rome-statute-art7 ilc-2019
    """
    ctx.obj = {"drafts": drafts}


@cli.command("list")
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
        click.echo(dumps(data), nl=False)
    else:
        click.echo(document.listing(docs), nl=False)


@cli.command("show")
@click.argument("doc")
@click.argument("eid", required=False)
@click.option("-f", "--format", "fmt", type=click.Choice(["text", "json", "docx"]), default="text",
              show_default=True, help="Output format (docx: a Word file to edit with Track Changes; needs -o).")
@click.option("--no-header", is_flag=True, help="Only the text, without the # metadata lines.")
@output_option()
@click.pass_context
def show_command(ctx: click.Context, doc: str, eid: str | None, fmt: str, no_header: bool,
                 output: str | None) -> None:
    """Print a document, or one provision of it (by eId), with its verification status.

    \b
    Examples:
        cahtool show ilc-2019 art_2__para_2__point_h
        cahtool show ilc-2019 --format docx -o ilc-2019.docx
    """
    from cahtool.render import document

    _need_file(fmt, output)
    found = _corpus(ctx).get(doc)
    provision = None
    if eid:
        provision = found.find(eid)
        if provision is None:
            raise CahtoolError(f"no provision with eId {eid!r} in {found.id}", path=found.path)
    if fmt == "json":
        _emit(document.to_json(found, provision), output)
    elif fmt == "docx":
        if provision is not None:
            raise CahtoolError("--format docx writes a whole document: leave out the eId")
        from cahtool.word import document as word_document

        _emit(word_document(found), output)
    else:
        _emit(document.text(found, provision, with_header=not no_header), output)


@cli.command("diff")
@click.argument("old")
@click.argument("new")
@output_options(list(DIFF_FORMATS))
@click.option("--substantive-only", is_flag=True, help="Only changes of substance (hide editorial ones).")
@click.option("--provision", "provision", metavar="EID", default=None,
              help="Only this provision (and what it contains), by eId in either document.")
@click.option("--all", "include_unchanged", is_flag=True, help="Also list unchanged provisions.")
@click.option("--exit-code", is_flag=True, help="Exit with 1 when there are differences (as git diff).")
@click.pass_context
def diff_command(ctx: click.Context, old: str, new: str, fmt: str, output: str | None, color: str,
                 substantive_only: bool, provision: str | None, include_unchanged: bool,
                 exit_code: bool) -> None:
    """Redline of two documents, aligned provision by provision.

    Each change says where it is (art. 7(1)(h) → art. 2(1)(h)), what happened (modified, inserted,
    deleted, moved, renumbered) and whether it is substantive or editorial. Deletions print as
    [-words-], insertions as {+words+}, in colour in a terminal. Two rolling texts (a text and its
    revision) also get the negotiation's change types: brackets removed (words agreed), bracketed words
    deleted, option chosen, option dropped, new option, status changed.

    \b
    Examples:
        cahtool diff rome-statute-art7 ilc-2019
        cahtool diff ilc-2017 ilc-2019 --format json -o changes.json
        cahtool diff rome-statute-art7 ilc-2019 --substantive-only --provision art_7__para_1
        cahtool diff rome-statute-art7 ilc-2019 --format docx -o redline.docx
    """
    from cahtool.diff import compare
    from cahtool.render import Options, renderer

    _need_file(fmt, output)
    corpus = _corpus(ctx)
    old_doc, new_doc = corpus.get(old), corpus.get(new)
    if provision and old_doc.find(provision) is None and new_doc.find(provision) is None:
        raise CahtoolError(f"no provision with eId {provision!r} in {old_doc.id} or {new_doc.id}")
    use_color = _use_color(color, output)
    if fmt in ("text", "json", "markdown") and not provision and _rolling_pair(ctx, old_doc, new_doc, fmt, output,
                                                                               use_color, exit_code):
        return
    comparison = compare(old_doc, new_doc, provision=provision)
    options = Options(substantive_only=substantive_only, include_unchanged=include_unchanged, color=use_color)
    _emit(renderer(DIFF_FORMATS[fmt])(comparison, options), output, color=use_color)
    if exit_code and comparison.visible(substantive_only=substantive_only):
        ctx.exit(1)


def _rolling_pair(ctx: click.Context, old: Any, new: Any, fmt: str, output: str | None, color: bool,
                  exit_code: bool) -> bool:
    """Two rolling texts: what the revision changed in the negotiation's words, beside the redline."""
    from cahtool.render import rolling as render_rolling
    from cahtool.reports import is_rolling_text, revision_diff, rolling_of

    corpus = _corpus(ctx)
    if not (is_rolling_text(corpus, old) and is_rolling_text(corpus, new)):
        return False
    diff = revision_diff(rolling_of(corpus, old.path), rolling_of(corpus, new.path))
    _emit(render_rolling.revision_render(diff, fmt, color=color), output, color=color)
    if exit_code and (diff.events or diff.comparison.visible()):
        ctx.exit(1)
    return True


@cli.command("apply")
@click.argument("proposals", nargs=-1, required=True)
@click.option("-f", "--format", "fmt", type=click.Choice(["xml", "text"]), default="xml", show_default=True,
              help="Akoma Ntoso (schema-valid), or the text as `cahtool show` prints it.")
@output_option()
@click.pass_context
def apply_command(ctx: click.Context, proposals: tuple[str, ...], fmt: str, output: str | None) -> None:
    """Consolidated text: the base with one or more proposals applied.

    Several proposals on the same base apply together, in any order, unless they touch the same words,
    place or number (a conflict, exit 2). A proposal whose words or target are not in its base fails
    with the instruction and the text looked for (exit 2): nothing is guessed.

    \b
    Examples:
        cahtool apply slave-trade --format text
        cahtool apply persecution-without-nexus enforced-disappearance-no-time-limit -o consolidated.xml
    """
    from cahtool.render import document

    corpus = _corpus(ctx)
    if fmt == "xml":
        data = corpus.consolidated_xml(list(proposals))
        _emit(data if output else data.decode("utf-8"), output)
    else:
        _emit(document.text(corpus.consolidate(list(proposals))), output)


@cli.command("compile")
@click.argument("base")
@click.argument("proposals", nargs=-1)
@output_options(["text", "json", "markdown", "xml"])
@click.option("--rolling-text", "rolling", is_flag=True,
              help="Lay the proposals out as a rolling text (brackets, options, footnotes naming the delegations): "
                   "Akoma Ntoso with -o FILE.xml, or as `cahtool rolling` prints it with --format text|markdown|json.")
@click.option("--id", "rolling_id", default="", metavar="ID",
              help="Short id of the rolling text (default: rolling-BASE).")
@click.pass_context
def compile_command(ctx: click.Context, base: str, proposals: tuple[str, ...], fmt: str, output: str | None,
                    color: str, rolling: bool, rolling_id: str) -> None:
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

    if rolling:
        _rolling_compile(ctx, base, proposals, fmt, output, rolling_id)
        return
    if fmt == "xml":
        raise CahtoolError("--format xml writes a rolling text: add --rolling-text")
    result = compile_proposals(_corpus(ctx), base, list(proposals))
    use_color = _use_color(color, output)
    _emit(compilation.render(result, fmt, color=use_color), output, color=use_color)


def _rolling_compile(ctx: click.Context, base: str, proposals: tuple[str, ...], fmt: str, output: str | None,
                     rolling_id: str) -> None:
    """``compile --rolling-text``: the rolling text as Akoma Ntoso (default with -o) or as it prints."""
    from cahtool.akn import rolling_xml
    from cahtool.render import rolling as render_rolling
    from cahtool.reports import rolling_text

    if ctx.get_parameter_source("fmt") is click.core.ParameterSource.DEFAULT and output not in (None, "-"):
        fmt = "xml"
    made = rolling_text(_corpus(ctx), base, list(proposals), id=rolling_id)
    doc = made.rolling.document
    n = len(made.compilation.proposals)
    click.echo(f"rolling text {doc.id} on {made.compilation.base.id}: {n} proposal{'' if n == 1 else 's'}; "
               f"{render_rolling.counts_line(made.rolling)}", err=True)
    for note in made.notes:
        click.echo(f"note: {note}", err=True)
    if fmt == "xml":
        data = rolling_xml(made.rolling)
        _emit(data if output not in (None, "-") else data.decode("utf-8"), output)
    else:
        _emit(render_rolling.render(made.rolling, fmt), output)


@cli.command("rolling")
@click.argument("doc")
@click.option("-f", "--format", "fmt", type=click.Choice(["text", "markdown", "json", "html", "docx"]),
              default="text", show_default=True, help="Output format (docx needs -o).")
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
@click.argument("query", metavar="TERM-or-EID")
@output_options(["text", "json", "markdown"])
@click.option("--in", "document", metavar="DOC", default=None,
              help="Look the eId up in this document (default: the Rome Statute, then every other by date).")
@click.pass_context
def history_command(ctx: click.Context, query: str, fmt: str, output: str | None, color: str,
                    document: str | None) -> None:
    """One provision across every document in date order, each version redlined against the last.

    Give an eId (followed from the document that has it, through the alignment) or a term (every
    provision whose words contain it). The main line runs IMT Charter 1945 → ICTY Statute 1993 → Rome
    Statute 1998 → ILC 2017 → ILC 2019; then each proposal that would change the provision, redlined
    against its base. Where the structures differ (the ICTY and the IMT list the acts directly under the
    article), each version says how it was found.

    \b
    Examples:
        cahtool history apartheid
        cahtool history art_7__para_1__point_h
        cahtool history art_2__para_2__point_i --in ilc-2019 --format markdown
    """
    from cahtool.render import history as render_history
    from cahtool.reports import history

    result = history(_corpus(ctx), query, document=document)
    use_color = _use_color(color, output)
    _emit(render_history.render(result, fmt, color=use_color), output, color=use_color)


@cli.command("propose")
@click.argument("edited", metavar="EDITED.txt")
@click.option("--base", "base", required=True, metavar="DOC", help="The document the text was printed from.")
@output_option("Write the proposal to FILE instead of the terminal.")
@proposal_options(id_help="Short id of the proposal (default: the file's name).", title_help="Title of the proposal.",
                  date_help="Date of the proposal, YYYY-MM-DD (default: today).",
                  proponent_help="Who proposes it (repeatable).",
                  source_help="Where the proposal was made (document symbol, URL).", provenance_default=None)
@click.pass_context
def propose_command(ctx: click.Context, edited: str, base: str, output: str | None, pid: str, title: str,
                    date: str, proponents: tuple[str, ...], supporters: tuple[str, ...], provenance: str | None,
                    source: str) -> None:
    """Turn an edited copy of a base text into an amendment proposal (schema-valid Akoma Ntoso).

    Print a document or a provision with `cahtool show`, edit its words, numbers or list items, and
    the instructions are derived: the fewest word substitutions, insertions and deletions, new and
    deleted provisions, renumbering. The proposal is applied to the base and read back before it is
    written. EDITED.txt may keep or drop the `# ` header lines ('-' reads standard input).

    \b
    Example:
        cahtool show ilc-2019 art_2__para_2__point_h > edit.txt    # then edit edit.txt
        cahtool propose --base ilc-2019 edit.txt --proponent "Sierra Leone" -o drafts/proposals/mine.xml
    """
    from cahtool.propose import derive_proposal, read_edited, verify

    corpus = _corpus(ctx)
    base_doc = corpus.get(base)
    text = read_edited(edited)
    draft = derive_proposal(base_doc, text, path=edited, id=pid, title=title, date=date, proponents=proponents,
                            supporters=supporters, provenance=provenance or "", source=source)
    data = verify(draft, corpus.xml(base_doc.path), text, path=edited)
    _emit(data if output else data.decode("utf-8"), output)


@cli.command("build")
@click.option("--out", "out", type=click.Path(file_okay=False), default="site", show_default=True,
              help="Output directory (emptied first if it holds a previous build).")
@click.option("--baseline", default=BASELINE, show_default=True,
              help="The document every other one is compared with.")
@click.option("--templates", type=click.Path(file_okay=False), default=None,
              help="A directory of templates that override the shipped ones, file by file.")
@click.option("--no-search", "no_search", is_flag=True, help="Skip the Pagefind search index.")
@click.pass_context
def build_command(ctx: click.Context, out: str, baseline: str, templates: str | None, no_search: bool) -> None:
    """Build the static tracker site: every document and comparison, with search.

    Pages use relative links only, so the site works from file://, a sub-path or any static host.

    \b
    Example:
        cahtool build --out site/
    """
    from cahtool.site import build

    report = build(_corpus(ctx), out, baseline=baseline, templates=templates, search=not no_search)
    pages = sum(1 for p in report.pages if p.endswith(".html"))
    click.echo(f"wrote {pages} pages, {report.comparisons} comparisons"
               f"{', search index' if report.search else ''} to {report.out}/")


@cli.command("import")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--base", "base", default=None, metavar="DOC",
              help="The document the Word file was made from (short id or path); with --rolling-text, the basis "
                   "of negotiation (default: as the file records it).")
@click.option("--rolling-text", "rolling", is_flag=True,
              help="Read a bracketed text (numbered provisions, [brackets] with footnotes naming delegations, "
                   "Option 1: lines, Status: lines) as a rolling text, written as Akoma Ntoso.")
@click.option("--revises", default="", metavar="ID", help="With --rolling-text: the rolling text this one revises.")
@click.option("--version", "version", default="", metavar="REV", help="With --rolling-text: its revision (Rev.1).")
@click.option("-f", "--format", "fmt", type=click.Choice(["xml", "text"]), default="xml", show_default=True,
              help="xml: the amendment proposal (schema-valid Akoma Ntoso); text: the edited text, laid out as "
                   "`cahtool show --no-header` prints it.")
@click.option("--accept-untracked", is_flag=True,
              help="Take edits made without Track Changes as they are (they are listed on stderr).")
@output_option()
@proposal_options(id_help="Short id of the proposal (default: the name of FILE.xml given to -o, else of the Word "
                          "file; made unique in the corpus).",
                  title_help="Title of the proposal (default: who edited what, from which file).",
                  date_help="Date of the proposal, YYYY-MM-DD (default: the latest tracked change's).",
                  proponent_help="Who proposes it (repeatable; default: the tracked changes' authors).",
                  source_help="Where the proposal comes from (default: the Word file and its tracked changes).",
                  provenance_default="verbatim")
@click.pass_context
def import_command(ctx: click.Context, file: str, base: str | None, rolling: bool, revises: str, version: str,
                   fmt: str, accept_untracked: bool, output: str | None, pid: str, title: str, date: str,
                   proponents: tuple[str, ...], supporters: tuple[str, ...], provenance: str, source: str) -> None:
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
    from cahtool import word
    from cahtool.text import short_id

    if rolling:
        from cahtool.akn import rolling_xml

        rt = word.read_rolling_file(file, id=pid, title=title, date=date, basis=base or "", revises=revises,
                                    version=version)
        click.echo(f"{file}: rolling text {rt.document.id}: {sum(1 for _ in rt.walk())} provisions, "
                   f"{sum(1 for c in rt.walk() for _ in c.brackets())} brackets, "
                   f"{sum(len(c.options) for c in rt.walk())} options", err=True)
        data = rolling_xml(rt)
        _emit(data if output else data.decode("utf-8"), output)
        return
    if not base:
        raise click.UsageError("Missing option '--base' (or give --rolling-text).")
    corpus = _corpus(ctx)
    base_doc = corpus.get(base)
    edit = word.read_tracked_file(file, base_doc, accept_untracked=accept_untracked)
    for line in _import_report(edit):
        click.echo(f"{file}: {line}", err=True)
    if fmt == "text":
        _emit(edit.text, output)
        return
    named = output if output and output != "-" and output.endswith(".xml") else None
    wanted = pid or (short_id(Path(named).stem) if named else "")
    draft, data = word.proposal(
        edit, corpus.xml(base_doc.path), id=wanted, title=title, date=date, proponents=proponents,
        supporters=supporters, provenance=provenance or "verbatim", source=source,
        taken=() if pid else word.ids_in_use(corpus, replacing=named))
    sentences = len(draft.instructions)
    click.echo(f"{file}: proposal {draft.id} on {base_doc.id}: {sentences} instruction"
               f"{'s' if sentences != 1 else ''}, proposed by {'; '.join(p.name for p in draft.proponents)}, "
               f"dated {draft.date}", err=True)
    _emit(data if output else data.decode("utf-8"), output)


def _import_report(edit: Any) -> list[str]:
    """What an import found: the tracked changes, then what was taken untracked, then what was left out."""
    from cahtool.word import summary

    where = f" in {', '.join(edit.touched)}" if edit.touched else ""
    lines = [summary(edit) + where]
    lines.extend(f"warning: taken without Track Changes: {u}" for u in edit.untracked)
    lines.extend(f"note: {n}" for n in edit.notes)
    return lines


@cli.command("check")
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
            click.echo(f"{rule.id}  {rule.name:<20} {rule.severity:<8} {rule.summary}")
        return
    drafts = _corpus(ctx)
    report = check.run(paths, root=drafts.root, changed_since=ref, corpus=corpus)
    if summary_file is not None:
        markdown = findings.summary(report, check.reviews(report.documents, drafts, baseline=baseline),
                                    changed_since=ref)
        try:
            with open(summary_file, "a", encoding="utf-8") as handle:
                handle.write(markdown)
        except OSError as exc:
            raise CahtoolError(f"cannot write the summary: {exc.strerror or exc}", path=summary_file) from None
    if fmt == "json":
        click.echo(findings.to_json(report), nl=False)
    else:
        click.echo(findings.text(report) if fmt == "text" else findings.github(report, changed_since=ref), nl=False)
        if fmt == "text":
            click.echo(findings.tally(report, changed_since=ref), err=True)
    if report.errors:
        ctx.exit(1)


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="cahtool")
