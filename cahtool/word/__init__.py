"""Word: the formats delegations exchange. A redline with real tracked changes, a clean text to edit, and
an import that turns a Word file's tracked changes into an amendment proposal.

``ooxml`` reads .docx files (hardened: zip bounds, no DTD) and gives each paragraph with every change
accepted and rejected; ``docx`` writes a comparison (``redline``) or a document (``document``);
``tracked`` reads a file against its base and, through ``propose``, makes the proposal; ``synopsis`` writes texts
side by side as a Word table; ``rolling`` writes a rolling text with brackets, options and real footnotes, and
reads a bracketed Word text back as one.
"""

from cahtool.word.docx import document, revision_author, revision_date
from cahtool.word.docx import render as redline
from cahtool.word.ooxml import WordDocument, read_file
from cahtool.word.rolling import read_rolling_docx, read_rolling_file, rolling_document
from cahtool.word.synopsis import render as synopsis
from cahtool.word.tracked import TrackedEdit, ids_in_use, proposal, read_tracked, summary, unique_id
from cahtool.word.tracked import read_file as read_tracked_file

__all__ = ["TrackedEdit", "WordDocument", "document", "ids_in_use", "proposal", "read_file", "read_rolling_docx",
           "read_rolling_file", "read_tracked", "read_tracked_file", "redline", "revision_author", "revision_date",
           "rolling_document", "summary", "synopsis", "unique_id"]
