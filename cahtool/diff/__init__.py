"""Diff: the comparison pipeline. Align two documents' provisions, diff each pair word by word, classify.

``compare(old, new)`` runs it: ``align`` pairs provisions across renumbering, moves, insertions and
deletions; ``word_diff`` (diff-match-patch on word tokens) gives each pair's ops; ``classify_text`` and
``classify_heading`` say whether a change is substantive or editorial under the one table of rules.
"""

from cahtool.diff.alignment import align
from cahtool.diff.classify import classify_heading, classify_text, status_of
from cahtool.diff.comparison import compare, compare_bytes, compare_files, outline, pair_changes
from cahtool.diff.words import word_diff

__all__ = ["align", "classify_heading", "classify_text", "compare", "compare_bytes", "compare_files", "outline",
           "pair_changes", "status_of", "word_diff"]
