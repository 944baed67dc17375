"""The floor for the review figures: the numbers the department's pages show, computed with pandas and
numpy straight from the database, with no app, no cache and no scoring engine.

It reads every assessment of the years shown and their answers in two queries, lays the answers out
as one column per question, and works out, column by column over all assessments at once: which
questions apply and show (the questionnaire's conditions, evaluated as boolean arrays), each
question's score, each domain's index (the same arithmetic, in the same order, so the same floats),
caps, levels, the overall index, each agency's share in the plan's indicators and the province's
value against each year's target. `compare` checks it against what the app's data layer gives.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import create_engine

from scoring.catalog import Catalog
from scoring.models import (
    AllCondition,
    AnyCondition,
    AtLeastCondition,
    DomainCondition,
    EvidencePolicy,
    NotCondition,
    QuestionCondition,
    QuestionType,
)

COUNTED = ("counted", "unanswered", "hidden", "missing_evidence")


@dataclass
class FloorResult:
    year: int
    heat: pd.DataFrame  # per agency of `year`: domain indices, overall, level, previous overall, change
    indicators: dict[int, dict[str, tuple]]  # year → indicator → (numerator, denominator, value, met, gap)
    submitted: int
    agencies: int


class _Columns:
    """All assessments × one question at a time, as numpy arrays in assessment order."""

    def __init__(self, asm: pd.DataFrame, ans: pd.DataFrame) -> None:
        self.n = len(asm)
        pos = pd.Series(np.arange(self.n), index=asm["id"].to_numpy())
        ans = ans.assign(pos=pos.reindex(ans["assessment_id"].to_numpy()).to_numpy())
        self.by_question = {qid: g for qid, g in ans.groupby("question_id", sort=False)}

    def raw(self, qid: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(value or None, N/A, evidence present) for question `qid` in every assessment."""
        value = np.full(self.n, None, dtype=object)
        na = np.zeros(self.n, dtype=bool)
        evidence = np.zeros(self.n, dtype=bool)
        g = self.by_question.get(qid)
        if g is not None:
            p = g["pos"].to_numpy()
            na[p] = g["na"].to_numpy()
            value[p] = np.where(na[p], None, g["value"].to_numpy())
            evidence[p] = g["evidence"].to_numpy()
        return value, na, evidence


def _read(url: str, years: list[int]) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    engine = create_engine(url)
    marks = ", ".join(str(int(y)) for y in years)
    try:
        with engine.connect() as conn:
            dbapi = conn.connection.driver_connection  # pandas reads a DB-API connection directly
            agencies = pd.read_sql("SELECT id, name, active FROM agencies", dbapi)
            asm = pd.read_sql(f"SELECT id, agency_id, year, status FROM assessments WHERE year IN ({marks}) "
                              "ORDER BY id", dbapi)
            ans = pd.read_sql(
                "SELECT a.assessment_id, a.question_id, a.value, a.na_reason, a.evidence_note, a.evidence_link, "
                "EXISTS (SELECT 1 FROM evidence_files f WHERE f.assessment_id = a.assessment_id "
                "AND f.question_id = a.question_id) AS has_file "
                f"FROM answers a JOIN assessments s ON s.id = a.assessment_id WHERE s.year IN ({marks})", dbapi)
    finally:
        engine.dispose()
    # Values are JSON; most are a handful of option codes, so each distinct text is decoded once.
    texts = ans["value"]
    distinct = pd.unique(texts[texts.notna()].astype(str))
    decoded = {t: json.loads(t) for t in distinct}
    ans["value"] = [None if v is None else (decoded[v] if isinstance(v, str) else v) for v in texts.to_numpy()]
    ans["na"] = ans["na_reason"].notna().to_numpy()
    note = ans["evidence_note"].fillna("").astype(bool)
    link = ans["evidence_link"].fillna("").astype(bool)
    ans["evidence"] = (note | link | ans["has_file"].astype(bool)).to_numpy()
    return agencies, asm, ans


class _Floor:
    def __init__(self, cat: Catalog, cols: _Columns) -> None:
        self.qn = cat.questionnaire
        self.cols = cols
        self.n = cols.n
        self._raw: dict[str, tuple] = {}
        self._state: dict[str, np.ndarray] = {}  # 0 active, 1 not applicable, 2 hidden
        self._eff: dict[str, Any] = {}  # np.where(…, None) holds objects
        self._score: dict[str, np.ndarray] = {}
        self.domain_index: dict[str, np.ndarray] = {}

    def raw(self, qid: str) -> tuple:
        if qid not in self._raw:
            self._raw[qid] = self.cols.raw(qid)
        return self._raw[qid]

    def state(self, qid: str) -> np.ndarray:
        if qid not in self._state:
            q = self.qn.questions[qid]
            st = np.zeros(self.n, dtype=np.int8)
            if q.applies_if is not None:
                st[~self.holds(q.applies_if)] = 1
            if q.show_if is not None:
                st[(st == 0) & ~self.holds(q.show_if)] = 2
            self._state[qid] = st
        return self._state[qid]

    def effective(self, qid: str) -> np.ndarray:
        """The value where it counts (active, answered, not N/A), else None."""
        if qid not in self._eff:
            value, _, _ = self.raw(qid)
            self._eff[qid] = np.where(self.state(qid) == 0, value, None)
        return self._eff[qid]

    def raw_score(self, qid: str) -> np.ndarray:
        """Score of the answer's value in [0, 1], NaN where there is none or the question is not scored."""
        if qid not in self._score:
            q = self.qn.questions[qid]
            value, _, _ = self.raw(qid)
            s = pd.Series(value, dtype=object)
            if not q.scored:
                out = np.full(self.n, np.nan)
            elif q.type == QuestionType.MULTI_CHOICE:
                pairs = [(o.code, o.score) for o in q.choices]
                out = np.array([np.nan if v is None else min(1.0, sum(sc for c, sc in pairs if c in v)) for v in value],
                               dtype=float)
            elif q.type in (QuestionType.NUMBER, QuestionType.PERCENT):
                target = q.target if q.type == QuestionType.NUMBER else (q.target or 100.0)
                num = pd.to_numeric(s, errors="coerce").to_numpy(dtype=float)
                out = np.clip(num / target, 0.0, 1.0)
            else:
                table: dict[str, float] = {}
                for o in q.choices:
                    table.setdefault(o.code, o.score)
                out = s.map(table).to_numpy(dtype=float)
            self._score[qid] = out
        return self._score[qid]

    def unproven(self, qid: str) -> np.ndarray:
        """Where the value counts but lacks the evidence its question requires: a plan does not count it."""
        q = self.qn.questions[qid]
        if not q.scored or q.evidence != EvidencePolicy.REQUIRED:
            return np.zeros(self.n, dtype=bool)
        _, _, evidence = self.raw(qid)
        present = np.array([x is not None for x in self.effective(qid)], dtype=bool)
        return present & (np.nan_to_num(self.raw_score(qid), nan=0.0) > 0) & ~evidence

    def holds(self, cond, proof: bool = False) -> np.ndarray:
        """Where `cond` holds; with `proof` (a plan's met_if), a question test on an answer lacking its
        required evidence gives what it gives on no answer."""
        if isinstance(cond, QuestionCondition):
            test = self._question_test(cond)
            if not proof:
                return test
            on_none = (not cond.answered) if cond.answered is not None else False
            return np.where(self.unproven(cond.question), on_none, test)
        if isinstance(cond, DomainCondition):
            idx = self.domain_index[cond.domain]
            return ~np.isnan(idx) & (np.nan_to_num(idx, nan=-1.0) >= cond.index_gte)
        if isinstance(cond, AllCondition):
            return np.logical_and.reduce([self.holds(c, proof) for c in cond.all])
        if isinstance(cond, AnyCondition):
            return np.logical_or.reduce([self.holds(c, proof) for c in cond.any])
        if isinstance(cond, NotCondition):
            return ~self.holds(cond.not_, proof)
        if isinstance(cond, AtLeastCondition):
            return np.sum([self.holds(c, proof) for c in cond.of], axis=0) >= cond.at_least
        raise TypeError(cond)

    def _membership_test(self, c: QuestionCondition, v: np.ndarray) -> np.ndarray | None:
        """A test of which codes an answer holds, or None when the condition has none."""
        if c.in_ is not None:
            return np.array([x is not None and x in c.in_ for x in v], dtype=bool)
        if c.not_in is not None:
            return np.array([x is not None and x not in c.not_in for x in v], dtype=bool)
        if c.includes is not None:
            return np.array([x is not None and c.includes in x for x in v], dtype=bool)
        if c.count_gte is not None:
            excl = self.qn.questions[c.question].exclusive_codes
            return np.array([x is not None and len([y for y in x if y not in excl]) >= c.count_gte for x in v],
                            dtype=bool)
        return None

    def _question_test(self, c: QuestionCondition) -> np.ndarray:
        v = self.effective(c.question)
        present = np.array([x is not None for x in v], dtype=bool)
        if c.answered is not None:
            return present == c.answered
        if c.equals is not None:
            return present & (v == c.equals)
        if c.not_equals is not None:
            return present & (v != c.not_equals)
        membership = self._membership_test(c, v)
        if membership is not None:
            return membership
        if c.score_gte is not None:
            s = np.where(present, self.raw_score(c.question), np.nan)
            return np.nan_to_num(s, nan=-1.0) >= c.score_gte - 1e-9
        num = np.array([float(x) if isinstance(x, int | float) else np.nan for x in v])
        for bound, op in ((c.gt, np.greater), (c.gte, np.greater_equal), (c.lt, np.less), (c.lte, np.less_equal)):
            if bound is not None:
                return present & op(np.nan_to_num(num, nan=0.0), bound)
        return np.zeros(self.n, dtype=bool)

    def domain(self, domain) -> tuple[np.ndarray, np.ndarray]:
        """Index (NaN where no question counts) and the same before caps."""
        qs = domain.file.questions
        total = np.zeros(self.n)
        parts = []
        for q in qs:
            w = q.weight
            if not q.scored:
                continue
            value, na, evidence = self.raw(q.id)
            st = self.state(q.id)
            answered = np.array([x is not None for x in value], dtype=bool)
            s = np.nan_to_num(self.raw_score(q.id), nan=0.0)
            missing = (s > 0) & (q.evidence == EvidencePolicy.REQUIRED) & ~evidence
            counted = (st == 2) | ((st == 0) & ~na)  # hidden, or active and not N/A
            score = np.where((st == 0) & answered & ~missing, s, 0.0)
            total = total + np.where(counted, w, 0.0)
            parts.append((w, counted, score))
        raw = np.zeros(self.n)
        safe = np.where(total > 0, total, 1.0)
        for w, counted, score in parts:
            raw = raw + np.where(counted, 100.0 * w * score / safe, 0.0)
        index = np.array([round(r, 1) if t > 0 else np.nan for r, t in zip(raw.tolist(), total.tolist(), strict=True)])
        raw_index = index.copy()
        levels = self.qn.model.levels
        codes = [lv.code for lv in levels]
        for cap in domain.file.caps:
            nxt = levels[codes.index(cap.max_level) + 1]
            ceiling = round(nxt.min - 0.1, 1)
            hit = self.holds(cap.when) & ~np.isnan(index)
            index = np.where(hit, np.minimum(index, ceiling), index)
        self.domain_index[domain.id] = index
        return index, raw_index

    def level(self, index: np.ndarray) -> np.ndarray:
        levels = self.qn.model.levels
        out = np.full(len(index), None, dtype=object)
        have = ~np.isnan(index)
        out[have] = levels[0].code
        for lv in levels:
            out[have & (np.nan_to_num(index, nan=-1.0) >= lv.min)] = lv.code
        return out

    def overall(self) -> np.ndarray:
        num = np.zeros(self.n)
        wsum = np.zeros(self.n)
        for d in self.qn.domains:
            idx = self.domain_index[d.id]
            have = ~np.isnan(idx)
            num = num + np.where(have, d.weight * np.nan_to_num(idx), 0.0)
            wsum = wsum + np.where(have, d.weight, 0.0)
        return np.array([round(a / b, 1) if b else np.nan for a, b in zip(num.tolist(), wsum.tolist(), strict=True)])

    def number(self, qid: str) -> np.ndarray:
        return np.array([float(x) if isinstance(x, int | float) else 0.0 for x in self.effective(qid)])


def _gap(num: Fraction, den: Fraction, target, shared: bool) -> int | None:
    """`shared`: the numerator's questions are among the denominator's, so both grow together."""
    if den <= 0:
        return None
    if target.met_by(num / den):
        return 0
    if shared and target.value >= 1:
        return None
    k = math.ceil((target.value * den - num) / (1 - target.value) if shared else target.value * den - num)
    grown = den + k if shared else den
    if target.strict and (num + k) / grown <= target.value:
        k += 1
    return k if shared or num + k <= den else None


def compute(url: str, cat: Catalog, years: list[int], *, year: int, plan_id: str | None = None) -> FloorResult:
    agencies, asm, ans = _read(url, years)
    f = _Floor(cat, _Columns(asm, ans))
    for d in cat.questionnaire.domains:
        f.domain(d)
    overall = f.overall()
    plan = cat.plan(plan_id)
    submitted = (asm["status"] == "submitted").to_numpy()
    year_of = asm["year"].to_numpy()
    indicators: dict[int, dict[str, tuple]] = {}
    for ind in plan.indicators:
        if ind.kind == "agency_count":
            applies = f.holds(ind.applies_if) if ind.applies_if is not None else np.ones(f.n, dtype=bool)
            met = applies & f.holds(ind.met_if, proof=True)
            num_i, den_i = met.astype(float), applies.astype(float)
        else:
            num_i = np.sum([np.where(f.unproven(q), 0.0, f.number(q)) for q in ind.numerator], axis=0)
            den_i = np.sum([f.number(q) for q in ind.denominator], axis=0)
            applicable = den_i > 0
            num_i, den_i = np.where(applicable, num_i, 0.0), np.where(applicable, den_i, 0.0)
        for y in years:
            sel = submitted & (year_of == y)
            num, den = Fraction(int(num_i[sel].sum())), Fraction(int(den_i[sel].sum()))
            value = num / den if den > 0 else None
            target = ind.target(y)
            met_y = None if value is None or target is None else target.met_by(value)
            shared = ind.kind == "ratio" and set(ind.numerator) <= set(ind.denominator)
            gap = _gap(num, den, target, shared) if value is not None and target is not None else None
            indicators.setdefault(y, {})[ind.id] = (float(num), float(den), value, met_y, gap)
    frame = pd.DataFrame({"agency_id": asm["agency_id"], "year": year_of, "status": asm["status"],
                          "overall": overall, "level": f.level(overall)})
    for d in cat.questionnaire.domains:
        frame[d.id] = f.domain_index[d.id]
    this = frame[frame["year"] == year].set_index("agency_id")
    prev = frame[(frame["year"] == year - 1) & (frame["status"] == "submitted")].set_index("agency_id")["overall"]
    this = this.assign(previous=prev.reindex(this.index))
    this["change"] = [None if pd.isna(a) or pd.isna(b) else round(a - b, 1)
                      for a, b in zip(this["overall"], this["previous"], strict=True)]
    active = agencies[agencies["active"].astype(bool) | agencies["id"].isin(this.index)]
    return FloorResult(year, this, indicators, int((this["status"] == "submitted").sum()), len(active))


def compare(floor: FloorResult, cat: Catalog, province_data: Any, actor: Any, year: int) -> int:
    """How many of the floor's numbers differ from what the pages' data layer gives (0: the same)."""
    diffs = 0
    plan_id = cat.plan().id  # as the pages ask for it (the sidebar's plan picker)
    rows = {r.agency_id: r for r in province_data.with_previous(actor, year, plan_id)}
    if len(rows) != floor.agencies:
        diffs += 1
    for aid, r in rows.items():
        if aid not in floor.heat.index or r.result is None:
            diffs += 1
            continue
        h = floor.heat.loc[aid]
        expected = [r.result.index, r.result.level, r.previous_index] + [r.result.domains[d.id].index
                                                                         for d in cat.questionnaire.domains]
        got = [h["overall"], h["level"], h["previous"]] + [h[d.id] for d in cat.questionnaire.domains]
        for e, g in zip(expected, got, strict=True):
            same = (e is None and (g is None or (isinstance(g, float) and math.isnan(g)))) or e == g
            diffs += 0 if same else 1
    for y, by_ind in floor.indicators.items():
        agg = province_data.aggregate(actor, y, plan_id)
        for iid, (num, den, value, met, gap) in by_ind.items():
            a = agg[iid]
            diffs += sum(1 for e, g in ((a.numerator, num), (a.denominator, den), (a.value, value), (a.met, met),
                                        (a.gap, gap)) if e != g)
    return diffs
