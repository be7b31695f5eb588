"""cahtool: compare, amend and publish the drafts of the Crimes Against Humanity convention.

The public API is importable from here; it loads lazily so that ``cahtool --version`` stays fast.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"

_API = {
    "compare": "cahtool.compare",
    "compare_bytes": "cahtool.compare",
    "compare_files": "cahtool.compare",
    "load_file": "cahtool.load",
    "load_bytes": "cahtool.load",
    "Corpus": "cahtool.corpus",
    "Comparison": "cahtool.model",
    "Document": "cahtool.model",
    "Provision": "cahtool.model",
    "CahtoolError": "cahtool.errors",
    "apply_amendment_files": "cahtool.amend",
    "apply_amendment_bytes": "cahtool.amend",
    "apply_amendment_trees": "cahtool.amend",
    "compile_proposals": "cahtool.compilation",
    "history": "cahtool.history",
    "derive_proposal": "cahtool.propose",
}


def __getattr__(name: str) -> Any:
    module = _API.get(name)
    if module is None:
        raise AttributeError(f"module 'cahtool' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)


__all__ = ["__version__", *_API]
