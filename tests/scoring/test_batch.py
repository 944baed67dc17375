"""The batch (scoring/batch.py) gives exactly what `score()` and `contributions()` give one agency at a
time — the department's figures are computed with it — including the types of the numbers, the odd
answers the one-by-one engine raises for or not, and whatever the garbage collector was doing."""

from __future__ import annotations

import copy
import gc
import itertools
import random
from pathlib import Path
from typing import Any

import pytest

from reference.answer_sets import messy_answers, valid_answers
from scoring.answers import Answer, Evidence, load_answer_file, parse_answers
from scoring.batch import Batch
from scoring.catalog import load_catalog
from scoring.conditions import MAX_TABLED_OPTIONS, compile_scorer, question_score
from scoring.engine import score
from scoring.plans import contributions
from tests.scoring.builders import PROFILE, build, build_catalog, q, t
from tests.scoring.test_plans import EXTRA_PROFILE, PLAN

ROOT = Path(__file__).resolve().parents[2]
YEARS = (2023, 2025, 2030, 2099)  # 2099: no targets


def typed(x: Any) -> Any:
    """A comparable form that tells 0 from 0.0 and True from 1, at any depth (frozen results too)."""
    if isinstance(x, dict):
        return ("dict", tuple((typed(k), typed(v)) for k, v in x.items()))
    if isinstance(x, list | tuple):
        return (type(x).__name__, tuple(typed(v) for v in x))
    if hasattr(x, "__slots__") or hasattr(x, "__dataclass_fields__"):
        fields = getattr(x, "__dataclass_fields__", {})
        return (type(x).__name__, tuple((f, typed(getattr(x, f))) for f in fields if not f.startswith("_")))
    return (type(x).__name__, x)


def assert_same(qn, plans, sets, years=YEARS):
    batch = Batch(qn, sets)
    results = batch.results()
    assert len(results) == len(sets)
    for answers, got in zip(sets, results, strict=True):
        want = score(qn, answers)
        assert typed(got) == typed(want)
        for d in want.domains:
            assert typed(got.domains[d].questions) == typed(want.domains[d].questions)
    for plan in plans:
        for year in years:
            for answers, res, got_c in zip(sets, results, batch.contributions(plan, year), strict=True):
                want_c = contributions(plan, qn, answers, res, year)
                assert typed(got_c) == typed(want_c)
                assert [typed(c.checks) for c in got_c.values()] == [typed(c.checks) for c in want_c.values()]
    return batch


def test_the_shipped_questionnaire_on_examples_and_random_answers():
    cat = load_catalog()
    qn = cat.questionnaire
    rng = random.Random(348)
    sets = [load_answer_file(qn, p).answers for p in sorted((ROOT / "examples").glob("*/*.yaml"))]
    sets += [messy_answers(qn, rng) if i % 2 else valid_answers(qn, rng, skew=rng.random()) for i in range(120)]
    sets += [{}, {"agency_type": Answer(na_reason="không")}]  # nothing answered; only N/A
    batch = assert_same(qn, list(cat.plans.values()), sets)
    assert not batch.odd


def test_a_batch_of_none_and_of_one():
    cat = load_catalog()
    assert Batch(cat.questionnaire, []).results() == []
    assert Batch(cat.questionnaire, []).contributions(cat.plan(), 2025) == []
    assert_same(cat.questionnaire, [cat.plan()], [valid_answers(cat.questionnaire, random.Random(1))])


# The test plan with one rule that also looks at a follow-up (whose value counts only while shown).
FOLLOW_UP_PLAN = copy.deepcopy(PLAN) | {"id": "follow-up-plan"}
FOLLOW_UP_PLAN["indicators"][6]["met_if"] = {"any": [FOLLOW_UP_PLAN["indicators"][6]["met_if"],
                                                     {"question": "cms_integration", "equals": "l1"}]}


@pytest.fixture
def small(tmp_path):
    """Default weights (the int 1 a question gets when its file gives none) beside a float weight, a
    follow-up, a question that applies to some agencies only, required evidence, a cap, and the test
    plan with its domain-index rule."""
    return build_catalog(tmp_path, {
        "d1": [q("online"), q("converged"), q("dossier", evidence="required"),
               q("count", "number", min=0, target=4)],
        "d2": [q("cms", "level", weight=1.5),
               q("cms_integration", "level", show_if={"question": "media_types", "includes": "online"}),
               q("cms_staff", "number", min=0, target=4, show_if={"question": "cms", "score_gte": 0.5}),
               q("live", applies_if={"question": "media_types", "includes": "radio"}),
               q("multi", "multi_choice")],
    }, profile=PROFILE + EXTRA_PROFILE, plans={"test-plan": PLAN, "follow-up-plan": FOLLOW_UP_PLAN},
        caps={"d1": [{"id": "no_dossier", "when": {"not": {"question": "dossier", "equals": "yes"}},
                      "max_level": "trung_binh", "reason": t("Chưa có hồ sơ")}],
              # looks at a follow-up, which counts only while shown
              "d2": [{"id": "cms_alone", "when": {"question": "cms_integration", "equals": "l1"},
                      "max_level": "trung_binh", "reason": t("CMS chưa tích hợp")}]})


def answer_sets(rng: random.Random) -> list[dict[str, Answer]]:
    """Answers of every kind, N/A included wherever (the engine is handed what was stored)."""
    out = []
    for _ in range(150):
        raw: dict[str, Any] = {}
        choices: dict[str, list[Any]] = {
            "online": ["yes", "no"], "converged": ["yes", "no"],
            "dossier": ["yes", "no", Answer(value="yes", evidence=Evidence(note="QĐ số 1"))],
            "count": [0, 2, 4, 9], "cms": ["l0", "l2", "l4"], "cms_integration": ["l1", "l4"], "cms_staff": [1, 5],
            "live": ["yes", "no"], "multi": [["a"], ["a", "b"], ["none"], ["b", "c"]],
            "media_types": [["print"], ["radio"], ["print", "online"], ["radio", "tv"]],
            "agency_type": ["newspaper", "magazine"], "has_electronic_outlet": ["yes", "no"],
            "self_financing": ["group1", "group3"], "magazine_licence_status": ["relicensed", "not_yet"],
            "staff_total": [0, 10, 40], "print_urban": [0, 100], "print_rural": [0, 50], "ip_urban": [0, 7],
            "ip_rural": [0, 3],
        }
        for qid, values in choices.items():
            r = rng.random()
            if r < 0.15:
                continue
            value = rng.choice(values)
            raw[qid] = Answer(na_reason="Không có") if r < 0.2 else value if isinstance(value, Answer) \
                else Answer(value=value)
        if raw.get("staff_total") is not None and raw["staff_total"].value is not None:
            raw["staff_trained"] = Answer(value=rng.randint(0, raw["staff_total"].value))
        out.append(raw)
    return out


def test_default_int_weights_na_follow_ups_caps_and_a_domain_rule(small):
    qn = small.questionnaire
    assert type(qn.questions["online"].weight) is int and type(qn.questions["cms"].weight) is float
    sets = answer_sets(random.Random(77))
    all_na = {qid: Answer(na_reason="không") for qid in qn.questions}  # no question counts: total 0 (an int)
    sets += [{}, all_na]
    batch = assert_same(qn, [small.plan("test-plan"), small.plan("follow-up-plan")], sets, years=(2024, 2025, 2099))
    rows = batch.results()[-1].domains["d1"].rows
    assert rows[4] == 0 and type(rows[4]) is int


def test_a_value_of_the_wrong_type_is_decided_as_one_by_one(small):
    qn, plan = small.questionnaire, small.plan("test-plan")
    good = parse_answers(qn, {"online": "yes", "cms": "l0", "count": 2, "multi": ["a"]})
    # A hidden follow-up holding text where a number belongs: one by one it is never scored, so nothing
    # raises; the batch's scorer raised on it, and left that agency to score().
    hidden = {**good, "cms_staff": Answer(value="bốn")}
    # A multiple choice holding a string, one holding a list inside a list, a level holding a list:
    # scored (as no option), not raised, in both.
    stringly = {**good, "multi": Answer(value="ab")}
    nested = {**good, "multi": Answer(value=[["a"]], evidence=Evidence(note="x"))}
    listed = {**good, "cms": Answer(value=["l4"])}
    batch = assert_same(qn, [plan], [good, hidden, stringly, nested, listed, good])
    assert batch.odd == {1}
    # A count holding text raises one by one (a type no number question can hold): the batch too.
    broken = {**good, "count": Answer(value="bốn")}
    with pytest.raises(TypeError):
        score(qn, broken)
    with pytest.raises(TypeError):
        Batch(qn, [good, broken]).results()


@pytest.mark.parametrize("enabled", [True, False])
def test_the_garbage_collector_is_left_as_it_was(enabled):
    cat = load_catalog()
    was = gc.isenabled()
    try:
        gc.enable() if enabled else gc.disable()
        Batch(cat.questionnaire, [valid_answers(cat.questionnaire, random.Random(2))]).contributions(cat.plan(), 2025)
        assert gc.isenabled() is enabled
    finally:
        gc.enable() if was else gc.disable()


def test_a_multiple_choice_scores_every_pick_as_the_plain_rule(tmp_path):
    """The tabled multiple-choice scorer against `question_score` on every set of options, in any
    order, with repeats and unknown codes, and on values that are not lists."""
    options = [{"code": c, "label": t(c), "score": s} for c, s in
               (("a", 0.1), ("b", 0.2), ("c", 0.3), ("d", 0.7), ("e", 0.05))]
    many = [{"code": f"o{i}", "label": t(f"o{i}"), "score": 0.09} for i in range(MAX_TABLED_OPTIONS + 1)]
    qn = build(tmp_path, {"d1": [q("m", "multi_choice", options=options), q("big", "multi_choice", options=many)]})
    for qid, codes in (("m", ["a", "b", "c", "d", "e", "zz"]), ("big", [o["code"] for o in many][:9])):
        quest = qn.questions[qid]
        scorer = compile_scorer(quest)
        picks: list[Any] = [list(p) for k in range(len(codes) + 1) for p in itertools.combinations(codes, k)]
        picks += [["d", "a", "d"], ["b", "b"], "ab", "a", ("a", "b"), [["a"]], [1, 2.5], ["e", "zz"]]
        for value in picks:
            assert typed(scorer(value)) == typed(question_score(quest, value)), value
