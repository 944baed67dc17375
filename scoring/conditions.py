"""Evaluating the structured conditions of the questionnaires and plans against one agency's answers.

A question is in one of three states: active, not applicable (its `applies_if` is false: left out of
every index), or hidden (its `show_if` is false: a follow-up to something the agency lacks, so it
counts as zero). A condition that looks at a question which is not active, not answered or answered
N/A is false; only `not` turns that around.

What a condition means is said once, in `Rule`: each leaf's test on what it looks at, and how the
outcomes combine, for one agency or, column-wise, for many (scoring/batch.py). Each questionnaire is
turned once into a `Program`: every condition compiled into a `Rule` of small closures over its
already-parsed tests (data stays data: nothing from a file is ever evaluated as code), every question
a scorer; one agency's answers are read through a `Values` dict that works out each question's state
and counted value on first use only.
"""

from __future__ import annotations

import operator
import weakref
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import partial
from typing import Any, Literal, TypeVar

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
    Question,
    QuestionCondition,
    QuestionType,
)

State = Literal["active", "not_applicable", "hidden"]
Scorer = Callable[[Any], "float | None"]
MAX_TABLED_OPTIONS = 12  # a multiple choice with more options is scored option by option


def question_score(q: Question, value: Any) -> float | None:
    """The raw score in [0, 1] of a value, before any evidence rule; None when not scored."""
    return compile_scorer(q, tabled=False)(value)


def compile_scorer(q: Question, tabled: bool = True) -> Scorer:
    """A question's scorer: the question's type and options looked at once, not per call; `tabled`,
    a multiple choice's every set of options scored beforehand (the engine's, built once)."""
    if not q.scored:
        return lambda value: None
    if q.type == QuestionType.MULTI_CHOICE:
        return _multi_scorer(q, tabled)
    if q.type in (QuestionType.NUMBER, QuestionType.PERCENT):
        target = q.target if q.type == QuestionType.NUMBER else (q.target or 100.0)

        def number(value: Any) -> float | None:
            return None if value is None else max(0.0, min(1.0, value / target))

        return number
    get = (option_scores(q) or {}).get  # a scored choice question: never None here

    def choice(value: Any) -> float | None:
        try:
            return get(value)  # None for None and for an unknown code
        except TypeError:  # an unhashable value equals no code
            return None

    return choice


def _multi_scorer(q: Question, tabled: bool) -> Scorer:
    pairs = tuple((o.code, o.score) for o in q.choices)

    def multi(value: Any) -> float | None:
        if value is None:
            return None
        return min(1.0, sum([s for code, s in pairs if code in value]))

    if not tabled or len(pairs) > MAX_TABLED_OPTIONS:
        return multi
    # The score of every set of options worked out once, in option order (so the same sum to the
    # last bit); a list of codes is then read as the set it picks. Anything but a list of codes
    # (a single string, an unhashable element) is scored by `multi`.
    bits: dict[str, int] = {}
    for i, (code, _) in enumerate(pairs):
        bits[code] = bits.get(code, 0) | 1 << i
    table = [min(1.0, sum([s for i, (_, s) in enumerate(pairs) if mask >> i & 1]))
             for mask in range(1 << len(pairs))]
    bit = bits.get

    def from_table(value: Any) -> float | None:
        if type(value) is not list:
            return multi(value)
        mask = 0
        try:
            for code in value:
                mask |= bit(code, 0)
        except TypeError:
            return multi(value)
        return table[mask]

    return from_table


def option_scores(q: Question) -> dict[str, float] | None:
    """Option code → score of a scored single-choice question (yes/no, ladder …), else None."""
    if not q.scored or q.type in (QuestionType.MULTI_CHOICE, QuestionType.NUMBER, QuestionType.PERCENT):
        return None
    by_code: dict[str, float] = {}
    for o in q.choices:
        by_code.setdefault(o.code, o.score)  # the first option with the code, as `Question.option`
    return by_code


@dataclass(frozen=True)
class Unproven:
    """What a plan's rule looks at for an answer that would count but lacks the proof its question
    requires: the index scores it 0, so no indicator counts it either (the value is kept to be shown)."""

    value: Any

    def __hash__(self) -> int:  # the value may be a list
        return hash(("unproven", repr(self.value)))


class Values(dict[str, Any]):
    """One agency's answers as the conditions see them: question id → the value when it counts
    (active, answered, not N/A), else None. Each entry is worked out on first lookup and kept; the
    question's state likewise, in `states`."""

    __slots__ = ("answers", "dom", "program", "states")

    def __init__(self, program: Program, answers: Mapping[str, Answer],
                 domain_indices: Mapping[str, float | None]) -> None:
        super().__init__()
        self.program = program
        self.answers = answers
        self.dom = domain_indices
        self.states: dict[str, State] = {}

    def __missing__(self, qid: str) -> Any:
        ans = self.answers.get(qid)
        answered = ans is not None and ans.value is not None and ans.na_reason is None  # `Answer.answered`
        counts = answered and (self.program.gates[qid] is None or self.state(qid) == "active")
        value = ans.value if counts and ans is not None else None
        self[qid] = value
        return value

    def state(self, qid: str) -> State:
        gate = self.program.gates[qid]  # KeyError for an unknown question
        if gate is None:
            return "active"
        cached = self.states.get(qid)
        if cached is not None:
            return cached
        applies, show = gate
        self.states[qid] = "hidden"  # a guard: the loader refuses cycles, this keeps a bad one finite
        if applies is not None and not applies.holds(self):
            state: State = "not_applicable"
        elif show is not None and not show.holds(self):
            state = "hidden"
        else:
            state = "active"
        self.states[qid] = state
        return state

    def proven(self, qid: str) -> Any:
        """The value as a plan's rule looks at it: `Unproven` when it lacks its required proof."""
        v = self[qid]
        return Unproven(v) if self.program.unproven(qid, v, self.answers.get(qid)) else v


@dataclass(frozen=True)
class Leaf:
    """One leaf test of a condition, in reading order. `test` is its meaning, on what it looks at: a
    question's value when it counts (None when it does not, or lacks the proof a plan's rule asks
    for), or a domain's index."""

    question: str | None
    domain: str | None
    shown: str  # the test as an explanation shows it, `not (…)` around it under each `not`
    negated: bool  # under an odd number of `not`s: the explanation shows its outcome turned around
    test: Callable[[Any], bool]

    def held(self, looked: Any) -> bool:
        return self.test(None if type(looked) is Unproven else looked)


# A condition's shape over its leaves: a leaf's index, or (kind, parts) for all / any, ("not", part),
# ("at_least", need, parts).
Shape = Any
Fold = Callable[[Any], Any]  # the condition's outcome from what its leaves are read from


class _Scalar:
    """How one agency's outcomes combine: left to right, stopping as soon as the outcome is known."""

    @staticmethod
    def all(parts: tuple[Fold, ...]) -> Fold:
        return lambda x: all(p(x) for p in parts)

    @staticmethod
    def any(parts: tuple[Fold, ...]) -> Fold:
        return lambda x: any(p(x) for p in parts)

    @staticmethod
    def at_least(need: int, parts: tuple[Fold, ...]) -> Fold:
        return lambda x: sum(1 for p in parts if p(x)) >= need

    @staticmethod
    def not_(inner: Fold) -> Fold:
        return lambda x: not inner(x)


class _Columns:
    """How many agencies' outcomes combine: a column (one entry per agency) per part, row by row."""

    @staticmethod
    def all(parts: tuple[Fold, ...]) -> Fold:
        return lambda x: list(map(all, zip(*[p(x) for p in parts], strict=True)))

    @staticmethod
    def any(parts: tuple[Fold, ...]) -> Fold:
        return lambda x: list(map(any, zip(*[p(x) for p in parts], strict=True)))

    @staticmethod
    def at_least(need: int, parts: tuple[Fold, ...]) -> Fold:
        return lambda x: [k >= need for k in map(sum, zip(*[p(x) for p in parts], strict=True))]

    @staticmethod
    def not_(inner: Fold) -> Fold:
        return lambda x: [not v for v in inner(x)]


def _fold(shape: Shape, ops: type[_Scalar] | type[_Columns], leaf: Callable[[int], Fold]) -> Fold:
    """The condition as one function: `leaf(i)` reads the i-th leaf's outcome, `ops` combine them."""
    if type(shape) is int:
        return leaf(shape)
    if shape[0] == "not":
        return ops.not_(_fold(shape[1], ops, leaf))
    parts = tuple(_fold(p, ops, leaf) for p in shape[-1])
    return ops.at_least(shape[1], parts) if shape[0] == "at_least" else getattr(ops, shape[0])(parts)


class Rule:
    """A condition compiled once: its leaf tests in reading order and how their outcomes combine, one
    agency at a time (`holds`, `facts`, `combine`) or for many at once (`columns`). With `proof` (a
    plan's met_if), an answer lacking the evidence its question requires does not count."""

    __slots__ = ("_combine", "_facts", "_holds", "_proven", "_proven_facts", "columns", "leaves")

    def __init__(self, cond: Condition, prog: Program) -> None:
        leaves: list[Leaf] = []
        shape = _shape(cond, prog, leaves, 0)
        self.leaves = tuple(leaves)
        self._holds = _fold(shape, _Scalar, lambda i: _reader(leaves[i], proof=False))
        self._proven = _fold(shape, _Scalar, lambda i: _reader(leaves[i], proof=True))
        self._combine = _fold(shape, _Scalar, lambda i: partial(_fact_held, i, leaves[i].negated))
        self._facts = tuple(_fact_reader(leaf, proof=False) for leaf in leaves)
        self._proven_facts = tuple(_fact_reader(leaf, proof=True) for leaf in leaves)
        # Given each leaf's column of outcomes (by index), the condition's column.
        self.columns: Callable[[Callable[[int], list[bool]]], list[bool]] = _fold(
            shape, _Columns, lambda i: lambda column: column(i))

    def holds(self, vals: Values, proof: bool = False) -> bool:
        return bool((self._proven if proof else self._holds)(vals))

    def facts(self, vals: Values, proof: bool = False) -> list[tuple[Any, bool]]:
        """Per leaf, what it looked at and whether it held (turned around under an odd number of
        `not`s, as an explanation shows it): one look at the answers gives a rule and its why."""
        return [fact(vals) for fact in (self._proven_facts if proof else self._facts)]

    def combine(self, facts: Sequence[tuple[Any, bool]]) -> bool:
        """The condition from its leaves' `facts`."""
        return bool(self._combine(facts))


def _reader(leaf: Leaf, proof: bool) -> Callable[[Values], bool]:
    """The leaf's outcome for one agency: `leaf.held` of what `_looker` gives, its steps bound once."""
    test, qid, domain = leaf.test, leaf.question, leaf.domain
    if qid is None:
        return lambda vals: test(vals.dom.get(domain))  # type: ignore[arg-type]
    if proof:
        held = leaf.held
        return lambda vals: held(vals.proven(qid))
    return lambda vals: test(vals[qid])


def _looker(leaf: Leaf, proof: bool) -> Callable[[Values], Any]:
    """What the leaf looks at for one agency: a domain's index, a question's value when it counts
    (with `proof`, `Unproven` when it lacks its required proof)."""
    qid, domain = leaf.question, leaf.domain
    if qid is None:
        return lambda vals: vals.dom.get(domain)  # type: ignore[arg-type]
    return (lambda vals: vals.proven(qid)) if proof else (lambda vals: vals[qid])


def _fact_reader(leaf: Leaf, proof: bool) -> Callable[[Values], tuple[Any, bool]]:
    """(what the leaf looked at, whether it held, turned around under an odd number of `not`s)."""
    look, held, negated = _looker(leaf, proof), leaf.held, leaf.negated

    def fact(vals: Values) -> tuple[Any, bool]:
        looked = look(vals)
        return looked, held(looked) != negated

    return fact


def _fact_held(i: int, negated: bool, facts: Sequence[tuple[Any, bool]]) -> bool:
    return facts[i][1] != negated


def _shape(cond: Condition, prog: Program, leaves: list[Leaf], nots: int) -> Shape:
    if isinstance(cond, QuestionCondition | DomainCondition):
        if isinstance(cond, DomainCondition):
            leaf = Leaf(None, cond.domain, f"≥ {cond.index_gte:g}", False, _domain_test(cond))
        else:
            leaf = Leaf(cond.question, None, describe(cond), False, _question_test(cond, prog))
        leaves.append(replace(leaf, shown="not (" * nots + leaf.shown + ")" * nots, negated=nots % 2 == 1))
        return len(leaves) - 1
    if isinstance(cond, NotCondition):
        return ("not", _shape(cond.not_, prog, leaves, nots + 1))
    if isinstance(cond, AllCondition):
        return ("all", [_shape(c, prog, leaves, nots) for c in cond.all])
    if isinstance(cond, AnyCondition):
        return ("any", [_shape(c, prog, leaves, nots) for c in cond.any])
    if isinstance(cond, AtLeastCondition):
        return ("at_least", cond.at_least, [_shape(c, prog, leaves, nots) for c in cond.of])
    raise TypeError(f"unknown condition {cond!r}")


def _domain_test(c: DomainCondition) -> Callable[[Any], bool]:
    gte = c.index_gte
    return lambda idx: idx is not None and idx >= gte


def _question_test(c: QuestionCondition, prog: Program) -> Callable[[Any], bool]:
    """A question test on the value when it counts, None when it does not: `answered` looks at that
    alone; every other test fails on None."""
    if c.answered is not None:
        want = c.answered
        return lambda v: (v is not None) == want
    check = prog.value_check(c)
    return lambda v: False if v is None else check(v)


class Program:
    """A questionnaire made ready to evaluate: per question its gates (applies_if, show_if) and scorer,
    and every condition met so far compiled once. Holds no reference to the questionnaire itself, so
    the cache below lets a questionnaire that is no longer used be freed."""

    MAX_CONDITIONS = 50_000  # compiled conditions kept; far above any real questionnaire and its plans

    def __init__(self, qn: Questionnaire) -> None:
        self.questions: dict[str, Question] = qn.questions
        self._rules: dict[int, tuple[Condition, Rule]] = {}
        self.scorers: dict[str, Scorer] = {qid: compile_scorer(q) for qid, q in qn.questions.items()}
        # Questions that always apply and always show: their value is read straight from the answer.
        self.ungated = frozenset(qid for qid, q in qn.questions.items() if q.applies_if is None and q.show_if is None)
        # Per question, (applies_if, show_if) compiled; None for an ungated question.
        self.gates: dict[str, tuple[Rule | None, Rule | None] | None] = {
            qid: None if qid in self.ungated else
            (self.rule(q.applies_if) if q.applies_if is not None else None,
             self.rule(q.show_if) if q.show_if is not None else None)
            for qid, q in qn.questions.items()
        }
        # Scored questions whose positive answer counts only with its evidence (the index's rule).
        self.proof_required = frozenset(qid for qid, q in qn.questions.items()
                                        if q.scored and q.evidence == EvidencePolicy.REQUIRED)

    def unproven(self, qid: str, value: Any, answer: Answer | None) -> bool:
        """Whether a value that counts is, for the plan, a claim without its proof: the question
        requires evidence, the answer scores above 0 and carries none (the index's "missing_evidence")."""
        return (value is not None and qid in self.proof_required and answer is not None
                and not answer.evidence.present and (self.scorers[qid](value) or 0.0) > 0)

    def rule(self, cond: Condition) -> Rule:
        """The compiled form of `cond` (kept, by identity, with the condition itself)."""
        entry = self._rules.get(id(cond))
        if entry is not None and entry[0] is cond:
            return entry[1]
        rule = Rule(cond, self)
        if len(self._rules) >= self.MAX_CONDITIONS:
            self._rules.clear()
        self._rules[id(cond)] = (cond, rule)
        return rule

    def value_check(self, c: QuestionCondition) -> Callable[[Any], bool]:
        """The test of a question condition on a value that counts (never None); the fields are read
        in the reference's order (the model allows exactly one)."""
        by_code = _code_check(c)
        if by_code is not None:
            return by_code
        qid = c.question
        if c.count_gte is not None:
            n = c.count_gte
            known = self.questions[qid].exclusive_codes if qid in self.questions else None

            def count(v: Any) -> bool:
                excl = known if known is not None else self.questions[qid].exclusive_codes
                return len([x for x in v if x not in excl]) >= n

            return count
        if c.score_gte is not None:
            bar = c.score_gte - 1e-9

            def score_at_least(v: Any) -> bool:
                s = self.scorers[qid](v) if qid in self.scorers else question_score(self.questions[qid], v)
                return s is not None and s >= bar

            return score_at_least
        for bound, op in ((c.gt, operator.gt), (c.gte, operator.ge), (c.lt, operator.lt), (c.lte, operator.le)):
            if bound is not None:
                return partial(_compare, op, bound)
        return lambda v: False


def _code_check(c: QuestionCondition) -> Callable[[Any], bool] | None:
    """The test of an equals, not_equals, in, not_in or includes condition; None for another."""
    if c.equals is not None:
        x = c.equals
        return lambda v: v == x
    if c.not_equals is not None:
        y = c.not_equals
        return lambda v: v != y
    if c.in_ is not None:
        xs = tuple(c.in_)  # a tuple, not a set: `in` by equality, as on the list
        return lambda v: v in xs
    if c.not_in is not None:
        ys = tuple(c.not_in)
        return lambda v: v not in ys
    if c.includes is not None:
        z = c.includes
        return lambda v: z in v
    return None


def _compare(op: Callable[[Any, Any], bool], bound: float, v: Any) -> bool:
    return op(v, bound)


K = TypeVar("K")


def per_questionnaire(build: Callable[[Questionnaire], K]) -> Callable[[Questionnaire], K]:
    """`build(qn)` made on first use and kept as long as the questionnaire lives."""
    kept: dict[int, tuple[weakref.ref[Questionnaire], K]] = {}

    def get(qn: Questionnaire) -> K:
        key = id(qn)
        entry = kept.get(key)
        if entry is not None and entry[0]() is qn:
            return entry[1]
        made = build(qn)

        def forget(_ref: weakref.ref[Questionnaire]) -> None:
            kept.pop(key, None)

        kept[key] = (weakref.ref(qn, forget), made)
        return made

    return get


program = per_questionnaire(Program)  # the questionnaire's Program


class AnswerContext:
    """One agency's answers seen through the questionnaire's applicability and visibility rules."""

    def __init__(self, qn: Questionnaire, answers: Mapping[str, Answer],
                 domain_indices: Mapping[str, float | None] | None = None) -> None:
        self.qn = qn
        self.answers = answers
        self.domain_indices = domain_indices or {}
        self.program = program(qn)
        self.values = Values(self.program, answers, self.domain_indices)

    def state(self, qid: str) -> State:
        return self.values.state(qid)

    def value(self, qid: str) -> Any:
        """The answer's value when it counts: active, answered, not N/A."""
        return self.values[qid]

    def score(self, qid: str) -> float | None:
        scorer = self.program.scorers.get(qid)
        if scorer is None:  # not a question of this questionnaire
            return question_score(self.qn.questions[qid], self.value(qid))
        return scorer(self.values[qid])

    def number(self, qid: str) -> float:
        v = self.values[qid]
        return float(v) if isinstance(v, int | float) else 0.0

    def holds(self, cond: Condition, proof: bool = False) -> bool:
        """Whether `cond` holds; with `proof` as a plan's met_if reads it (`Rule`)."""
        return self.program.rule(cond).holds(self.values, proof)


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
    if cond is None:
        return []
    rule = ctx.program.rule(cond)
    return [Check(leaf.question, leaf.domain, leaf.shown, looked, passed)
            for leaf, (looked, passed) in zip(rule.leaves, rule.facts(ctx.values), strict=True)]


def describe(c: QuestionCondition) -> str:
    for name, sym in (("equals", "="), ("not_equals", "≠"), ("in_", "∈"), ("not_in", "∉"),
                      ("includes", "∋"), ("count_gte", "count ≥"), ("gt", ">"), ("gte", "≥"), ("lt", "<"),
                      ("lte", "≤"), ("score_gte", "score ≥"), ("answered", "answered =")):
        v = getattr(c, name)
        if v is not None:
            shown = ", ".join(v) if isinstance(v, list) else (f"{v:g}" if isinstance(v, float) else v)
            return f"{sym} {shown}"
    return "?"
