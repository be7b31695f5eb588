"""Text: tokens, the editorial rules (one table), text hygiene, short ids and slugs. No XML, no I/O."""

from cahtool.text.hygiene import LONG_WORD, Blemish, blemishes, long_words, not_normalised
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
from cahtool.text.tokens import tokenize, words

__all__ = [
    "ALL_RULES", "FORMATTING", "HEADING", "LONG_WORD", "MAX_ID", "RULES", "SHORT_ID_RULE", "Blemish", "Rule",
    "blemishes", "comparable", "file_slug", "is_short_id", "long_words", "normalise", "not_normalised",
    "rules_needed", "short_id", "slug", "tokenize", "words",
]
