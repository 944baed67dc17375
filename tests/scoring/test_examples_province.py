"""The sample province against Kế hoạch 77 (docs/plan-indicators.md), worked out by hand from the plan's
definitions (the tables in examples/README.md), checked against the engine: each agency's mark and the
province's figures."""

from __future__ import annotations

from pathlib import Path

import pytest

from scoring.answers import load_answer_file
from scoring.catalog import load_catalog
from scoring.engine import score
from scoring.plans import aggregate, contributions
from tests.conftest import present

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
IDS = ["content_on_digital_platforms", "data_ai_platform", "converged_newsroom", "security_level3", "autonomy",
       "magazine_relicensed"]
# per agency: content, data/AI, converged, security, autonomy, magazine — "y" met, "n" not, "-" not applicable
MARKS = {
    2023: {"bao-vinh-long": "ynnnn-", "dai-pttv-vinh-long": "yyyyy-",
           "tap-chi-van-nghe-cuu-long": "nnnnny", "tap-chi-khoa-hoc-cong-nghe": "nn--nn",
           "tap-chi-kinh-te-phat-trien-cuu-long": "nnnnnn", "bao-dien-tu-cuu-long": "yn-yy-",
           "trung-tam-truyen-thong-da-phuong-tien": "nnnnn-"},
    2024: {"bao-vinh-long": "yyyyn-", "dai-pttv-vinh-long": "yyyyy-", "tap-chi-van-nghe-cuu-long": "nnnyny",
           "tap-chi-khoa-hoc-cong-nghe": "nn--ny", "tap-chi-kinh-te-phat-trien-cuu-long": "nnnnnn",
           "bao-dien-tu-cuu-long": "yy-yy-", "trung-tam-truyen-thong-da-phuong-tien": "nnyyy-"},
    2025: {"bao-vinh-long": "yyyyn-", "dai-pttv-vinh-long": "yyyyy-", "tap-chi-van-nghe-cuu-long": "ynnyny",
           "tap-chi-khoa-hoc-cong-nghe": "nn--ny", "tap-chi-kinh-te-phat-trien-cuu-long": "nnnnny",
           "bao-dien-tu-cuu-long": "yy-yy-", "trung-tam-truyen-thong-da-phuong-tien": "yyyyy-"},
}
# province: indicator → (numerator, denominator, met)
PROVINCE = {
    2023: {"content_on_digital_platforms": (3, 7, True), "data_ai_platform": (1, 7, False),
           "converged_newsroom": (1, 5, False), "staff_trained": (176, 399, True), "security_level3": (2, 6, False),
           "autonomy": (2, 7, False), "magazine_relicensed": (1, 3, False)},
    2024: {"content_on_digital_platforms": (3, 7, False), "data_ai_platform": (3, 7, True),
           "converged_newsroom": (3, 5, True), "staff_trained": (264, 399, False), "security_level3": (5, 6, True),
           "autonomy": (3, 7, True), "magazine_relicensed": (2, 3, False)},
    2025: {"content_on_digital_platforms": (5, 7, True), "data_ai_platform": (4, 7, True),
           "converged_newsroom": (3, 5, False), "staff_trained": (373, 396, False), "security_level3": (5, 6, False),
           "autonomy": (3, 7, True), "magazine_relicensed": (3, 3, True)},
}
RURAL_SHARE = {2023: (0.330, False), 2024: (0.370, False), 2025: (0.402, True)}


@pytest.fixture(scope="module")
def cat():
    return load_catalog()


def contributions_for(cat, year):
    qn, plan = cat.questionnaire, cat.plan()
    out = {}
    for path in sorted((EXAMPLES / str(year)).glob("*.yaml")):
        af = load_answer_file(qn, path)
        out[af.agency_id] = contributions(plan, qn, af.answers, score(qn, af.answers), year)
    return out


@pytest.mark.parametrize("year", sorted(MARKS))
def test_each_agency_meets_what_the_hand_table_says(cat, year):
    contrib = contributions_for(cat, year)
    assert set(contrib) == set(MARKS[year])
    for agency, marks in MARKS[year].items():
        for iid, mark in zip(IDS, marks, strict=True):
            c = contrib[agency][iid]
            got = "-" if not c.applicable else ("y" if c.met else "n")
            assert got == mark, (year, agency, iid)


@pytest.mark.parametrize("year", sorted(PROVINCE))
def test_the_province_figures_match_the_hand_table(cat, year):
    agg = aggregate(cat.plan(), year, contributions_for(cat, year).values())
    for iid, (num, den, met) in PROVINCE[year].items():
        a = agg[iid]
        assert (a.numerator, a.denominator, a.met) == (num, den, met), (year, iid)
    share, met = RURAL_SHARE[year]
    assert float(present(agg["urban_rural_balance"].value)) == pytest.approx(share, abs=0.0005)
    assert agg["urban_rural_balance"].met is met
