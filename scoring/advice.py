"""The order the recommendations are read in.

A full score on many questions raises the index by the same points ("+1,7" eight times over), so the
points alone leave the reader to pick. Ties, at the precision shown, are broken by what else the step
does and what it costs: first the plan's indicators, not yet met, that the answer would help (their
rule tests the question and the test fails now), then the effort, from least to most: attaching the
proof of what is already done, answering a question not yet answered, changing how the agency works.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from scoring.engine import Recommendation
from scoring.plans import Contribution

EFFORT = {"missing_evidence": 0, "unanswered": 1}  # anything else: a practice to change (2)
SHOWN_DIGITS = 1  # the points are shown with one decimal: equal there, equal to the reader


def indicators_helped(contrib: Mapping[str, Contribution]) -> dict[str, int]:
    """Question → how many indicators not yet met have a failing test on it."""
    out: dict[str, int] = {}
    for c in contrib.values():
        if not c.applicable or c.met is not False:
            continue
        for q in {ch.question for ch in c.checks if ch.question is not None and not ch.passed}:
            out[q] = out.get(q, 0) + 1
    return out


def ranked(recs: Iterable[Recommendation], contrib: Mapping[str, Contribution]) -> list[tuple[Recommendation, int]]:
    """Each recommendation with the number of indicators it would help, most useful first."""
    helped = indicators_helped(contrib)
    return sorted(((r, helped.get(r.question, 0)) for r in recs),
                  key=lambda rh: (-round(rh[0].gain_overall, SHOWN_DIGITS), -rh[1],
                                  EFFORT.get(rh[0].status, 2), rh[0].question))
