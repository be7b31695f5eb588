"""The negotiation's pages: each rolling text in UN typography, what each revision changed, the counts of
brackets and options per article over the revisions, who stands where (a matrix of delegations × proposals),
and one page per delegation. Written only for a corpus that has rolling texts.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from cahtool.model import NegotiationStatus, Party, RollingText, Stance
from cahtool.render import dumps
from cahtool.render import rolling as render_rolling
from cahtool.reports import MEANINGS, STANCES, ChangeType, RevisionDiff, tallies
from cahtool.site.plan import Site
from cahtool.site.urls import NEGOTIATION_PAGE, POSITIONS_PAGE, delegation_page, revision_page, rolling_page, slug

#: What the pages call each stance (a column of a delegation's page, a word in the matrix).
STANCE_TITLES = {Stance.PROPONENT: "Proposed", Stance.SUPPORTER: "Supported", Stance.OPPOSED: "Opposed",
                 Stance.OPEN: "Open to"}


def status_class(status: NegotiationStatus) -> str:
    """A badge class for a status: ``status-agreed-ad-referendum``."""
    return "status-" + status.value.replace(" ", "-")


def event_class(kind: ChangeType) -> str:
    """A badge class for a change type: ``ev-brackets-removed``."""
    return "ev-" + kind.value.replace(" ", "-")


def rolling_data(doc: str) -> str:
    """The site path of a rolling text as JSON (``cahtool.rolling/1``)."""
    return f"data/rolling-{slug(doc)}.json"


def revision_data(old: str, new: str) -> str:
    """The site path of what a revision changed, as JSON (``cahtool.revision/1``)."""
    return f"data/revision-{slug(old)}--{slug(new)}.json"


@dataclass(frozen=True, slots=True)
class Links:
    """Where a rolling text stands in its chain: the text it revises and the revisions of it."""

    revises: RollingText | None
    revised_by: tuple[RollingText, ...]


def links(site: Site, rt: RollingText) -> Links:
    """The neighbours of a rolling text among the site's rolling texts."""
    by_id = {t.document.id: t for t in site.rolling}
    return Links(by_id.get(rt.revises), tuple(t for t in site.rolling if t.revises == rt.document.id))


def revision_of(site: Site, new: str) -> RevisionDiff | None:
    """What the revision ``new`` changed, if the site has the text it revises."""
    return next((d for d in site.revisions if d.new.document.id == new), None)


def pages(page: Callable[..., None], write: Callable[[str, str, str], object], site: Site) -> None:
    """Write every page and data file of the negotiation (nothing when the corpus has no rolling text)."""
    if not site.rolling or site.positions is None:
        return
    helpers: dict[str, Any] = {
        "rolling_page": rolling_page, "revision_page": revision_page, "delegation_page": delegation_page,
        "status_class": status_class, "event_class": event_class, "notes_of": render_rolling.notes_of,
        "counts_line": render_rolling.counts_line, "stances": STANCES, "stance_titles": STANCE_TITLES,
        "meanings": MEANINGS, "change_types": list(ChangeType),
    }
    for rt in site.rolling:
        doc = rt.document
        page(rolling_page(doc.id), "rolling.html", doc.title, rt=rt, doc=doc, near=links(site, rt),
             revision=revision_of(site, doc.id), data=rolling_data(doc.id), **helpers)
        write(rolling_data(doc.id), dumps(render_rolling.to_dict(rt)), f"rolling text data of {doc.id}")
    for diff in site.revisions:
        old, new = diff.old.document, diff.new.document
        page(revision_page(old.id, new.id), "revision.html", f"{new.id}: what changed from {old.id}", diff=diff,
             places=render_rolling.places(diff), entry=site.entry(old.id, new.id),
             data=revision_data(old.id, new.id), **helpers)
        write(revision_data(old.id, new.id), dumps(render_rolling.revision_dict(diff)),
              f"revision data of {old.id} → {new.id}")
    page(NEGOTIATION_PAGE, "negotiation.html", "The negotiation: rolling texts and their revisions",
         rows=tallies(site.rolling), **helpers)
    positions = site.positions
    numbers = {d.id: n for n, d in enumerate(positions.proposals, 1)}
    page(POSITIONS_PAGE, "positions.html", "Who stands where", p=positions, numbers=numbers, **helpers)
    write("data/positions.json", dumps(render_rolling.positions_dict(positions)), "positions data")
    for party in positions.parties:
        page(delegation_page(party.eid), "delegation.html", f"{party.name}: positions", party=party,
             p=positions, stands=_grouped(positions.of(party)), numbers=numbers,
             titles={d.id: d.title for d in positions.proposals}, **helpers)


def _grouped(stands: tuple[Any, ...]) -> list[tuple[Stance, list[Any]]]:
    """A delegation's positions by stance (proposed, supported, opposed, open to), the empty ones left out."""
    return [(stance, [s for s in stands if s.stance is stance]) for stance in STANCES
            if any(s.stance is stance for s in stands)]


def party_of(site: Site, eid: str) -> Party | None:
    """A delegation of the site by its identifier."""
    return next((p for p in site.positions.parties if p.eid == eid), None) if site.positions else None
