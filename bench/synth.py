"""Synthetic treaty-like Akoma Ntoso pairs, with the ground truth of what changed between them.

``generate(articles, words)`` builds an "old" instrument of ``articles`` articles (article › paragraph ›
point, with ``num``, ``heading``, ``intro``/``content`` and AKN eIds such as ``art_12__para_3__point_b``,
in the conventions and ``<meta>`` skeleton of ``drafts/``) and a "new" version of it with:

- an article inserted (the articles after it renumbered) — with one article, a paragraph moved instead;
- an article moved several places down (reported as moved, not as a deletion plus an insertion);
- a point inserted in the middle of a list (its followers renumbered, not modified);
- a paragraph deleted and a point deleted (their followers renumbered);
- word-level edits (a word replaced, words inserted, words deleted) in some provisions, one heading
  included, some of them in renumbered provisions.

Every provision carries an identity through the edits, so the ground truth (old eId → new eId and the
status cahtool must report for each pair) falls out of the two trees. The same seed always gives the
same bytes. Run ``python bench/synth.py DIR`` to write every benchmark size to DIR.
"""

from __future__ import annotations

import json
import random
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

SEED = 20240607
AKN_NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
CAH_NS = "urn:cahtool:1"

#: Benchmark sizes: name → (articles, target words).
SIZES: dict[str, tuple[int, int]] = {
    "1": (1, 700),
    "15": (15, 6_000),
    "128": (128, 50_000),
    "1000": (1_000, 400_000),
}

# A treaty's vocabulary: function words are frequent everywhere, content words cluster by article topic.
_FUNCTION = (
    "the of and to in a any or by for with as that be on such which shall may its other this from "
    "all at under an not their has have is are been who where when into upon without within between "
    "each no whether those against"
).split()
_CONTENT = (
    "State States Party Parties Convention article paragraph provision measures necessary appropriate "
    "national law legislation jurisdiction territory offence offences crime crimes humanity person persons "
    "victim victims witness witnesses alleged offender court courts tribunal competent authority "
    "authorities extradition request requested requesting assistance mutual legal proceedings "
    "investigation prosecution prosecute punishment penalty penalties liability responsibility "
    "commander superior subordinate order orders official capacity immunity amnesty statute limitations "
    "prevention prevent obligation obligations cooperation cooperate information evidence records "
    "protection protect safety security dignity rights fundamental guarantees fair trial treatment "
    "detention custody release arrest warrant surrender transfer deportation removal refoulement "
    "torture enforced disappearance persecution enslavement extermination murder imprisonment rape "
    "sexual violence gender group collectivity population civilian attack widespread systematic "
    "policy organization knowledge intent conduct act acts omission participation attempt incitement "
    "complicity aiding abetting planning ordering instigating committing reparation compensation "
    "restitution rehabilitation satisfaction remedy remedies harm damage injury suffering health "
    "physical mental property consular access communication notification representative family "
    "relatives counsel interpreter language procedure procedures rules regulations instrument treaty "
    "agreement arrangement bilateral multilateral regional international organizations Secretary-General "
    "United Nations depositary signature ratification acceptance approval accession entry force "
    "reservation reservations declaration declarations amendment amendments denunciation withdrawal "
    "dispute disputes settlement negotiation arbitration Justice interpretation application "
    "implementation monitoring report reports committee meeting conference session members expert "
    "experts independent impartial body mechanism review period year years months days written notice "
    "copies texts authentic Arabic Chinese English French Russian Spanish equally purpose present "
    "relevant particular general specific special additional further respective reasonable effective "
    "adequate prompt thorough full prior final previous subsequent entire same certain principal "
    "domestic foreign public private military civilian criminal civil administrative judicial "
    "executive legislative diplomatic consular grounds reasons basis manner circumstances case cases "
    "event extent respect accordance regard relation connection view light account consideration "
    "ensure take adopt establish provide promote facilitate exercise submit refer transmit inform "
    "notify consult afford accord grant refuse deny execute carry apply interpret remain continue "
    "commit committed constitute constitutes punishable subject entitled required permitted prohibited "
    "recognized defined referred provided set forth contained described laid down"
).split()

_LETTERS = "abcdefghijklmnopqrstuvwxyz"


@dataclass
class Node:
    """A provision during generation: an identity kept through the edits, its own text and children."""

    uid: int
    tag: str
    heading: str = ""
    text: str = ""
    children: list[Node] = field(default_factory=list)

    def copy(self) -> Node:
        return Node(self.uid, self.tag, self.heading, self.text, [c.copy() for c in self.children])

    def walk(self) -> Iterator[Node]:
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(frozen=True)
class Truth:
    """What cahtool must report for one aligned pair (either side None for an insertion or deletion)."""

    old: str | None
    new: str | None
    status: str
    moved: bool = False


@dataclass(frozen=True)
class SyntheticPair:
    """An old and a new Akoma Ntoso document (bytes), the expected pairs, and their sizes."""

    name: str
    old_xml: bytes
    new_xml: bytes
    truth: frozenset[Truth]
    words: int
    articles: int

    def paired(self) -> list[tuple[str, str]]:
        """(old eId, new eId) of every provision present on both sides, sorted."""
        return sorted((t.old, t.new) for t in self.truth if t.old is not None and t.new is not None)


class _Writer:
    """Deterministic treaty-like text: each article draws most content words from its own topic."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.uid = 0
        self.topic: list[str] = []

    def next_uid(self) -> int:
        self.uid += 1
        return self.uid

    def new_topic(self) -> None:
        self.topic = self.rng.sample(_CONTENT, 30)

    def word(self) -> str:
        rng = self.rng
        if rng.random() < 0.35:
            # Zipf-like: the first function words are by far the most frequent.
            return _FUNCTION[min(int(rng.paretovariate(1.1)) - 1, len(_FUNCTION) - 1)]
        pool = self.topic if rng.random() < 0.3 else _CONTENT
        return rng.choice(pool)

    def phrase(self, n: int) -> str:
        words = [self.word() for _ in range(n)]
        out = []
        for k, w in enumerate(words):
            out.append(w)
            if 3 < k < n - 3 and self.rng.random() < 0.07:
                out[-1] += ","
        return " ".join(out)

    def sentence(self, n: int, end: str = ".") -> str:
        text = self.phrase(n)
        return text[0].upper() + text[1:] + end

    def heading(self) -> str:
        text = " ".join(self.rng.choice(self.topic) for _ in range(self.rng.randint(2, 5)))
        return text[0].upper() + text[1:]

    def point(self, last: bool) -> Node:
        return Node(self.next_uid(), "point", text=self.phrase(self.rng.randint(6, 24)) + ("." if last else ";"))

    def paragraph(self, budget: int) -> Node:
        rng = self.rng
        if budget > 60 and rng.random() < 0.45:
            intro = self.sentence(rng.randint(12, 30), ":")
            para = Node(self.next_uid(), "paragraph", text=intro)
            used = len(intro.split())
            count = 0
            while count < 3 or (used < budget and count < 9):
                point = self.point(last=False)
                para.children.append(point)
                used += len(point.text.split())
                count += 1
            para.children[-1].text = para.children[-1].text[:-1] + "."
            return para
        text = " ".join(self.sentence(rng.randint(15, 40)) for _ in range(max(1, min(3, budget // 35))))
        return Node(self.next_uid(), "paragraph", text=text)

    def article(self, words: int) -> Node:
        self.new_topic()
        art = Node(self.next_uid(), "article", heading=self.heading())
        used = len(art.heading.split())
        while used < words * 0.92:
            para = self.paragraph(min(words - used, self.rng.randint(60, 170)))
            art.children.append(para)
            used += sum(len(n.text.split()) for n in para.walk())
        return art


def _count_words(articles: list[Node]) -> int:
    return sum(len(n.heading.split()) + len(n.text.split()) for a in articles for n in a.walk())


# -- edits ----------------------------------------------------------------------------------------

def _edit_words(rng: random.Random, writer: _Writer, text: str) -> str:
    """A word-level edit of substance: replace a word, insert words, or delete words (never only case)."""
    words = text.split(" ")
    kind = rng.choice(("replace", "insert", "delete", "replace+insert"))
    if len(words) < 6:
        kind = "replace"
    at = rng.randrange(1, len(words) - 1) if len(words) > 2 else 0
    if kind in ("replace", "replace+insert"):
        old = words[at].rstrip(",;:.")
        new = old
        while new.casefold() == old.casefold():
            new = rng.choice(_CONTENT)
        words[at] = new + words[at][len(old):]
    if kind in ("insert", "replace+insert"):
        where = rng.randrange(1, len(words) - 1)
        words[where:where] = [writer.word() for _ in range(rng.randint(2, 4))]
    if kind == "delete":
        n = rng.randint(2, min(4, len(words) - 3))
        at = min(at, len(words) - n - 1)
        del words[at:at + n]
    return " ".join(words)


def _lists(article: Node) -> list[Node]:
    return [p for p in article.children if len(p.children) >= 4]


def _alone_roles(article: Node) -> tuple[Node, Node, Node, Node] | None:
    """In a lone article: a list to grow, a list to shrink, a paragraph to delete and one to move down."""
    lists = _lists(article)
    plain = [p for p in article.children if not p.children]
    if len(lists) < 2 or not plain:
        return None
    rest = [p for p in article.children if p is not plain[0]]
    movers = [p for p in rest[:-3] if p is not lists[0] and p is not lists[1]]
    return (lists[0], lists[1], plain[0], movers[0]) if movers else None


def _insert_point(writer: _Writer, lst: Node) -> Node:
    """Insert a point in the middle of a list; return the point that now follows it."""
    middle = len(lst.children) // 2
    lst.children.insert(middle, writer.point(last=False))
    return lst.children[middle + 1]


def _delete_point(lst: Node) -> None:
    del lst.children[len(lst.children) // 2 - 1]


def _make_new(rng: random.Random, writer: _Writer, old: list[Node], words_per_article: int
              ) -> tuple[list[Node], set[int]]:
    """The new version of the articles, and the uids of the provisions moved."""
    new = [a.copy() for a in old]
    moved: set[int] = set()
    touched: set[int] = set()  # articles whose structure changed (never the moved one)
    n = len(new)
    if n == 1:
        art = new[0]
        roles = _alone_roles(art)
        assert roles is not None
        lst, victim, deleted, mover = roles
        follower = _insert_point(writer, lst)
        _delete_point(victim)
        art.children.remove(deleted)
        # Move a paragraph three places down (a move of one against three is unambiguous).
        at = art.children.index(mover)
        art.children.insert(at + 3, art.children.pop(at))
        moved.add(mover.uid)
    else:
        # Move an article from about 60 % of the way to about 85 % (at least three places).
        src = max(1, (n * 6) // 10)
        dst = max(src + 3, (n * 85) // 100)
        moving = new[src]
        if dst < n:
            new.insert(dst, new.pop(src))
            moved.add(moving.uid)
        hosts = [a for a in new if _lists(a) and a is not moving]
        # A point inserted in an early article, a point deleted in a late one (renumbered by then),
        # a paragraph deleted in the middle of the second half.
        first, last = hosts[0], hosts[-1]
        follower = _insert_point(writer, _lists(first)[0])
        _delete_point(_lists(last)[-1])
        middle = [a for a in new[n // 2:] if len(a.children) >= 3 and a not in (first, last, moving)]
        para_host = middle[len(middle) // 2]
        del para_host.children[1]
        touched = {first.uid, last.uid, para_host.uid}
        # Insert a new article at about a third: every article after it is renumbered.
        new.insert(max(1, n // 3), writer.article(words_per_article))

    # Word edits: about one provision in twelve, never in a moved subtree (a moved, unmodified
    # provision must be found as moved), a few per document at least.
    moved_subtree = {node.uid for a in new for m in a.walk() if m.uid in moved for node in m.walk()}
    old_uids = {node.uid for a in old for node in a.walk()}
    candidates = [node for a in new for node in a.walk()
                  if node.uid in old_uids and node.uid not in moved_subtree and node.text]
    for node in rng.sample(candidates, max(4, len(candidates) // 12)):
        node.text = _edit_words(rng, writer, node.text)
    # The point right after the inserted one: renumbered and modified at once, next to an insertion
    # with its old number (the trap for aligners that trust numbers).
    if follower.text == next(n.text for a in old for n in a.walk() if n.uid == follower.uid):
        follower.text = _edit_words(rng, writer, follower.text)
    # One article heading, in an article whose structure is otherwise untouched.
    headed = [a for a in new if a.uid in old_uids and a.uid not in moved and a.uid not in touched]
    headed[len(headed) // 2].heading += " of " + rng.choice(_CONTENT)
    return new, moved


# -- numbering, truth and XML -----------------------------------------------------------------------

@dataclass(frozen=True)
class _Placed:
    uid: int
    eid: str
    num: str
    node: Node
    parent: int | None


def _number(articles: list[Node]) -> dict[int, _Placed]:
    placed: dict[int, _Placed] = {}
    for i, art in enumerate(articles, 1):
        art_eid = f"art_{i}"
        placed[art.uid] = _Placed(art.uid, art_eid, f"Article {i}", art, None)
        for j, para in enumerate(art.children, 1):
            para_eid = f"{art_eid}__para_{j}"
            placed[para.uid] = _Placed(para.uid, para_eid, f"{j}.", para, art.uid)
            for k, point in enumerate(para.children):
                letter = _LETTERS[k]
                placed[point.uid] = _Placed(point.uid, f"{para_eid}__point_{letter}", f"({letter})", point, para.uid)
    return placed


def _truth(old: dict[int, _Placed], new: dict[int, _Placed], moved: set[int]) -> frozenset[Truth]:
    out = set()
    for uid, o in old.items():
        n = new.get(uid)
        if n is None:
            if o.parent is None or o.parent in new:  # only the root of a deleted subtree is reported
                out.add(Truth(o.eid, None, "deleted"))
            continue
        if (o.node.text, o.node.heading) != (n.node.text, n.node.heading):
            status = "modified"
        elif uid in moved:
            status = "moved"
        elif o.num != n.num:
            status = "renumbered"
        else:
            status = "unchanged"
        out.add(Truth(o.eid, n.eid, status, moved=uid in moved))
    for uid, n in new.items():
        if uid not in old and (n.parent is None or n.parent in old):
            out.add(Truth(None, n.eid, "inserted"))
    return frozenset(out)


def _q(tag: str, ns: str = AKN_NS) -> str:
    return f"{{{ns}}}{tag}"


def _sub(parent: etree._Element, tag: str, ns: str = AKN_NS, **attrs: str) -> etree._Element:
    return etree.SubElement(parent, _q(tag, ns), attrs)


def _meta(doc: etree._Element, alias: str, date: str, title: str) -> None:
    work_uri = f"/akn/un/bill/synthetic/{date}/{alias}"
    expr_uri = f"{work_uri}/eng@{date}"
    meta = _sub(doc, "meta")
    ident = _sub(meta, "identification", source="#cahtool")
    work = _sub(ident, "FRBRWork")
    _sub(work, "FRBRthis", value=f"{work_uri}/!main")
    _sub(work, "FRBRuri", value=work_uri)
    _sub(work, "FRBRalias", value=alias, name="cahtool")
    _sub(work, "FRBRdate", date=date, name="adoption")
    _sub(work, "FRBRauthor", href="#synthetic")
    _sub(work, "FRBRcountry", value="un")
    _sub(work, "FRBRname", value=title)
    expr = _sub(ident, "FRBRExpression")
    _sub(expr, "FRBRthis", value=f"{expr_uri}/!main")
    _sub(expr, "FRBRuri", value=expr_uri)
    _sub(expr, "FRBRdate", date=date, name="adoption")
    _sub(expr, "FRBRauthor", href="#synthetic")
    _sub(expr, "FRBRlanguage", language="eng")
    manif = _sub(ident, "FRBRManifestation")
    _sub(manif, "FRBRthis", value=f"{expr_uri}/!main.xml")
    _sub(manif, "FRBRuri", value=f"{expr_uri}.akn")
    _sub(manif, "FRBRdate", date=date, name="generation")
    _sub(manif, "FRBRauthor", href="#cahtool")
    refs = _sub(meta, "references", source="#cahtool")
    _sub(refs, "TLCOrganization", eId="cahtool", href="/ontology/organization/cahtool", showAs="cahtool")
    _sub(refs, "TLCOrganization", eId="synthetic", href="/ontology/organization/cahtool/synthetic",
         showAs="cahtool benchmark generator")
    prop = _sub(meta, "proprietary", source="#cahtool")
    _sub(prop, "title", CAH_NS).text = title
    _sub(prop, "source", CAH_NS).text = f"Generated by bench/synth.py (seed {SEED}); not a real text."
    _sub(prop, "verification", CAH_NS, status="synthetic").text = "Synthetic benchmark text: random words."
    _sub(prop, "status", CAH_NS, value="synthetic", date=date)


def _block(parent: etree._Element, tag: str, text: str) -> None:
    _sub(_sub(parent, tag), "p").text = text


def to_xml(articles: list[Node], alias: str, date: str, title: str) -> bytes:
    """Serialise articles as an Akoma Ntoso bill, indented as the files of drafts/."""
    placed = _number(articles)
    root = etree.Element(_q("akomaNtoso"), nsmap={None: AKN_NS, "cah": CAH_NS})
    doc = _sub(root, "bill", name="syntheticTreaty")
    _meta(doc, alias, date, title)
    body = _sub(doc, "body")

    def add(parent: etree._Element, node: Node) -> None:
        p = placed[node.uid]
        el = _sub(parent, node.tag, eId=p.eid)
        _sub(el, "num").text = p.num
        if node.heading:
            _sub(el, "heading").text = node.heading
        if node.children:
            if node.text:
                _block(el, "intro", node.text)
            for child in node.children:
                add(el, child)
        else:
            _block(el, "content", node.text)

    for art in articles:
        add(body, art)
    etree.indent(root, space="  ")
    return etree.tostring(root, encoding="UTF-8", xml_declaration=True) + b"\n"


def generate(articles: int, words: int, seed: int = SEED, name: str = "") -> SyntheticPair:
    """An old/new pair of ``articles`` articles and about ``words`` words, with its ground truth."""
    rng = random.Random(seed * 7919 + articles)
    writer = _Writer(rng)
    per_article = words // articles
    old = [writer.article(per_article) for _ in range(articles)]
    while articles == 1 and _alone_roles(old[0]) is None:
        old = [writer.article(per_article)]
    new, moved = _make_new(rng, writer, old, per_article)
    name = name or f"synthetic-{articles}"
    truth = _truth(_number(old), _number(new), moved)
    return SyntheticPair(
        name=name,
        old_xml=to_xml(old, f"{name}-old", "2025-01-15", f"Synthetic treaty of {articles} articles (old)"),
        new_xml=to_xml(new, f"{name}-new", "2025-06-30", f"Synthetic treaty of {articles} articles (new)"),
        truth=truth,
        words=_count_words(old),
        articles=articles,
    )


def size(name: str) -> SyntheticPair:
    """One of the benchmark sizes of ``SIZES`` by name ("1", "15", "128", "1000")."""
    articles, words = SIZES[name]
    return generate(articles, words, name=f"synthetic-{name}")


def document(articles: int, words: int, *, seed: int = SEED, name: str = "synthetic-document") -> bytes:
    """One treaty-like document (no pair, no truth): ``articles`` articles of about ``words`` words in all.

    With one article, the article holds every paragraph: a long foreign text filed as one article, the
    shape in which it is compared whole with Rome art. 7 (the sole articles of two documents pair).
    """
    rng = random.Random(seed * 7919 + articles + words)
    writer = _Writer(rng)
    body = [writer.article(words // articles) for _ in range(articles)]
    title = f"Synthetic document of {articles:,} article{'s' if articles > 1 else ''} and {words:,} words"
    return to_xml(body, name, "2025-01-15", title)


def write(pair: SyntheticPair, directory: Path) -> tuple[Path, Path, Path]:
    """Write old.xml, new.xml and the eId pairs (JSON) of a pair under DIRECTORY/NAME/."""
    out = directory / pair.name
    out.mkdir(parents=True, exist_ok=True)
    old, new, pairs = out / "old.xml", out / "new.xml", out / "pairs.json"
    old.write_bytes(pair.old_xml)
    new.write_bytes(pair.new_xml)
    pairs.write_text(json.dumps(pair.paired()) + "\n", encoding="utf-8")
    return old, new, pairs


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "bench/out")
    for key in SIZES:
        generated = size(key)
        write(generated, target)
        print(f"{generated.name}: {generated.articles} articles, {generated.words} words")
