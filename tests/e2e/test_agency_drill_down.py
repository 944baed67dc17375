"""The department in a real browser: a row of the heat map's table opens that agency's drill-down,
where its answers are read with their evidence and the submission is returned for correction."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from harness.page import click_and_wait, expect_no_exception, expect_rerun, screenshot
from store import db, province
from store.access import SYSTEM_ACTOR
from store.demo import STORY

from .flows import open_page, sign_in

pytestmark = pytest.mark.e2e

AGENCY = "Tạp chí Văn nghệ Cửu Long"  # sent on time in the demo's current year
assert STORY["tap-chi-van-nghe-cuu-long"] == "on_time"
ROW_HEIGHT = 35  # Streamlit's dataframe: header and rows, in CSS pixels


def choose_row(page, table, index: int) -> None:
    """Select row `index` (from 0) of a dataframe: the grid is drawn on a canvas, so its selection box
    is clicked at that row's height."""
    table.scroll_into_view_if_needed()
    box = table.bounding_box()
    assert box is not None
    table.hover()
    with expect_rerun(page):  # the choice runs the drill-down it opens
        page.mouse.click(box["x"] + 18, box["y"] + ROW_HEIGHT * (index + 1) + ROW_HEIGHT / 2)


def row_of(server, name: str, year: int) -> int:
    """Where the page lists agency `name`: in the year's order, as the store gives it."""
    engine = db.get_engine(server.env["DATABASE_URL"])
    return [r.agency.name for r in province.province_rows(engine, SYSTEM_ACTOR, year)].index(name)


def test_a_heat_map_row_opens_the_drill_down_and_the_agency_is_returned_from_there(demo_server, page):
    sign_in(page, demo_server, "sovhttdl")
    open_page(page, "Các cơ quan báo chí")
    expect_no_exception(page)
    table = page.get_by_test_id("stDataFrame").first
    expect(table).to_be_visible()
    choose_row(page, table, row_of(demo_server, AGENCY, 2026))
    expect(page.get_by_role("heading", name="Chi tiết cơ quan báo chí năm 2026")).to_be_visible()
    expect(page.get_by_role("combobox", name="Cơ quan")).to_have_value(AGENCY)
    assert "agency=tap-chi-van-nghe-cuu-long" in page.url
    expect(page.get_by_text("Trạng thái phiếu: Đã nộp")).to_be_visible()

    page.get_by_role("tab", name="Câu trả lời và minh chứng").click()  # drawn already: no run
    tables = page.locator("[data-testid='stTable']:visible")  # the answers tab's, not the results tab's
    expect(tables.first).to_be_visible()
    # evidence is in the page, not beyond a table's right edge
    for i in range(tables.count()):
        grid = tables.nth(i)
        assert grid.evaluate("e => e.scrollWidth <= e.clientWidth + 1"), f"table {i} scrolls sideways"
    screenshot(page, "drill-down-answers")

    page.get_by_test_id("stExpander").filter(has_text="Trả lại phiếu để chỉnh sửa").locator("summary").click()
    comment = page.locator(".st-key-detail_return_comment textarea")
    comment.fill("Đề nghị bổ sung minh chứng đào tạo.")
    click_and_wait(page, page.get_by_role("button", name="Trả lại phiếu"))
    expect(page.get_by_test_id("stAlert").filter(has_text=f"Đã trả lại phiếu của {AGENCY}")).to_be_visible()
    expect(page.get_by_text("Trạng thái phiếu: Bị trả lại")).to_be_visible()
    expect_no_exception(page)
    screenshot(page, "drill-down-returned")

    # the campaign's rows lead there too
    open_page(page, "Tiến độ nộp phiếu")
    table = page.get_by_test_id("stDataFrame").first
    expect(table).to_be_visible()
    other = "Trung tâm Truyền thông đa phương tiện Vĩnh Long"
    choose_row(page, table, row_of(demo_server, other, 2026))
    expect(page.get_by_role("heading", name="Chi tiết cơ quan báo chí năm 2026")).to_be_visible()
    expect(page.get_by_role("combobox", name="Cơ quan")).to_have_value(other)
    expect_no_exception(page)
