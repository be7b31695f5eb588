"""Reports across documents: the compiled text of every proposal on a base, and a provision's history.

``compile_proposals`` lays each proposal out at the provisions of its base that it touches, attributed,
with conflicts flagged (the document a conference negotiates on). ``history`` follows one provision (or
every provision that uses a term) through the instruments and drafts in date order, and into the
proposals on them; ``Alignments`` lets many histories share their alignments.
"""

from cahtool.reports.compilation import SCHEMA as COMPILATION_SCHEMA
from cahtool.reports.compilation import Compilation, Entry, Slot, compile_proposals
from cahtool.reports.rolling import Compiled, numbered, rolling_text
from cahtool.reports.threads import SCHEMA as HISTORY_SCHEMA
from cahtool.reports.threads import Alignments, History, Step, Thread, follow, history

__all__ = ["COMPILATION_SCHEMA", "HISTORY_SCHEMA", "Alignments", "Compilation", "Compiled", "Entry", "History", "Slot",
           "Step", "Thread", "compile_proposals", "follow", "history", "numbered", "rolling_text"]
