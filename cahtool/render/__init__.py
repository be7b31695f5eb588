"""Renderers: functions of a ``Comparison``, registered by format name.

The registry names modules rather than importing them, so that ``cahtool --version`` and a terminal
diff never pay for Jinja2 or python-docx. Renderers never re-parse or re-diff.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from cahtool.model import Comparison


@dataclass(frozen=True, slots=True)
class Options:
    """What the reader asked to see."""

    substantive_only: bool = False
    include_unchanged: bool = False
    color: bool = False


#: Format name → "module:function"; ``cahtool diff --format`` takes its choices from these keys.
RENDERERS: dict[str, str] = {
    "text": "cahtool.render.text:render",
    "json": "cahtool.render.json:render",
    "markdown": "cahtool.render.markdown:render",
    "html": "cahtool.render.html:render",
    "docx": "cahtool.render.docx:render",
}

#: Formats whose output is bytes (written with -o, never echoed).
BINARY_FORMATS: frozenset[str] = frozenset({"docx"})


def renderer(fmt: str) -> Callable[..., Any]:
    """The render function of a format."""
    module, _, function = RENDERERS[fmt].partition(":")
    return getattr(importlib.import_module(module), function)  # type: ignore[no-any-return]


def render(comparison: Comparison, fmt: str, options: Options | None = None) -> str | bytes:
    """Render a comparison in one of the registered formats."""
    return renderer(fmt)(comparison, options or Options())  # type: ignore[no-any-return]
