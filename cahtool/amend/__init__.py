"""Amend: read a proposal's instructions and apply them to its base, giving the consolidated text.

``read_source``/``read_amendment*`` read an ``<amendment>``'s machine instructions (``textualMod``) and
the words they implement; ``apply_amendment_*`` plan every instruction against the base, refuse
conflicts, apply them to a copy and name what they insert or renumber (proposals that collide only on
numbers apply in the order given, the list numbered on, each move reported as ``Moved``);
``find_conflicts*`` report which proposals cannot apply together (``find_conflict_blocks*``: as ``Blocks``, a
class of alike proposals at a time). ``repeal_span`` and ``spaced`` say what words do to the text around them.
"""

from cahtool.amend.apply import (
    Applied,
    apply_amendment_bytes,
    apply_amendment_files,
    apply_amendment_trees,
    apply_amendments,
    consolidated_tree,
    find_conflict_blocks,
    find_conflict_blocks_bytes,
    find_conflicts,
    find_conflicts_bytes,
)
from cahtool.amend.conflicts import Blocks
from cahtool.amend.consolidated import consolidated_id
from cahtool.amend.instructions import (
    TYPES,
    Amendment,
    Conflict,
    Source,
    read_amendment,
    read_amendment_bytes,
    read_amendment_file,
    read_source,
    structure_lines,
)
from cahtool.amend.sequence import Moved
from cahtool.amend.spacing import repeal_span, spaced

__all__ = [
    "TYPES", "Amendment", "Applied", "Blocks", "Conflict", "Moved", "Source", "apply_amendment_bytes",
    "apply_amendment_files", "apply_amendment_trees", "apply_amendments", "consolidated_id", "consolidated_tree",
    "find_conflict_blocks", "find_conflict_blocks_bytes", "find_conflicts", "find_conflicts_bytes", "read_amendment",
    "read_amendment_bytes", "read_amendment_file", "read_source", "repeal_span", "spaced", "structure_lines",
]
