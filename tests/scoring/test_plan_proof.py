"""An indicator counts an answer only with the proof its question requires, as the index does: the
engine (one agency) and the batch (a province) agree, and the why says what is missing."""

from __future__ import annotations

import copy

import pytest

from reports import explain
from scoring.answers import parse_answers
from scoring.batch import Batch
from scoring.engine import score
from scoring.plans import aggregate, contributions
from tests.scoring.builders import PROFILE, build_catalog, q
from tests.scoring.test_batch import assert_same, typed
from tests.scoring.test_plans import EXTRA_PROFILE, PLAN

PROOF_PLAN = copy.deepcopy(PLAN) | {"id": "proof-plan"}
# security: the dossier (proof required) and, through `not` and `answered`, the same answer read other ways
PROOF_PLAN["indicators"][4]["met_if"] = {"all": [{"question": "dossier", "equals": "yes"},
                                                 {"not": {"question": "dossier", "equals": "no"}},
                                                 {"question": "dossier", "answered": True}]}
# training: people trained counted from a scored number that requires its proof
PROOF_PLAN["indicators"][3]["numerator"] = ["trained_proven"]


@pytest.fixture
def cat(tmp_path):
    d1 = [q("online"), q("converged"), q("dossier", evidence="required"),
          q("trained_proven", "number", min=0, target=10, evidence="required")]
    return build_catalog(tmp_path, {"d1": d1}, profile=PROFILE + EXTRA_PROFILE, plans={"proof-plan": PROOF_PLAN})


PROVEN = {"has_electronic_outlet": "yes", "staff_total": 10,
          "dossier": {"value": "yes", "evidence": "Quyết định phê duyệt hồ sơ cấp độ 3"},
          "trained_proven": {"value": 10, "evidence": {"link": "https://so.vn/danh-sach"}}}
UNPROVEN = {"has_electronic_outlet": "yes", "staff_total": 10, "dossier": "yes", "trained_proven": 10}
NO = {"has_electronic_outlet": "yes", "staff_total": 10, "dossier": "no", "trained_proven": 0}


def both(cat, raws, year=2025):
    """Each agency's contributions from the engine, after checking the batch gives the same."""
    qn = cat.questionnaire
    sets = [parse_answers(qn, raw) for raw in raws]
    assert_same(qn, [cat.plan("proof-plan")], sets, years=(2024, 2025, 2099))
    return [contributions(cat.plan("proof-plan"), qn, a, score(qn, a), year) for a in sets]


def test_a_positive_answer_counts_only_with_its_required_proof(cat):
    proven, unproven, no = both(cat, [PROVEN, UNPROVEN, NO])
    assert (proven["security_level3"].met, proven["security_level3"].numerator) == (True, 1)
    # without its proof the index scores "yes" 0, and the indicator does not count it
    assert (unproven["security_level3"].met, unproven["security_level3"].numerator) == (False, 0)
    assert unproven["security_level3"].denominator == 1  # still in the denominator: proof is about credit
    assert [k.unproven for k in unproven["security_level3"].checks] == [False, True, True, True]
    assert [k.actual for k in unproven["security_level3"].checks][1:] == ["yes"] * 3  # the answer is shown
    assert not any(k.unproven for k in proven["security_level3"].checks)
    # a "no" needs no proof; it is read as given
    assert not any(k.unproven for k in no["security_level3"].checks) and not no["security_level3"].met
    # a numerator that requires proof adds nothing without it
    assert proven["staff_trained"].numerator == 10 and proven["staff_trained"].met
    assert unproven["staff_trained"].numerator == 0 and not unproven["staff_trained"].met
    assert [(k.unproven, k.passed) for k in unproven["staff_trained"].checks] == [(True, False), (False, True)]
    agg = aggregate(cat.plan("proof-plan"), 2025, [proven, unproven])
    assert (agg["security_level3"].numerator, agg["security_level3"].denominator) == (1, 2)


def test_the_batch_reads_proof_per_agency_in_one_column(cat):
    qn = cat.questionnaire
    sets = [parse_answers(qn, raw) for raw in (UNPROVEN, PROVEN, UNPROVEN, NO, PROVEN)]
    got = Batch(qn, sets).contributions(cat.plan("proof-plan"), 2025)
    assert [c["security_level3"].met for c in got] == [False, True, False, False, True]
    want = [contributions(cat.plan("proof-plan"), qn, a, score(qn, a), 2025) for a in sets]
    assert typed(got) == typed(want)


@pytest.mark.parametrize("lang, words", [("vi", "được tính khi có minh chứng"),
                                         ("en", "counts once proof is attached")])
def test_the_why_says_the_answer_counts_once_proof_is_attached(cat, lang, words):
    qn = cat.questionnaire
    (unproven, proven) = both(cat, [UNPROVEN, PROVEN])
    spec = cat.plan("proof-plan").indicator("security_level3")
    text = explain.render_lines(explain.contribution_lines(qn, spec, unproven["security_level3"], 2025, lang))
    assert words in text
    text = explain.render_lines(explain.contribution_lines(qn, spec, proven["security_level3"], 2025, lang))
    assert words not in text
    spec = cat.plan("proof-plan").indicator("staff_trained")
    text = explain.render_lines(explain.contribution_lines(qn, spec, unproven["staff_trained"], 2025, lang))
    assert words in text
