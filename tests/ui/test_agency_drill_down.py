"""The department's drill-down into one agency: the answers page by page in tables that wrap, the
evidence beside each answer, returning the submission for correction from there, and the address
naming the agency, which the heat map's and the campaign's rows open."""

from __future__ import annotations

import pytest

from store import assessments, evidence
from store.access import SYSTEM_ACTOR, Actor, Role
from store.records import StoredAnswer
from store.seed import example_files, seed_files
from tests.conftest import present
from tests.store.helpers import PDF
from tests.ui.test_hostile_text import live_markup

REVIEWER = Actor(user_id=None, username="so", display_name="Sở", role=Role.REVIEWER)
LEADER = Actor(user_id=None, username="bvl", display_name="BVL", role=Role.AGENCY, agency_id="bao-vinh-long")


@pytest.fixture
def province(world, catalog):
    files = example_files()
    seed_files(world, catalog, {2024: files[2024], 2025: files[2025]}, open_years=[2025])
    return world


def _detail(app, agency: str | None = None, lang: str = "vi"):
    at = app("so", lang=lang)
    at.session_state["year"] = 2025
    if agency:
        at.query_params["agency"] = agency
    at.switch_page("ui/screens/agency_detail.py").run()
    assert not at.exception, at.exception
    return at


def test_the_address_names_the_agency_shown(app, province):
    at = _detail(app, "dai-pttv-vinh-long")
    assert at.selectbox(key="detail_agency").value == "dai-pttv-vinh-long"
    at.selectbox(key="detail_agency").set_value("bao-vinh-long").run()  # a choice here wins over the address
    assert at.selectbox(key="detail_agency").value == "bao-vinh-long"
    assert at.query_params["agency"] == "bao-vinh-long"
    at.run()
    assert at.selectbox(key="detail_agency").value == "bao-vinh-long"


def test_an_address_naming_no_agency_of_the_year_opens_the_first(app, province):
    at = _detail(app, "khong-co")
    shown = at.selectbox(key="detail_agency").value
    assert shown == "bao-a"  # the first of the year's list
    assert at.query_params["agency"] == shown


def test_the_answers_are_a_table_per_page_with_the_evidence_beside_them(app, province, catalog):
    qn = catalog.questionnaire
    info = present(assessments.get_assessment(province, SYSTEM_ACTOR, "bao-vinh-long", 2025))
    assessments.return_for_correction(province, REVIEWER, info.id, "Sửa")  # the agency may attach again
    evidence.attach_file(province, LEADER, info.id, "cp_digital_share", "bao-cao-so.pdf", None, PDF)
    at = _detail(app, "bao-vinh-long")
    heads = [h.value for h in at.subheader]
    pages = [qn.profile.short.vi, *(d.file.short.vi for d in qn.domains)]
    first = heads.index(pages[0])  # after the results tab's
    assert heads[first:first + len(pages)] == pages
    # nothing scrolls sideways: the answers tab's tables are static ones, which wrap (the last tables)
    assert not [df for df in at.dataframe if "Minh chứng" in df.value.columns]
    tables = [tb.value for tb in at.table][-len(pages):]
    assert list(tables[0].columns) == ["Câu hỏi", "Trả lời", "Minh chứng"]
    platforms = tables[1]
    row = platforms[platforms["Câu hỏi"].str.contains(qn.questions["cp_digital_share"].label.vi[:20], regex=False)]
    assert "📎 bao\\-cao\\-so\\.pdf" in row.iloc[0]["Minh chứng"]
    magazine = tables[0][tables[0]["Câu hỏi"] == "Tình trạng cấp phép lại của tạp chí"].iloc[0]
    assert magazine["Trả lời"] == "Không áp dụng với loại hình cơ quan"


def test_the_department_returns_the_submission_from_the_drill_down(app, province):
    at = _detail(app, "bao-vinh-long")
    assert "Trạng thái phiếu: Đã nộp" in [m.value for m in at.markdown]
    at.text_area(key="detail_return_comment").input("Bổ sung minh chứng an toàn thông tin")
    at.button(key="FormSubmitter:detail_return_form-Trả lại phiếu").click().run()
    assert not at.exception
    assert any("Đã trả lại phiếu của Báo Vĩnh Long" in s.value for s in at.success)
    info = present(assessments.get_assessment(province, SYSTEM_ACTOR, "bao-vinh-long", 2025))
    assert info.status == "returned" and info.returned_comment == "Bổ sung minh chứng an toàn thông tin"
    assert at.selectbox(key="detail_agency").value == "bao-vinh-long"  # still on the agency it returned
    assert any("Bổ sung minh chứng an toàn thông tin" in w.value for w in at.warning)
    assert not [x for x in at.text_area if x.key == "detail_return_comment"]  # returned: nothing to return


def test_a_draft_or_a_closed_year_offers_no_return(app, province):
    info = present(assessments.get_assessment(province, SYSTEM_ACTOR, "bao-vinh-long", 2025))
    assessments.return_for_correction(province, REVIEWER, info.id, "Sửa")
    at = _detail(app, "bao-vinh-long")
    assert not [x for x in at.text_area if x.key == "detail_return_comment"]
    at = _detail(app, "dai-pttv-vinh-long")
    at.session_state["year"] = 2024
    at.run()
    assert not [x for x in at.text_area if x.key == "detail_return_comment"]


def test_evidence_the_agency_typed_stays_text(app, province, catalog):
    info = present(assessments.get_assessment(province, SYSTEM_ACTOR, "bao-vinh-long", 2025))
    assessments.return_for_correction(province, REVIEWER, info.id, "Sửa")
    info = present(assessments.get_assessment(province, SYSTEM_ACTOR, "bao-vinh-long", 2025))
    assessments.save_answers(province, LEADER, info.id, {"cp_digital_share": StoredAnswer(
        "p100", evidence_note="[bấm](https://evil.example) ![x](https://evil.example/p.png) :red[đỏ]")},
        info.row_version)
    at = _detail(app, "bao-vinh-long")
    cells = [str(v) for tb in at.table for v in tb.value.to_numpy().ravel()]
    assert any("evil" in c for c in cells)
    from tests.ui.test_hostile_text import LIVE

    assert not [c for c in cells if LIVE.search(c)]
    assert not live_markup(at)


@pytest.mark.parametrize("page", ["agencies_glance", "campaign"])
def test_the_heat_maps_and_the_campaigns_rows_can_be_chosen(app, province, page):
    """Choosing a row opens the drill-down (followed in a browser: tests/e2e/test_agency_drill_down.py)."""
    at = app("so")
    at.session_state["year"] = 2025
    at.switch_page(f"ui/screens/{page}.py").run()
    assert not at.exception
    table = at.dataframe[0]
    assert table.proto.selection_mode, table.proto
    assert any("Chọn một dòng" in c.value for c in at.caption)
