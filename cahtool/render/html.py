"""The comparison (and a synopsis) as one self-contained HTML file, for e-mail and sharing: inline CSS, no script.

It shares the site's templates (``_macros.html``, ``static/redline.css``), so a redline looks the same
in a delegation's inbox and on the tracker. Nothing is fetched: no stylesheet link, no font, no image;
``<ins>``/``<del>`` also carry inline styles for mail clients that drop ``<style>``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from markupsafe import Markup

from cahtool.model import Comparison, NegotiationStatus, OpKind, RollingText
from cahtool.render.common import Options
from cahtool.render.jinja import INLINE_STYLE, anchor, asset_source, environment


def render(comparison: Comparison, options: Options, templates: str | Path | None = None) -> str:
    """Render the comparison as a standalone HTML document."""
    env = environment(templates)
    changes = comparison.visible(
        include_unchanged=options.include_unchanged, substantive_only=options.substantive_only
    )
    return env.get_template("email.html").render(
        c=comparison, changes=changes, options=options, anchor=anchor,
        css=Markup(asset_source(env, "static/redline.css")),  # our own stylesheet, not draft text
        styles={"delete": INLINE_STYLE[OpKind.DELETE], "insert": INLINE_STYLE[OpKind.INSERT]},
    )


def synopsis_file(s: Any, context: dict[str, Any], templates: str | Path | None = None) -> str:
    """A synopsis (``reports.Synopsis``) as a standalone HTML file, its stylesheets inlined like the redline's."""
    env = environment(templates)
    css = Markup(asset_source(env, "static/redline.css") + asset_source(env, "static/synopsis.css"))  # ours
    return env.get_template("synopsis-file.html").render(s=s, css=css, **context)


def rolling(rt: RollingText, templates: str | Path | None = None) -> str:
    """A rolling text as a standalone HTML document, in UN typography (brackets, options, footnotes, status)."""
    from cahtool.render.rolling import counts_line, notes_of

    env = environment(templates)
    return env.get_template("rolling-file.html").render(
        rt=rt,
        doc=rt.document,
        css=Markup(asset_source(env, "static/redline.css")),
        counts_line=counts_line,
        notes_of=notes_of,
        status_class=lambda s: "status-" + NegotiationStatus(s).value.replace(" ", "-"),
        event_class=lambda t: "ev-" + str(t.value).replace(" ", "-"),
    )
