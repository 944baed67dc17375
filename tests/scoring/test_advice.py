"""Recommendations that add the same points are read in order of the plan's indicators they would
help, then of effort (attach proof, answer, change practice)."""

from __future__ import annotations

from scoring.advice import EFFORT, indicators_helped, ranked
from scoring.answers import load_answer_file
from scoring.catalog import load_catalog
from scoring.engine import recommendations, score
from scoring.plans import contributions
from store.seed import example_files


def _key(rec, helped):
    return (-round(rec.gain_overall, 1), -helped, EFFORT.get(rec.status, 2))


def test_ties_are_broken_by_indicators_helped_then_effort():
    cat = load_catalog()
    qn, plan = cat.questionnaire, cat.plan()
    reordered = 0
    for year, paths in example_files().items():
        for path in paths:
            af = load_answer_file(qn, path)
            result = score(qn, af.answers)
            contrib = contributions(plan, qn, af.answers, result, year)
            recs = recommendations(qn, result)
            out = ranked(recs, contrib)
            keys = [_key(r, h) for r, h in out]
            assert keys == sorted(keys)
            helped = indicators_helped(contrib)
            assert [h for _, h in out] == [helped.get(r.question, 0) for r, _ in out]
            reordered += [r.question for r, _ in out] != [r.question for r in recs]
    assert reordered  # somewhere the plain order by points put a less useful step first


def test_a_question_helps_only_indicators_not_yet_met_that_test_it():
    cat = load_catalog()
    qn, plan = cat.questionnaire, cat.plan()
    af = load_answer_file(qn, example_files()[2025][0])
    result = score(qn, af.answers)
    contrib = contributions(plan, qn, af.answers, result, 2025)
    helped = indicators_helped(contrib)
    for q, n in helped.items():
        failing = [c for c in contrib.values() if c.applicable and c.met is False
                   and any(ch.question == q and not ch.passed for ch in c.checks)]
        assert len(failing) == n
