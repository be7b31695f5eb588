"""Who changed what: the chain of texts a document descends from, and a comparison attributed along it.

A document's *lineage* is the texts it was made from, oldest first: a proposal's base (``cah:base``, then
that base's base if it is a proposal too), then the main line the site uses, the documents that are not
proposals in date order (IMT Charter 1945 → ICTY Statute 1993 → Rome Statute 1998 → ILC 2017 → ILC 2019).
``compare_layers(corpus, old, new)`` compares two documents and, when OLD is on NEW's lineage with texts in
between (or ``via`` names them), attributes every edit to the text that made it (``diff.attribute``).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from cahtool.corpus import Corpus
from cahtool.diff import align, attribute, compare
from cahtool.errors import AmendmentError, CahtoolError
from cahtool.model import Comparison, Document, Pair, Provision

if TYPE_CHECKING:
    from cahtool.reports.threads import Alignments


def mainline(corpus: Corpus) -> list[Document]:
    """The documents that are not proposals, in date order (then id): the line drafts follow one another on."""
    return corpus.drafts()


def lineage(corpus: Corpus, doc: Document) -> tuple[Document, ...]:
    """The texts ``doc`` descends from, oldest first, ending with ``doc``: its bases, then the main line."""
    line = [doc]
    while line[-1].is_proposal:
        base = corpus.get(line[-1].base)
        if any(d.id == base.id for d in line):
            raise AmendmentError(f"proposal {doc.id} is, through its bases, based on itself", path=doc.path)
        line.append(base)
    # A draft read from outside the corpus directory has no place in its main line (and the directory is not read).
    if Path(corpus.root).resolve() in Path(line[-1].path).resolve().parents:
        main = mainline(corpus)
        ids = [d.id for d in main]
        if line[-1].id in ids:
            line.extend(reversed(main[:ids.index(line[-1].id)]))
    return tuple(reversed(line))


def chain_between(corpus: Corpus, old: Document, new: Document,
                  via: Sequence[str] = ()) -> tuple[tuple[Document, ...], str]:
    """The texts from ``old`` to ``new`` to attribute changes to, and a note when there is no such chain.

    With ``via``, the chain is exactly ``old``, the documents named, ``new``; without, the part of ``new``'s
    lineage from ``old`` on. A chain of two documents (OLD is NEW's base or predecessor) needs no layers.
    """
    if via:
        chain = (old, *(corpus.get(ref) for ref in via), new)
        ids = [d.id for d in chain]
        twice = sorted({i for i in ids if ids.count(i) > 1})
        if twice:
            raise CahtoolError(f"--via: a text can stand only once in the chain {' → '.join(ids)} "
                               f"({', '.join(twice)} twice)")
        return chain, ""
    line = lineage(corpus, new)
    ids = [d.id for d in line]
    if old.id in ids:
        return line[ids.index(old.id):], ""
    if len(line) < 2:
        return (old, new), ""
    return (old, new), (f"not attributed by layer: {old.id} is not one of the texts {new.id} descends from "
                        f"({' → '.join(ids)}); name the texts in between with --via DOC")


def compare_layers(corpus: Corpus, old: Document, new: Document, *, via: Sequence[str] = (),
                   provision: str | None = None, layers: bool = True,
                   aligned: Alignments | None = None) -> Comparison:
    """``compare(old, new)``, each edit attributed to the text of the chain from ``old`` to ``new`` that made it.

    A flat comparison (no layers) when the chain has no text in between; with a note when ``old`` is not on
    ``new``'s lineage, or when ``layers`` is False and there are texts in between (so no reader, and no Word
    file, credits every edit to ``new``). ``aligned`` shares alignments between comparisons (the site makes many).
    """
    if aligned is None:
        comparison = compare(old, new, provision=provision)
    elif provision is None:
        comparison = aligned.comparison(old, new)  # the compilation of a base compares it with each proposal too
    else:
        comparison = compare(old, new, provision=provision, aligner=aligned)
    chain, note = chain_between(corpus, old, new, via)
    if not layers and len(chain) > 2:
        note = (f"a flat redline (--no-layers): the edits of {', '.join(d.id for d in chain[1:])} are shown "
                f"together, not told apart")
    if note:
        return Comparison(comparison.old, comparison.new, comparison.changes, notes=(note,))
    if len(chain) < 3:
        return comparison
    return attribute(comparison, chain, aligner=aligned or _align)


def _align(old: Sequence[Provision], new: Sequence[Provision]) -> tuple[Pair, ...]:
    return align(old, new)
