"""The results of ``cahtool check``: as compiler-style lines, GitHub annotations, JSON, and a PR summary.

``text``: ``path:line:column: RULE-ID severity: message``, one finding a line (as gcc, ruff and flake8 print).
``github``: workflow commands (``::error file=…,line=…,title=…::message``) that GitHub shows on the
pull request's lines; their data and properties are escaped as the runner expects (%, CR, LF, and in
properties also : and ,). ``summary``: Markdown for ``$GITHUB_STEP_SUMMARY``, with the findings and,
for each checked document, its redline against its base and against the baseline.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from cahtool.check import RULES, Report, Review
from cahtool.model import Comparison, Finding
from cahtool.render import markdown as md
from cahtool.render.common import Options, dumps, stats_line

SCHEMA = "cahtool.check/1"


def location(f: Finding) -> str:
    """``path:line:column`` (``path:line``, or only the path, when the finding has no column or no line)."""
    if f.line and f.column:
        return f"{f.path}:{f.line}:{f.column}"
    return f"{f.path}:{f.line}" if f.line else f.path


def text(report: Report) -> str:
    """One line per finding: ``path:line: CAH404 error: message``."""
    return "".join(f"{location(f)}: {f.rule} {f.severity}: {f.message}\n" for f in report.findings)


def tally(report: Report, *, changed_since: str | None = None) -> str:
    """``3 documents checked: 2 errors, 1 warning.`` (or ``no problems found``)."""
    count = len(report.results)
    if not count and changed_since is not None:
        return f"No draft changed since {changed_since}: nothing to check."
    checked = f"{count} document{'s' if count != 1 else ''} checked"
    if not report.findings:
        return f"{checked}: no problems found."
    parts = []
    for number, word in ((report.errors, "error"), (report.warnings, "warning")):
        if number:
            parts.append(f"{number} {word}{'s' if number != 1 else ''}")
    return f"{checked}: {', '.join(parts)}."


# -- GitHub workflow commands ---------------------------------------------------------------------

def escape_data(value: str) -> str:
    """Escape a workflow command's message (the runner's escapeData: %, CR, LF)."""
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    """Escape a workflow command's property value (escapeProperty: also : and ,)."""
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def github(report: Report, *, changed_since: str | None = None) -> str:
    """One ``::error``/``::warning`` workflow command per finding, then the tally as a plain line."""
    out = []
    for f in report.findings:
        props = [f"file={escape_property(f.path)}"]
        if f.line:
            props.append(f"line={f.line}")
        if f.line and f.column:
            props.append(f"col={f.column}")
        props.append(f"title={escape_property(f.rule)}")
        command = "error" if f.severity == "error" else "warning"
        out.append(f"::{command} {','.join(props)}::{escape_data(f.message)}\n")
    out.append(tally(report, changed_since=changed_since) + "\n")
    return "".join(out)


# -- JSON -----------------------------------------------------------------------------------------

def finding_dict(f: Finding) -> dict[str, Any]:
    """A finding as plain data."""
    rule = RULES.get(f.rule)
    return {"rule": f.rule, "name": rule.name if rule else "", "severity": f.severity, "path": f.path,
            "line": f.line or None, "column": f.column or None, "eid": f.eid or None, "message": f.message}


def to_json(report: Report) -> str:
    """The report as versioned JSON (``cahtool.check/1``), sorted keys."""
    data = {
        "schema": SCHEMA,
        "documents": [r.path for r in report.results],
        "findings": [finding_dict(f) for f in report.findings],
        "summary": {"documents": len(report.results), "errors": report.errors, "warnings": report.warnings},
    }
    return dumps(data)


# -- the pull-request summary ---------------------------------------------------------------------

def _details(title: str, comparison: Comparison) -> list[str]:
    body = md.render(comparison, Options(), heading_level=4)
    return ["<details>", f"<summary>{md.escape(title)}: {md.escape(stats_line(comparison))}</summary>", "",
            body.rstrip("\n"), "", "</details>", ""]


#: GitHub shows at most 1 MiB of step summary; redlines beyond this budget are replaced by a command.
SUMMARY_BUDGET = 800_000


def summary(report: Report, reviews: Sequence[Review], *, heading: str = "cahtool check",
            budget: int = SUMMARY_BUDGET, changed_since: str | None = None) -> str:
    """Markdown for the pull request: the tally, the findings, then each document's redlines."""
    out = [f"## {md.escape(heading)}", "", f"**{md.escape(tally(report, changed_since=changed_since))}**", ""]
    if report.findings:
        out += ["| where | rule | | message |", "|---|---|---|---|"]
        for f in report.findings:
            rule = RULES.get(f.rule)
            name = f" {rule.name}" if rule else ""
            out.append(f"| {md.escape(location(f))} | {f.rule}{name} | {f.severity} | "
                       f"{md.escape(f.message).replace(chr(10), ' ')} |")
        out.append("")
    for review in reviews:
        doc = review.document
        out += [f"### {md.escape(doc.title)}", "",
                " · ".join(md.escape(x) for x in (doc.id, doc.kind, doc.date or "undated",
                                                   doc.verification or doc.provenance, doc.path) if x), ""]
        for note in review.notes:
            out += [f"> {md.escape(note)}", ""]
        for title, comparison in ((f"Against its base, {review.against_base.old.id}" if review.against_base
                                   else "", review.against_base),
                                  (f"Against {review.against_baseline.old.id}" if review.against_baseline
                                   else "", review.against_baseline)):
            if comparison is None:
                continue
            section = _details(title, comparison)
            if sum(len(line) + 1 for line in out + section) > budget:
                command = f"cahtool diff {comparison.old.id} {doc.path}"
                section = [f"{md.escape(title)}: {md.escape(stats_line(comparison))}. The redline is too long "
                           f"for this page: run {md.escape(command)}", ""]
            out += section
    return "\n".join(out).rstrip("\n") + "\n"
