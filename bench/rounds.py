"""How the benches read repeated runs on a shared machine: a time is the least of its rounds, a growth the median
of its rounds' own ratios.

Another process only ever adds time to a run, so the least of a case's rounds is its own cost. The speed of this
virtual machine also drifts over minutes, with nothing else running and no stolen time to show for it: in one
session, ``propose`` on 8,000 points took 3.16 s, then 3.58, 3.94, 4.34 and 4.57 s within ten minutes, the
16,000-point runs between them 5.74 to 8.25 s. The least of each size, taken minutes apart, then compares a fast
minute with a slow one. So each round runs the sizes of a case one right after the other, and the growth from one
size to the next is each round's own ratio (two runs that shared the machine's speed), the median of the rounds
(one run that another process slowed moves one ratio, not the median). Five rounds: with three, two rounds of
a slow minute out of three made the median, and a row whose growth is 1.9 read 2.0 to 2.2 in one run in three.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence

#: Rounds of the benches whose rows are growths (``docx_bench``, ``proposals``): an odd number, for the median.
GROWTH_ROUNDS = 5


def growth(smaller: Sequence[float], larger: Sequence[float]) -> float:
    """The median of the rounds' ratios ``larger[r] / smaller[r]`` (the two lists by round); infinite when a run
    of the larger size was stopped."""
    if len(smaller) != len(larger) or not smaller:
        raise ValueError("one time of each size a round")
    if any(math.isinf(t) for t in larger):
        return math.inf
    return statistics.median(b / a for a, b in zip(smaller, larger, strict=True))
