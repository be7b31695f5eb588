"""The site's addresses: where each page and data file of the site lives, relative to the site's root.

Every link of the site is made from these, relative to the page it is on (``jinja.relative``), so the site
works from ``file://``, a sub-path or any static host.
"""

from __future__ import annotations

from cahtool.reports import Compilation, Slot
from cahtool.text import file_slug

#: A document id or eId as a file name of the site.
slug = file_slug

#: The comparison views: (all changes or substantive only) × (inline or side by side).
VIEWS = (("inline", False), ("side", False), ("inline", True), ("side", True))


def comparison_page(old: str, new: str, view: str = "inline", substantive: bool = False) -> str:
    """The site path of one view of the comparison of two documents."""
    suffix = (".side" if view == "side" else "") + (".substantive" if substantive else "")
    return f"compare/{slug(old)}--{slug(new)}{suffix}.html"


def compiled_page(base: str) -> str:
    """The site path of the compiled proposals on a base."""
    return f"compiled/{slug(base)}.html"


def compiled_data(base: str) -> str:
    """The site path of a compilation as JSON (schema ``cahtool.compilation/2``)."""
    return f"data/compiled-{slug(base)}.json"


def slot_id(slot: Slot) -> str:
    """The fragment id of a place of a compilation: the base eId, or ``new-after-EID`` for a gap."""
    if slot.is_gap:
        return f"new-after-{slot.after}" if slot.after else "new-at-start"
    return slot.eid


def compiled_entry(c: Compilation, slot: Slot, proposal: str) -> str:
    """The site path of one proposal's entry at one place of a compilation (``compiled/B.html#EID--pN``)."""
    return f"{compiled_page(c.base.id)}#{slot_id(slot)}--p{c.number(proposal)}"


def synopsis_page(key: str) -> str:
    """The site path of a synopsis: of an article of the baseline (its eId), or of a proposal's lineage (its id)."""
    return f"synopsis/{slug(key)}.html"


# -- negotiation: rolling texts, their revisions, who stands where --------------------------------------------


def rolling_page(doc: str) -> str:
    """The site path of a rolling text, in UN typography."""
    return f"rolling/{slug(doc)}.html"


def revision_page(old: str, new: str) -> str:
    """The site path of what a revision of a rolling text changed."""
    return f"rolling/{slug(old)}--{slug(new)}.html"


def delegation_page(party: str) -> str:
    """The site path of one delegation's positions (by its identifier)."""
    return f"delegations/{slug(party)}.html"


#: The overview of the negotiation (rolling texts, counts per article) and the matrix of positions.
NEGOTIATION_PAGE = "negotiation.html"
POSITIONS_PAGE = "positions.html"
