"""The what-if planner's "this agency reaches a level in a domain", on the sample province."""

from __future__ import annotations

from pathlib import Path

import pytest

from scoring.answers import load_answer_file
from scoring.catalog import load_catalog
from scoring.engine import score
from scoring.whatif import apply_fixes, raise_domain_to

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


def _answers(catalog, year: int, agency: str):
    return load_answer_file(catalog.questionnaire, EXAMPLES / str(year) / f"{agency}.yaml").answers


@pytest.mark.parametrize("level", ["kha", "tot", "xuat_sac"])
def test_a_domain_raised_to_a_level_reaches_it_with_each_question_changed_once(catalog, level):
    """The magazine's digital-platforms index is held back by answers that lack their required proof:
    the planner proposed the same answer sixteen times and the index did not move."""
    qn = catalog.questionnaire
    answers = _answers(catalog, 2025, "tap-chi-khoa-hoc-cong-nghe")
    minimum = next(lv.min for lv in qn.model.levels if lv.code == level)
    assert score(qn, answers).domains["content_platforms"].index < minimum
    fixes = raise_domain_to(qn, answers, "content_platforms", minimum)
    assert len({f.question for f in fixes}) == len(fixes)
    assert score(qn, apply_fixes(answers, fixes)).domains["content_platforms"].index >= minimum


def _province(catalog, year: int) -> dict:
    files = sorted((EXAMPLES / str(year)).glob("*.yaml"))
    return {p.stem: load_answer_file(catalog.questionnaire, p).answers for p in files}


def test_the_planner_plans_against_a_target_held_from_2025(catalog):
    """From 2026 indicators 4–8 hold their 2025 level: the planner read "no target" and proposed
    nothing for level-3 security."""
    from scoring.whatif import plan_indicator

    plan = catalog.plan("kh77-vinh-long-2023")
    p = plan_indicator(plan, catalog.questionnaire, 2026, "security_level3", _province(catalog, 2025))
    assert p.before.target is not None and p.before.target.held_from == 2025
    assert p.before.met is False and p.agencies  # a gap, and agencies proposed to close it
    assert p.after is not None and p.after.met is (p.closable is True)


def test_the_planner_attaches_the_missing_proof_rather_than_counting_an_unproven_answer(catalog):
    """An answer lacking its required proof does not count for the plan: the fix is to attach it."""
    from scoring.answers import Answer
    from scoring.whatif import plan_indicator

    plan = catalog.plan("kh77-vinh-long-2023")
    answers = _province(catalog, 2025)
    proven = next(a for a in answers.values() if a.get("cn_approved_model") and a["cn_approved_model"].value == "yes"
                  and a["cn_approved_model"].evidence.present)
    bare = dict(proven, cn_approved_model=Answer(value="yes"))  # the same agency without its proof
    p = plan_indicator(plan, catalog.questionnaire, 2025, "converged_newsroom", {"a": bare})
    assert p.before.met is False
    fixes = [f for ap in p.agencies for f in ap.fixes]
    assert [(f.question, f.value, f.proof) for f in fixes if f.question == "cn_approved_model"] == [
        ("cn_approved_model", "yes", True)]
    assert p.after is not None and p.after.met
