"""Scoring arithmetic, question by question type, with both kinds of hiding, N/A, evidence and caps."""

from __future__ import annotations

import pytest

from scoring.answers import Answer, AnswerError, Evidence, parse_answers
from scoring.engine import recommendations, score
from tests.scoring.builders import build, q, t


def answers(qn, raw):
    return parse_answers(qn, raw)


def idx(qn, raw, domain="d1"):
    return score(qn, answers(qn, raw)).domains[domain].index


@pytest.fixture
def qn(tmp_path):
    return build(tmp_path, {"d1": [
        q("yn"),
        q("ypn", "yes_partly_no"),
        q("single", "single_choice"),
        q("ladder", "level"),
        q("multi", "multi_choice"),
        q("count", "number", min=0, max=100, target=4),
        q("pct", "percent"),
        q("note", "text", required=False),
        q("plain_number", "number", min=0),
    ]})


@pytest.mark.parametrize(("qid", "value", "expected"), [
    ("yn", "yes", 1.0), ("yn", "no", 0.0), ("yn", True, 1.0),
    ("ypn", "yes", 1.0), ("ypn", "partly", 0.5), ("ypn", "no", 0.0),
    ("single", "l3", 0.75), ("ladder", "l1", 0.25), ("ladder", "l4", 1.0),
    ("multi", ["a"], 0.5), ("multi", ["a", "b"], 1.0), ("multi", ["a", "b", "c"], 1.0), ("multi", ["none"], 0.0),
    ("count", 2, 0.5), ("count", 4, 1.0), ("count", 9, 1.0), ("count", 0, 0.0),
    ("pct", 37.5, 0.375), ("pct", 100, 1.0),
])
def test_every_question_type_scores_in_0_1(qn, qid, value, expected):
    res = score(qn, answers(qn, {qid: value}))
    row = res.domains["d1"].by_question()[qid]
    assert row.status == "counted"
    assert row.score == pytest.approx(expected)


def test_text_and_numbers_without_target_are_recorded_not_scored(qn):
    res = score(qn, answers(qn, {"note": "Ghi chú", "plain_number": 12}))
    rows = res.domains["d1"].by_question()
    assert rows["note"].status == rows["plain_number"].status == "unscored"
    # seven scored questions, none answered: index 0, not undefined
    assert res.domains["d1"].index == 0.0


def test_domain_index_is_the_weighted_mean(tmp_path):
    qn = build(tmp_path, {"d1": [q("a", weight=3), q("b", "yes_partly_no", weight=1)]})
    assert idx(qn, {"a": "yes", "b": "partly"}) == pytest.approx(100 * (3 * 1 + 1 * 0.5) / 4)
    assert idx(qn, {"a": "no", "b": "yes"}) == 25.0


def test_explanation_adds_up_to_the_index(tmp_path):
    qn = build(tmp_path, {"d1": [q("a", weight=2), q("b", "level"), q("c", "yes_partly_no")]})
    res = score(qn, answers(qn, {"a": "yes", "b": "l2", "c": "partly"}))
    d = res.domains["d1"]
    assert sum(r.contribution for r in d.questions) == pytest.approx(d.index, abs=0.05)
    assert sum(r.contribution + r.gain for r in d.questions) == pytest.approx(100)


def test_na_with_reason_is_left_out_and_needs_a_reason(tmp_path):
    qn = build(tmp_path, {"d1": [q("a"), q("b", na_allowed=True), q("c")]})
    assert idx(qn, {"a": "yes", "b": {"na_reason": "Không có báo in"}, "c": "no"}) == 50.0
    with pytest.raises(AnswerError, match="b: N/A needs a reason"):
        answers(qn, {"b": {"na_reason": "  "}})
    with pytest.raises(AnswerError, match="a: this question cannot be answered N/A"):
        answers(qn, {"a": {"na_reason": "vì"}})
    with pytest.raises(AnswerError, match="give either a value or an N/A reason"):
        answers(qn, {"b": {"value": "yes", "na_reason": "vì"}})


def test_not_applicable_is_left_out_but_hidden_follow_up_counts_zero(tmp_path):
    qn = build(tmp_path, {"d1": [
        q("cms", "level"),
        q("cms_integration", "level", show_if={"question": "cms", "score_gte": 0.25}),
        q("broadcast_live", applies_if={"any": [{"question": "media_types", "includes": "radio"},
                                                {"question": "media_types", "includes": "tv"}]}),
    ]})
    magazine = {"media_types": ["print"], "cms": "l4"}
    # broadcast question does not apply: left out; follow-up visible but unanswered: zero
    res = score(qn, answers(qn, magazine))
    rows = res.domains["d1"].by_question()
    assert rows["broadcast_live"].status == "not_applicable"
    assert rows["cms_integration"].status == "unanswered"
    assert res.domains["d1"].index == 50.0
    # no CMS at all: the follow-up is hidden and counts as zero, so lacking a CMS never raises the index
    res = score(qn, answers(qn, {"media_types": ["print"], "cms": "l0", "cms_integration": "l4"}))
    rows = res.domains["d1"].by_question()
    assert rows["cms_integration"].status == "hidden"
    assert res.domains["d1"].index == 0.0
    # a radio station: the broadcast question applies
    res = score(qn, answers(qn, {"media_types": ["radio"], "cms": "l4", "cms_integration": "l4",
                                 "broadcast_live": "no"}))
    assert res.domains["d1"].index == pytest.approx(66.7, abs=0.05)


def test_required_evidence_missing_scores_zero(tmp_path):
    qn = build(tmp_path, {"d1": [q("plan", evidence="required"), q("other")]})
    res = score(qn, answers(qn, {"plan": "yes", "other": "yes"}))
    assert res.domains["d1"].by_question()["plan"].status == "missing_evidence"
    assert res.domains["d1"].index == 50.0
    with_proof = {"plan": {"value": "yes", "evidence": "Quyết định số 12/QĐ"}, "other": "yes"}
    assert idx(qn, with_proof) == 100.0
    assert idx(qn, {"plan": {"value": "yes", "evidence": {"link": "https://example.vn/qd.pdf"}}, "other": "yes"}) == 100


def test_caps_keep_the_index_inside_a_level(tmp_path):
    qn = build(tmp_path, {"d1": [q("backup"), *[q(f"x{i}") for i in range(9)]]}, caps={"d1": [
        {"id": "no_isolated_backup", "when": {"not": {"question": "backup", "equals": "yes"}},
         "max_level": "trung_binh", "reason": t("Không có bản sao lưu cách ly", "No isolated backup")}]})
    everything_else = {f"x{i}": "yes" for i in range(9)}
    res = score(qn, answers(qn, everything_else))  # backup unanswered: capped too
    d = res.domains["d1"]
    assert d.raw_index == 90.0 and d.index == 64.9 and d.level == "trung_binh"
    assert [c.id for c in d.caps] == ["no_isolated_backup"]
    res = score(qn, answers(qn, {**everything_else, "backup": "yes"}))
    assert res.domains["d1"].index == 100.0 and not res.domains["d1"].caps
    low = score(qn, answers(qn, {"x0": "yes"})).domains["d1"]
    assert low.index == 10.0 and not low.caps  # a cap never raises an index nor claims it lowered one


@pytest.mark.parametrize(("value", "level"), [
    (0, "yeu"), (49.9, "yeu"), (50, "trung_binh"), (64.9, "trung_binh"), (65, "kha"),
    (79.9, "kha"), (80, "tot"), (89.9, "tot"), (90, "xuat_sac"), (100, "xuat_sac"),
])
def test_level_cut_offs(tmp_path, value, level):
    qn = build(tmp_path, {"d1": [q("p", "percent")]})
    assert score(qn, answers(qn, {"p": value})).domains["d1"].level == level


def test_overall_is_the_weighted_mean_of_domains_with_an_index(tmp_path):
    qn = build(tmp_path, {
        "d1": [q("a")], "d2": [q("b")],
        "d3": [q("c", applies_if={"question": "agency_type", "equals": "radio_tv"})],
    }, weights={"d1": 3, "d2": 1, "d3": 5})
    res = score(qn, answers(qn, {"agency_type": "magazine", "a": "yes", "b": "no"}))
    assert res.domains["d3"].index is None  # nothing applies: no index, and no weight in the overall
    assert res.index == 75.0 and res.level == "kha"


def test_recommendations_are_ordered_by_gain(tmp_path):
    qn = build(tmp_path, {"d1": [q("small"), q("big", weight=3)], "d2": [q("other")]}, weights={"d1": 1, "d2": 1})
    recs = recommendations(qn, score(qn, answers(qn, {"small": "no", "big": "no", "other": "yes"})))
    assert [r.question for r in recs] == ["big", "small"]
    assert recs[0].gain_domain == pytest.approx(75) and recs[0].gain_overall == pytest.approx(37.5)


@pytest.mark.parametrize(("raw", "message"), [
    ({"ghost": "yes"}, "ghost: unknown question id"),
    ({"count": 101}, "count: 101 is above the maximum 100"),
    ({"count": -1}, "count: -1 is below the minimum 0"),
    ({"count": "nhiều"}, "count: 'nhiều' is not a number"),
    ({"pct": 120}, "pct: 120 is above the maximum 100"),
    ({"yn": "maybe"}, "yn: unknown option 'maybe'"),
    ({"multi": "a"}, "multi: a list of option codes is expected"),
    ({"multi": ["a", "none"]}, "multi: 'none' (“"),
    ({"multi": ["a", "a"]}, "multi: an option is chosen twice"),
    ({"note": "x" * 5001}, "note: the text is too long"),
    ({"note": 12}, "note: text is expected"),
    ({"yn": {"value": "yes", "evidence": {"link": "javascript:alert(1)"}}}, "must be a web address"),
    ({"yn": {"value": "yes", "colour": "red"}}, "yn: unknown field(s) colour"),
])
def test_bad_answers_are_refused_with_the_question_and_reason(qn, raw, message):
    with pytest.raises(AnswerError) as info:
        answers(qn, raw)
    assert message in str(info.value)


def test_staff_trained_may_not_exceed_staff_total(qn):
    with pytest.raises(AnswerError, match="staff_trained: 12 is more than staff_total"):
        answers(qn, {"staff_total": 10, "staff_trained": 12})


def test_answer_keeps_evidence(qn):
    ans = answers(qn, {"yn": {"value": "yes", "evidence": {"note": "Biên bản", "link": "https://a.vn/x"}}})["yn"]
    assert ans == Answer("yes", None, Evidence(note="Biên bản", link="https://a.vn/x"))


def test_results_and_contributions_stay_frozen_values(tmp_path):
    """DomainResult and Contribution are records made as tuples (for speed): they must still refuse
    changes, compare and hash by value, and survive pickling with what they build when read."""
    import copy
    import pickle

    from scoring.catalog import load_catalog
    from scoring.plans import contributions

    cat = load_catalog()
    qn = cat.questionnaire
    raw = {"sec_backup": "yes", "sec_policy": "partly", "staff_total": 10, "staff_trained": 4}
    res = score(qn, answers(qn, raw))
    contrib = contributions(cat.plan(), qn, answers(qn, raw), res, 2025)
    dom, one = res.domains["security"], contrib["staff_trained"]
    for obj, name in ((dom, "index"), (one, "met")):
        with pytest.raises(AttributeError):
            setattr(obj, name, 1)
    assert dom == copy.copy(dom) and hash(dom) == hash(copy.copy(dom))
    assert (one.numerator, one.denominator, one.applicable) == (4, 10, True)
    assert dom.questions and one.checks  # built when read
    back_dom, back_one = pickle.loads(pickle.dumps((dom, one)))
    assert back_dom == dom and back_dom.questions == dom.questions
    assert back_one == one and back_one.checks == one.checks
    assert "rows" not in repr(dom) and "why" not in repr(one)


@pytest.mark.parametrize(("before", "picked", "settled"), [
    (["a", "b"], ["a", "b", "none"], ["none"]),  # "none" picked beside others: it alone
    (["none"], ["none", "c"], ["c"]),  # another picked beside "none": "none" goes
    (["a"], ["a", "c"], ["a", "c"]),  # no exclusive option: as picked
    (["a", "none"], ["none"], ["none"]),  # a click that takes away: as picked
    ([], ["a", "none"], ["a", "none"]),  # two at once (not one click): left for validation to refuse
    (["none"], ["none"], ["none"]),
])
def test_the_option_just_picked_wins_over_an_exclusive_conflict(qn, before, picked, settled):
    from scoring.answers import parse_value, settle_exclusive

    q = qn.questions["multi"]
    assert settle_exclusive(q, before, picked) == settled
    if len(settled) > 1 and "none" in settled:
        with pytest.raises(ValueError, match="'none' \\(“None”\\) cannot be combined"):
            parse_value(q, settled)
