"""The department's bulk reads give what the per-assessment reads give: the province's answers of a
year equal each assessment's own, and the fingerprints of several years equal each year's own."""

from __future__ import annotations

from store import agencies, assessments, province, stamps
from store.records import StoredAnswer
from tests.conftest import World, present
from tests.store.helpers import QH, QV, draft_with_answer


def test_province_answers_equal_each_assessments_own(store_world: World) -> None:
    w = store_world
    draft_with_answer(w)
    info = assessments.open_assessment(w.engine, w.agency_b, w.agency_b_id, w.year, QV, QH)
    assert info is not None
    assessments.save_answers(w.engine, w.agency_b, info.id, {
        "cp_formats": StoredAnswer(value=["text", "video"]),
        "staff_total": StoredAnswer(value=40, evidence_note="Báo cáo nhân sự"),
        "cp_ethnic_language": StoredAnswer(na_reason="Không có đồng bào dân tộc"),
    }, info.row_version)
    rows = province.province_rows(w.engine, w.reviewer, w.year)
    got = {r.assessment.id: r.answers for r in rows if r.assessment is not None}
    assert got == {aid: assessments.load_answers(w.engine, w.reviewer, aid) for aid in got}
    assert len(got) == 2
    assert got[info.id]["cp_formats"].value == ["text", "video"] and got[info.id]["staff_total"].value == 40
    assert got[info.id]["cp_ethnic_language"].na_reason == "Không có đồng bào dân tộc"


def test_year_stamps_equal_year_stamp(store_world: World) -> None:
    w = store_world
    draft_with_answer(w)
    agencies.create_agency(w.engine, w.admin, "tap-chi-moi", "Tạp chí Mới", "magazine")
    years = [w.closed_year, w.year, w.year + 1]
    many = stamps.year_stamps(w.engine, w.reviewer, years)
    assert many == {y: stamps.year_stamp(w.engine, w.reviewer, y) for y in years}


def test_closing_or_reopening_a_year_changes_its_stamp(store_world: World) -> None:
    """A closed year reads its record of the agencies, a reopened one the agencies as they are: a page's
    cache of the year must not outlive either change."""
    from store import years

    w = store_world
    open_stamp = stamps.year_stamp(w.engine, w.reviewer, w.year)
    years.set_year_open(w.engine, w.admin, w.year, False)
    closed_stamp = stamps.year_stamp(w.engine, w.reviewer, w.year)
    assert closed_stamp != open_stamp
    assert stamps.year_stamps(w.engine, w.reviewer, [w.year])[w.year] == closed_stamp
    years.set_year_open(w.engine, w.admin, w.year, True)
    assert stamps.year_stamp(w.engine, w.reviewer, w.year) != closed_stamp


def test_a_draft_with_no_answer_saved_has_not_started(store_world: World) -> None:
    """Opening a page makes the draft row; the department sees the agency as drafting only once an
    answer is saved (the campaign counted agencies that had merely looked)."""
    w = store_world
    info = assessments.open_assessment(w.engine, w.agency_b, w.agency_b_id, w.year, QV, QH)
    assert info is not None
    for submitted_only in (False, True):
        rows = {r.agency.id: r for r in province.province_rows(w.engine, w.reviewer, w.year,
                                                               submitted_only=submitted_only)}
        assert rows[w.agency_b_id].assessment is None
    assessments.save_answers(w.engine, w.agency_b, info.id, {"staff_total": StoredAnswer(value=40)}, info.row_version)
    for submitted_only in (False, True):
        rows = {r.agency.id: r for r in province.province_rows(w.engine, w.reviewer, w.year,
                                                               submitted_only=submitted_only)}
        assert present(rows[w.agency_b_id].assessment).status == "draft"
