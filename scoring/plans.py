"""A plan's indicators: what one agency contributes to each, and the province's value against targets.

The denominators are the plan's own (see docs/plan-indicators.md): an indicator can
count agencies (those the indicator applies to), or add up quantities such as people or readers. An
agency an indicator does not apply to contributes 0 / 0 and is left out, never counted as failing.
Targets are exact fractions, so a strict "trên 60%" is not met by 3 agencies out of 5.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from fractions import Fraction
from itertools import chain
from pathlib import Path
from typing import Any, Literal, NamedTuple

from pydantic import Field, PrivateAttr, ValidationError, field_validator, model_validator

from scoring.answers import Answer
from scoring.conditions import Check, Program, Rule, Unproven, Values, program
from scoring.engine import Result
from scoring.loader import (
    Problem,
    Questionnaire,
    QuestionnaireError,
    check_condition,
    read_yaml,
    validation_problems,
)
from scoring.models import Condition, QuestionType, Sources, Strict, Text

INDICATOR_IDS = (
    "content_on_digital_platforms",
    "data_ai_platform",
    "converged_newsroom",
    "staff_trained",
    "security_level3",
    "urban_rural_balance",
    "autonomy",
    "magazine_relicensed",
)
PLANS_DIR = Path(__file__).resolve().parent.parent / "questionnaires" / "plans"
_TARGET = re.compile(r"^\s*(>)?\s*(\d{1,3}(?:[.,]\d+)?)\s*%\s*$")


@dataclass(frozen=True)
class Target:
    value: Fraction
    strict: bool
    label: str
    held_from: int | None = None  # the plan's own target of this year, held (`hold_after`); None: the year's own

    def met_by(self, value: Fraction) -> bool:
        return value > self.value if self.strict else value >= self.value


def parse_target(raw: Any) -> Target:
    """'30%' or '>60%' (the plan's "trên 60%"), optionally {value: '35%', label: '65%/35%'}."""
    label = None
    if isinstance(raw, dict):
        label = raw.get("label")
        raw = raw.get("value")
    m = _TARGET.match(str(raw)) if isinstance(raw, str) else None
    if m is None:
        raise ValueError(f"target {raw!r} must look like '30%' or '>60%'")
    value = Fraction(m.group(2).replace(",", ".")) / 100
    if value > 1:
        raise ValueError(f"target {raw!r} is above 100%")
    return Target(value, bool(m.group(1)), str(label or raw).strip())


class IndicatorSpec(Strict):
    id: str
    label: Text
    measure: Text  # the plan's own words for numerator / denominator
    kind: Literal["agency_count", "ratio"]
    applies_if: Condition | None = None  # agency_count: which agencies are in the denominator
    met_if: Condition | None = None  # agency_count: the rule an agency meets
    numerator: tuple[str, ...] = ()  # ratio: questions whose values are added up
    denominator: tuple[str, ...] = ()
    targets: dict[int, Any] = Field(default_factory=dict)
    # The target of this year is held in the later years without one, through the plan's last target
    # year (Appendix I sets 2023–2025 only; for 2026–2030 the 2025 level is to be held).
    hold_after: int | None = None
    note: Text | None = None
    _hold_until: int | None = PrivateAttr(default=None)  # set by the plan: its last target year

    @field_validator("id")
    @classmethod
    def _known(cls, v: str) -> str:
        if v not in INDICATOR_IDS:
            raise ValueError(f"unknown indicator id '{v}' (ids are fixed: {', '.join(INDICATOR_IDS)})")
        return v

    @field_validator("targets")
    @classmethod
    def _targets(cls, v: dict[int, Any]) -> dict[int, Any]:
        for year, raw in v.items():
            if not 2000 <= year <= 2100:
                raise ValueError(f"target year {year} is not a year")
            if raw is not None:
                parse_target(raw)
        return v

    @model_validator(mode="after")
    def _hold(self) -> IndicatorSpec:
        if self.hold_after is None:
            return self
        if self.targets.get(self.hold_after) is None:
            raise ValueError(f"hold_after: {self.hold_after} has no target of its own to hold "
                             f"(targets: {', '.join(map(str, sorted(self.targets))) or 'none'})")
        later = sorted(y for y, raw in self.targets.items() if y > self.hold_after and raw is not None)
        if later:
            raise ValueError(f"hold_after: {self.hold_after} is not the last target year (a target is set for "
                             f"{later[0]}); hold the last one")
        return self

    @model_validator(mode="after")
    def _kind_fields(self) -> IndicatorSpec:
        if self.kind == "agency_count":
            if self.met_if is None:
                raise ValueError("an agency_count indicator needs met_if")
            if self.numerator or self.denominator:
                raise ValueError("an agency_count indicator counts agencies; remove numerator/denominator")
        else:
            if not self.numerator or not self.denominator:
                raise ValueError("a ratio indicator needs numerator and denominator question lists")
            if self.met_if is not None or self.applies_if is not None:
                raise ValueError("a ratio indicator is decided by its numbers; remove met_if/applies_if")
        return self

    def target(self, year: int) -> Target | None:
        """The year's own target; else, in a year held (`held_years`), the held one, marked as such."""
        if year in self.targets:
            raw = self.targets[year]
            return None if raw is None else parse_target(raw)
        if self.hold_after is not None and year in self.held_years():
            return replace(parse_target(self.targets[self.hold_after]), held_from=self.hold_after)
        return None

    def held_years(self) -> range:
        """The years after `hold_after` through the plan's last target year (none without a hold)."""
        if self.hold_after is None or self._hold_until is None:
            return range(0)
        return range(self.hold_after + 1, self._hold_until + 1)


class PlanFile(Strict):
    id: str
    version: str
    title: Text
    short_title: Text | None = None
    issued_by: Text
    source: Sources = Field(default_factory=list)
    deadline: str = "11-25"  # month-day of the yearly report, "trước ngày 25/11 hằng năm"
    indicators: tuple[IndicatorSpec, ...]

    @model_validator(mode="after")
    def _all_indicators_once(self) -> PlanFile:
        ids = [i.id for i in self.indicators]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise ValueError(f"indicator listed twice: {', '.join(dupes)}")
        missing = [i for i in INDICATOR_IDS if i not in ids]
        if missing:
            raise ValueError(f"every plan lists all eight indicators (targets may be empty); missing: "
                             f"{', '.join(missing)}")
        last = max((y for i in self.indicators for y, raw in i.targets.items() if raw is not None), default=None)
        for ind in self.indicators:
            ind._hold_until = last  # a held target runs to the plan's horizon, not forever
        return self

    @property
    def short(self) -> Text:
        return self.short_title or self.title

    @property
    def years(self) -> list[int]:
        return sorted({y for i in self.indicators for y in i.targets})

    def indicator(self, iid: str) -> IndicatorSpec:
        return next(i for i in self.indicators if i.id == iid)


def load_plans(qn: Questionnaire, root: Path | str = PLANS_DIR) -> dict[str, PlanFile]:
    root = Path(root)
    problems: list[Problem] = []
    plans: dict[str, PlanFile] = {}
    files = sorted(root.glob("*.yaml"))
    if not files:
        raise QuestionnaireError([Problem(str(root), "(folder)", "no plan file (*.yaml) found")])
    for path in files:
        rel = f"plans/{path.name}"
        raw = read_yaml(path, root.parent, problems)
        if raw is None:
            continue
        try:
            plan = PlanFile.model_validate(raw)
        except ValidationError as exc:
            problems.extend(validation_problems(rel, raw, exc))
            continue
        if plan.id in plans:
            problems.append(Problem(rel, plan.id, "another plan file has the same id"))
        for ind in plan.indicators:
            problems.extend(_indicator_problems(qn, rel, ind))
        plans[plan.id] = plan
    if problems:
        raise QuestionnaireError(problems)
    return plans


def _indicator_problems(qn: Questionnaire, rel: str, ind: IndicatorSpec) -> list[Problem]:
    """What an indicator names that the questionnaire lacks, or cannot add up."""
    problems: list[Problem] = []
    for where, cond in (("applies_if", ind.applies_if), ("met_if", ind.met_if)):
        problems.extend(check_condition(cond, qn.questions, rel, ind.id, where, allow_domains=True,
                                        domain_ids=qn.domain_ids))
    for qid in ind.numerator + ind.denominator:
        q = qn.questions.get(qid)
        if q is None:
            problems.append(Problem(rel, ind.id, f"names an unknown question '{qid}'"))
        elif q.type != QuestionType.NUMBER:
            problems.append(Problem(rel, ind.id, f"'{qid}' must be a number question to be added up"))
    return problems


# --- one agency's contribution -------------------------------------------------------------------


# ((question, domain, test) per leaf, (actual, passed, actual, passed …))
Why = tuple[tuple[tuple["str | None", "str | None", str], ...], tuple[Any, ...]]


class Contribution(NamedTuple):
    """What one agency adds to one indicator, and why.

    `why` is (the rule's leaf tests, then what each looked at and whether it held, flat) as plain
    tuples; `checks` turns them into `Check`s when read (a province computes thousands of
    contributions and shows the reasons of a few). A tuple, as `engine.DomainResult`."""

    indicator: str
    applicable: bool
    met: bool | None  # None: a ratio indicator in a year without a target
    numerator: float
    denominator: float
    why: Why

    def __repr__(self) -> str:
        return (f"Contribution(indicator={self.indicator!r}, applicable={self.applicable!r}, met={self.met!r}, "
                f"numerator={self.numerator!r}, denominator={self.denominator!r})")

    @property
    def checks(self) -> tuple[Check, ...]:
        """Why: the rule's tests and their outcomes."""
        template, facts = self.why
        return tuple(Check(q, d, test, actual.value, passed, True) if type(actual) is Unproven
                     else Check(q, d, test, actual, passed)
                     for (q, d, test), actual, passed in zip(template, facts[0::2], facts[1::2], strict=True))

    def as_json(self) -> dict[str, Any]:
        return {"applicable": self.applicable, "met": self.met,
                "numerator": _num(self.numerator), "denominator": _num(self.denominator)}


def _num(x: float) -> int | float:
    return int(x) if float(x).is_integer() else x


_NUMBER = (int, float)  # as `int | float`, which isinstance checks more slowly
LIMIT = 10**9  # numbers are read as fractions with a denominator up to this


def _fraction(x: float) -> Fraction:
    return Fraction(x).limit_denominator(LIMIT)


def _ratio_met(target: Target, num: float, den: float) -> bool:
    """`target.met_by(num / den)` in exact arithmetic; integers (head counts, readers) without
    building fractions."""
    if (type(num) is float or type(num) is int) and (type(den) is float or type(den) is int) \
            and float(num).is_integer() and float(den).is_integer() and den > 0:
        n, d = int(num), int(den)
        p, q = target.value.numerator, target.value.denominator
        return n * q > p * d if target.strict else n * q >= p * d
    return target.met_by(_fraction(num) / _fraction(den))


class CountRule:
    """An indicator counting agencies: its leaf tests are looked at once, for the explanation, and the
    rule is worked out from what they gave. The met_if tests count an answer only with the evidence
    its question requires (`Rule`'s `proof`), as the index does; applies_if does not ask for proof: a
    claim without it must not take an agency out of a denominator."""

    __slots__ = ("applies", "id", "met", "template_all", "template_applies")

    def __init__(self, ind: IndicatorSpec, prog: Program) -> None:
        self.id = ind.id
        self.applies = prog.rule(ind.applies_if) if ind.applies_if is not None else None
        self.met = prog.rule(ind.met_if) if ind.met_if is not None else None
        self.template_applies = _template(self.applies)
        self.template_all = self.template_applies + _template(self.met)

    def contribution(self, vals: Values) -> Contribution:
        facts = self.applies.facts(vals) if self.applies is not None else []
        applicable = self.applies is None or self.applies.combine(facts)
        if applicable:
            met_facts = self.met.facts(vals, proof=True) if self.met is not None else []
            met = self.met is not None and self.met.combine(met_facts)
            facts += met_facts
        else:
            met = False
        return self.made(applicable, met, tuple(chain.from_iterable(facts)))

    def made(self, applicable: bool, met: bool, facts: tuple[Any, ...]) -> Contribution:
        """The contribution from the rule's outcome and its leaves' facts, flat (what each looked at,
        whether it held; the met_if leaves only when the agency is in the denominator)."""
        met = met if applicable else False
        return Contribution(self.id, applicable, met, 1 if met else 0, 1 if applicable else 0,
                            (self.template_all if applicable else self.template_applies, facts))


def _template(rule: Rule | None) -> tuple[tuple[str | None, str | None, str], ...]:
    return () if rule is None else tuple((leaf.question, leaf.domain, leaf.shown) for leaf in rule.leaves)


class RatioRule:
    """An indicator adding up quantities. A numerator's answer lacking the evidence its question
    requires adds nothing (it is `Unproven`); a denominator's counts as given."""

    __slots__ = ("denominator", "id", "numerator", "spec", "targets", "template")

    def __init__(self, ind: IndicatorSpec) -> None:
        self.id = ind.id
        self.spec = ind
        self.numerator = ind.numerator
        self.denominator = ind.denominator
        self.template = tuple((q, None, "numerator") for q in ind.numerator) + tuple(
            (q, None, "denominator") for q in ind.denominator)
        self.targets: dict[int, Target | None] = {}

    def contribution(self, vals: Values, year: int) -> Contribution:
        """One agency: a batch of one, so the engine and the batch add the same numbers the same way."""
        nums, dens = [[vals.proven(q)] for q in self.numerator], [[vals[q]] for q in self.denominator]
        return self.made_many(nums, dens, year)[0]

    def target(self, year: int) -> Target | None:
        if year in self.targets:
            return self.targets[year]
        target = self.targets[year] = self.spec.target(year)
        return target

    def made_many(self, nums: Sequence[Sequence[Any]], dens: Sequence[Sequence[Any]], year: int) -> list[Contribution]:
        """The contributions of many agencies (scoring/batch.py), from one column per numerator and
        denominator question (each agency's value, None where it does not count, `Unproven` where it lacks
        its proof). The sums go left
        to right from 0, as `engine.added` does, column after column; each agency's facts come out of
        one `zip` of the columns. Both lists are never empty (`IndicatorSpec` requires them)."""
        n = len(nums[0])
        num_total: list[float] = [0] * n
        for col in nums:
            num_total = [t + (float(v) if isinstance(v, _NUMBER) else 0.0) for t, v in zip(num_total, col, strict=True)]
        den_total: list[float] = [0] * n
        for col in dens:
            den_total = [t + (float(v) if isinstance(v, _NUMBER) else 0.0) for t, v in zip(den_total, col, strict=True)]
        interleaved = []
        for col in (*nums, *dens):
            interleaved += [col, [v is not None and type(v) is not Unproven for v in col]]
        target = self.target(year)
        out = []
        for num, den, facts in zip(num_total, den_total, zip(*interleaved, strict=True), strict=True):
            applicable = den > 0
            met = _ratio_met(target, num, den) if applicable and target is not None else None
            out.append(Contribution(self.id, applicable, met if applicable else False, num if applicable else 0,
                                    den if applicable else 0, (self.template, facts)))
        return out


class PlanRules:
    __slots__ = ("plan", "rules")

    def __init__(self, plan: PlanFile, prog: Program) -> None:
        self.plan = plan  # kept, so the id this is filed under is never reused while it lives
        self.rules: tuple[CountRule | RatioRule, ...] = tuple(
            CountRule(ind, prog) if ind.kind == "agency_count" else RatioRule(ind) for ind in plan.indicators)


_rules: dict[tuple[int, int], PlanRules] = {}


def plan_rules(plan: PlanFile, prog: Program) -> PlanRules:
    key = (id(plan), id(prog))
    rules = _rules.get(key)
    if rules is None or rules.plan is not plan:
        if len(_rules) > 256:  # plans are few; tests make many
            _rules.clear()
        rules = _rules[key] = PlanRules(plan, prog)
    return rules


def contributions(plan: PlanFile, qn: Questionnaire, answers: Mapping[str, Answer], result: Result,
                  year: int) -> dict[str, Contribution]:
    prog = program(qn)
    vals = Values(prog, answers, {d: r.index for d, r in result.domains.items()})
    out = {}
    for rule in plan_rules(plan, prog).rules:
        out[rule.id] = rule.contribution(vals) if isinstance(rule, CountRule) else rule.contribution(vals, year)
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
            # the year whose own target is held this year (`hold_after`); null for a year's own target
            "target_held_from": None if self.target is None else self.target.held_from,
        }


def needed_to_meet(num: Fraction, den: Fraction, target: Target, *, grows: bool = False) -> int | None:
    """How many more units in the numerator meet the target; None: never. With `grows`, each unit
    added to the numerator adds one to the denominator too (rural readers are also readers: the
    shortfall of indicator 6 was understated by a third when the total was held fixed); otherwise the
    denominator stays (an agency that starts to count was already counted among those it applies to)."""
    if den <= 0:
        return None
    if target.met_by(num / den):
        return 0
    if grows:
        if target.value >= 1:
            return None
        need = (target.value * den - num) / (1 - target.value)  # (num + k) / (den + k) ≥ target
    else:
        need = target.value * den - num  # value ≥ target needs at least this many more
    k = int(need) if need == int(need) else int(need) + 1
    if target.strict and (num + k) / (den + (k if grows else 0)) <= target.value:
        k += 1
    return k if grows or num + k <= den else None


def grows_with_numerator(ind: IndicatorSpec) -> bool:
    """Whether what the numerator adds up is also in the denominator (indicator 6: rural reach of all
    reach), so that more of it raises both."""
    return ind.kind == "ratio" and set(ind.numerator) <= set(ind.denominator)


def _exact_sum(xs: Iterable[float]) -> Fraction:
    """Σ of each number read as a fraction (`_fraction`), exactly; whole numbers are added as integers
    first, which gives the same sum."""
    whole = 0
    parts = []
    for x in xs:
        if type(x) is int:
            whole += x
        elif type(x) is float and x.is_integer():
            whole += int(x)
        else:
            parts.append(_fraction(x))
    return Fraction(whole) + sum(parts, Fraction(0))


def aggregate(plan: PlanFile, year: int, items: Iterable[Mapping[str, Contribution]]) -> dict[str, ProvinceIndicator]:
    items = list(items)
    out = {}
    for ind in plan.indicators:
        mine = [c[ind.id] for c in items]
        num = _exact_sum([c.numerator for c in mine])
        den = _exact_sum([c.denominator for c in mine])
        value = num / den if den > 0 else None
        target = ind.target(year)
        met = None if value is None or target is None else target.met_by(value)
        gap = (needed_to_meet(num, den, target, grows=grows_with_numerator(ind))
               if value is not None and target is not None else None)
        out[ind.id] = ProvinceIndicator(ind.id, float(num), float(den), value, target, met, gap)
    return out


def aggregate_json(plan: PlanFile, year: int, agg: Mapping[str, ProvinceIndicator]) -> dict[str, Any]:
    return {"year": year, "plan": plan.id, "indicators": {k: v.as_json() for k, v in agg.items()}}


def target_years(plan: PlanFile, indicator_ids: Sequence[str] = INDICATOR_IDS) -> list[int]:
    """The years with a target, the plan's own or held."""
    return sorted({y for i in plan.indicators if i.id in indicator_ids for y in (*i.targets, *i.held_years())})
