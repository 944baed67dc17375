"""The engine, the batch and the reference (reference/, the oracle) score any answer set the same:
drawn answer sets over the real questionnaire and plans, valid and odd (unknown codes, numbers out of
range, N/A anywhere, evidence without a value), compared with `==` and types, no tolerance: every
domain index, level and question row, the overall index and level, every question's state, value and
score, every condition and its explanation, and each plan indicator's contribution with its facts,
one agency at a time and all of them in one batch."""

from __future__ import annotations

import random
from functools import cache
from typing import Any

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from reference.answer_sets import messy_answers, valid_answers
from reference.compare import all_conditions, compare_batch, compare_one
from scoring.answers import Answer, Evidence
from scoring.catalog import Catalog, load_catalog
from scoring.models import Question, QuestionType


@cache
def catalog() -> Catalog:
    return load_catalog()


@cache
def conditions() -> list[Any]:
    return all_conditions(catalog())


@cache
def edges(qid: str) -> list[float]:
    """The numbers a question's answer is measured against (its target, bounds, the conditions' bounds),
    each with its neighbours: where a rounding or a comparison shows."""
    q = catalog().questionnaire.questions[qid]
    near = [q.target, q.min, q.max] + [getattr(c, name, None) for c in conditions()
                                       if getattr(c, "question", None) == qid for name in ("gt", "gte", "lt", "lte")]
    return sorted({x + d for x in near if x is not None for d in (-1, -0.05, 0, 0.05, 1)})


def values(q: Question) -> st.SearchStrategy[Any]:
    """What a question may hold, what the forms allow and what they do not."""
    if q.type in (QuestionType.NUMBER, QuestionType.PERCENT):
        edge = st.sampled_from(edges(q.id) or [0])
        return st.one_of(edge, edge, st.integers(-5, 20_000),
                         st.floats(-1e3, 1e9, allow_nan=False, allow_infinity=False))
    if q.type == QuestionType.TEXT:
        return st.text(max_size=12)
    codes = [o.code for o in q.choices] + ["zzz_unknown"]
    if q.type == QuestionType.MULTI_CHOICE:
        return st.lists(st.sampled_from(codes), max_size=len(codes) + 1)
    return st.sampled_from(codes)


EVIDENCE = st.sampled_from([Evidence(), Evidence(note="QĐ số 1"), Evidence(link="https://example.vn/a.pdf")])


def answers(q: Question) -> st.SearchStrategy[Answer]:
    answered = st.builds(lambda v, e: Answer(value=v, evidence=e), values(q), EVIDENCE)
    return st.one_of(
        answered, answered, answered,
        st.just(Answer(na_reason="Không áp dụng")),
        st.builds(lambda e: Answer(evidence=e), EVIDENCE),  # evidence, no value
        st.builds(lambda v: Answer(value=v, na_reason="cả hai"), values(q)),  # both: N/A wins
    )


@st.composite
def answer_sets(draw: st.DrawFn) -> dict[str, Answer]:
    """An agency as the app may have stored it, weak to strong (so the rules that ask much, seven
    security measures of eight, are met, missed by one and met exactly), or with odd answers; then
    some questions' answers drawn anew, numbers near the bounds they are measured against."""
    qn = catalog().questionnaire
    seed = draw(st.integers(0, 2**32))  # a seed, not hypothesis's own draws, which lean to the weakest agency
    rng = random.Random(seed)
    kind = ("valid", "strong", "messy")[seed % 3]
    out = messy_answers(qn, rng) if kind == "messy" else \
        valid_answers(qn, rng, skew=0.95 if kind == "strong" else rng.random(),
                      evidence_rate=0.97 if kind == "strong" else 0.7)
    for qid in draw(st.lists(st.sampled_from(sorted(qn.questions)), max_size=12)):
        if draw(st.booleans()):
            out[qid] = draw(answers(qn.questions[qid]))
        else:
            out.pop(qid, None)
    return out


@settings(max_examples=40, phases=[Phase.explicit, Phase.reuse, Phase.generate],
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.lists(answer_sets(), min_size=1, max_size=4))
def test_engine_batch_and_reference_score_alike(sets: list[dict[str, Answer]]) -> None:
    for i, one in enumerate(sets):
        compare_one(catalog(), one, f"drawn set #{i}", conditions())
    compare_batch(catalog(), sets)
