"""A Word file with tracked changes, read against its base: the edited text, who edited, and where.

The file is expected to be (a copy of) ``cahtool show BASE --format docx``: a title block, then the base's text
one paragraph a line. Its text starts at the first paragraph in one of the text styles (or, in a file made
another way, at the first paragraph that reads as the base's first line). With every change rejected, that
text must be the base's text line for line; whatever differs was edited without Track Changes, and is
reported with its place (paragraph and provision) rather than silently taken into a proposal. With every
change accepted it is the edited text, laid out as ``cahtool show --no-header`` prints it: the input of the
``propose`` derivation, which ``proposal`` runs to make the file an amendment proposal: proposed by the
revisions' authors, dated with the latest revision, applied to the base and read back before it is returned.
"""

from __future__ import annotations

import dataclasses
import difflib
from bisect import bisect_right
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path

from cahtool.corpus import Corpus
from cahtool.diff import word_diff
from cahtool.errors import InputError
from cahtool.layout import Row, provision_rows
from cahtool.model import Document, OpKind
from cahtool.propose import ProposalDraft, derive_proposal, verify
from cahtool.text import MAX_ID, clean_name, excerpt, name_problem, short_id, slug
from cahtool.word import ooxml as wordml
from cahtool.word import rebuild

#: Untracked differences listed in an error message before "and N more".
SHOWN_DIFFERENCES = 3
#: Words of unchanged context around an untracked difference.
CONTEXT_WORDS = 4
#: How an imported proposal's words are known: read word for word from the Word file, which is its source.
PROVENANCE = "verbatim"
#: What an imported proposal is: someone's draft, which no one has tabled (until its status is changed).
STATUS = "draft with tracked changes in a Word file (not tabled as a formal amendment)"
#: Revision authors that name no one: Word's "remove personal information", LibreOffice with no user name.
PLACEHOLDER_AUTHORS = frozenset({"", "author", "unknown author", "unknown", "user"})
#: Provisions named in a default title before "and N more".
TITLE_PROVISIONS = 3
#: Characters of the file's text quoted in a message about one difference.
QUOTED = 200


@dataclass(frozen=True, slots=True)
class Line:
    """One line of text in the Word file: its words, the paragraph it comes from, and its base row."""

    text: str
    paragraph: int
    row: Row | None = None


@dataclass(frozen=True, slots=True)
class TrackedEdit:
    """What a Word file says about its base once its tracked changes are read."""

    base: Document
    path: str
    text: str  # every change accepted, one line a row, as ``cahtool show --no-header`` prints it
    authors: tuple[str, ...]  # revision authors, in order of first appearance
    date: str  # the latest revision's date (YYYY-MM-DD), '' when no revision is dated
    revisions: tuple[wordml.Revision, ...]
    touched: tuple[str, ...]  # citations of the provisions with tracked changes, in reading order
    untracked: tuple[str, ...] = ()  # edits made without Track Changes (only with accept_untracked)
    notes: tuple[str, ...] = ()  # what was in the file but not imported (comments)

    @property
    def changed(self) -> bool:
        """True when the edited text differs from the base."""
        return self.text != base_text(self.base)


def collapse(text: str) -> str:
    """Whitespace as the loader reads it: runs of spaces, tabs and breaks are one space, none at the ends."""
    return " ".join(text.split())


def base_rows(base: Document) -> list[Row]:
    """The base's printed rows (``cahtool show`` lines), blank ones left out."""
    return [row for p in base.provisions for row in provision_rows(p) if collapse(row.line)]


def base_text(base: Document) -> str:
    """The base as ``cahtool show --no-header`` prints it, whitespace collapsed."""
    return "".join(collapse(row.line) + "\n" for row in base_rows(base))


def _lines(paragraphs: list[wordml.Paragraph], accept: bool) -> list[Line]:
    """Accept (or reject) every change, then one Line per non-blank line, with the paragraph it starts in."""
    out: list[Line] = []
    pending = ""
    first = 0
    for p in paragraphs:
        if not pending:
            first = p.index
        pending += p.accepted if accept else p.rejected
        if p.mark == (wordml.DELETED if accept else wordml.INSERTED):
            continue  # this paragraph's mark is not there: it runs on into the next one
        out.extend(Line(collapse(piece), first) for piece in pending.split("\n") if collapse(piece))
        pending = ""
    out.extend(Line(collapse(piece), first) for piece in pending.split("\n") if collapse(piece))
    return out


def _region(document: wordml.WordDocument, base: Document, rows: list[Row]) -> list[wordml.Paragraph]:
    """The paragraphs holding the text: from the first in a text style (or reading as the base's first line)."""
    paragraphs = list(document.paragraphs)
    start = next((k for k, p in enumerate(paragraphs) if p.style in wordml.TEXT_STYLES and not p.in_table), None)
    if start is None and rows:
        first = collapse(rows[0].line)
        start = next((k for k, p in enumerate(paragraphs) if collapse(p.rejected) == first), None)
    if start is None:
        raise InputError(f"cannot find the text of {base.id} in this file: start from "
                         f"`cahtool show {base.id} --format docx -o FILE.docx`", path=document.path)
    for p in paragraphs[:start]:
        if p.revisions:
            raise InputError(f"paragraph {p.index}: tracked change in the title block, which is not imported; "
                             "reject it, or make the edit in the text", path=document.path)
    region = paragraphs[start:]
    for p in region:
        where = f"paragraph {p.index}"
        if p.in_table:
            raise InputError(f"a table after paragraph {p.index} in the text cannot become an amendment; write it "
                             "as paragraphs", path=document.path)
        if p.unsupported:
            raise InputError(f"{where}: {p.unsupported[0]} in the text cannot become an amendment; write its "
                             "words in the text, or remove it", path=document.path)
    return region


def _describe(old: str, new: str) -> str:
    """The words that differ between two lines, marked as the terminal redline marks them, with context."""
    ops = word_diff(old, new)
    out = []
    for k, op in enumerate(ops):
        if op.kind is OpKind.DELETE:
            out.append(f"[-{op.text}-]")
        elif op.kind is OpKind.INSERT:
            out.append(f"{{+{op.text}+}}")
        else:
            words = op.text.split(" ")
            keep = CONTEXT_WORDS
            if k == 0 and len(words) > keep:
                out.append("… " + " ".join(words[-keep:]))
            elif k == len(ops) - 1 and len(words) > keep:
                out.append(" ".join(words[:keep]) + " …")
            elif len(words) > 2 * keep:
                out.append(" ".join(words[:keep]) + " … " + " ".join(words[-keep:]))
            else:
                out.append(op.text)
    return "«" + excerpt("".join(out), QUOTED) + "»"


def untracked_differences(base: Document, rows: list[Row], rejected: list[Line]) -> list[str]:
    """Where the text with every change rejected differs from the base: one description per difference."""
    expected = [collapse(row.line) for row in rows]
    found = [line.text for line in rejected]

    def where(i: int, j: int, after: bool = False) -> str:
        paragraph = rejected[min(j, len(rejected) - 1)].paragraph if rejected else 0
        label = rows[min(i, len(rows) - 1)].provision.label if rows else ""
        return f"paragraph {paragraph}" + (f" ({'after ' if after else ''}{label})" if label else "")

    out: list[str] = []
    matcher = difflib.SequenceMatcher(None, expected, found, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "replace" and i2 - i1 == j2 - j1:  # line for line: one difference each
            out.extend(f"{where(i, j)}: {_describe(expected[i], found[j])}"
                       for i, j in zip(range(i1, i2), range(j1, j2), strict=True))
        elif tag == "replace":
            out.append(f"{where(i1, j1)}: {_describe(' / '.join(expected[i1:i2]), ' / '.join(found[j1:j2]))}")
        elif tag == "delete":
            out.append(f"{where(i1, j1)}: {base.id} text missing: «{excerpt(' / '.join(expected[i1:i2]), QUOTED)}»")
        elif tag == "insert":
            out.append(f"{where(max(i1 - 1, 0), j1, after=i1 > 0)}: text not in {base.id}: "
                       f"«{excerpt(' / '.join(found[j1:j2]), QUOTED)}»")
    return out


def _touched(rows: list[Row], rejected: list[Line], revisions: tuple[wordml.Revision, ...]) -> tuple[str, ...]:
    """Citations of the provisions whose paragraphs hold revisions (a new paragraph counts with the one before)."""
    labels: dict[str, None] = {}  # in order, each once (a list searched for each was quadratic too)
    starts = [(line.paragraph, row) for line, row in zip(rejected, rows, strict=False)]
    # The row of a revision is the last one before the first line that starts after its paragraph: found by
    # bisection on the lines' running maximum (lines come in paragraph order; a search per revision was
    # quadratic when every paragraph holds a change).
    reach = list(accumulate((paragraph for paragraph, _ in starts), max))
    for revision in revisions:
        found = bisect_right(reach, revision.paragraph)
        row = starts[found - 1][1] if found else None
        label = row.provision.label if row is not None else ""
        if label:
            labels.setdefault(label)
    return tuple(labels)


def _read_redline(document: wordml.WordDocument, base: Document, *, accept_untracked: bool) -> TrackedEdit:
    """A redline of ``base`` (``cahtool diff BASE NEW --format docx``): its new text, rebuilt on the base."""
    old, new, partial = rebuild.compared(document)
    if old and old != base.id:
        raise InputError(f"this file is the redline of {old} → {new}, not of {base.id}: pass --base {old}",
                         path=document.path)
    if partial:
        # Editorial changes and renumbering are left out of it: rebuilt on the base, it would be another text.
        raise InputError(f"this redline shows substantive changes only (diff --substantive-only): the text of "
                         f"{new} cannot be rebuilt from it; import the whole redline (cahtool diff {old} {new} "
                         "--format docx)", path=document.path)
    text, touched, untracked = rebuild.new_text(document, base, accept_untracked=accept_untracked)
    revisions = document.revisions
    dates = sorted(r.date[:10] for r in revisions if len(r.date) >= 10)
    notes = []
    if document.comments:
        notes.append(f"{document.comments} comment{'s' if document.comments != 1 else ''} not imported (comments "
                     "are not part of a proposal)")
    return TrackedEdit(base=base, path=document.path, text=text,
                       authors=rebuild.split_authors(tuple(r.author for r in revisions)),
                       date=dates[-1] if dates else "", revisions=revisions, touched=touched,
                       untracked=untracked, notes=tuple(notes))


def read_tracked(document: wordml.WordDocument, base: Document, *, accept_untracked: bool = False) -> TrackedEdit:
    """Read a Word document's tracked changes against its base; untracked edits raise unless accepted.

    A clean text (``cahtool show --format docx``) is read line by line; a redline (``cahtool diff --format
    docx``) is read change by change, and its new text rebuilt on the base.
    """
    if rebuild.is_redline(document):
        return _read_redline(document, base, accept_untracked=accept_untracked)
    named = document.keywords.removeprefix(wordml.KEYWORD_BASE) if document.keywords.startswith(
        wordml.KEYWORD_BASE) else ""
    if named and named != base.id:
        raise InputError(f"this file was written from {named}, not {base.id}: pass --base {named}",
                         path=document.path)
    rows = base_rows(base)
    region = _region(document, base, rows)
    rejected = _lines(region, accept=False)
    accepted = _lines(region, accept=True)
    untracked = untracked_differences(base, rows, rejected)
    if untracked and not accept_untracked:
        more = len(untracked) - SHOWN_DIFFERENCES
        raise InputError(
            f"edited without Track Changes: {'; '.join(untracked[:SHOWN_DIFFERENCES])}"
            + (f"; and {more} more" if more > 0 else "")
            + ". Redo these edits with Track Changes on, or pass --accept-untracked to take them as they are",
            path=document.path,
        )
    revisions, cleaned = _clean_authors(tuple(r for p in region for r in p.revisions), document.path)
    authors = tuple(dict.fromkeys(r.author.strip() for r in revisions if r.author.strip()))
    dates = sorted(r.date[:10] for r in revisions if len(r.date) >= 10)
    notes = cleaned + ((f"{document.comments} comment{'s' if document.comments != 1 else ''} not imported "
                        "(comments are not part of a proposal)",) if document.comments else ())
    return TrackedEdit(
        base=base, path=document.path, text="".join(line.text + "\n" for line in accepted), authors=authors,
        date=dates[-1] if dates else "", revisions=revisions,
        touched=_touched(rows, rejected, revisions) if not untracked else (),
        untracked=tuple(untracked), notes=notes,
    )


def _clean_authors(revisions: tuple[wordml.Revision, ...],
                   path: str) -> tuple[tuple[wordml.Revision, ...], tuple[str, ...]]:
    """Revision authors as ``check`` accepts names: what cannot be seen or reorders the name is removed (and
    said, in a note); a name that is still not a name (too long, a replacement character) is refused."""
    names: dict[str, str] = {}
    notes: list[str] = []
    for revision in revisions:
        if revision.author in names:
            continue
        clean, removed = clean_name(revision.author)
        problem = name_problem(clean)
        if problem:
            raise InputError(f"paragraph {revision.paragraph}: the author of a tracked change, "
                             f"“{excerpt(clean, 60)}”, is not a name cahtool can credit ({problem}): redo the "
                             "change in Word under a real user name (File › Options › User name)", path=path)
        names[revision.author] = clean
        if removed:
            notes.append(f"author name “{clean}” cleaned: removed {', '.join(removed)}")
    return tuple(dataclasses.replace(r, author=names[r.author]) for r in revisions), tuple(notes)


def read_file(path: str | Path, base: Document, *, accept_untracked: bool = False) -> TrackedEdit:
    """Read a .docx file's tracked changes against its base."""
    return read_tracked(wordml.read_file(path), base, accept_untracked=accept_untracked)


# -- the proposal ------------------------------------------------------------------------------------

def ids_in_use(corpus: Corpus, *, replacing: str | Path | None = None) -> set[str]:
    """The short ids of the corpus's readable files, leaving out the file ``replacing`` (about to be rewritten)."""
    skip = Path(replacing).resolve() if replacing is not None else None
    taken = set()
    for path in corpus.files():
        if skip is not None and path.resolve() == skip:
            continue
        try:
            taken.add(corpus.raw(str(path)).id)
        except InputError:
            continue  # an unreadable file claims no id (``cahtool check`` reports it)
    return taken


def unique_id(wanted: str, taken: Collection[str], proponent: str) -> str:
    """``wanted``, or if it is taken ``wanted-proponent``, then ``wanted-2``, ``wanted-3`` …"""
    if wanted not in taken:
        return wanted
    candidates = [f"{wanted}-{slug(proponent)}"[:MAX_ID].rstrip("-")] if proponent else []
    candidates += [f"{wanted[:MAX_ID - 4].rstrip('-')}-{n}" for n in range(2, len(taken) + 3)]
    return next(c for c in candidates if c not in taken)


def summary(edit: TrackedEdit) -> str:
    """``3 tracked changes by Mexico (latest 2024-04-01)``, or ``no tracked changes``."""
    changes = [r for r in edit.revisions if r.text != "\n"]  # a paragraph's mark goes with its text
    if not changes:
        return "no tracked changes"
    who = ", ".join(edit.authors) or "an unnamed author"
    return f"{len(changes)} tracked change{'s' if len(changes) != 1 else ''} by {who}" + (
        f" (latest {edit.date})" if edit.date else "")


def _anonymous(edit: TrackedEdit) -> list[str]:
    """The author names of revisions that name no one, as the file gives them."""
    return list(dict.fromkeys(r.author.strip() for r in edit.revisions
                              if r.author.strip().casefold() in PLACEHOLDER_AUTHORS))


def _listing(items: Sequence[str], most: int) -> str:
    more = len(items) - most
    return ", ".join(items[:most]) + (f" and {more} more" if more > 0 else "")


def proposal(edit: TrackedEdit, base_xml: bytes, *, id: str = "", title: str = "", date: str = "",
             proponents: Sequence[str] = (), supporters: Sequence[str] = (), provenance: str = PROVENANCE,
             source: str = "", taken: Collection[str] = (), status: str = "") -> tuple[ProposalDraft, bytes]:
    """The amendment proposal a Word file's tracked changes make of its base, and its verified Akoma Ntoso.

    ``base_xml`` is the base's AKN (``Corpus.xml``). Defaults: proposed by the revisions' authors, dated with
    the latest revision (else today), id from the file's name made unique among ``taken``, a title naming
    who and where, the Word file as source, provenance ``verbatim`` (the words are the file's, word for word)
    and a status saying that it is a draft, not a tabled amendment. Revisions that name no author (or only
    "Unknown Author") need ``proponents``: no one is credited with words they may not have written.
    """
    # The file's name goes into the title, source and justification: without what check would refuse there.
    path, name, base = edit.path, clean_name(Path(edit.path).name)[0], edit.base
    if not edit.changed:
        raise InputError(f"the text is the same as {base.id}'s: no tracked changes, nothing to propose", path=path)
    if not proponents:
        anonymous = _anonymous(edit)
        named = [a for a in edit.authors if a not in anonymous]
        if anonymous or not named:
            if not edit.revisions:
                problem = "no tracked changes say who made the edits"
            else:
                names = ", ".join(f"“{a}”" if a else "no name" for a in anonymous) or "no name"
                problem = f"{'some ' if named else ''}tracked changes name no one " \
                          f"(author: {names})"
            raise InputError(f"{problem}: pass --proponent NAME to say who proposes this", path=path)
        proponents = edit.authors
    by = "; ".join(proponents)
    wanted = id or unique_id(short_id(Path(name).stem) or "proposal", {*taken, base.id}, proponents[0])
    where = _listing(edit.touched, TITLE_PROVISIONS)
    title = title or f"Edits by {by} to {base.id}{f', {where}' if where else ''} (Word file {name})"
    draft = derive_proposal(base, edit.text, path=path, id=wanted, title=title, date=date or edit.date,
                            proponents=proponents, supporters=supporters, provenance=provenance)
    recorded = summary(edit)
    notes = [f"Derived by cahtool import from the tracked changes in the Word file {name}, made on {base.id}: "
             f"{recorded}."]
    if edit.untracked:
        notes.append(f"{len(edit.untracked)} edit{'s' if len(edit.untracked) != 1 else ''} made without Track "
                     f"Changes taken as they are (--accept-untracked): {'; '.join(edit.untracked)}.")
    notes.extend(f"{note[0].upper()}{note[1:]}." for note in edit.notes)
    draft = dataclasses.replace(
        draft, source=source or f"Word file {name}, {recorded}, on the text of {base.id}",
        status=status or STATUS, status_date=draft.date, notes=tuple(notes))
    return draft, verify(draft, base_xml, edit.text, path=path)
