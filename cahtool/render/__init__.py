"""Render: a comparison, a document, a compilation, a history or check's findings, as text for people.

Renderers are functions of plain data (never re-parsing, never re-diffing). A comparison renders in the
formats of ``RENDERERS`` (terminal text, JSON, Markdown, one self-contained HTML file); ``jinja`` is the one
Jinja2 environment, shared by the HTML file and the site; ``document``, ``compilation``, ``history`` and
``findings`` render what their commands print; ``rolling`` renders rolling texts (UN typography), what a revision
changed and who stands where. The registry names modules rather than importing them, so
``cahtool --version`` and a terminal diff never pay for Jinja2.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

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
    return renderer(RENDERERS[fmt])(comparison, options or Options())  # type: ignore[no-any-return]


__all__ = ["RENDERERS", "Options", "common", "compilation", "document", "dumps", "findings", "history", "html",
           "jinja", "json", "markdown", "render", "renderer", "rolling", "text"]
