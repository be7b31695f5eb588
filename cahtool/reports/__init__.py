"""Reports across documents: the compiled text of every proposal on a base, and a provision's history.

Rolling texts: ``rolling_text`` lays the proposals on a base out as a negotiating text (brackets, options,
footnotes naming delegations); ``revision_diff`` names what a revision changed in the negotiation's words;
``positions`` says who stands where, from the proposals and the rolling texts.

``compile_proposals`` lays each proposal out at the provisions of its base that it touches, attributed,
with conflicts flagged (the document a conference negotiates on). ``history`` follows one provision (or
every provision that uses a term) through the instruments and drafts in date order, and into the
proposals on them; ``Alignments`` lets many histories share their alignments. ``compare_layers`` attributes
each edit of a comparison to the text of the chain between the two documents that made it (``lineage``).
``synopsis`` lays texts side by side, one column each, one row per provision, each cell redlined against the
column before.
"""

import importlib
from typing import TYPE_CHECKING, Any

from cahtool.reports.layers import chain_between, compare_layers, lineage, mainline

if TYPE_CHECKING:
    from cahtool.reports.compilation import SCHEMA as COMPILATION_SCHEMA
    from cahtool.reports.compilation import Compilation, ConflictGroup, Entry, Slot, compile_proposals
    from cahtool.reports.positions import SCHEMA as POSITIONS_SCHEMA
    from cahtool.reports.positions import STANCES, Positions, Stand, positions
    from cahtool.reports.revisions import (
        MEANINGS,
        ChangeType,
        Event,
        RevisionDiff,
        Tally,
        chain,
        is_rolling_text,
        revised,
        revision_diff,
        rolling_of,
        rolling_texts,
        tallies,
        tally,
    )
    from cahtool.reports.revisions import SCHEMA as REVISION_SCHEMA
    from cahtool.reports.rolling import Compiled, numbered, rolling_text
    from cahtool.reports.synopsis import MAX_COLUMNS, MIN_COLUMNS, Cell, Row, Synopsis, synopses, synopsis
    from cahtool.reports.synopsis import SCHEMA as SYNOPSIS_SCHEMA
    from cahtool.reports.threads import SCHEMA as HISTORY_SCHEMA
    from cahtool.reports.threads import Alignments, History, Step, Thread, follow, histories, history

#: The modules loaded on first use, and the names each gives (public name: its name there). ``cahtool diff``
#: needs the layers, not the histories (whose alignments a site shares with the layers, which a diff does without),
#: the compilation and the amendment engine it loads, nor the rolling texts, positions or synopses: every command
#: would pay for their start-up.
_LAZY: dict[str, dict[str, str]] = {
    "compilation": {"COMPILATION_SCHEMA": "SCHEMA", "Compilation": "Compilation", "ConflictGroup": "ConflictGroup",
                    "Entry": "Entry", "Slot": "Slot", "compile_proposals": "compile_proposals"},
    "positions": {"POSITIONS_SCHEMA": "SCHEMA", "STANCES": "STANCES", "Positions": "Positions", "Stand": "Stand",
                  "positions": "positions"},
    "revisions": {name: name for name in ("MEANINGS", "ChangeType", "Event", "RevisionDiff", "Tally", "chain",
                                          "is_rolling_text", "revised", "revision_diff", "rolling_of",
                                          "rolling_texts", "tallies", "tally")} | {"REVISION_SCHEMA": "SCHEMA"},
    "rolling": {"Compiled": "Compiled", "numbered": "numbered", "rolling_text": "rolling_text"},
    "threads": {"HISTORY_SCHEMA": "SCHEMA", "Alignments": "Alignments", "History": "History", "Step": "Step",
                "Thread": "Thread", "follow": "follow", "histories": "histories", "history": "history"},
    "synopsis": {"MAX_COLUMNS": "MAX_COLUMNS", "MIN_COLUMNS": "MIN_COLUMNS", "Cell": "Cell", "Row": "Row",
                 "Synopsis": "Synopsis", "synopses": "synopses", "synopsis": "synopsis", "SYNOPSIS_SCHEMA": "SCHEMA"},
}


def __getattr__(name: str) -> Any:
    for module, names in _LAZY.items():
        if name in names:
            loaded = importlib.import_module(f"{__name__}.{module}")
            # Every name of the module at once, over the module itself where they share a name (``positions``,
            # ``synopsis``), as ``from cahtool.reports.positions import positions`` here did. So no module of
            # this folder imports ``positions`` or ``synopsis`` (tests/test_imports.py holds it to that).
            globals().update({public: getattr(loaded, own) for public, own in names.items()})
            return globals()[name]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["Alignments", "COMPILATION_SCHEMA", "Cell", "ChangeType", "Compilation", "Compiled", "ConflictGroup",
           "Entry", "Event",
           "HISTORY_SCHEMA", "History", "MAX_COLUMNS", "MEANINGS", "MIN_COLUMNS", "POSITIONS_SCHEMA", "Positions",
           "REVISION_SCHEMA", "RevisionDiff", "Row", "STANCES", "SYNOPSIS_SCHEMA", "Slot", "Stand", "Step",
           "Synopsis", "Tally", "Thread", "chain", "chain_between", "compare_layers", "compile_proposals", "follow",
           "histories", "history", "is_rolling_text", "lineage", "mainline", "numbered", "positions", "revised",
           "revision_diff", "rolling_of", "rolling_text", "rolling_texts", "synopses", "synopsis", "tallies", "tally"]
