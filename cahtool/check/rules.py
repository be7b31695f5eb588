"""The rules of ``cahtool check``: stable ids, short names, severities, and what each asks.

Rule ids are ``CAH`` and three digits, grouped by what they look at (after ruff and LegalDocML.de's
Schematron ids): 1xx reading the file, 2xx Akoma Ntoso and its schema, 3xx metadata, 4xx structure
(eIds and numbering), 5xx text hygiene, 6xx the corpus as a whole, 7xx amendment proposals. An id is
never reused for another meaning. Each rule also has a short name (``not-well-formed``) for humans.
"""

from __future__ import annotations

from dataclasses import dataclass

from cahtool.model import Finding
from cahtool.text import LONG_WORD

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Rule:
    """A rule of ``cahtool check``: stable id, short name, severity, and what it asks for."""

    id: str
    name: str
    severity: str
    summary: str


RULES: dict[str, Rule] = {rule.id: rule for rule in (
    Rule("CAH100", "unreadable", ERROR, "the file can be read: it exists, is a regular file, at most 8 MB"),
    Rule("CAH101", "not-well-formed", ERROR, "the file is well-formed XML (not empty, not truncated)"),
    Rule("CAH102", "encoding", ERROR, "the file is UTF-8 (or UTF-16 with a byte-order mark) and decodes cleanly"),
    Rule("CAH103", "dtd-entity", ERROR, "no DOCTYPE, no entity, no XInclude: nothing that pulls in other files"),
    Rule("CAH104", "external-reference", ERROR,
         "no reference to an outside resource (`xsi:schemaLocation`, `xml:base`, `xml-stylesheet`)"),
    Rule("CAH201", "namespace", ERROR, "the root is `<akomaNtoso>` in the Akoma Ntoso 3.0 namespace"),
    Rule("CAH202", "schema", ERROR, "the document is valid against the official Akoma Ntoso 3.0 schema (strict)"),
    Rule("CAH301", "short-id", ERROR,
         'a short id, `<FRBRalias name="cahtool" value="..."/>`, of lower-case letters, digits and hyphens'),
    Rule("CAH302", "duplicate-id", ERROR, "the short id is used by no other document of the corpus"),
    Rule("CAH303", "title", ERROR, "a title (`<cah:title>` or `<FRBRname>`)"),
    Rule("CAH304", "date", ERROR, "a date, as YYYY-MM-DD (or YYYY-MM, or YYYY)"),
    Rule("CAH305", "author", ERROR,
         "an author (`<FRBRauthor>`), or for a proposal its proponents, each defined in `<references>`"),
    Rule("CAH306", "source", ERROR, "a source: `<cah:source>` with the document symbol or where the text comes from"),
    Rule("CAH307", "verification", ERROR,
         "a verification status (`<cah:verification>`), or for a proposal a provenance label"),
    Rule("CAH308", "provenance", ERROR,
         "a proposal's provenance label is verbatim, substance verified or illustrative wording; an illustrative "
         "one says so in its title"),
    Rule("CAH401", "eid-duplicate", ERROR, "every eId is used once"),
    Rule("CAH402", "eid-missing", ERROR, "every article, paragraph, point... has an eId"),
    Rule("CAH403", "eid-convention", ERROR,
         "eIds follow the Akoma Ntoso naming convention, their nesting and their number (`art_7__para_1__point_h`)"),
    Rule("CAH404", "num-sequence", ERROR, "numbers run in sequence within each list: (a), (b), (c)..."),
    Rule("CAH405", "num-style", WARNING, "numbers of one list are written alike: all (a) or all a), all 1. or all 1"),
    Rule("CAH501", "invisible-character", ERROR, "no invisible characters (zero-width spaces, soft hyphens...)"),
    Rule("CAH502", "bidi-control", ERROR,
         "no bidirectional embeddings, overrides or isolates (U+202A-202E, 2066-2069)"),
    Rule("CAH503", "bidi-mark", WARNING, "no stray direction marks (U+200E, U+200F, U+061C)"),
    Rule("CAH504", "normalisation", WARNING, "text in Unicode NFC, without PDF ligatures (ﬁ, ﬂ)"),
    Rule("CAH505", "control-character", ERROR,
         "no control, replacement (U+FFFD), private-use or noncharacters: signs of a broken copy"),
    Rule("CAH506", "mojibake", WARNING, "no text garbled by a wrong encoding (â€™ for ’)"),
    Rule("CAH507", "long-word", ERROR, f"no run of more than {LONG_WORD} characters without a space"),
    Rule("CAH601", "duplicate-content", ERROR, "the text is not the same as another document's (re-upload)"),
    Rule("CAH701", "proposal-base", ERROR, "a proposal names its base (`<cah:base ref=\"...\"/>`), and the base is "
         "in the corpus"),
    Rule("CAH702", "proposal-target", ERROR,
         "every instruction's destination (eId) and old words are found in the base, the words exactly once"),
    Rule("CAH703", "proposal-applies", ERROR,
         "the proposal applies cleanly, and the consolidated text is valid and numbered in sequence"),
    Rule("CAH704", "proposal-words", ERROR,
         "the instructions in words (amendment body) and the machine instructions (`textualMod`) agree"),
)}
_BY_NAME = {rule.name: rule for rule in RULES.values()}

#: At most this many findings of one rule per file; the rest are counted in one more finding.
MAX_PER_RULE = 20


def finding(rule: str, path: str, at: int | tuple[int, int] | None, message: str, eid: str = "") -> Finding:
    """A finding of a rule, by id or name, with the rule's severity, at a line or a (line, column)."""
    spec = RULES.get(rule) or _BY_NAME[rule]
    line, column = at if isinstance(at, tuple) else (at or 0, 0)
    return Finding(spec.id, spec.severity, path, line, " ".join(message.split()), eid, column)  # one line


def known_rule(name: str) -> bool:
    """True when ``name`` is a rule id or rule name."""
    return name in RULES or name in _BY_NAME


