"""Indexes that made apply, check, propose and import linear give what the plain definitions give (issue 13).

Each test draws random inputs (trees of provisions with repeated tags, numbers and eIds; planned operations of
every kind; tracked changes) and compares the indexed path with the definition it replaced, a scan per item,
written out here as it was.
"""

from __future__ import annotations

import itertools
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from cahtool.akn import AKN, HIER_ELEMENTS, eid_component, local, own_provisions, text_of
from cahtool.amend import Source
from cahtool.amend.conflicts import candidates, clash, conflicting
from cahtool.amend.eids import SiblingPlaces, check_unique, component
from cahtool.amend.instructions import Amendment
from cahtool.amend.plan import Action, Planned, Planner, _siblings
from cahtool.errors import AmendmentError
from cahtool.layout import Row
from cahtool.model import Document, Instruction, Provision, normalise_num
from cahtool.propose.derive import _Deriver
from cahtool.propose.writing import _Trails
from cahtool.word import ooxml as wordml
from cahtool.word.tracked import Line, _touched

# -- random trees ---------------------------------------------------------------------------------------

TAGS = ("article", "paragraph", "point", "p", "num")  # provisions, and elements among them that are not
NUMS = ("", "(a)", "(b)", "1.", "2.", "Article 3", "(a)")
EIDS = ("", "x", "y", "art_1", "art_1__para_1")


@st.composite
def trees(draw: st.DrawFn) -> etree._Element:
    """A body with a few levels of elements of repeated tags, numbers and eIds, and comments among them."""
    body = etree.Element(f"{AKN}body")

    def grow(parent: etree._Element, depth: int) -> None:
        for _ in range(draw(st.integers(0, 5 if depth < 3 else 0))):
            if draw(st.integers(0, 9)) == 0:
                parent.append(etree.Comment("note"))
                continue
            tag = draw(st.sampled_from(TAGS))
            el = etree.SubElement(parent, f"{AKN}{tag}")
            eid = draw(st.sampled_from(EIDS))
            if eid:
                el.set("eId", eid)
            num = draw(st.sampled_from(NUMS))
            if num and tag != "num":
                etree.SubElement(el, f"{AKN}num").text = num
            if draw(st.booleans()):
                etree.SubElement(el, f"{AKN}content")
            grow(el, depth + 1)

    grow(body, 0)
    return body


def elements(root: etree._Element) -> list[etree._Element]:
    return [el for el in root.iter() if isinstance(el.tag, str)]


# -- eIds: the place among siblings, and the uniqueness check ------------------------------------------------

def plain_component(el: etree._Element) -> str:
    num = el.find(f"{AKN}num")
    text = text_of(num) if num is not None else ""
    parent = el.getparent()
    same = [c for c in parent if c.tag == el.tag] if parent is not None else [el]
    return eid_component(local(el.tag), text, same.index(el) + 1)


@settings(max_examples=150, deadline=None)
@given(tree=trees())
def test_sibling_places_count_as_the_plain_scan(tree):
    places = SiblingPlaces()
    for el in elements(tree):
        assert component(el, places) == plain_component(el) == component(el)


def plain_check_unique(body: etree._Element) -> str:
    """The check as it was written (with its sibling scan per provision), the message of its error or ''."""
    seen: dict[str, etree._Element] = {}
    for el in body.iter():
        if not isinstance(el.tag, str) or local(el.tag) not in HIER_ELEMENTS:
            continue
        parent = el.getparent()
        if parent is not None and local(parent.tag) in HIER_ELEMENTS:
            kids = [c for c in parent if local(c.tag) in HIER_ELEMENTS]
            if not kids:
                continue
        eid = el.get("eId", "")
        if eid in seen:
            num = el.find(f"{AKN}num")
            return f"two provisions are numbered {text_of(num) if num is not None else eid} (eId {eid})"
        seen[eid] = el
    for parent in body.iter():
        if isinstance(parent.tag, str) and local(parent.tag) in HIER_ELEMENTS:
            has_text = any(local(c.tag) == "content" for c in parent)
            has_kids = any(local(c.tag) in HIER_ELEMENTS for c in parent)
            if not has_text and not has_kids:
                return f"{parent.get('eId')} is left with neither text nor provisions"
    return ""


SOURCE = Source(Amendment("p", "p.xml", "base", "", ()), etree.Element("x"))


@settings(max_examples=150, deadline=None)
@given(tree=trees())
def test_check_unique_finds_what_the_plain_check_finds(tree):
    expected = plain_check_unique(tree)
    try:
        check_unique(tree, [SOURCE], "base")
    except AmendmentError as exc:
        assert expected and " ".join(expected.split()) in " ".join(exc.detail.split())
    else:
        assert expected == ""


# -- planning: places among siblings, and the pairs of operations that may clash -----------------------------

@settings(max_examples=150, deadline=None)
@given(tree=trees())
def test_planner_finds_places_as_the_plain_scan(tree):
    doc = etree.Element(f"{AKN}act")
    doc.append(tree)
    planner = Planner(doc, "base", "base.xml")
    for el in elements(tree)[1:]:
        kids, places = planner.siblings(el)
        assert kids == _siblings(el)
        assert places[el] == _siblings(el).index(el)
        for where in ("at", "after", "before"):
            index = _siblings(el).index(el)
            plain = -1 - index if where == "at" else index + (1 if where == "after" else 0)
            assert planner.slot(el, where) == (el.getparent(), plain)


@st.composite
def plans(draw: st.DrawFn) -> list[Planned]:
    tree = draw(trees())
    nodes = elements(tree)
    texts = [(node, attr) for node in nodes[:4] for attr in ("text", "tail")]
    ops = []
    for n in range(draw(st.integers(0, 12))):
        kind = draw(st.sampled_from(list(Action)))
        el = draw(st.sampled_from(nodes))
        ins = Instruction(kind.value, el.get("eId", ""), proposal=draw(st.sampled_from(("p1", "p2"))), eid=f"t{n}")
        op = Planned(ins, "p.xml", kind, el)
        if kind is Action.TEXT:
            op.segment = draw(st.sampled_from(texts))
            op.start = draw(st.integers(0, 6))
            op.end = op.start + draw(st.integers(0, 3))
            op.span = (draw(st.integers(0, op.start)), op.end + draw(st.integers(0, 2)))
        if kind in (Action.INSERT, Action.REMOVE, Action.REPLACE):
            op.slot = (draw(st.sampled_from([None, *nodes])), draw(st.integers(-2, 2)))
        if kind is Action.RENUMBER:
            op.targets = draw(st.lists(st.sampled_from(nodes), min_size=1, max_size=4))
        ops.append(op)
    return ops


@settings(max_examples=200, deadline=None)
@given(ops=plans())
def test_candidates_hold_every_pair_that_clashes(ops):
    pairs = candidates(ops)
    assert pairs == sorted(set(pairs)) and all(i < j for i, j in pairs)
    plain = [(i, j, clash(ops[i], ops[j])) for i, j in itertools.combinations(range(len(ops)), 2)]
    expected = [(i, j, found) for i, j, found in plain if found[0]]
    assert [(i, j, clash(ops[i], ops[j])) for i, j in pairs if clash(ops[i], ops[j])[0]] == expected


@st.composite
def repeated_plans(draw: st.DrawFn) -> list[Planned]:
    """``plans``, with some operations tabled again by other proposals (or the same one), anywhere in the list."""
    ops = draw(plans())
    for op in draw(st.lists(st.sampled_from(ops), max_size=8)) if ops else ():
        proposal = draw(st.sampled_from(("p1", "p2", "p3", "p4")))
        copy = Planned(replace(op.ins, proposal=proposal), op.path, op.kind, op.element, op.segment, op.start,
                       op.end, op.span, slot=op.slot, targets=list(op.targets))
        ops.insert(draw(st.integers(0, len(ops))), copy)
    return ops


@settings(max_examples=300, deadline=None)
@given(ops=repeated_plans())
def test_conflicting_finds_what_clash_finds_pair_by_pair(ops):
    """``conflicting`` asks ``clash`` once for each two kinds of operation and takes a kind's pairs at once: the
    pairs, reasons and places are those of ``clash`` on every candidate pair, in the same order."""
    expected = [(i, j, *clash(ops[i], ops[j])) for i, j in candidates(ops) if clash(ops[i], ops[j])[0]]
    assert conflicting(ops) == expected


# -- propose: pairing a level of two lists, and the trail of a provision -------------------------------------

@st.composite
def provisions(draw: st.DrawFn, prefix: str = "", depth: int = 0) -> tuple[Provision, ...]:
    out = []
    for k in range(draw(st.integers(0, 6 if depth == 0 else 3))):
        tag = draw(st.sampled_from(("point", "paragraph")))
        eid = draw(st.sampled_from((f"{prefix}e{k}", f"{prefix}e0", "dup")))
        children = draw(provisions(prefix=eid + "_", depth=depth + 1)) if depth < 2 else ()
        out.append(Provision(eid, tag, draw(st.sampled_from(("", "(a)", "(b)", "(c)", "a)"))), "",
                             draw(st.sampled_from(("murder", "torture", "apartheid", "other acts"))), eid, children))
    return tuple(out)


def plain_match(olds, news, aligned):
    """``_Deriver.match`` as it was written: a scan of both lists per pair and per provision."""
    partner = {}
    for pair in aligned:
        if pair.old is None or pair.new is None or pair.moved:
            continue
        if any(pair.old is o for o in olds) and any(pair.new is n for n in news):
            partner[id(pair.new)] = pair.old
    used = {id(o) for o in partner.values()}
    for n in news:
        if id(n) in partner:
            continue
        same = [o for o in olds if id(o) not in used and o.tag == n.tag and o.num
                and normalise_num(o.num) == normalise_num(n.num)]
        if len(same) == 1:
            partner[id(n)] = same[0]
            used.add(id(same[0]))
    kept = {}
    last = -1
    for n in news:
        o = partner.get(id(n))
        if o is not None:
            k = next(i for i, x in enumerate(olds) if x is o)
            if k > last:
                kept[id(n)] = o
                last = k
    out = [(kept.get(id(n)), n) for n in news]
    kept_old = {id(o) for o in kept.values()}
    out.extend((o, None) for o in olds if id(o) not in kept_old)
    return out


def document(provisions: tuple[Provision, ...]) -> Document:
    return Document("base", "base.xml", "act", "", "", "", "Base", "", (), "", "", "", "", "", "", provisions)


@settings(max_examples=200, deadline=None)
@given(olds=provisions(), news=provisions(), repeat=st.booleans())
def test_match_pairs_as_the_plain_scan(olds, news, repeat):
    from cahtool.diff import align

    if repeat and olds:
        olds = (*olds, olds[0])  # one provision twice in a list: the first place counts
    deriver = _Deriver(document(olds), "edit.txt", {})
    got = deriver.match(olds, news)
    expected = plain_match(olds, news, align(olds, news))
    assert [(id(o), id(n)) for o, n in got] == [(id(o), id(n)) for o, n in expected]


@settings(max_examples=200, deadline=None)
@given(tops=provisions())
def test_trails_and_own_provisions_are_found_as_by_search(tops):
    doc = document(tops)
    trails, own = _Trails(doc), own_provisions(doc)
    for eid in {p.eid for p in doc.walk()} | {"missing"}:
        assert trails.get(eid) == doc.trail(eid)
        assert own.get(eid) == doc.find(eid)


# -- import: the provision of each tracked change ---------------------------------------------------------

def plain_touched(rows, rejected, revisions):
    labels = []
    starts = [(line.paragraph, row) for line, row in zip(rejected, rows, strict=False)]
    for revision in revisions:
        row = None
        for paragraph, candidate in starts:
            if paragraph > revision.paragraph:
                break
            row = candidate
        label = row.provision.label if row is not None else ""
        if label and label not in labels:
            labels.append(label)
    return tuple(labels)


@settings(max_examples=300, deadline=None)
@given(paragraphs=st.lists(st.integers(0, 30), max_size=20), extra_rows=st.integers(-3, 3),
       changed=st.lists(st.integers(-1, 32), max_size=20), ordered=st.booleans())
def test_touched_finds_the_rows_the_plain_scan_finds(paragraphs, extra_rows, changed, ordered):
    if ordered:
        paragraphs = sorted(paragraphs)  # as the lines of a file come; the rule holds for any order
    rejected = [Line(f"line {k}", p) for k, p in enumerate(paragraphs)]
    rows = [Row(Provision(f"e{k}", "point", "", "", "", f"label {k % 7}"), "text", "", "", 1)
            for k in range(max(0, len(rejected) + extra_rows))]
    revisions = tuple(wordml.Revision(wordml.INSERTED, "A", "", "x", p) for p in changed)
    assert _touched(rows, rejected, revisions) == plain_touched(rows, rejected, revisions)


# -- propose: renumberings that count on, made one instruction ------------------------------------------------

def plain_runs(deriver, renumberings):
    """``derive._runs`` as it was written: the siblings of a provision searched once per renumbering."""
    from cahtool.akn import next_number

    siblings = {}
    for p in deriver.base.walk():
        siblings[p.eid] = [c.eid for c in p.children]
    siblings[""] = [p.eid for p in deriver.base.provisions]
    out = []
    for op in sorted(renumberings, key=lambda o: o.order):
        edit = op.edit
        if out:
            last = out[-1]
            order = siblings.get(op.parent, [])
            tail = last.up_to or last.destination
            if (deriver.parents.get(tail, "") == op.parent and tail in order and edit.destination in order
                    and order.index(edit.destination) == order.index(tail) + 1
                    and next_number(last.new[-1]) == edit.new[0]):
                out[-1] = Instruction("renumbering", last.destination, up_to=edit.destination,
                                      new=(last.new[0], edit.new[0]))
                continue
        out.append(edit)
    return out


@settings(max_examples=200, deadline=None)
@given(tops=provisions(), data=st.data())
def test_renumbering_runs_as_the_plain_scan(tops, data):
    from cahtool.propose.derive import _Derived, _runs

    doc = document(tops)
    deriver = _Deriver(doc, "edit.txt", {})
    eids = [p.eid for p in doc.walk()] or ["missing"]
    renumberings = [
        _Derived(Instruction("renumbering", eid, new=(data.draw(st.sampled_from(("(b)", "(c)", "(d)", "(e)"))),)),
                 deriver.parents.get(eid, ""), deriver.order.get(eid, 0) * 1000)
        for eid in data.draw(st.lists(st.sampled_from(eids), max_size=8))]
    assert _runs(deriver, renumberings) == plain_runs(deriver, renumberings)


# -- check: the number quoted before a number out of sequence ----------------------------------------------

def test_a_number_out_of_sequence_quotes_the_number_before_as_first_printed():
    from cahtool.check.structure import Places, Structure

    para = etree.fromstring(
        f'<paragraph xmlns="{AKN[1:-1]}" eId="para_1"><num>1.</num>'
        + "".join(f'<point eId="para_1__point_{k}"><num>{num}</num><content><p>x</p></content></point>'
                  for k, num in enumerate(("(a)", "(b)", "b)", "(a)")))
        + "</paragraph>")
    structure = Structure("x.xml", Places(), corpus=False)
    structure.walk(para, "para_1", "para. 1", 1)
    messages = [f.message for f in structure.findings]
    assert any("(a) comes after (b) in para. 1" in m for m in messages), messages


# -- citations: many references resolved against one index ----------------------------------------------

def plain_find_cited(docs, ref):
    """``akn.find_cited`` as it was written: every label normalised again for each reference."""
    from cahtool.akn.cite import _index, normalise
    from cahtool.errors import CahtoolError

    ref = ref.strip()
    for doc in docs:
        found = doc.find(ref)
        if found is not None:
            return doc, found
    wanted = normalise(ref)
    if not wanted:
        return None
    for level in (1, 2):
        for doc in docs:
            hits = {p.eid: p for lv, key, p in _index(doc) if lv == level and key == wanted}
            if len(hits) == 1:
                return doc, next(iter(hits.values()))
            if len(hits) > 1:
                labels = ", ".join(p.label for p in hits.values())
                raise CahtoolError(f"{ref!r} names {len(hits)} provisions of {doc.id} ({labels}): cite the one "
                                   "you mean in full")
    return None


@st.composite
def cited_provisions(draw: st.DrawFn, prefix: str = "", label: str = "", depth: int = 0) -> tuple[Provision, ...]:
    out = []
    for _ in range(draw(st.integers(0, 4 if depth == 0 else 3))):
        token = draw(st.sampled_from(("1", "2", "a", "b", "h")))
        tag = ("article", "paragraph", "point")[depth]
        eid = draw(st.sampled_from((f"{prefix}{tag[:4]}_{token}", "dup", f"{prefix}x")))
        own = {"article": f"art. {token}", "paragraph": f"{label}({token})", "point": f"{label}({token})"}[tag]
        if draw(st.integers(0, 5)) == 0:
            own = draw(st.sampled_from(("annex, para. 2", "preamble", own.upper())))
        children = draw(cited_provisions(prefix=eid + "__", label=own, depth=depth + 1)) if depth < 2 else ()
        quoted = "quotedStructure" if draw(st.integers(0, 7)) == 0 else tag
        out.append(Provision(eid, quoted, f"({token})", "", "text", own, children))
    return tuple(out)


REFS = st.sampled_from(("art. 1", "Article 1, paragraph 2 (h)", "1(2)(h)", "art. 2(a)", "para. 1", "(1)(a)",
                        "dup", "art_1", "para_2", "annex, para. 2", "preamble", "ART. 1(A)", "x", "", " art. 1 ",
                        "(h)", "2(1)"))


@settings(max_examples=200, deadline=None)
@given(first=cited_provisions(), second=cited_provisions(), refs=st.lists(REFS, max_size=6))
def test_citations_resolve_as_each_reference_searched_alone(first, second, refs):
    from cahtool.akn import Citations
    from cahtool.errors import CahtoolError

    docs = [document(first), Document("other", "other.xml", "act", "", "", "", "Other", "", (), "", "", "", "", "",
                                      "", second)]
    cited = Citations(docs)
    for ref in [*refs, *(p.label for p in docs[0].walk()), *(p.eid for p in docs[1].walk())]:
        try:
            expected = plain_find_cited(docs, ref)
        except CahtoolError as exc:
            with pytest.raises(CahtoolError) as raised:
                cited.find(ref)
            assert raised.value.detail == exc.detail
            continue
        found = cited.find(ref)
        assert (found[0].id, id(found[1])) == (expected[0].id, id(expected[1])) if expected else found is None


# -- a redline read back: the provision an inserted one goes into ----------------------------------------------

@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_labels_find_the_provision_a_search_of_the_tree_finds(data):
    from cahtool.word.rebuild import _Labels, _Node, _walk

    labels = st.sampled_from(("art. 1", "art. 1(1)", "art. 1(2)", "art. 2", "art. 2(1)"))

    def nodes(depth: int) -> list[_Node]:
        out = []
        for k in range(data.draw(st.integers(0, 3 if depth < 2 else 0))):
            node = _Node(Provision(f"e{depth}{k}", "point", "", "", "", ""), "", "", "", nodes(depth + 1),
                         deleted=data.draw(st.booleans()), label=data.draw(labels))
            out.append(node)
        return out

    roots = nodes(0)
    labelled = _Labels(roots)
    for _ in range(data.draw(st.integers(0, 5))):
        everything = _walk(roots)
        siblings = data.draw(st.sampled_from([roots, *(n.children for n in everything)]))
        stub = _Node(Provision("stub", "point", "", "", "", ""), "", "", "", lines=["x"], label=data.draw(labels))
        siblings.insert(data.draw(st.integers(0, len(siblings))), stub)
        labelled.add(stub)
        for label in ("art. 1", "art. 1(1)", "art. 1(2)", "art. 2", "art. 2(1)", "art. 3"):
            plain = next((n for n in _walk(roots) if n.label == label and not n.deleted), None)
            assert labelled.find(label) is plain


def _num_token_as_it_was(num: str) -> str:
    import re

    text = " ".join(num.split())
    text = re.sub(r"^(article|art\.|chapter|part|section|rule|title)\s+", "", text, flags=re.IGNORECASE)
    return text.strip().strip(".").strip("()[]").strip()


@settings(max_examples=500, deadline=None)
@given(st.tuples(st.sampled_from(["", "Article", "ART.", "art.", "Chapter", "part", "Section", "rule", "TITLE",
                                  "Articles", "arts.", "parte", " ", "(", "1"]),
                 st.text(alphabet=" \t\n\u00a0\u2003.()[]aAbiIvx0123456789ß", max_size=8),
                 st.text(max_size=6)).map("".join))
def test_a_number_token_is_the_regular_expression_s(num):
    """``num_token`` looks for an opening word only where the text opens with a letter, uncached: the same as
    the one regular expression it was."""
    from cahtool.akn.numbers import num_token

    assert num_token(num) == _num_token_as_it_was(num)
