"""Synopsis: texts side by side, one column per text, one row per provision, each cell redlined against the one before.

The EU's "four-column document", made from structured data: ``synopsis(docs)`` aligns each text with the
next (``align``, as ``compare`` does) and carries each provision through those alignments, so a row holds one
provision as each text has it, wherever it is numbered. A provision a text does not have leaves its cell empty
(and says ``deleted`` where the text before had it); a provision inserted by a text starts a row of its own,
placed after the row of the provision that comes before it in that text. Each cell holds the provision's own
words (heading and text, its children being rows of their own) with its changes against the column before
(``pair_changes``): the first column reads as it stands, and a renumbering shows as the two numbers.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from cahtool.errors import CahtoolError
from cahtool.model import Change, ChangeClass, Document, Op, OpKind, Pair, Part, Provision, normalise_num
from cahtool.reports.threads import Alignments

SCHEMA = "cahtool.synopsis/1"
#: Fewest and most columns: a synopsis compares; beyond eight columns no page or sheet can show them.
MIN_COLUMNS, MAX_COLUMNS = 2, 8


@dataclass(frozen=True, slots=True)
class Cell:
    """One provision as one text has it, with its changes against the column before.

    ``previous`` is the provision in the column before (None there, or in the first column); ``changes``
    are the pair's changes (heading and text parts), empty when the text has no such provision.
    """

    provision: Provision | None
    previous: Provision | None
    changes: tuple[Change, ...]
    first: bool = False

    @property
    def status(self) -> str:
        """What happened since the column before: text, unchanged, modified, inserted, deleted, moved,
        renumbered, absent."""
        if self.first:
            return "text" if self.provision is not None else "absent"
        if self.provision is None:
            return "deleted" if self.previous is not None else "absent"
        if self.previous is None:
            return "inserted"
        return self.changes[0].status.value if self.changes else "unchanged"

    @property
    def change_class(self) -> ChangeClass:
        """The strongest class of the cell's changes (an inserted provision is substantive)."""
        order = (ChangeClass.NONE, ChangeClass.EDITORIAL, ChangeClass.SUBSTANTIVE)
        return max((c.change_class for c in self.changes), key=order.index, default=ChangeClass.NONE)

    @property
    def renumbered(self) -> bool:
        """True when the number differs from the column before."""
        return (self.provision is not None and self.previous is not None
                and normalise_num(self.provision.num) != normalise_num(self.previous.num))

    @property
    def heading_ops(self) -> tuple[Op, ...]:
        """The heading, redlined against the column before (empty when there is none)."""
        for change in self.changes:
            if change.part is Part.HEADING:
                return change.ops
        p = self.provision
        if p is None or not p.heading:
            return ()
        if self.previous is None and not self.first:
            return (Op(OpKind.INSERT, p.heading),)
        return (Op(OpKind.EQUAL, p.heading),)

    @property
    def text_ops(self) -> tuple[Op, ...]:
        """The provision's own text, redlined against the column before (empty when there is none)."""
        p = self.provision
        if p is None or not p.text:
            return ()
        if self.first:
            return (Op(OpKind.EQUAL, p.text),)
        if self.previous is None:
            return (Op(OpKind.INSERT, p.text),)
        for change in self.changes:
            if change.part is Part.TEXT:
                return change.ops
        return (Op(OpKind.EQUAL, p.text),)


@dataclass(frozen=True, slots=True)
class Row:
    """One provision across the texts: a cell per column, and its depth for indentation."""

    cells: tuple[Cell, ...]
    depth: int

    @property
    def label(self) -> str:
        """The row's citation: the provision's label in the first text that has it."""
        return next(c.provision.label for c in self.cells if c.provision is not None)

    @property
    def changed(self) -> bool:
        """True when some column differs from the one before (words, number, place, presence)."""
        return any(c.status not in ("text", "unchanged", "absent") for c in self.cells)


@dataclass(frozen=True, slots=True)
class Synopsis:
    """Texts side by side: the documents (the columns, in the order given) and the rows."""

    documents: tuple[Document, ...]
    rows: tuple[Row, ...]


def _depths(doc: Document) -> dict[str, int]:
    out: dict[str, int] = {}
    _depths_into(doc.provisions, 0, out)
    return out


def _depths_into(provisions: Sequence[Provision], depth: int, out: dict[str, int]) -> None:
    """``_depths`` of these provisions, onto ``out``
    (a function of its own, not a closure that calls itself: that is a cycle; ``tests/test_cycles.py``)."""
    for p in provisions:
        out[p.eid] = depth
        _depths_into(p.children, depth + 1, out)


def _cell(previous: Provision | None, provision: Provision | None, moved: bool,
          changes: Callable[[Pair], tuple[Change, ...]]) -> Cell:
    if previous is not None and provision is not None:
        return Cell(provision, previous, changes(Pair(previous, provision, moved)))
    return Cell(provision, previous, ())


def _check(docs: tuple[Document, ...]) -> None:
    if not MIN_COLUMNS <= len(docs) <= MAX_COLUMNS:
        raise CahtoolError(f"a synopsis has {MIN_COLUMNS} to {MAX_COLUMNS} columns: {len(docs)} texts given")
    ids = [d.id for d in docs]
    twice = sorted({i for i in ids if ids.count(i) > 1})
    if twice:
        raise CahtoolError(f"a text can stand in only one column of a synopsis ({', '.join(twice)} twice)")


def synopsis(documents: Sequence[Document], *, provision: str | None = None, within: Sequence[str] = (),
             aligned: Alignments | None = None) -> Synopsis:
    """The synopsis of 2 to 8 texts in the order given (optionally the rows of one eId of any of them, or of
    several: ``within``).

    ``aligned`` shares alignments and the changes of each pair of provisions with other reports (a site's).
    """
    docs = tuple(documents)
    _check(docs)
    aligned = aligned if aligned is not None else Alignments()
    layout, moved = _layout(docs, aligned)
    if provision:
        layout = _within(layout, [provision])[provision]
        if not layout:
            raise CahtoolError(f"no provision with eId {provision!r} in {', '.join(d.id for d in docs)}")
    elif within:
        kept = {id(row) for rows in _within(layout, within).values() for row in rows}
        layout = [row for row in layout if id(row) in kept]
    return Synopsis(docs, tuple(_rows(docs, layout, moved, aligned)))


def synopses(documents: Sequence[Document], provisions: Sequence[str], *,
             aligned: Alignments | None = None) -> list[Synopsis]:
    """``synopsis(documents, provision=eid)`` for each eId, the texts aligned once for all."""
    docs = tuple(documents)
    _check(docs)
    aligned = aligned if aligned is not None else Alignments()
    layout, moved = _layout(docs, aligned)
    within = _within(layout, provisions)
    out = []
    for eid in provisions:
        if not within[eid]:
            raise CahtoolError(f"no provision with eId {eid!r} in {', '.join(d.id for d in docs)}")
        out.append(Synopsis(docs, tuple(_rows(docs, within[eid], moved, aligned))))
    return out


_Layout = list[list[Provision | None]]


def _layout(docs: tuple[Document, ...], aligned: Alignments) -> tuple[_Layout, set[tuple[int, int]]]:
    """The rows as lists of provisions, one per column, in order; and the moved pairs, by row and column.

    Column after column, so the rows of all the texts but the last are those of a synopsis of the same texts
    with another last one: the proposals on one text share them (a whole convention and its revisions, laid out
    again for each of a hundred proposals, was most of the site's synopses). They are kept in ``aligned``.
    """
    n = len(docs)
    prefix = ("layout", n, *map(id, docs[:-1]))
    kept = aligned.layouts.get(prefix) if n > 2 else None
    if kept is not None:
        _, snapshot, was_moved = kept
        rows: _Layout = [list(row) for row in snapshot]
        moved: set[tuple[int, int]] = {(id(rows[i]), k) for i, k in was_moved}
        return _place(docs, aligned, rows, moved, n - 1)
    rows = [[p, *[None] * (n - 1)] for p in docs[0].walk()]
    moved = set()
    if n > 2:
        rows, moved = _place(docs, aligned, rows, moved, 1, n - 1)
        position = {id(row): i for i, row in enumerate(rows)}
        aligned.layouts[prefix] = (docs[:-1], tuple(tuple(row) for row in rows),
                                   frozenset((position[r], k) for r, k in moved))
        return _place(docs, aligned, rows, moved, n - 1)
    return _place(docs, aligned, rows, moved, 1)


def _place(docs: tuple[Document, ...], aligned: Alignments, rows: _Layout, moved: set[tuple[int, int]],
           first: int, stop: int | None = None) -> tuple[_Layout, set[tuple[int, int]]]:
    """Lay out the columns ``first`` to ``stop`` (excluded; the end by default) against the rows so far."""
    n = len(docs)
    for k in range(first, n if stop is None else stop):
        where = {id(row): row for row in rows}
        at = {p.eid: id(row) for row in rows if (p := row[k - 1]) is not None}
        after: dict[int, _Layout] = {}  # new rows, by the row they follow (0: at the top)
        last = 0
        for pair in aligned(docs[k - 1].provisions, docs[k].provisions):
            if pair.old is not None:
                key = at[pair.old.eid]
                if pair.new is not None:
                    where[key][k] = pair.new
                    if pair.moved:
                        moved.add((key, k))
                if not pair.moved:
                    last = key
                continue
            assert pair.new is not None
            # An inserted provision (with its whole subtree, unless its children pair one by one) starts rows.
            news = [pair.new] if pair.own_only else list(pair.new.walk())
            for p in news:
                row: list[Provision | None] = [None] * n
                row[k] = p
                after.setdefault(last, []).append(row)
                where[id(row)] = row
                last = id(row)
        if after:
            # Each row, then the rows inserted after it (and those inserted after them), depth first.
            out: _Layout = []
            pending = list(reversed([*after.get(0, []), *rows]))
            while pending:
                row = pending.pop()
                out.append(row)
                pending.extend(reversed(after.get(id(row), [])))
            rows = out
    return rows, moved


def _rows(docs: tuple[Document, ...], layout: _Layout, moved: set[tuple[int, int]], aligned: Alignments) -> list[Row]:
    """The rows of a layout, each cell redlined against the column before."""
    depths = []
    for d in docs:
        kept = aligned.layouts.get(("depths", id(d)))
        if kept is None:
            kept = aligned.layouts["depths", id(d)] = (d, _depths(d))
        depths.append(kept[1])
    result = []
    for row in layout:
        cells = [Cell(row[0], None, (), first=True)]
        for k in range(1, len(docs)):
            cells.append(_cell(row[k - 1], row[k], (id(row), k) in moved, aligned.changes))
        depth = next(depths[k][p.eid] for k, p in enumerate(row) if p is not None)
        result.append(Row(tuple(cells), depth))
    return result


def _within(rows: _Layout, eids: Sequence[str]) -> dict[str, _Layout]:
    """The rows of each provision and what it contains, in every text: the provision's row gives, column by
    column, the eId of its counterpart, and a row belongs when one of its cells is (within) one of those.

    One pass over the rows for every eId asked: a cell is within a counterpart when the counterpart's eId is the
    cell's, or the cell's up to a ``__``.
    """
    wanted = set(eids)
    width = len(rows[0]) if rows else 0
    roots: dict[str, list[set[str]]] = {}
    for row in rows:
        for p in row:
            if p is not None and p.eid in wanted:
                found = roots.setdefault(p.eid, [set() for _ in range(width)])
                for k, q in enumerate(row):
                    if q is not None:
                        found[k].add(q.eid)
    # Column by column: a counterpart's eId → the eIds asked for that have it.
    owners: list[dict[str, set[str]]] = [{} for _ in range(width)]
    for eid, columns in roots.items():
        for k, column in enumerate(columns):
            for root in column:
                owners[k].setdefault(root, set()).add(eid)
    # Every scope of an eId begins with its first component (up to the first ``__``): a cell whose first component
    # begins none of its column's counterparts is within none of them (most cells of a long text), found by one look.
    heads = [{root.partition("__")[0] for root in owned} for owned in owners]
    out: dict[str, _Layout] = {eid: [] for eid in eids}
    for row in rows:
        mine: set[str] = set()
        for k, p in enumerate(row):
            if p is None or not p.eid or p.eid.partition("__")[0] not in heads[k]:
                continue
            owned = owners[k]
            for scope in _scopes(p.eid):
                asked = owned.get(scope)
                if asked:
                    mine.update(asked)
        for eid in mine:
            out[eid].append(row)
    return out


@functools.lru_cache(maxsize=1 << 16)
def _scopes(eid: str) -> tuple[str, ...]:
    """An eId and each of its ancestors' as its own spelling says: the eId up to each ``__`` (worked out once for
    each eId, met in every synopsis of the texts that have it)."""
    out = [eid]
    at = eid.find("__")
    while at != -1:
        out.append(eid[:at])
        at = eid.find("__", at + 1)
    return tuple(out)
