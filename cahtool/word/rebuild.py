"""A redline that ``cahtool diff --format docx`` wrote, read back against its old text: the new text, in full.

The redline of BASE → PROPOSAL holds one block per change: a heading with its citation (``art. 2(1)(d) →
art. 2(1)(e) — renumbered``), a line saying what happened (``inserted · substantive``), and the provision's
words with the changes tracked. Unchanged provisions are left out, so the new text is rebuilt from the base:
each block's provision is found in the base by its old citation (``akn.find_cited``, the citation cahtool
printed), and takes the block's text with every change accepted (its heading, for a heading change), the
number its new citation gives, or goes (deleted); an inserted provision goes into the list its new citation
names, after the last provision numbered before it. With every change rejected, each block must read as the
base does: a redline of another text, or one edited without Track Changes, is refused with its place. The
result is laid out as ``cahtool show --no-header`` prints it: the input of ``propose``, as for any Word file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from cahtool.akn import SUFFIXES, Citations, citation, dressed, list_position, num_token, numbering
from cahtool.errors import InputError
from cahtool.layout import OWN_LINE, provision_rows
from cahtool.model import Document, Provision
from cahtool.word import ooxml as wordml

#: Prefix of the keyword of a redline, before ``OLD NEW`` (and `` substantive-only`` when editorial changes are
#: left out).
KEYWORD_REDLINE = "cahtool-redline:"
#: The statuses a block can read back into the new text.
STATUSES = ("modified", "renumbered", "inserted", "deleted", "unchanged")


@dataclass(frozen=True, slots=True)
class Block:
    """One change of the redline: its citations, what happened, and its words accepted and rejected."""

    paragraph: int
    old_label: str
    new_label: str
    status: str
    heading: bool
    accepted: str
    rejected: str
    revisions: tuple[wordml.Revision, ...]


@dataclass
class _Node:
    """A provision of the new text under construction."""

    provision: Provision
    num: str
    heading: str
    text: str
    children: list[_Node] = field(default_factory=list)
    deleted: bool = False
    lines: list[str] | None = None  # an inserted provision: its printed lines, as the redline gives them
    label: str = ""


#: The keyword as read back: LibreOffice saves ``cahtool-redline:a b`` as ``cahtool-redline a b``.
_KEYWORD = re.compile(r"^cahtool-redline[:\s,;]\s*(\S+)[\s,;]+(\S+)(.*)$")


def is_redline(document: wordml.WordDocument) -> bool:
    """True when a Word file is a redline written by ``cahtool diff --format docx``."""
    return _KEYWORD.match(document.keywords) is not None or any(
        p.style == wordml.STYLE_DETAIL for p in document.paragraphs)


def compared(document: wordml.WordDocument) -> tuple[str, str, bool]:
    """The old and new ids a redline names in its properties, and whether it shows substantive changes only."""
    found = _KEYWORD.match(document.keywords)
    if found is None:
        return "", "", False
    return found.group(1), found.group(2), "substantive-only" in found.group(3)


def _joined(paragraphs: list[wordml.Paragraph], accept: bool) -> str:
    lines = wordml.accepted_lines(paragraphs) if accept else wordml.rejected_lines(paragraphs)
    return "\n".join(" ".join(line.split(" ")).strip() for line in lines)


def blocks(document: wordml.WordDocument) -> list[Block]:
    """The changes of a redline, in reading order."""
    paragraphs = [p for p in document.paragraphs if not p.in_table]
    out: list[Block] = []
    for k, p in enumerate(paragraphs):
        if p.style != wordml.STYLE_DETAIL or k == 0:
            continue
        title = paragraphs[k - 1].accepted
        where, _, _ = title.rpartition(" — ")
        old, arrow, new = where.partition(" → ")
        words = [w.strip() for w in p.accepted.split(" · ")]
        heading = words[0] == "heading"
        status = next((w.split(",")[0].split(" ")[0] for w in words if w.split(",")[0].split(" ")[0] in STATUSES
                       or w.startswith(("moved", "chapeau "))), "")
        if "its list is compared item by item" in p.accepted or status == "moved" or ", moved" in p.accepted:
            raise InputError(f"paragraph {p.index}: {where}: a moved provision, or a list compared one level apart, "
                             "cannot be read back from a redline; import a Word file of the whole text instead "
                             "(cahtool show DOC --format docx)", path=document.path)
        if not where or not status:
            raise InputError(f"paragraph {p.index}: cannot read this change of the redline ({title!r} / "
                             f"{p.accepted!r})", path=document.path)
        text = []
        after = k + 1  # by index: a slice of the paragraphs after each change copied the rest of the document
        while after < len(paragraphs) and paragraphs[after].style == wordml.STYLE_REDLINE:
            text.append(paragraphs[after])
            after += 1
        if status == "inserted":
            old, new = "", old if not arrow else new
        elif status == "deleted":
            new = ""
        elif not arrow:
            new = old
        out.append(Block(p.index, old, new, status, heading, _joined(text, True), _joined(text, False),
                         tuple(r for q in (paragraphs[k - 1], p, *text) for r in q.revisions)))
    return out


def _tree(provisions: tuple[Provision, ...]) -> list[_Node]:
    return [_Node(p, p.num, p.heading, p.text, _tree(p.children)) for p in provisions]


def _walk(nodes: list[_Node]) -> list[_Node]:
    out = []
    for n in nodes:
        out.append(n)
        out.extend(_walk(n.children))
    return out


def _relabel(nodes: list[_Node], parent: str = "") -> None:
    for n in nodes:
        if n.deleted or n.lines is not None:
            continue
        n.label = citation(parent, n.provision.tag, n.num, n.provision.eid)
        _relabel(n.children, n.label)


def _split(label: str) -> tuple[str, str]:
    """A new citation's parent and own number: ``art. 2(1)(d)`` → (``art. 2(1)``, ``d``); ``art. 3`` → ('', ``3``)."""
    found = re.fullmatch(r"(.+)\(([^()]+)\)", label)
    if found:
        return found.group(1), found.group(2)
    found = re.fullmatch(r"(?:art\.|article)\s*(\S+)", label, flags=re.IGNORECASE)
    return ("", found.group(1)) if found else ("", "")


def _order(token: str, kind: str | None) -> tuple[float, int]:
    position, suffix = list_position(token, kind or "alpha")
    return (float(position) if position is not None else float("inf"),
            SUFFIXES.index(suffix) + 1 if suffix in SUFFIXES else 0)


def _texts(node: _Node, text: str) -> None:
    """A provision's own text: a list's intro and wrap-up keep their number of lines."""
    wrap = node.provision.wrap_up.split("\n") if node.provision.wrap_up else []
    node.text = text
    if wrap:
        lines = text.split("\n")
        node.provision = replace(node.provision, wrap_up="\n".join(lines[len(lines) - len(wrap):]))


class _Labels:
    """The first provision (in reading order, not deleted) with each label, as a search of the tree finds it.

    Built once; an inserted provision whose label is already in use sends that label back to the search.
    """

    def __init__(self, roots: list[_Node]) -> None:
        self.roots = roots
        self.first: dict[str, _Node] = {}
        for n in _walk(roots):
            if not n.deleted:
                self.first.setdefault(n.label, n)
        self.inserted: set[str] = set()

    def find(self, label: str) -> _Node | None:
        """The first provision with this label, not deleted, as ``next(...)`` over ``_walk`` finds it."""
        if label in self.inserted:
            return next((n for n in _walk(self.roots) if n.label == label and not n.deleted), None)
        return self.first.get(label)

    def add(self, node: _Node) -> None:
        """An inserted provision, now in the tree."""
        if node.label in self.first:
            self.inserted.add(node.label)
        else:
            self.first[node.label] = node


def _insert(roots: list[_Node], block: Block, base: Document, path: str, labelled: _Labels) -> None:
    parent_label, token = _split(block.new_label)
    if not token:
        raise InputError(f"paragraph {block.paragraph}: cannot tell where {block.new_label} goes in {base.id}",
                         path=path)
    if parent_label:
        parent = labelled.find(parent_label)
        if parent is None:
            raise InputError(f"paragraph {block.paragraph}: {block.new_label} is inserted into {parent_label}, "
                             f"which is not in {base.id} as the redline numbers it", path=path)
        siblings = parent.children
    else:
        siblings = roots
    numbered = [s for s in siblings if not s.deleted and s.lines is None]
    like = numbered[0] if numbered else None
    kind = numbering([num_token(s.num) for s in numbered] or [token])
    after = -1  # after the last sibling numbered before it (in the new numbering), else first
    for k, s in enumerate(siblings):
        if not s.deleted and _order(num_token(s.num), kind) < _order(token, kind):
            after = k
    num = dressed(token, like.num) if like is not None else token
    tag = like.provision.tag if like is not None else "article"
    lines = block.accepted.split("\n")
    if tag in OWN_LINE:
        printed = [num, *lines]
    else:
        printed = [f"{num} {lines[0]}".strip(), *lines[1:]]
    stub = Provision(f"inserted_{block.paragraph}", tag, num, "", "", block.new_label)
    node = _Node(stub, num, "", "", lines=printed, label=block.new_label)
    siblings.insert(after + 1, node)
    labelled.add(node)


def _rows(nodes: list[_Node]) -> list[str]:
    out: list[str] = []
    for n in nodes:
        if n.deleted:
            continue
        if n.lines is not None:
            out.extend(n.lines)
            continue
        wrap = n.provision.wrap_up
        intro = n.text[: len(n.text) - len(wrap)].rstrip("\n") if wrap and n.text.endswith(wrap) else n.text
        own = replace(n.provision, num=n.num, heading=n.heading, text=intro, wrap_up="", children=())
        out.extend(row.line for row in provision_rows(own))
        out.extend(_rows(n.children))
        if wrap:
            out.extend(wrap.split("\n"))
    return out


def new_text(document: wordml.WordDocument, base: Document, *, accept_untracked: bool = False,
             ) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    """The new text a redline of ``base`` gives, as ``cahtool show --no-header`` prints it; the citations of the
    provisions it changes; and its untracked differences (an error unless ``accept_untracked``)."""
    roots = _tree(base.provisions)
    by_eid = {n.provision.eid: n for n in _walk(roots)}
    found = blocks(document)
    untracked: list[str] = []
    cited = Citations([base])  # every block names its provision: the base's citations indexed once
    for block in found:
        if block.status == "inserted":
            continue
        hit = cited.find(block.old_label)
        if hit is None or hit[1].label != block.old_label:
            raise InputError(f"paragraph {block.paragraph}: {block.old_label} is not in {base.id}: is this a "
                             f"redline of {base.id}?", path=document.path)
        node = by_eid[hit[1].eid]
        old_words = node.provision.heading if block.heading else node.provision.text
        if block.status != "deleted" and " ".join(block.rejected.split()) != " ".join(old_words.split()):
            untracked.append(f"paragraph {block.paragraph} ({block.old_label}): «{block.rejected}» where {base.id} "
                             f"reads «{old_words}»")
        if block.status == "deleted":
            node.deleted = True
            continue
        if block.heading:
            node.heading = block.accepted
        else:
            _texts(node, block.accepted)
        if block.new_label != block.old_label:
            token = _split(block.new_label)[1]
            if token:
                node.num = dressed(token, node.num)
    if untracked and not accept_untracked:
        raise InputError(f"the redline's old text is not {base.id}'s: {'; '.join(untracked[:3])}. Was it made "
                         f"against {base.id}, and edited with Track Changes on? (--accept-untracked takes it as it "
                         "is)", path=document.path)
    _relabel(roots)
    # Labels come from numbers, never from places: an insertion (labelled by the redline) relabels nothing.
    labelled = _Labels(roots)
    for block in found:
        if block.status == "inserted":
            _insert(roots, block, base, document.path, labelled)
    touched = tuple(dict.fromkeys(b.new_label or b.old_label for b in found if b.status != "unchanged"))
    text = "".join(" ".join(line.split()) + "\n" for line in _rows(roots) if line.strip())
    return text, touched, tuple(untracked)


def split_authors(authors: tuple[str, ...]) -> tuple[str, ...]:
    """The people a redline's revisions are by: cahtool writes several proponents as one name, ``A; B``."""
    return tuple(dict.fromkeys(name.strip() for a in authors for name in a.split(";") if name.strip()))
