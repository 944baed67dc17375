"""What counts as a domain's strength or weakness: one rule (reports/explain.py) for every page and document."""

from __future__ import annotations

import pytest

from reports import explain
from scoring.catalog import Catalog
from scoring.engine import score
from tests.reports.conftest import profile
from tests.reports.fixtures import synthetic_answers


@pytest.mark.parametrize("strength", [0.0, 0.3, 0.55, 0.7, 1.0])
def test_a_strength_scores_well_and_a_weakness_poorly_the_middle_is_neither(catalog: Catalog, strength: float) -> None:
    qn = catalog.questionnaire
    answers = synthetic_answers(catalog, strength, profile("newspaper", ["print", "online"], True),
                                skip=frozenset({"sec_policy"}))
    result = score(qn, answers)
    for d in qn.domains:
        dres = result.domains[d.id]
        strong, weak = explain.strongest(dres), explain.weakest(dres)
        assert len(strong) <= 3 and len(weak) <= 3
        assert all(r.status == "counted" and (r.score or 0) >= explain.STRONG_FROM for r in strong)
        assert all(r.status != "hidden" and r.score is not None and r.score < explain.WEAK_BELOW and r.gain > 0
                   for r in weak)
        assert [r.contribution for r in strong] == sorted((r.contribution for r in strong), reverse=True)
        assert [r.gain for r in weak] == sorted((r.gain for r in weak), reverse=True)
        # the heaviest strengths and weaknesses are the ones listed
        strengths = [r for r in dres.questions if r.status == "counted" and (r.score or 0) >= explain.STRONG_FROM]
        if len(strengths) > 3:
            assert min(r.contribution for r in strong) >= max(
                r.contribution for r in strengths if r not in strong)


def test_an_unanswered_question_is_a_weakness(catalog: Catalog) -> None:
    qn = catalog.questionnaire
    answers = synthetic_answers(catalog, 1.0, profile("newspaper", ["print", "online"], True),
                                skip=frozenset({"sec_policy"}))
    dres = score(qn, answers).domains[qn.question_file["sec_policy"]]
    assert "sec_policy" in {r.question for r in explain.weakest(dres, n=len(dres.questions))}
    assert "sec_policy" not in {r.question for r in explain.strongest(dres, n=len(dres.questions))}
