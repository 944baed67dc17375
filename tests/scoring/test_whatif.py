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
