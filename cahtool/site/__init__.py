"""Site: the static negotiation tracker. Every document, comparison, compiled text, provision history and synopsis.

``plan`` decides what the site shows (and makes every comparison once); ``urls`` says where each page
lives; ``views`` shapes what the templates present; ``write.build`` renders and writes it all, with a
Pagefind search index (``search``). Relative links only: the site works from ``file://`` or any host.
``cache`` keeps what a build compared beside the site, for the next build of the same texts.
"""

from cahtool.site.plan import Cell, Entry, Site, SynopsisPage, plan
from cahtool.site.urls import compiled_page, slug
from cahtool.site.views import MATCHES, StepView, step_view
from cahtool.site.write import MARKER, Report, Writer, build

__all__ = ["MARKER", "MATCHES", "Cell", "Entry", "Report", "Site", "StepView", "Writer", "build", "compiled_page",
           "SynopsisPage", "plan", "slug", "step_view"]
