"""How pages present what the site shows: a history step in words, the rows of a compiled text.

The templates call these (registered once as globals of the environment): what a step of a provision's
history did and how it was found, where a proposal changes its base, and how a compiled text is laid out.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from cahtool.model import ChangeClass, Provision, Status
from cahtool.reports import Compilation, Slot, Step, Thread
from cahtool.reports import Entry as CompiledEntry

#: How the history of a provision found it in a document, in words for the reader ({source}: the version it
#: was traced from, in the next text for those older than the baseline, else in the previous one).
MATCHES = {
    "start": "This is the provision the page follows.",
    "aligned": "Corresponds directly to {source}: same place in the structure, or the same words under another "
               "number or in another place.",
    "structure": "Found through the structure: this text lists the acts at a different level (directly under the "
                 "article rather than in a numbered paragraph, or the reverse); this is the item of that list that "
                 "corresponds to {source}.",
    "wording": "Found by its wording only: nothing here stands in the place of {source}, but this provision "
               "contains most of its words. Read it before relying on the match.",
    "absent": "No corresponding provision in this text.",
}


#: The mark of each state of a concordance cell (the page's key lists them, in this order).
CONCORDANCE_SYMBOLS = {"unchanged": "=", "editorial": "≈", "substantive": "≠", "deleted": "✕", "renumbered": "↦",
                       "moved": "⇅", "within": "⊂", "absent": "∅"}


#: What ``markupsafe.escape`` replaces, and with what (the same entities, so a page reads the same either way).
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&#34;", "'": "&#39;"})


def _escaped(text: str) -> str:
    """``text`` escaped as ``markupsafe.escape`` escapes it: translated only when it has a character to replace
    (``str.translate`` looks each character up in the table: 2 µs for a link, a quarter of a million of them)."""
    if "&" in text or "<" in text or ">" in text or '"' in text or "'" in text:
        return text.translate(_ESCAPES)
    return text


def concordance_cell(state: str, label: str, via: str, match: str, row_label: str, href: str) -> str:
    """One cell of the concordance, a line of the table's row: what became of the baseline provision cited
    ``row_label`` in one document (a ``plan.Cell``'s state, label, via and match), linked to ``href`` (a link from
    the concordance's page). Made here, not in the template: a long convention and a hundred proposals make a
    quarter of a million cells, and a column is kept in the build cache as these lines. The state is one of
    ``CONCORDANCE_SYMBOLS`` (any other is a KeyError); every other text is escaped as the templates escape it."""
    symbol = CONCORDANCE_SYMBOLS[state]
    if label and label != row_label:
        sub = f'<span class="sub">{_escaped(label)}</span>'
    elif via:
        sub = f'<span class="sub">with {_escaped(via)}</span>'
    else:
        sub = ""
    if match in ("structure", "wording"):
        sub += f'<span class="sub match">by {match}</span>'
    return (f'      <td class="cell {state}"><a href="{_escaped(href)}"><span class="cell-mark" '
            f'aria-hidden="true">{symbol}</span> {state}{sub}</a></td>\n')


@dataclass(frozen=True, slots=True)
class StepView:
    """One step of a provision's history as the site shows it: a badge, the words of what happened, how found."""

    state: str  # a badge class: first, unchanged, editorial, substantive, inserted, deleted, renumbered, moved, absent
    words: str
    how: str = ""  # how it was found, when not directly (structure, wording)


def traced_from(thread: Thread, step: Step) -> Step | None:
    """The version a step was found from: the nearest present one on the way back to the thread's start."""
    steps = list(thread.steps)
    if step not in steps:
        return None
    i = steps.index(step)
    k = next((j for j, s in enumerate(steps) if s.match == "start"), i)
    towards = range(i + 1, k + 1) if i < k else range(i - 1, k - 1, -1)
    return next((steps[j] for j in towards if steps[j].provision is not None), None)


def step_view(step: Step, thread: Thread | None = None, before: Step | None = None) -> StepView:
    """What a history step did, in words (``substantive change``, ``renumbered (h) → (i)``, ``first appears here``),
    and how it was found when that was not direct. ``before`` is the previous step of the main line: a change
    of number is only called a renumbering when both versions were found directly."""
    how = ""
    if step.match in ("structure", "wording") and step.provision is not None and thread is not None:
        source = traced_from(thread, step)
        where = f"{source.provision.label} of {source.document.id}" if source and source.provision else "it"
        how = MATCHES[step.match].format(source=where)
    if step.provision is None:
        if step.changes:
            return StepView("deleted", "no longer in this text")
        return StepView("absent", "no corresponding provision")
    if not step.changes:
        return StepView("first", "earliest text" if not step.previous else "first appears here", how)
    change = step.changes[0]
    direct = step.match in ("aligned", "start") and (before is None or before.match in ("aligned", "start"))
    if change.status is Status.INSERTED:
        return StepView("inserted", "first appears here", how)
    if change.status is Status.UNCHANGED or (change.status is Status.RENUMBERED and not direct):
        return StepView("unchanged", "same words", how)
    if change.status is Status.RENUMBERED and change.old is not None and change.new is not None:
        return StepView("renumbered", f"renumbered {change.old.num} → {change.new.num}, same words", how)
    if change.status is Status.MOVED:
        return StepView("moved", "moved, same words", how)
    cls = step.change_class
    words = f"{cls.value} change" if cls is not ChangeClass.NONE else str(change.status.value)
    if direct and change.moved:
        words += ", moved"
    elif direct and change.renumbered and change.old is not None and change.new is not None:
        words += f", renumbered {change.old.num} → {change.new.num}"
    return StepView(cls.value if cls is not ChangeClass.NONE else "editorial", words, how)


def proposal_places(c: Compilation, proposal: str) -> tuple[list[tuple[Slot, CompiledEntry]],
                                                            list[tuple[Slot, CompiledEntry]]]:
    """Where a proposal changes its base: the places it changes, then those it only renumbers."""
    places = list(c.entries_of(proposal))
    return ([(s, e) for s, e in places if not renumbered_only(e)], [(s, e) for s, e in places if renumbered_only(e)])


def renumbered_only(entry: CompiledEntry) -> bool:
    """True when a proposal only renumbers a provision (a consequence of an insertion or deletion elsewhere)."""
    return all(change.status is Status.RENUMBERED for change in entry.changes)


@dataclass(frozen=True, slots=True)
class Row:
    """One place of a compiled text as the page lays it out."""

    slot: Slot
    closing: tuple[Provision, ...] = ()  # provisions whose closing words (wrap-up) follow this place
    quiet: bool = False  # only renumbered, without conflict: one short line per proposal
    depth: int = 0  # indentation: the provision's, or for a gap that of the provisions inserted there
    new: tuple[str, ...] = ()  # for a gap: the citations of the provisions inserted there


def compiled_rows(c: Compilation) -> list[Row]:
    """The places of a compilation in reading order, as the compiled page lays them out."""
    closing: dict[str, list[Provision]] = {}
    for slot in c.slots:
        p = slot.provision
        if p is not None and p.wrap_up:
            closing.setdefault(list(p.walk())[-1].eid, []).insert(0, p)  # the innermost closes first
    rows: list[Row] = []
    pending: list[Provision] = []
    for slot in c.slots:
        if slot.provision is not None and pending:
            rows[-1] = replace(rows[-1], closing=tuple(pending))
            pending = []
        quiet = bool(slot.entries) and all(renumbered_only(e) and not e.conflict_count for e in slot.entries)
        inserted = [ch.new for e in slot.entries for ch in e.changes if ch.old is None and ch.new is not None]
        depth = min((n.eid.count("__") for n in inserted), default=slot.depth) if slot.is_gap else slot.depth
        labels = dict.fromkeys(n.label for n in sorted(inserted, key=lambda n: n.eid))
        rows.append(Row(slot, (), quiet, depth, tuple(labels)))
        if slot.provision is not None:
            pending.extend(closing.get(slot.eid, ()))
    if pending:
        rows[-1] = replace(rows[-1], closing=tuple(pending))
    return rows
