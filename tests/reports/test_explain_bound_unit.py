"""A bound on a counted number reads with the unit's singular after 1 and its plural otherwise."""

from __future__ import annotations

from reports import explain
from scoring.catalog import Catalog
from scoring.models import QuestionCondition
from tests.conftest import present


def test_a_bound_of_one_takes_the_singular_unit_and_others_the_plural(catalog: Catalog) -> None:
    qn = catalog.questionnaire
    q = next(q for q in qn.questions.values() if q.unit_one is not None)
    one = explain._bound_requirement(q, QuestionCondition(question=q.id, gte=1), "en")
    two = explain._bound_requirement(q, QuestionCondition(question=q.id, gte=2), "en")
    singular, plural = present(q.unit_one).get("en"), present(q.unit).get("en")
    assert one == f"≥ 1 {singular}"
    assert two == f"≥ 2 {plural}"
    assert singular != plural
