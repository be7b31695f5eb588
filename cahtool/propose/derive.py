"""Propose: derive an amendment proposal from an edited copy of a base text.

An advocate prints a document or one provision (``cahtool show ilc-2019 art_2__para_2``), edits the
words, numbers or list items, and gets the instructions that turn the base into the edit: word-level
substitutions, insertions and repeals (worddiff's minimal edit, each quoting just enough words to be
found once), insertions and repeals of whole provisions, and renumbering. The layout read is the one
``cahtool show`` prints: ``# `` header lines (optional), numbers at the start of lines (``1.``, ``(a)``),
an article's number and heading on lines of their own; runs of spaces count as one space.

Every instruction is checked by simulating it with ``amend``'s own rules before it is chosen, and the
CLI applies the whole proposal to the base and reads the edit back before writing it.
"""

from __future__ import annotations

import datetime
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from cahtool.akn import load_bytes, next_number
from cahtool.amend import apply_amendment_bytes
from cahtool.diff import align
from cahtool.errors import AmendmentError, InputError
from cahtool.model import Document, Instruction, Provision, normalise_num
from cahtool.propose.edited import Item, fail, parse, provision
from cahtool.propose.edited import body as edited_body
from cahtool.propose.quotes import choose_within, first_clash, hunks_of, split_at
from cahtool.propose.writing import ProposalDraft, amendment_xml, party
from cahtool.text import SHORT_ID_RULE, clean_name, excerpt, is_short_id, name_problem, not_xml, short_id, words

# -- deriving the instructions ------------------------------------------------------------------------

@dataclass
class _Derived:
    """One derived operation, with what it takes to group it into sentences and keep reading order."""

    edit: Instruction
    parent: str
    order: int


class _Deriver:
    def __init__(self, base: Document, path: str, lines: dict[int, int]) -> None:
        self.base = base
        self.path = path
        self.lines = lines
        self.ops: list[_Derived] = []
        self.order = {p.eid: n for n, p in enumerate(base.walk())}
        self.parents: dict[str, str] = {}
        for p in base.walk():
            for c in p.children:
                self.parents[c.eid] = p.eid

    def line(self, p: Provision | None) -> int | None:
        return self.lines.get(id(p)) if p is not None else None

    def add(self, edit: Instruction, at: Provision, sub: float = 0) -> None:
        order = self.order.get(at.eid, 0) * 1000 + int(sub)
        self.ops.append(_Derived(edit, self.parents.get(edit.destination, ""), order))

    # pairs ------------------------------------------------------------------------------------------
    def pair(self, old: Provision, new: Provision) -> None:
        # Both lists paired once: to tell whether any provision of the list is kept, then to derive them.
        pairs = self.match(old.children, new.children) if old.children and new.children else []
        if bool(old.children) != bool(new.children) or (old.children and not _paired_any(pairs)):
            # A list appears, disappears or is rewritten from scratch: replace the whole provision.
            self.add(Instruction("substitution", old.eid, structure=(new,)), old)
            return
        if normalise_num(old.num) != normalise_num(new.num):
            self.add(Instruction("renumbering", old.eid, new=(new.num,)), old)
        old_words = old.heading + "\n" + old.text
        if old.heading != new.heading:
            if not old.heading or not new.heading:
                raise fail(self.path, self.line(new), f"{old.label} of {self.base.id} "
                            f"{'has no heading to edit' if not old.heading else 'cannot lose its heading'}")
            self.text(old, old.heading, new.heading, old_words, set(), new)
        if old.text != new.text:
            old_blocks, new_blocks = old.text.split("\n"), new.text.split("\n")
            if len(old_blocks) != len(new_blocks):
                raise fail(self.path, self.line(new), f"{old.label} of {self.base.id} has {len(old_blocks)} "
                            f"line(s) of text and the edit {len(new_blocks)}: edit within the lines (a new line "
                            "of its own needs a number)")
            offset = 0
            for a, b in zip(old_blocks, new_blocks, strict=True):
                if a != b:
                    marks = {m.start - offset for m in old.marks} | {m.end - offset for m in old.marks}
                    self.text(old, a, b, old_words, marks, new)
                offset += len(a) + 1
        if old.children:
            self.children(pairs)

    def match(self, olds: Sequence[Provision], news: Sequence[Provision]) -> list[tuple[Provision | None,
                                                                                       Provision | None]]:
        """One level of two lists paired (aligned; then an unpaired pair with one number); in new order."""
        if (len(olds) == len(news) == 1 and olds[0].tag == news[0].tag and olds[0].num
                and normalise_num(olds[0].num) == normalise_num(news[0].num)):
            # One provision on each side with one number: paired whatever the alignment says (aligned, or by
            # that number), so the whole subtree under it is not aligned once more for this level.
            return [(olds[0], news[0])]
        # Indexes of the two lists (by identity, and the old ones by number), so that a long list is
        # paired in one pass instead of being searched once per provision.
        place: dict[int, int] = {}
        for i, p in enumerate(olds):
            place.setdefault(id(p), i)
        in_news = {id(n) for n in news}
        numbered: dict[tuple[str, str], list[Provision]] = {}
        for p in olds:
            if p.num:
                numbered.setdefault((p.tag, normalise_num(p.num)), []).append(p)
        partner: dict[int, Provision] = {}
        for pair in align(olds, news):
            if pair.old is None or pair.new is None or pair.moved:
                continue
            if id(pair.old) in place and id(pair.new) in in_news:
                partner[id(pair.new)] = pair.old
        used = {id(o) for o in partner.values()}
        for n in news:
            if id(n) in partner:
                continue
            same = [o for o in numbered.get((n.tag, normalise_num(n.num)), ()) if id(o) not in used]
            if len(same) == 1:
                partner[id(n)] = same[0]
                used.add(id(same[0]))
        # Pairs must keep the order of both lists; a pair out of order is a move: delete and insert.
        kept: dict[int, Provision] = {}
        last = -1
        for n in news:
            o = partner.get(id(n))
            if o is not None:
                k = place[id(o)]
                if k > last:
                    kept[id(n)] = o
                    last = k
        out: list[tuple[Provision | None, Provision | None]] = [(kept.get(id(n)), n) for n in news]
        kept_old = {id(o) for o in kept.values()}
        out.extend((o, None) for o in olds if id(o) not in kept_old)
        return out

    def children(self, pairs: list[tuple[Provision | None, Provision | None]]) -> None:
        for o, n in pairs:
            if o is not None and n is None:
                self.add(Instruction("repeal", o.eid), o)
        self.inserted(pairs)
        for o, n in pairs:
            if o is not None and n is not None:
                self.pair(o, n)

    def inserted(self, pairs: Sequence[tuple[Provision | None, Provision | None]]) -> None:
        """Runs of new provisions, each inserted after the last kept one (or before the first)."""
        news = [(o, n) for o, n in pairs if n is not None]
        k = 0
        while k < len(news):
            if news[k][0] is not None:
                k += 1
                continue
            run = []
            while k < len(news) and news[k][0] is None:
                run.append(news[k][1])
                k += 1
            before = next((o for o, _ in reversed(news[:k - len(run)]) if o is not None), None)
            after = next((o for o, _ in news[k:] if o is not None), None)
            structure = tuple(p for p in run if p is not None)
            if before is not None:
                self.add(Instruction("insertion", before.eid, pos="after", structure=structure), before, 999)
            elif after is not None:
                self.add(Instruction("insertion", after.eid, pos="before", structure=structure), after, -1)
            else:
                raise fail(self.path, self.line(structure[0]), f"{structure[0].num} has no provision of "
                            f"{self.base.id} next to it to be inserted after or before")

    # words ----------------------------------------------------------------------------------------
    def text(self, old: Provision, a: str, b: str, words_all: str, marks: set[int], new: Provision) -> None:
        """Word edits of one line of text: each quoted within one stretch of formatting, as amend applies them."""
        cuts = sorted(m for m in marks if 0 < m < len(a))
        stretches = list(zip([0, *cuts], [*cuts, len(a)], strict=True))
        hunks = split_at(hunks_of(a, b), cuts, a)
        while True:
            chosen = [choose_within(a, words_all, h, stretches) for h in hunks]
            clash = first_clash(chosen)
            if clash is None:
                break
            i, j = clash
            (s1, _, r1), (_, e2, _) = hunks[i], hunks[j]
            if any(s1 < c < e2 for c in cuts):
                raise fail(self.path, self.line(new), f"edits of {old.label} too close to its formatting (italics) "
                                                       "to quote apart; edit whole words on either side")
            merged = r1 + "".join(a[hunks[k][1]:hunks[k + 1][0]] + hunks[k + 1][2] for k in range(i, j))
            hunks[i:j + 1] = [(s1, e2, merged)]
        for n, (edit, _span, _point) in enumerate(chosen):
            if edit is None:
                raise fail(self.path, self.line(new), f"cannot quote words of {old.label} that are found only "
                                                       "once; edit a longer stretch of text")
            self.add(Instruction(edit.type, old.eid, edit.pos, edit.old, edit.new), old, 1 + n)


def _paired_any(pairs: Sequence[tuple[Provision | None, Provision | None]]) -> bool:
    return any(o is not None and n is not None for o, n in pairs)


# -- grouping into sentences ---------------------------------------------------------------------------

def _runs(deriver: _Deriver, renumberings: list[_Derived]) -> list[Instruction]:
    """Consecutive renumbered siblings that count on (d → e, e → f …) as one instruction each."""
    # Each provision's place among its siblings (the first, if an eId is there twice), by parent's eId.
    siblings: dict[str, dict[str, int]] = {}
    for p in (*deriver.base.walk(), None):
        places: dict[str, int] = {}
        for k, c in enumerate(p.children if p is not None else deriver.base.provisions):
            places.setdefault(c.eid, k)
        siblings["" if p is None else p.eid] = places
    out: list[Instruction] = []
    for op in sorted(renumberings, key=lambda o: o.order):
        edit = op.edit
        if out:
            last = out[-1]
            order = siblings.get(op.parent, {})
            tail = last.up_to or last.destination
            if (deriver.parents.get(tail, "") == op.parent and tail in order and edit.destination in order
                    and order[edit.destination] == order[tail] + 1
                    and next_number(last.new[-1]) == edit.new[0]):
                out[-1] = Instruction("renumbering", last.destination, up_to=edit.destination,
                               new=(last.new[0], edit.new[0]))
                continue
        out.append(edit)
    return out


def _group(deriver: _Deriver) -> tuple[tuple[Instruction, ...], ...]:
    ops = sorted(deriver.ops, key=lambda o: o.order)
    renumber = [o for o in ops if o.edit.type == "renumbering"]
    others = [o for o in ops if o.edit.type != "renumbering"]
    runs = _runs(deriver, renumber)
    by_parent: dict[str, list[Instruction]] = {}
    for edit in runs:
        by_parent.setdefault(deriver.parents.get(edit.destination, ""), []).append(edit)
    groups: list[tuple[Instruction, ...]] = []
    for op in others:
        group = [op.edit]
        structural = op.edit.structure or (op.edit.type == "repeal" and not op.edit.old)
        if structural and op.edit.type != "substitution":
            parent = op.parent
            group.extend(by_parent.pop(parent, []))
        groups.append(tuple(group))
    for edits in by_parent.values():
        groups.extend((e,) for e in edits)
    return tuple(groups)


# -- the public API ----------------------------------------------------------------------------------

def _scope(base: Document, roots: list[Item], provisions: list[Provision], path: str) -> list[Provision]:
    """The base provisions the edit covers: whole articles, or the one provision that was printed."""
    first = provisions[0]
    if base.provisions and first.tag == base.provisions[0].tag:
        return list(base.provisions)
    candidates = [p for p in base.walk() if p.tag == first.tag]
    if not candidates:
        raise fail(path, roots[0].line, f"{first.num} is not a number of {base.id}")

    def score(p: Provision) -> float:
        x, y = Counter(words(p.text)), Counter(words(first.text))
        common = sum((x & y).values())
        total = x.total() + y.total()
        return (2 * common / total if total else 1.0) + (0.1 if normalise_num(p.num) == normalise_num(first.num)
                                                         else 0.0)

    ranked = sorted(candidates, key=score, reverse=True)
    if score(ranked[0]) < 0.4 or (len(ranked) > 1 and score(ranked[0]) == score(ranked[1])):
        raise fail(path, roots[0].line, f"cannot tell which {first.tag} {first.num} of {base.id} this is; print "
                                         f"it with `cahtool show {base.id} EID` and keep its number")
    return [ranked[0]]


def derive(base: Document, edited: str, *, path: str = "<edited>") -> tuple[tuple[Instruction, ...], ...]:
    """The instructions (one tuple of edits per sentence) that turn ``base`` into the ``edited`` text."""
    roots, printed = parse(base, edited, path)
    lines: dict[int, int] = {}
    count: dict[str, int] = {}
    provisions = []
    for item in roots:
        count[item.tag] = count.get(item.tag, 0) + 1
        provisions.append(provision(item, "", count[item.tag], lines))
    if printed is not None and printed.tag != provisions[0].tag:
        raise fail(path, roots[0].line, f"{roots[0].num} does not begin {printed.label}, the provision printed")
    scope = [printed] if printed is not None else _scope(base, roots, provisions, path)
    deriver = _Deriver(base, path, lines)
    if len(scope) == 1 and not any(scope[0] is p for p in base.provisions):
        # One printed provision: it is that provision; anything printed after it is inserted after it.
        deriver.pair(scope[0], provisions[0])
        if provisions[1:]:
            deriver.add(Instruction("insertion", scope[0].eid, pos="after", structure=tuple(provisions[1:])),
                        scope[0], 999)
    else:
        # Articles not printed stay as they are: at this level nothing is deleted.
        pairs = [(o, n) for o, n in deriver.match(scope, provisions) if n is not None]
        deriver.inserted(pairs)
        for o, n in pairs:
            if o is not None and n is not None:
                deriver.pair(o, n)
    return _group(deriver)


def derive_proposal(base: Document, edited: str, *, path: str = "<edited>", id: str = "", title: str = "",
                    date: str = "", proponents: Sequence[str] = (), supporters: Sequence[str] = (),
                    provenance: str = "", source: str = "", status: str = "") -> ProposalDraft:
    """A whole proposal (metadata and instructions) from an edited copy of ``base``; write it with
    ``drafting.amendment_xml``. ``status`` is dated with the proposal's date."""
    _writable(edited, path, title=title, source=source, proponents=proponents, supporters=supporters)
    groups = derive(base, edited, path=path)
    if not groups:
        raise fail(path, None, f"the edited text is the same as {base.id}: nothing to propose")
    stem = Path(path).stem if path and not path.startswith("<") and path != "-" else "proposal"
    when = date or datetime.date.today().isoformat()
    try:
        datetime.date.fromisoformat(when)
    except ValueError:
        raise InputError(f"date {when!r} is not a full date (YYYY-MM-DD)") from None
    if id and not is_short_id(id):
        raise InputError(f"id {id!r} must be {SHORT_ID_RULE}")
    return ProposalDraft(
        id=id or short_id(stem) or "proposal",
        title=title or f"Proposal on {base.title}",
        date=when, base=base, instructions=groups,
        proponents=tuple(party(n) for n in proponents), supporters=tuple(party(n) for n in supporters),
        provenance=provenance, source=source, status=status, status_date=when if status else "",
        # The edited file is a working copy (often a temporary file): its name says nothing about the proposal.
        notes=(f"Derived by cahtool propose from an edited copy of the text of {base.id}.",),
    )


#: DEL and the C1 controls (U+007F to U+009F).
_C1 = re.compile("[\x7f-\x9f]")


def _control(text: str) -> tuple[int, str] | None:
    """The first character of ``text`` that no proposal may hold: one XML cannot hold, or a C1 control
    (which ``cahtool check`` refuses), as its offset and name."""
    found = next(not_xml(text), None)
    c1 = _C1.search(text)
    if c1 is not None and (found is None or c1.start() < found[0]):
        return c1.start(), clean_name(c1.group())[1][0]
    return found


def _writable(edited: str, path: str, *, title: str, source: str, proponents: Sequence[str],
              supporters: Sequence[str]) -> None:
    """Refuse, before any work, text that an Akoma Ntoso proposal cannot hold or that check would refuse."""
    found = _control(edited)
    if found is not None:
        offset, name = found
        raise InputError(f"control character {name} in the edited text: an Akoma Ntoso proposal cannot hold it "
                         "(delete it, or retype the character it stands for)",
                         path=path, line=edited.count("\n", 0, offset) + 1)
    for option, values in (("--title", [title]), ("--source", [source]), ("--proponent", proponents),
                           ("--supporter", supporters)):
        for value in values:
            found = _control(value)
            if found is not None:
                raise InputError(f"{option} “{excerpt(clean_name(value)[0], 60)}”: control character {found[1]}: "
                                 "an Akoma Ntoso proposal cannot hold it; retype the value without it")
            if option in ("--proponent", "--supporter"):
                removed = clean_name(value)[1]
                problem = f"it holds {', '.join(removed)}" if removed else name_problem(value)
                if problem:
                    raise InputError(f"{option} “{excerpt(clean_name(value)[0], 60)}” is not a name cahtool can "
                                     f"credit ({problem})")


def verify(draft: ProposalDraft, base_xml: bytes, edited: str, *, path: str = "<edited>") -> bytes:
    """Apply the derived proposal to its base and read the edit back; return the proposal's AKN.

    An edit that no amendment can express (an insertion that collides with the next number), or a proposal
    that applies but does not give back the edit, is an InputError naming the edited file: nothing is written.
    """
    xml = amendment_xml(draft)
    try:
        consolidated = apply_amendment_bytes([(xml, f"{draft.id}.xml")], base_xml, draft.base.path)
    except AmendmentError as exc:
        raise InputError(f"the edit cannot be made an amendment of {draft.base.id}: {exc.detail}",
                         path=path) from None
    leftover = derive(load_bytes(consolidated, f"{draft.id}.xml"), edited_body(edited), path=path)
    if leftover:
        # The check that makes every proposal trustworthy: rather write nothing than a proposal that does
        # not say what the edit says. The edit is the user's input, so this is an input error, with the places.
        places = list(dict.fromkeys(_label(draft.base, e.destination) for group in leftover for e in group))
        raise InputError(f"cahtool cannot write this edit as an amendment of {draft.base.id} that gives it back "
                         f"exactly (applied, the proposal still differs from the edit at {', '.join(places[:5])}"
                         f"{' …' if len(places) > 5 else ''}); keep every number on its line, and edit words "
                         "within provisions", path=path)
    return xml


def _label(base: Document, eid: str) -> str:
    found = base.find(eid)
    return found.label if found is not None else eid


