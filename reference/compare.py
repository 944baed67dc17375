"""The engine gives exactly the numbers the reference gives (`reference/`, the engine as it was before
its performance work, kept as the oracle).

Compared with `==` on floats and fractions (no tolerance), on every answers file in examples/ and on
random answer sets (valid and messy): every result, question row, recommendation, question state,
value and score, every condition of the questionnaire and the plans, every plan contribution with its
checks, for years with and without targets, and the province aggregate; and the batch
(scoring/batch.py, the department's pages' scoring) on all the sets at once. `bench.check_scoring` runs
it before trusting a throughput figure; tests/scoring/test_reference.py runs it on drawn answer sets.
"""


from __future__ import annotations

import random
from collections.abc import Callable, Mapping, Sequence
from functools import partial
from pathlib import Path
from typing import Any

from reference import conditions as old_conditions
from reference import engine as old_engine
from reference import plans as old_plans
from reference.answer_sets import messy_answers, valid_answers
from scoring.answers import Answer, load_answer_file
from scoring.batch import Batch
from scoring.catalog import Catalog, load_catalog
from scoring.conditions import AnswerContext, explain
from scoring.engine import recommendations, score
from scoring.loader import Questionnaire, iter_conditions
from scoring.plans import aggregate, contributions

ROOT = Path(__file__).resolve().parents[1]
YEARS = (2023, 2025, 2027, 2030, 2099)  # 2099: a year without targets


class Mismatch(AssertionError):
    pass


def _outcome(fn: Callable[[], Any]) -> Any:
    """The value, or the exception's type: a bad answer must fail the same way in both."""
    try:
        return fn()
    except Exception as exc:  # compared, not swallowed
        return ("raised", type(exc).__name__)


def _typed(x: Any) -> Any:
    """A comparable form that also tells 0 from 0.0 and True from 1, at any depth."""
    if isinstance(x, dict):
        return ("dict", tuple((_typed(k), _typed(v)) for k, v in x.items()))
    if isinstance(x, list | tuple):
        return (type(x).__name__, tuple(_typed(v) for v in x))
    return (type(x).__name__, x)


def _first_difference(old: Any, new: Any, path: str = "") -> str:
    if isinstance(old, dict) and isinstance(new, dict) and list(old) == list(new):
        for k in old:
            if _typed(old[k]) != _typed(new[k]):
                return _first_difference(old[k], new[k], f"{path}[{k!r}]")
    if isinstance(old, list | tuple) and isinstance(new, list | tuple) and len(old) == len(new):
        for i, (a, b) in enumerate(zip(old, new, strict=True)):
            if _typed(a) != _typed(b):
                return _first_difference(a, b, f"{path}[{i}]")
    return f"{path or '(whole)'}: reference {old!r} ≠ new {new!r}"


def _same(what: str, old: Any, new: Any) -> None:
    if _typed(old) != _typed(new):
        raise Mismatch(f"{what}: {_first_difference(old, new)}")


def _result_rows(res: Any) -> Any:
    if isinstance(res, tuple):
        return res
    return (res.index, res.level, {
        did: (d.id, d.index, d.level, d.raw_index, tuple(c.id for c in d.caps),
              tuple((r.question, r.status, r.score, r.weight, r.contribution, r.gain) for r in d.questions),
              {k: (v.status, v.score) for k, v in d.by_question().items()})
        for did, d in res.domains.items()})


def _contrib_rows(cs: Any) -> Any:
    if isinstance(cs, tuple):
        return cs
    return {k: (c.indicator, c.applicable, c.met, c.numerator, type(c.numerator).__name__, c.denominator,
                type(c.denominator).__name__, tuple((k.question, k.domain, k.test, k.actual, k.passed,
                                                           k.unproven) for k in c.checks), c.as_json())
            for k, c in cs.items()}


def _agg_rows(agg: Any) -> Any:
    if isinstance(agg, tuple):
        return agg
    return {k: (a.indicator, a.numerator, a.denominator, a.value, a.target, a.met, a.gap, a.as_json())
            for k, a in agg.items()}


def all_conditions(cat: Catalog) -> list[Any]:
    qn = cat.questionnaire
    out: list[Any] = []
    for q in qn.questions.values():
        for cond in (q.applies_if, q.show_if):
            out.extend(iter_conditions(cond))
    for d in qn.domains:
        for cap in d.file.caps:
            out.extend(iter_conditions(cap.when))
    for plan in cat.plans.values():
        for ind in plan.indicators:
            for cond in (ind.applies_if, ind.met_if):
                out.extend(iter_conditions(cond))
    return out


def _checks(explain: Callable[[Any, Any], Any], ctx: Any, cond: Any) -> list[tuple[Any, ...]]:
    """What `explain` says of a condition, as comparable rows."""
    return [(k.question, k.domain, k.test, k.actual, k.passed) for k in explain(ctx, cond)]


def _batch_of_one(qn: Questionnaire, answers: Mapping[str, Answer]) -> Any:
    return Batch(qn, [answers]).results()


def compare_one(cat: Catalog, answers: Mapping[str, Answer], label: str,
                conds: list[Any]) -> dict[tuple[str, int], Any]:
    """Compare everything the engine gives for one answer set; returns the contributions by plan and
    year (new implementation) for the aggregate check."""
    qn = cat.questionnaire
    old_res = _outcome(partial(old_engine.score, qn, answers))
    new_res = _outcome(partial(score, qn, answers))
    _same(f"{label}: score", _result_rows(old_res), _result_rows(new_res))
    if isinstance(new_res, tuple):
        return {}
    old_recs = [(r.domain, r.question, r.gain_domain, r.gain_overall, r.status)
                for r in old_engine.recommendations(qn, old_res)]
    new_recs = [(r.domain, r.question, r.gain_domain, r.gain_overall, r.status)
                for r in recommendations(qn, new_res)]
    _same(f"{label}: recommendations", old_recs, new_recs)
    indices = {d: r.index for d, r in new_res.domains.items()}
    octx = old_conditions.AnswerContext(qn, answers, indices)
    nctx = AnswerContext(qn, answers, indices)
    for qid in qn.questions:
        for name in ("state", "value", "score", "number"):
            _same(f"{label}: ctx.{name}({qid})", _outcome(partial(getattr(octx, name), qid)),
                  _outcome(partial(getattr(nctx, name), qid)))
    for i, cond in enumerate(conds):
        _same(f"{label}: holds(condition #{i} {cond!r})", _outcome(partial(octx.holds, cond)),
              _outcome(partial(nctx.holds, cond)))
        old_expl = _outcome(partial(_checks, old_conditions.explain, octx, cond))
        new_expl = _outcome(partial(_checks, explain, nctx, cond))
        _same(f"{label}: explain(condition #{i})", old_expl, new_expl)
    by_plan: dict[tuple[str, int], Any] = {}
    for pid, plan in cat.plans.items():
        for year in YEARS:
            oc = _outcome(partial(old_plans.contributions, plan, qn, answers, old_res, year))
            nc = _outcome(partial(contributions, plan, qn, answers, new_res, year))
            _same(f"{label}: contributions({pid}, {year})", _contrib_rows(oc), _contrib_rows(nc))
            by_plan[(pid, year)] = (oc, nc)
    return by_plan


def compare_aggregates(cat: Catalog, collected: list[dict[tuple[str, int], Any]], rng: random.Random) -> int:
    n = 0
    for pid, plan in cat.plans.items():
        for year in YEARS:
            pairs = [c[(pid, year)] for c in collected if (pid, year) in c]
            for subset in (pairs, [], pairs[:1], rng.sample(pairs, min(len(pairs), 17))):
                old_agg = _outcome(partial(old_plans.aggregate, plan, year, [o for o, _ in subset]))
                new_agg = _outcome(partial(aggregate, plan, year, [x for _, x in subset]))
                _same(f"aggregate({pid}, {year}, {len(subset)} agencies)", _agg_rows(old_agg), _agg_rows(new_agg))
                n += 1
    return n


def compare_batch(cat: Catalog, sets: Sequence[Mapping[str, Answer]]) -> None:
    """The batch (scoring/batch.py), which the department's pages score with, against the previous
    engine on all the answer sets at once: every result and question row, the raw rows (types
    included) against the new engine's, every contribution for every plan and year; an answer set the
    previous engine raised for must raise the same in a batch of its own, and a batch's contributions
raise only as the previous engine's did for one of its sets."""
    qn = cat.questionnaire
    old = [_outcome(partial(old_engine.score, qn, a)) for a in sets]
    ok = [i for i, r in enumerate(old) if not isinstance(r, tuple)]
    batch = Batch(qn, [sets[i] for i in ok])
    results = batch.results()
    for j, i in enumerate(ok):
        _same(f"batch: set #{i}: score", _result_rows(old[i]), _result_rows(results[j]))
        one = score(qn, sets[i])
        _same(f"batch: set #{i}: rows", {d: r.rows for d, r in one.domains.items()},
              {d: r.rows for d, r in results[j].domains.items()})
    for pid, plan in cat.plans.items():
        for year in YEARS:
            contribs = _outcome(partial(batch.contributions, plan, year))
            olds = [_outcome(partial(old_plans.contributions, plan, qn, sets[i], old[i], year)) for i in ok]
            if isinstance(contribs, tuple):  # the batch raised: as the previous engine did for some set
                if contribs not in olds:
                    raise Mismatch(f"batch: contributions({pid}, {year}) {contribs}, no set alone did")
                continue
            for j, (i, oc) in enumerate(zip(ok, olds, strict=True)):
                _same(f"batch: set #{i}: contributions({pid}, {year})", _contrib_rows(oc),
                      _contrib_rows(contribs[j]))
    for i in (i for i, r in enumerate(old) if isinstance(r, tuple)):
        _same(f"batch: set #{i} alone", old[i], _outcome(partial(_batch_of_one, qn, sets[i])))


def run(sets: int = 400, seed: int = 20261125) -> dict[str, int]:
    cat = load_catalog()
    qn = cat.questionnaire
    conds = all_conditions(cat)
    rng = random.Random(seed)
    collected = []
    answer_sets: list[Mapping[str, Answer]] = []
    for path in sorted((ROOT / "examples").glob("*/*.yaml")):
        answer_sets.append(load_answer_file(qn, path).answers)
        collected.append(compare_one(cat, answer_sets[-1], path.name, conds))
    for i in range(sets):
        answer_sets.append(messy_answers(qn, rng) if i % 2 else valid_answers(qn, rng, skew=rng.random()))
        collected.append(compare_one(cat, answer_sets[-1], f"random set #{i} (seed {seed})", conds))
    aggregates = compare_aggregates(cat, collected, rng)
    compare_batch(cat, answer_sets)
    return {"answer_sets": len(answer_sets), "conditions": len(conds), "aggregates": aggregates}
