"""Answers drawn from the real questionnaire, for the benchmarks and the engine's equivalence check.

`valid_answers` gives what the app could have stored: every value passes `scoring.answers.parse_value`,
counts stay within the counts they are part of, N/A only where allowed. `messy_answers` also gives
what the engine must still score the same way whatever door it came in by: unknown option codes,
out-of-range numbers, floats, evidence without a value, N/A on any question, answers to hidden
follow-ups.
"""

from __future__ import annotations

import random
from typing import Any

from scoring.answers import Answer, Evidence
from scoring.loader import Questionnaire
from scoring.models import Question, QuestionType

NOTES = ("Quyết định số 12/QĐ-BVL", "Biên bản kiểm tra 2025", "Báo cáo tổng kết năm")
LINKS = ("https://baovinhlong.vn/quy-che", "https://example.vn/minh-chung.pdf")


def _choice_value(q: Question, rng: random.Random, skew: float) -> Any:
    """A choice, drawn towards the better options when `skew` > 0.5 (a province improving)."""
    options = sorted(q.choices, key=lambda o: o.score)
    if q.type == QuestionType.MULTI_CHOICE:
        plain = [o.code for o in q.choices if not o.exclusive]
        excl = [o.code for o in q.choices if o.exclusive]
        if excl and rng.random() < 0.3 * (1 - skew):
            return [rng.choice(excl)]
        picked = {c for c in plain if rng.random() < skew}
        return [c for c in plain if c in picked] or ([excl[0]] if excl else [plain[0]])
    i = min(len(options) - 1, int(rng.betavariate(1 + 3 * skew, 1 + 3 * (1 - skew)) * len(options)))
    return options[i].code


def _number(q: Question, rng: random.Random, skew: float) -> int | float:
    if q.type == QuestionType.PERCENT:
        lo = q.min if q.min is not None else 0
        hi = q.max if q.max is not None else 100
        return round(lo + (hi - lo) * rng.betavariate(1 + 3 * skew, 1 + 3 * (1 - skew)), 1)
    lo = int(q.min) if q.min is not None else 0
    hi = int(q.max) if q.max is not None else 10_000
    top = q.target * 2 if q.target else min(hi, 500)
    return int(min(hi, max(lo, rng.uniform(lo, top))))


def valid_value(q: Question, rng: random.Random, skew: float = 0.5) -> Any:
    if q.type in (QuestionType.NUMBER, QuestionType.PERCENT):
        return _number(q, rng, skew)
    if q.type == QuestionType.TEXT:
        return rng.choice(NOTES)
    return _choice_value(q, rng, skew)


def valid_answers(qn: Questionnaire, rng: random.Random, *, fill: float = 0.97, skew: float = 0.5,
                  na_rate: float = 0.05, evidence_rate: float = 0.7) -> dict[str, Answer]:
    """One agency's stored answers: most questions answered, N/A where allowed now and then,
    evidence on most answers that ask for it. Counts bounded by `max_from` stay within their bound."""
    out: dict[str, Answer] = {}
    for q in qn.questions.values():
        if rng.random() > fill:
            continue
        if q.na_allowed and rng.random() < na_rate:
            out[q.id] = Answer(na_reason="Cơ quan không có loại hình này")
            continue
        value = valid_value(q, rng, skew)
        if q.max_from and q.max_from in out and out[q.max_from].answered:
            value = min(value, out[q.max_from].value)
        evidence = Evidence()
        if q.evidence.value != "none" and rng.random() < evidence_rate:
            evidence = Evidence(note=rng.choice(NOTES), link=rng.choice(LINKS) if rng.random() < 0.3 else None)
        out[q.id] = Answer(value=value, evidence=evidence)
    return out


def messy_answers(qn: Questionnaire, rng: random.Random) -> dict[str, Answer]:
    """Anything the engine may be handed: valid answers mixed with odd ones that must not raise."""
    out = valid_answers(qn, rng, fill=rng.random(), skew=rng.random(), na_rate=rng.random() * 0.3,
                        evidence_rate=rng.random())
    for q in qn.questions.values():
        r = rng.random()
        if r < 0.04:
            out[q.id] = Answer(na_reason="N/A")  # even where N/A is not allowed
        elif r < 0.07:
            out[q.id] = Answer(evidence=Evidence(note="chỉ có minh chứng"))  # evidence, no value
        elif r < 0.09 and q.type in (QuestionType.NUMBER, QuestionType.PERCENT):
            out[q.id] = Answer(value=rng.choice([0, 0.5, 1e9, 150, 37.25, 2.0]))
        elif r < 0.11 and q.type not in (QuestionType.NUMBER, QuestionType.PERCENT, QuestionType.MULTI_CHOICE,
                                         QuestionType.TEXT):
            out[q.id] = Answer(value="zzz_unknown")
        elif r < 0.12 and q.type == QuestionType.MULTI_CHOICE:
            out[q.id] = Answer(value=[o.code for o in q.choices])  # exclusive with the others, and unknown order
        elif r < 0.13:
            out[q.id] = Answer(value=valid_value(q, rng), na_reason="cả hai")  # both: N/A wins
    return out
