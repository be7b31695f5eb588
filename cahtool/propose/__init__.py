"""Propose: an edited copy of a base text (or a Word file's tracked changes) made an amendment proposal.

``read_edited`` and ``edited.parse`` read the edit in the layout ``cahtool show`` prints; ``derive``
finds the instructions (word edits quoting just enough words, new and deleted provisions, renumbering);
``writing`` writes them as Akoma Ntoso (the sentence in words and the machine instruction, one text);
``verify`` applies the proposal to its base and reads the edit back before anything is written.
"""

from cahtool.propose.derive import derive, derive_proposal, verify
from cahtool.propose.edited import body, read_edited
from cahtool.propose.writing import ProposalDraft, amendment_tree, amendment_xml, party

__all__ = ["ProposalDraft", "amendment_tree", "amendment_xml", "body", "derive", "derive_proposal", "party",
           "read_edited", "verify"]
