"""What-if planning: which changes in which agencies would let an indicator meet a year's target.

For an indicator that counts agencies, the smallest set of changes is found agency by agency: each
agency not meeting the rule needs the rule's failing tests fixed (for "any" the cheapest branch, for
"at least k of" the cheapest missing ones), and the agencies with the fewest fixes are taken until the
gap closes. The plan is then checked by scoring the changed answers again, so a proposed plan is
never just an estimate. For head counts and reach, the gap is a number of people or readers.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from scoring.answers import Answer, Evidence
from scoring.batch import Batch
from scoring.conditions import AnswerContext, question_score
from scoring.engine import score
from scoring.loader import Questionnaire
from scoring.models import (
    AllCondition,
    AnyCondition,
    AtLeastCondition,
    Condition,
    Question,
    QuestionCondition,
    QuestionType,
)
from scoring.plans import PlanFile, ProvinceIndicator, aggregate

PLANNED_PROOF = Evidence(note="what-if")  # stands for the proof a planned answer would come with


@dataclass(frozen=True)
class Fix:
    question: str
    value: Any  # the least answer that passes the test
    # The answer comes with the proof its question asks for: a domain raised to a level means answers
    # that count, and an answer kept without its required proof scores nothing.
    proof: bool = False


@dataclass(frozen=True)
class AgencyPlan:
    agency_id: str
    fixes: tuple[Fix, ...]
    feasible: bool  # False when a failing test cannot be fixed by an answer (e.g. a domain index)


@dataclass(frozen=True)
class IndicatorPlan:
    indicator: str
    before: ProvinceIndicator
    after: ProvinceIndicator | None  # after applying `agencies`' fixes; None when nothing to do
    agencies: tuple[AgencyPlan, ...]
    closable: bool


def least_passing_value(qn: Questionnaire, c: QuestionCondition, current: Any) -> Any | None:
    """The smallest change of the answer that makes the test pass, or None when none can."""
    q = qn.questions[c.question]
    if c.equals is not None:
        return c.equals
    if c.in_:
        return c.in_[0]
    if c.not_equals is not None or c.not_in is not None:
        banned = {c.not_equals} if c.not_equals is not None else set(c.not_in or [])
        best = sorted((o for o in q.choices if o.code not in banned), key=lambda o: -o.score)
        return best[0].code if best else None
    if c.includes is not None:
        return sorted({*(current or []), c.includes} - q.exclusive_codes)
    if c.count_gte is not None:
        have = [x for x in (current or []) if x not in q.exclusive_codes]
        extra = [o.code for o in q.choices if o.code not in have and not o.exclusive]
        need = c.count_gte - len(have)
        return None if need > len(extra) else [*have, *extra[:need]]
    if c.score_gte is not None:
        return _least_scoring(q, c.score_gte)
    for bound, strict in ((c.gte, False), (c.gt, True)):
        if bound is not None:
            return bound + (1 if strict else 0)
    return None


def _least_scoring(q: Question, wanted: float) -> Any | None:
    """The least answer that scores `wanted` (within 1e-9), or None when none does."""
    bar = wanted - 1e-9
    if q.type in (QuestionType.NUMBER, QuestionType.PERCENT):
        return (q.target or 100.0) * wanted
    if q.type == QuestionType.MULTI_CHOICE:
        picked, total = [], 0.0
        for o in sorted(q.choices, key=lambda o: -o.score):
            if total >= bar:
                break
            if not o.exclusive:
                picked.append(o.code)
                total += o.score
        return picked if total >= bar else None
    options = sorted((o for o in q.choices if o.score >= bar), key=lambda o: o.score)
    return options[0].code if options else None


def _unproven(ctx: AnswerContext, qid: str) -> bool:
    return ctx.program.unproven(qid, ctx.value(qid), ctx.answers.get(qid))


def _fixes(ctx: AnswerContext, qn: Questionnaire, cond: Condition) -> list[Fix] | None:
    """Fixes that make `cond` hold as a plan reads it (empty when it holds), or None when no answer
    change can (a domain's index, a `not`)."""
    if ctx.holds(cond, proof=True):
        return []
    if isinstance(cond, QuestionCondition):
        return _leaf_fixes(ctx, qn, cond)
    if isinstance(cond, AllCondition):
        return _all_fixes(ctx, qn, cond.all)
    if isinstance(cond, AnyCondition):
        options = [f for f in (_fixes(ctx, qn, c) for c in cond.any) if f is not None]
        return min(options, key=len) if options else None
    if isinstance(cond, AtLeastCondition):
        failing = [c for c in cond.of if not ctx.holds(c, proof=True)]
        options = sorted((f for c in failing if (f := _fixes(ctx, qn, c)) is not None), key=len)
        need = cond.at_least - (len(cond.of) - len(failing))
        return None if len(options) < need else [fix for f in options[:need] for fix in f]
    return None


def _all_fixes(ctx: AnswerContext, qn: Questionnaire, conds: Sequence[Condition]) -> list[Fix] | None:
    out: list[Fix] = []
    for c in conds:
        f = _fixes(ctx, qn, c)
        if f is None:
            return None
        out.extend(f)
    return out


def _leaf_fixes(ctx: AnswerContext, qn: Questionnaire, cond: QuestionCondition) -> list[Fix] | None:
    """An answer that passes but lacks its required proof is fixed by attaching the proof; a changed
    answer to such a question comes with its proof."""
    if ctx.state(cond.question) == "not_applicable":
        return None
    ans = ctx.answers.get(cond.question)
    proof = cond.question in ctx.program.proof_required
    if ans is not None and _unproven(ctx, cond.question) and ctx.holds(cond):
        return [Fix(cond.question, ans.value, proof=True)]
    value = least_passing_value(qn, cond, ans.value if ans is not None else None)
    return None if value is None else [Fix(cond.question, value, proof=proof)]


def apply_fixes(answers: Mapping[str, Answer], fixes: Sequence[Fix]) -> dict[str, Answer]:
    out = dict(answers)
    for f in fixes:
        old = out.get(f.question)
        evidence = old.evidence if old else Answer().evidence
        out[f.question] = Answer(value=f.value, evidence=PLANNED_PROOF if f.proof and not evidence.present
                                 else evidence)
    return out


def plan_indicator(plan: PlanFile, qn: Questionnaire, year: int, indicator_id: str,
                   answers_by_agency: Mapping[str, Mapping[str, Answer]]) -> IndicatorPlan:
    """The fewest agency changes that meet `year`'s target for one indicator counting agencies."""
    ind = plan.indicator(indicator_id)
    batch = Batch(qn, list(answers_by_agency.values()))
    results = dict(zip(answers_by_agency, batch.results(), strict=True))
    contrib = dict(zip(answers_by_agency, batch.contributions(plan, year), strict=True))
    before = aggregate(plan, year, contrib.values())[indicator_id]
    if before.met is not False or ind.kind != "agency_count" or ind.met_if is None:
        return IndicatorPlan(indicator_id, before, None, (), before.met is not False)
    candidates = []
    for agency_id, ans in answers_by_agency.items():
        c = contrib[agency_id][indicator_id]
        if not c.applicable or c.met:
            continue
        ctx = AnswerContext(qn, ans, {d: r.index for d, r in results[agency_id].domains.items()})
        fixes = _fixes(ctx, qn, ind.met_if)
        candidates.append(AgencyPlan(agency_id, tuple(fixes or ()), fixes is not None))
    candidates.sort(key=lambda p: (not p.feasible, len(p.fixes), p.agency_id))
    need = before.gap or 0
    chosen = tuple(p for p in candidates if p.feasible)[:need]
    if len(chosen) < need:
        return IndicatorPlan(indicator_id, before, None, chosen, False)
    changed = dict(answers_by_agency)
    for p in chosen:
        changed[p.agency_id] = apply_fixes(changed[p.agency_id], p.fixes)
    after = aggregate(plan, year, Batch(qn, list(changed.values())).contributions(plan, year))
    return IndicatorPlan(indicator_id, before, after[indicator_id], chosen, bool(after[indicator_id].met))


def what_if(plan: PlanFile, qn: Questionnaire, year: int, answers_by_agency: Mapping[str, Mapping[str, Answer]],
            changes: Mapping[str, Sequence[Fix]]) -> tuple[dict[str, ProvinceIndicator], dict[str, ProvinceIndicator]]:
    """The province before and after the chosen changes, against `year`'s targets."""
    def agg(by_agency: Mapping[str, Mapping[str, Answer]]) -> dict[str, ProvinceIndicator]:
        return aggregate(plan, year, Batch(qn, list(by_agency.values())).contributions(plan, year))

    changed = {a: apply_fixes(ans, changes.get(a, ())) for a, ans in answers_by_agency.items()}
    return agg(answers_by_agency), agg(changed)


def _best_value(q: Question) -> Any | None:
    """The answer that scores a question in full: its best option, or for a scored number or share
    its target (a count of platforms held the digital-platforms domain below "Xuất sắc" when only
    choices were raised). None for what no answer can improve (text)."""
    if q.type in (QuestionType.NUMBER, QuestionType.PERCENT):
        full = q.target if q.target is not None else (100 if q.type == QuestionType.PERCENT else None)
        return None if full is None else (int(full) if float(full).is_integer() else full)
    if not q.choices:
        return None
    if q.type == QuestionType.MULTI_CHOICE:
        return [o.code for o in sorted(q.choices, key=lambda o: -o.score) if not o.exclusive]
    return max(q.choices, key=lambda o: o.score).code


def raise_domain_to(qn: Questionnaire, answers: Mapping[str, Answer], domain_id: str, min_index: float) -> list[Fix]:
    """The fewest question changes (best answer, highest gain first) that lift a domain to `min_index`:
    "this agency reaches Khá in security" turned into answers."""
    current = dict(answers)
    fixes: list[Fix] = []
    for _ in range(len(qn.domain(domain_id).file.questions)):
        res = score(qn, current).domains[domain_id]
        if res.index is not None and res.index >= min_index:
            return fixes
        best = None
        changed = {f.question for f in fixes}  # each question once: it is at its best already
        for row in sorted(res.questions, key=lambda r: -r.gain):
            q = qn.questions[row.question]
            if row.gain <= 0 or row.status == "hidden" or row.question in changed:
                continue
            top = _best_value(q)
            if top is not None and question_score(q, top) is not None:
                best = Fix(q.id, top, proof=True)
                break
        if best is None:
            return fixes
        fixes.append(best)
        current = apply_fixes(current, [best])
    return fixes
