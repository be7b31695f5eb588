"""The compiled text as a rolling text: every proposal on a base, bracketed or set out as options, attributed.

``rolling_text(corpus, base)`` starts from the compilation (``compile_proposals``: each proposal's word diff
at each provision of the base) and lays each proposal out as a negotiating text does:

- a proposal that adds words, or deletes words, in one place of a provision: those words in square brackets,
  with a footnote naming who proposed (and supported) it; proposals that add or delete different words of one
  provision each get their brackets, resolvable one by one;
- a proposal that replaces words, or changes a provision in several places, is one decision that brackets
  could not keep whole: the provision is set out as options, Option 1 the text of the base, then one option
  per wording; so are proposals that change the same words differently (they conflict);
- a new provision: its text in brackets, numbered after the provision it follows with a Latin ordinal
  (``(c bis)``, ``2 bis.``), so that the base's numbers, which delegations cite, do not move; a provision
  proposed for deletion: its text in brackets, the footnote saying who proposed the deletion;
- identical wordings from different proposals are one bracket, option or provision with all their names.

Left out, and counted in ``notes``: renumbering (consequential: new provisions are numbered bis), the closing
punctuation of a list item that only follows an item added or deleted after it, moves and heading changes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from cahtool.akn import SUFFIXES, citation, eid_component, num_token, split_suffix
from cahtool.corpus import Corpus
from cahtool.model import (
    Bracket,
    BracketKind,
    Change,
    ChangeClass,
    Clause,
    Document,
    Op,
    OpKind,
    Option,
    Part,
    Party,
    Position,
    Progress,
    Provision,
    RollingText,
    Stance,
    Status,
    Wording,
)
from cahtool.reports.compilation import Compilation, Entry, compile_proposals

#: The provenance label of illustrative proposals: a compiled text built from one is illustrative too.
ILLUSTRATIVE = "illustrative wording"
#: The party every compiled text names as its author.
CAHTOOL = Party("cahtool", "cahtool", "/ontology/organization/cahtool")


@dataclass(frozen=True, slots=True)
class Run:
    """One edit of a proposal in a base text: ``text[start:end]`` (empty for an insertion) becomes ``new``."""

    start: int
    end: int
    old: str
    new: str

    @property
    def bracketable(self) -> bool:
        """A pure addition or a pure deletion: brackets keep it whole."""
        return bool(self.old) != bool(self.new)


@dataclass(frozen=True, slots=True)
class Compiled:
    """A rolling text made from a compilation, and what the layout left out (one sentence each)."""

    rolling: RollingText
    compilation: Compilation
    notes: tuple[str, ...]


def runs(ops: tuple[Op, ...]) -> tuple[Run, ...]:
    """The edits of a word diff, each a run of deletions and insertions between equal text, in base offsets."""
    out: list[Run] = []
    at = 0
    start, old, new, open_run = 0, "", "", False
    for op in (*ops, Op(OpKind.EQUAL, "")):
        if op.kind is OpKind.EQUAL:
            if open_run:
                out.append(Run(start, at, old, new))
                open_run = False
            at += len(op.text)
            continue
        if not open_run:
            start, old, new, open_run = at, "", "", True
        if op.kind is OpKind.DELETE:
            old += op.text
            at += len(op.text)
        else:
            new += op.text
    return tuple(out)


def _overlap(a: Run, b: Run) -> bool:
    """Two edits of different proposals that touch the same words (or add different words at one point)."""
    if a.old and b.old:
        return a.start < b.end and b.start < a.end
    if a.old or b.old:
        deletion, insertion = (a, b) if a.old else (b, a)
        return deletion.start < insertion.start < deletion.end
    return a.start == b.start and a.new != b.new


def _split(text: str) -> tuple[str, str, str]:
    """Leading spaces, the words, trailing spaces: spaces stay outside the brackets."""
    core = text.strip()
    if not core:
        return text, "", ""
    lead = text[: len(text) - len(text.lstrip())]
    trail = text[len(text.rstrip()):]
    return lead, core, trail


def _merge_strings(parts: list[str | Bracket]) -> Wording:
    out: list[str | Bracket] = []
    for part in parts:
        if isinstance(part, str):
            if not part:
                continue
            if out and isinstance(out[-1], str):
                out[-1] = out[-1] + part
                continue
        out.append(part)
    return tuple(out)


def bracketed_wording(text: str, edits: list[tuple[Run, Bracket]]) -> Wording:
    """A base text with edits in brackets: deleted words bracketed where they stand, added words inserted."""
    parts: list[str | Bracket] = []
    at = 0
    for run, bracket in sorted(edits, key=lambda e: (e[0].start, bool(e[0].old))):
        parts.append(text[at:run.start])
        lead, core, trail = _split(run.old or run.new)
        parts.extend([lead, replace(bracket, words=core), trail])
        at = run.end
    parts.append(text[at:])
    return _merge_strings(parts)


def applied(text: str, edits: tuple[Run, ...]) -> str:
    """A base text with a proposal's edits made."""
    out, at = [], 0
    for run in sorted(edits, key=lambda r: r.start):
        out.extend([text[at:run.start], run.new])
        at = run.end
    out.append(text[at:])
    return "".join(out)


def _positions(proposals: Sequence[Document]) -> tuple[Position, ...]:
    """Proponents and supporters of proposals, each delegation once, proponent before supporter."""
    stance: dict[str, Position] = {}
    for doc in proposals:
        for party in doc.proponents:
            if party.eid not in stance or stance[party.eid].stance is not Stance.PROPONENT:
                stance[party.eid] = Position(party, Stance.PROPONENT)
        for party in doc.supporters:
            stance.setdefault(party.eid, Position(party, Stance.SUPPORTER))
    ordered = sorted(stance.values(), key=lambda p: p.stance is not Stance.PROPONENT)
    return tuple(ordered)


def _consequential(change: Change) -> bool:
    """A list item's closing punctuation that follows an item added or removed after it (``.`` → ``;``)."""
    return change.change_class is ChangeClass.EDITORIAL and change.rules == ("end-punctuation",)


class _Builder:
    def __init__(self, c: Compilation) -> None:
        self.c = c
        self.notes: dict[str, int] = {}
        self.edits: dict[str, list[tuple[Document, tuple[Run, ...]]]] = {}
        self.deleted: dict[str, list[Document]] = {}
        self.inserted: dict[tuple[str, str], list[tuple[Provision, list[Document]]]] = {}

    def note(self, what: str) -> None:
        self.notes[what] = self.notes.get(what, 0) + 1

    def collect(self) -> None:
        for slot in self.c.slots:
            for entry in slot.entries:
                self._entry(slot.eid, slot.after, entry)

    def _entry(self, eid: str, after: str, entry: Entry) -> None:
        for change in entry.changes:
            if change.status is Status.INSERTED and change.new is not None:
                parent = change.new.eid.rpartition("__")[0]
                found = self.inserted.setdefault((parent, after), [])
                same = next((x for x in found if _same(x[0], change.new)), None)
                if same is not None:
                    same[1].append(entry.proposal)
                else:
                    found.append((change.new, [entry.proposal]))
            elif change.status is Status.DELETED and change.old is not None:
                self.deleted.setdefault(change.old.eid, []).append(entry.proposal)
            elif change.status is Status.RENUMBERED:
                self.note("renumbering left out: new provisions are numbered bis, the base's numbers stay")
            elif change.status is Status.MOVED or change.moved:
                self.note("move left out: a provision stays where the base has it")
            elif change.part is Part.HEADING:
                self.note("heading change left out: headings are not bracketed")
            elif _consequential(change):
                self.note("closing punctuation left out where it only follows an item added or deleted after it")
            elif change.old is not None and change.ops:
                self.edits.setdefault(change.old.eid, []).append((entry.proposal, runs(change.ops)))

    # -- provisions of the base ----------------------------------------------------------------
    def clause(self, p: Provision, parent_label: str = "") -> Clause:
        children = [self.clause(child) for child in p.children]
        wording: Wording = (p.intro,) if p.intro else ()
        wrap_up: Wording = (p.wrap_up,) if p.wrap_up else ()
        options: tuple[Option, ...] = ()
        if p.eid in self.deleted:
            proposals = self.deleted[p.eid]
            clause = _bracket_all(self._base_clause(p, children, wording, wrap_up), BracketKind.DELETION,
                                  _positions(proposals), tuple(d.id for d in proposals))
            return self._with_insertions(clause, p)
        if p.eid in self.edits:
            wording, wrap_up, options = self._edited(p)
        clause = self._base_clause(p, children, wording, wrap_up, options)
        return self._with_insertions(clause, p)

    def _base_clause(self, p: Provision, children: list[Clause], wording: Wording, wrap_up: Wording,
                     options: tuple[Option, ...] = ()) -> Clause:
        return Clause(p.eid, p.tag, p.num, p.heading, p.label, wording, wrap_up, options, tuple(children),
                      name=p.tag if p.tag == "hcontainer" else "")

    def _edited(self, p: Provision) -> tuple[Wording, Wording, tuple[Option, ...]]:
        """A provision's own words with the proposals' edits: brackets where they stay whole, else options."""
        groups: list[tuple[tuple[Run, ...], list[Document]]] = []
        for doc, edits in self.edits[p.eid]:
            same = next((g for g in groups if g[0] == edits), None)
            if same is not None:
                same[1].append(doc)
            else:
                groups.append((edits, [doc]))
        flat = [(run, docs) for edits, docs in groups for run in edits]
        whole = all(len(edits) == 1 and edits[0].bracketable for edits, _ in groups)
        separate = not any(_overlap(a, b) for i, (a, _) in enumerate(flat) for b, _ in flat[i + 1:])
        text = p.text
        if whole and separate:
            marked = [(run, Bracket("", BracketKind.DELETION if run.old else BracketKind.ADDITION,
                                    _positions(docs), tuple(d.id for d in docs))) for run, docs in flat]
            return _split_wrap_up(bracketed_wording(text, marked), p)
        options = [Option(1, (text,))]
        for edits, docs in groups:
            wording = applied(text, edits)
            twin = next((o for o in options if o.wording == (wording,)), None)
            if twin is not None:  # two different edits that give one wording: one option
                options[options.index(twin)] = replace(twin, positions=_positions(
                    [*(d for d in self.c.proposals if d.id in twin.proposals), *docs]),
                    proposals=(*twin.proposals, *(d.id for d in docs)))
            else:
                options.append(Option(len(options) + 1, (wording,), _positions(docs), tuple(d.id for d in docs)))
        numbered = tuple(replace(o, eid=f"{p.eid}__{eid_component('hcontainer', '', o.number)}") for o in options)
        return (), (), numbered

    # -- new provisions ------------------------------------------------------------------------
    def _with_insertions(self, clause: Clause, p: Provision) -> Clause:
        """The clause with the new provisions proposed inside it, each after the child it follows."""
        at: dict[int, list[tuple[Provision, list[Document]]]] = {}
        for (parent, after), found in self.inserted.items():
            if parent != p.eid:
                continue
            index = 0
            for i, child in enumerate(p.children):
                if after == child.eid or after.startswith(child.eid + "__"):
                    index = i + 1
            at.setdefault(index, []).extend(found)
        if not at:
            return clause
        children: list[Clause] = []
        for index in range(len(clause.children) + 1):
            prev = clause.children[index - 1] if index else None
            made: list[Clause] = []
            for q, docs in at.get(index, []):
                made.append(self._new(q, docs, clause, prev, made, len(children) + len(made) + 1))
            children.extend(made)
            if index < len(clause.children):
                children.append(clause.children[index])
        return replace(clause, children=tuple(children))

    def _new(self, q: Provision, docs: list[Document], parent: Clause, prev: Clause | None, made: list[Clause],
             position: int) -> Clause:
        """A proposed provision, numbered after the one it follows: ``(c bis)``, then ``(c ter)``."""
        if prev is not None:
            token = num_token(prev.num)
            stem = split_suffix(token)[0]
            used = {num_token(c.num) for c in made}
            suffix = next(x for x in SUFFIXES if f"{stem} {x}" not in used)
            num = prev.num.replace(token, f"{stem} {suffix}", 1) if token else f"{stem} {suffix}"
        else:
            num = f"{q.num} (new)" if q.num else "(new)"
        eid = f"{parent.eid}__{eid_component(q.tag, num, position)}"
        return _new_clause(q, eid, num, citation(parent.label, q.tag, num, eid), _positions(docs),
                           tuple(d.id for d in docs))


def _same(a: Provision, b: Provision) -> bool:
    """Two inserted provisions with the same words and structure."""
    return (a.tag, a.heading, a.text) == (b.tag, b.heading, b.text) and len(a.children) == len(b.children) and all(
        _same(x, y) for x, y in zip(a.children, b.children, strict=True))


def _new_clause(q: Provision, eid: str, num: str, label: str, positions: tuple[Position, ...],
                proposals: tuple[str, ...]) -> Clause:
    """A proposed provision: every text of it in brackets, attributed."""
    def bracket(text: str) -> Wording:
        return (Bracket(text, BracketKind.ADDITION, positions, proposals),) if text else ()

    children = []
    for n, child in enumerate(q.children, 1):
        child_eid = f"{eid}__{eid_component(child.tag, child.num, n)}"
        children.append(_new_clause(child, child_eid, child.num, citation(label, child.tag, child.num, child_eid),
                                    positions, proposals))
    return Clause(eid, q.tag, num, q.heading, label, bracket(q.intro), bracket(q.wrap_up) if q.children else (),
                  children=tuple(children))


def _bracket_all(clause: Clause, kind: BracketKind, positions: tuple[Position, ...],
                 proposals: tuple[str, ...]) -> Clause:
    """A provision proposed for deletion: each of its texts in brackets."""
    def bracket(wording: Wording) -> Wording:
        text = "".join(p if isinstance(p, str) else p.words for p in wording)
        return (Bracket(text, kind, positions, proposals),) if text else ()

    return replace(clause, wording=bracket(clause.wording), wrap_up=bracket(clause.wrap_up),
                   children=tuple(_bracket_all(c, kind, positions, proposals) for c in clause.children))


def _split_wrap_up(full: Wording, p: Provision) -> tuple[Wording, Wording, tuple[Option, ...]]:
    """A provision's words cut back into its text before its children and its closing words."""
    if not p.children or not p.wrap_up:
        return full, (), ()
    cut = len(p.intro) + 1  # the intro, then the line break before the wrap-up
    before: list[str | Bracket] = []
    after: list[str | Bracket] = []
    at = 0
    for part in full:
        size = len(part) if isinstance(part, str) else -1
        if isinstance(part, str) and at < cut <= at + size:
            before.append(part[: cut - at - 1])
            after.append(part[cut - at:])
        elif at < cut:
            before.append(part)
        else:
            after.append(part)
        at += size if size >= 0 else 0
    return _merge_strings(before), _merge_strings(after), ()


def numbered(clauses: tuple[Clause, ...]) -> tuple[Clause, ...]:
    """Footnotes numbered 1, 2, 3… in reading order: each bracket and option that names delegations has one."""
    count = [0]

    def wording(parts: Wording) -> Wording:
        out: list[str | Bracket] = []
        for part in parts:
            if isinstance(part, Bracket):
                if part.positions:
                    count[0] += 1
                    part = replace(part, note=count[0])
                else:
                    part = replace(part, note=0)
            out.append(part)
        return tuple(out)

    return tuple(_numbered_clause(c, wording, count) for c in clauses)


def _numbered_clause(c: Clause, wording: Callable[[Wording], Wording], count: list[int]) -> Clause:
    """``numbered`` of one provision and its children
    (a function of its own, not a closure that calls itself: that is a cycle; ``tests/test_cycles.py``)."""
    intro = wording(c.wording)
    options = []
    for o in c.options:
        inner = wording(o.wording)
        if o.positions:
            count[0] += 1
        options.append(replace(o, wording=inner, note=count[0] if o.positions else 0))
    children = tuple(_numbered_clause(child, wording, count) for child in c.children)
    return replace(c, wording=intro, options=tuple(options), children=children, wrap_up=wording(c.wrap_up))


def _summary(c: Compilation) -> tuple[str, str, str, str]:
    """Title, source, verification and its note of a compiled text."""
    base = c.base
    illustrative = any(p.provenance == ILLUSTRATIVE for p in c.proposals)
    ids = ", ".join(p.id for p in c.proposals) or "none"
    if illustrative:
        title = (f"Illustrative rolling text: {base.title}, with the proposals of the corpus "
                 "(compiled by cahtool; not a UN document)")
    else:
        title = f"Rolling text: {base.title}, with the proposals on it (compiled by cahtool)"
    source = f"Compiled by cahtool (cahtool compile {base.id} --rolling-text) from {base.id} and the proposals {ids}."
    labels = "; ".join(f"{p.id}: {p.provenance or 'no provenance label'}" for p in c.proposals)
    note = (f"The words are those of {base.id} ({base.verification or 'verification not recorded'}) and of the "
            f"proposals ({labels}). The layout (brackets, options, footnotes) is cahtool's: no Secretariat or "
            "Chair compiled this text.")
    verification = "illustrative compilation" if illustrative else "compiled by cahtool"
    return title, source, verification, note


def rolling_text(corpus: Corpus, base: str, proposals: Sequence[str] = (), *, id: str = "",
                 progress: Progress | None = None) -> Compiled:
    """The rolling text of the proposals on a base (default: every proposal on it), and what it left out
    (``progress``: as ``compile_proposals``)."""
    c = compile_proposals(corpus, base, proposals, progress=progress)
    builder = _Builder(c)
    builder.collect()
    clauses = numbered(tuple(builder.clause(p) for p in c.base.provisions))
    date = max([c.base.date, *(p.date for p in c.proposals)])
    title, source, verification, note = _summary(c)
    illustrative = any(p.provenance == ILLUSTRATIVE for p in c.proposals)
    doc = Document(id=id or f"rolling-{c.base.id}", path="", kind="bill", name="rollingText", uri="",
                   work_uri="", title=title, date=date, authors=(CAHTOOL,), symbol="", source=source,
                   verification=verification, verification_note=note,
                   status="compiled text (not tabled)", status_date=date, provisions=(),
                   provenance=ILLUSTRATIVE if illustrative else "")
    notes = tuple(f"{what} ({n})" for what, n in builder.notes.items())
    return Compiled(RollingText(doc, clauses, basis=c.base.id), c, notes)
