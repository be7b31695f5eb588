"""Diff: the comparison pipeline. Align two documents' provisions, diff each pair word by word, classify.

``compare(old, new)`` runs it: ``align`` pairs provisions across renumbering, moves, insertions and
deletions; ``word_diff`` (diff-match-patch on word tokens) gives each pair's ops; ``classify_text`` and
``classify_heading`` say whether a change is substantive or editorial under the one table of rules.
``attribute`` composes the word diffs through a chain of texts so each edit names the text that made it
(``compose`` on the texts of one provision).
"""

from cahtool.diff.alignment import align
from cahtool.diff.classify import classify_heading, classify_text, status_of
from cahtool.diff.comparison import compare, compare_bytes, compare_files, outline, pair_changes
from cahtool.diff.layers import attribute, compose
from cahtool.diff.lexicon import Lexicon, sharing
from cahtool.diff.words import GLUE, GLUE_MAX, merge_phrases, word_diff

__all__ = ["GLUE", "GLUE_MAX", "Lexicon", "align", "attribute", "classify_heading", "classify_text", "compare",
           "compare_bytes", "compare_files", "compose", "merge_phrases", "outline", "pair_changes", "sharing",
           "status_of", "word_diff"]
