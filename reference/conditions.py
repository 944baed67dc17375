"""Reference copy (commit 91e7162, before the performance work): the oracle for reference.compare.

Evaluating the structured conditions of the questionnaires and plans against one agency's answers.

A question is in one of three states: active, not applicable (its `applies_if` is false: left out of
every index), or hidden (its `show_if` is false: a follow-up to something the agency lacks, so it
counts as zero). A condition that looks at a question which is not active, not answered or answered
N/A is false; only `not` turns that around.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from scoring.answers import Answer
from scoring.loader import Questionnaire
from scoring.models import (
    AllCondition,
    AnyCondition,
    AtLeastCondition,
    Condition,
    DomainCondition,
    NotCondition,
    Question,
    QuestionCondition,
    QuestionType,
)

State = Literal["active", "not_applicable", "hidden"]


def question_score(q: Question, value: Any) -> float | None:
    """The raw score in [0, 1] of a value, before any evidence rule; None when not scored."""
    if value is None or not q.scored:
        return None
    t = q.type
    if t == QuestionType.MULTI_CHOICE:
        return min(1.0, sum(o.score for o in q.choices if o.code in value))
    if t == QuestionType.NUMBER:
        return max(0.0, min(1.0, value / q.target))  # scored numbers have a target
    if t == QuestionType.PERCENT:
        return max(0.0, min(1.0, value / (q.target or 100.0)))
    opt = q.option(value)
    return opt.score if opt is not None else None


class AnswerContext:
    """One agency's answers seen through the questionnaire's applicability and visibility rules."""

    def __init__(self, qn: Questionnaire, answers: Mapping[str, Answer],
                 domain_indices: Mapping[str, float | None] | None = None) -> None:
        self.qn = qn
        self.answers = answers
        self.domain_indices = domain_indices or {}
        self._state: dict[str, State] = {}

    def state(self, qid: str) -> State:
        cached = self._state.get(qid)
        if cached is not None:
            return cached
        q = self.qn.questions[qid]
        self._state[qid] = "hidden"  # a guard: the loader refuses cycles, this keeps a bad one finite
        if q.applies_if is not None and not self.holds(q.applies_if):
            state: State = "not_applicable"
        elif q.show_if is not None and not self.holds(q.show_if):
            state = "hidden"
        else:
            state = "active"
        self._state[qid] = state
        return state

    def value(self, qid: str) -> Any:
        """The answer's value when it counts: active, answered, not N/A."""
        ans = self.answers.get(qid)
        if ans is None or not ans.answered or self.state(qid) != "active":
            return None
        return ans.value

    def score(self, qid: str) -> float | None:
        return question_score(self.qn.questions[qid], self.value(qid))

    def number(self, qid: str) -> float:
        v = self.value(qid)
        return float(v) if isinstance(v, int | float) else 0.0

    def holds(self, cond: Condition) -> bool:
        if isinstance(cond, QuestionCondition):
            return self._question_holds(cond)
        if isinstance(cond, AllCondition):
            return all(self.holds(c) for c in cond.all)
        if isinstance(cond, AnyCondition):
            return any(self.holds(c) for c in cond.any)
        if isinstance(cond, NotCondition):
            return not self.holds(cond.not_)
        if isinstance(cond, AtLeastCondition):
            return sum(1 for c in cond.of if self.holds(c)) >= cond.at_least
        if isinstance(cond, DomainCondition):
            idx = self.domain_indices.get(cond.domain)
            return idx is not None and idx >= cond.index_gte
        raise TypeError(f"unknown condition {cond!r}")

    def _question_holds(self, c: QuestionCondition) -> bool:
        v = self.value(c.question)
        if c.answered is not None:
            return (v is not None) == c.answered
        if v is None:
            return False
        for test in (_equality, _membership, self._count_test, self._score_test, _bound):
            held = test(c, v)
            if held is not None:
                return held
        return False

    def _count_test(self, c: QuestionCondition, v: Any) -> bool | None:
        if c.count_gte is None:
            return None
        excl = self.qn.questions[c.question].exclusive_codes
        return len([x for x in v if x not in excl]) >= c.count_gte

    def _score_test(self, c: QuestionCondition, v: Any) -> bool | None:
        if c.score_gte is None:
            return None
        s = question_score(self.qn.questions[c.question], v)
        return s is not None and s >= c.score_gte - 1e-9


# The tests of a question condition, each saying whether the answered value passes, or None when the
# condition does not use it.


def _equality(c: QuestionCondition, v: Any) -> bool | None:
    if c.equals is not None:
        return bool(v == c.equals)
    if c.not_equals is not None:
        return bool(v != c.not_equals)
    return None


def _membership(c: QuestionCondition, v: Any) -> bool | None:
    if c.in_ is not None:
        return v in c.in_
    if c.not_in is not None:
        return v not in c.not_in
    if c.includes is not None:
        return c.includes in v
    return None


def _bound(c: QuestionCondition, v: Any) -> bool | None:
    for bound, ok in ((c.gt, lambda b: v > b), (c.gte, lambda b: v >= b),
                      (c.lt, lambda b: v < b), (c.lte, lambda b: v <= b)):
        if bound is not None:
            return bool(ok(bound))
    return None

@dataclass(frozen=True)
class Check:
    """One leaf test of a rule and whether it held: the 'why' shown beside met / not met."""

    question: str | None
    domain: str | None
    test: str
    actual: Any
    passed: bool
    unproven: bool = False  # the answer would count but lacks the evidence its question requires


def explain(ctx: AnswerContext, cond: Condition | None) -> list[Check]:
    """The leaf tests of a condition with their outcomes, in reading order."""
    out: list[Check] = []
    _walk(ctx, cond, out)
    return out


def _walk(ctx: AnswerContext, cond: Condition | None, out: list[Check]) -> None:
    if cond is None:
        return
    if isinstance(cond, QuestionCondition):
        test = describe(cond)
        out.append(Check(cond.question, None, test, ctx.value(cond.question), ctx.holds(cond)))
    elif isinstance(cond, DomainCondition):
        out.append(Check(None, cond.domain, f"≥ {cond.index_gte:g}", ctx.domain_indices.get(cond.domain),
                         ctx.holds(cond)))
    elif isinstance(cond, AllCondition | AnyCondition):
        for c in cond.all if isinstance(cond, AllCondition) else cond.any:
            _walk(ctx, c, out)
    elif isinstance(cond, AtLeastCondition):
        for c in cond.of:
            _walk(ctx, c, out)
    elif isinstance(cond, NotCondition):
        inner: list[Check] = []
        _walk(ctx, cond.not_, inner)
        out.extend(Check(k.question, k.domain, f"not ({k.test})", k.actual, not k.passed) for k in inner)


def describe(c: QuestionCondition) -> str:
    for name, sym in (("equals", "="), ("not_equals", "≠"), ("in_", "∈"), ("not_in", "∉"),
                      ("includes", "∋"), ("count_gte", "count ≥"), ("gt", ">"), ("gte", "≥"), ("lt", "<"),
                      ("lte", "≤"), ("score_gte", "score ≥"), ("answered", "answered =")):
        v = getattr(c, name)
        if v is not None:
            shown = ", ".join(v) if isinstance(v, list) else (f"{v:g}" if isinstance(v, float) else v)
            return f"{sym} {shown}"
    return "?"
