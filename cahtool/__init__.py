"""cahtool: compare, amend and publish the drafts of the Crimes Against Humanity convention.

The public API is importable from here; it loads lazily so that ``cahtool --version`` stays fast.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"
#: The anchor of the negotiation: every text is read against Rome Statute art. 7 unless told otherwise.
BASELINE = "rome-statute-art7"

_API = {
    "compare": "cahtool.diff",
    "compare_bytes": "cahtool.diff",
    "compare_files": "cahtool.diff",
    "load_file": "cahtool.akn",
    "load_bytes": "cahtool.akn",
    "Corpus": "cahtool.corpus",
    "Comparison": "cahtool.model",
    "Document": "cahtool.model",
    "Provision": "cahtool.model",
    "CahtoolError": "cahtool.errors",
    "apply_amendment_files": "cahtool.amend",
    "apply_amendment_bytes": "cahtool.amend",
    "apply_amendment_trees": "cahtool.amend",
    "compile_proposals": "cahtool.reports",
    "history": "cahtool.reports",
    "derive_proposal": "cahtool.propose",
}


def __getattr__(name: str) -> Any:
    module = _API.get(name)
    if module is None:
        raise AttributeError(f"module 'cahtool' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)


__all__ = ["BASELINE", "__version__", *_API]
