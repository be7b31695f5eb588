"""Check: the rules a draft must meet before it joins the corpus, and what a pull request's reviewer sees.

Rules have stable ids (``rules.RULES``: CAH1xx reading, 2xx Akoma Ntoso and schema, 3xx metadata, 4xx eIds
and numbering, 5xx text hygiene, 6xx the corpus, 7xx proposals). ``check_bytes`` runs one file's rules,
``check`` adds the corpus rules, ``run`` is the whole ``cahtool check`` (paths or ``--changed-since``), and
``reviews`` makes the redlines of each checked document for the pull-request summary.
"""

from cahtool.check.files import FileResult, check_bytes, check_file, content_key
from cahtool.check.git import Changes, changed_drafts
from cahtool.check.review import Review, review, reviews
from cahtool.check.rules import ERROR, MAX_PER_RULE, RULES, WARNING, Rule, finding
from cahtool.check.run import Report, check, check_new, dependents, expand, run

__all__ = ["ERROR", "MAX_PER_RULE", "RULES", "WARNING", "Changes", "FileResult", "Report", "Review", "Rule",
           "changed_drafts", "check", "check_bytes", "check_file", "check_new", "content_key", "dependents", "expand",
           "finding", "review", "reviews", "run"]
