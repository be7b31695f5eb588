"""Revisions of a rolling text: what the negotiation changed from one to the next, in its own words.

``revision_diff(old, new)`` reads two rolling texts (a text and its Rev.1, or any two) provision by provision
and names each change as negotiators do: brackets removed (the words agreed), bracketed words deleted, new
brackets, an option chosen, an option dropped, a new option, who stands where changed, a status changed.
Beside those events it keeps the word redline of the two texts (``compare``: the ops rebuild both texts, each
change classed substantive or editorial), so nothing is reported that the words do not show.

``chain`` orders a rolling text and its revisions; ``tallies`` counts brackets and options per article over
them; ``rolling_of`` reads a document of the corpus as a rolling text.
"""

from __future__ import annotations

import difflib
import enum
import re
from collections.abc import Iterator
from dataclasses import dataclass

from cahtool.akn import is_rolling, parse_bytes, read_rolling_tree
from cahtool.corpus import Corpus
from cahtool.diff import compare
from cahtool.errors import InputError
from cahtool.model import (
    Bracket,
    Clause,
    Comparison,
    Document,
    NegotiationStatus,
    Option,
    Position,
    RollingText,
    plain,
)

SCHEMA = "cahtool.revision/1"
#: How alike an option and a text must be (difflib ratio of their words) to be taken for one another.
ALIKE = 0.75


class ChangeType(enum.StrEnum):
    """The negotiation's own names for what a revision did to a provision."""

    BRACKETS_REMOVED = "brackets removed"
    WORDS_DELETED = "bracketed words deleted"
    NEW_BRACKETS = "new brackets"
    OPTION_CHOSEN = "option chosen"
    OPTION_DROPPED = "option dropped"
    NEW_OPTION = "new option"
    POSITIONS = "positions changed"
    STATUS = "status changed"


#: What each change type means, for the reader (legends, JSON).
MEANINGS = {
    ChangeType.BRACKETS_REMOVED: "the brackets are gone and the words stay: the words are agreed",
    ChangeType.WORDS_DELETED: "the bracketed words are gone from the text",
    ChangeType.NEW_BRACKETS: "words newly in brackets: proposed, or contested",
    ChangeType.OPTION_CHOSEN: "one option became the text; the others went with it",
    ChangeType.OPTION_DROPPED: "an option is no longer on the table; others remain",
    ChangeType.NEW_OPTION: "a new alternative wording",
    ChangeType.POSITIONS: "delegations joined or left the proponents, supporters, opponents of the same words",
    ChangeType.STATUS: "the provision moved between pending, informally agreed, agreed ad referendum, deleted",
}


@dataclass(frozen=True, slots=True)
class Event:
    """One change of negotiation state at one provision, with the words it is about."""

    type: ChangeType
    eid: str
    label: str
    words: str = ""
    detail: str = ""
    positions: tuple[Position, ...] = ()
    before: str = ""
    after: str = ""


@dataclass(frozen=True, slots=True)
class RevisionDiff:
    """Two rolling texts, the negotiation events between them in reading order, and their word redline."""

    old: RollingText
    new: RollingText
    comparison: Comparison
    events: tuple[Event, ...]

    def counts(self) -> dict[ChangeType, int]:
        """How many events of each type (every type listed, zero included)."""
        out = dict.fromkeys(ChangeType, 0)
        for event in self.events:
            out[event.type] += 1
        return out

    def at(self, eid: str) -> tuple[Event, ...]:
        """The events at one provision."""
        return tuple(e for e in self.events if e.eid == eid)


def _norm(text: str) -> str:
    return " ".join(re.sub(r"\[\d+\]", " ", text).split()).casefold()


def _ratio(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, _norm(a).split(), _norm(b).split(), autojunk=False).ratio()


def _text(wording: tuple[str | Bracket, ...]) -> str:
    return plain(wording, resolve="keep")


def _brackets(clause: Clause) -> list[tuple[str, Bracket]]:
    """The brackets of a provision's own words (options apart), each with the words before it."""
    out = []
    for wording in (clause.wording, clause.wrap_up):
        before = ""
        for part in wording:
            if isinstance(part, Bracket):
                out.append((before, part))
                before += part.words
            else:
                before += part
    return out


def _names(positions: tuple[Position, ...]) -> str:
    groups: dict[str, list[str]] = {}
    for p in positions:
        groups.setdefault(p.stance.value, []).append(p.party.name)
    return "; ".join(f"{stance}: {', '.join(names)}" for stance, names in groups.items())


def _bracket_events(o: Clause, n: Clause | None) -> Iterator[Event]:
    old = _brackets(o)
    new = _brackets(n) if n is not None else []
    key = [(b.words, b.kind) for _, b in old]
    matcher = difflib.SequenceMatcher(None, key, [(b.words, b.kind) for _, b in new], autojunk=False)
    text = _norm(_text(n.wording + ("\n",) + n.wrap_up)) if n is not None else ""
    where = n or o
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            for (_, a), (_, b) in zip(old[i1:i2], new[j1:j2], strict=True):
                if set(a.positions) != set(b.positions):
                    yield Event(ChangeType.POSITIONS, where.eid, where.label, a.words,
                                f"was {_names(a.positions) or 'no one named'}; now "
                                f"{_names(b.positions) or 'no one named'}", b.positions)
            continue
        for before, bracket in old[i1:i2]:
            context = " ".join(_norm(before).split()[-3:] + [_norm(bracket.words)]).strip()
            kept = bool(text) and (context in text or _norm(bracket.words) in text)
            kind = ChangeType.BRACKETS_REMOVED if kept else ChangeType.WORDS_DELETED
            what = {"addition": "the proposed words are in the text",
                    "deletion": "the words proposed for deletion stay in the text",
                    "contested": "the words stay"}[bracket.kind.value] if kept else {
                "addition": "the proposed words are not in the text",
                "deletion": "the words proposed for deletion are gone",
                "contested": "the words are gone"}[bracket.kind.value]
            yield Event(kind, where.eid, where.label, bracket.words, what, bracket.positions)
        for _, bracket in new[j1:j2]:
            yield Event(ChangeType.NEW_BRACKETS, where.eid, where.label, bracket.words,
                        f"{bracket.kind.value}" + (f"; {_names(bracket.positions)}" if bracket.positions else ""),
                        bracket.positions)


def _option_label(option: Option) -> str:
    return f"Option {option.number}"


def _option_events(o: Clause, n: Clause | None) -> Iterator[Event]:
    where = n or o
    if not o.options and (n is None or not n.options):
        return
    if n is not None and o.options and not n.options:
        text = _text(n.wording + ("\n",) + n.wrap_up)
        scored = sorted(((_ratio(_text(opt.wording), text), -opt.number, opt) for opt in o.options), reverse=True)
        best = scored[0]
        if best[0] >= ALIKE:
            chosen = best[2]
            others = ", ".join(_option_label(x) for x in o.options if x is not chosen)
            exact = "as worded" if _norm(_text(chosen.wording)) == _norm(text) else "with changes"
            yield Event(ChangeType.OPTION_CHOSEN, where.eid, where.label, _text(chosen.wording),
                        f"{_option_label(chosen)} chosen {exact}; set aside: {others}", chosen.positions,
                        before=_option_label(chosen))
            return
        for option in o.options:
            yield Event(ChangeType.OPTION_DROPPED, where.eid, where.label, _text(option.wording),
                        f"{_option_label(option)} dropped; the text is reworded", option.positions,
                        before=_option_label(option))
        return
    olds = list(o.options) or [Option(1, o.wording)]
    news = list(n.options) if n is not None else []
    taken: set[int] = set()
    pairs: dict[int, Option] = {}
    for option in olds:
        match = max(((_ratio(_text(option.wording), _text(x.wording)), -x.number, x) for x in news
                     if x.number not in taken), default=None, key=lambda s: (s[0], s[1]))
        if match is not None and match[0] >= ALIKE:
            taken.add(match[2].number)
            pairs[option.number] = match[2]
    for option in o.options:
        if option.number not in pairs:
            yield Event(ChangeType.OPTION_DROPPED, where.eid, where.label, _text(option.wording),
                        f"{_option_label(option)} dropped", option.positions, before=_option_label(option))
        elif set(pairs[option.number].positions) != set(option.positions):
            yield Event(ChangeType.POSITIONS, where.eid, where.label, _text(option.wording),
                        f"{_option_label(option)}: was {_names(option.positions) or 'no one named'}; now "
                        f"{_names(pairs[option.number].positions) or 'no one named'}",
                        pairs[option.number].positions)
    for option in news:
        if option.number not in taken:
            yield Event(ChangeType.NEW_OPTION, where.eid, where.label, _text(option.wording),
                        f"{_option_label(option)}" + (f"; {_names(option.positions)}" if option.positions else ""),
                        option.positions, after=_option_label(option))


def _status_event(o: Clause | None, n: Clause | None) -> Iterator[Event]:
    before = o.status if o is not None else NegotiationStatus.PENDING
    after = n.status if n is not None else NegotiationStatus.PENDING
    where = n or o
    if where is not None and before is not after:
        date = n.status_date if n is not None else ""
        yield Event(ChangeType.STATUS, where.eid, where.label, "",
                    f"{before.value} → {after.value}" + (f" ({date})" if date else ""), before=before.value,
                    after=after.value)


def _clause_events(o: Clause | None, n: Clause | None) -> list[Event]:
    out: list[Event] = []
    if o is not None:
        out.extend(_bracket_events(o, n))
        out.extend(_option_events(o, n))
    elif n is not None:
        empty = Clause(n.eid, n.tag, n.num, n.heading, n.label)
        out.extend(_bracket_events(empty, n))
        out.extend(Event(ChangeType.NEW_OPTION, n.eid, n.label, _text(x.wording), _option_label(x), x.positions,
                         after=_option_label(x)) for x in n.options if len(n.options) > 1)
    out.extend(_status_event(o, n))
    return out


def revision_diff(old: RollingText, new: RollingText) -> RevisionDiff:
    """What changed from one rolling text to another: negotiation events, and the word redline beside them."""
    olds = {c.eid: c for c in old.walk()}
    news = {c.eid: c for c in new.walk()}
    events: list[Event] = []
    order = [c.eid for c in new.walk()]
    # A provision of the old text that the new one no longer has is reported where it stood.
    previous = ""
    placed: dict[str, list[str]] = {}
    for c in old.walk():
        if c.eid not in news:
            placed.setdefault(previous, []).append(c.eid)
        else:
            previous = c.eid
    for eid in placed.get("", []):
        events.extend(_clause_events(olds[eid], None))
    for eid in order:
        events.extend(_clause_events(olds.get(eid), news[eid]))
        for gone in placed.get(eid, []):
            events.extend(_clause_events(olds[gone], None))
    return RevisionDiff(old, new, compare(old.document, new.document), tuple(events))


# -- rolling texts of the corpus -------------------------------------------------------------------

def rolling_of(corpus: Corpus, ref: str) -> RollingText:
    """A document of the corpus (short id or path) read as a rolling text; an error if it is not one."""
    doc = corpus.get(ref)
    tree = parse_bytes(corpus.xml(doc.path), doc.path)
    return read_rolling_tree(tree, doc.path)


def is_rolling_text(corpus: Corpus, doc: Document) -> bool:
    """True when a document of the corpus is a rolling text."""
    if doc.is_proposal or doc.kind != "bill":
        return False
    root = parse_bytes(corpus.xml(doc.path), doc.path).getroot()
    return any(is_rolling(child) for child in root if isinstance(child.tag, str))


def rolling_texts(corpus: Corpus) -> list[RollingText]:
    """Every rolling text of the corpus, in date order (revisions after what they revise)."""
    found = [rolling_of(corpus, d.path) for d in corpus.documents() if is_rolling_text(corpus, d)]
    return chain(found)


def chain(texts: list[RollingText]) -> list[RollingText]:
    """Rolling texts ordered so that each revision follows the text it revises (then by date and id)."""
    by_id = {t.document.id: t for t in texts}
    out: list[RollingText] = []
    for t in sorted(texts, key=lambda t: (t.document.date, t.document.id)):
        _place(t, frozenset(), by_id, out)
    return out


def _place(t: RollingText, seen: frozenset[str], by_id: dict[str, RollingText], out: list[RollingText]) -> None:
    """``chain``: ``t`` after the text it revises
    (a function of its own, not a closure that calls itself: that is a cycle; ``tests/test_cycles.py``)."""
    if t in out:
        return
    if t.document.id in seen:
        raise InputError(f"rolling text {t.document.id} revises itself through {t.revises}", path=t.document.path)
    if t.revises in by_id:
        _place(by_id[t.revises], seen | {t.document.id}, by_id, out)
    out.append(t)


def revised(texts: list[RollingText]) -> list[tuple[RollingText, RollingText]]:
    """(text, its revision) for each revision whose text is among ``texts``."""
    by_id = {t.document.id: t for t in texts}
    return [(by_id[t.revises], t) for t in texts if t.revises in by_id]


@dataclass(frozen=True, slots=True)
class Tally:
    """Brackets, options and provisions agreed in one article (depth 0) or one of its parts (depth 1), in one
    rolling text. A provision set out as options counts each option."""

    label: str
    eid: str
    depth: int
    brackets: int
    options: int
    agreed: int
    provisions: int


def _count(unit: Clause, depth: int) -> Tally:
    clauses = list(unit.walk())
    agreed = (NegotiationStatus.INFORMALLY_AGREED, NegotiationStatus.AGREED_AD_REFERENDUM)
    return Tally(unit.label, unit.eid, depth, sum(1 for c in clauses for _ in c.brackets()),
                 sum(len(c.options) for c in clauses), sum(1 for c in clauses if c.status in agreed), len(clauses))


def tally(rt: RollingText) -> list[Tally]:
    """Each article (each top-level provision) and each of its parts: brackets, options, provisions agreed."""
    out = []
    for top in rt.clauses:
        out.append(_count(top, 0))
        out.extend(_count(child, 1) for child in top.children)
    return out


def tallies(texts: list[RollingText]) -> list[tuple[Tally, list[Tally | None]]]:
    """Rows: each article or part (as first met) × the texts in order, its tally in each (None: not in it)."""
    rows: dict[str, tuple[Tally, list[Tally | None]]] = {}
    for i, rt in enumerate(texts):
        for t in tally(rt):
            rows.setdefault(t.eid, (t, [None] * len(texts)))[1][i] = t
    return list(rows.values())
