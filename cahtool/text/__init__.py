"""Text: tokens, the editorial rules (one table), text hygiene, short ids and slugs, text made safe for a
terminal. No XML, no I/O."""

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

__all__ = [
    "ALL_RULES", "FORMATTING", "HEADING", "LONG_WORD", "MAX_ID", "MAX_NAME", "RULES", "SHORT_ID_RULE", "Blemish",
    "Rule", "blemishes", "clean_name", "comparable", "excerpt", "file_slug", "is_short_id", "json_safe", "long_words",
    "name_problem", "normalise", "not_normalised", "not_xml", "printable", "rules_needed", "short_id", "slug",
    "tokenize", "words", "xml_safe",
]
