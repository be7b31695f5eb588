"""Render: a comparison, a document, a compilation, a history or check's findings, as text for people.

Renderers are functions of plain data (never re-parsing, never re-diffing). A comparison renders in the
formats of ``RENDERERS`` (terminal text, JSON, Markdown, one self-contained HTML file); ``jinja`` is the one
Jinja2 environment, shared by the HTML file and the site; ``document``, ``compilation``, ``history`` and
``findings`` render what their commands print, ``synopsis`` texts side by side, and ``rolling`` rolling texts (UN
typography), what a revision changed and who stands where. The registry names modules rather than importing
them, so ``cahtool --version`` and a terminal diff never pay for Jinja2.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # imported on first use (``__getattr__``): the CLI reads RENDERERS at start-up, and no more
    from cahtool.model import Comparison
    from cahtool.render.common import Options, dumps

#: Format name → "module:function" of the renderers of a comparison in this folder.
RENDERERS: dict[str, str] = {
    "text": "cahtool.render.text:render",
    "json": "cahtool.render.json:render",
    "markdown": "cahtool.render.markdown:render",
    "html": "cahtool.render.html:render",
}


def renderer(target: str) -> Callable[..., Any]:
    """The function a ``module:function`` name points at, imported on first use."""
    module, _, function = target.partition(":")
    return getattr(importlib.import_module(module), function)  # type: ignore[no-any-return]


def render(comparison: Comparison, fmt: str, options: Options | None = None) -> str | bytes:
    """Render a comparison in one of the formats of ``RENDERERS``."""
    from cahtool.render.common import Options

    return renderer(RENDERERS[fmt])(comparison, options or Options())  # type: ignore[no-any-return]


def __getattr__(name: str) -> Any:
    """``Options`` and ``dumps`` (from ``common``), loaded when first asked for."""
    if name in ("Options", "dumps"):
        return getattr(importlib.import_module("cahtool.render.common"), name)
    raise AttributeError(f"module 'cahtool.render' has no attribute {name!r}")


__all__ = ["RENDERERS", "Options", "common", "compilation", "document", "dumps", "findings", "history", "html",
           "jinja", "json", "markdown", "render", "renderer", "rolling", "synopsis", "text"]
