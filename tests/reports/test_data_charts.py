"""The report data equals what scoring gives, and the charts render offline with Vietnamese intact."""

from __future__ import annotations

import altair as alt
import pytest

from reports import charts
from reports.data import AgencyReport, ProvinceReport, agency_report_from_answers
from reports.pdf import png_size
from reports.province import series
from scoring.catalog import Catalog
from scoring.engine import score
from scoring.plans import aggregate, contributions
from tests.conftest import present
from tests.reports.conftest import YEAR, Sample


def test_agency_report_is_the_engine_result(catalog: Catalog, samples: list[Sample]) -> None:
    s = samples[0]
    assert s.answers is not None
    rep = agency_report_from_answers(catalog, s.agency_id, s.name, YEAR, s.answers, s.previous)
    qn = catalog.questionnaire
    assert rep.result == score(qn, s.answers)
    assert rep.contributions == contributions(catalog.plan(), qn, s.answers, rep.result, YEAR)
    assert (rep.previous is None) == (s.previous is None)
    assert rep.status == "submitted" and rep.questionnaire is qn


def test_province_aggregate_counts_only_submitted(province_report: ProvinceReport) -> None:
    counted = [present(r.contributions) for r in province_report.agencies if r.status == "submitted"]
    assert province_report.aggregate == aggregate(province_report.plan, YEAR, counted)
    assert any(r.status != "submitted" and r.result is not None for r in province_report.agencies)


def test_domain_chart_png(agency_report: AgencyReport) -> None:
    chart = charts.domain_chart(agency_report.questionnaire, agency_report.result, "vi", agency_report.previous)
    assert isinstance(chart, alt.TopLevelMixin)
    png = charts.to_png(chart, scale=1)
    w, h = png_size(png)
    assert w > 300 and h > 150


def test_charts_use_the_committed_font_and_keep_diacritics(agency_report: AgencyReport) -> None:
    svg = charts.to_svg(charts.domain_chart(agency_report.questionnaire, agency_report.result, "vi"))
    assert "DejaVu Sans" in svg
    assert "Tòa soạn hội tụ" in svg and "Xuất sắc" in svg  # a domain title and a level in the legend


def test_trajectory_targets_run_to_2030(province_report: ProvinceReport) -> None:
    frame = charts.trajectory_frame(province_report.plan, series(province_report), "vi")
    targets = frame[(frame.indicator == "content_on_digital_platforms") & (frame.series == "Chỉ tiêu")]
    assert targets.year.max() == 2030 and targets.value.max() == pytest.approx(100)
    actual = frame[(frame.indicator == "converged_newsroom") & (frame.series == "Thực hiện")]
    value = province_report.aggregate["converged_newsroom"].value
    if value is not None:
        assert actual[actual.year == YEAR].value.iloc[0] == pytest.approx(float(value) * 100)
    png = charts.to_png(charts.trajectories_chart(province_report.plan, series(province_report), "en"), scale=1)
    assert png_size(png)[1] > 400


def test_a_value_under_its_years_target_is_labelled_under_its_point(province_report: ProvinceReport) -> None:
    """The target's marker sits just above a value that misses it: a label above the value's point
    was drawn over the marker (43 % under a 50 % target)."""
    plan = province_report.plan
    iid = "content_on_digital_platforms"
    frame = charts.trajectory_frame(plan, {iid: {2023: 0.1, 2024: 0.9, 2031: 0.5}}, "vi", [iid])
    actual = frame[frame.series == "Thực hiện"].set_index("year")
    assert present(plan.indicator(iid).target(2023)).value > 0.1
    assert present(plan.indicator(iid).target(2024)).value < 0.9
    assert bool(actual.below[2023]) and not actual.below[2024]
    assert not actual.below[2031]  # no target that year: above, as before
    png = charts.to_png(charts.trajectories_chart(plan, {iid: {2023: 0.1, 2024: 0.9}}, "en"), scale=1)
    assert png_size(png)[1] > 100


def test_a_held_target_is_drawn_as_its_own_series_not_as_the_plans_target(province_report: ProvinceReport) -> None:
    """Indicators 4–8 hold their 2025 level to 2030: drawn on from 2025 as "Chỉ tiêu duy trì", while the
    plan's own targets stop at 2025."""
    frame = charts.trajectory_frame(province_report.plan, series(province_report), "vi")
    staff = frame[frame.indicator == "staff_trained"]
    assert staff[staff.series == "Chỉ tiêu"].year.max() == 2025
    held = staff[staff.series == "Chỉ tiêu duy trì"]
    assert list(held.year) == list(range(2025, 2031)) and list(held.value) == pytest.approx([100] * 6)
    assert held.text.iloc[-1] == "100% (duy trì mức 2025)"
    assert frame[(frame.indicator == "converged_newsroom") & (frame.series == "Chỉ tiêu duy trì")].empty
    png = charts.to_png(charts.trajectories_chart(province_report.plan, series(province_report), "vi"), scale=1)
    assert png_size(png)[1] > 400


def test_single_trajectory(province_report: ProvinceReport) -> None:
    values = series(province_report)["staff_trained"]
    chart = charts.trajectory_chart(province_report.plan, "staff_trained", values, "vi")
    assert png_size(charts.to_png(chart, scale=1))[0] > 300


def test_heatmap_has_a_cell_per_agency_and_domain(province_report: ProvinceReport) -> None:
    qn = province_report.questionnaire
    scored = [r for r in province_report.agencies if r.result is not None]
    frame = charts.heatmap_frame(qn, scored, "vi")
    assert len(frame) == len(scored) * (len(qn.domains) + 1)
    # columns by the domains' short names: the full titles, a cell wide, ran into each other
    assert set(frame["domain"]) == {d.file.short.get("vi") for d in qn.domains} | {"Chỉ số tổng thể"}
    assert png_size(charts.to_png(charts.heatmap_chart(qn, scored, "vi"), scale=1))[0] > 300


def test_level_colours_follow_the_number_of_levels(catalog: Catalog) -> None:
    model = catalog.questionnaire.model
    assert len(charts.level_colors(model)) == len(model.levels)
    three = model.model_copy(update={"levels": model.levels[:3]})
    assert len(charts.level_colors(three)) == 3


def test_a_report_is_dated_in_vietnams_time_whatever_the_servers_zone(monkeypatch) -> None:
    """A server on UTC dated a report made at 8:00 in Vĩnh Long at 1:00 (and before 7:00, the day before)."""
    import time
    from datetime import UTC, datetime, timedelta

    from reports.data import _now

    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    try:
        made = _now()
        expected = datetime.now(UTC).replace(tzinfo=None) + timedelta(hours=7)
        assert made.tzinfo is None and abs((made - expected).total_seconds()) < 5
    finally:
        monkeypatch.undo()
        time.tzset()


def test_a_bars_value_is_written_clear_of_last_years_mark() -> None:
    """Last year's mark a point past the bar was drawn through the bar's value ("72,2")."""
    from reports.charts import LABEL_SPAN, _label_at

    assert _label_at(72.2, 73.6) == 73.6  # the mark where the label would be: the label after it
    assert _label_at(72.2, 72.0) == 72.2  # the mark at the bar's end: the label after both
    assert _label_at(54.7, 65.2) == 54.7  # far enough: the label after the bar
    assert _label_at(72.2, 72.2 + LABEL_SPAN + 1) == 72.2
    assert _label_at(80.0, 60.0) == 80.0 and _label_at(None, None) == 0.0


def test_a_value_near_100_is_written_inside_its_bar(strong_report: AgencyReport) -> None:
    """After the bar, "100,0" ran off the chart's right edge."""
    frame = charts.domain_frame(strong_report.questionnaire, strong_report.result, "vi")
    assert list(frame["index"]) == [100.0] * len(frame) and frame["inside"].all()
    assert charts.to_png(charts.domain_chart(strong_report.questionnaire, strong_report.result, "vi"), scale=1)


def test_the_heat_map_flags_a_jump_in_one_domain_that_the_overall_index_hides(province_report: ProvinceReport) -> None:
    """Security up 20 points and data & AI down 20: the overall index barely moves, so only the
    overall change was flagged and neither jump was."""
    from dataclasses import replace

    qn = province_report.questionnaire
    row = next(r for r in province_report.agencies if r.result is not None
               and all(d.index is not None and 20 <= d.index <= 80 for d in (r.result.domains["security"],
                                                                        r.result.domains["data_ai"])))
    result = present(row.result)
    previous = {did: d.index for did, d in result.domains.items()}
    previous["security"] = present(previous["security"]) - 20
    previous["data_ai"] = present(previous["data_ai"]) + 20
    moved = replace(row, previous_index=result.index, previous_domains=previous)
    assert charts.jumps(moved) == {"security": 20.0, "data_ai": -20.0}
    frame = charts.heatmap_frame(qn, [moved], "vi").set_index("domain")
    security, data_ai = (qn.domain(d).file.short.get("vi") for d in ("security", "data_ai"))
    assert frame.loc[security, "text"].endswith("▲") and frame.loc[data_ai, "text"].endswith("▼")
    assert frame.loc[security, "jump"] == "thay đổi lớn so với năm trước: +20,0 điểm"
    flagged = frame[frame.jump != ""]
    assert set(flagged.index) == {security, data_ai}  # the overall cell and the other domains are quiet
    small = replace(moved, previous_domains={**previous, "security": present(previous["security"]) + 6})
    assert "security" not in charts.jumps(small)  # 14 points: under a level, not flagged
    draft = replace(moved, status="draft")  # its unanswered domains read 0: no fall to question yet
    assert charts.jumps(draft) == {}
    assert (charts.heatmap_frame(qn, [draft], "vi").jump == "").all()
    png = charts.to_png(charts.heatmap_chart(qn, [moved, row], "en"), scale=1)
    assert png_size(png)[0] > 300
