"""Reference copy (commit 91e7162, before the performance work): the oracle for reference.compare.

Turning one agency's answers into domain indices, an overall index and levels, with the why.

Arithmetic (see DESIGN.md, Scoring): a question scores in [0, 1]; a domain index is 100 × the weighted
mean over the questions that count. Not applicable and N/A questions do not count; a hidden follow-up,
an unanswered question and a positive answer missing its required evidence count as zero, so lacking
a capability (or the proof of it) never raises an index. Caps come last. Indices are rounded to one
decimal before the level is read, so the number shown and the level shown always agree.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from reference.conditions import AnswerContext
from scoring.answers import Answer
from scoring.loader import Domain, Questionnaire
from scoring.models import Cap, EvidencePolicy, Level, ModelFile, Question

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


@dataclass(frozen=True)
class DomainResult:
    id: str
    index: float | None  # None when no question applies
    level: str | None
    raw_index: float | None  # before caps
    caps: tuple[Cap, ...]  # caps that lowered the index
    questions: tuple[QuestionResult, ...]

    def by_question(self) -> dict[str, QuestionResult]:
        return {r.question: r for r in self.questions}


@dataclass(frozen=True)
class Result:
    index: float | None
    level: str | None
    domains: dict[str, DomainResult]


def level_of(model: ModelFile, index: float | None) -> str | None:
    if index is None:
        return None
    code = model.levels[0].code
    for lv in model.levels:
        if index >= lv.min:
            code = lv.code
    return code


def level_info(model: ModelFile, code: str | None) -> Level | None:
    return next((lv for lv in model.levels if lv.code == code), None)


def cap_ceiling(model: ModelFile, level_code: str) -> float:
    """The highest one-decimal index still inside the level: just under the next level's minimum."""
    codes = [lv.code for lv in model.levels]
    nxt = model.levels[codes.index(level_code) + 1]
    return round(nxt.min - 0.1, 1)


def _status(q: Question, ctx: AnswerContext) -> tuple[Status, float | None]:
    """How a question counts in its domain, and the score it counts with."""
    ans = ctx.answers.get(q.id)
    state = ctx.state(q.id)
    if not q.scored:
        return "unscored", None
    if state == "not_applicable":
        return "not_applicable", None
    if state == "hidden":
        return "hidden", 0.0
    if ans is not None and ans.is_na:
        return "na", None
    if ans is None or not ans.answered:
        return "unanswered", 0.0
    s = ctx.score(q.id) or 0.0
    if s > 0 and q.evidence == EvidencePolicy.REQUIRED and not ans.evidence.present:
        return "missing_evidence", 0.0
    return "counted", s


def score_domain(qn: Questionnaire, domain: Domain, ctx: AnswerContext) -> DomainResult:
    rows = [(q.id, *_status(q, ctx), q.weight) for q in domain.file.questions]
    total = sum(w for _, st, _, w in rows if st in COUNTED)
    results = []
    raw = 0.0
    for qid, st, got, w in rows:
        if st in COUNTED and total > 0:
            contribution = 100.0 * w * (got or 0.0) / total
            gain = 100.0 * w * (1.0 - (got or 0.0)) / total
            raw += contribution
        else:
            contribution = gain = 0.0
        results.append(QuestionResult(qid, st, got if st in COUNTED else None, w, contribution, gain))
    if total == 0:
        return DomainResult(domain.id, None, None, None, (), tuple(results))
    raw_index = round(raw, 1)
    index = raw_index
    applied = []
    for cap in domain.file.caps:
        if ctx.holds(cap.when):
            ceiling = cap_ceiling(qn.model, cap.max_level)
            if index > ceiling:
                applied.append(cap)
            index = min(index, ceiling)
    return DomainResult(domain.id, index, level_of(qn.model, index), raw_index, tuple(applied), tuple(results))


def score(qn: Questionnaire, answers: Mapping[str, Answer]) -> Result:
    ctx = AnswerContext(qn, answers)
    domains = {d.id: score_domain(qn, d, ctx) for d in qn.domains}
    weighted = [(d.weight, i) for d in qn.domains if (i := domains[d.id].index) is not None]
    wsum = sum(w for w, _ in weighted)
    overall = round(sum(w * i for w, i in weighted) / wsum, 1) if wsum else None
    return Result(overall, level_of(qn.model, overall), domains)


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
