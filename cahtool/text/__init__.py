"""Text: tokens, the editorial rules (one table), text hygiene, short ids and slugs, text made safe for a
terminal, the typography of a negotiating text (brackets, options, footnotes naming delegations). No XML, no I/O."""

from typing import TYPE_CHECKING, Any

from cahtool.text.ids import MAX_ID, SHORT_ID_RULE, file_slug, is_short_id, short_id, slug
from cahtool.text.rules import (
    ALL_RULES,
    FORMATTING,
    HEADING,
    RULES,
    Rule,
    comparable,
    normalise,
    rules_needed,
)
from cahtool.text.terminal import excerpt, json_safe, printable, xml_safe
from cahtool.text.tokens import tokenize, words
from cahtool.text.typography import (
    OPTION_LINE,
    PROPOSED_BY,
    STANCE_HEADS,
    STATUS_LINE,
    bracketed,
    footnote,
    option_label,
    read_footnote,
    status_line,
)

__all__ = [
    "ALL_RULES", "FORMATTING", "HEADING", "LONG_WORD", "MAX_ID", "MAX_NAME", "OPTION_LINE", "PROPOSED_BY", "RULES",
    "SHORT_ID_RULE", "STANCE_HEADS", "STATUS_LINE", "Blemish", "Rule", "blemishes", "bracketed", "clean_name",
    "comparable", "excerpt", "file_slug", "footnote", "is_short_id", "json_safe", "long_words", "name_problem",
    "normalise", "not_normalised", "not_xml", "option_label", "printable", "read_footnote", "rules_needed",
    "short_id", "slug", "status_line", "tokenize", "words", "xml_safe",
]

#: What ``hygiene`` gives, imported when first asked for: a diff or a build never looks for blemishes, and the module
#: (its character classes and its dataclass) was a sixth of the imports a diff adds to the floor's.
_HYGIENE = frozenset({"LONG_WORD", "MAX_NAME", "Blemish", "blemishes", "clean_name", "long_words", "name_problem",
                      "not_normalised", "not_xml"})

if TYPE_CHECKING:
    from cahtool.text.hygiene import (
        LONG_WORD,
        MAX_NAME,
        Blemish,
        blemishes,
        clean_name,
        long_words,
        name_problem,
        not_normalised,
        not_xml,
    )


def __getattr__(name: str) -> Any:
    if name in _HYGIENE:
        from cahtool.text import hygiene

        return getattr(hygiene, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
