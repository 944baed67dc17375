"""The drafted written assessment: each sentence follows from the province's figures and nothing else."""

from __future__ import annotations

from dataclasses import replace

import pytest

from reports import assessment_draft as ad
from reports.data import ProvinceReport, province_report_from_rows
from reports.text import count, gap_text, indicator_short, indicator_value, target_label
from scoring.catalog import Catalog
from tests.conftest import present
from tests.reports.conftest import Sample, rows_for


@pytest.fixture(scope="module")
def harder(catalog: Catalog, samples: list[Sample]) -> ProvinceReport:
    """The same agencies judged against 2027's higher targets: some indicators that count agencies are missed."""
    return province_report_from_rows(catalog, 2027, rows_for(catalog, samples, 2027))


def _figures(spec_id: str, agg) -> tuple[str, str, str]:
    value = indicator_value(spec_id, None if agg.value is None else float(agg.value))
    return value, f"{count(agg.numerator)}/{count(agg.denominator)}", target_label(agg.target)


@pytest.mark.parametrize("which", ["province_report", "harder"])
def test_met_and_missed_targets_are_told_with_their_figures(which: str, request) -> None:
    report: ProvinceReport = request.getfixturevalue(which)
    achieved, shortfalls = ad.achieved(report), ad.shortfalls(report)
    for spec in report.plan.indicators:
        agg = report.aggregate[spec.id]
        if agg.target is None or agg.value is None:
            continue
        value, fraction, target = _figures(spec.id, agg)
        line = f"- {indicator_short(spec.id)}: đạt {value} ({fraction}), chỉ tiêu năm {target}"
        assert (line in achieved) is bool(agg.met), (spec.id, achieved)
        assert (line in shortfalls) is (not agg.met), (spec.id, shortfalls)
        if not agg.met:
            assert f"{line}; {gap_text(spec.id, agg.gap, agg.met)}." in shortfalls
    missing = [r.name for r in report.agencies if not r.counted]
    assert all(name in shortfalls for name in missing)


def test_causes_name_the_agencies_that_hold_each_missed_target_back(harder: ProvinceReport) -> None:
    causes = ad.causes(harder)
    missed = [s for s in harder.plan.indicators if harder.aggregate[s.id].met is False]
    assert any(s.kind == "agency_count" for s in missed), "the fixture should miss a target counting agencies"
    for spec in missed:
        behind = ad.holding_back(harder, spec)
        assert behind, spec.id
        for r in behind[:ad.LOWEST_SHOWN]:
            c = present(r.contributions)[spec.id]
            assert r.counted and c.denominator > 0
            assert c.met is False if spec.kind == "agency_count" else c.numerator < c.denominator
            assert r.name in causes
    blamed = {r.name for spec in missed for r in ad.holding_back(harder, spec)}
    for r in harder.agencies:  # an agency that meets every missed target is not blamed
        if r.counted and r.name not in blamed:
            assert r.name not in causes


def test_proposals_are_the_what_if_planners(province_report: ProvinceReport) -> None:
    plans = ad.next_year_plans(province_report)
    text = ad.proposals(province_report, plans)
    names = {r.agency_id: r.name for r in province_report.agencies}
    proposed = [p for p in plans if p.before.met is False]
    assert proposed, "the fixture should miss a target next year"
    for p in proposed:
        assert f"- {indicator_short(p.indicator)} (chỉ tiêu năm {province_report.year + 1}: " in text
        for ap in p.agencies:
            assert names[ap.agency_id] in text
    assert "2026" in text.splitlines()[0]


def test_changes_since_last_year_and_without_it(province_report: ProvinceReport) -> None:
    prev = province_report.history[province_report.year - 1]
    text = ad.changes(province_report)
    for spec in province_report.plan.indicators:
        b, a = prev[spec.id], province_report.aggregate[spec.id]
        if b.value is not None and a.value is not None:
            before = indicator_value(spec.id, float(b.value))
            now = indicator_value(spec.id, float(a.value))
            assert f"{indicator_short(spec.id)}: {before} (năm 2024) → {now} (năm 2025)" in text
    assert ad.changes(replace(province_report, history={})) == "Chưa có số liệu năm 2024 để so sánh."


def test_english_draft_and_edits_win(province_report: ProvinceReport) -> None:
    drafted = ad.draft(province_report, "en")
    assert list(drafted) == list(ad.SECTIONS)
    assert drafted["achieved"].startswith("In 2025, ")
    final = ad.final(drafted, {"causes": "Đã sửa."})
    assert final["causes"] == "Đã sửa." and final["achieved"] == drafted["achieved"]


def test_a_provisional_year_says_no_target_is_met_yet(province_report: ProvinceReport) -> None:
    """While some agency has not sent and the year is open, a target reached on what was sent is
    provisional, never "Đạt"; once the year closes, the same figures are met."""
    assert province_report.provisional
    provisional, final = ad.achieved(province_report), ad.achieved(replace(province_report, closed=True))
    assert "Tạm tính, chưa kết luận đạt" in provisional and "\nĐạt " not in provisional
    assert "\nĐạt " in final and "Tạm tính" not in final
    assert "Provisional, not yet met" in ad.achieved(province_report, "en")
