"""The engine's plan contributions and aggregate as they were before the performance work (commit
91e7162), kept verbatim as the oracle `reference.compare` compares the fast implementation with,
but for the corrections made in both since: the shortfall of a ratio whose numerator is part of its
denominator (indicator 6) counts the denominator growing with it (`needed_to_meet`, `grows`); a rule's
met_if and a ratio's numerator count an answer only with the evidence its question requires, as the
index does (`unproven`, `proven_holds`, `proven_explain`)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from reference.conditions import AnswerContext, Check, describe, explain, question_score
from reference.engine import Result
from scoring.answers import Answer
from scoring.loader import Questionnaire
from scoring.models import (
    AllCondition,
    AnyCondition,
    AtLeastCondition,
    Condition,
    DomainCondition,
    EvidencePolicy,
    NotCondition,
    QuestionCondition,
)
from scoring.plans import PlanFile, Target

# --- one agency's contribution -------------------------------------------------------------------


def unproven(ctx: AnswerContext, qid: str) -> bool:
    """A counted answer to a scored question requiring evidence, above 0, without evidence."""
    q = ctx.qn.questions[qid]
    v = ctx.value(qid)
    return (v is not None and q.scored and q.evidence == EvidencePolicy.REQUIRED
            and not ctx.answers[qid].evidence.present and (question_score(q, v) or 0.0) > 0)


def proven_holds(ctx: AnswerContext, cond: Condition) -> bool:
    if isinstance(cond, QuestionCondition):
        if unproven(ctx, cond.question):
            return (not cond.answered) if cond.answered is not None else False
        return ctx.holds(cond)
    if isinstance(cond, AllCondition):
        return all(proven_holds(ctx, c) for c in cond.all)
    if isinstance(cond, AnyCondition):
        return any(proven_holds(ctx, c) for c in cond.any)
    if isinstance(cond, NotCondition):
        return not proven_holds(ctx, cond.not_)
    if isinstance(cond, AtLeastCondition):
        return sum(1 for c in cond.of if proven_holds(ctx, c)) >= cond.at_least
    return ctx.holds(cond)


def proven_explain(ctx: AnswerContext, cond: Condition | None) -> list[Check]:
    if cond is None:
        return []
    if isinstance(cond, QuestionCondition):
        flag = unproven(ctx, cond.question)
        return [Check(cond.question, None, describe(cond), ctx.value(cond.question), proven_holds(ctx, cond), flag)]
    if isinstance(cond, DomainCondition):
        return explain(ctx, cond)
    if isinstance(cond, NotCondition):
        return [Check(k.question, k.domain, f"not ({k.test})", k.actual, not k.passed, k.unproven)
                for k in proven_explain(ctx, cond.not_)]
    children = cond.all if isinstance(cond, AllCondition) else cond.any if isinstance(cond, AnyCondition) \
        else cond.of
    return [k for c in children for k in proven_explain(ctx, c)]



@dataclass(frozen=True)
class Contribution:
    indicator: str
    applicable: bool
    met: bool | None  # None: a ratio indicator in a year without a target
    numerator: float
    denominator: float
    checks: tuple[Check, ...]  # why: the rule's tests and their outcomes

    def as_json(self) -> dict[str, Any]:
        return {"applicable": self.applicable, "met": self.met,
                "numerator": _num(self.numerator), "denominator": _num(self.denominator)}


def _num(x: float) -> int | float:
    return int(x) if float(x).is_integer() else x


def contributions(plan: PlanFile, qn: Questionnaire, answers: Mapping[str, Answer], result: Result,
                  year: int) -> dict[str, Contribution]:
    ctx = AnswerContext(qn, answers, {d: r.index for d, r in result.domains.items()})
    out = {}
    for ind in plan.indicators:
        if ind.kind == "agency_count":
            applicable = ind.applies_if is None or ctx.holds(ind.applies_if)
            checks = tuple(explain(ctx, ind.applies_if)) + tuple(proven_explain(ctx, ind.met_if) if applicable
                                                                 else ())
            met = applicable and ind.met_if is not None and proven_holds(ctx, ind.met_if)
            out[ind.id] = Contribution(ind.id, applicable, met if applicable else False,
                                       1 if met else 0, 1 if applicable else 0, checks)
        else:
            num = sum(0.0 if unproven(ctx, q) else ctx.number(q) for q in ind.numerator)
            den = sum(ctx.number(q) for q in ind.denominator)
            applicable = den > 0
            target = ind.target(year)
            met = None
            if applicable and target is not None:
                met = target.met_by(Fraction(num).limit_denominator(10**9) / Fraction(den).limit_denominator(10**9))
            checks = tuple(Check(q, None, "numerator", ctx.value(q), ctx.value(q) is not None and not unproven(ctx, q),
                                 unproven(ctx, q))
                           for q in ind.numerator) + tuple(
                Check(q, None, "denominator", ctx.value(q), ctx.value(q) is not None) for q in ind.denominator)
            out[ind.id] = Contribution(ind.id, applicable, met if applicable else False, num if applicable else 0,
                                       den if applicable else 0, checks)
    return out


# --- the province ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProvinceIndicator:
    indicator: str
    numerator: float
    denominator: float
    value: Fraction | None
    target: Target | None
    met: bool | None
    gap: int | None  # agencies (or people, readers) more needed to meet the target; 0 when met

    def as_json(self) -> dict[str, Any]:
        return {
            "numerator": _num(self.numerator),
            "denominator": _num(self.denominator),
            "value": None if self.value is None else float(self.value),
            "target": None if self.target is None else float(self.target.value),
            "strict": bool(self.target and self.target.strict),
            "met": self.met,
            "target_held_from": None if self.target is None else self.target.held_from,
        }


def needed_to_meet(num: Fraction, den: Fraction, target: Target, grows: bool = False) -> int | None:
    """How many more units in the numerator meet the target (the denominator unchanged, or with
    `grows` growing by as many); None: never."""
    if den <= 0:
        return None
    if target.met_by(num / den):
        return 0
    if grows and target.value >= 1:
        return None
    need = (target.value * den - num) / (1 - target.value) if grows else target.value * den - num
    k = int(need) if need == int(need) else int(need) + 1
    if target.strict and (num + k) / (den + k if grows else den) <= target.value:
        k += 1
    return k if grows or num + k <= den else None


def aggregate(plan: PlanFile, year: int, items: Iterable[Mapping[str, Contribution]]) -> dict[str, ProvinceIndicator]:
    items = list(items)
    out = {}
    for ind in plan.indicators:
        num = sum((Fraction(c[ind.id].numerator).limit_denominator(10**9) for c in items), Fraction(0))
        den = sum((Fraction(c[ind.id].denominator).limit_denominator(10**9) for c in items), Fraction(0))
        value = num / den if den > 0 else None
        target = ind.target(year)
        met = None if value is None or target is None else target.met_by(value)
        grows = ind.kind == "ratio" and set(ind.numerator) <= set(ind.denominator)
        gap = needed_to_meet(num, den, target, grows) if value is not None and target is not None else None
        out[ind.id] = ProvinceIndicator(ind.id, float(num), float(den), value, target, met, gap)
    return out
