"""Reports across documents: the compiled text of every proposal on a base, and a provision's history.

``compile_proposals`` lays each proposal out at the provisions of its base that it touches, attributed,
with conflicts flagged (the document a conference negotiates on). ``history`` follows one provision (or
every provision that uses a term) through the instruments and drafts in date order, and into the
proposals on them; ``Alignments`` lets many histories share their alignments. ``compare_layers`` attributes
each edit of a comparison to the text of the chain between the two documents that made it (``lineage``).
``synopsis`` lays texts side by side, one column each, one row per provision, each cell redlined against the
column before.
"""

from cahtool.reports.compilation import SCHEMA as COMPILATION_SCHEMA
from cahtool.reports.compilation import Compilation, Entry, Slot, compile_proposals
from cahtool.reports.layers import chain_between, compare_layers, lineage, mainline
from cahtool.reports.synopsis import MAX_COLUMNS, MIN_COLUMNS, Cell, Row, Synopsis, synopsis
from cahtool.reports.synopsis import SCHEMA as SYNOPSIS_SCHEMA
from cahtool.reports.threads import SCHEMA as HISTORY_SCHEMA
from cahtool.reports.threads import Alignments, History, Step, Thread, follow, history

__all__ = ["COMPILATION_SCHEMA", "HISTORY_SCHEMA", "MAX_COLUMNS", "MIN_COLUMNS", "SYNOPSIS_SCHEMA", "Alignments",
           "Cell", "Compilation", "Entry", "History", "Row", "Slot", "Step", "Synopsis", "Thread", "chain_between",
           "compare_layers", "compile_proposals", "follow", "history", "lineage", "mainline", "synopsis"]
