"""Turning one agency's answers into domain indices, an overall index and levels, with the why.

Arithmetic (see DESIGN.md, Scoring): a question scores in [0, 1]; a domain index is 100 × the weighted
mean over the questions that count. Not applicable and N/A questions do not count; a hidden follow-up,
an unanswered question and a positive answer missing its required evidence count as zero, so lacking
a capability (or the proof of it) never raises an index. Caps come last. Indices are rounded to one
decimal before the level is read, so the number shown and the level shown always agree.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal, NamedTuple

from scoring.answers import Answer
from scoring.conditions import (
    AnswerContext,
    Program,
    Rule,
    Scorer,
    Values,
    option_scores,
    per_questionnaire,
    program,
)
from scoring.loader import Domain, Questionnaire
from scoring.models import Cap, EvidencePolicy, Level, ModelFile

Status = Literal["counted", "unanswered", "hidden", "missing_evidence", "na", "not_applicable", "unscored"]
COUNTED = frozenset({"counted", "unanswered", "hidden", "missing_evidence"})


@dataclass(frozen=True)
class QuestionResult:
    question: str
    status: Status
    score: float | None  # what counted, in [0, 1]; None when the question does not count
    weight: float
    contribution: float  # index points this question adds
    gain: float  # index points it would add at a full score


# (question ids, weights, statuses, scores, total counted weight) of one domain
Rows = tuple[tuple[str, ...], tuple[float, ...], tuple[Status, ...], tuple["float | None", ...], float]


class DomainResult(NamedTuple):
    """A domain's index and level, and (worked out from `rows` when read) each question's share of it.

    `rows` is (question ids, weights, statuses, scores, total counted weight): a province scores
    thousands of assessments and mostly needs only the indices, so the per-question objects are
    made when someone reads `questions`. An immutable record that is a tuple: a frozen dataclass sets
    each field through `object.__setattr__`, a microsecond more per object, and a province's batch
    makes thirteen per agency."""

    id: str
    index: float | None  # type: ignore[assignment]  # a field, over tuple.index; None when no question applies
    level: str | None
    raw_index: float | None  # before caps
    caps: tuple[Cap, ...]  # caps that lowered the index
    rows: Rows

    def __repr__(self) -> str:
        return (f"DomainResult(id={self.id!r}, index={self.index!r}, level={self.level!r}, "
                f"raw_index={self.raw_index!r}, caps={self.caps!r})")

    @property
    def questions(self) -> tuple[QuestionResult, ...]:
        qids, weights, statuses, scores, total = self.rows
        out = []
        for qid, w, st, s in zip(qids, weights, statuses, scores, strict=True):
            if st in COUNTED and total > 0:
                contribution = 100.0 * w * (s or 0.0) / total
                gain = 100.0 * w * (1.0 - (s or 0.0)) / total
            else:
                contribution = gain = 0.0
            out.append(QuestionResult(qid, st, s if st in COUNTED else None, w, contribution, gain))
        return tuple(out)

    def by_question(self) -> dict[str, QuestionResult]:
        return {r.question: r for r in self.questions}


@dataclass(frozen=True, slots=True)
class Result:
    index: float | None
    level: str | None
    domains: dict[str, DomainResult]


def added(xs: Iterable[float]) -> float:
    """Left to right from 0, as `sum` added floats before Python 3.12 (which compensates the
    rounding): the batch (scoring/batch.py) adds the same numbers column by column in this order,
    and the two must agree to the last bit on every Python."""
    total: float = 0
    for x in xs:
        total += x
    return total


def level_info(model: ModelFile, code: str | None) -> Level | None:
    return next((lv for lv in model.levels if lv.code == code), None)


def cap_ceiling(model: ModelFile, level_code: str) -> float:
    """The highest one-decimal index still inside the level: just under the next level's minimum."""
    codes = [lv.code for lv in model.levels]
    nxt = model.levels[codes.index(level_code) + 1]
    return round(nxt.min - 0.1, 1)


# --- the questionnaire made ready to score, once ----------------------------------------------------

# One question as the scoring loop reads it: id, gated (has applies_if or show_if), the option →
# score table of a scored choice question (else None), the scorer (None when not scored), evidence
# required.
Item = tuple[str, bool, "dict[str, float] | None", "Scorer | None", bool]


class DomainPlan:
    __slots__ = ("all_weight", "caps", "domain_id", "items", "qids", "weights")

    def __init__(self, domain: Domain, prog: Program, model: ModelFile) -> None:
        qs = domain.file.questions
        self.domain_id = domain.id
        self.qids = tuple(q.id for q in qs)
        self.weights = tuple(q.weight for q in qs)
        # The counted weight when every question counts: the same sum, in the same order, as per answer set.
        self.all_weight = added([q.weight for q in qs])
        self.items: tuple[Item, ...] = tuple(
            (q.id, q.id not in prog.ungated, option_scores(q),
             prog.scorers[q.id] if q.scored else None, q.evidence == EvidencePolicy.REQUIRED)
            for q in qs)
        self.caps: tuple[tuple[Cap, Rule, float], ...] = tuple(
            (cap, prog.rule(cap.when), cap_ceiling(model, cap.max_level)) for cap in domain.file.caps)


class ScorePlan:
    __slots__ = ("domains", "levels", "program", "weights")

    def __init__(self, qn: Questionnaire) -> None:
        self.program = program(qn)
        self.levels = tuple((lv.min, lv.code) for lv in qn.model.levels)
        self.domains = tuple(DomainPlan(d, self.program, qn.model) for d in qn.domains)
        self.weights = tuple(d.weight for d in qn.domains)

    def level(self, index: float | None) -> str | None:
        if index is None:
            return None
        levels = self.levels
        code = levels[0][1]
        for lo, c in levels:
            if index >= lo:
                code = c
        return code


score_plan = per_questionnaire(ScorePlan)  # the questionnaire made ready to score, once


Pair = tuple[Status, "float | None"]  # a question's status and score for one agency
UNSCORED: Pair = ("unscored", None)
NOT_APPLICABLE: Pair = ("not_applicable", None)
HIDDEN: Pair = ("hidden", 0.0)
UNANSWERED: Pair = ("unanswered", 0.0)
NA: Pair = ("na", None)
MISSING_EVIDENCE: Pair = ("missing_evidence", 0.0)
GATED = {"not_applicable": NOT_APPLICABLE, "hidden": HIDDEN}


def _question_pairs(dp: DomainPlan, vals: Values) -> list[Pair]:
    """Each question's (status, score), in questionnaire order: what does not count (not scored, not
    applicable, N/A) has no score; a hidden follow-up, an unanswered question and a positive answer
    lacking its required evidence score 0."""
    get = vals.answers.get
    out: list[Pair] = []
    add = out.append
    for qid, gated, table, scorer, ev_required in dp.items:
        if scorer is None:
            add(UNSCORED)
            continue
        if gated and (st := vals.state(qid)) != "active":
            add(GATED[st])
            continue
        ans = get(qid)
        if ans is None:
            add(UNANSWERED)
            continue
        if ans.na_reason is not None:
            add(NA)
            continue
        v = ans.value
        if v is None:
            add(UNANSWERED)
            continue
        if table is None:
            s = scorer(v) or 0.0
        else:
            try:
                s = table.get(v) or 0.0
            except TypeError:  # an unhashable value equals no option code
                s = 0.0
        add(MISSING_EVIDENCE if s > 0 and ev_required and not ans.evidence.present else ("counted", s))
    return out


def _score_domain(sp: ScorePlan, dp: DomainPlan, vals: Values) -> DomainResult:
    """The arithmetic of the module docstring, in the reference engine's order (reference/, so every
    float is the same to the last bit): the weights of the questions that count summed first, then each
    question's points added in questionnaire order, rounded, then the caps."""
    pairs = _question_pairs(dp, vals)
    statuses = tuple([p[0] for p in pairs])
    scores = tuple([p[1] for p in pairs])
    counted: Iterable[tuple[float, float | None]]
    if None in scores:  # some question does not count
        counted = [(w, s) for w, st, s in zip(dp.weights, statuses, scores, strict=True) if st in COUNTED]
        total = added([w for w, _ in counted])
    else:
        counted = zip(dp.weights, scores, strict=True)
        total = dp.all_weight
    rows = (dp.qids, dp.weights, statuses, scores, total)
    if total == 0:
        return DomainResult(dp.domain_id, None, None, None, (), rows)
    raw = 0.0
    for w, score_ in counted:
        raw += 100.0 * w * (score_ or 0.0) / total
    return domain_result(sp, dp, rows, raw, [rule.holds(vals) for _, rule, _ in dp.caps])


def domain_result(sp: ScorePlan, dp: DomainPlan, rows: Rows, raw: float, caps_hold: Sequence[bool]
                  ) -> DomainResult:
    """A domain's result from its summed points (`raw`, total weight above 0) and which of its caps'
    conditions hold: the rounding, the caps and the level, shared by one agency's scoring and the
    batch's (scoring/batch.py)."""
    raw_index = round(raw, 1)
    if not dp.caps:
        return DomainResult(dp.domain_id, raw_index, sp.level(raw_index), raw_index, (), rows)
    index = raw_index
    applied = []
    for (cap, _, ceiling), holds in zip(dp.caps, caps_hold, strict=True):
        if holds:
            if index > ceiling:
                applied.append(cap)
            index = min(index, ceiling)
    return DomainResult(dp.domain_id, index, sp.level(index), raw_index, tuple(applied), rows)


def score_domain(qn: Questionnaire, domain: Domain, ctx: AnswerContext) -> DomainResult:
    sp = score_plan(qn)
    dp = next(p for p in sp.domains if p.domain_id == domain.id)
    return _score_domain(sp, dp, ctx.values)


def score(qn: Questionnaire, answers: Mapping[str, Answer]) -> Result:
    sp = score_plan(qn)
    vals = Values(sp.program, answers, {})
    return overall_result(sp, {dp.domain_id: _score_domain(sp, dp, vals) for dp in sp.domains})


def overall_result(sp: ScorePlan, domains: dict[str, DomainResult]) -> Result:
    """The overall index (the domains' weighted mean) and level around the domains' results."""
    weighted = [(w, r.index) for w, r in zip(sp.weights, domains.values(), strict=True) if r.index is not None]
    wsum = added([w for w, _ in weighted])
    overall = round(added([w * i for w, i in weighted]) / wsum, 1) if wsum else None
    return Result(overall, sp.level(overall), domains)


@dataclass(frozen=True)
class Recommendation:
    domain: str
    question: str
    gain_domain: float  # domain index points at a full score
    gain_overall: float  # overall index points at a full score
    status: Status


def recommendations(qn: Questionnaire, result: Result) -> list[Recommendation]:
    """Questions below a full score, ordered by how much a full score would raise the overall index."""
    weights = {d.id: d.weight for d in qn.domains if result.domains[d.id].index is not None}
    wsum = sum(weights.values()) or 1.0
    out = []
    for did, dres in result.domains.items():
        for r in dres.questions:
            if r.gain > 1e-9:
                out.append(Recommendation(did, r.question, r.gain, r.gain * weights.get(did, 0) / wsum, r.status))
    out.sort(key=lambda x: (-x.gain_overall, x.question))
    return out
