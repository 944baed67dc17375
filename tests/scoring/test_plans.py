"""The plan's indicators: each denominator rule, strict targets, head counts and the rural share."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import pytest

from scoring.answers import parse_answers
from scoring.engine import score
from scoring.loader import QuestionnaireError
from scoring.plans import INDICATOR_IDS, aggregate, aggregate_json, contributions, needed_to_meet, parse_target
from tests.conftest import present
from tests.scoring.builders import PROFILE, build_catalog, q, t

REACH = [q(f"{kind}_{area}", "number", min=0) for kind in ("print", "ip") for area in ("urban", "rural")]
EXTRA_PROFILE = [
    q("self_financing", "single_choice", options=[{"code": c, "label": t(c), "score": 0}
                                                  for c in ("group1", "group2", "group3", "group4")]),
    q("magazine_licence_status", "single_choice", applies_if={"question": "agency_type", "equals": "magazine"},
      options=[{"code": c, "label": t(c), "score": 0} for c in ("relicensed", "in_progress", "not_yet")]),
    *REACH,
]


def indicator(iid, **kw):
    base = {"id": iid, "label": t(iid), "measure": t("x / y")}
    base.update(kw)
    return base


PLAN: dict[str, Any] = {
    "id": "test-plan", "version": "1", "title": t("Kế hoạch thử", "Test plan"), "issued_by": t("UBND"),
    "indicators": [
        indicator("content_on_digital_platforms", kind="agency_count",
                  met_if={"question": "online", "equals": "yes"}, targets={2025: "70%"}),
        indicator("data_ai_platform", kind="agency_count",
                  met_if={"domain": "d1", "index_gte": 50}, targets={2025: "50%"}),
        indicator("converged_newsroom", kind="agency_count",
                  applies_if={"question": "media_types", "count_gte": 2},
                  met_if={"all": [{"question": "converged", "equals": "yes"}]},
                  targets={2024: "50%", 2025: ">60%"}),
        indicator("staff_trained", kind="ratio", numerator=["staff_trained"], denominator=["staff_total"],
                  targets={2024: "70%", 2025: "100%"}),
        indicator("security_level3", kind="agency_count",
                  applies_if={"question": "has_electronic_outlet", "equals": "yes"},
                  met_if={"question": "dossier", "equals": "yes"}, targets={2025: "100%"}),
        indicator("urban_rural_balance", kind="ratio", numerator=["print_rural", "ip_rural"],
                  denominator=["print_urban", "print_rural", "ip_urban", "ip_rural"],
                  targets={2025: {"value": "40%", "label": "60%/40%"}}),
        indicator("autonomy", kind="agency_count", met_if={"question": "self_financing", "in": ["group1", "group2"]},
                  targets={2025: ">30%"}),
        indicator("magazine_relicensed", kind="agency_count",
                  applies_if={"question": "agency_type", "equals": "magazine"},
                  met_if={"question": "magazine_licence_status", "equals": "relicensed"}),
    ],
}


@pytest.fixture
def cat(tmp_path):
    return build_catalog(tmp_path, {"d1": [q("online"), q("converged"), q("dossier")]},
                         profile=PROFILE + EXTRA_PROFILE, plans={"test-plan": PLAN})


def agency(cat, year=2025, **raw):
    qn = cat.questionnaire
    answers = parse_answers(qn, raw)
    return contributions(cat.plan("test-plan"), qn, answers, score(qn, answers), year)


def test_agency_count_with_all_agencies_as_denominator(cat):
    c = agency(cat, online="yes")["content_on_digital_platforms"]
    assert (c.applicable, c.met, c.numerator, c.denominator) == (True, True, 1, 1)
    c = agency(cat, online="no")["content_on_digital_platforms"]
    assert (c.applicable, c.met, c.numerator, c.denominator) == (True, False, 0, 1)
    assert [k.passed for k in c.checks] == [False]


def test_domain_index_rule(cat):
    assert agency(cat, online="yes", converged="yes", dossier="no")["data_ai_platform"].met
    assert not agency(cat, online="yes")["data_ai_platform"].met


def test_converged_newsroom_counts_only_agencies_with_two_media_types(cat):
    single = agency(cat, media_types=["radio"], converged="yes")["converged_newsroom"]
    assert (single.applicable, single.numerator, single.denominator) == (False, 0, 0)
    two = agency(cat, media_types=["print", "online"], converged="yes")["converged_newsroom"]
    assert (two.applicable, two.met, two.numerator, two.denominator) == (True, True, 1, 1)


def test_security_applies_only_to_electronic_press(cat):
    c = agency(cat, has_electronic_outlet="no", dossier="yes")["security_level3"]
    assert (c.applicable, c.numerator, c.denominator) == (False, 0, 0)
    c = agency(cat, has_electronic_outlet="yes", dossier="no")["security_level3"]
    assert (c.applicable, c.met, c.numerator, c.denominator) == (True, False, 0, 1)


def test_magazine_indicator_applies_only_to_magazines(cat):
    radio = agency(cat, agency_type="radio_tv")["magazine_relicensed"]
    assert (radio.applicable, radio.numerator, radio.denominator) == (False, 0, 0)
    mag = agency(cat, agency_type="magazine", magazine_licence_status="relicensed")["magazine_relicensed"]
    assert (mag.applicable, mag.met) == (True, True)


def test_staff_trained_is_a_head_count_not_a_share_of_agencies(cat):
    small = agency(cat, staff_total=10, staff_trained=10)
    big = agency(cat, staff_total=90, staff_trained=45)
    assert small["staff_trained"].met and not big["staff_trained"].met  # against 100% in 2025
    agg = aggregate(cat.plan("test-plan"), 2025, [small, big])["staff_trained"]
    # people: 55 of 100, not "1 agency of 2"
    assert (agg.numerator, agg.denominator, agg.value) == (55, 100, Fraction(55, 100))
    assert agg.met is False and agg.gap == 45


def test_urban_rural_balance_is_the_rural_share_of_reach(cat):
    a = agency(cat, print_urban=3000, print_rural=1000, ip_urban=30000, ip_rural=16000)
    b = agency(cat, print_urban=1000, print_rural=1000)  # print only
    c = agency(cat)  # no reach figures: left out, not a zero share
    assert c["urban_rural_balance"].applicable is False
    agg = aggregate(cat.plan("test-plan"), 2025, [a, b, c])["urban_rural_balance"]
    assert agg.value == Fraction(18000, 52000)
    assert agg.met is False  # 34.6% < 40%
    assert present(agg.target).label == "60%/40%"
    d = agency(cat, print_urban=600, print_rural=400)
    assert aggregate(cat.plan("test-plan"), 2025, [d])["urban_rural_balance"].met is True  # exactly 40% meets


def converged(n_met, n_total):
    return lambda cat: [
        agency(cat, media_types=["print", "online"], converged="yes" if i < n_met else "no") for i in range(n_total)
    ]


@pytest.mark.parametrize(("n_met", "n_total", "met", "gap"), [
    (3, 5, False, 1),  # exactly 60%: "trên 60%" is not met
    (61, 100, True, 0),  # 61%: met
    (60, 100, False, 1),
    (4, 5, True, 0),
])
def test_strict_target_above_60_percent(cat, n_met, n_total, met, gap):
    items = converged(n_met, n_total)(cat)
    items.append(agency(cat, media_types=["tv"], converged="yes"))  # one media type: not in the denominator
    agg = aggregate(cat.plan("test-plan"), 2025, items)["converged_newsroom"]
    assert agg.denominator == n_total and agg.met is met and agg.gap == gap
    assert present(agg.target).strict


def test_same_share_meets_a_non_strict_target(cat):
    items = converged(3, 5)(cat)
    agg = aggregate(cat.plan("test-plan"), 2024, items)["converged_newsroom"]  # 2024: 50%, not strict
    assert agg.met is True


def test_no_target_that_year_and_empty_denominator_give_null(cat):
    items = [agency(cat, year=2026, agency_type="radio_tv")]
    agg = aggregate(cat.plan("test-plan"), 2026, items)
    doc = aggregate_json(cat.plan("test-plan"), 2026, agg)
    assert doc["indicators"]["content_on_digital_platforms"] == {
        "numerator": 0, "denominator": 1, "value": 0.0, "target": None, "strict": False, "met": None,
        "target_held_from": None}
    assert doc["indicators"]["magazine_relicensed"]["value"] is None
    assert doc["indicators"]["magazine_relicensed"]["met"] is None
    assert set(doc["indicators"]) == set(INDICATOR_IDS)


@pytest.mark.parametrize(("raw", "value", "strict"), [
    ("30%", Fraction(3, 10), False), (">60%", Fraction(3, 5), True), ("> 30 %", Fraction(3, 10), True),
    ({"value": "40%", "label": "60%/40%"}, Fraction(2, 5), False), ("12,5%", Fraction(1, 8), False),
])
def test_parse_target(raw, value, strict):
    tg = parse_target(raw)
    assert (tg.value, tg.strict) == (value, strict)


@pytest.mark.parametrize("raw", ["trên 60%", "60", "150%", None])
def test_bad_targets_are_refused(raw):
    with pytest.raises(ValueError):
        parse_target(raw)


def test_gap_counts_whole_agencies():
    from scoring.plans import Target
    assert needed_to_meet(Fraction(2), Fraction(5), Target(Fraction(3, 5), True, ">60%")) == 2
    assert needed_to_meet(Fraction(1), Fraction(3), Target(Fraction(1, 2), False, "50%")) == 1
    assert needed_to_meet(Fraction(0), Fraction(1), Target(Fraction(1), True, ">100%")) is None


def test_gap_of_a_share_of_a_total_grows_the_total_too():
    """Indicator 6, rural reach over all reach: each rural reader added is a reader added. The
    department's page said 144,646 more for 2023 where 222,533 were needed (a helper's hand count)."""
    from scoring.plans import Target, grows_with_numerator
    target = Target(Fraction(35, 100), False, "35%")
    num, den = Fraction(2_388_584), Fraction(7_237_800)
    k = needed_to_meet(num, den, target, grows=True)
    assert k == 222_533 and (num + k) / (den + k) >= target.value > (num + k - 1) / (den + k - 1)
    assert needed_to_meet(num, den, target) == 144_646  # the total held fixed: understated
    strict = Target(Fraction(1, 2), True, ">50%")
    assert needed_to_meet(Fraction(1), Fraction(3), strict, grows=True) == 2  # 3/5 > 1/2; 2/4 is not
    assert needed_to_meet(Fraction(1), Fraction(3), Target(Fraction(1), False, "100%"), grows=True) is None
    from scoring.catalog import load_catalog
    plans = load_catalog().plans
    for plan in (plans.values() if isinstance(plans, dict) else plans):
        assert [i.id for i in plan.indicators if grows_with_numerator(i)] == ["urban_rural_balance"]


def test_plan_naming_a_missing_question_is_refused(tmp_path):
    bad = dict(PLAN, indicators=[dict(i) for i in PLAN["indicators"]])
    bad["indicators"][0]["met_if"] = {"question": "ghost", "equals": "yes"}
    bad["indicators"][3]["numerator"] = ["online"]
    with pytest.raises(QuestionnaireError) as info:
        build_catalog(tmp_path, {"d1": [q("online"), q("converged"), q("dossier")]},
                      profile=PROFILE + EXTRA_PROFILE, plans={"bad": bad})
    msgs = [str(p) for p in info.value.problems]
    assert "plans/bad.yaml: content_on_digital_platforms: met_if names an unknown question 'ghost'" in msgs
    assert "plans/bad.yaml: staff_trained: 'online' must be a number question to be added up" in msgs


def test_plan_must_list_all_eight_fixed_ids(tmp_path):
    bad = dict(PLAN, indicators=PLAN["indicators"][:7])
    with pytest.raises(QuestionnaireError, match="missing: magazine_relicensed"):
        build_catalog(tmp_path, {"d1": [q("online"), q("converged"), q("dossier")]},
                      profile=PROFILE + EXTRA_PROFILE, plans={"bad": bad})


HELD_PLAN = dict(PLAN, id="held-plan", indicators=[dict(i) for i in PLAN["indicators"]])
HELD_PLAN["indicators"][0] = dict(HELD_PLAN["indicators"][0], targets={2025: "70%", 2030: "100%"})  # the horizon
HELD_PLAN["indicators"][3] = dict(HELD_PLAN["indicators"][3], hold_after=2025, targets={2024: "70%", 2025: "100%",
                                                                                         2028: None})
HELD_PLAN["indicators"][6] = dict(HELD_PLAN["indicators"][6], hold_after=2025)


def test_a_target_held_after_the_plans_last_yearly_one_is_told_apart_from_the_plans_own(tmp_path):
    from reports.text import target_label

    cat = build_catalog(tmp_path, {"d1": [q("online"), q("converged"), q("dossier")]},
                        profile=PROFILE + EXTRA_PROFILE, plans={"held-plan": HELD_PLAN})
    plan = cat.plan("held-plan")
    staff, autonomy = plan.indicator("staff_trained"), plan.indicator("autonomy")
    assert present(staff.target(2025)).held_from is None and target_label(staff.target(2025), "vi") == "100%"
    held = staff.target(2026)
    assert held is not None
    assert (held.value, held.held_from) == (Fraction(1), 2025)
    assert target_label(held, "vi") == "100% (duy trì mức 2025)"
    assert target_label(held, "en") == "100% (held at the 2025 level)"
    assert staff.target(2028) is None  # a year the file leaves without a target has none
    assert staff.target(2031) is None  # held through the plan's last target year, not forever
    assert target_label(autonomy.target(2027), "vi") == "trên 30% (duy trì mức 2025)"  # strict as written
    assert plan.indicator("magazine_relicensed").target(2026) is None  # no hold, no target
    answers = parse_answers(cat.questionnaire, {"staff_total": 10, "staff_trained": 9})
    one = contributions(plan, cat.questionnaire, answers, score(cat.questionnaire, answers), 2026)
    agg = aggregate(plan, 2026, [one])["staff_trained"]
    assert (agg.met, agg.gap, agg.as_json()["target_held_from"]) == (False, 1, 2025)  # the gap is there again


@pytest.mark.parametrize(("hold", "targets", "problem"), [
    (2024, {2025: "100%"}, "hold_after: 2024 has no target of its own to hold"),
    (2024, {2024: "70%", 2025: "100%"}, "hold_after: 2024 is not the last target year (a target is set for 2025)"),
    ("sau 2025", {2025: "100%"}, "hold_after"),
])
def test_a_wrong_hold_after_is_refused_naming_the_file_the_indicator_and_the_problem(tmp_path, hold, targets,
                                                                                      problem):
    bad = dict(PLAN, indicators=[dict(i) for i in PLAN["indicators"]])
    bad["indicators"][3] = dict(bad["indicators"][3], hold_after=hold, targets=targets)
    with pytest.raises(QuestionnaireError) as info:
        build_catalog(tmp_path, {"d1": [q("online"), q("converged"), q("dossier")]},
                      profile=PROFILE + EXTRA_PROFILE, plans={"bad": bad})
    msgs = [str(p) for p in info.value.problems]
    assert any(m.startswith("plans/bad.yaml: staff_trained") and problem in m for m in msgs), msgs


def test_the_shipped_provincial_plan_holds_indicators_4_to_8_at_their_2025_level():
    from scoring.catalog import load_catalog

    plan = load_catalog().plan("kh77-vinh-long-2023")
    for year in range(2026, 2031):
        held = [i.id for i in plan.indicators if (target := i.target(year)) is not None and target.held_from == 2025]
        assert held == list(INDICATOR_IDS[3:]), year
        assert all(present(i.target(year)).held_from is None for i in plan.indicators[:3])
