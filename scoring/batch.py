"""Scoring many agencies at once: one question at a time over all of them, for the department's pages.

`score()` and `contributions()` walk one agency's answers question by question; a province of a
thousand agencies over eight years pays that Python overhead hundreds of thousands of times. Here each
question's answers are read as one column (a list, an entry per agency), and each condition, state,
score and sum is worked out for the whole column in one comprehension. The meaning is the engine's:
the same compiled questionnaire (`engine.score_plan`, `conditions.Program`), the same compiled rules
(`conditions.Rule`: its leaves' tests over columns, its shape folded column-wise), option tables and
scorers, the same plan rules, and the shared finishing steps (`engine.domain_result`,
`CountRule.made`, `RatioRule.made_many`). The sums (a domain's counted weight and points, the overall
index) are done in the same order as `engine._score_domain` and `engine.overall_result` do them, so
every number is the same to the last bit; tests/scoring/test_batch.py and test_reference.py (and
bench.check_scoring) compare the two on every example and on drawn valid and messy answer sets.

Where a test or a scorer raises for an agency (a value whose type no longer fits its question), that
agency is scored by `score()` / `contributions()` themselves, which raise or not exactly as they do
one by one: the batch never decides an odd case differently.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

import numpy as np

from scoring.answers import Answer
from scoring.conditions import Leaf, Program, Rule, Unproven
from scoring.engine import (
    COUNTED,
    HIDDEN,
    MISSING_EVIDENCE,
    NA,
    NOT_APPLICABLE,
    UNANSWERED,
    UNSCORED,
    DomainPlan,
    DomainResult,
    Item,
    Pair,
    Result,
    ScorePlan,
    Status,
    added,
    domain_result,
    score,
    score_plan,
)
from scoring.loader import Questionnaire
from scoring.plans import Contribution, CountRule, PlanFile, contributions, plan_rules

_COUNTED_ZERO: Pair = ("counted", 0.0)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """The cyclic garbage collector off while a batch builds its results: they are all kept, none is
    garbage, and at ten thousand agencies its passes over them were a quarter of the time."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


class Batch:
    """Many agencies' answers (`answer_sets`, one mapping per agency) scored together.

    `results()` gives, in the same order, what `score(qn, answers)` gives for each; `contributions(plan,
    year)` what `contributions(plan, qn, answers, result, year)` gives. Columns are worked out on first
    use and kept for the batch's life."""

    def __init__(self, qn: Questionnaire, answer_sets: Sequence[Mapping[str, Answer]]) -> None:
        self.qn = qn
        self.sets = list(answer_sets)
        self.n = len(self.sets)
        self.sp: ScorePlan = score_plan(qn)
        self.prog: Program = self.sp.program
        self.odd: set[int] = set()  # agencies a check raised for: scored one by one
        self._answers: dict[str, list[Answer | None]] = {}
        self._values: dict[str, list[Any]] = {}
        self._states: dict[str, list[str]] = {}
        self._rules: dict[tuple[int, bool], tuple[Rule, list[bool]]] = {}
        self._leaves: dict[tuple[int, bool], tuple[Leaf, tuple[list[Any], list[bool]]]] = {}
        self._unproven: dict[str, list[bool]] = {}
        self._results: list[Result] | None = None
        self._indices: dict[str, list[float | None]] = {}

    # --- columns ------------------------------------------------------------------------------

    def answers(self, qid: str) -> list[Answer | None]:
        col = self._answers.get(qid)
        if col is None:
            col = self._answers[qid] = [a.get(qid) for a in self.sets]
        return col

    def values(self, qid: str) -> list[Any]:
        """Each agency's value of the question when it counts (active, answered, not N/A), else None:
        `conditions.Values` as a column."""
        col = self._values.get(qid)
        if col is None:
            gate = self.prog.gates[qid]  # KeyError for an unknown question, as `Values`
            col = [None if a is None or a.na_reason is not None else a.value for a in self.answers(qid)]
            if gate is not None:
                col = [v if st == "active" else None for v, st in zip(col, self.states(qid), strict=True)]
            self._values[qid] = col
        return col

    def states(self, qid: str) -> list[str]:
        """Each agency's state of a question with applies_if or show_if: `Values.state` as a column."""
        col = self._states.get(qid)
        if col is None:
            applies, show = self.prog.gates[qid] or (None, None)
            self._states[qid] = ["hidden"] * self.n  # the guard `Values.state` keeps against a cycle
            a = self.holds(applies) if applies is not None else [True] * self.n
            s = self.holds(show) if show is not None else [True] * self.n
            col = ["not_applicable" if not x else "hidden" if not y else "active" for x, y in zip(a, s, strict=True)]
            self._states[qid] = col
        return col

    def domain_indices(self, domain: str) -> list[float | None]:
        """Each agency's index of a domain, once scored (None before: a cap cannot look at one)."""
        col = self._indices.get(domain)
        if col is None:
            if self._results is None:
                return [None] * self.n
            col = self._indices[domain] = [
                r.domains[domain].index if domain in r.domains else None for r in self._results]
        return col

    def holds(self, rule: Rule, proof: bool = False) -> list[bool]:
        """Whether the rule holds, for each agency: `Rule.holds` as a column."""
        entry = self._rules.get((id(rule), proof))
        if entry is not None and entry[0] is rule:
            return entry[1]
        leaves = rule.leaves
        col = rule.columns(lambda i: self.leaf(leaves[i], proof)[1])
        self._rules[(id(rule), proof)] = (rule, col)
        return col

    def leaf(self, leaf: Leaf, proof: bool = False) -> tuple[list[Any], list[bool]]:
        """What the leaf looks at and whether its test holds, for each agency: `Leaf.look` and
        `Leaf.held` as columns."""
        if proof and leaf.question not in self.prog.proof_required:
            proof = False  # nothing it looks at can lack a proof
        entry = self._leaves.get((id(leaf), proof))
        if entry is not None and entry[0] is leaf:
            return entry[1]
        if leaf.question is None:
            looked = self.domain_indices(leaf.domain)  # type: ignore[arg-type]
        else:
            looked = self.proven_values(leaf.question) if proof else self.values(leaf.question)
        cols = (looked, self._checked(leaf.held if proof else leaf.test, looked))  # `Unproven` only with proof
        self._leaves[(id(leaf), proof)] = (leaf, cols)
        return cols

    def unproven(self, qid: str) -> list[bool]:
        """Whether each agency's value of the question lacks the proof it requires: `Program.unproven`
        as a column."""
        col = self._unproven.get(qid)
        if col is None:
            unproven = self.prog.unproven
            pairs = list(zip(self.values(qid), self.answers(qid), strict=True))
            if qid not in self.prog.proof_required:
                col = [False] * self.n
            else:
                try:
                    col = [unproven(qid, v, a) for v, a in pairs]
                except Exception:  # a value its scorer cannot read: that agency goes one by one
                    col = self._one_by_one(lambda p: unproven(qid, *p), pairs, False)
            self._unproven[qid] = col
        return col

    def proven_values(self, qid: str) -> list[Any]:
        """`values`, with an answer lacking its required proof as `Unproven`: `Values.proven` as a column."""
        if qid not in self.prog.proof_required:
            return self.values(qid)
        return [Unproven(v) if m else v for v, m in zip(self.values(qid), self.unproven(qid), strict=True)]

    def _checked(self, test: Callable[[Any], bool], vals: list[Any]) -> list[bool]:
        try:
            return [test(v) for v in vals]
        except Exception:
            return self._one_by_one(test, vals, False)

    def _one_by_one(self, fn: Callable[[Any], Any], xs: list[Any], instead: Any) -> list[Any]:
        out = []
        for i, x in enumerate(xs):
            try:
                out.append(fn(x))
            except Exception:
                self.odd.add(i)
                out.append(instead)
        return out

    # --- scoring --------------------------------------------------------------------------------

    def _question(self, item: Item) -> list[Pair]:
        """(status, score) of one question for each agency, as `engine._score_domain` decides them."""
        qid, gated, table, scorer, ev_required = item
        if scorer is None:
            return [UNSCORED] * self.n
        anss = self.answers(qid)
        if table is not None:
            get = table.get

            def scored(v: Any) -> float:
                try:
                    return get(v) or 0.0
                except TypeError:  # an unhashable value equals no option code
                    return 0.0
        else:
            def scored(v: Any) -> float:
                return scorer(v) or 0.0
        pairs: list[Pair]
        try:
            if table is not None:  # one (status, score) per option, not one per agency
                by_code: dict[str, Pair] = {code: ("counted", sc or 0.0) for code, sc in table.items()}
                counted = by_code.get
                pairs = [UNANSWERED if a is None else NA if a.na_reason is not None
                         else UNANSWERED if (v := a.value) is None else counted(v, _COUNTED_ZERO) for a in anss]
            else:
                pairs = [UNANSWERED if a is None else NA if a.na_reason is not None
                         else UNANSWERED if (v := a.value) is None else ("counted", scorer(v) or 0.0) for a in anss]
        except Exception:
            pairs = self._one_by_one(
                lambda a: UNANSWERED if a is None else NA if a.na_reason is not None
                else UNANSWERED if a.value is None else ("counted", scored(a.value)), anss, UNANSWERED)
        if ev_required:
            pairs = [MISSING_EVIDENCE if p[0] == "counted" and (p[1] or 0.0) > 0 and a is not None
                     and not a.evidence.present else p
                     for p, a in zip(pairs, anss, strict=True)]
        if gated:
            pairs = [p if st == "active" else NOT_APPLICABLE if st == "not_applicable" else HIDDEN
                     for p, st in zip(pairs, self.states(qid), strict=True)]
        return pairs

    def _domain(self, dp: DomainPlan) -> list[DomainResult]:
        """Each agency's result for one domain. The sums are `engine._score_domain`'s, one question
        at a time over all agencies: the counted weight added question by question from 0 (a
        question that does not count adds exactly 0.0), then each question's points
        `100 × weight × score / total` (0.0 where it does not count), each an IEEE operation on
        doubles in the same order, so the same bits; never numpy's pairwise `sum`."""
        sp, n = self.sp, self.n
        columns = [self._question(item) for item in dp.items]
        statuses = [[p[0] for p in col] for col in columns]
        scores = [[p[1] for p in col] for col in columns]
        total = np.zeros(n)
        raw = np.zeros(n)
        points = []
        for w, column in zip(dp.weights, scores, strict=True):
            # A question counts exactly where it has a score (0.0 included); None becomes NaN here.
            s = np.array(column, dtype=float)
            counted = ~np.isnan(s)
            total += counted * w
            points.append((100.0 * w, np.where(counted, s, 0.0)))
        with np.errstate(divide="ignore", invalid="ignore"):
            for factor, s in points:
                raw += factor * s / total
        caps = [self.holds(rule) for _, rule, _ in dp.caps]
        rows = zip(self._totals(dp, total, statuses), raw.tolist(),
                   zip(*statuses, strict=True) if statuses else [()] * n,
                   zip(*scores, strict=True) if scores else [()] * n, strict=True)
        qids, weights, domain_id, level = dp.qids, dp.weights, dp.domain_id, sp.level
        out: list[DomainResult] = []
        add = out.append
        if caps:
            for (t, r, sts, scs), caps_hold in zip(rows, zip(*caps, strict=True), strict=True):
                if t == 0:
                    add(DomainResult(domain_id, None, None, None, (), (qids, weights, sts, scs, t)))
                else:
                    add(domain_result(sp, dp, (qids, weights, sts, scs, t), r, caps_hold))
            return out
        for t, r, sts, scs in rows:  # `domain_result` without caps, inline: a third of this loop's time
            if t == 0:
                add(DomainResult(domain_id, None, None, None, (), (qids, weights, sts, scs, t)))
            else:
                index = round(r, 1)
                add(DomainResult(domain_id, index, level(index), index, (), (qids, weights, sts, scs, t)))
        return out

    def _totals(self, dp: DomainPlan, total: np.ndarray, statuses: list[list[Status]]) -> list[float | int]:
        """The counted weights as `engine._score_domain` has them, type included: an int where the
        weights added were ints (a weight left at its default of 1), 0 where none counted."""
        kinds = {type(w) for w in dp.weights}
        if kinds <= {float}:
            return [t if t else 0 for t in total.tolist()]
        if kinds <= {int}:
            return [int(t) for t in total.tolist()]
        weights = dp.weights
        return [added([w for w, st in zip(weights, sts, strict=True) if st in COUNTED])
                for sts in (zip(*statuses, strict=True) if statuses else [()] * self.n)]

    def results(self) -> list[Result]:
        """`score(qn, answers)` for every agency, in order."""
        if self._results is None:
            sp, n = self.sp, self.n
            with _collector_paused():
                per_domain = [self._domain(dp) for dp in sp.domains]
                ids = [dp.domain_id for dp in sp.domains]
                level = sp.level
                results = [Result(o, level(o), dict(zip(ids, doms, strict=True)))
                           for o, doms in zip(self._overall(per_domain), zip(*per_domain, strict=True) if per_domain
                                              else [()] * n, strict=True)]
                for i in sorted(self.odd):
                    results[i] = score(self.qn, self.sets[i])
            self._results = results
        return self._results

    def _overall(self, per_domain: list[list[DomainResult]]) -> list[float | None]:
        """`engine.overall_result`'s index as a column: the weights of the domains with an index added
        from 0, and each weight × index, in domain order; then the same division and rounding."""
        n = self.n
        wsum = np.zeros(n)
        points = np.zeros(n)
        for w, doms in zip(self.sp.weights, per_domain, strict=True):
            idx = np.array([d.index for d in doms], dtype=float)  # None → NaN
            present = ~np.isnan(idx)
            wsum += present * w
            points += np.where(present, w * idx, 0.0)
        with np.errstate(divide="ignore", invalid="ignore"):
            mean = points / wsum
        return [round(m, 1) if ws else None for m, ws in zip(mean.tolist(), wsum.tolist(), strict=True)]

    # --- the plan -----------------------------------------------------------------------------

    def _facts(self, rule: Rule | None, proof: bool = False) -> list[tuple[Any, ...]]:
        """Per agency, the flat facts of the rule's leaves: `Rule.facts` as columns, zipped."""
        cols = []
        for leaf in rule.leaves if rule is not None else ():
            looked, held = self.leaf(leaf, proof)
            cols += [looked, [not h for h in held] if leaf.negated else held]
        return list(zip(*cols, strict=True)) if cols else [()] * self.n

    def contributions(self, plan: PlanFile, year: int) -> list[dict[str, Contribution]]:
        """`contributions(plan, qn, answers, result, year)` for every agency, in order."""
        results = self.results()
        n = self.n
        rules = plan_rules(plan, self.prog).rules
        with _collector_paused():
            per_rule = []
            for rule in rules:
                if isinstance(rule, CountRule):
                    applicable = self.holds(rule.applies) if rule.applies is not None else [True] * n
                    met = self.holds(rule.met, proof=True) if rule.met is not None else [False] * n
                    facts_a, facts_m = self._facts(rule.applies), self._facts(rule.met, proof=True)
                    made = rule.made
                    per_rule.append([made(a, m, fa + fm if a else fa)
                                     for a, m, fa, fm in zip(applicable, met, facts_a, facts_m, strict=True)])
                else:
                    per_rule.append(rule.made_many([self.proven_values(q) for q in rule.numerator],
                                                   [self.values(q) for q in rule.denominator], year))
            ids = [rule.id for rule in rules]
            out = [dict(zip(ids, cs, strict=True)) for cs in zip(*per_rule, strict=True)]
            for i in sorted(self.odd):
                out[i] = contributions(plan, self.qn, self.sets[i], results[i], year)
        return out
