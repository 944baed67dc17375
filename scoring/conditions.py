"""Evaluating the structured conditions of the questionnaires and plans against one agency's answers.

A question is in one of three states: active, not applicable (its `applies_if` is false: left out of
every index), or hidden (its `show_if` is false: a follow-up to something the agency lacks, so it
counts as zero). A condition that looks at a question which is not active, not answered or answered
N/A is false; only `not` turns that around.

Speed: a province scores thousands of assessments at a time, so each questionnaire is turned once
into a `Program`: every condition becomes a small Python closure over its already-parsed test (data
stays data: nothing from a file is ever evaluated as code), every question a scorer, and the answers
of one agency are read through a `Values` dict that works out each question's state and counted value
on first use only.
"""

from __future__ import annotations

import operator
import weakref
from collections.abc import Callable, Mapping
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
    EvidencePolicy,
    NotCondition,
    Question,
    QuestionCondition,
    QuestionType,
)

State = Literal["active", "not_applicable", "hidden"]
Test = Callable[["Values"], bool]
Scorer = Callable[[Any], "float | None"]
MAX_TABLED_OPTIONS = 12  # a multiple choice with more options is scored option by option


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


def compile_scorer(q: Question) -> Scorer:
    """`question_score(q, ·)` with the question's type and options looked at once, not per call."""
    if not q.scored:
        return lambda value: None
    t = q.type
    if t == QuestionType.MULTI_CHOICE:
        pairs = tuple((o.code, o.score) for o in q.choices)

        def multi(value: Any) -> float | None:
            if value is None:
                return None
            return min(1.0, sum([s for code, s in pairs if code in value]))

        if len(pairs) > MAX_TABLED_OPTIONS:
            return multi
        # The score of every set of options worked out once, in option order (so the same sum to the
        # last bit); a list of codes is then read as the set it picks. Anything but a list of codes
        # (a single string, an unhashable element) is scored by `multi`, as before.
        bits: dict[str, int] = {}
        for i, (code, _) in enumerate(pairs):
            bits[code] = bits.get(code, 0) | 1 << i
        table = [min(1.0, sum([s for i, (_, s) in enumerate(pairs) if mask >> i & 1]))
                 for mask in range(1 << len(pairs))]
        bit = bits.get

        def tabled(value: Any) -> float | None:
            if type(value) is not list:
                return multi(value)
            mask = 0
            try:
                for code in value:
                    mask |= bit(code, 0)
            except TypeError:
                return multi(value)
            return table[mask]

        return tabled
    if t in (QuestionType.NUMBER, QuestionType.PERCENT):
        target = q.target if t == QuestionType.NUMBER else (q.target or 100.0)

        def number(value: Any) -> float | None:
            return None if value is None else max(0.0, min(1.0, value / target))

        return number
    get = option_scores(q).get

    def choice(value: Any) -> float | None:
        try:
            return get(value)  # None for None and for an unknown code
        except TypeError:  # an unhashable value equals no code
            return None

    return choice


def option_scores(q: Question) -> dict[str, float] | None:
    """Option code → score of a scored single-choice question (yes/no, ladder …), else None."""
    if not q.scored or q.type in (QuestionType.MULTI_CHOICE, QuestionType.NUMBER, QuestionType.PERCENT):
        return None
    by_code: dict[str, float] = {}
    for o in q.choices:
        by_code.setdefault(o.code, o.score)  # the first option with the code, as `Question.option`
    return by_code


class Unproven:
    """A plan rule's view of an answer that would count but lacks the proof its question requires:
    the index scores it 0, so no indicator counts it either (the value is kept to be shown)."""

    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value

    def __eq__(self, other: object) -> bool:
        return type(other) is Unproven and other.value == self.value

    def __hash__(self) -> int:
        return hash(("unproven", repr(self.value)))

    def __repr__(self) -> str:
        return f"Unproven({self.value!r})"


class Values(dict):
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
        value = ans.value if counts else None
        self[qid] = value
        return value

    def state(self, qid: str) -> State:
        gate = self.program.gates[qid]  # KeyError for an unknown question, as before
        if gate is None:
            return "active"
        cached = self.states.get(qid)
        if cached is not None:
            return cached
        applies, show = gate
        self.states[qid] = "hidden"  # a guard: the loader refuses cycles, this keeps a bad one finite
        if applies is not None and not applies(self):
            state: State = "not_applicable"
        elif show is not None and not show(self):
            state = "hidden"
        else:
            state = "active"
        self.states[qid] = state
        return state


class Program:
    """A questionnaire made ready to evaluate: per question its gates (applies_if, show_if) and scorer,
    and every condition met so far compiled once. Holds no reference to the questionnaire itself, so
    the cache below lets a questionnaire that is no longer used be freed."""

    MAX_CONDITIONS = 50_000  # compiled conditions kept; far above any real questionnaire and its plans

    def __init__(self, qn: Questionnaire) -> None:
        self.questions: dict[str, Question] = qn.questions
        self._compiled: dict[int, tuple[Condition, Test]] = {}
        # Questions that always apply and always show: their value is read straight from the answer.
        self.ungated = frozenset(qid for qid, q in qn.questions.items() if q.applies_if is None and q.show_if is None)
        # Per question, (applies_if, show_if) compiled; None for an ungated question.
        self.gates: dict[str, tuple[Test | None, Test | None] | None] = {
            qid: None if qid in self.ungated else
            (self.test(q.applies_if) if q.applies_if is not None else None,
             self.test(q.show_if) if q.show_if is not None else None)
            for qid, q in qn.questions.items()
        }
        self.scorers: dict[str, Scorer] = {qid: compile_scorer(q) for qid, q in qn.questions.items()}
        # Scored questions whose positive answer counts only with its evidence (the index's rule).
        self.proof_required = frozenset(qid for qid, q in qn.questions.items()
                                        if q.scored and q.evidence == EvidencePolicy.REQUIRED)

    def unproven(self, qid: str, value: Any, answer: Answer | None) -> bool:
        """Whether a value that counts is, for the plan, a claim without its proof: the question
        requires evidence, the answer scores above 0 and carries none (`engine._score_domain`'s
        "missing_evidence")."""
        return (value is not None and qid in self.proof_required and answer is not None
                and not answer.evidence.present and (self.scorers[qid](value) or 0.0) > 0)

    def test(self, cond: Condition) -> Test:
        """The compiled form of `cond` (kept, by identity, with the condition itself)."""
        entry = self._compiled.get(id(cond))
        if entry is not None and entry[0] is cond:
            return entry[1]
        fn = self._compile(cond)
        if len(self._compiled) >= self.MAX_CONDITIONS:
            self._compiled.clear()
        self._compiled[id(cond)] = (cond, fn)
        return fn

    def _compile(self, cond: Condition) -> Test:
        if isinstance(cond, QuestionCondition):
            return self._question_test(cond)
        if isinstance(cond, DomainCondition):
            domain, gte = cond.domain, cond.index_gte

            def domain_test(vals: Values) -> bool:
                idx = vals.dom.get(domain)
                return idx is not None and idx >= gte

            return domain_test
        if isinstance(cond, AllCondition):
            parts = tuple(self.test(c) for c in cond.all)
            return lambda vals: all(f(vals) for f in parts)
        if isinstance(cond, AnyCondition):
            parts = tuple(self.test(c) for c in cond.any)
            return lambda vals: any(f(vals) for f in parts)
        if isinstance(cond, NotCondition):
            inner = self.test(cond.not_)
            return lambda vals: not inner(vals)
        if isinstance(cond, AtLeastCondition):
            parts, need = tuple(self.test(c) for c in cond.of), cond.at_least
            return lambda vals: sum(1 for f in parts if f(vals)) >= need
        raise TypeError(f"unknown condition {cond!r}")

    def fact(self, leaf: QuestionCondition | DomainCondition, negated: bool = False,
             proof: bool = False) -> Callable[[Values], tuple]:
        """A leaf test compiled to give (what it looked at, whether it held), the held turned around
        when `negated`: one call gives both what a rule needs and what its explanation shows. With
        `proof` (what a plan's met_if looks at), an answer lacking its required evidence reads as not
        counting: it is looked at as `Unproven(value)` and the test is what it gives on no answer."""
        plain = self._fact(leaf, negated)
        if not proof or isinstance(leaf, DomainCondition) or leaf.question not in self.proof_required:
            return plain
        qid = leaf.question
        on_none = unanswered_result(leaf) != negated

        def proven_fact(vals: Values) -> tuple:
            v, held = plain(vals)
            if self.unproven(qid, v, vals.answers.get(qid)):
                return Unproven(v), on_none
            return v, held

        return proven_fact

    def _fact(self, leaf: QuestionCondition | DomainCondition, negated: bool) -> Callable[[Values], tuple]:
        if isinstance(leaf, DomainCondition):
            domain, gte = leaf.domain, leaf.index_gte

            def domain_fact(vals: Values) -> tuple:
                idx = vals.dom.get(domain)
                return idx, (idx is not None and idx >= gte) != negated

            return domain_fact
        qid = leaf.question
        check = self.value_check(leaf)
        direct = qid in self.ungated
        if leaf.answered is not None:
            want = leaf.answered

            def answered_fact(vals: Values) -> tuple:
                if direct:
                    a = vals.answers.get(qid)
                    v = None if a is None or a.na_reason is not None else a.value
                else:
                    v = vals[qid]
                return v, ((v is not None) == want) != negated

            return answered_fact

        def question_fact(vals: Values) -> tuple:
            if direct:  # the value when it counts, as `Values` gives it, without keeping it
                a = vals.answers.get(qid)
                v = None if a is None or a.na_reason is not None else a.value
            else:
                v = vals[qid]
            return v, (False if v is None else check(v)) != negated

        return question_fact

    def _question_test(self, c: QuestionCondition) -> Test:
        qid = c.question
        direct = qid in self.ungated
        if c.answered is not None:
            want = c.answered
            if direct:
                def answered_direct(vals: Values) -> bool:
                    a = vals.answers.get(qid)
                    return (a is not None and a.na_reason is None and a.value is not None) == want

                return answered_direct
            return lambda vals: (vals[qid] is not None) == want
        check = self.value_check(c)
        if direct:
            def test_direct(vals: Values) -> bool:
                a = vals.answers.get(qid)
                if a is None or a.na_reason is not None:
                    return False
                v = a.value
                return False if v is None else check(v)

            return test_direct

        def test(vals: Values) -> bool:
            v = vals[qid]
            return False if v is None else check(v)

        return test

    def value_check(self, c: QuestionCondition) -> Callable[[Any], bool]:
        """The test of a question condition on a value that counts (never None); the fields are read
        in the order they always were (the model allows exactly one)."""
        if c.equals is not None:
            x = c.equals
            return lambda v: v == x
        if c.not_equals is not None:
            x = c.not_equals
            return lambda v: v != x
        if c.in_ is not None:
            xs = tuple(c.in_)  # a tuple, not a set: `in` by equality, as on the list
            return lambda v: v in xs
        if c.not_in is not None:
            xs = tuple(c.not_in)
            return lambda v: v not in xs
        if c.includes is not None:
            x = c.includes
            return lambda v: x in v
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
                return lambda v, op=op, bound=bound: op(v, bound)
        return lambda v: False


_programs: dict[int, tuple[weakref.ref, Program]] = {}


def program(qn: Questionnaire) -> Program:
    """The questionnaire's Program, built on first use and kept as long as the questionnaire lives."""
    key = id(qn)
    entry = _programs.get(key)
    if entry is not None and entry[0]() is qn:
        return entry[1]
    prog = Program(qn)
    _programs[key] = (weakref.ref(qn, lambda _ref, key=key: _programs.pop(key, None)), prog)
    return prog


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

    def holds(self, cond: Condition) -> bool:
        return self.program.test(cond)(self.values)


def unanswered_result(leaf: QuestionCondition) -> bool:
    """What a question test gives when the answer does not count, as a claim lacking its required
    proof does not for a plan: `answered: false` holds, every other test fails."""
    return (not leaf.answered) if leaf.answered is not None else False


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
    return [Check(question, domain, test, ctx.value(question) if question is not None
                  else ctx.domain_indices.get(domain), ctx.holds(leaf) != negated)
            for leaf, question, domain, test, negated in leaves(cond)]


def leaves(cond: Condition | None, negated: bool = False) -> list[tuple[Condition, str | None, str | None, str, bool]]:
    """The leaf tests of a condition in reading order: (leaf, question, domain, shown test, negated),
    where `negated` says an odd number of `not`s wrap it (its outcome is then turned around)."""
    out: list[tuple[Condition, str | None, str | None, str, bool]] = []
    _walk(cond, out, 0)
    return out


def _walk(cond: Condition | None, out: list, nots: int) -> None:
    if cond is None:
        return
    if isinstance(cond, QuestionCondition):
        out.append((cond, cond.question, None, _wrap(describe(cond), nots), nots % 2 == 1))
    elif isinstance(cond, DomainCondition):
        out.append((cond, None, cond.domain, _wrap(f"≥ {cond.index_gte:g}", nots), nots % 2 == 1))
    elif isinstance(cond, AllCondition | AnyCondition):
        for c in cond.all if isinstance(cond, AllCondition) else cond.any:
            _walk(c, out, nots)
    elif isinstance(cond, AtLeastCondition):
        for c in cond.of:
            _walk(c, out, nots)
    elif isinstance(cond, NotCondition):
        _walk(cond.not_, out, nots + 1)


def combiner(cond: Condition) -> Callable[[list[tuple]], bool]:
    """`cond` worked out from the facts of its leaves, as `Program.fact` gives them in `leaves` order:
    a rule whose leaves were looked at for its explanation need not look at the answers again."""
    fn, _ = _combine(cond, 0, False)
    return fn


def _combine(cond: Condition, i: int, negated: bool) -> tuple[Callable[[list[tuple]], bool], int]:
    if isinstance(cond, QuestionCondition | DomainCondition):
        # the fact holds the outcome turned around by the `not`s above; turn it back
        return (lambda facts: facts[i][1] != negated), i + 1
    if isinstance(cond, NotCondition):
        inner, i = _combine(cond.not_, i, not negated)
        return (lambda facts: not inner(facts)), i
    children = cond.all if isinstance(cond, AllCondition) else cond.any if isinstance(cond, AnyCondition) \
        else cond.of if isinstance(cond, AtLeastCondition) else None
    if children is None:
        raise TypeError(f"unknown condition {cond!r}")
    parts = []
    for c in children:
        fn, i = _combine(c, i, negated)
        parts.append(fn)
    parts_t = tuple(parts)
    if isinstance(cond, AllCondition):
        return (lambda facts: all(f(facts) for f in parts_t)), i
    if isinstance(cond, AnyCondition):
        return (lambda facts: any(f(facts) for f in parts_t)), i
    need = cond.at_least
    return (lambda facts: sum(1 for f in parts_t if f(facts)) >= need), i


def _wrap(test: str, nots: int) -> str:
    return "not (" * nots + test + ")" * nots


def describe(c: QuestionCondition) -> str:
    for name, sym in (("equals", "="), ("not_equals", "≠"), ("in_", "∈"), ("not_in", "∉"),
                      ("includes", "∋"), ("count_gte", "count ≥"), ("gt", ">"), ("gte", "≥"), ("lt", "<"),
                      ("lte", "≤"), ("score_gte", "score ≥"), ("answered", "answered =")):
        v = getattr(c, name)
        if v is not None:
            shown = ", ".join(v) if isinstance(v, list) else (f"{v:g}" if isinstance(v, float) else v)
            return f"{sym} {shown}"
    return "?"
