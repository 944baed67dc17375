"""Figure 3: submissions scored per second by the engine on one core, and the province aggregate over
10,000 submissions.

Submissions are scored as the department's pages score a year: all together in a `scoring.batch.Batch`
(domain indices, overall index, levels, caps, then the contributions to the province's plan), and
`aggregate()` over them. Beside it, without a goal: the same one agency at a time (`score()` then
`contributions()`, as the results page and an agency's report do), and `score()` alone. The answer
sets are drawn from the real questionnaire (1,000 different agencies, cycled to 10,000; nothing is
cached between them: every submission is scored). Before timing anything, `bench.check_scoring`
confirms the engine and the batch still give exactly the numbers of the previous engine
(reference/), which is also timed, as the "before".
"""

from __future__ import annotations

import gc
import os
import random
import time
from collections.abc import Callable

from bench import check_scoring
from bench.figures import Figure
from reference import engine as old_engine
from reference import plans as old_plans
from reference.answer_sets import valid_answers
from scoring.batch import Batch
from scoring.catalog import load_catalog
from scoring.engine import score
from scoring.plans import aggregate, contributions

GOAL = 20_000  # submissions per second, one core
N = 10_000
DISTINCT = 1_000
YEAR = 2025


def _pin_one_core() -> Callable[[], None]:
    """Run on one CPU (the figure is per core); returns how to undo it."""
    if not hasattr(os, "sched_setaffinity"):
        return lambda: None
    before = os.sched_getaffinity(0)
    os.sched_setaffinity(0, {min(before)})
    return lambda: os.sched_setaffinity(0, before)


def _best(fn: Callable[[], object], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def run(quick: bool = False) -> list[Figure]:
    figures: list[Figure] = []
    sets = 20 if quick else 200
    try:
        counts = check_scoring.run(sets=sets)
        figures.append(Figure("engine results identical to the previous engine", counts["answer_sets"],
                              "answer sets", "all identical", None, True,
                              note=f"{counts['conditions']} conditions and {counts['aggregates']} aggregates "
                                   "compared per run (python -m bench.check_scoring)"))
    except check_scoring.Mismatch as exc:
        figures.append(Figure("engine results identical to the previous engine", 0, "answer sets",
                              "all identical", None, False, note=str(exc)[:300]))
    cat = load_catalog()
    qn, plan = cat.questionnaire, cat.plan()
    rng = random.Random(77)
    pool = [valid_answers(qn, rng, skew=rng.random()) for _ in range(DISTINCT)]
    n = 1_000 if quick else N
    answers = [pool[i % DISTINCT] for i in range(n)]
    gc.collect()  # start from a clean heap: the check before leaves thousands of results behind
    undo = _pin_one_core()
    try:
        for a in answers[:300]:  # compile and warm up
            contributions(plan, qn, a, score(qn, a), YEAR)

        Batch(qn, answers[:300]).contributions(plan, YEAR)

        def pipeline() -> None:
            aggregate(plan, YEAR, Batch(qn, answers).contributions(plan, YEAR))

        def one_by_one() -> None:
            aggregate(plan, YEAR, [contributions(plan, qn, a, score(qn, a), YEAR) for a in answers])

        def score_only() -> None:
            for a in answers:
                score(qn, a)

        contribs = Batch(qn, answers).contributions(plan, YEAR)
        t_pipe = _best(pipeline, 3)
        t_one = _best(one_by_one, 3)
        t_score = _best(score_only, 3)
        t_agg = _best(lambda: aggregate(plan, YEAR, contribs), 5)
        old_n = 200 if quick else 1_500
        old_sub = answers[:old_n]
        t_old = _best(lambda: old_plans.aggregate(plan, YEAR, [
            old_plans.contributions(plan, qn, a, old_engine.score(qn, a), YEAR) for a in old_sub]), 1)
        t_old_agg = _best(lambda: old_plans.aggregate(plan, YEAR, [
            old_plans.contributions(plan, qn, a, old_engine.score(qn, a), YEAR) for a in old_sub[:1]] * n), 1)
    finally:
        undo()
    rate = n / t_pipe
    figures.append(Figure(f"scoring throughput: score + plan contributions + aggregate, {n:,} submissions",
                          rate, "submissions/s", f"≥ {GOAL:,} on one core", None, rate >= GOAL,
                          note=f"{n:,} submissions in {t_pipe:.2f} s, scored together (scoring.batch, as the "
                               f"department's pages do); {DISTINCT:,} distinct answer sets cycled"))
    old_rate = old_n / t_old
    figures.append(Figure("scoring throughput ÷ the previous engine's (reference/), same run", rate / old_rate,
                          "×", None, None, None,
                          note=f"{rate:,.0f} against {old_rate:,.0f} submissions/s, timed one after the other on "
                               "the same core: the absolute figure moves with the machine's load, the ratio less"))
    figures.append(Figure("the same, one agency at a time: score() + contributions(), then aggregate",
                          n / t_one, "submissions/s", None, None, None,
                          note="as the results page and an agency's report score one agency"))
    figures.append(Figure("score() alone, one agency at a time (indices, levels, caps)", n / t_score,
                          "submissions/s", None, None, None))
    figures.append(Figure(f"aggregate over {n:,} submissions' contributions", t_agg * 1000, "ms", None, None,
                          None))
    figures.append(Figure("before: previous engine (reference/), score + contributions + aggregate",
                          old_rate, "submissions/s", None, None, None,
                          note=f"timed on {old_n:,} submissions; its aggregate over {n:,}: "
                               f"{t_old_agg * 1000:.0f} ms"))
    return figures
